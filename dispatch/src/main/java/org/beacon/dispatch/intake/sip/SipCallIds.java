package org.beacon.dispatch.intake.sip;

import org.agrona.concurrent.EpochNanoClock;

/**
 * Call ids: a hybrid logical clock in microseconds since the Unix epoch, shifted left four bits
 * with the gateway's instance number (0..15) in the low bits. Each id is
 * {@code max(previous + 1, now)}, so ids grow strictly within a run; a restarted gateway starts at
 * the wall clock, past every id of the run before unless that run issued more than a million calls
 * a second or the clock was set back. Instances never collide because their low bits differ. No
 * state has to survive a restart, and ids read as times when an auditor needs one.
 */
final class SipCallIds
{
    static final int INSTANCE_BITS = 4;
    static final int MAX_INSTANCE_ID = (1 << INSTANCE_BITS) - 1;

    private final EpochNanoClock clock;
    private final int instanceId;
    private long lastMicros;

    SipCallIds(final EpochNanoClock clock, final int instanceId)
    {
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /** @return the next call id. */
    long next()
    {
        final long nowMicros = clock.nanoTime() / 1000;
        lastMicros = Math.max(lastMicros + 1, nowMicros);
        return (lastMicros << INSTANCE_BITS) | instanceId;
    }

    /** @return the wall-clock time, micros since the epoch, a call id was issued at. */
    static long issuedAtMicros(final long callId)
    {
        return callId >>> INSTANCE_BITS;
    }
}
