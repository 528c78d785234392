package org.beacon.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.AckView;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.client.Sources;

/**
 * Open-loop latency of the whole node path: an event offered by a gateway over Aeron IPC, sequenced,
 * journaled (CRC32C and SHA-256 chain), applied by the state machine, its outputs journaled, and its
 * {@code Ack} received back on egress.
 * <p>
 * <b>Open loop, coordinated omission accounted for.</b> Event {@code i} is due at
 * {@code start + i * 1e9 / rate}; its correlation id is {@code i}; its latency is the time its Ack is
 * received minus the time it was <i>due</i>, not the time it was actually sent. A stall anywhere (in the
 * node, in the generator, or the OS) therefore shows up in every event that should have been sent during
 * it. Events of the warm-up period are sent at the same rate but not recorded. Values go into an
 * HdrHistogram in nanoseconds with 3 significant digits.
 * <p>
 * <b>Threads on 2 cores.</b> The rig runs the generator, the node's ingress agent, its pipeline thread
 * ({@link NodeContext.Pipeline#SINGLE_THREAD}: journal, apply, egress on one thread), the embedded media
 * driver (shared mode), two Aeron client conductors and Chronicle's background threads. The generator,
 * the ingress agent and the pipeline all want a core the moment an event moves; with 2 cores one of them
 * is always waiting for the scheduler, and whichever waits adds milliseconds (a scheduler slice) to the
 * tail. Measured on the 2-core development machine (100,000 events/s, surge mix, 3 to 5 s runs, repeated;
 * medians of noisy figures):
 * <table>
 *   <caption>generator / pipeline wait / ingress idle</caption>
 *   <tr><th>choice</th><th>p50</th><th>p99</th><th>p99.99</th></tr>
 *   <tr><td>spin, 2 client threads (a spinning receiver)</td><td>2.2-2.5 ms</td><td>9-11 ms</td><td>21-32 ms</td></tr>
 *   <tr><td>spin / busy / busy</td><td>2.7 ms</td><td>12 ms</td><td>17 ms</td></tr>
 *   <tr><td>spin / yielding / yielding</td><td>5 us</td><td>4 ms</td><td>8 ms</td></tr>
 *   <tr><td>yield / yielding / yielding</td><td>5-6 us</td><td>2-4 ms</td><td>5-19 ms</td></tr>
 *   <tr><td>spin / lite-blocking / sleeping</td><td>55-65 us</td><td>0.8-9 ms</td><td>5-26 ms</td></tr>
 *   <tr><td><b>yield / lite-blocking / backoff</b> (default)</td><td>13-26 us</td><td>1.1-1.9 ms</td><td>4.8-6 ms</td></tr>
 * </table>
 * So the defaults are:
 * <ul>
 *   <li>generator: one thread both sends and polls egress while it waits for the next send time
 *       ({@code --client-threads 1}); it never sleeps, but between polls it calls {@link Thread#yield()}
 *       rather than spinning, so that a node thread the scheduler put on its core runs at once
 *       ({@code --generator-wait spin} spins instead). A second, receiving client thread only adds a
 *       runnable thread;</li>
 *   <li>pipeline: Disruptor {@code LiteBlockingWaitStrategy}: it sleeps until the ingress agent
 *       publishes, so it is not competing for a core while idle;</li>
 *   <li>ingress agent: Agrona {@code BackoffIdleStrategy} (100 spins, 100 yields, then parks 1 to 20 us);</li>
 *   <li>media driver: a backoff that parks up to 1 ms: for IPC the driver only moves publication limits
 *       and cleans terms, so it stays off the latency path.</li>
 * </ul>
 * Every one of them can be changed on the command line to repeat the comparison. The rig also prints how
 * many recorded milliseconds held an event slower than 1 ms and whether the generator itself was late
 * then (it had no core) or on time (the node was slow), and splits each latency at the sequencer's stamp.
 */
