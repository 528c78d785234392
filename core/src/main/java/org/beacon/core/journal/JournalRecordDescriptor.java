package org.beacon.core.journal;

import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layout of one journal record, as stored in one Chronicle Queue document. Input journals hold
 * {@link #TYPE_INPUT} and {@link #TYPE_SEAL} records, output journals {@link #TYPE_OUTPUT} and
 * {@link #TYPE_SEAL} records. All fields are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         record type                           |  0
 *  +---------------------------------------------------------------+
 *  |                   payload length (bytes)                      |  4
 *  +---------------------------------------------------------------+
 *  |                          sequence                             |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |             timestamp (ns since epoch, sequencer)             | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   correlation id (input: gateway's; output: input sequence)   | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  source (gateway id, 0 = core)                | 32
 *  +---------------------------------------------------------------+
 *  |        CRC32C of bytes 0..35 followed by the payload          | 36
 *  +---------------------------------------------------------------+
 *  |                 payload (SBE message, header first)          ...| 40
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A seal record closes a block: its sequence is the block number (from 1), and its payload is
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |            first sequence of the block (int64)                |  0
 *  +---------------------------------------------------------------+
 *  |             last sequence of the block (int64)                |  8
 *  +---------------------------------------------------------------+
 *  |  SHA-256(previous block hash || every record of the block)    | 16
 *  |                          32 bytes                             |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The first block's previous hash is SHA-256 of {@link #GENESIS}. A record's CRC locates a damaged
 * record; the hash chain proves that no record was altered (even with a recomputed CRC), removed,
 * inserted or reordered up to the last seal.
 */
public final class JournalRecordDescriptor
{
    /** An input event. */
    public static final int TYPE_INPUT = 1;
    /** An output of the state machine. */
    public static final int TYPE_OUTPUT = 2;
    /** Closes a block of records with a chained hash. */
    public static final int TYPE_SEAL = 3;

    /** Offset of the record type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the sequence. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the timestamp. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Offset of the correlation id. */
    public static final int CORRELATION_ID_OFFSET = 24;
    /** Offset of the source. */
    public static final int SOURCE_OFFSET = 32;
    /** Offset of the CRC32C. */
    public static final int CRC_OFFSET = 36;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 40;

    /** Offset, in a seal's payload, of the block's first sequence. */
    public static final int SEAL_FIRST_SEQUENCE_OFFSET = 0;
    /** Offset, in a seal's payload, of the block's last sequence. */
    public static final int SEAL_LAST_SEQUENCE_OFFSET = 8;
    /** Offset, in a seal's payload, of the chained hash. */
    public static final int SEAL_HASH_OFFSET = 16;
    /** Length of the chained hash. */
    public static final int HASH_LENGTH = 32;
    /** Length of a seal's payload. */
    public static final int SEAL_PAYLOAD_LENGTH = SEAL_HASH_OFFSET + HASH_LENGTH;

    /** Seed of the hash chain. */
    public static final String GENESIS = "beacon-journal-v1";

    private JournalRecordDescriptor()
    {
    }

    /**
     * Writes a record header in front of a payload already in place at {@code offset + HEADER_LENGTH},
     * and its CRC.
     *
     * @return the whole record's length.
     */
    public static int writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int type,
        final int payloadLength,
        final long sequence,
        final long timestampNs,
        final long correlationId,
        final int source,
        final CRC32C crc)
    {
        buffer.putInt(offset + TYPE_OFFSET, type);
        buffer.putInt(offset + LENGTH_OFFSET, payloadLength);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNs);
        buffer.putLong(offset + CORRELATION_ID_OFFSET, correlationId);
        buffer.putInt(offset + SOURCE_OFFSET, source);
        buffer.putInt(offset + CRC_OFFSET, computeCrc(buffer, offset, payloadLength, crc));
        return HEADER_LENGTH + payloadLength;
    }

    /**
     * Computes the CRC32C a record must carry. The buffer must be backed by a byte array (records
     * are always assembled in heap buffers before they are appended).
     *
     * @return the CRC over the header before the CRC field and the payload.
     */
    public static int computeCrc(final DirectBuffer buffer, final int offset, final int payloadLength, final CRC32C crc)
    {
        final byte[] array = buffer.byteArray();
        if (null == array)
        {
            throw new IllegalArgumentException("journal records are assembled in heap buffers");
        }
        final int base = buffer.wrapAdjustment() + offset;
        crc.reset();
        crc.update(array, base, CRC_OFFSET);
        crc.update(array, base + HEADER_LENGTH, payloadLength);
        return (int)crc.getValue();
    }
}
