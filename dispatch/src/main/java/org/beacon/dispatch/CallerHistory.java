package org.beacon.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Caller numbers the state machine remembers, bounded in time and size: per number its recent calls
 * (at most {@link #MAX_ENTRIES}) and the fixes waiting for its call (at most
 * {@link #MAX_PENDING_PER_CALLER} per number, {@link DispatchConfig#maxPendingFixes} in all, each for
 * {@link DispatchConfig#pendingFixTtlNs}).
 * <p>
 * Expiry runs on Tick, by event time: a pending fix older than its time to live is dropped, and a number
 * with no activity for {@link DispatchConfig#callerRetentionNs()} is forgotten. Both use FIFO queues in
 * the order of a monotonic event clock, so expiry costs amortised O(1) per call or fix received. The rules
 * that read the history check ages themselves, so whether an expired entry is still in memory never
 * changes an output; and expiry on a Tick removes exactly the entries older than the limit, so a
 * restored state, whose queues hold one entry per record, expires exactly like the original.
 * <p>
 * Numbers are looked up by a 64-bit FNV-1a hash of their bytes, with chaining on collisions; no lookup
 * allocates. Numbers are compared byte for byte as the gateway normalized them.
 */
final class CallerHistory
{
    /** Calls kept per number; also the largest nuisance threshold. */
    static final int MAX_ENTRIES = 64;

    /** Longest caller number kept, bytes; longer ones are truncated (URIs, not numbers). */
    static final int MAX_CALLER_LENGTH = 128;

    /** Fixes that may wait for one number's call. */
    static final int MAX_PENDING_PER_CALLER = 8;

    private final Long2ObjectHashMap<CallerRecord> byHash = new Long2ObjectHashMap<>();
    private final long retentionNs;
    private final long pendingTtlNs;
    private final int maxPending;
    private int recordCount;

    private long[] queueAtNs = new long[64];
    private CallerRecord[] queueRecords = new CallerRecord[64];
    private int queueHead;
    private int queueSize;

    private final ArrayDeque<PendingFix> pendingQueue = new ArrayDeque<>();
    private int pendingLive;

    CallerHistory(final DispatchConfig config)
    {
        this.retentionNs = config.callerRetentionNs();
        this.pendingTtlNs = config.pendingFixTtlNs();
        this.maxPending = config.maxPendingFixes();
    }

    int recordCount()
    {
        return recordCount;
    }

    int pendingCount()
    {
        return pendingLive;
    }

    static long hash(final byte[] bytes, final int length)
    {
        long hash = 0xCBF2_9CE4_8422_2325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= bytes[i] & 0xFF;
            hash *= 0x0000_0100_0000_01B3L;
        }
        return hash;
    }

    CallerRecord find(final byte[] caller, final int length)
    {
        CallerRecord record = byHash.get(hash(caller, length));
        while (null != record && !record.sameCaller(caller, length))
        {
            record = record.nextSameHash;
        }
        return record;
    }

    CallerRecord findOrCreate(final byte[] caller, final int length)
    {
        final CallerRecord found = find(caller, length);
        if (null != found)
        {
            return found;
        }

        final long hash = hash(caller, length);
        final CallerRecord record = new CallerRecord(Arrays.copyOf(caller, length), hash);
        record.nextSameHash = byHash.get(hash);
        byHash.put(hash, record);
        recordCount++;
        return record;
    }

    /**
     * Records a call from the number.
     *
     * @return calls from the number within the window that were not cleared, this one included.
     */
    int addCall(final CallerRecord record, final long callId, final long nowNs, final long windowNs)
    {
        record.addEntry(nowNs, callId);
        touch(record, nowNs);
        return recentCalls(record, nowNs, windowNs);
    }

    static int recentCalls(final CallerRecord record, final long nowNs, final long windowNs)
    {
        int count = 0;
        for (int i = record.entryCount - 1; i >= 0; i--)
        {
            final long atNs = record.entryAtNs(i);
            if (nowNs - atNs > windowNs || atNs <= record.clearedAtNs)
            {
                break;
            }
            count++;
        }
        return count;
    }

    void addPending(final CallerRecord record, final long sequence, final long nowNs, final Fix fix)
    {
        if (0 == maxPending)
        {
            return;
        }
        if (record.pendingCount == MAX_PENDING_PER_CALLER)
        {
            drop(record.removePendingHead());
        }
        if (pendingLive == maxPending)
        {
            dropOldestPending();
        }
        while (!pendingQueue.isEmpty() && pendingQueue.peekFirst().gone)
        {
            pendingQueue.pollFirst();
        }

        final PendingFix pending = new PendingFix(sequence, nowNs, record, fix);
        record.appendPending(pending);
        pendingQueue.addLast(pending);
        pendingLive++;
        touch(record, nowNs);
    }

    /**
     * Takes the number's oldest waiting fix.
     *
     * @return the fix, or null when none is waiting or it waited longer than its time to live.
     */
    PendingFix pollPending(final CallerRecord record, final long nowNs)
    {
        while (record.pendingCount > 0)
        {
            final PendingFix pending = record.removePendingHead();
            drop(pending);
            if (nowNs - pending.receivedAtNs <= pendingTtlNs)
            {
                return pending;
            }
        }
        return null;
    }

    /**
     * Drops what has expired at the given event time.
     */
    void expire(final long nowNs)
    {
        while (!pendingQueue.isEmpty())
        {
            final PendingFix head = pendingQueue.peekFirst();
            if (!head.gone && nowNs - head.receivedAtNs <= pendingTtlNs)
            {
                break;
            }
            pendingQueue.pollFirst();
            if (!head.gone)
            {
                head.record.removePendingHead();
                drop(head);
            }
        }

        while (queueSize > 0 && nowNs - queueAtNs[queueHead] > retentionNs)
        {
            final long atNs = queueAtNs[queueHead];
            final CallerRecord record = queueRecords[queueHead];
            queueRecords[queueHead] = null;
            queueHead = (queueHead + 1) % queueRecords.length;
            queueSize--;
            if (!record.removed && record.lastActivityNs == atNs && 0 == record.pendingCount)
            {
                remove(record);
            }
        }
    }

    void clear()
    {
        byHash.clear();
        recordCount = 0;
        Arrays.fill(queueRecords, null);
        queueHead = 0;
        queueSize = 0;
        pendingQueue.clear();
        pendingLive = 0;
    }

    /**
     * Every record, ordered by caller bytes (unsigned), for the snapshot. Allocates; not on the event path.
     */
    CallerRecord[] sortedRecords()
    {
        final CallerRecord[] records = new CallerRecord[recordCount];
        int count = 0;
        for (final CallerRecord head : byHash.values())
        {
            for (CallerRecord record = head; null != record; record = record.nextSameHash)
            {
                records[count++] = record;
            }
        }
        Arrays.sort(records, (a, b) -> Arrays.compareUnsigned(a.caller, b.caller));
        return records;
    }

    /**
     * Waiting fixes in the order they arrived (journal sequence), for the snapshot.
     */
    List<PendingFix> pendingInOrder()
    {
        final List<PendingFix> pending = new ArrayList<>(pendingLive);
        for (final PendingFix fix : pendingQueue)
        {
            if (!fix.gone)
            {
                pending.add(fix);
            }
        }
        return pending;
    }

    /**
     * Adds a record read from a snapshot; call {@link #finishRestore()} after the last one.
     */
    CallerRecord restoreRecord(final byte[] caller, final long clearedAtNs, final long lastActivityNs)
    {
        final CallerRecord record = findOrCreate(caller, caller.length);
        record.clearedAtNs = clearedAtNs;
        record.lastActivityNs = lastActivityNs;
        return record;
    }

    /**
     * Adds a waiting fix read from a snapshot, in arrival order.
     */
    void restorePending(final byte[] caller, final long sequence, final long receivedAtNs, final Fix fix)
    {
        final CallerRecord record = findOrCreate(caller, caller.length);
        final PendingFix pending = new PendingFix(sequence, receivedAtNs, record, fix);
        record.appendPending(pending);
        pendingQueue.addLast(pending);
        pendingLive++;
    }

    /**
     * Rebuilds the expiry queue: one entry per record, by last activity.
     */
    void finishRestore()
    {
        final CallerRecord[] records = sortedRecords();
        Arrays.sort(records, (a, b) -> Long.compare(a.lastActivityNs, b.lastActivityNs));
        for (final CallerRecord record : records)
        {
            push(record.lastActivityNs, record);
        }
    }

    private void touch(final CallerRecord record, final long nowNs)
    {
        record.lastActivityNs = nowNs;
        push(nowNs, record);
    }

    private void push(final long atNs, final CallerRecord record)
    {
        if (queueSize == queueRecords.length)
        {
            final int capacity = queueRecords.length * 2;
            final long[] at = new long[capacity];
            final CallerRecord[] records = new CallerRecord[capacity];
            for (int i = 0; i < queueSize; i++)
            {
                final int index = (queueHead + i) % queueRecords.length;
                at[i] = queueAtNs[index];
                records[i] = queueRecords[index];
            }
            queueAtNs = at;
            queueRecords = records;
            queueHead = 0;
        }
        final int tail = (queueHead + queueSize) % queueRecords.length;
        queueAtNs[tail] = atNs;
        queueRecords[tail] = record;
        queueSize++;
    }

    private void drop(final PendingFix pending)
    {
        pending.gone = true;
        pendingLive--;
    }

    private void dropOldestPending()
    {
        while (!pendingQueue.isEmpty())
        {
            final PendingFix head = pendingQueue.pollFirst();
            if (!head.gone)
            {
                head.record.removePendingHead();
                drop(head);
                return;
            }
        }
    }

    private void remove(final CallerRecord record)
    {
        record.removed = true;
        final CallerRecord head = byHash.get(record.hash);
        if (head == record)
        {
            if (null == record.nextSameHash)
            {
                byHash.remove(record.hash);
            }
            else
            {
                byHash.put(record.hash, record.nextSameHash);
            }
        }
        else
        {
            CallerRecord previous = head;
            while (null != previous && previous.nextSameHash != record)
            {
                previous = previous.nextSameHash;
            }
            if (null != previous)
            {
                previous.nextSameHash = record.nextSameHash;
            }
        }
        record.nextSameHash = null;
        recordCount--;
    }
}
