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
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * Sustained throughput of the node compared with two references, in one run, over the same
 * pre-generated event mix and the same 40-byte record header:
 * <ol>
 *   <li><b>beacon</b>: the real {@link BeaconNode} (embedded driver, Aeron IPC ingress, Disruptor ring,
 *       input journal with CRC32C and SHA-256 chain, state machine, output journal, egress with one Ack
 *       per input). One client thread offers through {@link CoreClient} as fast as it can and drains
 *       egress as it goes, keeping at most {@link Config#window} events un-acknowledged, as a real
 *       gateway would (without it, a blocked offer and a full egress term could wait on each other).
 *       Throughput is events / time from the first offer until the last Ack has arrived and
 *       {@code lastAppliedSequence} has reached its sequence.</li>
 *   <li><b>baseline</b>: a conventional design: a producer thread puts a copy of each event into an
 *       {@link ArrayBlockingQueue}; one consumer thread writes each record (header with CRC32C, payload)
 *       to a {@link FileChannel} with one {@code write()} each, then applies it to a fresh state
 *       machine (outputs are counted, not journaled or published).</li>
 *   <li><b>chronicle-raw</b>: one thread appending the same records (header without CRC, payload) to a
 *       fresh Chronicle Queue: no state machine, no hashing, no hand-off. The ceiling for the journal.</li>
 * </ol>
 * Each phase runs in its own temporary folder (deleted afterwards) on the same pool of events, until
 * the pool is exhausted or the phase's time is up, whichever comes first. A short unrecorded warm-up of
 * every phase runs first so that no phase profits from the JIT work of another.
 */
public final class ThroughputRig
{
    /** What a run does. */
    public static final class Config
    {
        double seconds = 10;
        int events = 0;
        double warmupSeconds = 1;
        int window = 8 * 1024;
        String clientIdle = System.getProperty("beacon.bench.clientIdle", "yield");
        String waitStrategy = "yielding";
        String ingressIdle = "yielding";
        String driverIdle = "backoff-long";
        long seed = 112;
        int callsPerMillion = EventMix.CITY_MIX;
        int units = EventMix.DEFAULT_UNITS;

        /** @return this, with the longest time a phase may run set. */
        public Config seconds(final double seconds)
        {
            this.seconds = seconds;
            return this;
        }

        /** @return this, with the number of events set (0: the default pool size, or as many as fit in the time). */
        public Config events(final int events)
        {
            this.events = events;
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

        void validate()
        {
            if (seconds <= 0 || events < 0 || warmupSeconds < 0 || window <= 0)
            {
                throw new IllegalArgumentException("seconds and window must be positive, events and warm-up not negative");
            }
            Strategies.waitStrategy(waitStrategy);
            Strategies.idleStrategy(ingressIdle);
            Strategies.idleStrategy(driverIdle);
        }
    }

    /** Events processed by one phase and the time it took. */
    public static final class Phase
    {
        private final String name;
        private final long events;
        private final long elapsedNs;
        private final long problems;

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

    /** Largest pool generated when only a duration is given: about 60 MB of events. */
    static final int DEFAULT_POOL_EVENTS = 1_500_000;
    private static final int SOURCE = 1;

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
        final int poolSize = config.events > 0 ? config.events : DEFAULT_POOL_EVENTS;
        final EventMix mix = EventMix.generate(config.seed, poolSize, config.units, config.callsPerMillion);
        final long limitNs = (long)(config.seconds * 1e9);
        out.printf(Locale.ROOT, "# throughput rig: mix: %s (%s); at most %.1fs per phase, warm-up %.1fs per phase%n",
            mix.describe(), config.callsPerMillion == EventMix.CITY_MIX ? "city" : config.callsPerMillion + " calls per million",
            config.seconds, config.warmupSeconds);
        out.printf(Locale.ROOT, "# pipeline wait=%s, ingress idle=%s, driver idle=%s, window=%d%n",
            config.waitStrategy, config.ingressIdle, config.driverIdle, config.window);
        if (config.warmupSeconds > 0)
        {
            final long warmNs = (long)(config.warmupSeconds * 1e9);
            beacon(config, mix, warmNs);
            baseline(mix, warmNs);
            chronicleRaw(mix, warmNs);
            out.println("# warm-up done");
        }
        final Phase beacon = report(out, beacon(config, mix, limitNs));
        final Phase baseline = report(out, baseline(mix, limitNs));
        final Phase raw = report(out, chronicleRaw(mix, limitNs));
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
        out.printf(Locale.ROOT, "# %-13s events=%d elapsed=%.3fs rate=%.0f/s%n", phase.name, phase.events, phase.elapsedNs / 1e9,
            phase.rate());
        return phase;
    }

    /** Counts Acks; remembers the sequence of the newest. */
    static final class AckCounter implements CoreClient.EgressListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final AckDecoder ack = new AckDecoder();
        long acked;
        long rejected;
        long lastSequence;
        long lastAckNs;

        @Override
        public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == AckDecoder.TEMPLATE_ID && header.schemaId() == AckDecoder.SCHEMA_ID)
            {
                ack.wrapAndApplyHeader(buffer, offset, header);
                if (ack.code() != AckCode.JOURNALED)
                {
                    rejected++;
                }
                lastSequence = Math.max(lastSequence, ack.sequence());
                acked++;
            }
        }
    }

    static Phase beacon(final Config config, final EventMix mix, final long limitNs)
    {
        final Path dataDir = BenchSupport.tempDir("beacon-throughput-");
        final NodeContext ctx = new NodeContext()
            .dataDir(dataDir)
            .stateMachineSupplier(BenchSupport::newStateMachine)
            .pipeline(NodeContext.Pipeline.SINGLE_THREAD)
            .waitStrategy(Strategies.waitStrategy(config.waitStrategy))
            .ingressIdleStrategy(Strategies.idleStrategy(config.ingressIdle))
            .driverIdleStrategy(Strategies.idleStrategy(config.driverIdle))
            .snapshotOnClose(false);
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx, SOURCE))
        {
            LatencyRig.awaitConnected(client);
            final AckCounter counter = new AckCounter();
            final int window = config.window;
            final int count = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            int sent = 0;
            while (sent < count)
            {
                if ((sent & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                while (sent - counter.acked >= window)
                {
                    if (client.poll(counter, 256) == 0)
                    {
                        idle(config.clientIdle);
                    }
                }
                final long result = client.offer(sent, mix.buffer(), mix.offset(sent), mix.length(sent));
                if (result < 0)
                {
                    throw new IllegalStateException("offer failed: " + result);
                }
                sent++;
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
            return new Phase("beacon", counter.acked - counter.rejected, endNs - startNs, problems);
        }
        finally
        {
            BenchSupport.deleteRecursively(dataDir);
        }
    }

    private static void idle(final String how)
    {
        if ("yield".equals(how))
        {
            Thread.yield();
        }
        else
        {
            Thread.onSpinWait();
        }
    }

    static Phase baseline(final EventMix mix, final long limitNs)
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
            final int count = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            consumer.start();
            int sent = 0;
            while (sent < count && null == failure.get())
            {
                if ((sent & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                final byte[] copy = new byte[mix.length(sent)];
                events.getBytes(mix.offset(sent), copy);
                queue.put(copy);
                sent++;
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

    static Phase chronicleRaw(final EventMix mix, final long limitNs)
    {
        final Path dir = BenchSupport.tempDir("beacon-chronicle-raw-");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).build(); ExcerptAppender appender = queue.createAppender())
        {
            final UnsafeBuffer events = mix.buffer();
            final byte[] record = new byte[JournalRecordDescriptor.HEADER_LENGTH + mix.maxLength()];
            final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
            final EpochNanoClock clock = new SystemEpochNanoClock();
            final int count = mix.count();
            final long startNs = System.nanoTime();
            final long deadlineNs = startNs + limitNs;
            long lastTimestampNs = 0;
            int written = 0;
            while (written < count)
            {
                if ((written & 1023) == 0 && System.nanoTime() >= deadlineNs)
                {
                    break;
                }
                final int payloadLength = mix.length(written);
                lastTimestampNs = Math.max(lastTimestampNs, clock.nanoTime());
                recordBuffer.putInt(JournalRecordDescriptor.TYPE_OFFSET, JournalRecordDescriptor.TYPE_INPUT);
                recordBuffer.putInt(JournalRecordDescriptor.LENGTH_OFFSET, payloadLength);
                recordBuffer.putLong(JournalRecordDescriptor.SEQUENCE_OFFSET, written + 1);
                recordBuffer.putLong(JournalRecordDescriptor.TIMESTAMP_OFFSET, lastTimestampNs);
                recordBuffer.putLong(JournalRecordDescriptor.CORRELATION_ID_OFFSET, written);
                recordBuffer.putInt(JournalRecordDescriptor.SOURCE_OFFSET, SOURCE);
                recordBuffer.putInt(JournalRecordDescriptor.CRC_OFFSET, 0);
                recordBuffer.putBytes(JournalRecordDescriptor.HEADER_LENGTH, events, mix.offset(written), payloadLength);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(record, 0, JournalRecordDescriptor.HEADER_LENGTH + payloadLength);
                }
                written++;
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
