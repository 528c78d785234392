package org.beacon.replay.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
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
 * {@code replay report DIR [--out FILE.html] [--from T] [--to T] [--zone Z]}: the standard figures of the
 * center from DIR's journals (see {@link IncidentMetrics}), a summary on stdout and an HTML report. Exit
 * codes: 0 when written, 1 when a journal is damaged (the damage is named on stderr) or the report cannot
 * be written, 2 for a usage error or a folder without journals.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Computes from DIR's journals, per agency: call answered -> incident opened, incident opened -> first " +
        "unit dispatched (NFPA 1225: 90% within 60 s), turnout, travel and on-scene time, as percentiles; prints a " +
        "summary and writes an HTML report with charts."})
public final class ReportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the data folder (holding journal/input and journal/output)")
    private Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "the HTML report to write (default: DIR/report.html)")
    private Path out;

    @Option(names = "--from", paramLabel = "TIME",
        description = "only incidents opened at or after TIME (formats as for 'show --at': ISO instant, local date-time, " +
            "epoch ms, +30s after the journal's start)")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "only incidents opened at or before TIME")
    private String to;

    @Option(names = "--zone", paramLabel = "ZONE", description = "zone of local times given to --from and --to; default UTC")
    private String zone;

    @Override
    public Integer call()
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            return fail(err, missing, ReplayCommand.EXIT_USAGE);
        }
        final long fromNs;
        final long toNs;
        try
        {
            final ZoneId zoneId = null == zone ? null : ZoneId.of(zone);
            fromNs = null == from ? Long.MIN_VALUE : StateAt.parseTime(from, zoneId, dir);
            toNs = null == to ? Long.MAX_VALUE : StateAt.parseTime(to, zoneId, dir);
        }
        catch (final DateTimeException | IllegalArgumentException | ArithmeticException ex)
        {
            return fail(err, ex.getMessage(), ReplayCommand.EXIT_USAGE);
        }
        if (fromNs > toNs)
        {
            return fail(err, "--from is after --to", ReplayCommand.EXIT_USAGE);
        }

        final IncidentMetrics metrics;
        try
        {
            metrics = IncidentMetrics.read(dir, fromNs, toNs);
        }
        catch (final IncidentMetrics.DamagedJournalException ex)
        {
            return fail(err, ex.getMessage(), ReplayCommand.EXIT_FAILED);
        }
        catch (final RuntimeException ex)
        {
            return fail(err, "cannot read the journals in " + dir + ": " + ex, ReplayCommand.EXIT_FAILED);
        }

        final Path file = null == out ? dir.resolve("report.html") : out;
        try
        {
            ReportWriter.writeHtml(metrics, file);
        }
        catch (final IOException | RuntimeException ex)
        {
            return fail(err, "cannot write " + file + ": " + ex, ReplayCommand.EXIT_FAILED);
        }
        ReportWriter.printSummary(metrics, stdout);
        stdout.println("report written to " + file);
        stdout.flush();
        return ReplayCommand.EXIT_OK;
    }

    private static int fail(final PrintWriter err, final String message, final int exitCode)
    {
        err.println("replay report: " + message);
        err.flush();
        return exitCode;
    }
}
