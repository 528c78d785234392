package org.beacon.dispatch;

import java.util.Objects;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.OutputSink;
import org.beacon.core.service.Service;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.UnitRanker;

/**
 * The 112 dispatch slice of the state machine: calls and their location fixes, incidents built from
 * correlated calls, units and their status, straight-line or drive-time recommendations per needed agency, and the
 * operators' commands (dispatch, close, confirm location, accept a fix, split, merge, add an agency,
 * clear a nuisance flag).
 * <p>
 * Inputs handled: CallReceived, LocationFix, CallEnded, UnitPosition, UnitStatus, OperatorCommand,
 * RoadCongestion and Tick. Every other template id, and messages of another schema, are ignored without output: the center
 * composes several services over one journal and those events belong to others. Version 1 CallReceived
 * and OperatorCommand records (shorter blocks) are read with the v2 fields at their null values.
 * <p>
 * <b>Calls and fixes.</b> Each CallReceived registers a call (a call id already known, or 0, is ignored:
 * gateways assign unique non-zero ids). Its location is fix 1; every LocationFix adds the next number,
 * usable or not. A coordinate out of range is unusable whatever the gateway said. A LocationFix whose
 * call id is 0 or unknown goes by caller number to the most recent call of that number that has not
 * ended, else to the most recent one that ended within {@link DispatchConfig#endedCallGraceNs()} (AML
 * often arrives after a short call hung up), only among calls received within
 * {@link DispatchConfig#callMatchWindowNs()}. A usable fix that matches no call waits in a bounded store
 * (see {@link CallerHistory}) and becomes a fix of the next call from that number. The best fix of a
 * call and of an incident is chosen by effective uncertainty, see {@link FixRanking}. CallUpdated is
 * emitted whenever a call's visible state changes.
 * <p>
 * <b>Confirmed location.</b> CONFIRM_LOCATION (a position, or zero to confirm what the call shows) adds
 * a CALL_TAKER fix and pins the incident to it. A later fix never replaces a pinned location: a usable
 * fix whose radius is smaller than the pin's, and smaller than any fix offered since, is announced with
 * BetterFixAvailable; ACCEPT_FIX(call, fix number) pins the incident to that fix.
 * <p>
 * <b>Incidents.</b> A call whose best location is usable and at most
 * {@link DispatchConfig#maxJoinUncertaintyM()} wide joins the compatible active incident (see
 * {@link AgencySet}) with the smallest normalized distance within the threshold of {@link FixRanking},
 * if its latest call is within {@link DispatchConfig#duplicateWindowNs()}; otherwise it opens an incident
 * whose id is the call's journal sequence. Correlation happens when a call arrives; later fixes move the
 * incident's location, never the call. An incident needs the agencies of its calls (112 adds none) plus
 * those added by ADD_AGENCY; recommendations name k units per needed agency (k of any agency when none
 * is needed yet), when its location first becomes usable, for each newly needed agency, and again for
 * all when its location moved farther than {@link DispatchConfig#rerecommendDistanceM()}.
 * <p>
 * <b>Nuisance.</b> A call from a number with at least {@link DispatchConfig#nuisanceCallThreshold()} calls
 * (this one included) within {@link DispatchConfig#nuisanceWindowNs()} is flagged. It is never dropped:
 * it opens or joins an incident and gets recommendations like any other. CLEAR_NUISANCE clears the flag
 * of that call and restarts the count for its number.
 * <p>
 * <b>Commands</b> that name a call ignore the command's incident id (the call says where it is now);
 * CommandRejected then carries the call's incident id, or the command's when the call is unknown. A
 * MERGE_INCIDENTS rejection carries the id that failed. SPLIT_CALL moves a call (not the last one) into a
 * new incident whose id is the command's journal sequence; the call keeps its confirmation, and the old
 * incident recomputes its location, agencies and pin from the calls left. MERGE_INCIDENTS moves every call
 * and every unit committed to the merged incident (UnitStatusChanged with unchanged status and the new
 * incident id), keeps the target's pin (else takes the merged one's) and closes the merged incident with
 * reason MERGED. CLEAR_NUISANCE also applies to calls of closed incidents; the other commands need an
 * active incident. ADD_AGENCY of an agency already needed answers AGENCY_ADDED without recommending.
 * <p>
 * <b>Road network</b> (when constructed with a {@link RoadGraph}; see
 * {@link #DispatchService(DispatchConfig, RoadGraph)}): recommendations rank by drive time, agencies map to
 * unit types (police: patrol; fire: engine, ladder, rescue; ambulance: ALS, BLS; none: every type), and a
 * unit DISPATCHED or EN_ROUTE to a lower-priority incident may be proposed ({@code reassignFromIncidentId}).
 * Each DispatchOrder of a unit that has a road route is followed by RouteAssigned (edge indices of this
 * network, the unit's edge first, the incident's edge last, at most 65,534). After that, an AVL fix
 * (UnitPosition) of the unit while DISPATCHED or EN_ROUTE runs one backward search from the incident until
 * the unit's edge is settled, and publishes EtaUpdated when the drive time moved by at least
 * {@link DispatchConfig#etaUpdateThresholdS()} from the last published one. RoadCongestion (edge index of
 * the network, factor at least 1000 permille) changes this instance's copy of the network; invalid ones
 * are ignored, and nothing is re-recommended by it. A DISPATCH of a reassignable unit moves its commitment
 * (UnitStatusChanged from DISPATCHED or EN_ROUTE to DISPATCHED, with the new incident).
 * <p>
 * <b>Overdue statuses.</b> On every Tick, a unit whose status (DISPATCHED, EN_ROUTE, ON_SCENE, TRANSPORTING,
 * AT_HOSPITAL) has lasted longer than its threshold in {@link DispatchConfig} without a change raises
 * StatusOverdue once for that status, in unit id order; the clock restarts with the next status change.
 * This runs with or without a road network, on event time only.
 * <p>
 * <b>Hospitals.</b> The first HospitalStatus of an id (positive, valid position) registers the hospital, later
 * ones replace its position, capabilities, beds and diversion; at most 200 are kept. When an
 * ALS or BLS ambulance changes status to TRANSPORTING, HospitalAssigned names the hospital with beds, not
 * diverting and GENERAL capability that is nearest by drive time from the unit (ties by hospital id), or
 * hospital 0 with NONE_WITH_CAPACITY. No operator command sets a needed capability yet: GENERAL for every
 * transport.
 * <p>
 * <b>Coverage.</b> With a {@link CoverageConfig} of at least one point, Ticks check coverage; see
 * {@link #DispatchService(DispatchConfig, RoadGraph, CoverageConfig)}.
 * <p>
 * Determinism: outputs depend only on the event (sequence, timestamp, payload) and the state. Hash
 * maps serve lookups only; every scan walks entities in ascending id order, and every tie is broken
 * by the lower id. Distances use {@link StrictMath}; fix ranking uses exact integer arithmetic. Internal
 * expiry uses a monotonic event clock (the largest timestamp seen). Work per event is bounded by the
 * open incidents (correlation), the units (recommendation), the calls of the incidents a command names
 * (split and merge) and the entries that expire (Tick, amortised per call). Steady state allocates only
 * for new entities (calls, fixes, incidents, units, caller numbers) and the amortised growth of arrays.
 * <p>
 * Not thread-safe: the host calls it from its one logic thread; the query methods for tools must be
 * called from that thread too, or on an instance nobody is applying events to.
 * <p>
 * <b>Structure.</b> This class is the facade: {@code DispatchAdapter} decodes each event once and calls the part it
 * concerns ({@code Calls}, {@code Recommender}, {@code Fleet}, {@code Hospitals}, {@code Coverage},
 * {@code OperatorCommands}); {@code DispatchPublisher} writes every output; {@code DispatchSnapshotTaker} and
 * {@code DispatchSnapshotLoader} write and read the snapshot. The parts share {@code DispatchState} and
 * {@code DispatchRoads}.
 */
