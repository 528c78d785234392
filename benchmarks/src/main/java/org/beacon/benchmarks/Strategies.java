package org.beacon.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Named idle and wait strategies, so the rigs can try the node's threads with different ones from
 * the command line without a rebuild.
 */
public final class Strategies
{
    /** Names accepted by {@link #waitStrategy(String)}. */
    public static final String WAIT_NAMES = "yielding, busy, sleeping, phased, blocking, lite-blocking";
    /** Names accepted by {@link #idleStrategy(String)}. */
    public static final String IDLE_NAMES = "yielding, busy, noop, backoff, backoff-long, sleeping";

    private Strategies()
    {
    }

    /**
     * A Disruptor wait strategy for the node's pipeline thread.
     *
     * @param name one of {@link #WAIT_NAMES}.
     * @return a supplier of fresh instances.
     */
    public static Supplier<WaitStrategy> waitStrategy(final String name)
    {
        switch (name)
        {
            case "yielding":
                return YieldingWaitStrategy::new;
            case "busy":
                return BusySpinWaitStrategy::new;
            case "sleeping":
                return () -> new SleepingWaitStrategy(200, 50_000);
            case "phased":
                return () -> PhasedBackoffWaitStrategy.withSleep(1_000, 100_000, TimeUnit.NANOSECONDS);
            case "blocking":
                return BlockingWaitStrategy::new;
            case "lite-blocking":
                return LiteBlockingWaitStrategy::new;
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name + "'; one of: " + WAIT_NAMES);
        }
    }

    /**
     * An Agrona idle strategy for the node's ingress agent or embedded media driver.
     *
     * @param name one of {@link #IDLE_NAMES}: {@code backoff} spins, yields, then parks from 1 µs up to
     *             20 µs; {@code backoff-long} parks up to 1 ms; {@code sleeping} parks 1 µs each time.
     * @return a supplier of fresh instances.
     */
    public static Supplier<IdleStrategy> idleStrategy(final String name)
    {
        switch (name)
        {
            case "yielding":
                return YieldingIdleStrategy::new;
            case "busy":
                return BusySpinIdleStrategy::new;
            case "noop":
                return () -> NoOpIdleStrategy.INSTANCE;
            case "backoff":
                return () -> new BackoffIdleStrategy(100, 100, 1_000, 20_000);
            case "backoff-long":
                return () -> new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
            case "sleeping":
                return () -> new SleepingIdleStrategy(1_000);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "'; one of: " + IDLE_NAMES);
        }
    }
}
