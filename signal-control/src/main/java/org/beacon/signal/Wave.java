package org.beacon.signal;

/**
 * One unit's green wave: the signalized intersections along its route, each with the state of its claim. Pure state;
 * {@link GreenWavePlanner} changes it and {@link SignalSnapshot} writes and reads it.
 */
final class Wave
{
    /** A phase the wave has not asked for yet. */
    static final byte PLANNED = 0;
    /** Requested and in force at the controller. */
    static final byte GRANTED = 1;
    /** Waiting behind a conflicting preemption. */
    static final byte QUEUED = 2;
    /** Passed, released or skipped. */
    static final byte DONE = 3;

    final long unitId;
    final long incidentId;
    final int priority;
    final int[] edges;
    final int[] routeIndex;
    final int[] intersection;
    final int[] phase;
    final long[] etaNs;
    final byte[] state;
    final long[] requestedAtNs;
    final long[] expiresAtNs;
    int count;
    int segment;
    long lastFixNs;
    long startNs;

    Wave(final long unitId, final long incidentId, final int priority, final int edgeCount)
    {
        this.unitId = unitId;
        this.incidentId = incidentId;
        this.priority = priority;
        this.edges = new int[edgeCount];
        this.routeIndex = new int[edgeCount];
        this.intersection = new int[edgeCount];
        this.phase = new int[edgeCount];
        this.etaNs = new long[edgeCount];
        this.state = new byte[edgeCount];
        this.requestedAtNs = new long[edgeCount];
        this.expiresAtNs = new long[edgeCount];
    }

    int indexOf(final int anIntersection)
    {
        for (int k = 0; k < count; k++)
        {
            if (intersection[k] == anIntersection && state[k] != DONE)
            {
                return k;
            }
        }
        return -1;
    }
}
