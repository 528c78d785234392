package org.beacon.replay.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.beacon.center.DataNetwork;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.VerifyResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The journals recorded before the state machine was recomposed (see {@code recorded/README.md}) replay through
 * today's state machine with every output identical, byte for byte.
 */
class RecordedJournalsTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"demo", "sumo", "kill9"})
    void replaysIdenticalThroughTodaysStateMachine(final String name) throws IOException
    {
        final Path export = copyResource("/recorded/" + name + ".export.gz", dir.resolve(name + ".export.gz"));
        final Path data = dir.resolve("data");

        final ExportReader.Result read = ExportReader.read(export, data);

        assertThat(read.problem()).isNull();
        assertThat(read.fromStart()).isTrue();
        assertThat(read.inputs().dataRecords()).isGreaterThan(1000);
        final VerifyResult result = ReplayVerifier.verify(data, DataNetwork.stateMachines(data));
        assertThat(result.identical()).as(String.valueOf(result.failure())).isTrue();
        assertThat(result.inputs()).isEqualTo(read.inputs().dataRecords());
        assertThat(result.recordedOutputs()).isEqualTo(read.outputs().dataRecords());
    }

    static Path copyResource(final String resource, final Path to) throws IOException
    {
        try (InputStream in = RecordedJournalsTest.class.getResourceAsStream(resource))
        {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
        return to;
    }
}
