package org.beacon.signal;

import java.util.Arrays;
import java.util.TreeMap;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Everything signal control keeps between events, shared by the planner, the controller bank and the snapshot: the
 * waves (in unit-id order, and by id for the per-fix lookup without boxing), the center's view of each intersection,
 * the last congestion factor per edge and the service's clock.
 */
final class SignalState
{
    final TreeMap<Long, Wave> waves = new TreeMap<>();
    /** The same waves by unit id; {@link #waves} gives the id order. */
    final Long2ObjectHashMap<Wave> byId = new Long2ObjectHashMap<>();
    final Slot[] slots;
    /** Per edge: the last factor handed on, 0 for none yet. */
    final int[] congestion;
    /** The latest event timestamp seen. */
    long clockNs;

    SignalState(final int intersections, final int edges)
    {
        this.slots = new Slot[intersections];
        this.congestion = new int[edges];
        reset();
    }

    /** Returns to the state before any event. */
    void reset()
    {
        waves.clear();
        byId.clear();
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot();
        }
        Arrays.fill(congestion, 0);
        clockNs = 0;
    }

    void advanceClock(final long nowNs)
    {
        clockNs = Math.max(clockNs, nowNs);
    }

    void putWave(final Wave wave)
    {
        waves.put(wave.unitId, wave);
        byId.put(wave.unitId, wave);
    }

    Wave removeWave(final long unitId)
    {
        final Wave wave = byId.remove(unitId);
        if (null != wave)
        {
            waves.remove(unitId);
        }
        return wave;
    }
}
