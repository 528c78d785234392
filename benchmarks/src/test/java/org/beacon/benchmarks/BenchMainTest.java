package org.beacon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest
{
    @Test
    void jmhListsTheBenchmarksFromTheAnnotationProcessorsOutput()
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int code;
        try
        {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            final CommandLine commandLine = new CommandLine(new BenchMain());
            commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
            code = commandLine.execute("jmh", "-l");
        }
        finally
        {
            System.setOut(original);
        }

        assertThat(code).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
            .contains("org.beacon.benchmarks.CodecBenchmark.callReceived")
            .contains("org.beacon.benchmarks.CodecBenchmark.unitPosition")
            .contains("org.beacon.benchmarks.JournalAppendBenchmark.append")
            .contains("org.beacon.benchmarks.RingStateMachineBenchmark.applyBatch");
    }

    @Test
    void rejectsAnUnknownStrategy()
    {
        final CommandLine commandLine = new CommandLine(new BenchMain());
        commandLine.setErr(new java.io.PrintWriter(new ByteArrayOutputStream()));
        final int code = commandLine.execute("latency", "--wait", "nonsense", "--seconds", "0.1");

        assertThat(code).isNotZero();
    }
}
