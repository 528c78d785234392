package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest
{
    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static CenterRecording recording;

    @BeforeAll
    static void record()
    {
        recording = CenterRecording.record(shared.resolve("data"));
    }

    /** The outcome of one in-process run of the command line. */
    /** One run of the replay command line, its streams captured (ReplayCompareTest uses it too). */
    record Run(int exitCode, String out, String err)
    {
        String[] lines()
        {
            return out.split("\\R");
        }

        String lastLine()
        {
            final String[] lines = lines();
            return lines[lines.length - 1];
        }
    }

    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ReplayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void verifyOfAnIntactFolderEndsWithTheIdenticalLineAndExitsZero()
    {
        final VerifyResult expected = ReplayVerifier.verify(recording.dir());

        final Run run = run("verify", recording.dir().toString(), "--no-progress");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo("identical: " + expected.inputs() + " inputs, " + expected.outputs() + " outputs");
        assertThat(run.out()).contains("input journal:  " + expected.inputs() + " records, " + expected.inputSealsVerified() +
            " seals verified, 0 unsealed at the tail");
    }

    @Test
    void verifyChecksSnapshotsWhenAsked()
    {
        final Run run = run("verify", recording.dir().toString(), "--snapshots", "--no-progress");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("snapshot snapshot-").contains("snapshot + tail replays to the same state");
        assertThat(run.lastLine()).startsWith("identical: ");
    }

    @Test
    void verifyShowsAProgressBarOnStderrWhenAsked()
    {
        final Run run = run("verify", recording.dir().toString(), "--progress");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lastLine()).startsWith("identical: ");
    }

    @Test
    void verifyOfADamagedFolderPrintsTheDamagedRecordAndExitsOne()
    {
        final Path dir = recording.copyTo(scratch.resolve("data"));
        RawJournal.flipInFile(ReplayVerifier.inputJournalDir(dir), CenterRecording.ascii(CenterRecording.CALLER_1), 3);
        final long call1 = recording.sequence("call 1");

        final Run run = run("verify", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("first problem: input journal, sequence " + call1 + " (DAMAGED)");
        assertThat(run.lastLine()).startsWith("NOT IDENTICAL: input journal damaged: sequence " + call1 + ": CRC32C mismatch");
        assertThat(run.out()).doesNotContain("identical: ");
    }

    @Test
    void verifyOfAMissingOrEmptyFolderIsAUsageErrorWithAClearMessage() throws Exception
    {
        final Path missing = scratch.resolve("no-such-folder");
        final Run none = run("verify", missing.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("replay verify: no such folder: " + missing);
        assertThat(missing).doesNotExist();

        final Path empty = Files.createDirectories(scratch.resolve("empty"));
        final Run nothing = run("verify", empty.toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("no input journal in " + empty);
        assertThat(nothing.out()).isEmpty();

        assertThat(run("verify").exitCode()).isEqualTo(2);
        assertThat(run().exitCode()).isEqualTo(2);
    }

    @Test
    void showPrintsTheStateAtATime()
    {
        final long at = recording.timestampNs("201 on scene");
        final Run run = run("show", recording.dir().toString(), "--at", StateAt.toInstant(at).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()[0]).isEqualTo("state as of " + StateAt.toInstant(at) + " (input sequence " +
            StateAt.at(recording.dir(), at).sequence() + ")");
        assertThat(run.out()).contains("incidents: 2 (2 open)").contains("units: 4 (2 available)").contains("E-12");
    }

    @Test
    void showAcceptsRelativeAndZonedTimes()
    {
        final Run relative = run("show", recording.dir().toString(), "--at", "+10m");
        assertThat(relative.exitCode()).as(relative.err()).isZero();
        assertThat(relative.out()).contains("incidents: 3 (2 open)").contains("units: 4");

        final Run zoned = run("show", recording.dir().toString(), "--at", "2026-11-25T20:59:00", "--zone", "Asia/Ho_Chi_Minh");
        assertThat(zoned.exitCode()).as(zoned.err()).isZero();
        assertThat(zoned.lines()[0]).isEqualTo("state as of 2026-11-25T13:59:00Z (input sequence 0)");
        assertThat(zoned.out()).contains("incidents: 0").contains("units: 0");

        final Run snapshots = run("show", recording.dir().toString(), "--at", "+10m", "--use-snapshots");
        assertThat(snapshots.out()).isEqualTo(relative.out());
    }

    @Test
    void showRefusesBadTimesZonesAndFolders()
    {
        final Run badTime = run("show", recording.dir().toString(), "--at", "teatime");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("cannot read the time 'teatime'");

        final Run badZone = run("show", recording.dir().toString(), "--at", "+1s", "--zone", "Mars/Olympus");
        assertThat(badZone.exitCode()).isEqualTo(2);

        assertThat(run("show", recording.dir().toString()).exitCode()).isEqualTo(2);
        assertThat(run("show", scratch.resolve("nope").toString(), "--at", "+1s").exitCode()).isEqualTo(2);
    }
}
