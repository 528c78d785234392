package org.beacon.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.beacon.benchmarks.BenchSupport;
import org.beacon.benchmarks.Strategies;
import org.beacon.core.BeaconNode;
import org.beacon.core.DiskGuard;
import org.beacon.core.NodeContext;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.Sources;

/**
 * The soak: a simulated city ({@link SoakCity}) runs for N days of event time at full speed against a real node
 * ({@link BeaconNode} with the center's state machine, journals on disk, durability {@code async}) through one gateway
 * client. At each simulated midnight the city stops, every Ack is awaited, a {@code SnapshotRequest} makes the node
 * snapshot, and one line gives the day's events (inputs journaled, ticks included), the live heap after a full GC, the
 * snapshot's size and the wall time per event of that day (from the day's first offer to its last Ack, divided by its
 * events). The end closes the node, times a restart on the same folder (launch until recovery is done) and prints
 * {@link Result#line()}. What proves the state bounded is day N against day 2: with retention, closed incidents leave
 * the live state a day after closing, so heap, snapshot and cost per event level off after the first day.
 */
public final class SoakBench
{
    /** Simulated start: midnight, 1 January 2026 UTC. */
    static final long START_NS = TimeUnit.SECONDS.toNanos(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    /** What a run does. */
    public static final class Config
    {
        int days = 30;
        int callsPerDay = 20_000;
        int units = 1_000;
        double avlPerUnitMinutes = 1.0;
        long seed = 112;
        Path data;
        long tickMs = 100;
        long signalStepMs = 1_000;
        int window = 512;

        /** @return this, with the simulated days set (at least 2). */
        public Config days(final int days)
        {
            this.days = days;
            return this;
        }

        /** @return this, with the calls a day set (a third of them nuisance or repeat calls). */
        public Config callsPerDay(final int callsPerDay)
        {
            this.callsPerDay = callsPerDay;
            return this;
        }

        /** @return this, with the fleet's size set. */
        public Config units(final int units)
        {
            this.units = units;
            return this;
        }

        /** @return this, with the minutes between two AVL fixes of one unit set (the bench's thinning). */
        public Config avlPerUnitMinutes(final double minutes)
        {
            this.avlPerUnitMinutes = minutes;
            return this;
        }

        /** @return this, with the seed of the city set. */
        public Config seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** @return this, with the data folder set (kept after the run); null: a temporary folder, deleted after it. */
        public Config data(final Path data)
        {
            this.data = data;
            return this;
        }

        /** @return this, with the node's tick interval set, milliseconds of event time. */
        public Config tickMs(final long tickMs)
        {
            this.tickMs = tickMs;
            return this;
        }

        /**
         * @return this, with how often the simulated signal cabinets are stepped set, milliseconds of event time; 0: no signal
         *     field. A step of more than a few seconds skips clearance intervals and trips the cabinets' conflict monitors.
         */
        public Config signalStepMs(final long signalStepMs)
        {
            this.signalStepMs = signalStepMs;
            return this;
        }

        /** Throws {@link IllegalArgumentException} on a setting the soak cannot run with, saying which. */
        public void validate()
        {
            if (days < 2 || callsPerDay < 0 || units < 1 || !(avlPerUnitMinutes > 0) || tickMs < 1 || signalStepMs < 0 ||
                window < 1)
            {
                throw new IllegalArgumentException("--days must be at least 2, --units, --avl-per-unit-minutes and --tick-ms " +
                    "positive, --calls-per-day and --signal-step-ms not negative");
            }
            if (null != data && Files.exists(data.resolve("journal")))
            {
                throw new IllegalArgumentException("the soak needs a new data folder: " + data + " already holds a journal");
            }
        }
    }

    /**
     * One simulated day's figures.
     *
     * @param day           1, 2, ...
     * @param events        inputs the node journaled that day, ticks included.
     * @param heapMb        the live heap after a full GC at the day's end, MB.
     * @param snapshotBytes the size of the snapshot taken at the day's end.
     * @param usPerEvent    wall time of the day divided by its events, microseconds.
     * @param cpuUsPerEvent the process's CPU time of the day (every thread: node, city, media driver, GC, JIT) divided by
     *                      its events, microseconds: steadier than wall time on a shared machine.
     * @param retired       incidents the node retired from its live state that day ({@code IncidentRetired}).
     */
    public record Day(int day, long events, double heapMb, long snapshotBytes, double usPerEvent, double cpuUsPerEvent,
        long retired)
    {
    }

    /** The outcome of a run. */
    public record Result(int days, long events, List<Day> perDay, double restartS, long problems)
    {
        /** @return whether every event was journaled and applied: none refused, lost or failed. */
        public boolean ok()
        {
            return problems == 0;
        }

        /** @return the last line of the report. */
        public String line()
        {
            final Day second = perDay.get(1);
            final Day last = perDay.get(perDay.size() - 1);
            return String.format(Locale.ROOT, "soak days=%d events=%d heap_day2=%.1fMB heap_day%d=%.1fMB snapshot_day2=%dKB " +
                "snapshot_day%d=%dKB us_per_event_day2=%.2f us_per_event_day%d=%.2f restart_s=%.2f", days, events, second.heapMb,
                last.day, last.heapMb, kb(second.snapshotBytes), last.day, kb(last.snapshotBytes), second.usPerEvent, last.day,
                last.usPerEvent, restartS);
        }
    }

    private SoakBench()
    {
    }

    private static long kb(final long bytes)
    {
        return (bytes + 512) / 1024;
    }

    /**
     * Runs the soak and prints a header, a line per day, the restart and {@link Result#line()} last.
     *
     * @param config what to run.
     * @param out    where to report.
     * @return the result.
     */
    public static Result run(final Config config, final PrintStream out)
    {
        config.validate();
        final Path dataDir = null != config.data ? config.data : BenchSupport.tempDir("beacon-soak-");
        out.printf(Locale.ROOT, "# soak: %d days of event time from %s; %d calls a day (a sixth repeat, a sixth nuisance), " +
            "%d units with one AVL fix every %.1f min each, the demo's signal field stepped every %d ms; tick %d ms; all of it " +
            "event time%n", config.days, Instant.ofEpochSecond(0, START_NS), config.callsPerDay, config.units,
            config.avlPerUnitMinutes, config.signalStepMs, config.tickMs);
        out.printf(Locale.ROOT, "# node: %s, durability async (Acks once in the page cache), window %d, data %s%n",
            NodeContext.Pipeline.SHARED_THREAD, config.window, dataDir);
        out.println("# the sequencer ticks at most once per duty cycle: at full speed one cycle spans seconds of event time, so " +
            "fewer ticks are journaled than one per tick interval (ticks= below)");
        final long wallStart = System.nanoTime();
        try
        {
            final SimClock clock = new SimClock(START_NS);
            final List<Day> days = new ArrayList<>();
            final long[] totals = new long[2];
            runDays(config, nodeContext(dataDir, clock, config.tickMs), clock, days, totals, out);
            final double restartS = timeRestart(nodeContext(dataDir, new SimClock(clock.nanoTime()), config.tickMs), out);
            out.printf(Locale.ROOT, "# journals %.1f MB on disk (%s), run took %.1f s of wall time%n",
                folderBytes(dataDir.resolve("journal")) / 1e6, dataDir.resolve("journal"), (System.nanoTime() - wallStart) / 1e9);
            final Result result = new Result(config.days, totals[0], days, restartS, totals[1]);
            if (!result.ok())
            {
                out.println("FAILED: " + result.problems() + " events refused, lost or failed");
            }
            out.println(result.line());
            return result;
        }
        finally
        {
            if (null == config.data)
            {
                BenchSupport.deleteRecursively(dataDir);
            }
        }
    }

    /** The node as the soak runs it: the center's state machine, async, yielding threads, a disk check per 30 s of event time. */
    static NodeContext nodeContext(final Path dataDir, final SimClock clock, final long tickMs)
    {
        final DiskGuard.Settings disk = DiskGuard.Settings.defaults();
        return new NodeContext()
            .dataDir(dataDir)
            .stateMachineSupplier(BenchSupport::newStateMachine)
            .clock(clock)
            .tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(tickMs))
            .pipeline(NodeContext.Pipeline.SHARED_THREAD)
            .durability(NodeContext.Durability.ASYNC)
            .waitStrategy(Strategies.waitStrategy("yielding"))
            .ingressIdleStrategy(Strategies.idleStrategy("yielding"))
            .driverIdleStrategy(Strategies.idleStrategy("backoff-long"))
            .disk(new DiskGuard.Settings(disk.lowWaterBytes(), disk.reserveBytes(), disk.ballastBytes(), disk.floorBytes(),
                TimeUnit.SECONDS.toNanos(30), new int[0]));
    }

