package org.beacon.dispatch.intake.sip;

/**
 * The inputs the gateway thread has for the core, in the order they must be journaled: a ring of
 * entries that are first unsent (waiting for a connected core), then sent (waiting for their Ack),
 * then done. The core journals one gateway's inputs in the order it offered them and acknowledges
 * them in that order, so an Ack can only be for the oldest sent entry (older entries whose Ack never
 * came have failed), and only the oldest entry's deadline needs watching. Preallocated parallel
 * arrays: adding, sending and acknowledging allocate nothing.
 *
 * <pre>
 *   head            sent              tail
 *    |  sent, no Ack |  not yet offered |  free ...
 * </pre>
 */
final class CoreOffers
{
    static final byte RECEIVED = 1;
    static final byte FIX = 2;
    static final byte CELL_FIX = 3;
    static final byte END = 4;

    private final int mask;
    private final long[] correlation;
    private final long[] deadline;
    private final byte[] kind;
    private final SipCall[] call;
    private long head;
    private long sent;
    private long tail;

    CoreOffers(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(16, capacity - 1) << 1);
        mask = size - 1;
        correlation = new long[size];
        deadline = new long[size];
        kind = new byte[size];
        call = new SipCall[size];
    }

    /**
     * Queues an input.
     *
     * @return false when the ring is full.
     */
    boolean add(final SipCall c, final byte k, final long deadlineNs)
    {
        if (tail - head > mask)
        {
            return false;
        }
        final int i = (int)(tail & mask);
        call[i] = c;
        kind[i] = k;
        deadline[i] = deadlineNs;
        correlation[i] = 0;
        tail++;
        return true;
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
    SipCall unsentCall()
    {
        return call[(int)(sent & mask)];
    }

    /** @return the kind of the next entry to offer. */
    byte unsentKind()
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
    SipCall oldestCall()
    {
        return call[(int)(head & mask)];
    }

    /** @return its kind. */
    byte oldestKind()
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
        call[i] = null;
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