public final class LatencyRig
{
    /** What a run does; defaults are the measured best on a 2-core machine. */
    public static final class Config extends RigConfig<Config>
    {
        long rate = 100_000;
        double seconds = 10;
        double warmupSeconds = 2;
        int clientThreads = 1;
        boolean generatorYields = true;
        int maxPoolEvents = 2_000_000;
        long drainTimeoutNs = TimeUnit.SECONDS.toNanos(10);

        /** A run at 100,000 events/s for 10 s after 2 s of warm-up; pipeline wait lite-blocking, ingress idle backoff. */
        public Config()
        {
            super("lite-blocking", "backoff");
        }

        /** @return this, with the event rate (events per second) set. */
        public Config rate(final long rate)
        {
            this.rate = rate;
            return this;
        }

        /** @return this, with the recorded duration set. */
        public Config seconds(final double seconds)
        {
            this.seconds = seconds;
            return this;
        }

        /** @return this, with the unrecorded warm-up duration set. */
        public Config warmupSeconds(final double warmupSeconds)
        {
            this.warmupSeconds = warmupSeconds;
            return this;
        }

        /** @return this, with 1 (send and receive on one thread) or 2 (a receiver thread) set. */
        public Config clientThreads(final int clientThreads)
        {
            this.clientThreads = clientThreads;
            return this;
        }

        /**
         * @return this, with how the generator waits for a send time set: {@code true} to call
         * {@link Thread#yield()} between polls (it stays runnable but lets a node thread sharing its core
         * run), {@code false} to spin with {@link Thread#onSpinWait()} only.
         */
        public Config generatorYields(final boolean generatorYields)
        {
            this.generatorYields = generatorYields;
            return this;
        }

        /** @return this, with the largest number of distinct events generated (longer runs cycle through them). */
        public Config maxPoolEvents(final int maxPoolEvents)
        {
            this.maxPoolEvents = maxPoolEvents;
            return this;
        }

        void validate()
        {
            if (rate <= 0 || seconds <= 0 || warmupSeconds < 0 || (clientThreads != 1 && clientThreads != 2))
            {
                throw new IllegalArgumentException("rate and seconds must be positive, warm-up not negative, client threads 1 or 2");
            }
            validateStrategies();
        }
    }

    /** The outcome of a run. */
    public static final class Result
    {
        private final long rate;
        private final long sent;
        private final long missing;
        private final long rejected;
        private final Histogram histogram;

        Result(final long rate, final long sent, final long missing, final long rejected, final Histogram histogram)
        {
            this.rate = rate;
            this.sent = sent;
            this.missing = missing;
            this.rejected = rejected;
            this.histogram = histogram;
        }

        /** @return recorded events sent (warm-up excluded). */
        public long sent()
        {
            return sent;
        }

        /** @return events, warm-up included, whose Ack never arrived. */
        public long missing()
        {
            return missing;
        }

        /** @return events the node acknowledged with a rejection code. */
        public long rejected()
        {
            return rejected;
        }

        /** @return the latencies of the recorded events, in nanoseconds. */
        public Histogram histogram()
        {
            return histogram;
        }

        /** @return whether every event was journaled and acknowledged. */
        public boolean ok()
        {
            return missing == 0 && rejected == 0;
        }

        /** @return the summary line the rig prints last. */
        public String line()
        {
            return String.format(Locale.ROOT, "latency rate=%d/s sent=%d p50=%.1fus p99=%.1fus p99.9=%.1fus p99.99=%.1fus max=%.1fus",
                rate, sent, micros(50), micros(99), micros(99.9), micros(99.99), histogram.getMaxValue() / 1000.0);
        }

