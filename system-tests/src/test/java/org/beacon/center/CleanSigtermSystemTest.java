package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon node} and {@code beacon demo} as real processes, stopped with SIGTERM ({@link Process#destroy()} on
 * Linux): each closes its gateways and journals on its own thread, prints no thread-interrupt complaint (Chronicle and
 * Agrona closing on an interrupted thread used to print a dozen) and exits 0.
 */
class CleanSigtermSystemTest
{
    private static final List<String> NO_PORTS = List.of("--aml-port", "-1", "--sip-port", "-1", "--http-port", "-1",
        "--signal-field", "NONE", "--broadcast", "NONE");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final StringBuffer output = new StringBuffer();
    private Thread pump;

    @AfterEach
    void tearDown()
    {
        processes.forEach(Process::destroyForcibly);
        System.out.println("---- process output ----\n" + output);
    }

    private Process start(final String command, final List<String> args) throws IOException
    {
        final List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        line.add("-cp");
        line.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        line.add(CenterMain.class.getName());
        line.add(command);
        line.addAll(List.of("--data", dir.resolve(command).toString(), "--aeron-dir", dir.resolve("aeron-" + command).toString()));
        line.addAll(NO_PORTS);
        line.addAll(args);
        final Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    /** Copies the process's output and completes when a line starts with the prefix. */
    private CompletableFuture<Void> pump(final Process process, final String readyPrefix)
    {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        pump = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String text;
                while ((text = reader.readLine()) != null)
                {
                    output.append(text).append('\n');
                    if (text.startsWith(readyPrefix))
                    {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("exited before a line starting with " + readyPrefix));
            }
            catch (final IOException ex)
            {
                ready.completeExceptionally(ex);
            }
        }, "process-output");
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    private int terminate(final Process process) throws Exception
    {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        // the output pump reads to the end of the stream
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    @Test
    void theNodeStopsOnSigtermWithoutInterruptNoiseAndExitsZero() throws Exception
    {
        final Process node = start("node", List.of());
        pump(node, "node ready").get(90, TimeUnit.SECONDS);
        assertThat(terminate(node)).as(output.toString()).isZero();
        assertThat(output.toString().toLowerCase(Locale.ROOT)).doesNotContain("interrupt");
        assertThat(output.toString()).contains("stopping: closing the gateways and the journals");
    }

    @Test
    void theDemoStopsOnSigtermWithoutInterruptNoiseAndExitsZero() throws Exception
    {
        final Process demo = start("demo", List.of("--no-cameras"));
        pump(demo, "t=2s").get(120, TimeUnit.SECONDS);
        assertThat(terminate(demo)).as(output.toString()).isZero();
        assertThat(output.toString().toLowerCase(Locale.ROOT)).doesNotContain("interrupt");
        assertThat(output.toString()).contains("demo finished: ");
    }
}
