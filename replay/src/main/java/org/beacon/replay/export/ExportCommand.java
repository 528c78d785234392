package org.beacon.replay.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.concurrent.Callable;

import org.beacon.replay.ReplayCommand;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.StateAt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay export DIR --out FILE [--from T] [--to T]}: the records and seals of a period of DIR's journals in
 * one portable file (see {@link ExportFormat}), checked on the way, that {@code replay verify FILE} checks on its own.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes the input and output records and seals of a period of DIR's journals into one portable, " +
        "compressed file, in whole sealed blocks, with the anchor (previous seal hash) the period's chain starts from.",
        "Check it with: replay verify FILE (from the journals' start it is also replayed and compared)."})
public final class ExportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the data folder")
    private Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the export file (replaced)")
    private Path outFile;

    @Option(names = "--from", paramLabel = "TIME", description = "the period's start, as replay show's --at (default: the journal's start)")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "the period's end, inclusive (default: the journal's end)")
    private String to;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            err.println("replay export: " + missing);
            err.flush();
            return ReplayCommand.EXIT_USAGE;
        }
        final long fromNs;
        final long toNs;
        try
        {
            fromNs = null == from ? Long.MIN_VALUE : StateAt.parseTime(from, null, dir);
            toNs = null == to ? Long.MAX_VALUE : StateAt.parseTime(to, null, dir);
        }
        catch (final DateTimeException | IllegalArgumentException | ArithmeticException ex)
        {
            err.println("replay export: " + ex.getMessage());
            err.flush();
            return ReplayCommand.EXIT_USAGE;
        }
        try
        {
            final JournalExporter.Summary summary = JournalExporter.export(dir, outFile, fromNs, toNs);
            out.println("exported inputs " + summary.firstInput() + ".." + summary.lastInput() + " (" + summary.inputs() +
                " records, " + summary.inputSeals() + " seals) and " + summary.outputs() + " outputs (" + summary.outputSeals() +
                " seals) to " + outFile);
            out.flush();
            return ReplayCommand.EXIT_OK;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("replay export: " + ex.getMessage());
            err.flush();
            return ReplayCommand.EXIT_FAILED;
        }
    }
}
