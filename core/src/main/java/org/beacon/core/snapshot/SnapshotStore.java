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
 *  |  state length (int32)         |  CRC32C of the state (int32)  | 32
 *  +---------------------------------------------------------------+
 *  |                 state bytes (StateMachine#snapshot)          ...| 40
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SnapshotStore
{
    /** Magic number at the start of each snapshot. */
    public static final int MAGIC = 0x504E5342;
    /** Format version. */
    public static final int VERSION = 1;
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
            final byte[] bytes = new byte[length];
            state.getBytes(0, bytes);
            final CRC32C crc = new CRC32C();
            crc.update(bytes);
            header.putInt(36, (int)crc.getValue());
            header.putBytes(HEADER_LENGTH, bytes);
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
            final Snapshot snapshot = read(files.get(i));
            if (null == snapshot)
            {
                LOG.warn("snapshot {} skipped: unreadable (bad header, length or CRC)", files.get(i));
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
     * @return the snapshot, or null when the file is damaged.
     */
    public static Snapshot read(final Path file)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < HEADER_LENGTH)
            {
                return null;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final int length = buffer.getInt(32);
            if (buffer.getInt(0) != MAGIC || buffer.getInt(4) != VERSION || length != bytes.length - HEADER_LENGTH)
            {
                return null;
            }
            final CRC32C crc = new CRC32C();
            crc.update(bytes, HEADER_LENGTH, length);
            if ((int)crc.getValue() != buffer.getInt(36))
            {
                return null;
            }
            return new Snapshot(buffer.getLong(8), buffer.getLong(16), buffer.getLong(24),
                new UnsafeBuffer(bytes, HEADER_LENGTH, length), file);
        }
        catch (final IOException ex)
        {
            return null;
        }
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