        private double micros(final double percentile)
        {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * Worst latency and worst send lag per millisecond of the schedule, to tell the two kinds of stall
     * apart: the generator itself was late (it did not get a core), or it was on time and the node was slow.
     */
    static final class Timeline
    {
        static final long STALL_NS = 1_000_000;
        final long[] maxLatency;
        final long[] maxSendLag;
        private final long startNs;
        private final long firstRecordedNs;

        Timeline(final long startNs, final long firstRecordedNs, final long durationNs)
        {
            final int buckets = (int)Math.min(Integer.MAX_VALUE - 8, durationNs / 1_000_000L + 1);
            this.maxLatency = new long[buckets];
            this.maxSendLag = new long[buckets];
            this.startNs = startNs;
            this.firstRecordedNs = firstRecordedNs;
        }

        private int bucket(final long dueNs)
        {
            final long b = (dueNs - startNs) / 1_000_000L;
            return b >= 0 && b < maxLatency.length ? (int)b : -1;
        }

        void latency(final long dueNs, final long latencyNs)
        {
            final int b = bucket(dueNs);
            if (b >= 0 && latencyNs > maxLatency[b])
            {
                maxLatency[b] = latencyNs;
            }
        }

        void sendLag(final long dueNs, final long lagNs)
        {
            final int b = bucket(dueNs);
            if (b >= 0 && lagNs > maxSendLag[b])
            {
                maxSendLag[b] = lagNs;
            }
        }

        String summary()
        {
            int stalled = 0;
            int senderLate = 0;
            final int first = (int)Math.max(0, (firstRecordedNs - startNs) / 1_000_000L);
            for (int b = first; b < maxLatency.length; b++)
            {
                if (maxLatency[b] > STALL_NS)
                {
                    stalled++;
                    if (maxSendLag[b] > STALL_NS / 2)
                    {
                        senderLate++;
                    }
                }
            }
            return String.format(Locale.ROOT, "%d of %d recorded milliseconds hold an event slower than 1 ms; in %d of them the " +
                "generator itself was over 0.5 ms late (it had no core), in %d it was on time (the node was slow)",
                stalled, maxLatency.length - first, senderLate, stalled - senderLate);
        }
    }

    /** Turns egress frames into recorded latencies; used by exactly one thread. */
    static final class AckRecorder implements CoreClient.EgressListener
    {
        private final AckView ack = new AckView();
        private final Histogram histogram;
        private final Histogram toSequencer;
        private final Histogram sequencerToAck;
        private final long startNs;
        private final double nsPerEvent;
        private final long warmupEvents;
        private final long epochOffsetNs;
        private final long maxValue;
        private final Timeline timeline;
        volatile long acked;
        long rejected;

        AckRecorder(final Histogram histogram, final long startNs, final double nsPerEvent, final long warmupEvents,
            final long epochOffsetNs, final Timeline timeline)
        {
            this.timeline = timeline;
            this.histogram = histogram;
            this.toSequencer = new Histogram(histogram.getHighestTrackableValue(), 3);
            this.sequencerToAck = new Histogram(histogram.getHighestTrackableValue(), 3);
            this.startNs = startNs;
            this.nsPerEvent = nsPerEvent;
            this.warmupEvents = warmupEvents;
            this.epochOffsetNs = epochOffsetNs;
            this.maxValue = histogram.getHighestTrackableValue();
        }

        @Override
        public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (!ack.wrap(buffer, offset, length))
            {
                return;
            }
            final long now = System.nanoTime();
            final long index = ack.correlationId();
            if (!ack.journaled())
            {
                rejected++;
            }
            if (index >= warmupEvents)
            {
                final long dueNs = startNs + (long)(index * nsPerEvent);
                histogram.recordValue(clamp(now - dueNs));
                timeline.latency(dueNs, now - dueNs);
                // Diagnostic split at the sequencer's stamp (epoch clock, mapped onto nanoTime at start).
                final long stampedNs = timestampNs - epochOffsetNs;
                toSequencer.recordValue(clamp(stampedNs - dueNs));
                sequencerToAck.recordValue(clamp(now - stampedNs));
            }
            acked = acked + 1;
        }

        private long clamp(final long value)
        {
            return Math.min(Math.max(value, 0), maxValue);
        }
    }

    private LatencyRig()
    {
    }

