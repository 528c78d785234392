package org.beacon.core.client;

/**
 * A gateway's inputs for the core, in the order they must be journaled: a ring of entries that are first unsent
 * (waiting for a connected core), then sent (waiting for their Ack), then done. The core journals one gateway's
 * inputs in the order it offered them and acknowledges them in that order, so an Ack can only be for the oldest
 * sent entry (older entries whose Ack never came have failed), and only the oldest entry's deadline needs watching.
 * Preallocated parallel arrays: adding, sending and acknowledging allocate nothing.
 *
 * <pre>
 *   head            sent              tail
 *    |  sent, no Ack |  not yet offered |  free ...
 * </pre>
 *
 * @param <T> what an entry is about (a call, a request, ...).
 */
final class OfferRing<T>
{
    private final int mask;
    private final long[] correlation;
    private final long[] deadline;
    private final int[] kind;
    private final Object[] token;
    private long head;
    private long sent;
    private long tail;

    OfferRing(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(16, capacity - 1) << 1);
        mask = size - 1;
        correlation = new long[size];
        deadline = new long[size];
        kind = new int[size];
        token = new Object[size];
    }

    /**
     * Queues an input.
     *
     * @return false when the ring is full.
     */
    boolean add(final T t, final int k, final long deadlineNs)
    {
        if (tail - head > mask)
        {
            return false;
        }
        final int i = (int)(tail & mask);
        token[i] = t;
        kind[i] = k;
        deadline[i] = deadlineNs;
        correlation[i] = 0;
        tail++;
        return true;
    }

    /** @return whether no entry can be added. */
    boolean full()
    {
        return tail - head > mask;
    }

    /** @return whether an entry waits to be offered. */
    boolean hasUnsent()
    {
        return sent < tail;
    }

    /** @return whether an entry waits for its Ack. */
    boolean hasOutstanding()
    {
        return head < sent;
    }

    /** @return whether anything is queued at all. */
    boolean isEmpty()
    {
        return head == tail;
    }

    /** @return the next entry to offer. */
    @SuppressWarnings("unchecked")
    T unsentToken()
    {
        return (T)token[(int)(sent & mask)];
    }

    /** @return the kind of the next entry to offer. */
    int unsentKind()
    {
        return kind[(int)(sent & mask)];
    }

    /** Marks the next entry offered under a correlation id. */
    void markSent(final long correlationId)
    {
        correlation[(int)(sent & mask)] = correlationId;
        sent++;
    }

    /** @return the oldest entry (sent or not). */
    @SuppressWarnings("unchecked")
    T oldestToken()
    {
        return (T)token[(int)(head & mask)];
    }

    /** @return its kind. */
    int oldestKind()
    {
        return kind[(int)(head & mask)];
    }

    /** @return its correlation id (0 when not sent). */
    long oldestCorrelation()
    {
        return correlation[(int)(head & mask)];
    }

    /** @return its deadline. */
    long oldestDeadline()
    {
        return deadline[(int)(head & mask)];
    }

    /** Drops the oldest entry. */
    void removeOldest()
    {
        final int i = (int)(head & mask);
        token[i] = null;
        head++;
        if (sent < head)
        {
            sent = head;
        }
    }

    /** @return entries queued. */
    int size()
    {
        return (int)(tail - head);
    }
}
