package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.CRC_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.HASH_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_FIRST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_HASH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_PAYLOAD_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TIMESTAMP_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The checks a journal's records pass, in order, independent of where the records are stored: each record's
 * CRC and length, data sequences without gaps, timestamps that never go back, seal numbers in order, each seal
 * covering exactly the block read and carrying SHA-256(previous block hash || the block's records). The journal
 * reader ({@link JournalCursor}) runs it over a Chronicle Queue; an exported period runs it over the records in
 * the export file, from an {@link Anchor} that the export names (the genesis anchor for a journal's start).
 */
public final class RecordChain
{
    /** The record read was a data record. */
    public static final int DATA = 1;
    /** The record read was a seal, and it holds. */
    public static final int SEAL = 0;
    /** The record (or the chain up to it) is damaged; see {@link #problem()}. */
    public static final int DAMAGED = -1;

    private final int dataType;
    private final CRC32C crc = new CRC32C();
    private final MessageDigest digest;
    private final byte[] chainHash;
    private final byte[] computed = new byte[HASH_LENGTH];
    private long lastSequence;
    private long lastTimestampNs;
    private long sealNumber;
    private long blockFirstSequence;
    private long blockRecords;
    private long dataRecords;
    private long sealsVerified;
    private String problem;
    private long problemSequence = -1;

    /**
     * Where a chain is picked up: the block that starts at {@code firstSequence} follows seal number
     * {@code sealNumber} whose hash is {@code previousHash}.
     *
     * @param firstSequence  the first data sequence expected.
     * @param sealNumber     the number of the seal before it (0 at a journal's start).
     * @param previousHash   that seal's hash (SHA-256 of the genesis text at a journal's start).
     * @param lastTimestampNs the timestamp no record may go back from (0 at a journal's start).
     */
    public record Anchor(long firstSequence, long sealNumber, byte[] previousHash, long lastTimestampNs)
    {
        /** @return the anchor of a journal's first record. */
        public static Anchor genesis()
        {
            return new Anchor(1, 0, genesisHash(), 0);
        }

        /** @return true when this is a journal's start. */
        public boolean isGenesis()
        {
            return firstSequence == 1 && sealNumber == 0;
        }
    }

    /**
     * A chain from an anchor.
     *
     * @param dataType {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @param anchor   where the records read start.
     */
    public RecordChain(final int dataType, final Anchor anchor)
    {
        if (anchor.previousHash().length != HASH_LENGTH)
        {
            throw new IllegalArgumentException("an anchor's hash is " + HASH_LENGTH + " bytes");
        }
        this.dataType = dataType;
        this.digest = newDigest();
        this.chainHash = anchor.previousHash().clone();
        digest.update(chainHash);
        lastSequence = anchor.firstSequence() - 1;
        lastTimestampNs = anchor.lastTimestampNs();
        sealNumber = anchor.sealNumber();
        blockFirstSequence = anchor.firstSequence();
    }

    static MessageDigest newDigest()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** @return SHA-256 of {@link JournalRecordDescriptor#GENESIS}, the previous hash of a journal's first block. */
    public static byte[] genesisHash()
    {
        return newDigest().digest(JournalRecordDescriptor.GENESIS.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Checks the next record.
     *
     * @param record  the record, header at offset 0 (a heap buffer).
     * @param length  the record's length in bytes.
     * @param where   how to name the record in a problem (e.g. "document 12"), or null.
     * @return {@link #DATA}, {@link #SEAL} or {@link #DAMAGED}.
     */
    public int next(final UnsafeBuffer record, final int length, final String where)
    {
        if (null != problem)
        {
            return DAMAGED;
        }
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
            return damaged(expected, "CRC32C mismatch: the record was altered (" + (null == where ? "" : where + ", ") +
                "stored sequence field " + sequence + ")");
        }
        if (type == TYPE_SEAL)
        {
            return checkSeal(record, sequence, payload);
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
        digest.update(record.byteArray(), record.wrapAdjustment(), length);
        lastSequence = sequence;
        lastTimestampNs = timestamp;
        blockRecords++;
        dataRecords++;
        return DATA;
    }

    private int checkSeal(final UnsafeBuffer record, final long sequence, final int payload)
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
        catch (final DigestException ex)
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
        sealsVerified++;
        blockFirstSequence = last + 1;
        blockRecords = 0;
        return SEAL;
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

    /** @return the last data sequence read. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the last data record's timestamp. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return data records read. */
    public long dataRecords()
    {
        return dataRecords;
    }

    /** @return the number of the last seal that held (the anchor's before any). */
    public long sealNumber()
    {
        return sealNumber;
    }

    /** @return seals read and verified here (not counting the anchor's). */
    public long sealsVerified()
    {
        return sealsVerified;
    }

    /** @return data records after the last seal: checked by CRC and sequence, not yet by the chain. */
    public long unsealedRecords()
    {
        return blockRecords;
    }

    /** @return the hash of the last seal that held (the anchor's before any). */
    public byte[] chainHash()
    {
        return chainHash.clone();
    }

    /** @return the first sequence of the open block. */
    public long blockFirstSequence()
    {
        return blockFirstSequence;
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
}
