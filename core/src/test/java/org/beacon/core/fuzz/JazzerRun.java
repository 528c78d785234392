package org.beacon.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one Jazzer fuzz target as a real process for a bounded time (JUnit's {@code @FuzzTest} fuzzes only one test per
 * JVM): the test class path, the target class, the committed seed corpus {@code fuzz/<name>/} copied to a temporary
 * folder (libFuzzer adds what it finds to the first corpus folder), {@code -max_total_time} from the system property
 * {@code beacon.fuzz.seconds} (15 by default), and {@code -timeout=30} so that an input that loops is a finding (the
 * first input also pays for loading and instrumenting the classes, seconds on a busy machine, so the limit is not
 * tighter). Passes when Jazzer exits 0 and left no crash, timeout or out-of-memory file; prints the executions count.
 * Every module's {@code FuzzTargetsTest} runs its targets through this one (from core's test jar).
 */
public final class JazzerRun
{
    private static final Pattern DONE = Pattern.compile("#(\\d+)\\s+DONE");
    private static final Pattern UNITS = Pattern.compile("stat::number_of_executed_units:\\s*(\\d+)");

    private JazzerRun()
    {
    }

    /** @return the seconds each target runs. */
    public static int seconds()
    {
        return Integer.getInteger("beacon.fuzz.seconds", 15);
    }

    /**
     * Fuzzes one target and asserts that it found nothing.
     *
     * @param target the class with {@code fuzzerTestOneInput}.
     * @param corpus the folder name under {@code fuzz/} on the test class path.
     * @return the executions.
     */
    public static long fuzz(final Class<?> target, final String corpus) throws IOException, InterruptedException
    {
        final Path work = Files.createTempDirectory("fuzz-" + corpus);
        final Path corpusCopy = Files.createDirectories(work.resolve("corpus"));
        final Path artifacts = Files.createDirectories(work.resolve("artifacts"));
        final Path seeds = seedFolder(corpus);
        try (Stream<Path> files = Files.list(seeds))
        {
            for (final Path seed : (Iterable<Path>)files::iterator)
            {
                Files.copy(seed, corpusCopy.resolve(seed.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx768m", "-XX:+UseSerialGC"));
        // the module opens of the test JVM (Agrona and Chronicle need them on Java 17)
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dagrona") || a.startsWith("-Dchronicle"))
            .forEach(command::add);
        command.addAll(List.of(
            "-cp", classPath,
            "com.code_intelligence.jazzer.Jazzer",
            "--target_class=" + target.getName(),
            "--instrumentation_includes=org.beacon.**",
            "--reproducer_path=" + artifacts,
            "-artifact_prefix=" + artifacts + "/",
            "-max_total_time=" + seconds(),
            "-timeout=30",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
            corpusCopy.toString()));
        final Path log = work.resolve("jazzer.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean ended = process.waitFor(seconds() + 180L, TimeUnit.SECONDS);
        if (!ended)
        {
            process.destroyForcibly().waitFor();
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        final long executions = executions(output);
        System.out.println("fuzz " + target.getSimpleName() + ": executions=" + executions + " seconds=" + seconds() +
            " corpus=" + count(corpusCopy) + " exit=" + (ended ? process.exitValue() : "killed"));
        final List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.list(artifacts))
        {
            files.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("crash-") || n.startsWith("timeout-") || n.startsWith("oom-") || n.startsWith("leak-") ||
                    n.startsWith("slow-unit-"))
                .forEach(findings::add);
        }
        assertThat(ended).as("Jazzer ended within its time; log %s", log).isTrue();
        assertThat(findings).as("findings of %s (artifacts in %s):%n%s", target.getSimpleName(), artifacts, tail(output)).isEmpty();
        assertThat(process.exitValue()).as("Jazzer's exit code; its log:%n%s", tail(output)).isZero();
        assertThat(executions).as("executions of %s", target.getSimpleName()).isPositive();
        delete(work);
        return executions;
    }

    private static Path seedFolder(final String corpus)
    {
        final URL url = JazzerRun.class.getClassLoader().getResource("fuzz/" + corpus);
        assertThat(url).as("seed corpus fuzz/%s on the test class path", corpus).isNotNull();
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long executions(final String output)
    {
        long executions = -1;
        final Matcher units = UNITS.matcher(output);
        while (units.find())
        {
            executions = Long.parseLong(units.group(1));
        }
        if (executions < 0)
        {
            final Matcher done = DONE.matcher(output);
            while (done.find())
            {
                executions = Long.parseLong(done.group(1));
            }
        }
        return executions;
    }

    /** A passing run leaves nothing behind; a failing one keeps its log and artifacts for the report. */
    private static void delete(final Path folder) throws IOException
    {
        try (Stream<Path> files = Files.walk(folder))
        {
            for (final Path file : (Iterable<Path>)files.sorted(java.util.Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long count(final Path folder)
    {
        try (Stream<Path> files = Files.list(folder))
        {
            return files.count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String tail(final String output)
    {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}
