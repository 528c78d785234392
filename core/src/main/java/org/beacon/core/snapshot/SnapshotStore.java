package org.beacon.core.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files of the state machine, one per journal position. A file is written to a temporary
 * name, forced to disk and renamed, so a crash never leaves a half snapshot under a real name.
 *
 * <p>Format version 2: the CRC32C covers the whole file, the header included (every byte but the CRC field itself),
 * so a changed sequence, timestamp, output count or length is caught like a changed state byte. Version 1 files
 * (their CRC covered only the state) are no longer read: they are skipped with that reason, and a node then restores
 * an older snapshot or replays the journal.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  magic 'BSNP' (int32)         |  format version (int32)       |  0
 *  +---------------------------------------------------------------+
 *  |       last input sequence applied (int64)                     |  8
 *  +---------------------------------------------------------------+
 *  |       its timestamp (int64)                                   | 16
 *  +---------------------------------------------------------------+
 *  |       outputs emitted up to it (int64)                        | 24
 *  +---------------------------------------------------------------+
 *  |  state length (int32)         |  CRC32C of the file (int32)   | 32
 *  +---------------------------------------------------------------+
 *  |                 state bytes (StateMachine#snapshot)          ...| 40
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SnapshotStore
{
    /** Magic number at the start of each snapshot. */
    public static final int MAGIC = 0x504E5342;
    /** Format version: 2, the CRC covering the header too. */
    public static final int VERSION = 2;
    /** Offset of the CRC field, the one part of the file the CRC does not cover. */
    private static final int CRC_OFFSET = 36;
    /** Length of the file header. */
    public static final int HEADER_LENGTH = 40;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    private final Path dir;
    private final int kept;

    /**
     * A snapshot read back from disk.
     *
     * @param sequence       last input sequence it includes.
     * @param timestampNs    that input's timestamp.
     * @param outputSequence number of outputs emitted up to it.
     * @param state          the state machine's bytes.
     * @param file           where it was read from.
     */
    public record Snapshot(long sequence, long timestampNs, long outputSequence, DirectBuffer state, Path file)
    {
    }

    /**
     * What reading one snapshot file found.
     *
     * @param snapshot the snapshot, or null when it cannot be used.
     * @param problem  why it cannot be used, or null.
     * @param damaged  whether the file is damaged (unreadable, truncated, CRC mismatch), rather than of a format this
     *                 build does not read.
     */
    public record Checked(Snapshot snapshot, String problem, boolean damaged)
    {
        static Checked damaged(final String problem)
        {
            return new Checked(null, problem, true);
        }
    }

    /**
     * Creates a store over a folder.
     *
     * @param dir  the folder, created when absent.
     * @param kept how many of the newest snapshots to keep.
     */
    public SnapshotStore(final Path dir, final int kept)
    {
        this.dir = dir;
        this.kept = kept;
    }

    /**
     * Writes a snapshot durably.
     *
     * @return the file written.
     */
    public Path write(
        final long sequence, final long timestampNs, final long outputSequence, final DirectBuffer state, final int length)
    {
        try
        {
            Files.createDirectories(dir);
            final ByteBuffer file = ByteBuffer.allocate(HEADER_LENGTH + length);
            final UnsafeBuffer header = new UnsafeBuffer(file);
            header.putInt(0, MAGIC);
            header.putInt(4, VERSION);
            header.putLong(8, sequence);
            header.putLong(16, timestampNs);
            header.putLong(24, outputSequence);
            header.putInt(32, length);
            state.getBytes(0, header, HEADER_LENGTH, length);
            header.putInt(CRC_OFFSET, crc(file.array(), length));
            final Path target = dir.resolve(String.format("snapshot-%020d.snp", sequence));
            final Path tmp = dir.resolve(target.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (file.hasRemaining())
                {
                    channel.write(file);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // the rename is an entry in the folder: force the folder so that a power cut keeps the snapshot's name
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ))
            {
                folder.force(true);
            }
            prune();
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Finds the newest intact snapshot that a journal of the given extent can continue from.
     *
     * @param maxSequence       the input journal's last sequence.
     * @param maxOutputSequence the output journal's last sequence.
     * @return the snapshot, or null when none fits.
     */
    public Snapshot latest(final long maxSequence, final long maxOutputSequence)
    {
        final List<Snapshot> usable = usable(maxSequence, maxOutputSequence);
        return usable.isEmpty() ? null : usable.get(0);
    }

    /**
     * Every intact snapshot that a journal of the given extent can continue from, newest first. Each file passed over
     * (damaged, or beyond the journal's end) is logged with its reason.
     *
     * @param maxSequence       the input journal's last sequence.
     * @param maxOutputSequence the output journal's last sequence.
     * @return the snapshots, newest first; empty when none fits.
     */
    public List<Snapshot> usable(final long maxSequence, final long maxOutputSequence)
    {
        final List<Path> files = list();
        final List<Snapshot> usable = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Checked checked = inspect(files.get(i));
            final Snapshot snapshot = checked.snapshot();
            if (null == snapshot)
            {
                LOG.warn("snapshot {} skipped: {}", files.get(i), checked.problem());
            }
            else if (snapshot.sequence() > maxSequence || snapshot.outputSequence() > maxOutputSequence)
            {
                LOG.warn("snapshot {} skipped: taken at input {} / output {}, beyond the journals' end at {} / {}",
                    files.get(i), snapshot.sequence(), snapshot.outputSequence(), maxSequence, maxOutputSequence);
            }
            else
            {
                usable.add(snapshot);
            }
        }
        return usable;
    }

    /**
     * Reads and checks one snapshot file.
     *
     * @return the snapshot, or null when the file is damaged or of another format version ({@link #inspect} says why).
     */
    public static Snapshot read(final Path file)
    {
        return inspect(file).snapshot();
    }

    /**
     * Reads and checks one snapshot file, saying why it cannot be used when it cannot.
     *
     * @return the snapshot, or the reason it is passed over.
     */
    public static Checked inspect(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            return Checked.damaged("unreadable: " + ex);
        }
        if (bytes.length < HEADER_LENGTH)
        {
            return Checked.damaged("damaged: " + bytes.length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (buffer.getInt(0) != MAGIC)
        {
            return Checked.damaged(String.format("damaged: magic 0x%08x is not a snapshot's", buffer.getInt(0)));
        }
        final int version = buffer.getInt(4);
        if (version == 1)
        {
            return new Checked(null, "format version 1, whose CRC does not cover the header, is no longer read (this build reads " +
                "version " + VERSION + ")", false);
        }
        if (version != VERSION)
        {
            return Checked.damaged("damaged or of an unknown format: version " + version + " (this build reads version " + VERSION + ")");
        }
        final int length = buffer.getInt(32);
        if (length != bytes.length - HEADER_LENGTH)
        {
            return Checked.damaged("damaged: the header gives " + length + " state bytes, the file holds " +
                (bytes.length - HEADER_LENGTH));
        }
        final int crc = crc(bytes, length);
        if (crc != buffer.getInt(CRC_OFFSET))
        {
            return Checked.damaged(String.format("damaged: CRC32C 0x%08x, the file records 0x%08x (header or state changed)", crc,
                buffer.getInt(CRC_OFFSET)));
        }
        return new Checked(new Snapshot(buffer.getLong(8), buffer.getLong(16), buffer.getLong(24),
            new UnsafeBuffer(bytes, HEADER_LENGTH, length), file), null, false);
    }

    /** @return the CRC32C of a whole snapshot file but its CRC field: the header before it, then the state. */
    private static int crc(final byte[] file, final int stateLength)
    {
        final CRC32C crc = new CRC32C();
        crc.update(file, 0, CRC_OFFSET);
        crc.update(file, HEADER_LENGTH, stateLength);
        return (int)crc.getValue();
    }

    /** @return snapshot files, oldest first. */
    public List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "snapshot-*.snp"))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        files.sort(null);
        return files;
    }

    private void prune() throws IOException
    {
        final List<Path> files = list();
        for (int i = 0; i < files.size() - kept; i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }
}
