package org.beacon.signal;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.GreenWavePlannedEncoder;
import org.beacon.codecs.IntersectionStateEncoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedEncoder;
import org.beacon.codecs.PreemptReleasedEncoder;
import org.beacon.codecs.PreemptRequestedEncoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.SignalAlarmEncoder;
import org.beacon.codecs.SignalCommandIssuedEncoder;
import org.beacon.codecs.SignalCommandRejectedEncoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * The green-wave planner and the central side of signal control, inside the state machine. It never
 * drives a signal itself: it asks field controllers for preemptions and forwards operators' commands,
 * and the controllers' own conflict monitors decide what is safe. Everything here is a function of
 * journaled events (and of dispatch's outputs for the same events, which the center hands over):
 *
 * <ul>
 *   <li>A dispatched unit's route ({@link #onRouteAssigned}) gives the signalized intersections ahead with an
 *       expected arrival each (free-flow times along the route, scaled to dispatch's ETA); a
 *       {@code GreenWavePlanned} output lists them.</li>
 *   <li>Each AVL fix ({@code UnitPosition}) moves the unit along its route (projection on the next
 *       {@link SignalConfig#lookaheadSegments()} segments only) and refines the arrivals; intersections it has
 *       passed are released ({@code PreemptReleased} PASSED).</li>
 *   <li>On fixes and ticks, an intersection whose expected arrival is within {@link SignalConfig#leadNs()} is
 *       requested ({@code PreemptRequested}); a request is refreshed before it expires, so a planner that falls
 *       silent leaves the controller to return to local operation by itself.</li>
 *   <li>Limits for general traffic: one preemption per intersection at a time (a unit on the same street, same or
 *       opposite direction, shares it); a conflicting request waits ({@code PreemptQueued}) unless it has a strictly
 *       higher incident priority and arrives earlier, which supersedes the holder; a unit holds an intersection at most
 *       {@link SignalConfig#maxDwellNs()}; after a release a conflicting phase waits {@link SignalConfig#recoveryNs()}.</li>
 *   <li>Operators' commands ({@code SignalOperatorCommand}) are checked and forwarded ({@code SignalCommandIssued})
 *       or refused ({@code SignalCommandRejected}), with the operator's id.</li>
 *   <li>Controller status ({@code SignalStatus}) becomes a SPaT-like {@code IntersectionState} on every change of
 *       indications or mode, raises and clears {@code SignalAlarm}s, and its detectors give a congestion factor per
 *       approach edge for dispatch ({@link CongestionListener}).</li>
 * </ul>
 *
 * <p>Waves are kept in unit-id order and intersections by index, so outputs never depend on hash order.
 */
public final class SignalService implements StateMachine
{
    /** Receives congestion factors derived from detectors, for dispatch's drive times. */
    @FunctionalInterface
    public interface CongestionListener
    {
        /**
         * A congestion factor changed.
         *
         * @param edge           routing edge index.
         * @param factorPermille 1000 free flow and up.
         */
        void onCongestion(int edge, int factorPermille);
    }

    /** A phase the wave has not asked for yet. */
    static final byte PLANNED = 0;
    /** Requested and in force at the controller. */
    static final byte GRANTED = 1;
    /** Waiting behind a conflicting preemption. */
    static final byte QUEUED = 2;
    /** Passed, released or skipped. */
    static final byte DONE = 3;

    private static final int MAX_HOLDERS = 8;
    private static final int UNKNOWN_SPEED = SignalStatusDecoder.DetectorsDecoder.meanSpeedCmPerSNullValue();
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int SNAPSHOT_MAGIC = 0x53474E4C;
    private static final int SNAPSHOT_VERSION = 1;
    private static final int MAX_COMMAND_DURATION_S = 3600;

    private final SignalConfig config;
    private final SignalNetwork network;
    private final CongestionListener congestionListener;
    private final TreeMap<Long, Wave> waves = new TreeMap<>();
    /** The same waves by unit id, for the per-fix lookup without boxing; {@link #waves} gives the id order. */
    private final Long2ObjectHashMap<Wave> byId = new Long2ObjectHashMap<>();
    private final Slot[] slots;
    private final int[] congestion;
    private final double metresPerLonMicro;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private final SignalStatusDecoder statusDecoder = new SignalStatusDecoder();
    private final SignalOperatorCommandDecoder commandDecoder = new SignalOperatorCommandDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final GreenWavePlannedEncoder plannedEncoder = new GreenWavePlannedEncoder();
    private final PreemptRequestedEncoder requestedEncoder = new PreemptRequestedEncoder();
    private final PreemptReleasedEncoder releasedEncoder = new PreemptReleasedEncoder();
    private final PreemptQueuedEncoder queuedEncoder = new PreemptQueuedEncoder();
    private final SignalCommandIssuedEncoder issuedEncoder = new SignalCommandIssuedEncoder();
    private final SignalCommandRejectedEncoder rejectedEncoder = new SignalCommandRejectedEncoder();
    private final SignalAlarmEncoder alarmEncoder = new SignalAlarmEncoder();
    private final IntersectionStateEncoder stateEncoder = new IntersectionStateEncoder();
    private final MutableDirectBuffer out = new UnsafeBuffer(new byte[64 * 1024]);

    private long clockNs;

    /**
     * A planner over a signal network.
     *
     * @param config             fixed configuration.
     * @param network            the signalized intersections of the center's road network.
     * @param congestionListener where detector-derived congestion goes (dispatch), or null.
     */
    public SignalService(final SignalConfig config, final SignalNetwork network, final CongestionListener congestionListener)
    {
        this.config = config;
        this.network = network;
        this.congestionListener = congestionListener;
        this.slots = new Slot[network.intersectionCount()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot();
        }
        this.congestion = new int[network.edgeCount()];
        this.metresPerLonMicro = SignalNetwork.METRES_PER_MICRODEGREE * network.cosLat();
    }

    /** @return the network it plans on. */
    public SignalNetwork network()
    {
        return network;
    }

    /** @return units with a green wave in progress. */
    public int activeWaveCount()
    {
        return waves.size();
    }

    /**
     * The units holding an intersection's preemption.
     *
     * @param intersection index.
     * @return their ids, the first holder first; empty when none.
     */
    public long[] holders(final int intersection)
    {
        final Slot slot = slots[intersection];
        final long[] ids = new long[slot.holderCount];
        System.arraycopy(slot.holders, 0, ids, 0, slot.holderCount);
        return ids;
    }

    /**
     * The last mode a controller reported.
     *
     * @param intersection index.
     * @return its mode, or null before its first status.
     */
    public ControllerModeCode mode(final int intersection)
    {
        final int mode = slots[intersection].mode;
        return mode < 0 ? null : ControllerModeCode.get((short)mode);
    }

    /**
     * A wave's state at one of its route positions, for tests and tools.
     *
     * @param unitId the unit.
     * @param intersection the intersection.
     * @return PLANNED, GRANTED, QUEUED or DONE (0..3), or -1 when the unit's wave does not cross it.
     */
    public int waveState(final long unitId, final int intersection)
    {
        final Wave wave = byId.get(unitId);
        if (null != wave)
        {
            for (int k = 0; k < wave.count; k++)
            {
                if (wave.intersection[k] == intersection)
                {
                    return wave.state[k];
                }
            }
        }
        return -1;
    }

    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        if (length < HEADER)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        clockNs = Math.max(clockNs, timestampNs);
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case UnitPositionDecoder.TEMPLATE_ID:
                if (blockLength >= UnitPositionDecoder.BLOCK_LENGTH)
                {
                    positionDecoder.wrap(buffer, offset + HEADER, blockLength, version);
                    onPosition(positionDecoder.unitId(), positionDecoder.position().latMicros(),
                        positionDecoder.position().lonMicros(), outputs);
                }
                break;
            case TickDecoder.TEMPLATE_ID:
                onTick(outputs);
                break;
            case SignalStatusDecoder.TEMPLATE_ID:
                if (blockLength >= SignalStatusDecoder.BLOCK_LENGTH)
                {
                    statusDecoder.wrap(buffer, offset + HEADER, blockLength, version);
                    onStatus(outputs);
                }
                break;
            case SignalOperatorCommandDecoder.TEMPLATE_ID:
                if (blockLength >= SignalOperatorCommandDecoder.BLOCK_LENGTH)
                {
                    commandDecoder.wrap(buffer, offset + HEADER, blockLength, version);
                    onOperatorCommand(outputs);
                }
                break;
            default:
                break;
        }
    }

    // ------------------------------------------------------------------ routes and units

    /**
     * A unit was dispatched along a route (dispatch's {@code RouteAssigned}, handed over by the center for
     * the same event). Replaces any wave the unit had.
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
    public void onRouteAssigned(
        final long unitId,
        final long incidentId,
        final int priority,
        final int etaS,
        final int[] edges,
        final int edgeCount,
        final long nowNs,
        final OutputSink outputs)
    {
        clockNs = Math.max(clockNs, nowNs);
        final Wave old = removeWave(unitId);
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
        wave.startNs = clockNs;
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
                wave.etaNs[k] = clockNs + (totalMs > 0 ? cumulativeMs * etaMs / totalMs : 0) * 1_000_000L;
            }
        }
        emitPlanned(wave, outputs);
        if (wave.count > 0)
        {
            waves.put(unitId, wave);
            byId.put(unitId, wave);
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
                    wave.etaNs[n] - clockNs <= config.leadNs())
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
    public void onUnitStopped(final long unitId, final long nowNs, final OutputSink outputs)
    {
        clockNs = Math.max(clockNs, nowNs);
        final Wave wave = removeWave(unitId);
        if (null != wave)
        {
            endWave(wave, PreemptEnd.UNIT_STOPPED, outputs);
        }
    }

    private Wave removeWave(final long unitId)
    {
        final Wave wave = byId.remove(unitId);
        if (null != wave)
        {
            waves.remove(unitId);
        }
        return wave;
    }

    private void onPosition(final long unitId, final int latMicros, final int lonMicros, final OutputSink outputs)
    {
        final Wave wave = byId.get(unitId);
        if (null == wave)
        {
            return;
        }
        wave.lastFixNs = clockNs;
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
                wave.etaNs[k] = clockNs + aheadMs * 1_000_000L;
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

    private void onTick(final OutputSink outputs)
    {
        for (final Slot slot : slots)
        {
            if (slot.operatorFlash && clockNs >= slot.operatorFlashUntilNs)
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
            if (clockNs - lastSeen > config.staleNs())
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
                if (clockNs - wave.requestedAtNs[k] >= config.maxDwellNs())
                {
                    finish(wave, k, PreemptEnd.DWELL_LIMIT, outputs);
                }
                else if (wave.expiresAtNs[k] - clockNs <= config.refreshBeforeNs())
                {
                    wave.expiresAtNs[k] = clockNs + config.requestTtlNs();
                    emitRequested(wave, k, 1, outputs);
                }
            }
            else if (state == PLANNED && requesting)
            {
                if (wave.etaNs[k] - clockNs > config.leadNs())
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
        if (slot.blocked(clockNs))
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
            if (slot.holderCount < MAX_HOLDERS)
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
                emitQueued(other, other.indexOf(intersection), slot, intersection, outputs);
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
        return !shares(phase, slot.lastPhase) && clockNs - slot.lastReleaseNs < config.recoveryNs() &&
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
        emitQueued(wave, k, slot, intersection, outputs);
    }

    private void emitQueued(final Wave wave, final int k, final Slot slot, final int intersection, final OutputSink outputs)
    {
        final int length = HEADER + queuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .unitId(wave.unitId)
            .phase((short)wave.phase[k])
            .behindUnitId(slot.holderCount > 0 ? slot.holders[0] : 0)
            .etaAtNs(wave.etaNs[k])
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    private void grant(final Wave wave, final int k, final Slot slot, final OutputSink outputs)
    {
        if (slot.holderCount == 0)
        {
            slot.phase = wave.phase[k];
        }
        slot.holders[slot.holderCount++] = wave.unitId;
        wave.state[k] = GRANTED;
        wave.requestedAtNs[k] = clockNs;
        wave.expiresAtNs[k] = clockNs + config.requestTtlNs();
        emitRequested(wave, k, 0, outputs);
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
        final long heldMs = (clockNs - wave.requestedAtNs[k]) / 1_000_000L;
        final int length = HEADER + releasedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .unitId(wave.unitId)
            .reason(reason)
            .heldMs(Math.min(heldMs, 0xFFFF_FFFEL))
            .encodedLength();
        outputs.emit(out, 0, length);
        if (slot.holderCount == 0)
        {
            slot.lastReleaseNs = clockNs;
            slot.lastPhase = slot.phase;
            if (reason != PreemptEnd.SUPERSEDED)
            {
                grantFromQueue(intersection, outputs);
            }
        }
    }

    /** Grants the best waiting request (priority, then arrival, then unit id) and every one that shares its phase. */
    private void grantFromQueue(final int intersection, final OutputSink outputs)
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
            if (slot.blocked(clockNs))
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
            else if (!shares(best.phase[bestK], slot.phase) || slot.holderCount >= MAX_HOLDERS)
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

    private void emitRequested(final Wave wave, final int k, final int refresh, final OutputSink outputs)
    {
        final int length = HEADER + requestedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(wave.intersection[k])
            .phase((short)wave.phase[k])
            .unitId(wave.unitId)
            .incidentId(wave.incidentId)
            .priority((short)wave.priority)
            .requester(PreemptRequester.GREEN_WAVE)
            .operatorId(0)
            .etaAtNs(wave.etaNs[k])
            .expiresAtNs(wave.expiresAtNs[k])
            .refresh((short)refresh)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    private void emitPlanned(final Wave wave, final OutputSink outputs)
    {
        plannedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .unitId(wave.unitId)
            .incidentId(wave.incidentId)
            .priority((short)wave.priority);
        final GreenWavePlannedEncoder.IntersectionsEncoder group = plannedEncoder.intersectionsCount(Math.min(wave.count, 4000));
        for (int k = 0; k < Math.min(wave.count, 4000); k++)
        {
            group.next().intersectionIndex(wave.intersection[k]).phase((short)wave.phase[k]).etaAtNs(wave.etaNs[k]);
        }
        outputs.emit(out, 0, HEADER + plannedEncoder.encodedLength());
    }

    // ------------------------------------------------------------------ field status and operators

    private void onStatus(final OutputSink outputs)
    {
        final int intersection = statusDecoder.intersectionIndex();
        if (intersection < 0 || intersection >= slots.length)
        {
            // a gateway validates indices before offering; a stray one changes nothing
            return;
        }
        final Slot slot = slots[intersection];
        final int mode = statusDecoder.modeRaw();
        if (mode > ControllerModeCode.OFFLINE.value())
        {
            // not a mode this schema knows: gateways never send it, so the status is not believed
            return;
        }
        final int faults = statusDecoder.buffer().getShort(statusDecoder.offset() + SignalStatusDecoder.faultsEncodingOffset(),
            ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final long preemptUnit = statusDecoder.preemptUnitId();
        boolean changed = mode != slot.mode || faults != slot.faults || preemptUnit != slot.preemptUnit;
        final SignalStatusDecoder.PhasesDecoder phases = statusDecoder.phases();
        int count = 0;
        while (phases.hasNext())
        {
            phases.next();
            if (count >= Slot.MAX_PHASES)
            {
                continue;
            }
            final int phase = phases.phase();
            final int vehicle = Math.min(phases.vehicleRaw(), org.beacon.codecs.SignalIndication.FLASHING_YELLOW.value());
            final int ped = Math.min(phases.pedRaw(), org.beacon.codecs.PedSignal.FLASHING_DONT_WALK.value());
            if (slot.phaseCount <= count || slot.phaseNumber[count] != phase || slot.vehicle[count] != vehicle ||
                slot.ped[count] != ped)
            {
                changed = true;
            }
            slot.phaseNumber[count] = phase;
            slot.vehicle[count] = vehicle;
            slot.ped[count] = ped;
            slot.minEndDs[count] = phases.minEndDs();
            slot.maxEndDs[count] = phases.maxEndDs();
            count++;
        }
        if (count != slot.phaseCount)
        {
            changed = true;
        }
        slot.phaseCount = count;
        final int previousFaults = slot.faults;
        final int previousMode = slot.mode;
        slot.mode = mode;
        slot.faults = faults;
        slot.preemptUnit = preemptUnit;
        if (changed)
        {
            emitState(intersection, slot, outputs);
        }
        final boolean faulted = faults != 0 || mode == ControllerModeCode.FAULT_FLASH.value();
        final boolean wasFaulted = previousFaults != 0 || previousMode == ControllerModeCode.FAULT_FLASH.value();
        if (faulted && (!slot.alarm || faults != previousFaults))
        {
            slot.alarm = true;
            emitAlarm(intersection, faults, mode, 1, outputs);
        }
        else if (!faulted && wasFaulted && slot.alarm)
        {
            slot.alarm = false;
            emitAlarm(intersection, 0, mode, 0, outputs);
        }
        if (faulted || mode == ControllerModeCode.FLASH.value())
        {
            releaseAll(intersection, PreemptEnd.INTERSECTION_FAULT, outputs);
        }
        final SignalStatusDecoder.DetectorsDecoder detectors = statusDecoder.detectors();
        while (detectors.hasNext())
        {
            detectors.next();
            onDetector(intersection, detectors.edgeIndex(), detectors.vehicleCount(), detectors.meanSpeedCmPerS());
        }
    }

    /**
     * Congestion of an approach from its detector: the ratio of free-flow speed to the measured mean speed,
     * free flow (1000) while vehicles move at 80% of free-flow speed or more, capped at 10x.
     */
    private void onDetector(final int intersection, final int edge, final int vehicles, final int meanSpeedCmPerS)
    {
        if (edge < 0 || edge >= congestion.length || network.intersectionAtEnd(edge) != intersection ||
            network.freeFlowMs(edge) <= 0)
        {
            return;
        }
        final long freeCmPerS = (long)network.lengthCm(edge) * 1000L / network.freeFlowMs(edge);
        int factor = 1000;
        if (vehicles > 0 && meanSpeedCmPerS != UNKNOWN_SPEED && freeCmPerS > 0 && meanSpeedCmPerS * 5L < freeCmPerS * 4L)
        {
            factor = (int)Math.min(10_000L, freeCmPerS * 1000L / Math.max(1, meanSpeedCmPerS));
        }
        final int last = congestion[edge] == 0 ? 1000 : congestion[edge];
        if (Math.abs(factor - last) >= config.congestionStepPermille() || (factor == 1000 && last != 1000))
        {
            congestion[edge] = factor;
            if (null != congestionListener)
            {
                congestionListener.onCongestion(edge, factor);
            }
        }
    }

    private void emitState(final int intersection, final Slot slot, final OutputSink outputs)
    {
        stateEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.get((short)slot.mode))
            .preemptUnitId(slot.preemptUnit)
            .atNs(clockNs);
        out.putShort(stateEncoder.offset() + IntersectionStateEncoder.faultsEncodingOffset(), (short)slot.faults,
            ByteOrder.LITTLE_ENDIAN);
        final IntersectionStateEncoder.PhasesEncoder group = stateEncoder.phasesCount(slot.phaseCount);
        for (int p = 0; p < slot.phaseCount; p++)
        {
            group.next()
                .phase((short)slot.phaseNumber[p])
                .vehicle(org.beacon.codecs.SignalIndication.get((short)slot.vehicle[p]))
                .ped(org.beacon.codecs.PedSignal.get((short)slot.ped[p]))
                .minEndDs(slot.minEndDs[p])
                .maxEndDs(slot.maxEndDs[p]);
        }
        outputs.emit(out, 0, HEADER + stateEncoder.encodedLength());
    }

    private void emitAlarm(final int intersection, final int faults, final int mode, final int raised, final OutputSink outputs)
    {
        alarmEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.get((short)mode))
            .raised((short)raised)
            .atNs(clockNs);
        out.putShort(alarmEncoder.offset() + SignalAlarmEncoder.faultsEncodingOffset(), (short)faults, ByteOrder.LITTLE_ENDIAN);
        outputs.emit(out, 0, HEADER + alarmEncoder.encodedLength());
    }

    private void onOperatorCommand(final OutputSink outputs)
    {
        final short rawType = commandDecoder.commandTypeRaw();
        final SignalCommandType type = rawType >= 1 && rawType <= 5 ? SignalCommandType.get(rawType) : SignalCommandType.NULL_VAL;
        final int intersection = commandDecoder.intersectionIndex();
        final int phase = commandDecoder.phase();
        final int operatorId = commandDecoder.operatorId();
        final int durationS = commandDecoder.durationS();
        if (type == SignalCommandType.NULL_VAL)
        {
            reject(type, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        if (intersection < 0 || intersection >= slots.length)
        {
            reject(type, intersection, phase, operatorId, SignalRejectReason.UNKNOWN_INTERSECTION, outputs);
            return;
        }
        final Slot slot = slots[intersection];
        long expiresAtNs = 0;
        switch (type)
        {
            case HOLD:
                if (phase < 1 || phase > 8 || (network.phaseMask(intersection) & (1 << phase)) == 0)
                {
                    reject(type, intersection, phase, operatorId, SignalRejectReason.INVALID_PHASE, outputs);
                    return;
                }
                if (durationS < 1 || durationS > MAX_COMMAND_DURATION_S)
                {
                    reject(type, intersection, phase, operatorId, SignalRejectReason.INVALID_DURATION, outputs);
                    return;
                }
                if (refuseBusy(type, intersection, phase, operatorId, slot, outputs))
                {
                    return;
                }
                expiresAtNs = clockNs + durationS * 1_000_000_000L;
                break;
            case ADVANCE:
                if (refuseBusy(type, intersection, phase, operatorId, slot, outputs))
                {
                    return;
                }
                break;
            case FLASH:
                if (durationS < 1 || durationS > MAX_COMMAND_DURATION_S)
                {
                    reject(type, intersection, phase, operatorId, SignalRejectReason.INVALID_DURATION, outputs);
                    return;
                }
                expiresAtNs = clockNs + durationS * 1_000_000_000L;
                // flash first, so that what the releases free is not handed straight to the queue
                slot.operatorFlash = true;
                slot.operatorFlashUntilNs = expiresAtNs;
                // the operator takes the intersection: responders' preemptions there end now, on the record
                releaseAll(intersection, PreemptEnd.OPERATOR, outputs);
                break;
            case RELEASE:
                slot.operatorFlash = false;
                break;
            case RESET_FAULT:
                if (!slot.inFault())
                {
                    reject(type, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND, outputs);
                    return;
                }
                break;
            default:
                reject(SignalCommandType.NULL_VAL, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND, outputs);
                return;
        }
        final int length = HEADER + issuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .commandType(type)
            .intersectionIndex(intersection)
            .phase((short)Math.max(0, Math.min(255, phase)))
            .operatorId(operatorId)
            .expiresAtNs(expiresAtNs)
            .encodedLength();
        outputs.emit(out, 0, length);
        if (type == SignalCommandType.RELEASE && slot.holderCount == 0 && slot.queueCount > 0)
        {
            // the intersection is back in local operation: requests that waited for it go now, not at the next tick
            grantFromQueue(intersection, outputs);
        }
    }

    /** Ends every holder's claim at an intersection the center can no longer preempt. */
    private void releaseAll(final int intersection, final PreemptEnd reason, final OutputSink outputs)
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

    private boolean refuseBusy(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final Slot slot,
        final OutputSink outputs)
    {
        if (slot.inFault())
        {
            reject(type, intersection, phase, operatorId, SignalRejectReason.INTERSECTION_IN_FAULT, outputs);
            return true;
        }
        if (slot.holderCount > 0)
        {
            reject(type, intersection, phase, operatorId, SignalRejectReason.PREEMPTION_ACTIVE, outputs);
            return true;
        }
        return false;
    }

    private void reject(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final SignalRejectReason reason,
        final OutputSink outputs)
    {
        // an unknown type goes out as the schema's null value, which every decoder reads (a raw 0 would throw)
        rejectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder).commandType(type);
        final int length = HEADER + rejectedEncoder
            .intersectionIndex(intersection)
            .phase((short)Math.max(0, Math.min(255, phase)))
            .operatorId(operatorId)
            .reason(reason)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    // ------------------------------------------------------------------ snapshot

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        int p = offset;
        buffer.putInt(p, SNAPSHOT_MAGIC);
        buffer.putInt(p + 4, SNAPSHOT_VERSION);
        buffer.putLong(p + 8, clockNs);
        buffer.putInt(p + 16, waves.size());
        p += 20;
        for (final Wave wave : waves.values())
        {
            p = wave.write(buffer, p);
        }
        buffer.putInt(p, slots.length);
        p += 4;
        for (final Slot slot : slots)
        {
            p = slot.write(buffer, p);
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

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 20 || buffer.getInt(offset) != SNAPSHOT_MAGIC || buffer.getInt(offset + 4) != SNAPSHOT_VERSION)
        {
            throw new IllegalArgumentException("not a signal snapshot of version " + SNAPSHOT_VERSION);
        }
        int p = offset;
        clockNs = buffer.getLong(p + 8);
        final int waveCount = buffer.getInt(p + 16);
        p += 20;
        waves.clear();
        byId.clear();
        for (int i = 0; i < waveCount; i++)
        {
            final Wave wave = Wave.read(buffer, p);
            p += wave.encodedLength();
            waves.put(wave.unitId, wave);
            byId.put(wave.unitId, wave);
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
            p = slot.read(buffer, p);
        }
        java.util.Arrays.fill(congestion, 0);
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

    // ------------------------------------------------------------------ state

    /** One unit's green wave: the signalized intersections along its route. */
    static final class Wave
    {
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

        int encodedLength()
        {
            return 48 + edges.length * 4 + count * 37;
        }

        int write(final ExpandableArrayBuffer buffer, final int offset)
        {
            int p = offset;
            buffer.putLong(p, unitId);
            buffer.putLong(p + 8, incidentId);
            buffer.putInt(p + 16, priority);
            buffer.putInt(p + 20, edges.length);
            buffer.putInt(p + 24, count);
            buffer.putInt(p + 28, segment);
            buffer.putLong(p + 32, lastFixNs);
            buffer.putLong(p + 40, startNs);
            p += 48;
            for (final int edge : edges)
            {
                buffer.putInt(p, edge);
                p += 4;
            }
            for (int k = 0; k < count; k++)
            {
                buffer.putInt(p, routeIndex[k]);
                buffer.putInt(p + 4, intersection[k]);
                buffer.putInt(p + 8, phase[k]);
                buffer.putLong(p + 12, etaNs[k]);
                buffer.putByte(p + 20, state[k]);
                buffer.putLong(p + 21, requestedAtNs[k]);
                buffer.putLong(p + 29, expiresAtNs[k]);
                p += 37;
            }
            return p;
        }

        static Wave read(final DirectBuffer buffer, final int offset)
        {
            int p = offset;
            final Wave wave = new Wave(buffer.getLong(p), buffer.getLong(p + 8), buffer.getInt(p + 16), buffer.getInt(p + 20));
            wave.count = buffer.getInt(p + 24);
            wave.segment = buffer.getInt(p + 28);
            wave.lastFixNs = buffer.getLong(p + 32);
            wave.startNs = buffer.getLong(p + 40);
            p += 48;
            for (int i = 0; i < wave.edges.length; i++)
            {
                wave.edges[i] = buffer.getInt(p);
                p += 4;
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
                p += 37;
            }
            return wave;
        }
    }

    /** The center's view of one intersection: who holds it, who waits, what its controller last said. */
    static final class Slot
    {
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

        int write(final ExpandableArrayBuffer buffer, final int offset)
        {
            int p = offset;
            buffer.putInt(p, holderCount);
            p += 4;
            for (int h = 0; h < holderCount; h++)
            {
                buffer.putLong(p, holders[h]);
                p += 8;
            }
            buffer.putInt(p, phase);
            buffer.putLong(p + 4, lastReleaseNs);
            buffer.putInt(p + 12, lastPhase);
            buffer.putInt(p + 16, queueCount);
            p += 20;
            for (int q = 0; q < queueCount; q++)
            {
                buffer.putLong(p, queue[q]);
                p += 8;
            }
            buffer.putByte(p, (byte)(operatorFlash ? 1 : 0));
            buffer.putLong(p + 1, operatorFlashUntilNs);
            buffer.putInt(p + 9, mode);
            buffer.putInt(p + 13, faults);
            buffer.putLong(p + 17, preemptUnit);
            buffer.putByte(p + 25, (byte)(alarm ? 1 : 0));
            buffer.putInt(p + 26, phaseCount);
            p += 30;
            for (int i = 0; i < phaseCount; i++)
            {
                buffer.putInt(p, phaseNumber[i]);
                buffer.putInt(p + 4, vehicle[i]);
                buffer.putInt(p + 8, ped[i]);
                buffer.putInt(p + 12, minEndDs[i]);
                buffer.putInt(p + 16, maxEndDs[i]);
                p += 20;
            }
            return p;
        }

        int read(final DirectBuffer buffer, final int offset)
        {
            int p = offset;
            holderCount = buffer.getInt(p);
            p += 4;
            for (int h = 0; h < holderCount; h++)
            {
                holders[h] = buffer.getLong(p);
                p += 8;
            }
            phase = buffer.getInt(p);
            lastReleaseNs = buffer.getLong(p + 4);
            lastPhase = buffer.getInt(p + 12);
            queueCount = buffer.getInt(p + 16);
            p += 20;
            if (queue.length < queueCount)
            {
                queue = new long[queueCount];
            }
            for (int q = 0; q < queueCount; q++)
            {
                queue[q] = buffer.getLong(p);
                p += 8;
            }
            operatorFlash = buffer.getByte(p) != 0;
            operatorFlashUntilNs = buffer.getLong(p + 1);
            mode = buffer.getInt(p + 9);
            faults = buffer.getInt(p + 13);
            preemptUnit = buffer.getLong(p + 17);
            alarm = buffer.getByte(p + 25) != 0;
            phaseCount = buffer.getInt(p + 26);
            p += 30;
            for (int i = 0; i < phaseCount; i++)
            {
                phaseNumber[i] = buffer.getInt(p);
                vehicle[i] = buffer.getInt(p + 4);
                ped[i] = buffer.getInt(p + 8);
                minEndDs[i] = buffer.getInt(p + 12);
                maxEndDs[i] = buffer.getInt(p + 16);
                p += 20;
            }
            return p;
        }
    }
}
