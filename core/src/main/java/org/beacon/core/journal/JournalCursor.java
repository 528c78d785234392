package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.CORRELATION_ID_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.CRC_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.HASH_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_FIRST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_HASH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_PAYLOAD_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SOURCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TIMESTAMP_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal from its start and checks every record as it goes: the CRC of each record, the
 * record type, that sequences run on without a gap, that timestamps never go back, and at every seal
 * that the chained hash matches. Seals are checked and consumed; {@link #next()} stops on data
 * records. The first problem ends the walk with {@link #DAMAGED} and a description naming the
 * sequence where it was found.
 */
public final class JournalCursor implements AutoCloseable
{
    /** A data record is available through the accessors. */
    public static final int RECORD = 1;
    /** No more records. */
    public static final int END = 0;
    /** The journal is damaged; see {@link #problem()}. */
    public static final int DAMAGED = -1;

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final int dataType;
    private final CRC32C crc = new CRC32C();
    private final MessageDigest digest;
    private final byte[] chainHash = new byte[HASH_LENGTH];
    private final byte[] computed = new byte[HASH_LENGTH];
    private byte[] scratch = new byte[4096];
    private final UnsafeBuffer record = new UnsafeBuffer(scratch);

    private long documentIndex = -1;
    private long lastSequence;
    private long lastTimestampNs;
    private long sealNumber;
    private long blockFirstSequence = 1;
    private long blockRecords;
    private long dataRecords;
    private int payloadLength;
    private String problem;
    private long problemSequence = -1;

    private JournalCursor(final Path dir, final int dataType)
    {
        this.queue = JournalWriter.openQueue(dir, java.nio.file.Files.isDirectory(dir));
        this.tailer = queue.createTailer();
        this.dataType = dataType;
        this.digest = newDigest();
        digest.update(genesisHash());
    }

    /**
     * Opens a cursor at the start of a journal.
     *
     * @param dir      the journal's folder.
     * @param dataType {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @return the cursor.
     */
    public static JournalCursor open(final Path dir, final int dataType)
    {
        return new JournalCursor(dir, dataType);
    }

    static MessageDigest newDigest()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] genesisHash()
    {
        return newDigest().digest(JournalRecordDescriptor.GENESIS.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Moves to the next data record, checking it and any seal before it.
     *
     * @return {@link #RECORD}, {@link #END} or {@link #DAMAGED}.
     */
    public int next()
    {
        if (null != problem)
        {
            return DAMAGED;
        }
        while (true)
        {
            final int length;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return END;
                }
                documentIndex++;
                final Bytes<?> bytes = dc.wire().bytes();
                length = (int)bytes.readRemaining();
                if (length > scratch.length)
                {
                    scratch = Arrays.copyOf(scratch, Math.max(length, scratch.length * 2));
                    record.wrap(scratch);
                }
                bytes.read(scratch, 0, length);
            }
            final int result = check(length);
            if (result != 0)
            {
                return result;
            }
        }
    }

    private int check(final int length)
    {
        final long expected = lastSequence + 1;
        if (length < HEADER_LENGTH)
        {
            return damaged(expected, "record is " + length + " bytes, shorter than a header");
        }
        final int type = record.getInt(TYPE_OFFSET);
        final int payload = record.getInt(LENGTH_OFFSET);
        if (payload != length - HEADER_LENGTH)
        {
            return damaged(expected, "length field says " + payload + " payload bytes, record holds " + (length - HEADER_LENGTH));
        }
        final long sequence = record.getLong(SEQUENCE_OFFSET);
        if (record.getInt(CRC_OFFSET) != JournalRecordDescriptor.computeCrc(record, 0, payload, crc))
        {
            return damaged(expected, "CRC32C mismatch: the record was altered (document " +
                documentIndex + ", stored sequence field " + sequence + ")");
        }
        if (type == TYPE_SEAL)
        {
            return checkSeal(sequence, payload, length);
        }
        if (type != dataType)
        {
            return damaged(expected, "unexpected record type " + type);
        }
        if (sequence != expected)
        {
            return damaged(expected, sequence > expected ?
                "sequence " + sequence + " follows " + lastSequence + ": record(s) " + expected + ".." + (sequence - 1) +
                " removed" :
                "sequence " + sequence + " follows " + lastSequence + ": records out of order or inserted");
        }
        final long timestamp = record.getLong(TIMESTAMP_OFFSET);
        if (timestamp < lastTimestampNs)
        {
            return damaged(sequence, "timestamp goes back from " + lastTimestampNs + " to " + timestamp);
        }
        digest.update(scratch, 0, length);
        lastSequence = sequence;
        lastTimestampNs = timestamp;
        blockRecords++;
        dataRecords++;
        payloadLength = payload;
        return RECORD;
    }

    private int checkSeal(final long sequence, final int payload, final int length)
    {
        if (sequence != sealNumber + 1)
        {
            return damaged(lastSequence + 1, "seal " + sequence + " follows seal " + sealNumber + ": seals removed or reordered");
        }
        if (payload != SEAL_PAYLOAD_LENGTH)
        {
            return damaged(lastSequence + 1, "seal " + sequence + " has a payload of " + payload + " bytes");
        }
        final long first = record.getLong(HEADER_LENGTH + SEAL_FIRST_SEQUENCE_OFFSET);
        final long last = record.getLong(HEADER_LENGTH + SEAL_LAST_SEQUENCE_OFFSET);
        if (first != blockFirstSequence || last != lastSequence)
        {
            return damaged(blockFirstSequence, "seal " + sequence + " covers " + first + ".." + last +
                " but the block read holds " + blockFirstSequence + ".." + lastSequence + ": records removed or inserted");
        }
        try
        {
            digest.digest(computed, 0, HASH_LENGTH);
        }
        catch (final java.security.DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        record.getBytes(HEADER_LENGTH + SEAL_HASH_OFFSET, chainHash, 0, HASH_LENGTH);
        if (!Arrays.equals(computed, chainHash))
        {
            return damaged(first, "hash chain broken in block " + sequence + " (sequences " + first + ".." + last +
                "): a record was altered, removed, inserted or reordered");
        }
        digest.update(chainHash);
        sealNumber = sequence;
        blockFirstSequence = last + 1;
        blockRecords = 0;
        return 0;
    }

    private int damaged(final long sequence, final String description)
    {
        problemSequence = sequence;
        problem = "sequence " + sequence + ": " + description;
        return DAMAGED;
    }

    /** @return the description of the first problem found, or null. */
    public String problem()
    {
        return problem;
    }

    /** @return the sequence where the first problem was found, or -1. */
    public long problemSequence()
    {
        return problemSequence;
    }

    /** @return the current record's sequence. */
    public long sequence()
    {
        return lastSequence;
    }

    /** @return the current record's timestamp. */
    public long timestampNs()
    {
        return lastTimestampNs;
    }

    /** @return the current record's correlation id. */
    public long correlationId()
    {
        return record.getLong(CORRELATION_ID_OFFSET);
    }

    /** @return the current record's source. */
    public int source()
    {
        return record.getInt(SOURCE_OFFSET);
    }

    /** @return the buffer holding the current record, header at offset 0. */
    public UnsafeBuffer buffer()
    {
        return record;
    }

    /** @return the offset of the current record's payload in {@link #buffer()}. */
    public int payloadOffset()
    {
        return HEADER_LENGTH;
    }

    /** @return the current record's payload length. */
    public int payloadLength()
    {
        return payloadLength;
    }

    /** @return data records read so far. */
    public long dataRecords()
    {
        return dataRecords;
    }

    /** @return seals verified so far. */
    public long sealsVerified()
    {
        return sealNumber;
    }

    /** @return data records read after the last seal: checked by CRC and sequence, not yet by the chain. */
    public long unsealedRecords()
    {
        return blockRecords;
    }

    /** @return hash of the last verified seal (the genesis hash when none). */
    byte[] chainHash()
    {
        return sealNumber == 0 ? genesisHash() : chainHash.clone();
    }

    /** @return a copy of the running digest of the open block, for a writer to continue. */
    MessageDigest openBlockDigest()
    {
        try
        {
            return (MessageDigest)digest.clone();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    long blockFirstSequence()
    {
        return blockFirstSequence;
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
