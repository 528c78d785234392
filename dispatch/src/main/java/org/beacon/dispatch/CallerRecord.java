package org.beacon.dispatch;

import java.util.Arrays;

/**
 * What the state machine remembers about one caller number: its recent calls (for the nuisance rule and
 * for matching fixes that name only the number) and the fixes waiting for its call. Owned by
 * {@link CallerHistory}.
 */
final class CallerRecord
{
    final byte[] caller;
    final long hash;
    CallerRecord nextSameHash;
    boolean removed;

    /** Calls from this number after this time count for the nuisance rule (a call-taker cleared one). */
    long clearedAtNs = Long.MIN_VALUE;
    long lastActivityNs;

    /** Recent calls, oldest first, as a ring of at most {@link CallerHistory#MAX_ENTRIES}. */
    long[] entryAtNs = new long[4];
    long[] entryCallId = new long[4];
    int entryStart;
    int entryCount;

    PendingFix pendingHead;
    PendingFix pendingTail;
    int pendingCount;

    CallerRecord(final byte[] caller, final long hash)
    {
        this.caller = caller;
        this.hash = hash;
    }

    long entryAtNs(final int index)
    {
        return entryAtNs[(entryStart + index) % entryAtNs.length];
    }

    long entryCallId(final int index)
    {
        return entryCallId[(entryStart + index) % entryCallId.length];
    }

    void addEntry(final long atNs, final long callId)
    {
        if (entryCount == entryAtNs.length)
        {
            if (entryCount < CallerHistory.MAX_ENTRIES)
            {
                final int capacity = Math.min(CallerHistory.MAX_ENTRIES, entryCount * 2);
                final long[] at = new long[capacity];
                final long[] ids = new long[capacity];
                for (int i = 0; i < entryCount; i++)
                {
                    at[i] = entryAtNs(i);
                    ids[i] = entryCallId(i);
                }
                entryAtNs = at;
                entryCallId = ids;
                entryStart = 0;
            }
            else
            {
                entryStart = (entryStart + 1) % entryAtNs.length;
                entryCount--;
            }
        }
        final int index = (entryStart + entryCount) % entryAtNs.length;
        entryAtNs[index] = atNs;
        entryCallId[index] = callId;
        entryCount++;
    }

    void appendPending(final PendingFix pending)
    {
        if (null == pendingTail)
        {
            pendingHead = pending;
        }
        else
        {
            pendingTail.nextInRecord = pending;
        }
        pendingTail = pending;
        pendingCount++;
    }

    PendingFix removePendingHead()
    {
        final PendingFix head = pendingHead;
        pendingHead = head.nextInRecord;
        head.nextInRecord = null;
        if (null == pendingHead)
        {
            pendingTail = null;
        }
        pendingCount--;
        return head;
    }

    boolean sameCaller(final byte[] bytes, final int length)
    {
        return caller.length == length && Arrays.equals(caller, 0, length, bytes, 0, length);
    }
}