public final class DispatchService implements Service
{
    /** The id of the dispatch section in a service-list snapshot. */
    public static final int SECTION_ID = 1;

    private final DispatchConfig config;
    private final DispatchState state;
    private final DispatchPublisher publisher;
    private final DispatchRoads roads;
    private final Recommender recommender;
    private final DispatchAdapter adapter;
    private final DispatchSnapshotTaker snapshotTaker;
    private final DispatchSnapshotLoader snapshotLoader;

    /**
     * A service with {@link DispatchConfig#DEFAULT}.
     */
    public DispatchService()
    {
        this(DispatchConfig.DEFAULT);
    }

    /**
     * A service with the given configuration.
     *
     * @param config fixed parameters; not part of the snapshot.
     */
    public DispatchService(final DispatchConfig config)
    {
        this(config, null);
    }

    /**
     * A service that dispatches on a road network.
     *
     * <p>The network is fixed configuration, like {@code config}: the node and every replay of its journal must
     * be given the same one (a different network is a new journal era). The service copies it, so the
     * congestion factors that {@code RoadCongestion} events set are this instance's own state (and part of
     * its snapshot); the caller's graph is never mutated.
     *
     * <p>With a network, unit positions and incident locations are snapped to the nearest edge within
     * {@link DispatchConfig#maxSnapDistanceM()}; recommendations rank by drive time with {@link UnitRanker}
     * (ties by unit id), {@code UnitRecommended.distanceM} is the driving distance along the route, and units
     * farther than that from any road (or an incident that does not snap) fall back to the straight line at
     * {@link DispatchConfig#unitSpeedKmh()}, merged into the same ranking by ETA. A unit DISPATCHED or EN_ROUTE
     * to an incident of a lower priority (a greater priority number) may be proposed, with
     * {@code reassignFromIncidentId}, and a DISPATCH command may then take it.
     *
     * @param config    fixed parameters; not part of the snapshot.
     * @param roadGraph the road network, or null for straight-line recommendations.
     */
    public DispatchService(final DispatchConfig config, final RoadGraph roadGraph)
    {
        this(config, roadGraph, CoverageConfig.NONE);
    }

