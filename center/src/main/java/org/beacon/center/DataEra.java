package org.beacon.center;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.beacon.dispatch.DispatchConfig;

/**
 * The journal era of a data folder: which behaviour of the state machine its journal was started with. Like the road
 * network ({@link DataNetwork}), it is part of the state machine's fixed configuration: a journal keeps the era it
 * started in, and every replay of it builds its state machine for that era, so that an output the state machine
 * gives differently today still replays identical from an older journal.
 *
 * <ul>
 *   <li>Era 1: journals started before recommendations were kept current (issue 16). Every export of format 1 is of
 *       era 1, and reading one back writes {@value #FILE_NAME} with 1.</li>
 *   <li>Era 2 ({@link DispatchConfig#CURRENT_ERA}): recommendations kept current
 *       ({@link DispatchConfig#refreshesPerEvent()}).</li>
 * </ul>
 *
 * The file holds the era's number as text. A node this build starts on a folder writes it ({@link #pin}): the current
 * era for a new folder, era 1 for a folder that already holds a journal but no era file (recorded by a build before
 * eras: a node upgraded onto it goes on in the era its journal was started in). A folder without the file that no node
 * of this build has started is read as the current era by the auditor's tools (in-process recordings); one recorded
 * before eras and never started since needs 1 written into it to replay. A folder of an era this build does not know
 * (a newer build's) is refused.
 */
public final class DataEra
{
    /** Name of the era file inside a data folder. */
    public static final String FILE_NAME = "era";

    private DataEra()
    {
    }

    /**
     * Where a data folder keeps its era.
     *
     * @param dataDir the data folder.
     * @return {@code dataDir/era}.
     */
    public static Path file(final Path dataDir)
    {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The era of a data folder, read-only: its file's, else the current era.
     *
     * @param dataDir the data folder.
     * @return the era.
     * @throws IllegalStateException when the file is not an era this build knows.
     * @throws UncheckedIOException  when the file cannot be read.
     */
    public static int of(final Path dataDir)
    {
        final Path file = file(dataDir);
        if (Files.isRegularFile(file))
        {
            final String text;
            try
            {
                text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the journal era " + file, ex);
            }
            final int era;
            try
            {
                era = Integer.parseInt(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalStateException(file + " is not a journal era: '" + text + "'", ex);
            }
            if (era < DispatchConfig.ERA_1 || era > DispatchConfig.CURRENT_ERA)
            {
                throw new IllegalStateException("the data folder " + dataDir + " is of journal era " + era +
                    ", which this build does not know (it knows 1.." + DispatchConfig.CURRENT_ERA + "): a newer build recorded it");
            }
            return era;
        }
        return DispatchConfig.CURRENT_ERA;
    }

    /**
     * The era of a data folder a node starts on, written into it (creating the folder) when it has no era file yet.
     *
     * @param dataDir the data folder.
     * @return the era.
     * @throws UncheckedIOException when the file cannot be written.
     */
    public static int pin(final Path dataDir)
    {
        if (Files.isRegularFile(file(dataDir)))
        {
            return of(dataDir);
        }
        // a folder that already holds a journal but no era file was started by a build before eras: its journal is of
        // era 1, and a node upgraded onto it must go on in era 1 (in the current era its own journal would not replay)
        final int era = hasJournal(dataDir) ? DispatchConfig.ERA_1 : DispatchConfig.CURRENT_ERA;
        write(dataDir, era);
        return era;
    }

    private static boolean hasJournal(final Path dataDir)
    {
        final Path input = new org.beacon.core.NodeContext().dataDir(dataDir).inputJournalDir();
        if (!Files.isDirectory(input))
        {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(input))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4") && f.toFile().length() > 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + input, ex);
        }
    }

    /**
     * Writes a data folder's era (an export being read back writes the era it was recorded in).
     *
     * @param dataDir the data folder (created when missing).
     * @param era     the era.
     * @throws UncheckedIOException when the file cannot be written.
     */
    public static void write(final Path dataDir, final int era)
    {
        final Path file = file(dataDir);
        try
        {
            if (Files.isRegularFile(file) && Integer.toString(era).equals(Files.readString(file, StandardCharsets.US_ASCII).trim()))
            {
                return;
            }
            Files.createDirectories(dataDir);
            final Path temp = dataDir.resolve(FILE_NAME + ".tmp");
            Files.writeString(temp, era + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the journal era " + file, ex);
        }
    }
}
