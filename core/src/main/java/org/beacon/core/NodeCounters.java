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
    final AtomicLong rejectedLowDisk = new AtomicLong();
    final AtomicLong rejectedDiskFull = new AtomicLong();
    final AtomicLong freeBytes = new AtomicLong(-1);
    final AtomicLong storageLevel = new AtomicLong();

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

    /** @return inputs refused under the low-water mark (sheddable inputs only). */
    public long rejectedLowDisk()
    {
        return rejectedLowDisk.get();
    }

    /** @return inputs refused under the disk reserve (every input). */
    public long rejectedDiskFull()
    {
        return rejectedDiskFull.get();
    }

    /** @return free bytes under the journals at the last measurement (the ballast counted as held), -1 before one. */
    public long freeBytes()
    {
        return freeBytes.get();
    }

    /** @return the free-space level: 0 OK, 1 LOW (sheddable inputs refused), 2 CRITICAL (every input refused). */
    public long storageLevel()
    {
        return storageLevel.get();
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
