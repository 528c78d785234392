package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.beacon.center.DataNetwork;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.replay.export.ExportReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A snapshot written before the state machine became a list of services (the centre's format 4, in snapshot file
 * format 1, kept in the test resources beside the journals it was taken with) is refused with its reason; the node
 * then replays the journal, and the auditor's tools pass it over the same way.
 */
class OlderSnapshotTest
{
    private static final String SNAPSHOT = "snapshot-00000000000000002962.snp";

    @TempDir
    Path dir;

    private Path data;

    @BeforeEach
    void restoreFolderWithAnOlderSnapshot() throws IOException
    {
        final Path export = dir.resolve("demo.export.gz");
        copy("/recorded/demo.export.gz", export);
        data = dir.resolve("data");
        assertThat(ExportReader.read(export, data).problem()).isNull();
        final Path snapshots = new NodeContext().dataDir(data).snapshotDir();
        Files.createDirectories(snapshots);
        copy("/recorded/demo-format4-" + SNAPSHOT, snapshots.resolve(SNAPSHOT));
    }

    private static void copy(final String resource, final Path to) throws IOException
    {
        try (InputStream in = OlderSnapshotTest.class.getResourceAsStream(resource))
        {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
    }

    private static String[] run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = ReplayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(out));
        final int exitCode = commandLine.execute(args);
        return new String[] {String.valueOf(exitCode), out.toString()};
    }

    @Test
    void theNodeSkipsItAndReplaysTheJournalFromItsStart()
    {
        final VerifyResult recorded = ReplayVerifier.verify(data);

        // the node builds its state machine for the folder's network and journal era (1: the export is of format 1)
        try (BeaconNode node = BeaconNode.launch(CenterRecording.context(data).snapshotOnClose(false)
            .stateMachineSupplier(DataNetwork.stateMachines(data)::get)))
        {
            assertThat(node.recovery().inputsRead()).isEqualTo(recorded.inputs());
            assertThat(node.recovery().outputSequence()).isEqualTo(recorded.recordedOutputs());
        }
    }

    @Test
    void verifyReportsItSkippedNotFailedAndShowReplaysWithoutIt()
    {
        final String[] verify = run("verify", data.toString(), "--snapshots", "--no-progress");
        final String[] show = run("show", data.toString(), "--at", "+10m", "--use-snapshots");

        assertThat(verify[0]).as(verify[1]).isEqualTo("0");
        // the file is of snapshot format 1 (its CRC does not cover the header): the store passes it over before the state
        // machine would have refused its contents (not a service-list snapshot)
        assertThat(verify[1]).contains("snapshot " + SNAPSHOT + ": skipped, as a node skips it")
            .contains("format version 1, whose CRC does not cover the header, is no longer read");
        assertThat(show[0]).as(show[1]).isEqualTo("0");
        assertThat(show[1]).contains("snapshot " + SNAPSHOT + " skipped: format version 1");
    }
}