    /**
     * Runs the rig: launches a node in a temporary folder, warms it up, measures, and deletes the
     * folder. Progress goes to {@code out}; the summary line ({@link Result#line()}) is printed last.
     *
     * @param config what to run.
     * @param out    where to report.
     * @return the result.
     */
    public static Result run(final Config config, final PrintStream out)
    {
        config.validate();
        final double nsPerEvent = 1e9 / config.rate;
        final long warmupEvents = (long)(config.warmupSeconds * config.rate);
        final long measuredEvents = Math.max(1, (long)(config.seconds * config.rate));
        final long total = warmupEvents + measuredEvents;
        final EventMix mix = config.generateMix((int)Math.min(total, config.maxPoolEvents));
        out.printf(Locale.ROOT, "# latency rig: rate=%d/s warmup=%.1fs seconds=%.1fs events=%d, mix: %s (%s)%n",
            config.rate, config.warmupSeconds, config.seconds, total, mix.describe(), config.mixName());
        out.printf(Locale.ROOT, "# generator waits by %s; client-threads=%d, pipeline=%s, durability=%s, wait=%s, " +
            "ingress idle=%s, driver idle=%s, snapshot every %d%n", config.generatorYields ? "yielding" : "spinning",
            config.clientThreads, config.pipeline, config.durability.name().toLowerCase(Locale.ROOT), config.waitStrategy,
            config.ingressIdle, config.driverIdle, config.snapshotEvery);

        final Path dataDir = BenchSupport.tempDir("beacon-latency-");
        final NodeContext ctx = config.nodeContext(dataDir);
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx.coreAddress(), Sources.SIMULATED_CITY))
        {
            awaitConnected(client);
            final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            final Timeline timeline = new Timeline(startNs, startNs + (long)(warmupEvents * nsPerEvent), (long)(total * nsPerEvent));
            final AckRecorder recorder = new AckRecorder(histogram, startNs, nsPerEvent, warmupEvents, epochOffsetNs(), timeline);
            final long[] lag = config.clientThreads == 1 ?
                sendAndReceive(client, recorder, mix, total, startNs, nsPerEvent, config.drainTimeoutNs, config.generatorYields,
                    timeline) :
                sendWithReceiverThread(client, recorder, mix, total, startNs, nsPerEvent, config.drainTimeoutNs,
                    config.generatorYields, timeline);
            out.printf(Locale.ROOT, "# sender: max lag behind schedule %.1fus, sends more than 10us late: %d%n",
                lag[0] / 1000.0, lag[1]);
            out.println("# stalls: " + timeline.summary());
            out.println("# split at the sequencer's stamp (approximate: two clocks): due -> sequenced " +
                summary(recorder.toSequencer) + "; sequenced -> Ack received " + summary(recorder.sequencerToAck));
            out.printf(Locale.ROOT, "# node: journaled=%d applied-seq=%d outputs=%d ticks=%d egress-back-pressured=%d " +
                "forces=%d forced-seq=%d%n", node.counters().inputsJournaled(), node.counters().lastAppliedSequence(),
                node.counters().outputsEmitted(), node.counters().ticks(), node.counters().egressBackPressured(),
                node.counters().journalForces(), node.counters().journalForcedSequence());
            if (null != node.failure())
            {
                out.println("# node failed: " + node.failure());
            }
            final long missing = total - recorder.acked;
            if (missing > 0 || recorder.rejected > 0)
            {
                out.printf(Locale.ROOT, "FAILED: %d of %d events never acknowledged, %d rejected (counted as failures)%n",
                    missing, total, recorder.rejected);
            }
            final Result result = new Result(config.rate, measuredEvents, missing, recorder.rejected, histogram);
            out.println(result.line());
            return result;
        }
        finally
        {
            BenchSupport.deleteRecursively(dataDir);
        }
    }

    /** One thread: busy-spins to each send time, polling egress while it waits. */
    private static long[] sendAndReceive(final CoreClient client, final AckRecorder recorder, final EventMix mix,
        final long total, final long startNs, final double nsPerEvent, final long drainTimeoutNs, final boolean yields,
        final Timeline timeline)
    {
        final int poolSize = mix.count();
        long maxLag = 0;
        long lateSends = 0;
        for (long i = 0; i < total; i++)
        {
            final long dueNs = startNs + (long)(i * nsPerEvent);
            long now;
            while (true)
            {
                final int fragments = client.poll(recorder, 16);
                now = System.nanoTime();
                if (now >= dueNs)
                {
                    break;
                }
                if (0 == fragments)
                {
                    pause(yields);
                }
            }
            final long lag = now - dueNs;
            maxLag = Math.max(maxLag, lag);
            timeline.sendLag(dueNs, lag);
            if (lag > 10_000)
            {
                lateSends++;
            }
            final int e = (int)(i % poolSize);
            offer(client, i, mix, e);
        }
        final long deadline = System.nanoTime() + drainTimeoutNs;
        while (recorder.acked < total && System.nanoTime() < deadline)
        {
            if (client.poll(recorder, 64) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return new long[] {maxLag, lateSends};
    }

    /** Two threads: this one busy-spins to each send time, a second one busy-polls egress. */
    private static long[] sendWithReceiverThread(final CoreClient client, final AckRecorder recorder, final EventMix mix,
        final long total, final long startNs, final double nsPerEvent, final long drainTimeoutNs, final boolean yields,
        final Timeline timeline)
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread receiver = new Thread(() ->
        {
            // offer() and poll() of CoreClient touch disjoint state (publication and frame buffer versus
            // subscription and listener), so one thread may offer while this one polls.
            final long deadlineAfterStop = drainTimeoutNs;
            long stopSeen = 0;
            while (recorder.acked < total)
            {
                if (client.poll(recorder, 64) == 0)
                {
                    pause(yields);
                }
                if (stopSeen == 0 && stop.get())
                {
                    stopSeen = System.nanoTime();
                }
                if (stopSeen != 0 && System.nanoTime() - stopSeen > deadlineAfterStop)
                {
                    break;
                }
            }
        }, "latency-receiver");
        receiver.start();
        final int poolSize = mix.count();
        long maxLag = 0;
        long lateSends = 0;
        for (long i = 0; i < total; i++)
        {
            final long dueNs = startNs + (long)(i * nsPerEvent);
            long now;
            while ((now = System.nanoTime()) < dueNs)
            {
                pause(yields);
            }
            final long lag = now - dueNs;
            maxLag = Math.max(maxLag, lag);
            timeline.sendLag(dueNs, lag);
            if (lag > 10_000)
            {
                lateSends++;
            }
            offer(client, i, mix, (int)(i % poolSize));
        }
        stop.set(true);
        try
        {
            receiver.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return new long[] {maxLag, lateSends};
    }

    private static void pause(final boolean yields)
    {
        if (yields)
        {
            Thread.yield();
        }
        else
        {
            Thread.onSpinWait();
        }
    }

    private static void offer(final CoreClient client, final long correlationId, final EventMix mix, final int e)
    {
        final long result = client.offer(correlationId, mix.buffer(), mix.offset(e), mix.length(e));
        if (result < 0)
        {
            throw new IllegalStateException("offer failed: " + result + " (node not connected or closed)");
        }
    }

    private static String summary(final Histogram h)
    {
        return String.format(Locale.ROOT, "p50=%.1fus p99=%.1fus p99.99=%.1fus max=%.1fus", h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    /** @return the sequencer's epoch clock minus {@link System#nanoTime()}, from the tightest of a few samples. */
    private static long epochOffsetNs()
    {
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 1_000; i++)
        {
            final long before = System.nanoTime();
            final long epoch = clock.nanoTime();
            final long after = System.nanoTime();
            if (after - before < best)
            {
                best = after - before;
                offset = epoch - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    static void awaitConnected(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("client did not connect to the node within 10 s");
            }
            Thread.yield();
        }
    }
}
