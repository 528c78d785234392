package org.beacon.dispatch.intake.aml;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the AML gateway did with its requests: accepted (journaled, answered 200), of which without a
 * fix, rejected by reason (answered 4xx), and unavailable (answered 503: core unreachable, Ack late,
 * queue full). Safe to read from any thread.
 */
public final class AmlGatewayCounters
{
    private final LongAdder accepted = new LongAdder();
    private final LongAdder noFix = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder timeUnusable = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejected = new ConcurrentHashMap<>();

    void onAccepted(final boolean hasFix)
    {
        accepted.increment();
        if (!hasFix)
        {
            noFix.increment();
        }
    }

    void onRejected(final String reason)
    {
        rejected.computeIfAbsent(null == reason ? "unknown" : reason, key -> new LongAdder()).increment();
    }

    void onUnavailable()
    {
        unavailable.increment();
    }

    /** @return messages journaled and answered 200. */
    public long accepted()
    {
        return accepted.sum();
    }

    /** @return accepted messages in which the handset reported no fix. */
    public long noFix()
    {
        return noFix.sum();
    }

    /** @return messages journaled with their time of positioning marked unusable. */
    public long timeUnusable()
    {
        return timeUnusable.sum();
    }

    /** Counts a message whose time of positioning was given but unusable (journaled with the fix all the same). */
    void onTimeUnusable()
    {
        timeUnusable.increment();
    }

    /** @return how many requests were answered 503. */
    public long unavailable()
    {
        return unavailable.sum();
    }

    /** @return requests rejected for one reason (the field at fault, or e.g. "content-type", "path", "body-too-large"). */
    public long rejected(final String reason)
    {
        final LongAdder adder = rejected.get(reason);
        return null == adder ? 0 : adder.sum();
    }

    /** @return requests rejected for any reason. */
    public long rejectedTotal()
    {
        long total = 0;
        for (final LongAdder adder : rejected.values())
        {
            total += adder.sum();
        }
        return total;
    }

    /** @return rejections by reason, sorted by reason. */
    public Map<String, Long> rejectedByReason()
    {
        final Map<String, Long> copy = new TreeMap<>();
        rejected.forEach((reason, adder) -> copy.put(reason, adder.sum()));
        return copy;
    }

    @Override
    public String toString()
    {
        return "accepted=" + accepted() + " noFix=" + noFix() + " unavailable=" + unavailable() + " timeUnusable=" + timeUnusable() +
            " rejected=" + rejectedByReason();
    }
}
