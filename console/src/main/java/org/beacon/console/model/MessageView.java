package org.beacon.console.model;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;

/**
 * One journal record's SBE message seen through a buffer exactly as long as the record: a decoder that
 * runs past the record's end (a damaged record, a length that lies) meets Agrona's bounds check instead of
 * the bytes of whatever the journal reader held before. Decoders wrap {@link #buffer} at {@link #BODY}.
 */
final class MessageView
{
    /** Where the message body starts in {@link #buffer}. */
    static final int BODY = MessageHeaderDecoder.ENCODED_LENGTH;

    /** No var data or repeating group of a real message comes near this many bytes or entries. */
    static final int MAX_VAR_LENGTH = 4096;

    /** Not a message of this schema, or one too short for its own header. */
    static final int NOT_A_MESSAGE = -1;

    final UnsafeBuffer buffer = new UnsafeBuffer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private int length;
    private int blockLength;
    private int version;

    /**
     * Wraps a record.
     *
     * @param source the journal reader's buffer.
     * @param offset of the message header.
     * @param length of the message.
     * @return the template id, or {@link #NOT_A_MESSAGE}.
     */
    int wrap(final DirectBuffer source, final int offset, final int length)
    {
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
        return header.templateId();
    }

    /** @return the record's block length, for a decoder's wrap. */
    int blockLength()
    {
        return blockLength;
    }

    /** @return the record's schema version, for a decoder's wrap. */
    int version()
    {
        return version;
    }

    /**
     * @param limit      a decoder's limit, where a var data field's length prefix starts.
     * @param dataLength the length the prefix gives.
     * @return whether the field lies inside the record and is of a believable size.
     */
    boolean varDataFits(final int limit, final int dataLength)
    {
        return varDataFits(limit, dataLength, MAX_VAR_LENGTH);
    }

    /**
     * @param limit      a decoder's limit, where a var data field's length prefix starts.
     * @param dataLength the length the prefix gives.
     * @param max        the largest believable length of this field (a CAP message is larger than a name).
     * @return whether the field lies inside the record and is at most {@code max} bytes.
     */
    boolean varDataFits(final int limit, final int dataLength, final int max)
    {
        return limit >= BODY && dataLength >= 0 && dataLength <= max && (long)limit + 4 + dataLength <= length;
    }

    /**
     * @param limit       a decoder's limit once the group's dimensions are read.
     * @param count       the group's entry count.
     * @param entryLength the group's block length as written.
     * @param needed      the block length this build's decoder reads.
     * @return whether every entry lies inside the record.
     */
    boolean groupFits(final int limit, final int count, final int entryLength, final int needed)
    {
        return count >= 0 && entryLength >= needed && (long)limit + (long)count * entryLength <= length;
    }

    /**
     * @param limit a decoder's limit, where a group's dimensions start.
     * @return whether the group's dimensions lie inside the record.
     */
    boolean groupHeaderFits(final int limit)
    {
        return limit >= BODY && (long)limit + 4 <= length;
    }
}
