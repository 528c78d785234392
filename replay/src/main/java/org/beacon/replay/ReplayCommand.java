package org.beacon.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.DataNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The auditor's command line: {@code replay verify DIR}, {@code replay show DIR --at TIME} and
 * {@code replay report DIR} (see {@link org.beacon.replay.report.ReportCommand}) and {@code replay alerts DIR --out FOLDER}
 * (see {@link org.beacon.replay.alerts.AlertsCommand}).
 * Exit codes: 0 when the journals verify (or the state is shown), 1 when a journal is damaged or
 * replay differs from the record, 2 for a usage error or a folder without journals.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Auditor tools over a Beacon data folder's journals.",
    subcommands = {ReplayCommand.Verify.class, ReplayCommand.Show.class, org.beacon.replay.export.ExportCommand.class,
        org.beacon.replay.report.ReportCommand.class,
        org.beacon.replay.alerts.AlertsCommand.class, org.beacon.replay.compare.CompareCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:identical / shown / reported", "1:damaged or different", "2:usage error, missing or empty folder"})
public final class ReplayCommand implements Callable<Integer>
{
    /** Exit code: the journals verify, or the state was shown. */
    public static final int EXIT_OK = 0;
    /** Exit code: a journal is damaged, or replay differs from the recorded outputs. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: usage error, or a folder without journals. */
    public static final int EXIT_USAGE = 2;

    /** Inputs from which a progress bar is shown even when stderr is not a terminal. */
    static final long LONG_JOURNAL = 1_000_000;

    @Spec
    private CommandSpec spec;

    /**
     * A command line ready to {@link CommandLine#execute execute}, with its output streams at their
     * defaults (set others with {@link CommandLine#setOut} and {@link CommandLine#setErr}).
     *
     * @return the command line.
     */
    public static CommandLine commandLine()
    {
        System.setProperty("chronicle.analytics.disable", "true");
        return new CommandLine(new ReplayCommand());
    }

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** {@code replay verify DIR} or {@code replay verify FILE} (an export). */
    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Replays DIR's input journal through a fresh state machine and compares every output, byte for " +
            "byte, with the recorded output journal; checks both journals' CRCs, sequences and hash chains.",
            "On success the last line is 'identical: N inputs, M outputs'.",
            "FILE (from replay export) is checked on its own (digest, CRCs, seals, hash chain from its anchor); when it " +
            "starts at the journals' beginning it is also replayed and compared like a folder."})
    public static final class Verify implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR|FILE",
            description = "the data folder (holding journal/input and journal/output), or a file written by replay export")
        private Path dir;

        @Option(names = "--progress", negatable = true,
            description = "show a progress bar on stderr (default: when stderr is a terminal or the journal is long)")
        private Boolean progress;

        @Option(names = "--snapshots", description = "also check every snapshot in DIR/snapshots against replay")
        private boolean snapshots;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            if (java.nio.file.Files.isRegularFile(dir))
            {
                return org.beacon.replay.export.ExportVerification.verify(dir, out, err);
            }
            return verifyFolder(dir, progress, snapshots, out, err);
        }

        /**
         * Verifies a data folder, printing what {@code replay verify DIR} prints.
         *
         * @param dir       the data folder.
         * @param progress  show a progress bar: true, false, or null for "when useful".
         * @param snapshots also check the folder's snapshots.
         * @param out       where the report goes.
         * @param err       where usage problems go.
         * @return the exit code.
         */
        public static int verifyFolder(final Path dir, final Boolean progress, final boolean snapshots, final PrintWriter out,
            final PrintWriter err)
        {
            final String missing = ReplayVerifier.checkDataDir(dir);
            if (null != missing)
            {
                err.println("replay verify: " + missing);
                err.flush();
                return EXIT_USAGE;
            }
            final VerifyResult result;
            try
            {
                final long estimate = ReplayVerifier.estimateInputs(dir);
                if (estimate == 0)
                {
                    err.println("replay verify: the input journal in " + dir + " is empty");
                    err.flush();
                    return EXIT_USAGE;
                }
                final boolean showBar = null != progress ? progress : null != System.console() || estimate >= LONG_JOURNAL;
                try (ProgressBar bar = showBar ? progressBar(estimate) : null)
                {
                    result = ReplayVerifier.verify(dir, DataNetwork.stateMachines(dir), null == bar ? null : bar::stepTo);
                }
            }
            catch (final RuntimeException ex)
            {
                err.println("replay verify: cannot read the journals in " + dir + ": " + ex);
                err.flush();
                return EXIT_FAILED;
            }

            out.println("input journal:  " + count(result.inputs(), "record") + ", " + count(result.inputSealsVerified(), "seal") +
                " verified, " + result.inputUnsealedRecords() + " unsealed at the tail");
            out.println("output journal: " + count(result.recordedOutputs(), "record") + ", " +
                count(result.outputSealsVerified(), "seal") + " verified, " + result.outputUnsealedRecords() + " unsealed at the tail");
            if (!result.identical())
            {
                final VerifyResult.Failure failure = result.failure();
                out.println("first problem: " + failure.journal().name().toLowerCase() + " journal, sequence " + failure.sequence() +
                    (failure.journal() == VerifyResult.Journal.OUTPUT && failure.inputSequence() > 0 ?
                    ", from input " + failure.inputSequence() : "") + " (" + failure.kind() + ")");
                out.println("NOT IDENTICAL: " + failure.description());
                out.flush();
                return EXIT_FAILED;
            }
            if (snapshots && !checkSnapshots(dir, out))
            {
                out.println("NOT IDENTICAL: a snapshot does not match replay");
                out.flush();
                return EXIT_FAILED;
            }
            out.println(result.summary());
            out.flush();
            return EXIT_OK;
        }

        private static String count(final long count, final String noun)
        {
            return count + " " + noun + (count == 1 ? "" : "s");
        }

        private static boolean checkSnapshots(final Path dir, final PrintWriter out)
        {
            final List<SnapshotVerifier.SnapshotCheck> checks = SnapshotVerifier.verifySnapshots(dir, DataNetwork.stateMachines(dir));
            boolean ok = true;
            for (final SnapshotVerifier.SnapshotCheck check : checks)
            {
                out.println("snapshot " + check.file().getFileName() + ": " + (null != check.refused() ?
                    "skipped, as a node skips it (it then replays from the journal): " + check.refused() : check.ok() ?
                    "matches replay at input " + check.sequence() + "; snapshot + tail replays to the same state" :
                    check.problem()));
                ok &= check.ok();
            }
            if (checks.isEmpty())
            {
                out.println("snapshots: none");
            }
            return ok;
        }

        private static ProgressBar progressBar(final long estimate)
        {
            return new ProgressBarBuilder()
                .setTaskName("verify")
                .setInitialMax(estimate)
                .setUnit(" inputs", 1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        }
    }

    /** {@code replay show DIR --at TIME}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "Replays DIR's input journal up to TIME and prints the incidents and units at that moment.")
    static final class Show implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "the data folder")
        private Path dir;

        @Option(names = "--at", required = true, paramLabel = "TIME",
            description = {"an ISO-8601 instant (2026-11-25T14:00:00Z), an ISO local date-time (2026-11-25T14:00:00, " +
                "UTC unless --zone), epoch milliseconds, or a time after the journal's first record (+30s, +5m, +1h30m)"})
        private String at;

        @Option(names = "--zone", paramLabel = "ZONE",
            description = "zone of a local TIME and of the times printed (e.g. Asia/Ho_Chi_Minh); default UTC")
        private String zone;

        @Option(names = "--use-snapshots",
            description = "start from the newest snapshot taken before TIME instead of the journal's start")
        private boolean useSnapshots;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            final String missing = ReplayVerifier.checkDataDir(dir);
            if (null != missing)
            {
                err.println("replay show: " + missing);
                err.flush();
                return EXIT_USAGE;
            }
            final ZoneId zoneId;
            final long atNs;
            try
            {
                zoneId = null == zone ? null : ZoneId.of(zone);
                atNs = StateAt.parseTime(at, zoneId, dir);
            }
            catch (final DateTimeException | IllegalArgumentException | ArithmeticException ex)
            {
                err.println("replay show: " + ex.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            final StateAt.State<CenterStateMachine> state;
            try
            {
                state = StateAt.at(dir, atNs, DataNetwork.stateMachines(dir).get(), useSnapshots);
            }
            catch (final RuntimeException ex)
            {
                err.println("replay show: cannot replay the journal in " + dir + ": " + ex);
                err.flush();
                return EXIT_FAILED;
            }
            StateAt.show(state, zoneId, out);
            return null == state.problem() ? EXIT_OK : EXIT_FAILED;
        }
    }
}
