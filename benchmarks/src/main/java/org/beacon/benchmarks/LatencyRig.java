package org.beacon.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.CoreClient;
import org.beacon.core.NodeContext;

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
 * driver (shared mode) and the Aeron clients' conductors. Only the generator busy-spins (it must, to hit
 * its send times); every node thread has to give the core back when idle, otherwise two spinners starve
 * the third. Measured choices (see the benchmarks' notes in the report):
 * <ul>
 *   <li>generator: one thread both sends and polls egress while it waits for the next send time
 *       ({@code --client-threads 1}); a second, spinning receiver thread takes a core from the node and
 *       is worse on 2 cores;</li>
 *   <li>pipeline: Disruptor {@code YieldingWaitStrategy} (spins 100 times, then {@code Thread.yield});</li>
 *   <li>ingress agent: Agrona {@code YieldingIdleStrategy};</li>
 *   <li>media driver: a backoff that parks up to 1 ms: for IPC the driver only moves publication limits
 *       and cleans terms, so it stays off the latency path.</li>
 * </ul>
 * Every one of them can be changed on the command line to repeat the comparison.
 */
public final class LatencyRig
{
    /** What a run does; defaults are the measured best on a 2-core machine. */
    public static final class Config
    {
        long rate = 100_000;
        double seconds = 10;
        double warmupSeconds = 2;
        int clientThreads = 1;
        String waitStrategy = "yielding";
        String ingressIdle = "yielding";
        String driverIdle = "backoff-long";
        long seed = 112;
        int callsPerMillion = EventMix.CITY_MIX;
        int units = EventMix.DEFAULT_UNITS;
        int maxPoolEvents = 2_000_000;
        long drainTimeoutNs = TimeUnit.SECONDS.toNanos(10);

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

        /** @return this, with the pipeline's wait strategy set (see {@link Strategies#WAIT_NAMES}). */
        public Config waitStrategy(final String waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /** @return this, with the ingress agent's idle strategy set (see {@link Strategies#IDLE_NAMES}). */
        public Config ingressIdle(final String ingressIdle)
        {
            this.ingressIdle = ingressIdle;
            return this;
        }

        /** @return this, with the media driver's idle strategy set (see {@link Strategies#IDLE_NAMES}). */
        public Config driverIdle(final String driverIdle)
        {
            this.driverIdle = driverIdle;
            return this;
        }

        /** @return this, with the event generator's seed set. */
        public Config seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** @return this, with the size of the simulated fleet set (the first events register it). */
        public Config units(final int units)
        {
            this.units = units;
            return this;
        }

        /** @return this, with the share of calls set (per million events; {@link EventMix#CITY_MIX} for the city's own). */
        public Config callsPerMillion(final int callsPerMillion)
        {
            this.callsPerMillion = callsPerMillion;
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
            Strategies.waitStrategy(waitStrategy);
            Strategies.idleStrategy(ingressIdle);
            Strategies.idleStrategy(driverIdle);
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

    /** Turns egress frames into recorded latencies; used by exactly one thread. */
    static final class AckRecorder implements CoreClient.EgressListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final AckDecoder ack = new AckDecoder();
        private final Histogram histogram;
        private final long startNs;
        private final double nsPerEvent;
        private final long warmupEvents;
        private final long maxValue;
        volatile long acked;
        long rejected;

        AckRecorder(final Histogram histogram, final long startNs, final double nsPerEvent, final long warmupEvents)
        {
            this.histogram = histogram;
            this.startNs = startNs;
            this.nsPerEvent = nsPerEvent;
            this.warmupEvents = warmupEvents;
            this.maxValue = histogram.getHighestTrackableValue();
        }

        @Override
        public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() != AckDecoder.TEMPLATE_ID || header.schemaId() != AckDecoder.SCHEMA_ID)
            {
                return;
            }
            final long now = System.nanoTime();
            ack.wrapAndApplyHeader(buffer, offset, header);
            final long index = ack.correlationId();
            if (ack.code() != AckCode.JOURNALED)
            {
                rejected++;
            }
            if (index >= warmupEvents)
            {
                final long latency = now - (startNs + (long)(index * nsPerEvent));
                histogram.recordValue(Math.min(Math.max(latency, 0), maxValue));
            }
            acked = acked + 1;
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
        final EventMix mix = EventMix.generate(
            config.seed, (int)Math.min(total, config.maxPoolEvents), config.units, config.callsPerMillion);
        out.printf(Locale.ROOT, "# latency rig: rate=%d/s warmup=%.1fs seconds=%.1fs events=%d, mix: %s (%s)%n",
            config.rate, config.warmupSeconds, config.seconds, total, mix.describe(),
            config.callsPerMillion == EventMix.CITY_MIX ? "city" : config.callsPerMillion + " calls per million");
        out.printf(Locale.ROOT, "# client-threads=%d, pipeline wait=%s, ingress idle=%s, driver idle=%s%n",
            config.clientThreads, config.waitStrategy, config.ingressIdle, config.driverIdle);

        final Path dataDir = BenchSupport.tempDir("beacon-latency-");
        final NodeContext ctx = new NodeContext()
            .dataDir(dataDir)
            .stateMachineSupplier(BenchSupport::newStateMachine)
            .pipeline(NodeContext.Pipeline.SINGLE_THREAD)
            .waitStrategy(Strategies.waitStrategy(config.waitStrategy))
            .ingressIdleStrategy(Strategies.idleStrategy(config.ingressIdle))
            .driverIdleStrategy(Strategies.idleStrategy(config.driverIdle))
            .snapshotOnClose(false);
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx, 1))
        {
            awaitConnected(client);
            final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            final AckRecorder recorder = new AckRecorder(histogram, startNs, nsPerEvent, warmupEvents);
            final long[] lag = config.clientThreads == 1 ?
                sendAndReceive(client, recorder, mix, total, startNs, nsPerEvent, config.drainTimeoutNs) :
                sendWithReceiverThread(client, recorder, mix, total, startNs, nsPerEvent, config.drainTimeoutNs);
            out.printf(Locale.ROOT, "# sender: max lag behind schedule %.1fus, sends more than 10us late: %d%n",
                lag[0] / 1000.0, lag[1]);
            out.printf(Locale.ROOT, "# node: journaled=%d applied-seq=%d outputs=%d ticks=%d egress-back-pressured=%d%n",
                node.counters().inputsJournaled(), node.counters().lastAppliedSequence(), node.counters().outputsEmitted(),
                node.counters().ticks(), node.counters().egressBackPressured());
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
        final long total, final long startNs, final double nsPerEvent, final long drainTimeoutNs)
    {
        final int poolSize = mix.count();
        long maxLag = 0;
        long lateSends = 0;
        for (long i = 0; i < total; i++)
        {
            final long dueNs = startNs + (long)(i * nsPerEvent);
            long now;
            do
            {
                client.poll(recorder, 16);
                now = System.nanoTime();
            }
            while (now < dueNs);
            final long lag = now - dueNs;
            maxLag = Math.max(maxLag, lag);
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
        final long total, final long startNs, final double nsPerEvent, final long drainTimeoutNs)
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
                    Thread.onSpinWait();
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
                Thread.onSpinWait();
            }
            final long lag = now - dueNs;
            maxLag = Math.max(maxLag, lag);
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

    private static void offer(final CoreClient client, final long correlationId, final EventMix mix, final int e)
    {
        final long result = client.offer(correlationId, mix.buffer(), mix.offset(e), mix.length(e));
        if (result < 0)
        {
            throw new IllegalStateException("offer failed: " + result + " (node not connected or closed)");
        }
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
