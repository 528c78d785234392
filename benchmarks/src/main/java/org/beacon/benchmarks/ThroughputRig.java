package org.beacon.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.AckView;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.core.client.Sources;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * Sustained throughput of the node compared with two references, in one run, over the same
 * pre-generated event mix and the same 40-byte record header:
 * <ol>
 *   <li><b>beacon</b>: the real {@link BeaconNode} (embedded driver, Aeron IPC ingress, Disruptor ring,
 *       input journal with CRC32C and SHA-256 chain, state machine, output journal, egress with one Ack
 *       per input). One client thread offers through {@link CoreClient} as fast as it can and drains
 *       egress as it goes, keeping at most {@link Config#window} events un-acknowledged, as a real
 *       gateway would (without it, a blocked offer and a full egress term could wait on each other); when
 *       the window is full it yields its core to the node. The node's threads use yielding strategies
 *       (pipeline {@code YieldingWaitStrategy}, ingress {@code YieldingIdleStrategy}): under full load
 *       they are never idle long, and on 2 cores they beat busy spinning (which starves the client) and
 *       blocking (which pays a wake-up per batch) in the runs made for the report.
 *       Throughput is events / time from the first offer until the last Ack has arrived and
 *       {@code lastAppliedSequence} has reached its sequence.</li>
 *   <li><b>baseline</b>: a conventional design: a producer thread puts a copy of each event into an
 *       {@link ArrayBlockingQueue}; one consumer thread writes each record (header with CRC32C, payload)
 *       to a {@link FileChannel} with one {@code write()} each, then applies it to a fresh state
 *       machine (outputs are counted, not journaled or published).</li>
 *   <li><b>chronicle-raw</b>: one thread appending the same records (header without CRC, payload) to a
 *       fresh Chronicle Queue: no state machine, no hashing, no hand-off. The ceiling for the journal.</li>
 * </ol>
 * All three use the same pre-generated events in the same order (a pool of {@link #DEFAULT_POOL_EVENTS}
 * distinct events, cycled when a phase needs more). With a duration, the beacon phase runs for it and
 * the two references then process exactly as many events as the node did, stopping early only if they
 * reach the same duration first; with {@code --events} every phase processes that many. Each phase runs
 * in its own temporary folder, deleted afterwards, after an unrecorded warm-up of every phase, so that
 * no phase profits from JIT work done for another.
 */
public final class ThroughputRig
{
    /** What a run does. */
    public static final class Config extends RigConfig<Config>
    {
        double seconds = 0;
        long events = 0;
        int poolEvents = DEFAULT_POOL_EVENTS;
        double warmupSeconds = 1;
        int window = 8 * 1024;

        /** A run of 10 s after 1 s of warm-up per phase, window 8192; pipeline wait and ingress idle yielding. */
        public Config()
        {
            super("yielding", "yielding");
        }

        /** @return this, with the beacon phase's duration (and the others' time limit) set; 0: 10 s unless events are given. */
        public Config seconds(final double seconds)
        {
            this.seconds = seconds;
            return this;
        }

        /** @return this, with the number of events every phase processes set (0: as many as the beacon phase does in its time). */
        public Config events(final long events)
        {
            this.events = events;
            return this;
        }

        /** @return this, with the number of distinct events generated set; longer phases cycle through them. */
        public Config poolEvents(final int poolEvents)
        {
            this.poolEvents = poolEvents;
            return this;
        }

        /** @return this, with the unrecorded warm-up per phase set. */
        public Config warmupSeconds(final double warmupSeconds)
        {
            this.warmupSeconds = warmupSeconds;
            return this;
        }

        /** @return this, with the most un-acknowledged events the beacon client allows set. */
        public Config window(final int window)
        {
            this.window = window;
            return this;
        }

        void validate()
        {
            if (seconds < 0 || events < 0 || warmupSeconds < 0 || window <= 0 || poolEvents <= 0)
            {
                throw new IllegalArgumentException("window and pool must be positive, seconds, events and warm-up not negative");
            }
            validateStrategies();
        }
    }

    /** Events processed by one phase and the time it took. */
    public static final class Phase
    {
        private final String name;
        private final long events;
        private final long elapsedNs;
        private final long problems;
        /** Group commits the node made (sync durability); 0 for the references and for async. */
        long forces;

        Phase(final String name, final long events, final long elapsedNs, final long problems)
        {
            this.name = name;
            this.events = events;
            this.elapsedNs = elapsedNs;
            this.problems = problems;
        }

        /** @return the phase's name. */
        public String name()
        {
            return name;
        }

        /** @return events fully processed. */
        public long events()
        {
            return events;
        }

        /** @return elapsed time in nanoseconds. */
        public long elapsedNs()
        {
            return elapsedNs;
        }

        /** @return events not processed as they should have been (missing or rejected Acks); 0 when all is well. */
        public long problems()
        {
            return problems;
        }

        /** @return events per second. */
        public double rate()
        {
            return events * 1e9 / Math.max(1, elapsedNs);
        }
    }

    /** The outcome of a run. */
    public static final class Result
    {
        private final Phase beacon;
        private final Phase baseline;
        private final Phase raw;

        Result(final Phase beacon, final Phase baseline, final Phase raw)
        {
            this.beacon = beacon;
            this.baseline = baseline;
            this.raw = raw;
        }

        /** @return the node's phase. */
        public Phase beacon()
        {
            return beacon;
        }

        /** @return the blocking-queue baseline's phase. */
        public Phase baseline()
        {
            return baseline;
        }

        /** @return the raw Chronicle phase. */
        public Phase raw()
        {
            return raw;
        }

        /** @return whether every event of every phase was processed. */
        public boolean ok()
        {
            return beacon.problems == 0 && baseline.problems == 0 && raw.problems == 0;
        }

        /** @return the summary line the rig prints last. */
        public String line()
        {
            return String.format(Locale.ROOT, "throughput beacon=%.0f/s baseline=%.0f/s chronicle-raw=%.0f/s " +
                "ratio-baseline=%.2f ratio-raw=%.2f", beacon.rate(), baseline.rate(), raw.rate(),
                beacon.rate() / baseline.rate(), beacon.rate() / raw.rate());
        }
    }

    /** Distinct events generated (about 60 MB); phases that need more cycle through them. */
    static final int DEFAULT_POOL_EVENTS = 1_500_000;
    /** Duration of the beacon phase when neither a duration nor a count is given. */
    static final double DEFAULT_SECONDS = 10;
    private static final int SOURCE = Sources.SIMULATED_CITY;

    private ThroughputRig()
    {
    }

    /**
     * Runs the three phases and prints a line per phase and the summary line ({@link Result#line()}) last.
     *
     * @param config what to run.
     * @param out    where to report.
     * @return the result.
     */
    public static Result run(final Config config, final PrintStream out)
    {
        config.validate();
        final long maxEvents = config.events > 0 ? config.events : Long.MAX_VALUE;
        final long limitNs = config.seconds > 0 ? (long)(config.seconds * 1e9) : config.events > 0 ? Long.MAX_VALUE / 4 :
            (long)(DEFAULT_SECONDS * 1e9);
        final EventMix mix = config.generateMix((int)Math.min(maxEvents, config.poolEvents));
        out.printf(Locale.ROOT, "# throughput rig: mix: %s (%s), cycled as needed; %s; warm-up %.1fs per phase%n",
            mix.describe(), config.mixName(),
            config.events > 0 ? config.events + " events per phase" : String.format(Locale.ROOT,
            "beacon runs %.1fs, then the others process the same events for at most as long", limitNs / 1e9),
            config.warmupSeconds);
        out.printf(Locale.ROOT, "# pipeline=%s, durability=%s, wait=%s, ingress idle=%s, driver idle=%s, window=%d, " +
            "snapshot every %d%n", config.pipeline, config.durability.name().toLowerCase(Locale.ROOT), config.waitStrategy,
            config.ingressIdle, config.driverIdle, config.window, config.snapshotEvery);
        if (config.warmupSeconds > 0)
        {
            final long warmNs = (long)(config.warmupSeconds * 1e9);
            beacon(config, mix, Long.MAX_VALUE, warmNs);
            baseline(mix, Long.MAX_VALUE, warmNs);
            chronicleRaw(mix, Long.MAX_VALUE, warmNs);
            out.println("# warm-up done");
        }
        final Phase beacon = report(out, beacon(config, mix, maxEvents, limitNs));
        // The references process exactly the events the node processed (same mix, same order, same count), for at
        // most as long; a reference that is slower stops at the time limit with fewer.
        final long count = beacon.events + beacon.problems;
        final Phase baseline = report(out, baseline(mix, count, limitNs));
        final Phase raw = report(out, chronicleRaw(mix, count, limitNs));
        final Result result = new Result(beacon, baseline, raw);
        if (!result.ok())
        {
            out.printf(Locale.ROOT, "FAILED: events not processed: beacon=%d baseline=%d chronicle-raw=%d%n",
                beacon.problems, baseline.problems, raw.problems);
        }
        out.println(result.line());
        return result;
    }

    private static Phase report(final PrintStream out, final Phase phase)
    {
        out.printf(Locale.ROOT, "# %-13s events=%d elapsed=%.3fs rate=%.0f/s%s%n", phase.name, phase.events, phase.elapsedNs / 1e9,
            phase.rate(), phase.forces > 0 ? String.format(Locale.ROOT, " forces=%d events-per-force=%.1f", phase.forces,
            phase.events / (double)phase.forces) : "");
        return phase;
    }

    /** Counts Acks; remembers the sequence of the newest. */
    static final class AckCounter implements CoreClient.EgressListener
    {
        private final AckView ack = new AckView();
        long acked;
        long rejected;
        long lastSequence;
        long lastAckNs;

        @Override
        public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (ack.wrap(buffer, offset, length))
            {
                if (!ack.journaled())
                {
                    rejected++;
                }
                lastSequence = Math.max(lastSequence, ack.sequence());
                acked++;
            }
        }
    }

    static Phase beacon(final Config config, final EventMix mix, final long maxEvents, final long limitNs)
    {
        final Path dataDir = BenchSupport.tempDir("beacon-throughput-");
        final NodeContext ctx = config.nodeContext(dataDir);
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx.coreAddress(), SOURCE))
        {
            LatencyRig.awaitConnected(client);
            final AckCounter counter = new AckCounter();
            final int window = config.window;
            final int poolSize = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            long sent = 0;
            int e = 0;
            while (sent < maxEvents)
            {
                if ((sent & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                while (sent - counter.acked >= window)
                {
                    if (client.poll(counter, 256) == 0)
                    {
                        // give the core to the node: on 2 cores it is the one with work to do
                        Thread.yield();
                    }
                }
                final long result = client.offer(sent, mix.buffer(), mix.offset(e), mix.length(e));
                if (result < 0)
                {
                    throw new IllegalStateException("offer failed: " + result);
                }
                sent++;
                e = e + 1 == poolSize ? 0 : e + 1;
                client.poll(counter, 16);
            }
            final long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counter.acked < sent && System.nanoTime() < drainDeadline)
            {
                if (client.poll(counter, 256) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            while (node.counters().lastAppliedSequence() < counter.lastSequence && System.nanoTime() < drainDeadline)
            {
                Thread.onSpinWait();
            }
            final long endNs = System.nanoTime();
            if (null != node.failure())
            {
                throw new IllegalStateException("node failed", node.failure());
            }
            final long problems = (sent - counter.acked) + counter.rejected;
            final Phase phase = new Phase("beacon", counter.acked - counter.rejected, endNs - startNs, problems);
            phase.forces = node.counters().journalForces();
            return phase;
        }
        finally
        {
            BenchSupport.deleteRecursively(dataDir);
        }
    }

    static Phase baseline(final EventMix mix, final long maxEvents, final long limitNs)
    {
        final Path dir = BenchSupport.tempDir("beacon-baseline-");
        final byte[] poison = new byte[0];
        final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16 * 1024);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long[] consumed = new long[1];
        final Thread consumer = new Thread(() ->
        {
            final StateMachine stateMachine = BenchSupport.newStateMachine();
            final EpochNanoClock clock = new SystemEpochNanoClock();
            final CRC32C crc = new CRC32C();
            final byte[] record = new byte[JournalRecordDescriptor.HEADER_LENGTH + mix.maxLength()];
            final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
            final ByteBuffer byteBuffer = ByteBuffer.wrap(record);
            final long[] outputs = new long[1];
            final OutputSink sink = (buffer, offset, length) -> outputs[0]++;
            long sequence = 0;
            long lastTimestampNs = 0;
            try (FileChannel channel = FileChannel.open(dir.resolve("journal.dat"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (true)
                {
                    final byte[] event = queue.take();
                    if (event == poison)
                    {
                        break;
                    }
                    sequence++;
                    lastTimestampNs = Math.max(lastTimestampNs, clock.nanoTime());
                    recordBuffer.putBytes(JournalRecordDescriptor.HEADER_LENGTH, event);
                    final int length = JournalRecordDescriptor.writeHeader(recordBuffer, 0, JournalRecordDescriptor.TYPE_INPUT,
                        event.length, sequence, lastTimestampNs, sequence, SOURCE, crc);
                    byteBuffer.clear().limit(length);
                    while (byteBuffer.hasRemaining())
                    {
                        channel.write(byteBuffer);
                    }
                    stateMachine.onEvent(sequence, lastTimestampNs, recordBuffer, JournalRecordDescriptor.HEADER_LENGTH,
                        event.length, sink);
                }
            }
            catch (final IOException | InterruptedException | RuntimeException ex)
            {
                failure.set(ex);
            }
            consumed[0] = sequence;
        }, "baseline-consumer");
        try
        {
            final UnsafeBuffer events = mix.buffer();
            final int poolSize = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            consumer.start();
            long sent = 0;
            int e = 0;
            while (sent < maxEvents && null == failure.get())
            {
                if ((sent & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                final byte[] copy = new byte[mix.length(e)];
                events.getBytes(mix.offset(e), copy);
                queue.put(copy);
                sent++;
                e = e + 1 == poolSize ? 0 : e + 1;
            }
            queue.put(poison);
            consumer.join();
            final long endNs = System.nanoTime();
            if (null != failure.get())
            {
                throw new IllegalStateException("baseline consumer failed", failure.get());
            }
            return new Phase("baseline", consumed[0], endNs - startNs, sent - consumed[0]);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        finally
        {
            BenchSupport.deleteRecursively(dir);
        }
    }

    static Phase chronicleRaw(final EventMix mix, final long maxEvents, final long limitNs)
    {
        final Path dir = BenchSupport.tempDir("beacon-chronicle-raw-");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).build(); ExcerptAppender appender = queue.createAppender())
        {
            final UnsafeBuffer events = mix.buffer();
            final byte[] record = new byte[JournalRecordDescriptor.HEADER_LENGTH + mix.maxLength()];
            final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
            final EpochNanoClock clock = new SystemEpochNanoClock();
            final int poolSize = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            long lastTimestampNs = 0;
            long written = 0;
            int e = 0;
            while (written < maxEvents)
            {
                if ((written & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                final int payloadLength = mix.length(e);
                lastTimestampNs = Math.max(lastTimestampNs, clock.nanoTime());
                recordBuffer.putInt(JournalRecordDescriptor.TYPE_OFFSET, JournalRecordDescriptor.TYPE_INPUT);
                recordBuffer.putInt(JournalRecordDescriptor.LENGTH_OFFSET, payloadLength);
                recordBuffer.putLong(JournalRecordDescriptor.SEQUENCE_OFFSET, written + 1);
                recordBuffer.putLong(JournalRecordDescriptor.TIMESTAMP_OFFSET, lastTimestampNs);
                recordBuffer.putLong(JournalRecordDescriptor.CORRELATION_ID_OFFSET, written);
                recordBuffer.putInt(JournalRecordDescriptor.SOURCE_OFFSET, SOURCE);
                recordBuffer.putInt(JournalRecordDescriptor.CRC_OFFSET, 0);
                recordBuffer.putBytes(JournalRecordDescriptor.HEADER_LENGTH, events, mix.offset(e), payloadLength);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(record, 0, JournalRecordDescriptor.HEADER_LENGTH + payloadLength);
                }
                written++;
                e = e + 1 == poolSize ? 0 : e + 1;
            }
            final long endNs = System.nanoTime();
            return new Phase("chronicle-raw", written, endNs - startNs, 0);
        }
        finally
        {
            BenchSupport.deleteRecursively(dir);
        }
    }
}
