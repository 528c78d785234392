package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.HASH_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_FIRST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_HASH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_PAYLOAD_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends records to one journal (a Chronicle Queue folder) and keeps its hash chain: every record
 * is fed to a SHA-256 digest seeded with the previous block's hash, and {@link #seal} writes that
 * hash as a seal record. Opening an existing journal reads its tail from the last seal on, checking it, so that
 * appending continues the chain and the sequence where they stopped (the time this takes does not grow with the
 * journal's age; see {@link JournalCursor#openNear}). Appending is single-threaded;
 * {@link #force} may run on another thread (it only forces files the appender has already written).
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
    private int writtenCycle = Integer.MIN_VALUE;
    /** Cycle files the appender moved to and that {@link #force} has not yet opened (written here, drained there). */
    private final ConcurrentLinkedQueue<File> newFiles = new ConcurrentLinkedQueue<>();
    private FileChannel forcedChannel;
    private final Object forceLock = new Object();

    private JournalWriter(final Path dir, final int dataType, final int maxBlockRecords, final TimeProvider time)
    {
        this.repair = TornTail.cutIfTorn(dir, dataType);
        this.dir = dir;
        this.dataType = dataType;
        this.maxBlockRecords = maxBlockRecords;
        try (JournalCursor cursor = JournalCursor.openNear(dir, dataType, Long.MAX_VALUE))
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
        this.queue = null == time ? openQueue(dir, false) : builder(dir, false).timeProvider(time).build();
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
     * @throws IllegalStateException when the existing journal's tail after its last seal is damaged anywhere but in its last record.
     */
    public static JournalWriter open(final Path dir, final int dataType, final int maxBlockRecords)
    {
        return new JournalWriter(dir, dataType, maxBlockRecords, null);
    }

    /**
     * Opens a journal whose files roll on another clock than the wall's: the Queue starts a new file per day of
     * {@code time}, so a test can pass days in a second. Records and seals are the same as ever.
     */
    static JournalWriter open(final Path dir, final int dataType, final int maxBlockRecords, final TimeProvider time)
    {
        return new JournalWriter(dir, dataType, maxBlockRecords, time);
    }

    static ChronicleQueue openQueue(final Path dir, final boolean readOnly)
    {
        return builder(dir, readOnly).build();
    }

    private static SingleChronicleQueueBuilder builder(final Path dir, final boolean readOnly)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        // an auditor's read must not touch the folder it audits, so readers open it read-only
        // one file per day (the Queue's default daily cycle), the seal chain running on across files
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(dir).readOnly(readOnly);
        final long blockSize = Long.getLong("beacon.journal.blockSize", 0);
        if (blockSize > 0)
        {
            builder.blockSize(blockSize);
        }
        return builder;
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
        noteCycle();
        digest.update(array, base, length);
    }

    private void noteCycle()
    {
        final int cycle = appender.cycle();
        final File file;
        if (cycle != writtenCycle && null != (file = appender.currentFile()))
        {
            writtenCycle = cycle;
            newFiles.add(file);
        }
    }

    /**
     * Forces every record appended so far to stable storage: {@code fdatasync} of the queue's cycle file (on Linux
     * that writes the pages dirtied through the memory map), and when the appender has moved to a new cycle file,
     * the previous file, the queue's metadata and the folder (its new entry) too. Any thread may call it; it covers
     * at least what the appending thread had written before the caller's happens-before edge with it (a Disruptor
     * gate). A journal on a file system that cannot force (e.g. a failing disk) throws: nothing after it may be
     * acknowledged.
     *
     * @throws UncheckedIOException when the file system refuses.
     */
    public void force()
    {
        synchronized (forceLock)
        {
            try
            {
                File next;
                boolean moved = false;
                while (null != (next = newFiles.poll()))
                {
                    if (null != forcedChannel)
                    {
                        forcedChannel.force(false);
                        forcedChannel.close();
                    }
                    forcedChannel = FileChannel.open(next.toPath(), StandardOpenOption.READ);
                    moved = true;
                }
                if (null != forcedChannel)
                {
                    forcedChannel.force(false);
                }
                if (moved)
                {
                    forceAll(dir.resolve("metadata.cq4t"));
                    forceAll(dir);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot force journal " + dir, ex);
            }
            catch (final RuntimeException ex)
            {
                // the JDK's channel can fail from inside force when the file goes away under it (a failing disk, a
                // close racing the force): still the journal's I/O failing, and the node exits as for an I/O error
                throw new UncheckedIOException("cannot force journal " + dir, new IOException(ex.toString(), ex));
            }
        }
    }

    /**
     * Forces every file of the journal's folder and the folder itself: what a start-up found (possibly still only in
     * the page cache after a crash of the process that wrote it) is on stable storage before anything more is
     * acknowledged. Then {@link #force} covers what is appended from here on.
     *
     * @throws UncheckedIOException when the file system refuses.
     */
    public void forceExisting()
    {
        synchronized (forceLock)
        {
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (Files.isRegularFile(file))
                    {
                        forceAll(file);
                    }
                }
                forceAll(dir);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot force journal " + dir, ex);
            }
        }
        force();
    }

    private static void forceAll(final Path path) throws IOException
    {
        if (path.toFile().exists())
        {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
            {
                channel.force(true);
            }
        }
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
        noteCycle();
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

    /** Seals the open block, forces the journal (in either durability mode a clean stop leaves it on disk) and closes it. */
    @Override
    public void close()
    {
        releaseThread();
        seal(lastTimestampNs);
        closeUnsealed();
    }

    /**
     * Forces the journal and closes it leaving the open block unsealed, as a crash would (the next open goes on with
     * it): for a host whose seals may depend on nothing but the records it journals, such as a cluster member, whose
     * journals must equal the other members' seal for seal however each member stops.
     */
    public void closeUnsealed()
    {
        releaseThread();
        try
        {
            force();
        }
        finally
        {
            synchronized (forceLock)
            {
                if (null != forcedChannel)
                {
                    try
                    {
                        forcedChannel.close();
                    }
                    catch (final IOException ignore)
                    {
                        // the force above reported any error that matters
                    }
                    forcedChannel = null;
                }
            }
            appender.close();
            queue.close();
        }
    }
}
