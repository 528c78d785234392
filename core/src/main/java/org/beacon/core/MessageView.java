package org.beacon.core;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;

/**
 * The one header check of the project: an SBE message of Beacon's schema seen through a buffer exactly as long as the
 * message, so that a decoder that runs past its end (a damaged record, a length that lies) meets Agrona's bounds check
 * instead of whatever bytes follow. {@link #wrap} answers the template id to switch on, or {@link #NOT_A_MESSAGE};
 * decoders then wrap {@link #buffer()} at {@link #BODY} with {@link #blockLength()} and {@link #version()}.
 *
 * <pre>
 *   switch (message.wrap(buffer, offset, length))
 *   {
 *       case CallReceivedDecoder.TEMPLATE_ID:
 *           if (message.hasBlock(CallReceivedDecoder.BLOCK_LENGTH))
 *           {
 *               callDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
 *               ...
 * </pre>
 *
 * Holds no state beyond the last wrap; allocates nothing. One instance per thread.
 */
public final class MessageView
{
    /** Where the message body starts in {@link #buffer()}. */
    public static final int BODY = MessageHeaderDecoder.ENCODED_LENGTH;

    /** No var data or repeating group of a real message comes near this many bytes or entries. */
    public static final int MAX_VAR_LENGTH = 4096;

    /** Not a message of this schema, one too short for its own header, or one whose block runs past its end. */
    public static final int NOT_A_MESSAGE = -1;

    private final UnsafeBuffer buffer = new UnsafeBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private int length;
    private int blockLength;
    private int version;
    private int templateId = NOT_A_MESSAGE;
    private boolean blockFits;

    /**
     * Wraps a message.
     *
     * @param source holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @return the template id, or {@link #NOT_A_MESSAGE}.
     */
    public int wrap(final DirectBuffer source, final int offset, final int length)
    {
        templateId = NOT_A_MESSAGE;
        if (null == source || offset < 0 || length < BODY || (long)offset + length > source.capacity())
        {
            return NOT_A_MESSAGE;
        }
        buffer.wrap(source, offset, length);
        header.wrap(buffer, 0);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || BODY + header.blockLength() > length)
        {
            return NOT_A_MESSAGE;
        }
        this.length = length;
        this.blockLength = header.blockLength();
        this.version = header.version();
        this.templateId = header.templateId();
        return templateId;
    }

    /**
     * Reads a header as the sequencer does before it journals an input: like {@link #wrap}, but a message of this
     * schema whose block runs past its end still answers its template id (with {@link #blockFits()} false), so that an
     * unknown template and a malformed message can be told apart. The view must not be read beyond the header
     * unless the block fits.
     *
     * @param source holding the message.
     * @param offset of the message header.
     * @param length of the message.
     * @return the template id, or {@link #NOT_A_MESSAGE} when the bytes are too short or of another schema.
     */
    public int inspect(final DirectBuffer source, final int offset, final int length)
    {
        final int result = wrap(source, offset, length);
        if (NOT_A_MESSAGE != result || null == source || offset < 0 || length < BODY ||
            (long)offset + length > source.capacity() || header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            blockFits = NOT_A_MESSAGE != result;
            return result;
        }
        blockFits = false;
        this.length = length;
        this.blockLength = header.blockLength();
        this.version = header.version();
        return header.templateId();
    }

    /** @return after {@link #inspect}: whether the message's block lies within it. */
    public boolean blockFits()
    {
        return blockFits;
    }

    /** @return the buffer over the last wrapped message alone: the header at 0, the body at {@link #BODY}. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** @return the template id of the last wrap, or {@link #NOT_A_MESSAGE}. */
    public int templateId()
    {
        return templateId;
    }

    /** @return the message's block length, for a decoder's wrap. */
    public int blockLength()
    {
        return blockLength;
    }

    /** @return the message's schema version, for a decoder's wrap. */
    public int version()
    {
        return version;
    }

    /** @return the message's length, header included. */
    public int length()
    {
        return length;
    }

    /**
     * @param neededBlockLength the block length a decoder of this build reads.
     * @return whether the message's block holds at least that much (older, shorter blocks are refused by the caller).
     */
    public boolean hasBlock(final int neededBlockLength)
    {
        return blockLength >= neededBlockLength;
    }

    /**
     * @param limit      a decoder's limit, where a var data field's length prefix starts.
     * @param dataLength the length the prefix gives.
     * @return whether the field lies inside the message and is of a believable size.
     */
    public boolean varDataFits(final int limit, final int dataLength)
    {
        return varDataFits(limit, dataLength, MAX_VAR_LENGTH);
    }

    /**
     * @param limit      a decoder's limit, where a var data field's length prefix starts.
     * @param dataLength the length the prefix gives.
     * @param max        the largest believable length of this field (a CAP message is larger than a name).
     * @return whether the field lies inside the message and is at most {@code max} bytes.
     */
    public boolean varDataFits(final int limit, final int dataLength, final int max)
    {
        return limit >= BODY && dataLength >= 0 && dataLength <= max && (long)limit + 4 + dataLength <= length;
    }

    /**
     * @param limit       a decoder's limit once the group's dimensions are read.
     * @param count       the group's entry count.
     * @param entryLength the group's block length as written.
     * @param needed      the block length this build's decoder reads.
     * @return whether every entry lies inside the message.
     */
    public boolean groupFits(final int limit, final int count, final int entryLength, final int needed)
    {
        return count >= 0 && entryLength >= needed && (long)limit + (long)count * entryLength <= length;
    }

    /**
     * @param limit a decoder's limit, where a group's dimensions start.
     * @return whether the group's dimensions lie inside the message.
     */
    public boolean groupHeaderFits(final int limit)
    {
        return limit >= BODY && (long)limit + 4 <= length;
    }
}
