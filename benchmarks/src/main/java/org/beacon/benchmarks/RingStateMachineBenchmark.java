package org.beacon.benchmarks;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event cost of the sequencing and logic stages without I/O: the benchmark thread copies events of
 * a pre-generated city mix into the slots of a Disruptor ring (as the ingress agent does), and one
 * consumer thread applies them to the center's state machine. An operation is one event; each
 * invocation publishes {@link #BATCH} events and waits until the consumer has applied the last, so the
 * hand-off is included and no work is left over when the timer stops. The state machine and the mix
 * position start afresh each iteration; the mix is long enough that an iteration rarely wraps around.
 * The city's own mix is 8% calls, and nothing closes incidents, so its cost per event grows with the
 * number of events applied (each call scans the open incidents); the {@code surge} mix keeps the
 * calls at the design's surge rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingStateMachineBenchmark
{
    /** Events published per invocation. */
    static final int BATCH = 256;
    static final int RING_SIZE = 16 * 1024;
    static final int POOL_EVENTS = 1_000_000;
    static final long EVENT_SPACING_NS = 10_000;

    /** One slot of the ring: an event's payload and its stamp. */
    static final class Slot
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[4096]);
        long sequence;
        long timestampNs;
        int length;
    }

    /** Applies each slot's event to the state machine. */
    static final class ApplyHandler implements EventHandler<Slot>
    {
        private final StateMachine stateMachine;
        private final OutputSink sink;
        long outputs;

        ApplyHandler(final StateMachine stateMachine)
        {
            this.stateMachine = stateMachine;
            this.sink = (buffer, offset, length) -> outputs++;
        }

        @Override
        public void onEvent(final Slot slot, final long ringSequence, final boolean endOfBatch)
        {
            stateMachine.onEvent(slot.sequence, slot.timestampNs, slot.payload, 0, slot.length, sink);
        }
    }

    /** {@code city}: the simulated city's own mix (8% calls); {@code surge}: 100 calls per million events. */
    @Param({"city", "surge"})
    public String mix;

    private EventMix events;
    private Disruptor<Slot> disruptor;
    private RingBuffer<Slot> ring;
    private int next;
    private long sequence;

    /** Generates the mix once. */
    @Setup(Level.Trial)
    public void generate()
    {
        events = EventMix.generate(112, POOL_EVENTS, EventMix.DEFAULT_UNITS,
            "surge".equals(mix) ? EventMix.SURGE_CALLS_PER_MILLION : EventMix.CITY_MIX);
    }

    /** Starts a ring with a fresh state machine. */
    @Setup(Level.Iteration)
    public void start()
    {
        disruptor = new Disruptor<>(Slot::new, RING_SIZE, runnable -> new Thread(runnable, "jmh-ring-apply"),
            ProducerType.SINGLE, new YieldingWaitStrategy());
        disruptor.handleEventsWith(new ApplyHandler(BenchSupport.newStateMachine()));
        ring = disruptor.start();
        next = 0;
        sequence = 0;
    }

    /** Stops the ring. */
    @TearDown(Level.Iteration)
    public void stop()
    {
        disruptor.shutdown();
    }

    /**
     * Publishes {@link #BATCH} events and waits until they are applied.
     *
     * @return the ring sequence of the last.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long applyBatch()
    {
        final RingBuffer<Slot> ring = this.ring;
        final EventMix mix = this.events;
        long last = -1;
        for (int i = 0; i < BATCH; i++)
        {
            final int e = next;
            next = e + 1 == mix.count() ? 0 : e + 1;
            last = ring.next();
            final Slot slot = ring.get(last);
            final int length = mix.length(e);
            slot.payload.putBytes(0, mix.buffer(), mix.offset(e), length);
            slot.length = length;
            slot.sequence = ++sequence;
            slot.timestampNs = 1_750_000_000_000_000_000L + sequence * EVENT_SPACING_NS;
            ring.publish(last);
        }
        while (ring.getMinimumGatingSequence() < last)
        {
            Thread.onSpinWait();
        }
        return last;
    }
}
