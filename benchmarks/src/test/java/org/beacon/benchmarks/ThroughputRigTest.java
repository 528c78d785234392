package org.beacon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ThroughputRigTest
{
    @Test
    void everyPhaseProcessesEveryEventAndTheSummaryComesLast()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ThroughputRig.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = ThroughputRig.run(new ThroughputRig.Config().events(5_000).seconds(60).warmupSeconds(0).units(100), out);
        }

        assertThat(result.ok()).isTrue();
        assertThat(result.beacon().events()).isEqualTo(5_000);
        assertThat(result.baseline().events()).isEqualTo(5_000);
        assertThat(result.raw().events()).isEqualTo(5_000);
        final String[] lines = bytes.toString(StandardCharsets.UTF_8).trim().split("\\R");
        assertThat(lines[lines.length - 1]).matches(
            "throughput beacon=\\d+/s baseline=\\d+/s chronicle-raw=\\d+/s ratio-baseline=\\d+\\.\\d\\d ratio-raw=\\d+\\.\\d\\d");
    }
}
