package org.beacon.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters a node keeps for operators and tests: every rejection and every egress problem is
 * counted here, never dropped silently. Written by the node's threads, read from anywhere.
 */
public final class NodeCounters
{
    final AtomicLong inputsJournaled = new AtomicLong();
    final AtomicLong lastAppliedSequence = new AtomicLong();
    final AtomicLong outputsEmitted = new AtomicLong();
    final AtomicLong rejectedMalformed = new AtomicLong();
    final AtomicLong rejectedTooLarge = new AtomicLong();
    final AtomicLong rejectedUnknownTemplate = new AtomicLong();
    final AtomicLong egressBackPressured = new AtomicLong();
    final AtomicLong egressNotConnected = new AtomicLong();
    final AtomicLong snapshotsTaken = new AtomicLong();
    final AtomicLong ticks = new AtomicLong();
    final AtomicLong snapshotFailures = new AtomicLong();
    final AtomicLong journalForcedSequence = new AtomicLong();
    final AtomicLong journalForces = new AtomicLong();

    /**
     * The highest input sequence known to be on stable storage, with its event's outputs: set after each group
     * commit, before the batch's Acks go out. In {@link NodeContext.Durability#SYNC} no Ack names a sequence above
     * it; in {@link NodeContext.Durability#ASYNC} it moves only at start-up (recovery forces what it found) and stays
     * behind the Acks.
     *
     * @return the forced position.
     */
    public long journalForcedSequence()
    {
        return journalForcedSequence.get();
    }

    /** @return group commits (one force of the input and output journals each) since start. */
    public long journalForces()
    {
        return journalForces.get();
    }

    final AtomicLong eventsFailed = new AtomicLong();

    /** @return EventFailed outputs emitted: events on which a service (or the state machine) threw. */
    public long eventsFailed()
    {
        return eventsFailed.get();
    }

    /** @return snapshots that could not be written (the node goes on; recovery uses an older one). */
    public long snapshotFailures()
    {
        return snapshotFailures.get();
    }

    /** @return inputs journaled since start. */
    public long inputsJournaled()
    {
        return inputsJournaled.get();
    }

    /** @return the last sequence the state machine applied. */
    public long lastAppliedSequence()
    {
        return lastAppliedSequence.get();
    }

    /** @return outputs emitted since start (excluding acks). */
    public long outputsEmitted()
    {
        return outputsEmitted.get();
    }

    /** @return frames rejected as malformed. */
    public long rejectedMalformed()
    {
        return rejectedMalformed.get();
    }

    /** @return frames rejected as too large. */
    public long rejectedTooLarge()
    {
        return rejectedTooLarge.get();
    }

    /** @return frames rejected for an unknown schema or template. */
    public long rejectedUnknownTemplate()
    {
        return rejectedUnknownTemplate.get();
    }

    /** @return egress offers retried because of back pressure. */
    public long egressBackPressured()
    {
        return egressBackPressured.get();
    }

    /** @return egress frames not delivered because no subscriber was connected (they stay in the output journal). */
    public long egressNotConnected()
    {
        return egressNotConnected.get();
    }

    /** @return snapshots taken since start. */
    public long snapshotsTaken()
    {
        return snapshotsTaken.get();
    }

    /** @return ticks journaled since start. */
    public long ticks()
    {
        return ticks.get();
    }
}
