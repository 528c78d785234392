package org.beacon.benchmarks.soak;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The soak's event time: the node's sequencer reads it ({@code NodeContext.clock}) and the simulated city moves it
 * forward, event by event, so a month of timestamps passes in minutes. Never goes back.
 */
final class SimClock implements EpochNanoClock
{
    private volatile long nowNs;

    SimClock(final long startNs)
    {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    /** Moves the clock to {@code timeNs} unless it is already later. Only the city's thread calls it. */
    void advanceTo(final long timeNs)
    {
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
    }
}
