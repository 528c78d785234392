package org.beacon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertBenchTest
{
    @Test
    void runsEndToEndOnATinyConfigurationAndEndsWithTheSummaryLine()
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int code;
        try
        {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchMain()).execute("alerts", "--alerts", "3", "--warmup", "1", "--rate", "10", "--handsets",
                "2000", "--approve-after-ms", "100", "--cancel-after-ms", "100");
        }
        finally
        {
            System.setOut(original);
        }

        final String output = bytes.toString(StandardCharsets.UTF_8);
        final String[] lines = output.strip().split("\n");
        assertThat(code).as(output).isZero();
        assertThat(lines[lines.length - 1])
            .matches("alerts reach_inner=\\d+\\.\\d{2}% overshoot_p95=\\d+m approval_to_broadcast_p99=\\d+\\.\\d{2}ms");
        assertThat(output).contains("# cell-only ").contains("# geofenced ").contains("3 broadcast");
    }
}
