package org.beacon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LatencyRigTest
{
    private static final String LINE =
        "latency rate=\\d+/s sent=\\d+ p50=\\d+\\.\\dus p99=\\d+\\.\\dus p99\\.9=\\d+\\.\\dus p99\\.99=\\d+\\.\\dus max=\\d+\\.\\dus";

    @Test
    void acknowledgesEveryEventAndPrintsTheSummaryLast()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LatencyRig.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = LatencyRig.run(new LatencyRig.Config().rate(2_000).seconds(1).warmupSeconds(0.25).units(100), out);
        }

        assertThat(result.ok()).isTrue();
        assertThat(result.missing()).isZero();
        assertThat(result.sent()).isEqualTo(2_000);
        assertThat(result.histogram().getTotalCount()).isEqualTo(2_000);
        final String[] lines = bytes.toString(StandardCharsets.UTF_8).trim().split("\\R");
        assertThat(lines[lines.length - 1]).matches(LINE).startsWith("latency rate=2000/s sent=2000 ");
    }

    @Test
    void worksWithASeparateReceiverThread()
    {
        final LatencyRig.Result result = LatencyRig.run(new LatencyRig.Config().rate(1_000).seconds(0.5).warmupSeconds(0)
            .units(50).clientThreads(2).callsPerMillion(EventMix.SURGE_CALLS_PER_MILLION), new PrintStream(new ByteArrayOutputStream()));

        assertThat(result.ok()).isTrue();
        assertThat(result.histogram().getTotalCount()).isEqualTo(500);
        assertThat(result.line()).matches(LINE);
    }
}
