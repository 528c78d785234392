package org.beacon.core.client;

import org.beacon.core.MessageView;
import org.agrona.DirectBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;

/**
 * Reads the core's {@code Ack} out of an egress frame: the one check of "is this frame an Ack" every gateway
 * and rig needs. Not thread-safe: one per polling thread.
 */
public final class AckView
{
    private final MessageView view = new MessageView();
    private final AckDecoder ack = new AckDecoder();

    /**
     * Wraps a frame.
     *
     * @param buffer holding the SBE message.
     * @param offset of its message header.
     * @param length of the message.
     * @return whether the frame is an Ack (then read it with the accessors).
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (view.wrap(buffer, offset, length) != AckDecoder.TEMPLATE_ID)
        {
            return false;
        }
        ack.wrap(view.buffer(), MessageView.BODY, view.blockLength(), view.version());
        return true;
    }

    /** @return the correlation id the Ack echoes. */
    public long correlationId()
    {
        return ack.correlationId();
    }

    /** @return the journal sequence of the input (for a journaled one). */
    public long sequence()
    {
        return ack.sequence();
    }

    /** @return the Ack's code ({@link AckCode#NULL_VAL} for a code this build does not know). */
    public AckCode code()
    {
        return codeOf(ack.codeRaw());
    }

    /**
     * @param raw a raw Ack code.
     * @return the code, {@link AckCode#NULL_VAL} for one this build does not know.
     */
    public static AckCode codeOf(final short raw)
    {
        for (final AckCode code : AckCode.values())
        {
            if (code.value() == raw)
            {
                return code;
            }
        }
        return AckCode.NULL_VAL;
    }

    /** @return the raw code. */
    public short codeRaw()
    {
        return ack.codeRaw();
    }

    /** @return whether the input was journaled. */
    public boolean journaled()
    {
        return ack.codeRaw() == AckCode.JOURNALED.value();
    }

    /**
     * @param raw a raw Ack code.
     * @return its name, or "code N" for an unknown one.
     */
    public static String codeName(final short raw)
    {
        for (final AckCode code : AckCode.values())
        {
            if (code.value() == raw && code != AckCode.NULL_VAL)
            {
                return code.name();
            }
        }
        return "code " + raw;
    }
}
