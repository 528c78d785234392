package org.beacon.signal;

import org.beacon.codecs.ControllerModeCode;

/**
 * The center's view of one intersection: who holds it, who waits, what its controller last said. Pure state; the
 * planner and the controller bank change it and {@link SignalSnapshot} writes and reads it.
 */
final class Slot
{
    /** How many units may hold one intersection's preemption at a time (same street, either direction). */
    static final int MAX_HOLDERS = 8;
    static final int MAX_PHASES = 8;

    final long[] holders = new long[MAX_HOLDERS];
    int holderCount;
    int phase;
    long lastReleaseNs = Long.MIN_VALUE / 2;
    int lastPhase;
    long[] queue = new long[4];
    int queueCount;
    boolean operatorFlash;
    long operatorFlashUntilNs;
    int mode = -1;
    int faults;
    long preemptUnit;
    boolean alarm;
    int phaseCount;
    final int[] phaseNumber = new int[MAX_PHASES];
    final int[] vehicle = new int[MAX_PHASES];
    final int[] ped = new int[MAX_PHASES];
    final int[] minEndDs = new int[MAX_PHASES];
    final int[] maxEndDs = new int[MAX_PHASES];

    boolean inFault()
    {
        return faults != 0 || mode == ControllerModeCode.FAULT_FLASH.value();
    }

    /** In fault, flashing by itself, or flashing on an operator's command that has not expired. */
    boolean blocked(final long nowNs)
    {
        return inFault() || mode == ControllerModeCode.FLASH.value() || (operatorFlash && nowNs < operatorFlashUntilNs);
    }

    void enqueue(final long unitId)
    {
        for (int q = 0; q < queueCount; q++)
        {
            if (queue[q] == unitId)
            {
                return;
            }
        }
        if (queueCount == queue.length)
        {
            queue = java.util.Arrays.copyOf(queue, queue.length * 2);
        }
        queue[queueCount++] = unitId;
    }

    void dequeue(final long unitId)
    {
        for (int q = 0; q < queueCount; q++)
        {
            if (queue[q] == unitId)
            {
                System.arraycopy(queue, q + 1, queue, q, queueCount - q - 1);
                queueCount--;
                return;
            }
        }
    }

    void removeHolder(final long unitId)
    {
        for (int h = 0; h < holderCount; h++)
        {
            if (holders[h] == unitId)
            {
                System.arraycopy(holders, h + 1, holders, h, holderCount - h - 1);
                holderCount--;
                return;
            }
        }
    }
}
