package org.beacon.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.beacon.codecs.EventFailedEncoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;

/**
 * What the host does with an exception the state machine throws on an event (a poison event): which throwables are
 * caught, and the {@code EventFailed} output that records one. The record depends on nothing but the input and the
 * state: the input's sequence and template, the section of the service that threw, the exception's class name and
 * its message, truncated; never a stack trace. Replay meets the same exception on the same input and writes the same
 * bytes, so {@code replay verify} compares it like any output.
 *
 * <p>The message is left empty for the JVM's implicit exceptions (a null dereference, an array index, a division by
 * zero, a bad cast or array store): once such a throw site is compiled hot, HotSpot may throw a preallocated instance
 * without a message ({@code OmitStackTraceInFastThrow}), so the message of the same event would differ between a warm
 * node and a cold replay. Hex digits after an {@code @} (an identity hash code from a default {@code toString}) are
 * dropped for the same reason.
 */
public final class EventFailures
{
    /** Characters of the message kept; a longer one ends with "...". */
    public static final int MAX_MESSAGE_CHARS = 300;
    /** Characters of the class name kept. */
    public static final int MAX_CLASS_CHARS = 200;

    private EventFailures()
    {
    }

    /**
     * Whether the host catches this throwable and goes on with the next event: every exception, a stack overflow and
     * an assertion; never the JVM's own failures (out of memory, internal errors) nor a linkage error, which say
     * nothing about the event and would not be reproduced by a replay elsewhere.
     *
     * @param failure what the state machine threw.
     * @return true when it is recorded as a failed event.
     */
    public static boolean isPoison(final Throwable failure)
    {
        if (failure instanceof StackOverflowError)
        {
            return true;
        }
        return !(failure instanceof VirtualMachineError) && !(failure instanceof LinkageError);
    }

    /**
     * Encodes the {@code EventFailed} output of a failed event.
     *
     * @param out        to write into (at least 1 KiB from offset).
     * @param offset     where the message header goes.
     * @param sequence   the input's journal sequence.
     * @param event      holding the input, header first.
     * @param eventAt    offset of the input's header.
     * @param eventLength length of the input.
     * @param sectionId  the failing service's section, 0 when the state machine as a whole threw.
     * @param failure    what it threw.
     * @return the output's length, header included.
     */
    public static int encode(
        final MutableDirectBuffer out,
        final int offset,
        final long sequence,
        final DirectBuffer event,
        final int eventAt,
        final int eventLength,
        final int sectionId,
        final Throwable failure)
    {
        final int templateId = eventLength >= MessageHeaderDecoder.ENCODED_LENGTH ?
            event.getShort(eventAt + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF : 0;
        final EventFailedEncoder encoder = new EventFailedEncoder();
        encoder.wrapAndApplyHeader(out, offset, new MessageHeaderEncoder());
        encoder.inputSequence(sequence).inputTemplateId(templateId).sectionId(sectionId)
            .exceptionClass(truncate(failure.getClass().getName(), MAX_CLASS_CHARS))
            .exceptionMessage(message(failure));
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * The message recorded for a failure: its own message, empty for implicit JVM exceptions, identity hash codes
     * dropped, truncated to {@link #MAX_MESSAGE_CHARS}.
     *
     * @param failure what the state machine threw.
     * @return the text, never null.
     */
    public static String message(final Throwable failure)
    {
        if (failure instanceof NullPointerException || failure instanceof ArrayIndexOutOfBoundsException ||
            failure instanceof ArithmeticException || failure instanceof ClassCastException ||
            failure instanceof ArrayStoreException)
        {
            return "";
        }
        final String message = failure.getMessage();
        return null == message ? "" : truncate(withoutHashCodes(message), MAX_MESSAGE_CHARS);
    }

    private static String withoutHashCodes(final String text)
    {
        if (text.indexOf('@') < 0)
        {
            return text;
        }
        final StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            kept.append(c);
            if (c == '@')
            {
                while (i + 1 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0)
                {
                    i++;
                }
            }
        }
        return kept.toString();
    }

    private static String truncate(final String text, final int max)
    {
        if (text.length() <= max)
        {
            return text;
        }
        final int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }
}
