package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.HASH_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_FIRST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_HASH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_PAYLOAD_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends records to one journal (a Chronicle Queue folder) and keeps its hash chain: every record
 * is fed to a SHA-256 digest seeded with the previous block's hash, and {@link #seal} writes that
 * hash as a seal record. Opening an existing journal reads it through once, checking it, so that
 * appending continues the chain and the sequence where they stopped. Single-threaded.
 */
public final class JournalWriter implements AutoCloseable
{
    /** Default number of records after which a block is sealed even without a tick. */
    public static final int DEFAULT_MAX_BLOCK_RECORDS = 4096;

    private final Path dir;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final int dataType;
    private final int maxBlockRecords;
    private final CRC32C crc = new CRC32C();
    private final MessageDigest digest;
    private final byte[] hash = new byte[HASH_LENGTH];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64 * 1024]);
    private final UnsafeBuffer seal = new UnsafeBuffer(new byte[HEADER_LENGTH + SEAL_PAYLOAD_LENGTH]);

    private long lastSequence;
    private long lastTimestampNs;
    private long sealNumber;
    private long blockFirstSequence;
    private int blockRecords;
    private final TornTail.Repair repair;

    private JournalWriter(final Path dir, final int dataType, final int maxBlockRecords)
    {
        this.repair = TornTail.cutIfTorn(dir, dataType);
        this.dir = dir;
        this.dataType = dataType;
        this.maxBlockRecords = maxBlockRecords;
        try (JournalCursor cursor = JournalCursor.open(dir, dataType))
        {
            int result;
            do
            {
                result = cursor.next();
            }
            while (result == JournalCursor.RECORD);
            if (result == JournalCursor.DAMAGED)
            {
                throw new IllegalStateException("journal " + dir + " is damaged at " + cursor.problem() +
                    "; refusing to append (run: beacon replay verify)");
            }
            lastSequence = cursor.sequence();
            lastTimestampNs = cursor.timestampNs();
            sealNumber = cursor.sealsVerified();
            blockFirstSequence = cursor.blockFirstSequence();
            blockRecords = (int)cursor.unsealedRecords();
            digest = cursor.openBlockDigest();
        }
        this.queue = openQueue(dir, false);
        this.appender = queue.createAppender();
    }

    /**
     * Opens a journal for appending, creating it when absent.
     *
     * @param dir             the journal's folder.
     * @param dataType        {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @param maxBlockRecords records after which a block is sealed automatically.
     * @return the writer, positioned after the last record (a torn last record, never acknowledged, is cut first:
     *     see {@link TornTail} and {@link #repair()}).
     * @throws IllegalStateException when the existing journal is damaged anywhere but in its last record.
     */
    public static JournalWriter open(final Path dir, final int dataType, final int maxBlockRecords)
    {
        return new JournalWriter(dir, dataType, maxBlockRecords);
    }

    static ChronicleQueue openQueue(final Path dir, final boolean readOnly)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        // an auditor's read must not touch the folder it audits, so readers open it read-only
        final net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder builder =
            ChronicleQueue.singleBuilder(dir).readOnly(readOnly);
        final long blockSize = Long.getLong("beacon.journal.blockSize", 0);
        if (blockSize > 0)
        {
            builder.blockSize(blockSize);
        }
        return builder.build();
    }

    /**
     * Appends a record whose payload is already at {@code offset + HEADER_LENGTH} in a heap buffer; the
     * header and CRC are written here.
     *
     * @return the record's sequence.
     */
    public long appendInPlace(
        final MutableDirectBuffer buffer,
        final int offset,
        final int payloadLength,
        final long sequence,
        final long timestampNs,
        final long correlationId,
        final int source)
    {
        if (sequence != lastSequence + 1)
        {
            throw new IllegalArgumentException("sequence " + sequence + " does not follow " + lastSequence + " in " + dir);
        }
        final int length = JournalRecordDescriptor.writeHeader(
            buffer, offset, dataType, payloadLength, sequence, timestampNs, correlationId, source, crc);
        write(buffer, offset, length);
        if (blockRecords == 0)
        {
            blockFirstSequence = sequence;
        }
        blockRecords++;
        lastSequence = sequence;
        lastTimestampNs = timestampNs;
        if (blockRecords >= maxBlockRecords)
        {
            seal(timestampNs);
        }
        return sequence;
    }

    /**
     * Appends a record, copying the payload into the writer's own buffer first.
     *
     * @return the record's sequence.
     */
    public long append(
        final long sequence,
        final long timestampNs,
        final long correlationId,
        final int source,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (HEADER_LENGTH + length > scratch.capacity())
        {
            scratch.wrap(new byte[Math.max(HEADER_LENGTH + length, scratch.capacity() * 2)]);
        }
        scratch.putBytes(HEADER_LENGTH, payload, offset, length);
        return appendInPlace(scratch, 0, length, sequence, timestampNs, correlationId, source);
    }

    private void write(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        final int base = buffer.wrapAdjustment() + offset;
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(array, base, length);
        }
        digest.update(array, base, length);
    }

    /**
     * Closes the open block with a seal record, if it holds any record.
     *
     * @param timestampNs time written in the seal.
     * @return true when a seal was written.
     */
    public boolean seal(final long timestampNs)
    {
        if (blockRecords == 0)
        {
            return false;
        }
        try
        {
            digest.digest(hash, 0, HASH_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        sealNumber++;
        seal.putLong(HEADER_LENGTH + SEAL_FIRST_SEQUENCE_OFFSET, blockFirstSequence);
        seal.putLong(HEADER_LENGTH + SEAL_LAST_SEQUENCE_OFFSET, lastSequence);
        seal.putBytes(HEADER_LENGTH + SEAL_HASH_OFFSET, hash);
        final int length = JournalRecordDescriptor.writeHeader(
            seal, 0, TYPE_SEAL, SEAL_PAYLOAD_LENGTH, sealNumber, Math.max(timestampNs, lastTimestampNs), 0, 0, crc);
        final byte[] array = seal.byteArray();
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(array, 0, length);
        }
        digest.update(hash);
        blockRecords = 0;
        blockFirstSequence = lastSequence + 1;
        return true;
    }

    /**
     * Lets another thread take over appending (the node recovers on one thread and appends on the
     * pipeline's thread). The caller must hand over safely, e.g. before starting that thread.
     */
    public void releaseThread()
    {
        appender.singleThreadedCheckReset();
    }

    /** @return the last sequence appended (0 for an empty journal). */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the timestamp of the last record appended. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return what was cut from the journal's tail when it was opened, or null. */
    public TornTail.Repair repair()
    {
        return repair;
    }

    /** @return the journal's folder. */
    public Path dir()
    {
        return dir;
    }

    /** Seals the open block and closes the queue. */
    @Override
    public void close()
    {
        releaseThread();
        seal(lastTimestampNs);
        appender.close();
        queue.close();
    }
}
