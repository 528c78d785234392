package org.beacon.signal;

import static org.beacon.signal.Wave.DONE;
import static org.beacon.signal.Wave.GRANTED;
import static org.beacon.signal.Wave.PLANNED;
import static org.beacon.signal.Wave.QUEUED;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.PreemptEnd;
import org.beacon.core.OutputSink;

/**
 * The planner of green waves: a dispatched unit's route becomes the signalized intersections ahead with an expected
 * arrival each; fixes move the unit along it and release what it passed; fixes and ticks request what it reaches
 * within the lead time, refresh grants and end them at the dwell limit; one preemption per intersection at a time
 * (sharing, queueing, superseding and the recovery time). Works on the {@link SignalState} it shares with the
 * controller bank and the snapshot; its outputs go through the {@link SignalPublisher}.
 */
final class GreenWavePlanner
{
    private final SignalConfig config;
    private final SignalNetwork network;
    private final SignalState shared;
    private final SignalPublisher publisher;
    private final TreeMap<Long, Wave> waves;
    private final Long2ObjectHashMap<Wave> byId;
    private final Slot[] slots;
    private final double metresPerLonMicro;

    GreenWavePlanner(final SignalConfig config, final SignalNetwork network, final SignalState state,
        final SignalPublisher publisher)
    {
        this.config = config;
        this.network = network;
        this.shared = state;
        this.publisher = publisher;
        this.waves = shared.waves;
        this.byId = shared.byId;
        this.slots = shared.slots;
        this.metresPerLonMicro = SignalNetwork.METRES_PER_MICRODEGREE * network.cosLat();
    }

    /**
     * A unit was dispatched along a route (dispatch's {@code RouteAssigned} for the same event). Replaces any wave the
     * unit had.
     *
     * @param unitId     the unit.
     * @param incidentId its incident.
     * @param priority   the incident's priority, 1 highest.
     * @param etaS       dispatch's drive time for the route.
     * @param edges      route edges, the unit's edge first, the incident's edge last.
     * @param edgeCount  how many of {@code edges} are the route.
     * @param nowNs      the event's timestamp.
     * @param outputs    where outputs go.
     */
    void onRouteAssigned(
        final long unitId,
        final long incidentId,
        final int priority,
        final int etaS,
        final int[] edges,
        final int edgeCount,
        final long nowNs,
        final OutputSink outputs)
    {
        shared.advanceClock(nowNs);
        final Wave old = shared.removeWave(unitId);
        int validEdges = 0;
        for (int i = 0; i < edgeCount; i++)
        {
            if (edges[i] < 0 || edges[i] >= network.edgeCount())
            {
                break;
            }
            validEdges++;
        }
        final Wave wave = new Wave(unitId, incidentId, Math.max(1, Math.min(255, priority)), validEdges);
        wave.startNs = shared.clockNs;
        long totalMs = 0;
        for (int i = 0; i < validEdges; i++)
        {
            wave.edges[i] = edges[i];
            totalMs += network.freeFlowMs(edges[i]);
        }
        // The last edge holds the incident: the junction at its end is beyond the scene.
        long cumulativeMs = 0;
        final long etaMs = etaS > 0 ? etaS * 1000L : totalMs;
        for (int i = 0; i + 1 < validEdges; i++)
        {
            cumulativeMs += network.freeFlowMs(edges[i]);
            final int intersection = network.intersectionAtEnd(edges[i]);
            if (intersection >= 0)
            {
                final int k = wave.count++;
                wave.routeIndex[k] = i;
                wave.intersection[k] = intersection;
                wave.phase[k] = network.approachPhase(edges[i]);
                wave.etaNs[k] = shared.clockNs + (totalMs > 0 ? cumulativeMs * etaMs / totalMs : 0) * 1_000_000L;
            }
        }
        publisher.planned(wave, outputs);
        if (wave.count > 0)
        {
            shared.putWave(wave);
        }
        if (null != old)
        {
            replace(old, wave, outputs);
        }
        if (wave.count > 0)
        {
            evaluate(wave, outputs);
        }
    }

    /**
     * A re-route keeps what the old wave holds or waits for where the new route arrives soon by the same approach:
     * releasing and asking again would drop the green under the unit (and hand the intersection to the queue in
     * between). Every other claim of the old wave ends with ROUTE_CHANGED.
     */
    private void replace(final Wave old, final Wave wave, final OutputSink outputs)
    {
        for (int k = 0; k < old.count; k++)
        {
            final byte state = old.state[k];
            if (state != GRANTED && state != QUEUED)
            {
                continue;
            }
            int carried = -1;
            for (int n = 0; n < wave.count; n++)
            {
                if (wave.intersection[n] == old.intersection[k] && wave.phase[n] == old.phase[k] && wave.state[n] == PLANNED &&
                    wave.etaNs[n] - shared.clockNs <= config.leadNs())
                {
                    carried = n;
                    break;
                }
            }
            if (carried >= 0)
            {
                wave.state[carried] = state;
                wave.requestedAtNs[carried] = old.requestedAtNs[k];
                wave.expiresAtNs[carried] = old.expiresAtNs[k];
                old.state[k] = DONE;
            }
            else
            {
                finish(old, k, PreemptEnd.ROUTE_CHANGED, outputs);
            }
        }
    }