    /**
     * A service that dispatches on a road network (or the straight line) and checks coverage.
     *
     * <p>Every {@link CoverageConfig#intervalNs()} of event time (on the first Tick at or after it), each coverage
     * point is checked for each agency (police, fire, ambulance): when no AVAILABLE unit of the agency is within
     * the agency's target drive time of the point, a {@code MoveUpProposed} names the AVAILABLE unit of that
     * agency with the smallest drive time to the point (ties by unit id; 0 when there is none). It is proposed
     * once per gap: no further proposal for that point and agency until a check finds the gap closed.
     *
     * @param config    fixed parameters; not part of the snapshot.
     * @param roadGraph the road network, or null for straight-line recommendations.
     * @param coverage  the coverage points and targets; not part of the snapshot.
     */
    public DispatchService(final DispatchConfig config, final RoadGraph roadGraph, final CoverageConfig coverage)
    {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(coverage, "coverage");
        this.state = new DispatchState(config);
        this.roads = new DispatchRoads(config, roadGraph);
        this.publisher = new DispatchPublisher();
        this.recommender = new Recommender(state, roads, publisher);
        final Calls calls = new Calls(state, publisher, recommender);
        final Hospitals hospitals = new Hospitals(state, roads, publisher);
        final Fleet fleet = new Fleet(state, roads, publisher, hospitals, recommender);
        final OperatorCommands commands = new OperatorCommands(state, roads, publisher, calls, recommender, fleet);
        this.adapter = new DispatchAdapter(
            state, roads, calls, fleet, hospitals, new Coverage(state, roads, publisher, coverage), commands);
        this.snapshotTaker = new DispatchSnapshotTaker(state, roads.graph, recommender);
        this.snapshotLoader = new DispatchSnapshotLoader(state, roads, recommender);
    }

    /**
     * The service's own road network (congestion as of the last event), or null.
     *
     * @return the graph or null.
     */
    public RoadGraph roadGraph()
    {
        return roads.graph;
    }

    /**
     * The configuration this service was built with.
     *
     * @return the configuration.
     */
    public DispatchConfig config()
    {
        return config;
    }

