package org.beacon.replay.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.beacon.replay.ReplayCommand;

/**
 * {@code replay verify FILE} for an export: checks the file on its own and, when it holds the journals from
 * their beginning, writes them back into a temporary data folder and replays it as {@code replay verify DIR} does.
 */
public final class ExportVerification
{
    private ExportVerification()
    {
    }

    /**
     * Verifies an export, printing the result.
     *
     * @param file the export.
     * @param out  the report.
     * @param err  read errors.
     * @return the exit code of {@code replay verify}.
     */
    public static int verify(final Path file, final PrintWriter out, final PrintWriter err)
    {
        Path temp = null;
        try
        {
            temp = Files.createTempDirectory("beacon-export-");
            final ExportReader.Result result = ExportReader.read(file, temp);
            if (null != result.inputs())
            {
                out.println("export input:  " + describe(result.inputs()));
            }
            if (null != result.outputs())
            {
                out.println("export output: " + describe(result.outputs()));
            }
            if (null != result.problem())
            {
                out.println("NOT IDENTICAL: export damaged: " + result.problem());
                out.flush();
                return ReplayCommand.EXIT_FAILED;
            }
            if (!result.fromStart())
            {
                out.println("intact: records and seals of inputs " + result.inputs().anchor().firstSequence() + ".." +
                    result.inputs().lastSequence() + " verified from the anchor (seal " + result.inputs().anchor().sealNumber() +
                    ", hash " + result.inputs().anchorHash() + "); replaying needs the journals from their beginning");
                out.flush();
                return ReplayCommand.EXIT_OK;
            }
            return ReplayCommand.Verify.verifyFolder(temp, false, false, out, err);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("replay verify: cannot read " + file + ": " + ex.getMessage());
            err.flush();
            return ReplayCommand.EXIT_FAILED;
        }
        finally
        {
            deleteTree(temp);
        }
    }

    private static String describe(final ExportReader.Section section)
    {
        return section.dataRecords() + " records from sequence " + section.anchor().firstSequence() + ", " + section.seals() +
            " seals verified, " + section.unsealed() + " unsealed at the end" +
            (section.anchor().isGenesis() ? " (from the journal's start)" : "");
    }

    static void deleteTree(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> all = Files.walk(dir))
        {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
