package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private final StringBuilder output = new StringBuilder();
    private Path outputFile;

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
        // to a file, read after the exit: a pipe read while the process exits can end in "Stream closed" and lose the tail
        outputFile = dir.resolve(command + ".out");
        final Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        processes.add(process);
        return process;
    }

    /** Waits until the process has printed a line starting with the prefix. */
    private void awaitLine(final Process process, final String prefix) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!("\n" + Files.readString(outputFile)).contains("\n" + prefix))
        {
            assertThat(process.isAlive()).as("still running, waiting for " + prefix + ":\n" + Files.readString(outputFile)).isTrue();
            assertThat(System.nanoTime()).as("printed " + prefix + " in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private int terminate(final Process process) throws Exception
    {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        output.append(Files.readString(outputFile));
        return process.exitValue();
    }

    @Test
    void theNodeStopsOnSigtermWithoutInterruptNoiseAndExitsZero() throws Exception
    {
        final Process node = start("node", List.of());
        awaitLine(node, "node ready");
        assertThat(terminate(node)).as(output.toString()).isZero();
        assertThat(output.toString().toLowerCase(Locale.ROOT)).doesNotContain("interrupt");
        assertThat(output.toString()).contains("stopping: closing the gateways and the journals");
    }

    @Test
    void theDemoStopsOnSigtermWithoutInterruptNoiseAndExitsZero() throws Exception
    {
        final Process demo = start("demo", List.of("--no-cameras"));
        awaitLine(demo, "t=2s");
        assertThat(terminate(demo)).as(output.toString()).isZero();
        assertThat(output.toString().toLowerCase(Locale.ROOT)).doesNotContain("interrupt");
        assertThat(output.toString()).contains("demo finished: ");
    }
}