    /**
     * A unit stopped needing its wave: on scene, available, out of service, at hospital.
     *
     * @param unitId  the unit.
     * @param nowNs   the event's timestamp.
     * @param outputs where outputs go.
     */
    void onUnitStopped(final long unitId, final long nowNs, final OutputSink outputs)
    {
        shared.advanceClock(nowNs);
        final Wave wave = shared.removeWave(unitId);
        if (null != wave)
        {
            endWave(wave, PreemptEnd.UNIT_STOPPED, outputs);
        }
    }

    void onPosition(final long unitId, final int latMicros, final int lonMicros, final OutputSink outputs)
    {
        final Wave wave = byId.get(unitId);
        if (null == wave)
        {
            return;
        }
        wave.lastFixNs = shared.clockNs;
        final int end = Math.min(wave.edges.length, wave.segment + config.lookaheadSegments());
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        double bestAlong = 0;
        double bestLength = 0;
        for (int i = wave.segment; i < end; i++)
        {
            final int edge = wave.edges[i];
            final int from = network.edgeFrom(edge);
            final int to = network.edgeTo(edge);
            final double ax = x(network.junctionLonMicros(from));
            final double ay = y(network.junctionLatMicros(from));
            final double bx = x(network.junctionLonMicros(to));
            final double by = y(network.junctionLatMicros(to));
            final double px = x(lonMicros);
            final double py = y(latMicros);
            final double dx = bx - ax;
            final double dy = by - ay;
            final double lengthSquared = dx * dx + dy * dy;
            double t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
            t = Math.max(0, Math.min(1, t));
            final double cx = ax + t * dx - px;
            final double cy = ay + t * dy - py;
            final double distance = Math.sqrt(cx * cx + cy * cy);
            // strictly less: at a junction both segments touch, the earlier one wins until the unit is clearly past
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
                final double length = Math.sqrt(lengthSquared);
                bestAlong = t * length;
                bestLength = length;
            }
        }
        if (best < 0 || bestDistance > config.onRouteToleranceM())
        {
            evaluate(wave, outputs);
            return;
        }
        wave.segment = best;
        // an intersection at the end of route edge j is behind the unit once it is well into segment j + 1
        final int passedBefore = bestAlong >= config.passMarginM() ? best : best - 1;
        for (int k = 0; k < wave.count; k++)
        {
            if (wave.routeIndex[k] < passedBefore && wave.state[k] != DONE)
            {
                finish(wave, k, PreemptEnd.PASSED, outputs);
            }
        }
        // refine the arrivals ahead from where the unit is, at free-flow speed along the route
        final int edge = wave.edges[best];
        final double remainingFraction = bestLength > 0 ? Math.max(0, 1.0 - bestAlong / bestLength) : 0;
        long aheadMs = (long)(remainingFraction * network.freeFlowMs(edge));
        int routeIndex = best;
        for (int k = 0; k < wave.count; k++)
        {
            if (wave.routeIndex[k] < best)
            {
                continue;
            }
            while (routeIndex < wave.routeIndex[k])
            {
                routeIndex++;
                aheadMs += network.freeFlowMs(wave.edges[routeIndex]);
            }
            if (wave.state[k] != DONE)
            {
                wave.etaNs[k] = shared.clockNs + aheadMs * 1_000_000L;
            }
        }
        evaluate(wave, outputs);
    }

    private double x(final int lonMicros)
    {
        return lonMicros * metresPerLonMicro;
    }

    private static double y(final int latMicros)
    {
        return latMicros * SignalNetwork.METRES_PER_MICRODEGREE;
    }

    void onTick(final OutputSink outputs)
    {
        for (final Slot slot : slots)
        {
            if (slot.operatorFlash && shared.clockNs >= slot.operatorFlashUntilNs)
            {
                slot.operatorFlash = false;
            }
        }
        // stale waves end first (in unit order) so that no live wave meets a holder that is gone from the map,
        // and so that what they release can go to the others in this same tick
        List<Wave> ended = null;
        final Iterator<Map.Entry<Long, Wave>> it = waves.entrySet().iterator();
        while (it.hasNext())
        {
            final Wave wave = it.next().getValue();
            final long lastSeen = Math.max(wave.lastFixNs, wave.startNs);
            if (shared.clockNs - lastSeen > config.staleNs())
            {
                it.remove();
                byId.remove(wave.unitId);
                if (null == ended)
                {
                    ended = new ArrayList<>();
                }
                ended.add(wave);
            }
        }
        if (null != ended)
        {
            for (int i = 0; i < ended.size(); i++)
            {
                endWave(ended.get(i), PreemptEnd.STALE_POSITION, outputs);
            }
        }
        for (final Wave wave : waves.values())
        {
            evaluate(wave, outputs);
        }
        // queued requests may be grantable now that a recovery time ran out
        for (int i = 0; i < slots.length; i++)
        {
            if (slots[i].queueCount > 0 && slots[i].holderCount == 0)
            {
                grantFromQueue(i, outputs);
            }
        }
    }

    /** Requests, refreshes and dwell limits for one wave at the current event time. */
    private void evaluate(final Wave wave, final OutputSink outputs)
    {
        boolean requesting = true;
        for (int k = 0; k < wave.count; k++)
        {
            final byte state = wave.state[k];
            if (state == GRANTED)
            {
                if (shared.clockNs - wave.requestedAtNs[k] >= config.maxDwellNs())
                {
                    finish(wave, k, PreemptEnd.DWELL_LIMIT, outputs);
                }
                else if (wave.expiresAtNs[k] - shared.clockNs <= config.refreshBeforeNs())
                {
                    wave.expiresAtNs[k] = shared.clockNs + config.requestTtlNs();
                    publisher.requested(wave, k, 1, outputs);
                }
            }
            else if (state == PLANNED && requesting)
            {
                if (wave.etaNs[k] - shared.clockNs > config.leadNs())
                {
                    // requests go out in route order; a grant further on still needs its refresh and dwell check
                    requesting = false;
                }
                else
                {
                    request(wave, k, outputs);
                }
            }
        }
    }

    private void request(final Wave wave, final int k, final OutputSink outputs)
    {
        final int intersection = wave.intersection[k];
        final Slot slot = slots[intersection];
        if (slot.blocked(shared.clockNs))
        {
            // a dark or flashing intersection is crossed as a stop: nothing to ask of it
            wave.state[k] = DONE;
            return;
        }
        final int phase = wave.phase[k];
        if (slot.holderCount == 0)
        {
            if (slot.queueCount > 0 || inRecovery(slot, phase, wave.priority))
            {
                enqueue(wave, k, slot, intersection, outputs);
                return;
            }
            grant(wave, k, slot, outputs);
            return;
        }
        if (shares(phase, slot.phase))
        {
            if (slot.holderCount < Slot.MAX_HOLDERS)
            {
                grant(wave, k, slot, outputs);
            }
            else
            {
                enqueue(wave, k, slot, intersection, outputs);
            }
            return;
        }
        if (supersedes(wave, k, slot, intersection))
        {
            final int superseded = slot.holderCount;
            final long[] ids = new long[superseded];
            System.arraycopy(slot.holders, 0, ids, 0, superseded);
            for (int h = 0; h < superseded; h++)
            {
                final Wave other = byId.get(ids[h]);
                final int otherK = other.indexOf(intersection);
                release(other, otherK, PreemptEnd.SUPERSEDED, outputs);
                other.state[otherK] = QUEUED;
                slot.enqueue(other.unitId);
            }
            grant(wave, k, slot, outputs);
            // the superseded wait behind the new holder, on the record like any other queued request
            for (int h = 0; h < superseded; h++)
            {
                final Wave other = byId.get(ids[h]);
                publisher.queued(other, other.indexOf(intersection), slot, intersection, outputs);
            }
            return;
        }
        enqueue(wave, k, slot, intersection, outputs);
    }

    /**
     * Whether a request must wait for the intersection's recovery time: a phase that conflicts with the one
     * released last (the same street in either direction runs on the same green, so it does not), within
     * {@link SignalConfig#recoveryNs()} of that release, for a priority that does not bypass it.
     */
    private boolean inRecovery(final Slot slot, final int phase, final int priority)
    {
        return !shares(phase, slot.lastPhase) && shared.clockNs - slot.lastReleaseNs < config.recoveryNs() &&
            priority > config.recoveryBypassPriority();
    }

    /** A strictly higher priority that arrives earlier than every current holder. */
    private boolean supersedes(final Wave wave, final int k, final Slot slot, final int intersection)
    {
        for (int h = 0; h < slot.holderCount; h++)
        {
            final Wave holder = byId.get(slot.holders[h]);
            final int holderK = null == holder ? -1 : holder.indexOf(intersection);
            if (holderK < 0 || wave.priority >= holder.priority || wave.etaNs[k] >= holder.etaNs[holderK])
            {
                return false;
            }
        }
        return slot.holderCount > 0;
    }

    private static boolean shares(final int phase, final int heldPhase)
    {
        return phase == heldPhase || phase == partner(heldPhase);
    }

    private static int partner(final int phase)
    {
        return phase <= 4 ? phase + 4 : phase - 4;
    }

    private void enqueue(final Wave wave, final int k, final Slot slot, final int intersection, final OutputSink outputs)
    {
        wave.state[k] = QUEUED;
        slot.enqueue(wave.unitId);
        publisher.queued(wave, k, slot, intersection, outputs);
    }

    private void grant(final Wave wave, final int k, final Slot slot, final OutputSink outputs)
    {
        if (slot.holderCount == 0)
        {
            slot.phase = wave.phase[k];
        }
        slot.holders[slot.holderCount++] = wave.unitId;
        wave.state[k] = GRANTED;
        wave.requestedAtNs[k] = shared.clockNs;
        wave.expiresAtNs[k] = shared.clockNs + config.requestTtlNs();
        publisher.requested(wave, k, 0, outputs);
    }

    /** Ends the wave's claim at position k for good. */
    private void finish(final Wave wave, final int k, final PreemptEnd reason, final OutputSink outputs)
    {
        final byte state = wave.state[k];
        wave.state[k] = DONE;
        if (state == GRANTED)
        {
            release(wave, k, reason, outputs);
            wave.state[k] = DONE;
        }
        else if (state == QUEUED)
        {
            final Slot slot = slots[wave.intersection[k]];
            slot.dequeue(wave.unitId);
        }
    }

    private void release(final Wave wave, final int k, final PreemptEnd reason, final OutputSink outputs)
    {
        final int intersection = wave.intersection[k];
        final Slot slot = slots[intersection];
        slot.removeHolder(wave.unitId);
        final long heldMs = (shared.clockNs - wave.requestedAtNs[k]) / 1_000_000L;
        publisher.released(intersection, wave.unitId, reason, heldMs, outputs);
        if (slot.holderCount == 0)
        {
            slot.lastReleaseNs = shared.clockNs;
            slot.lastPhase = slot.phase;
            if (reason != PreemptEnd.SUPERSEDED)
            {
                grantFromQueue(intersection, outputs);
            }
        }
    }

    /** Grants the best waiting request (priority, then arrival, then unit id) and every one that shares its phase. */
    void grantFromQueue(final int intersection, final OutputSink outputs)
    {
        final Slot slot = slots[intersection];
        while (slot.queueCount > 0)
        {
            Wave best = null;
            int bestK = -1;
            for (int q = 0; q < slot.queueCount; q++)
            {
                final Wave candidate = byId.get(slot.queue[q]);
                final int k = null == candidate ? -1 : candidate.indexOf(intersection);
                if (k < 0 || candidate.state[k] != QUEUED)
                {
                    continue;
                }
                if (null == best || candidate.priority < best.priority ||
                    (candidate.priority == best.priority && (candidate.etaNs[k] < best.etaNs[bestK] ||
                    (candidate.etaNs[k] == best.etaNs[bestK] && candidate.unitId < best.unitId))))
                {
                    best = candidate;
                    bestK = k;
                }
            }
            if (null == best)
            {
                slot.queueCount = 0;
                return;
            }
            if (slot.blocked(shared.clockNs))
            {
                return;
            }
            if (slot.holderCount == 0)
            {
                if (inRecovery(slot, best.phase[bestK], best.priority))
                {
                    return;
                }
            }
            else if (!shares(best.phase[bestK], slot.phase) || slot.holderCount >= Slot.MAX_HOLDERS)
            {
                return;
            }
            slot.dequeue(best.unitId);
            grant(best, bestK, slot, outputs);
        }
    }

    private void endWave(final Wave wave, final PreemptEnd reason, final OutputSink outputs)
    {
        for (int k = 0; k < wave.count; k++)
        {
            if (wave.state[k] != DONE)
            {
                finish(wave, k, reason, outputs);
            }
        }
    }


    /** Ends every holder's claim at an intersection the center can no longer preempt. */
    void releaseAll(final int intersection, final PreemptEnd reason, final OutputSink outputs)
    {
        final Slot slot = slots[intersection];
        while (slot.holderCount > 0)
        {
            final Wave wave = byId.get(slot.holders[0]);
            final int k = null == wave ? -1 : wave.indexOf(intersection);
            if (k < 0)
            {
                // not reachable while every holder has its wave; never loop on a broken invariant
                slot.removeHolder(slot.holders[0]);
                continue;
            }
            finish(wave, k, reason, outputs);
        }
    }
}
