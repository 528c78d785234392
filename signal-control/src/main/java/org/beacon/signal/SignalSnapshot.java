package org.beacon.signal;

import static org.beacon.signal.SignalSnapshotDescriptor.CLOCK_OFFSET;
import static org.beacon.signal.SignalSnapshotDescriptor.EDGE_LENGTH;
import static org.beacon.signal.SignalSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.signal.SignalSnapshotDescriptor.MAGIC;
import static org.beacon.signal.SignalSnapshotDescriptor.MAGIC_OFFSET;
import static org.beacon.signal.SignalSnapshotDescriptor.VERSION;
import static org.beacon.signal.SignalSnapshotDescriptor.VERSION_OFFSET;
import static org.beacon.signal.SignalSnapshotDescriptor.WAVE_COUNT_OFFSET;
import static org.beacon.signal.SignalSnapshotDescriptor.WAVE_ENTRY_LENGTH;
import static org.beacon.signal.SignalSnapshotDescriptor.WAVE_HEADER_LENGTH;
import static org.beacon.signal.SignalSnapshotDescriptor.waveLength;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The snapshot taker and loader of signal control: the whole {@link SignalState} as one section, laid out as
 * {@link SignalSnapshotDescriptor} describes.
 */
final class SignalSnapshot
{
    private SignalSnapshot()
    {
    }

    /**
     * Writes the state.
     *
     * @param state  the state.
     * @param buffer where it goes.
     * @param offset where it starts.
     * @return the bytes written.
     */
    static int write(final SignalState state, final ExpandableArrayBuffer buffer, final int offset)
    {
        final Slot[] slots = state.slots;
        final int[] congestion = state.congestion;
        int p = offset;
        buffer.putInt(p + MAGIC_OFFSET, MAGIC);
        buffer.putInt(p + VERSION_OFFSET, VERSION);
        buffer.putLong(p + CLOCK_OFFSET, state.clockNs);
        buffer.putInt(p + WAVE_COUNT_OFFSET, state.waves.size());
        p += HEADER_LENGTH;
        for (final Wave wave : state.waves.values())
        {
            p = writeWave(wave, buffer, p);
        }
        buffer.putInt(p, slots.length);
        p += 4;
        for (final Slot slot : slots)
        {
            p = writeSlot(slot, buffer, p);
        }
        int congested = 0;
        for (final int factor : congestion)
        {
            if (factor != 0)
            {
                congested++;
            }
        }
        buffer.putInt(p, congested);
        p += 4;
        for (int e = 0; e < congestion.length; e++)
        {
            if (congestion[e] != 0)
            {
                buffer.putInt(p, e);
                buffer.putInt(p + 4, congestion[e]);
                p += 8;
            }
        }
        return p - offset;
    }

