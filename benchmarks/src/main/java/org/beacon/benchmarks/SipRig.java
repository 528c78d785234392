package org.beacon.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.intake.sip.SipGateway;
import org.beacon.dispatch.intake.sip.SipGatewayContext;

/**
 * {@code ./beacon bench sip}: SIPp in rate mode, as the callers, against the NG112 SIP gateway and a
 * node launched in this process. Each call is an emergency INVITE with a PIDF-LO circle from its own
 * number and place (an injection file), answered, ACKed and hung up. The gateway sends its 200 OK
 * only after the core journaled the call, so SIPp's response time of the 200 (from the INVITE it
 * sent) is the setup-to-journaled time as the caller sees it; every one goes into an HdrHistogram.
 * A warm-up run at the same rate comes first and is not recorded. A call fails when SIPp counts it
 * as failed (an unexpected response, a timeout, a retransmission limit).
 */
public final class SipRig
{
    /**
     * What a run measured.
     *
     * @param rate       calls per second offered.
     * @param calls      calls SIPp completed successfully.
     * @param failed     calls SIPp counted as failed.
     * @param histogram  setup-to-journaled times, microseconds.
     */
    public record Result(int rate, long calls, long failed, Histogram histogram)
    {
        /** @return the summary line. */
        public String line()
        {
            return String.format(Locale.ROOT, "sip rate=%d/s calls=%d failed=%d p99=%.2fms", rate, calls, failed,
                histogram.getValueAtPercentile(99.0) / 1000.0);
        }
    }

    private SipRig()
    {
    }

    /**
     * Runs the benchmark.
     *
     * @param rate    calls per second.
     * @param seconds recorded duration.
     * @param warmup  unrecorded warm-up, seconds.
     * @param out     where progress and the summary go; the summary is the last line.
     * @return the result.
     */
    public static Result run(final int rate, final int seconds, final int warmup, final NodeContext.Pipeline pipeline,
        final PrintStream out) throws IOException, InterruptedException
    {
        final Path dir = BenchSupport.tempDir("beacon-bench-sip");
        try
        {
            final NodeContext ctx = new NodeContext()
                .dataDir(dir.resolve("data"))
                .aeronDir(dir.resolve("aeron").toString())
                .pipeline(pipeline)
                .stateMachineSupplier(CenterStateMachine::new);
            try (BeaconNode node = BeaconNode.launch(ctx);
                SipGateway gateway = SipGateway.launch(new SipGatewayContext().coreAddress(ctx.coreAddress())
                    .bindAddress("127.0.0.1").port(0)))
            {
                awaitCore(gateway);
                final Path scenario = dir.resolve("bench-call.xml");
                try (InputStream in = SipRig.class.getResourceAsStream("/sip/bench-call.xml"))
                {
                    Files.copy(in, scenario);
                }
                final Path callers = writeCallers(dir.resolve("callers.csv"), rate * (seconds + warmup) + 1000);
                if (warmup > 0)
                {
                    final SippRun warm = sipp(dir, "warmup", scenario, callers, gateway.port(), rate, rate * warmup);
                    out.printf(Locale.ROOT, "# warm-up: %d calls, %d failed%n", warm.successful, warm.failed);
                }
                final SippRun run = sipp(dir, "run", scenario, callers, gateway.port(), rate, rate * seconds);
                out.printf(Locale.ROOT, "# gateway: %d calls journaled, %d answered, %d overloaded (503), p99 INVITE-to-Ack " +
                    "inside the gateway %.2f ms; node pipeline %s%n", gateway.counters().callsJournaled(),
                    gateway.counters().callsAnswered(), gateway.counters().overloaded(),
                    gateway.counters().setupLatencyPercentileNs(99.0) / 1e6, pipeline);
                if (null != node.failure())
                {
                    throw new IllegalStateException("node failed", node.failure());
                }
                final Result result = new Result(rate, run.successful, run.failed, run.responseTimes);
                out.printf(Locale.ROOT, "# setup-to-journaled as the caller sees it: p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                    run.responseTimes.getValueAtPercentile(50) / 1000.0, run.responseTimes.getValueAtPercentile(99) / 1000.0,
                    run.responseTimes.getValueAtPercentile(99.9) / 1000.0, run.responseTimes.getMaxValue() / 1000.0);
                out.println(result.line());
                return result;
            }
        }
        finally
        {
            BenchSupport.deleteRecursively(dir);
        }
    }

