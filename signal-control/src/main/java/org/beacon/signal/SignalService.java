package org.beacon.signal;

import java.util.function.LongToIntFunction;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;
import org.beacon.core.service.Service;

/**
 * The green-wave planner and the central side of signal control, inside the state machine. It never
 * drives a signal itself: it asks field controllers for preemptions and forwards operators' commands,
 * and the controllers' own conflict monitors decide what is safe. Everything here is a function of
 * journaled events and of dispatch's outputs for the same events ({@link #observes}, {@link #onOutput}):
 *
 * <ul>
 *   <li>A dispatched unit's route (dispatch's {@code RouteAssigned}) gives the signalized intersections ahead with an
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
 *
 * <p>The parts, by role: this class adapts events and dispatch's outputs ({@link DispatchNotes}) to the
 * {@link GreenWavePlanner} and the {@link ControllerBank}, which share one {@link SignalState}; the
 * {@link SignalPublisher} encodes every output; {@link SignalSnapshot} takes and loads the snapshot section laid out
 * as {@link SignalSnapshotDescriptor} describes.
 */
public final class SignalService implements Service
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

    /** This service's snapshot section id in the center's service list. */
    public static final int SECTION_ID = 2;

    /** A phase the wave has not asked for yet. */
    static final byte PLANNED = Wave.PLANNED;
    /** Requested and in force at the controller. */
    static final byte GRANTED = Wave.GRANTED;
    /** Waiting behind a conflicting preemption. */
    static final byte QUEUED = Wave.QUEUED;
    /** Passed, released or skipped. */
    static final byte DONE = Wave.DONE;

    private final SignalNetwork network;
    private final LongToIntFunction incidentPriority;
    private final SignalState state;
    private final GreenWavePlanner planner;
    private final ControllerBank bank;
    private final DispatchNotes notes = new DispatchNotes();
    private final MessageView message = new MessageView();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private final SignalStatusDecoder statusDecoder = new SignalStatusDecoder();
    private final SignalOperatorCommandDecoder commandDecoder = new SignalOperatorCommandDecoder();

    /**
     * A planner over a signal network that knows no incident's priority: the routes it is handed through
     * {@link #onOutput} get priority 3; those handed through
     * {@link #onRouteAssigned} carry their own.
     *
     * @param config             fixed configuration.
     * @param network            the signalized intersections of the center's road network.
     * @param congestionListener where detector-derived congestion goes (dispatch), or null.
     */
    public SignalService(final SignalConfig config, final SignalNetwork network, final CongestionListener congestionListener)
    {
        this(config, network, congestionListener, incidentId -> DispatchNotes.UNKNOWN_INCIDENT_PRIORITY);
    }

    /**
     * A planner over a signal network.
     *
     * @param config             fixed configuration.
     * @param network            the signalized intersections of the center's road network.
     * @param congestionListener where detector-derived congestion goes (dispatch), or null.
     * @param incidentPriority   an incident's priority by id (1 highest) as dispatch knows it once done with the
     *                           event, 3 for an incident it does not know; read when a route opens its wave.
     */
    public SignalService(
        final SignalConfig config,
        final SignalNetwork network,
        final CongestionListener congestionListener,
        final LongToIntFunction incidentPriority)
    {
        this.network = network;
        this.incidentPriority = incidentPriority;
        this.state = new SignalState(network.intersectionCount(), network.edgeCount());
        final SignalPublisher publisher = new SignalPublisher();
        this.planner = new GreenWavePlanner(config, network, state, publisher);
        this.bank = new ControllerBank(config, network, state, planner, publisher, congestionListener);
    }

    /** @return the network it plans on. */
    public SignalNetwork network()
    {
        return network;
    }

    /** @return units with a green wave in progress. */
    public int activeWaveCount()
    {
        return state.waves.size();
    }

    /**
     * The units holding an intersection's preemption.
     *
     * @param intersection index.
     * @return their ids, the first holder first; empty when none.
     */
    public long[] holders(final int intersection)
    {
        final Slot slot = state.slots[intersection];
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
        final int mode = state.slots[intersection].mode;
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
        final Wave wave = state.byId.get(unitId);
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
    public int sectionId()
    {
        return SECTION_ID;
    }

    @Override
    public int sectionVersion()
    {
        return SignalSnapshotDescriptor.VERSION;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Dispatch's {@code RouteAssigned} and {@code UnitStatusChanged}.
     */
    @Override
    public boolean observes(final int templateId)
    {
        return DispatchNotes.observes(templateId);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Notes a route or a unit that stopped needing its wave; {@link #onEvent} acts on them.
     */
    @Override
    public void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
        final int length, final OutputSink outputs)
    {
        notes.note(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     *
     * <p>First ends the waves of the units noted as stopped (in order), then opens the waves of the noted routes (in
     * order), then acts on the event itself.
     */
    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        notes.apply(planner, incidentPriority, timestampNs, outputs);
        final int templateId = message.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            return;
        }
        state.advanceClock(timestampNs);
        switch (templateId)
        {
            case UnitPositionDecoder.TEMPLATE_ID:
                if (message.hasBlock(UnitPositionDecoder.BLOCK_LENGTH))
                {
                    positionDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
                    planner.onPosition(positionDecoder.unitId(), positionDecoder.position().latMicros(),
                        positionDecoder.position().lonMicros(), outputs);
                }
                break;
            case TickDecoder.TEMPLATE_ID:
                planner.onTick(outputs);
                break;
            case SignalStatusDecoder.TEMPLATE_ID:
                if (message.hasBlock(SignalStatusDecoder.BLOCK_LENGTH))
                {
                    statusDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
                    bank.onStatus(statusDecoder, outputs);
                }
                break;
            case SignalOperatorCommandDecoder.TEMPLATE_ID:
                if (message.hasBlock(SignalOperatorCommandDecoder.BLOCK_LENGTH))
                {
                    commandDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
                    bank.onOperatorCommand(commandDecoder, outputs);
                }
                break;
            default:
                break;
        }
    }

    /**
     * A unit was dispatched along a route, as dispatch's {@code RouteAssigned} for the same event says (the way a
     * host that does not hand the service dispatch's outputs, or a benchmark, opens a wave). Replaces any wave the
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
    public void onRouteAssigned(final long unitId, final long incidentId, final int priority, final int etaS, final int[] edges,
        final int edgeCount, final long nowNs, final OutputSink outputs)
    {
        planner.onRouteAssigned(unitId, incidentId, priority, etaS, edges, edgeCount, nowNs, outputs);
    }

    /**
     * A unit stopped needing its wave: on scene, available, out of service, at hospital (the way a host that does not
     * hand the service dispatch's outputs, or a benchmark, ends a wave).
     *
     * @param unitId  the unit.
     * @param nowNs   the event's timestamp.
     * @param outputs where outputs go.
     */
    public void onUnitStopped(final long unitId, final long nowNs, final OutputSink outputs)
    {
        planner.onUnitStopped(unitId, nowNs, outputs);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return SignalSnapshot.write(state, buffer, offset);
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        SignalSnapshot.read(state, buffer, offset, length);
    }

    @Override
    public void reset()
    {
        notes.clear();
        state.reset();
    }
}