    /**
     * {@inheritDoc}
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
        adapter.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
        recommender.refreshDue(outputs);
        state.retireDue(publisher, outputs);
    }

    /**
     * Sets the congestion of one edge of this service's network, with exactly the effect of a RoadCongestion event
     * of that edge whose factor is {@code Math.min(factorPermille, 65_534)} (as a uint16: a negative factor is read
     * as the wire would carry it): an edge outside the network, a factor below free flow or no network at all leave
     * everything unchanged. Emits nothing and re-recommends nothing. Unlike an event it does not move the event
     * clock: the caller applies it within an event this service has already seen.
     *
     * @param edgeIndex      the edge, an index of this service's network.
     * @param factorPermille the travel-time factor, 1000 for free flow.
     */
    public void applyCongestion(final int edgeIndex, final int factorPermille)
    {
        roads.applyCongestion(edgeIndex, Math.min(factorPermille, DispatchPublisher.MAX_UINT16) & 0xFFFF);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return snapshotTaker.snapshot(buffer, offset);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the bytes are not a snapshot of this layout.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        reset();
        snapshotLoader.load(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@value #SECTION_ID}.
     */
    @Override
    public int sectionId()
    {
        return SECTION_ID;
    }

    /**
     * {@inheritDoc}
     *
     * @return the snapshot layout version (6), the only one {@link #restore} reads.
     */
    @Override
    public int sectionVersion()
    {
        return DispatchSnapshotDescriptor.LAYOUT_VERSION;
    }

    /**
     * Returns to the state of a service just constructed with the same configuration, network and coverage: no
     * entity, clock 0, free flow on every edge.
     */
    @Override
    public void reset()
    {
        state.clear();
        roads.reset();
        recommender.reset();
    }

    /**
     * Number of incidents ever opened (closed ones included).
     *
     * @return the number of incidents.
     */
    public int incidentCount()
    {
        return state.incidents.size();
    }

    /**
     * Number of incidents not closed (status OPEN or DISPATCHED).
     *
     * @return the number of active incidents.
     */
    public int openIncidentCount()
    {
        return state.activeIncidents.size();
    }

    /**
     * Number of registered units.
     *
     * @return the number of units.
     */
    public int unitCount()
    {
        return state.units.size();
    }

    /**
     * Number of calls ever received.
     *
     * @return the number of calls.
     */
    public int callCount()
    {
        return state.callById.size();
    }

    /**
     * Number of caller numbers whose history is kept (bounded by the retention, see {@link CallerHistory}).
     *
     * @return the number of caller records.
     */
    public int callerHistoryCount()
    {
        return state.callers.recordCount();
    }

    /**
     * Number of fixes waiting for a call of their number.
     *
     * @return the number of pending fixes.
     */
    public int pendingFixCount()
    {
        return state.callers.pendingCount();
    }

    /**
     * Number of units whose status is AVAILABLE.
     *
     * @return the number of available units.
     */
    public int availableUnitCount()
    {
        int count = 0;
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            if (state.units.get(i).status == UnitStatusCode.AVAILABLE)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Visits a copy of every incident in ascending id order. For tools; allocates one view per incident.
     *
     * @param consumer receives each incident.
     */
    public void forEachIncident(final Consumer<IncidentView> consumer)
    {
        for (int i = 0, size = state.incidents.size(); i < size; i++)
        {
            consumer.accept(state.incidents.get(i).view());
        }
    }

    /**
     * Visits a copy of every unit in ascending id order. For tools; allocates one view per unit.
     *
     * @param consumer receives each unit.
     */
    public void forEachUnit(final Consumer<UnitView> consumer)
    {
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            consumer.accept(state.units.get(i).view());
        }
    }

    /**
     * Visits a copy of every call in ascending id order. For tools; sorts and allocates.
     *
     * @param consumer receives each call.
     */
    public void forEachCall(final Consumer<CallView> consumer)
    {
        for (final long callId : state.sortedCallIds())
        {
            consumer.accept(state.callById.get(callId).view());
        }
    }

    /**
     * A copy of one incident, for tools.
     *
     * @param incidentId the incident's id (the journal sequence of its opening call).
     * @return the incident, or null when unknown.
     */
    public IncidentView incident(final long incidentId)
    {
        final Incident incident = state.incidentById.get(incidentId);
        return null == incident ? null : incident.view();
    }

    /**
     * A copy of one unit, for tools.
     *
     * @param unitId the unit's id.
     * @return the unit, or null when unknown.
     */
    public UnitView unit(final long unitId)
    {
        final Unit unit = state.unitById.get(unitId);
        return null == unit ? null : unit.view();
    }

    /**
     * A copy of one call, for tools.
     *
     * @param callId the gateway's call id.
     * @return the call, or null when unknown.
     */
    public CallView call(final long callId)
    {
        final Call call = state.callById.get(callId);
        return null == call ? null : call.view();
    }
}