    /**
     * Replaces the state with a snapshot's.
     *
     * @param state  the state.
     * @param buffer holding the snapshot.
     * @param offset where it starts.
     * @param length its length.
     * @throws IllegalArgumentException when the bytes are no snapshot of this version.
     * @throws IllegalStateException    when the snapshot is of another network, or its length does not add up.
     */
    static void read(final SignalState state, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || buffer.getInt(offset + MAGIC_OFFSET) != MAGIC ||
            buffer.getInt(offset + VERSION_OFFSET) != VERSION)
        {
            throw new IllegalArgumentException("not a signal snapshot of version " + VERSION);
        }
        final Slot[] slots = state.slots;
        final int[] congestion = state.congestion;
        int p = offset;
        state.clockNs = buffer.getLong(p + CLOCK_OFFSET);
        final int waveCount = buffer.getInt(p + WAVE_COUNT_OFFSET);
        p += HEADER_LENGTH;
        state.waves.clear();
        state.byId.clear();
        for (int i = 0; i < waveCount; i++)
        {
            final Wave wave = readWave(buffer, p);
            p += waveLength(wave);
            state.putWave(wave);
        }
        final int slotCount = buffer.getInt(p);
        p += 4;
        if (slotCount != slots.length)
        {
            throw new IllegalStateException("signal snapshot of another network: " + slotCount + " intersections, not " +
                slots.length);
        }
        for (final Slot slot : slots)
        {
            p = readSlot(slot, buffer, p);
        }
        Arrays.fill(congestion, 0);
        final int congested = buffer.getInt(p);
        p += 4;
        for (int i = 0; i < congested; i++)
        {
            congestion[buffer.getInt(p)] = buffer.getInt(p + 4);
            p += 8;
        }
        if (p - offset != length)
        {
            throw new IllegalStateException("signal snapshot length " + length + " but " + (p - offset) + " read");
        }
    }

    private static int writeWave(final Wave wave, final ExpandableArrayBuffer buffer, final int offset)
    {
        int p = offset;
        buffer.putLong(p, wave.unitId);
        buffer.putLong(p + 8, wave.incidentId);
        buffer.putInt(p + 16, wave.priority);
        buffer.putInt(p + 20, wave.edges.length);
        buffer.putInt(p + 24, wave.count);
        buffer.putInt(p + 28, wave.segment);
        buffer.putLong(p + 32, wave.lastFixNs);
        buffer.putLong(p + 40, wave.startNs);
        p += WAVE_HEADER_LENGTH;
        for (final int edge : wave.edges)
        {
            buffer.putInt(p, edge);
            p += EDGE_LENGTH;
        }
        for (int k = 0; k < wave.count; k++)
        {
            buffer.putInt(p, wave.routeIndex[k]);
            buffer.putInt(p + 4, wave.intersection[k]);
            buffer.putInt(p + 8, wave.phase[k]);
            buffer.putLong(p + 12, wave.etaNs[k]);
            buffer.putByte(p + 20, wave.state[k]);
            buffer.putLong(p + 21, wave.requestedAtNs[k]);
            buffer.putLong(p + 29, wave.expiresAtNs[k]);
            p += WAVE_ENTRY_LENGTH;
        }
        return p;
    }

    private static Wave readWave(final DirectBuffer buffer, final int offset)
    {
        int p = offset;
        final Wave wave = new Wave(buffer.getLong(p), buffer.getLong(p + 8), buffer.getInt(p + 16), buffer.getInt(p + 20));
        wave.count = buffer.getInt(p + 24);
        wave.segment = buffer.getInt(p + 28);
        wave.lastFixNs = buffer.getLong(p + 32);
        wave.startNs = buffer.getLong(p + 40);
        p += WAVE_HEADER_LENGTH;
        for (int i = 0; i < wave.edges.length; i++)
        {
            wave.edges[i] = buffer.getInt(p);
            p += EDGE_LENGTH;
        }
        for (int k = 0; k < wave.count; k++)
        {
            wave.routeIndex[k] = buffer.getInt(p);
            wave.intersection[k] = buffer.getInt(p + 4);
            wave.phase[k] = buffer.getInt(p + 8);
            wave.etaNs[k] = buffer.getLong(p + 12);
            wave.state[k] = buffer.getByte(p + 20);
            wave.requestedAtNs[k] = buffer.getLong(p + 21);
            wave.expiresAtNs[k] = buffer.getLong(p + 29);
            p += WAVE_ENTRY_LENGTH;
        }
        return wave;
    }

    private static int writeSlot(final Slot slot, final ExpandableArrayBuffer buffer, final int offset)
    {
        int p = offset;
        buffer.putInt(p, slot.holderCount);
        p += 4;
        for (int h = 0; h < slot.holderCount; h++)
        {
            buffer.putLong(p, slot.holders[h]);
            p += 8;
        }
        buffer.putInt(p, slot.phase);
        buffer.putLong(p + 4, slot.lastReleaseNs);
        buffer.putInt(p + 12, slot.lastPhase);
        buffer.putInt(p + 16, slot.queueCount);
        p += 20;
        for (int q = 0; q < slot.queueCount; q++)
        {
            buffer.putLong(p, slot.queue[q]);
            p += 8;
        }
        buffer.putByte(p, (byte)(slot.operatorFlash ? 1 : 0));
        buffer.putLong(p + 1, slot.operatorFlashUntilNs);
        buffer.putInt(p + 9, slot.mode);
        buffer.putInt(p + 13, slot.faults);
        buffer.putLong(p + 17, slot.preemptUnit);
        buffer.putByte(p + 25, (byte)(slot.alarm ? 1 : 0));
        buffer.putInt(p + 26, slot.phaseCount);
        p += 30;
        for (int i = 0; i < slot.phaseCount; i++)
        {
            buffer.putInt(p, slot.phaseNumber[i]);
            buffer.putInt(p + 4, slot.vehicle[i]);
            buffer.putInt(p + 8, slot.ped[i]);
            buffer.putInt(p + 12, slot.minEndDs[i]);
            buffer.putInt(p + 16, slot.maxEndDs[i]);
            p += 20;
        }
        return p;
    }

    private static int readSlot(final Slot slot, final DirectBuffer buffer, final int offset)
    {
        int p = offset;
        slot.holderCount = buffer.getInt(p);
        p += 4;
        for (int h = 0; h < slot.holderCount; h++)
        {
            slot.holders[h] = buffer.getLong(p);
            p += 8;
        }
        slot.phase = buffer.getInt(p);
        slot.lastReleaseNs = buffer.getLong(p + 4);
        slot.lastPhase = buffer.getInt(p + 12);
        slot.queueCount = buffer.getInt(p + 16);
        p += 20;
        if (slot.queue.length < slot.queueCount)
        {
            slot.queue = new long[slot.queueCount];
        }
        for (int q = 0; q < slot.queueCount; q++)
        {
            slot.queue[q] = buffer.getLong(p);
            p += 8;
        }
        slot.operatorFlash = buffer.getByte(p) != 0;
        slot.operatorFlashUntilNs = buffer.getLong(p + 1);
        slot.mode = buffer.getInt(p + 9);
        slot.faults = buffer.getInt(p + 13);
        slot.preemptUnit = buffer.getLong(p + 17);
        slot.alarm = buffer.getByte(p + 25) != 0;
        slot.phaseCount = buffer.getInt(p + 26);
        p += 30;
        for (int i = 0; i < slot.phaseCount; i++)
        {
            slot.phaseNumber[i] = buffer.getInt(p);
            slot.vehicle[i] = buffer.getInt(p + 4);
            slot.ped[i] = buffer.getInt(p + 8);
            slot.minEndDs[i] = buffer.getInt(p + 12);
            slot.maxEndDs[i] = buffer.getInt(p + 16);
            p += 20;
        }
        return p;
    }
}
