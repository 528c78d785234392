package org.beacon.signal.controller;

/**
 * The preemption requests sharing one dwell, in the order they were accepted: the first is the one in force. At most
 * {@link RingBarrierController#MAX_SHARED_REQUESTS}; allocates nothing.
 */
final class PreemptRequests
{
    final long[] ids = new long[RingBarrierController.MAX_SHARED_REQUESTS];
    final long[] expires = new long[RingBarrierController.MAX_SHARED_REQUESTS];
    final int[] priority = new int[RingBarrierController.MAX_SHARED_REQUESTS];
    int count;

    int indexOf(final long requestId)
    {
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == requestId)
            {
                return i;
            }
        }
        return -1;
    }

    /** The best (lowest) priority of the group but one entry's. */
    int bestPriorityExcluding(final int excluded)
    {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            if (i != excluded)
            {
                best = Math.min(best, priority[i]);
            }
        }
        return best;
    }

    void add(final long requestId, final int requestPriority, final long expiresAtNs)
    {
        ids[count] = requestId;
        priority[count] = requestPriority;
        expires[count] = expiresAtNs;
        count++;
    }

    void remove(final int index)
    {
        for (int i = index + 1; i < count; i++)
        {
            ids[i - 1] = ids[i];
            priority[i - 1] = priority[i];
            expires[i - 1] = expires[i];
        }
        count--;
    }

    /** The latest expiry of the group, 0 when empty. */
    long latestExpiry()
    {
        long latest = 0;
        for (int i = 0; i < count; i++)
        {
            latest = Math.max(latest, expires[i]);
        }
        return latest;
    }
}