    private static void runDays(
        final Config config, final NodeContext ctx, final SimClock clock, final List<Day> days, final long[] totals,
        final PrintStream out)
    {
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx.coreAddress(), Sources.SIMULATED_CITY))
        {
            awaitConnected(client);
            final SoakCity city = new SoakCity(client, clock, config.seed, config.units, config.callsPerDay,
                config.avlPerUnitMinutes, TimeUnit.MILLISECONDS.toNanos(config.signalStepMs), config.window);
            city.start();
            SoakCity.Tally before = copy(city.tally());
            long problems = 0;
            for (int day = 1; day <= config.days; day++)
            {
                final long journaledBefore = node.counters().inputsJournaled();
                final long ticksBefore = node.counters().ticks();
                final long wallBefore = System.nanoTime();
                final long cpuBefore = processCpuNs();
                city.runUntil(START_NS + day * SoakCity.DAY);
                final boolean drained = city.drain(DRAIN_TIMEOUT_NS);
                final long wallNs = System.nanoTime() - wallBefore;
                final long cpuNs = processCpuNs() - cpuBefore;
                final long events = node.counters().inputsJournaled() - journaledBefore;
                if (null != node.failure())
                {
                    throw new IllegalStateException("node failed on day " + day, node.failure());
                }
                final long sequence = city.requestSnapshot(DRAIN_TIMEOUT_NS);
                final long snapshotBytes = snapshotSize(ctx.snapshotDir(), sequence);
                final double heapMb = heapAfterGc() / 1e6;
                final SoakCity.Tally now = city.tally();
                final Day figures = new Day(day, events, heapMb, snapshotBytes, wallNs / 1e3 / Math.max(1, events),
                    cpuNs / 1e3 / Math.max(1, events), now.incidentsRetired - before.incidentsRetired);
                days.add(figures);
                out.printf(Locale.ROOT, "day=%d events=%d heap=%.1fMB snapshot=%dKB us_per_event=%.2f cpu_us_per_event=%.2f | " +
                    "calls=%d (repeat %d, " +
                    "nuisance %d) incidents opened=%d closed=%d retired=%d open-now=%d dispatches=%d commands-rejected=%d " +
                    "avl=%d unit-status=%d signal-status=%d ticks=%d wall=%.1fs%s%n", day, events, heapMb, kb(snapshotBytes),
                    figures.usPerEvent(), figures.cpuUsPerEvent(), now.calls() - before.calls(), now.repeatCalls - before.repeatCalls,
                    now.nuisanceCalls - before.nuisanceCalls, now.incidentsOpened - before.incidentsOpened,
                    now.incidentsClosed - before.incidentsClosed, now.incidentsRetired - before.incidentsRetired,
                    city.openIncidents(), now.dispatches - before.dispatches, now.commandsRejected - before.commandsRejected,
                    now.avlFixes - before.avlFixes, now.unitStatuses - before.unitStatuses,
                    now.signalStatuses - before.signalStatuses, node.counters().ticks() - ticksBefore, wallNs / 1e9,
                    drained ? "" : " NOT DRAINED");
                before = copy(now);
            }
            problems += city.sent() - city.acked() + city.rejected() + node.counters().eventsFailed();
            out.printf(Locale.ROOT, "# offered=%d acknowledged=%d refused=%d failed-in-state-machine=%d signal-fault-trips=%d%n",
                city.sent(), city.acked(), city.rejected(), node.counters().eventsFailed(), city.faultTrips());
            totals[0] = node.counters().inputsJournaled();
            totals[1] = problems;
        }
    }

    private static SoakCity.Tally copy(final SoakCity.Tally t)
    {
        final SoakCity.Tally c = new SoakCity.Tally();
        c.genuineCalls = t.genuineCalls;
        c.repeatCalls = t.repeatCalls;
        c.nuisanceCalls = t.nuisanceCalls;
        c.avlFixes = t.avlFixes;
        c.unitStatuses = t.unitStatuses;
        c.signalStatuses = t.signalStatuses;
        c.commands = t.commands;
        c.incidentsOpened = t.incidentsOpened;
        c.incidentsClosed = t.incidentsClosed;
        c.incidentsRetired = t.incidentsRetired;
        c.dispatches = t.dispatches;
        c.commandsRejected = t.commandsRejected;
        return c;
    }

    /** Launches a node on the folder the soak left, until its recovery is done; returns the seconds it took. */
    private static double timeRestart(final NodeContext ctx, final PrintStream out)
    {
        ctx.snapshotOnClose(false);
        final long start = System.nanoTime();
        try (BeaconNode node = BeaconNode.launch(ctx))
        {
            final double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "# restart: launched in %.2f s; newest snapshot at sequence %d, recovery read %d journal " +
                "records up to sequence %d%n", seconds, snapshotSequence(ctx.snapshotDir()), node.recovery().inputsRead(),
                node.recovery().lastSequence());
            return seconds;
        }
    }

    private static long snapshotSequence(final Path snapshotDir)
    {
        try (Stream<Path> files = Files.list(snapshotDir))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("snapshot-") && n.endsWith(".snp"))
                .mapToLong(n -> Long.parseLong(n.substring("snapshot-".length(), n.length() - ".snp".length()))).max().orElse(0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits for the snapshot taken at {@code sequence} to land in the folder; returns its size. */
    private static long snapshotSize(final Path snapshotDir, final long sequence)
    {
        if (sequence <= 0)
        {
            throw new IllegalStateException("the snapshot request was not journaled");
        }
        final Path file = snapshotDir.resolve(String.format(Locale.ROOT, "snapshot-%020d.snp", sequence));
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (!Files.exists(file))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("no snapshot " + file + " within 60 s");
            }
            sleepMs(1);
        }
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return CPU time of this process so far (every thread), or 0 where the JVM cannot say. */
    private static long processCpuNs()
    {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ?
            Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static long heapAfterGc()
    {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long folderBytes(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(p ->
            {
                try
                {
                    return Files.size(p);
                }
                catch (final IOException ex)
                {
                    return 0;
                }
            }).sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void awaitConnected(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the client did not connect to the node within 10 s");
            }
            Thread.yield();
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