    private static void awaitCore(final SipGateway gateway) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!gateway.coreConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the SIP gateway did not connect to the core");
            }
            Thread.sleep(10);
        }
    }

    private static Path writeCallers(final Path file, final int count) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(112);
        final StringBuilder text = new StringBuilder(count * 40).append("SEQUENTIAL\n");
        for (int i = 0; i < count; i++)
        {
            final double lat = (SimulatedCity.CENTER_LAT_MICROS + random.nextInt(-SimulatedCity.HALF_SPAN_MICROS,
                SimulatedCity.HALF_SPAN_MICROS)) / 1e6;
            final double lon = (SimulatedCity.CENTER_LON_MICROS + random.nextInt(-SimulatedCity.HALF_SPAN_MICROS,
                SimulatedCity.HALF_SPAN_MICROS)) / 1e6;
            text.append(String.format(Locale.ROOT, "+849%08d;%.6f;%.6f%n", i, lat, lon));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    /** What one SIPp run counted. */
    private static final class SippRun
    {
        long successful;
        long failed;
        final Histogram responseTimes = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    }

    private static SippRun sipp(final Path dir, final String name, final Path scenario, final Path callers, final int port,
        final int rate, final int calls) throws IOException, InterruptedException
    {
        final Path work = Files.createDirectories(dir.resolve(name));
        final List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + port,
            "-sf", scenario.toString(), "-inf", callers.toString(), "-s", "112",
            "-p", String.valueOf(freeUdpPort()),
            "-r", String.valueOf(rate), "-m", String.valueOf(calls), "-l", String.valueOf(Math.max(100, rate * 4)),
            "-timeout", (calls / Math.max(1, rate) + 60) + "s", "-timeout_error",
            "-trace_stat", "-stf", work.resolve("stat.csv").toString(), "-fd", "1",
            "-trace_rtt", "-rtt_freq", "1",
            "-trace_err", "-error_file", work.resolve("errors.log").toString(),
            "-nostdin"));
        final Process process = new ProcessBuilder(command).directory(work.toFile())
            .redirectErrorStream(true).redirectOutput(work.resolve("sipp.out").toFile()).start();
        if (!process.waitFor(calls / Math.max(1, rate) + 120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("sipp did not finish; see " + work);
        }
        final SippRun run = new SippRun();
        readStats(work.resolve("stat.csv"), run);
        try (var files = Files.list(work))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith("_rtt.csv")).toList())
            {
                readResponseTimes(file, run.responseTimes);
            }
        }
        if (run.successful + run.failed == 0)
        {
            throw new IllegalStateException("sipp ran no call (exit " + process.exitValue() + "): " +
                Files.readString(work.resolve("sipp.out")));
        }
        return run;
    }

    private static void readStats(final Path file, final SippRun run) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        final String[] header = lines.get(0).split(";");
        final String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < header.length && i < last.length; i++)
        {
            if (header[i].equals("SuccessfulCall(C)"))
            {
                run.successful = Long.parseLong(last[i].trim());
            }
            else if (header[i].equals("FailedCall(C)"))
            {
                run.failed = Long.parseLong(last[i].trim());
            }
        }
    }

    private static void readResponseTimes(final Path file, final Histogram histogram) throws IOException
    {
        for (final String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1))
        {
            final String[] fields = line.split(";");
            if (fields.length < 2 || !Character.isDigit(fields[1].trim().isEmpty() ? 'x' : fields[1].trim().charAt(0)))
            {
                continue;
            }
            final double millis = Double.parseDouble(fields[1].trim());
            histogram.recordValue(Math.max(0, Math.min(histogram.getHighestTrackableValue(), Math.round(millis * 1000))));
        }
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
