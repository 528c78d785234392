package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a torn last record from a journal before a writer opens it. A write that faulted (a full disk
 * under a memory-mapped file) can leave its document incomplete: shorter than a header, shorter than
 * its length field says, or with a CRC that does not hold. Such a record was never acknowledged (an
 * Ack follows a write that returned), so it is cut: every document before it is copied to a new
 * folder, the copy is checked, the torn bytes are kept beside the journal ({@code <journal>.cut-<seq>.bin})
 * and the folders are swapped. Damage anywhere else (an earlier record, a record whose CRC holds but
 * whose place in the chain does not) is never repaired here: the writer refuses it as before.
 */
public final class TornTail
{
    private static final Logger LOG = LoggerFactory.getLogger(TornTail.class);
    private static final int LOGGED_BYTES = 64;

    /**
     * What was cut.
     *
     * @param dir         the journal.
     * @param dataType    the journal's data record type.
     * @param cutSequence the sequence the torn record would have had.
     * @param cutBytes    the torn document's length.
     * @param problem     what the check found.
     * @param savedTo     the file holding the torn bytes.
     */
    public record Repair(Path dir, int dataType, long cutSequence, int cutBytes, String problem, Path savedTo)
    {
    }

    private TornTail()
    {
    }

    /**
     * Checks a journal and cuts its last document when that, and only that, is torn.
     *
     * @param dir      the journal's folder (absent: nothing to do).
     * @param dataType {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @return what was cut, or null when the journal's tail is whole (or damaged elsewhere: the writer refuses that).
     */
    public static Repair cutIfTorn(final Path dir, final int dataType)
    {
        final Path old = sibling(dir, ".old");
        if (Files.exists(old))
        {
            throw new IllegalStateException("an earlier repair of " + dir + " was interrupted: the original journal is " + old +
                "; move it back (or remove it when " + dir + " is whole) and start again");
        }
        if (!Files.isDirectory(dir))
        {
            return null;
        }
        final long tornIndex;
        final byte[] torn;
        final String problem;
        final long cutSequence;
        // only the tail after the last seal can hold a torn record: the walk starts there, whatever the journal's age
        try (JournalCursor cursor = JournalCursor.openNear(dir, dataType, Long.MAX_VALUE))
        {
            int result;
            do
            {
                result = cursor.next();
            }
            while (result == JournalCursor.RECORD);
            if (result != JournalCursor.DAMAGED || !isTorn(cursor.buffer(), cursor.documentLength()))
            {
                return null;
            }
            tornIndex = cursor.queueIndex();
            torn = Arrays.copyOf(cursor.buffer().byteArray(), cursor.documentLength());
            problem = cursor.problem();
            cutSequence = cursor.problemSequence();
            if (cursor.nextRaw() >= 0)
            {
                return null;
            }
        }
        return cut(dir, dataType, tornIndex, torn, problem, cutSequence);
    }

    /** @return true when a document is incomplete: too short for its header or length field, or its CRC fails. */
    static boolean isTorn(final UnsafeBuffer record, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return true;
        }
        final int payload = record.getInt(LENGTH_OFFSET);
        if (payload != length - HEADER_LENGTH)
        {
            return true;
        }
        return record.getInt(JournalRecordDescriptor.CRC_OFFSET) != JournalRecordDescriptor.computeCrc(record, 0, payload, new CRC32C());
    }

    private static Repair cut(
        final Path dir, final int dataType, final long tornIndex, final byte[] torn, final String problem, final long cutSequence)
    {
        final Path copyDir = sibling(dir, ".repair");
        final Path old = sibling(dir, ".old");
        final Path saved = sibling(dir, ".cut-" + cutSequence + ".bin");
        try
        {
            deleteTree(copyDir);
            try (JournalCursor raw = JournalCursor.open(dir, dataType); JournalCopy copy = JournalCopy.create(copyDir))
            {
                int length;
                while ((length = raw.nextRaw()) >= 0 && raw.queueIndex() != tornIndex)
                {
                    copy.write(raw.buffer().byteArray(), 0, length);
                }
            }
            try (JournalCursor check = JournalCursor.openNear(copyDir, dataType, Long.MAX_VALUE))
            {
                int result;
                do
                {
                    result = check.next();
                }
                while (result == JournalCursor.RECORD);
                if (result != JournalCursor.END || check.sequence() != cutSequence - 1)
                {
                    throw new IllegalStateException("the repaired copy " + copyDir + " does not check: " + check.problem());
                }
            }
            Files.write(saved, torn);
            // the copy is what every acknowledged record now lives in: on disk before it replaces the original
            forceTree(copyDir);
            forceTree(saved);
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(copyDir, dir, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir.toAbsolutePath().getParent());
            deleteTree(old);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot cut the torn tail of " + dir, ex);
        }
        LOG.warn("journal {}: cut its torn last record ({} bytes, would-be sequence {}; {}); bytes kept in {}: {}{}", dir, torn.length,
            cutSequence, problem, saved, HexFormat.of().formatHex(torn, 0, Math.min(torn.length, LOGGED_BYTES)),
            torn.length > LOGGED_BYTES ? "..." : "");
        return new Repair(dir, dataType, cutSequence, torn.length, problem, saved);
    }

    private static void forceTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.toList())
            {
                if (Files.isRegularFile(path))
                {
                    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
                    {
                        channel.force(true);
                    }
                }
                else
                {
                    forceDirectory(path);
                }
            }
        }
    }

    private static void forceDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // not every filesystem lets a folder be opened and forced; the files themselves are
            LOG.debug("cannot force folder {}: {}", directory, ex.toString());
        }
    }

    private static Path sibling(final Path dir, final String suffix)
    {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
