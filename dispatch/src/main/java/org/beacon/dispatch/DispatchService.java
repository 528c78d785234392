package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchSnapshotDescriptor.BYTE_ORDER;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_BYTES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_CLEARED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_ENTRY_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_ENTRY_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_LAST_ACTIVITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_BEST_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CALLER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CONFIRMED_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CONFIRMED_SEQUENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_ENDED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FIX_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAGS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAG_ENDED;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAG_NUISANCE;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_INCIDENT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_PROBLEM_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_SHAPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_SOURCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_RECEIVED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_RECENT_CALLS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_STORED_FIXES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CLOCK_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_CONFIDENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_METHOD_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_NUMBER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SHAPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SOURCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_TIME_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_BEDS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_CAPABILITIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_DIVERTING_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ADDED_AGENCIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_AGENCIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ASSIGNED_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_BEST_CALL_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_BEST_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_FALLBACK_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_FIRST_CALL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_ASSIGNED_UNIT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_CALL_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_MERGED_INTO_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_OFFERED_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_OPENED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_PIN_CALL_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_PRIORITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_MASK_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.LAYOUT_VERSION;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_CALLER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_RECEIVED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_SEQUENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_CALL_SIGN_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_CALL_SIGN_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_COMMITTED_INCIDENT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_TYPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.VERSION_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_SINCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_LAST_ETA_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_OVERDUE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CONGESTION_ENTRY_LENGTH;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;
import org.beacon.dispatch.road.UnitRanker;
import org.beacon.codecs.Agency;
import org.beacon.codecs.BetterFixAvailableEncoder;
import org.beacon.codecs.CallEndedDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CallUpdatedEncoder;
import org.beacon.codecs.CommandRejectedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.GeoPointDecoder;
import org.beacon.codecs.IncidentOpenedEncoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedEncoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.HospitalAssignedEncoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.HospitalStatusDecoder;
import org.beacon.codecs.MoveUpProposedEncoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.codecs.EtaUpdatedEncoder;
import org.beacon.codecs.RoadCongestionDecoder;
import org.beacon.codecs.RouteAssignedEncoder;
import org.beacon.codecs.StatusOverdueEncoder;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

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
 * ones replace its position, capabilities, beds and diversion; at most {@value #MAX_HOSPITALS} are kept. When an
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
 */
public final class DispatchService implements StateMachine
{
    private static final int MAX_CALL_SIGN_LENGTH = 64;
    private static final int MAX_UINT16 = 65_534; // uint16 0xFFFF is the null value
    private static final long MAX_UINT32 = 0xFFFF_FFFEL; // 0xFFFF_FFFF is the null value
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int CALL_RECEIVED_V1_BLOCK_LENGTH = 24;
    private static final int OPERATOR_COMMAND_V1_BLOCK_LENGTH = 21;
    private static final long MAX_FIX_AGE_NS = TimeUnit.HOURS.toNanos(24);
    private static final short CALL_TAKER_CONFIDENCE_PCT = 95;
    /** Units beyond this many on the road network are treated as off-road (straight line). */
    private static final int MAX_ROUTED_UNITS = 65_536;
    private static final int ALL_TYPES = 0xFE;
    /** Hospitals beyond this many are ignored: hospital choice scans them all. */
    static final int MAX_HOSPITALS = 200;
    /** The GENERAL choice of HospitalCapabilities: what every transport needs today. */
    static final int CAPABILITY_GENERAL = 1 << 5;
    private static final Agency[] COVERAGE_AGENCIES = {Agency.POLICE, Agency.FIRE, Agency.AMBULANCE};

    private final DispatchConfig config;
    private final long speedMetresPerHour;
    private final long agingMmPerS;

    private final Long2ObjectHashMap<Incident> incidentById = new Long2ObjectHashMap<>();
    private final IdSortedList<Incident> incidents = new IdSortedList<>();
    private final IdSortedList<Incident> activeIncidents = new IdSortedList<>();
    private final Long2ObjectHashMap<Unit> unitById = new Long2ObjectHashMap<>();
    private final IdSortedList<Unit> units = new IdSortedList<>();
    private final Long2ObjectHashMap<Call> callById = new Long2ObjectHashMap<>();
    private final CallerHistory callers;
    private long clockNs;

    private final Unit[] bestUnits;
    private final long[] bestDistances;
    private int recommendPass;
    private final IdSortedList<Call> movedCalls = new IdSortedList<>();
    private final byte[] callerScratch = new byte[CallerHistory.MAX_CALLER_LENGTH];

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CallReceivedDecoder callDecoder = new CallReceivedDecoder();
    private final LocationFixDecoder fixDecoder = new LocationFixDecoder();
    private final CallEndedDecoder endedDecoder = new CallEndedDecoder();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private final UnitStatusDecoder statusDecoder = new UnitStatusDecoder();
    private final OperatorCommandDecoder commandDecoder = new OperatorCommandDecoder();

    private final MutableDirectBuffer outBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final IncidentOpenedEncoder openedEncoder = new IncidentOpenedEncoder();
    private final IncidentUpdatedEncoder updatedEncoder = new IncidentUpdatedEncoder();
    private final UnitRecommendedEncoder recommendedEncoder = new UnitRecommendedEncoder();
    private final DispatchOrderEncoder orderEncoder = new DispatchOrderEncoder();
    private final CommandRejectedEncoder rejectedEncoder = new CommandRejectedEncoder();
    private final UnitStatusChangedEncoder statusChangedEncoder = new UnitStatusChangedEncoder();
    private final CallUpdatedEncoder callUpdatedEncoder = new CallUpdatedEncoder();
    private final BetterFixAvailableEncoder betterFixEncoder = new BetterFixAvailableEncoder();
    private final RoadCongestionDecoder congestionDecoder = new RoadCongestionDecoder();
    private final RouteAssignedEncoder routeEncoder = new RouteAssignedEncoder();
    private final EtaUpdatedEncoder etaEncoder = new EtaUpdatedEncoder();
    private final StatusOverdueEncoder overdueEncoder = new StatusOverdueEncoder();
    private final HospitalStatusDecoder hospitalDecoder = new HospitalStatusDecoder();
    private final HospitalAssignedEncoder hospitalAssignedEncoder = new HospitalAssignedEncoder();
    private final MoveUpProposedEncoder moveUpEncoder = new MoveUpProposedEncoder();
    private final Long2ObjectHashMap<Hospital> hospitalById = new Long2ObjectHashMap<>();
    private final IdSortedList<Hospital> hospitals = new IdSortedList<>();
    private final CoverageConfig coverage;
    /** Per agency (police, fire, ambulance): bit i set while point i has a proposal outstanding. */
    private final long[] coverageGaps = new long[COVERAGE_AGENCIES.length];
    private final long[] coverageBestEtaMs = new long[COVERAGE_AGENCIES.length];
    private final Unit[] coverageBestUnits = new Unit[COVERAGE_AGENCIES.length];
    private long nextCoverageCheckNs = Long.MIN_VALUE;
    private final ExpandableArrayBuffer routeBuffer = new ExpandableArrayBuffer(4096);

    /** This service's own copy of the road network (its congestion is state), or null for straight-line dispatch. */
    private final RoadGraph graph;
    private final RoadSnapper snapper;
    private final RoadSnapper.Result snap = new RoadSnapper.Result();
    private final int[] routeScratch;
    private final long[] bestEtaMs;
    private UnitRanker ranker;
    private int incidentEdge;
    private int incidentOffsetCm;

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
        this.coverage = Objects.requireNonNull(coverage, "coverage");
        this.speedMetresPerHour = config.unitSpeedKmh() * 1000L;
        this.agingMmPerS = config.fixAgingMmPerS();
        this.bestUnits = new Unit[config.recommendationCount()];
        this.bestDistances = new long[config.recommendationCount()];
        this.bestEtaMs = new long[config.recommendationCount()];
        this.callers = new CallerHistory(config);
        if (null == roadGraph)
        {
            graph = null;
            snapper = null;
            routeScratch = null;
        }
        else
        {
            graph = RoadGraphCopy.copy(roadGraph);
            snapper = new RoadSnapper(graph);
            routeScratch = new int[graph.edgeCount() + 1];
            ranker = newRanker();
        }
    }

    private UnitRanker newRanker()
    {
        return new UnitRanker(graph, MAX_ROUTED_UNITS, bestUnits.length);
    }

    /**
     * The service's own road network (congestion as of the last event), or null.
     *
     * @return the graph or null.
     */
    public RoadGraph roadGraph()
    {
        return graph;
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
        if (length < HEADER)
        {
            return;
        }

        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != SCHEMA_ID)
        {
            return;
        }

        clockNs = Math.max(clockNs, timestampNs);
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + HEADER;
        final int bodyLength = length - HEADER;
        final int messageLimit = offset + length;
        if (blockLength > bodyLength)
        {
            return;
        }

        switch (headerDecoder.templateId())
        {
            case CallReceivedDecoder.TEMPLATE_ID:
                if (blockLength >= (version >= 2 ? CallReceivedDecoder.BLOCK_LENGTH : CALL_RECEIVED_V1_BLOCK_LENGTH))
                {
                    callDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onCallReceived(sequence, timestampNs, messageLimit, outputs);
                }
                break;

            case LocationFixDecoder.TEMPLATE_ID:
                if (blockLength >= LocationFixDecoder.BLOCK_LENGTH)
                {
                    fixDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onLocationFix(sequence, timestampNs, messageLimit, outputs);
                }
                break;

            case CallEndedDecoder.TEMPLATE_ID:
                if (blockLength >= CallEndedDecoder.BLOCK_LENGTH)
                {
                    endedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onCallEnded(timestampNs, outputs);
                }
                break;

            case UnitPositionDecoder.TEMPLATE_ID:
                if (blockLength >= UnitPositionDecoder.BLOCK_LENGTH)
                {
                    positionDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onUnitPosition(outputs);
                }
                break;

            case UnitStatusDecoder.TEMPLATE_ID:
                if (blockLength >= UnitStatusDecoder.BLOCK_LENGTH)
                {
                    statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onUnitStatus(timestampNs, messageLimit, outputs);
                }
                break;

            case OperatorCommandDecoder.TEMPLATE_ID:
                if (blockLength >= (version >= 2 ? OperatorCommandDecoder.BLOCK_LENGTH : OPERATOR_COMMAND_V1_BLOCK_LENGTH))
                {
                    commandDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onOperatorCommand(sequence, timestampNs, outputs);
                }
                break;

            case TickDecoder.TEMPLATE_ID:
                callers.expire(clockNs);
                checkOverdue(outputs);
                checkCoverageIfDue(outputs);
                break;

            case HospitalStatusDecoder.TEMPLATE_ID:
                if (blockLength >= HospitalStatusDecoder.BLOCK_LENGTH)
                {
                    hospitalDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onHospitalStatus();
                }
                break;

            case RoadCongestionDecoder.TEMPLATE_ID:
                if (blockLength >= RoadCongestionDecoder.BLOCK_LENGTH)
                {
                    congestionDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onRoadCongestion();
                }
                break;

            default:
                // Other services' templates.
                break;
        }
    }

    private void onCallReceived(final long sequence, final long timestampNs, final int messageLimit, final OutputSink outputs)
    {
        final long callId = callDecoder.callId();
        if (0 == callId || null != callById.get(callId))
        {
            return;
        }

        final Call call = new Call();
        call.id = callId;
        call.agency = agency(callDecoder.agencyRaw(), Agency.UNIFIED);
        call.receivedAtNs = timestampNs;
        callById.put(callId, call);

        CallerRecord record = null;
        final int callerLength = readCaller(callDecoder.limit(), messageLimit, true);
        if (callerLength > 0)
        {
            call.caller = Arrays.copyOf(callerScratch, callerLength);
            record = callers.findOrCreate(callerScratch, callerLength);
            call.recentCalls = callers.addCall(record, callId, clockNs, config.nuisanceWindowNs());
            call.nuisance = call.recentCalls >= config.nuisanceCallThreshold();
        }

        final int latMicros = callDecoder.location().latMicros();
        final int lonMicros = callDecoder.location().lonMicros();
        final LocationQuality declared = locationQuality(callDecoder.locationQualityRaw());
        final LocationQuality quality = rangeCheckedQuality(declared, latMicros, lonMicros);
        final LocationProblem problem = quality == declared ?
            locationProblem(callDecoder.locationProblemRaw(), declared) : LocationProblem.OUT_OF_RANGE;
        final LocationShape shape = locationShape(callDecoder.shapeRaw());
        final FixSource source = fixSource(callDecoder.fixSourceRaw());
        Fix fix = null;
        if (quality == LocationQuality.USABLE)
        {
            fix = newFix(
                source, shape, locationMethod(callDecoder.locationMethodRaw()), callDecoder.confidencePct(),
                latMicros, lonMicros, callDecoder.uncertaintyM(), timestampNs);
        }
        addFix(call, fix, quality, problem, shape, source);

        if (null != record)
        {
            PendingFix pending;
            while (null != (pending = callers.pollPending(record, clockNs)))
            {
                addFix(call, pending.fix, LocationQuality.USABLE, LocationProblem.NONE, pending.fix.shape, pending.fix.source);
            }
        }

        final Fix best = call.best;
        Incident duplicateOf = null;
        if (null != best && FixRanking.rankUncertainty(best.uncertaintyM) <= config.maxJoinUncertaintyM())
        {
            duplicateOf = findDuplicate(call.agency, best, timestampNs);
        }

        if (null != duplicateOf)
        {
            joinIncident(duplicateOf, call, outputs);
        }
        else
        {
            openIncident(sequence, call, timestampNs, outputs);
            recommendIfDue(call.incident, 0, outputs);
        }
        emitCallUpdated(call, timestampNs, outputs);
    }

    private void onLocationFix(final long sequence, final long timestampNs, final int messageLimit, final OutputSink outputs)
    {
        final long callId = fixDecoder.callId();
        final int latMicros = fixDecoder.location().latMicros();
        final int lonMicros = fixDecoder.location().lonMicros();
        final LocationQuality declared = locationQuality(fixDecoder.locationQualityRaw());
        final LocationQuality quality = rangeCheckedQuality(declared, latMicros, lonMicros);
        final LocationProblem problem = quality == declared ?
            locationProblem(fixDecoder.locationProblemRaw(), declared) : LocationProblem.OUT_OF_RANGE;
        final LocationShape shape = locationShape(fixDecoder.shapeRaw());
        final FixSource source = fixSource(fixDecoder.fixSourceRaw());
        final long reportedNs = fixDecoder.fixTimeNs();
        final long fixTimeNs = reportedNs <= 0 || reportedNs > timestampNs ?
            timestampNs : Math.max(reportedNs, timestampNs - MAX_FIX_AGE_NS);
        Fix fix = null;
        if (quality == LocationQuality.USABLE)
        {
            fix = newFix(
                source, shape, locationMethod(fixDecoder.locationMethodRaw()), fixDecoder.confidencePct(),
                latMicros, lonMicros, fixDecoder.uncertaintyM(), fixTimeNs);
        }

        Call call = 0 != callId ? callById.get(callId) : null;
        if (null == call)
        {
            final int callerLength = readCaller(fixDecoder.limit(), messageLimit, false);
            if (0 == callerLength)
            {
                return;
            }
            final CallerRecord record = callers.find(callerScratch, callerLength);
            call = null != record ? matchCall(record) : null;
            if (null == call)
            {
                if (null != fix)
                {
                    final CallerRecord waiting = null != record ? record : callers.findOrCreate(callerScratch, callerLength);
                    callers.addPending(waiting, sequence, clockNs, fix);
                }
                return;
            }
        }

        final boolean improved = addFix(call, fix, quality, problem, shape, source);
        final Incident incident = call.incident;
        if (null != fix && incident.isActive())
        {
            if (improved && considerBest(incident, call))
            {
                emitIncidentUpdated(incident, UpdateReason.LOCATION_IMPROVED, call.id, 0, 0, outputs);
            }
            if (null != incident.pinCall)
            {
                offerIfBetter(incident, call, fix, outputs);
            }
            recommendIfDue(incident, 0, outputs);
        }
        emitCallUpdated(call, timestampNs, outputs);
    }

    /**
     * The call a fix that names only the caller number belongs to, or null: the most recent call of the
     * number not ended, else the most recent that ended within the grace, among calls within the window.
     */
    private Call matchCall(final CallerRecord record)
    {
        Call recentlyEnded = null;
        for (int i = record.entryCount - 1; i >= 0; i--)
        {
            if (clockNs - record.entryAtNs(i) > config.callMatchWindowNs())
            {
                break;
            }
            final Call call = callById.get(record.entryCallId(i));
            if (null == call)
            {
                continue;
            }
            if (!call.ended)
            {
                return call;
            }
            if (null == recentlyEnded && clockNs - call.endedAtNs <= config.endedCallGraceNs())
            {
                recentlyEnded = call;
            }
        }
        return recentlyEnded;
    }

    private void onCallEnded(final long timestampNs, final OutputSink outputs)
    {
        final Call call = callById.get(endedDecoder.callId());
        if (null == call || call.ended)
        {
            return;
        }

        call.ended = true;
        call.endedAtNs = clockNs;
        if (call.incident.isActive())
        {
            emitIncidentUpdated(call.incident, UpdateReason.CALL_ENDED, call.id, 0, 0, outputs);
        }
        emitCallUpdated(call, timestampNs, outputs);
    }

    private static Fix newFix(
        final FixSource source,
        final LocationShape shape,
        final LocationMethod method,
        final short confidencePct,
        final int latMicros,
        final int lonMicros,
        final long uncertaintyM,
        final long fixTimeNs)
    {
        final Fix fix = new Fix();
        fix.source = source;
        fix.shape = shape;
        fix.method = method;
        fix.confidencePct = confidencePct;
        fix.latMicros = latMicros;
        fix.lonMicros = lonMicros;
        fix.uncertaintyM = uncertaintyM;
        fix.fixTimeNs = fixTimeNs;
        return fix;
    }

    /**
     * Numbers a fix of the call (usable or not, then fix is null) and keeps it when usable.
     *
     * @return whether it became the call's best fix.
     */
    private boolean addFix(
        final Call call,
        final Fix fix,
        final LocationQuality quality,
        final LocationProblem problem,
        final LocationShape shape,
        final FixSource source)
    {
        if (call.fixCount < Integer.MAX_VALUE)
        {
            call.fixCount++;
        }
        call.lastQuality = quality;
        call.lastProblem = problem;
        call.lastShape = shape;
        call.lastSource = source;
        if (null == fix)
        {
            return false;
        }

        fix.number = call.fixCount;
        call.store(fix);
        if (fix.source != FixSource.CALL_TAKER &&
            (null == call.best || FixRanking.better(fix, call.id, call.best, call.id, agingMmPerS)))
        {
            call.best = fix;
            return true;
        }
        return false;
    }

    /**
     * The active incident this call duplicates, or null: the compatible one with the smallest distance
     * relative to its threshold, ties to the lower id. A linear scan over active incidents: bounded by
     * the incidents open at once (hundreds in a 10x surge, at most a few thousand), which costs
     * microseconds; a spatial grid can replace it without changing any output because the choice is
     * fully ordered by (normalized distance, id).
     */
    private Incident findDuplicate(final Agency agency, final Fix fix, final long timestampNs)
    {
        Incident best = null;
        long bestDistance = 0;
        long bestThreshold = 1;
        for (int i = 0, size = activeIncidents.size(); i < size; i++)
        {
            final Incident incident = activeIncidents.get(i);
            if (!incident.hasUsableLocation() ||
                timestampNs - incident.lastCallAtNs > config.duplicateWindowNs() ||
                !AgencySet.compatible(agency, incident.agencies) ||
                FixRanking.rankUncertainty(incident.uncertaintyM) > config.maxJoinUncertaintyM())
            {
                continue;
            }

            final long threshold = FixRanking.threshold(incident.uncertaintyM, fix.uncertaintyM, config);
            final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, fix.latMicros, fix.lonMicros);
            if (distance <= threshold && (null == best || distance * bestThreshold < bestDistance * threshold))
            {
                best = incident;
                bestDistance = distance;
                bestThreshold = threshold;
            }
        }

        return best;
    }

    private Incident openIncident(final long incidentId, final Call call, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = new Incident();
        incident.id = incidentId;
        incident.firstCallId = call.id;
        incident.agency = call.agency;
        incident.status = IncidentStatus.OPEN;
        incident.openedAtNs = timestampNs;
        incident.lastCallAtNs = call.receivedAtNs;
        incident.fallbackQuality = call.lastQuality == LocationQuality.USABLE ? LocationQuality.UNUSABLE : call.lastQuality;
        incident.calls.add(call);
        call.incident = incident;
        incident.agencies = AgencySet.bit(call.agency);
        incident.priority = AgencySet.priority(incident.agency, incident.agencies);
        incident.nuisanceCalls = call.nuisance ? 1 : 0;
        if (null != call.best)
        {
            incident.bestCall = call;
            incident.bestFix = call.best;
        }
        if (null != call.confirmedFix)
        {
            incident.pinCall = call;
        }
        incident.refreshLocation();
        addIncident(incident);
        emitIncidentOpened(incident, outputs);
        return incident;
    }

    private void joinIncident(final Incident incident, final Call call, final OutputSink outputs)
    {
        incident.calls.add(call);
        call.incident = incident;
        incident.lastCallAtNs = Math.max(incident.lastCallAtNs, call.receivedAtNs);
        if (call.nuisance)
        {
            incident.nuisanceCalls++;
        }
        final int added = addAgencies(incident, AgencySet.bit(call.agency));
        final boolean moved = considerBest(incident, call);

        emitIncidentUpdated(incident, UpdateReason.CALL_ADDED, call.id, 0, 0, outputs);
        if (0 != added)
        {
            emitIncidentUpdated(incident, UpdateReason.AGENCY_ADDED, call.id, 0, 0, outputs);
        }
        if (moved)
        {
            emitIncidentUpdated(incident, UpdateReason.LOCATION_IMPROVED, call.id, 0, 0, outputs);
        }
        if (null != incident.pinCall && null != call.best)
        {
            offerIfBetter(incident, call, call.best, outputs);
        }
        recommendIfDue(incident, added, outputs);
    }

    /**
     * @return the agencies that were not needed before.
     */
    private static int addAgencies(final Incident incident, final int agencies)
    {
        final int before = incident.agencies;
        incident.agencies |= agencies;
        incident.priority = AgencySet.priority(incident.agency, incident.agencies);
        return incident.agencies & ~before;
    }

    /**
     * Takes the call's best fix as the incident's best when it ranks first.
     *
     * @return whether the incident's shown location changed (it does not while pinned).
     */
    private boolean considerBest(final Incident incident, final Call call)
    {
        final Fix fix = call.best;
        if (null == fix ||
            (null != incident.bestFix && !FixRanking.better(fix, call.id, incident.bestFix, incident.bestCall.id, agingMmPerS)))
        {
            return false;
        }
        incident.bestCall = call;
        incident.bestFix = fix;
        return incident.refreshLocation();
    }

    private void offerIfBetter(final Incident incident, final Call call, final Fix fix, final OutputSink outputs)
    {
        final Fix pin = incident.pinCall.confirmedFix;
        final long uncertainty = FixRanking.rankUncertainty(fix.uncertaintyM);
        if (fix.source == FixSource.CALL_TAKER || fix == pin ||
            uncertainty >= FixRanking.rankUncertainty(pin.uncertaintyM) || uncertainty >= incident.offeredUncertaintyM)
        {
            return;
        }

        incident.offeredUncertaintyM = uncertainty;
        betterFixEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .callId(call.id)
            .incidentId(incident.id)
            .fixNumber(fix.number)
            .fixSource(fix.source);
        betterFixEncoder.location().latMicros(fix.latMicros).lonMicros(fix.lonMicros);
        betterFixEncoder.uncertaintyM(fix.uncertaintyM).confirmedUncertaintyM(pin.uncertaintyM);
        outputs.emit(outBuffer, 0, HEADER + betterFixEncoder.encodedLength());
    }

    private void pin(final Incident incident, final Call call, final Fix fix, final long sequence)
    {
        call.confirmedFix = fix;
        call.confirmedSequence = sequence;
        incident.pinCall = call;
        incident.offeredUncertaintyM = Incident.NO_OFFER;
        incident.refreshLocation();
    }

    /**
     * Recommends for an active incident with a usable location: every needed agency when it never had
     * recommendations or its location moved far from where they were made, else the newly needed ones.
     */
    private void recommendIfDue(final Incident incident, final int addedAgencies, final OutputSink outputs)
    {
        if (!incident.isActive() || !incident.hasUsableLocation())
        {
            return;
        }

        if (0 == incident.recommendedMask ||
            Geo.distanceMetres(incident.recommendedLatMicros, incident.recommendedLonMicros, incident.latMicros, incident.lonMicros) >
            config.rerecommendDistanceM())
        {
            recommend(incident, incident.agencies, outputs);
        }
        else if (0 != addedAgencies)
        {
            recommend(incident, addedAgencies, outputs);
        }
    }

    private void recommend(final Incident incident, final int agencies, final OutputSink outputs)
    {
        incident.recommendedMask |= agencies | AgencySet.RECOMMENDED;
        incident.recommendedLatMicros = incident.latMicros;
        incident.recommendedLonMicros = incident.lonMicros;
        if (0 == bestUnits.length)
        {
            return;
        }

        recommendPass++;
        if (0 == agencies)
        {
            recommendRound(incident, null, outputs);
            return;
        }
        for (final int bit : AgencySet.BITS)
        {
            if ((agencies & bit) != 0)
            {
                recommendRound(incident, AgencySet.agency(bit), outputs);
            }
        }
    }

    /**
     * Emits up to k recommendations of one agency (or any, when null), nearest first, ties to the lower
     * unit id, ranks from 1 per agency; a unit already named in this pass is skipped. A linear scan over
     * all units (at most ~5,000 in the city) with a k-sized insertion list: bounded, allocation-free, and
     * a few tens of microseconds per agency. With a road network, {@code recommendByRoad} replaces it.
     */
    private void recommendRound(final Incident incident, final Agency agency, final OutputSink outputs)
    {
        if (null != graph && snapIncident(incident))
        {
            recommendByRoad(incident, agency, outputs);
            return;
        }
        final int k = bestUnits.length;
        int count = 0;
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.status != UnitStatusCode.AVAILABLE ||
                unit.recommendPass == recommendPass ||
                (null != agency && unit.agency != agency && unit.agency != Agency.UNIFIED))
            {
                continue;
            }

            final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, unit.latMicros, unit.lonMicros);
            if (count == k && distance >= bestDistances[k - 1])
            {
                continue;
            }

            // Units arrive in ascending id order, so a strict comparison keeps the lower id ahead on ties.
            int position = count < k ? count : k - 1;
            while (position > 0 && bestDistances[position - 1] > distance)
            {
                bestDistances[position] = bestDistances[position - 1];
                bestUnits[position] = bestUnits[position - 1];
                position--;
            }
            bestDistances[position] = distance;
            bestUnits[position] = unit;
            if (count < k)
            {
                count++;
            }
        }

        for (int rank = 1; rank <= count; rank++)
        {
            final Unit unit = bestUnits[rank - 1];
            unit.recommendPass = recommendPass;
            final long distance = StrictMath.min(bestDistances[rank - 1], MAX_UINT32);
            final long etaS = StrictMath.min((distance * 3600L + speedMetresPerHour / 2) / speedMetresPerHour, MAX_UINT32);
            recommendedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .incidentId(incident.id)
                .unitId(unit.id)
                .rank((short)rank)
                .distanceM(distance)
                .etaS(etaS)
                .reassignFromIncidentId(0);
            outputs.emit(outBuffer, 0, HEADER + recommendedEncoder.encodedLength());
            bestUnits[rank - 1] = null;
        }
    }

    /**
     * Drive-time round: one bounded {@link UnitRanker} search over the snapped units (reassignable ones opened
     * for this search only), then the off-road units by straight line merged in by ETA, ties by unit id.
     * The scan that opens reassignable units and the off-road merge are linear in the units, like the
     * straight-line round; the search stops at the k-th unit's drive time.
     */
    private void recommendByRoad(final Incident incident, final Agency agency, final OutputSink outputs)
    {
        final int k = bestUnits.length;
        final int typeMask = typeMask(agency);
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.edge >= 0 && isReassignable(unit, incident))
            {
                ranker.setAvailable(unit.id, true);
            }
        }
        final int ranked = ranker.rank(incidentEdge, incidentOffsetCm, typeMask, k, UnitRanker.NO_LIMIT);
        int count = 0;
        for (int r = 0; r < ranked; r++)
        {
            final Unit unit = unitById.get(ranker.unitId(r));
            final int length = ranker.route(r, routeScratch);
            bestUnits[count] = unit;
            bestEtaMs[count] = ranker.etaMs(r);
            bestDistances[count] = length > 0 ? routeLengthCm(unit, length) : 0;
            count++;
        }
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.edge >= 0 && isReassignable(unit, incident))
            {
                ranker.setAvailable(unit.id, false);
            }
        }

        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.edge >= 0 ||
                unit.recommendPass == recommendPass ||
                (typeBit(unit) & typeMask) == 0 ||
                !(unit.status == UnitStatusCode.AVAILABLE || isReassignable(unit, incident)))
            {
                continue;
            }
            final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, unit.latMicros, unit.lonMicros);
            final long etaMs = (distance * 3_600_000L + speedMetresPerHour / 2) / speedMetresPerHour;
            if (count == k && !before(etaMs, unit.id, bestEtaMs[k - 1], bestUnits[k - 1].id))
            {
                continue;
            }
            int position = count < k ? count : k - 1;
            while (position > 0 && before(etaMs, unit.id, bestEtaMs[position - 1], bestUnits[position - 1].id))
            {
                bestEtaMs[position] = bestEtaMs[position - 1];
                bestDistances[position] = bestDistances[position - 1];
                bestUnits[position] = bestUnits[position - 1];
                position--;
            }
            bestEtaMs[position] = etaMs;
            bestDistances[position] = distance * 100;
            bestUnits[position] = unit;
            if (count < k)
            {
                count++;
            }
        }

        for (int rank = 1; rank <= count; rank++)
        {
            final Unit unit = bestUnits[rank - 1];
            unit.recommendPass = recommendPass;
            recommendedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .incidentId(incident.id)
                .unitId(unit.id)
                .rank((short)rank)
                .distanceM(StrictMath.min((bestDistances[rank - 1] + 50) / 100, MAX_UINT32))
                .etaS(StrictMath.min((bestEtaMs[rank - 1] + 500) / 1000, MAX_UINT32))
                .reassignFromIncidentId(unit.status == UnitStatusCode.AVAILABLE ? 0 : unit.committedIncidentId);
            outputs.emit(outBuffer, 0, HEADER + recommendedEncoder.encodedLength());
            bestUnits[rank - 1] = null;
        }
    }

    private static boolean before(final long eta, final long id, final long otherEta, final long otherId)
    {
        return eta < otherEta || (eta == otherEta && id < otherId);
    }

    /**
     * Driving distance of the route in {@link #routeScratch}: the rest of the unit's edge, the whole edges
     * between, and the incident's edge up to the incident.
     */
    private long routeLengthCm(final Unit unit, final int length)
    {
        if (1 == length)
        {
            return StrictMath.max(0, incidentOffsetCm - unit.offsetCm);
        }
        long cm = graph.lengthCm(routeScratch[0]) - (long)unit.offsetCm;
        for (int i = 1; i < length - 1; i++)
        {
            cm += graph.lengthCm(routeScratch[i]);
        }
        return cm + incidentOffsetCm;
    }

    /**
     * A unit on its way to an incident of lower priority (a greater priority number) than this one may be
     * proposed for reassignment; one on scene or later is not.
     */
    private boolean isReassignable(final Unit unit, final Incident incident)
    {
        if ((unit.status != UnitStatusCode.DISPATCHED && unit.status != UnitStatusCode.EN_ROUTE) ||
            0 == unit.committedIncidentId || unit.committedIncidentId == incident.id)
        {
            return false;
        }
        final Incident committed = incidentById.get(unit.committedIncidentId);
        return null != committed && committed.isActive() && committed.priority > incident.priority;
    }

    private boolean snapIncident(final Incident incident)
    {
        if (!incident.hasUsableLocation() ||
            RoadSnapper.NOT_FOUND == snapper.snap(incident.latMicros, incident.lonMicros, config.maxSnapDistanceM(), snap))
        {
            return false;
        }
        incidentEdge = snap.edge();
        incidentOffsetCm = snap.offsetCm();
        return true;
    }

    private static int typeBit(final Unit unit)
    {
        return 1 << unit.unitType.value();
    }

    /** The unit types an agency needs; a round for no agency (UNIFIED) takes every type. */
    private static int typeMask(final Agency agency)
    {
        if (null == agency)
        {
            return ALL_TYPES;
        }
        switch (agency)
        {
            case POLICE:
                return 1 << UnitType.POLICE_PATROL.value();
            case FIRE:
                return (1 << UnitType.ENGINE.value()) | (1 << UnitType.LADDER.value()) | (1 << UnitType.RESCUE.value());
            case AMBULANCE:
                return (1 << UnitType.ALS_AMBULANCE.value()) | (1 << UnitType.BLS_AMBULANCE.value());
            default:
                return ALL_TYPES;
        }
    }

    /** Snaps a unit's position and mirrors it, with its availability, into the ranker. */
    private void placeUnit(final Unit unit)
    {
        if (null == graph)
        {
            return;
        }
        final boolean known = unit.edge >= 0 || ranker.unitCount() < MAX_ROUTED_UNITS;
        if (!known || RoadSnapper.NOT_FOUND == snapper.snap(unit.latMicros, unit.lonMicros, config.maxSnapDistanceM(), snap))
        {
            if (unit.edge >= 0)
            {
                ranker.setAvailable(unit.id, false);
            }
            unit.edge = -1;
            return;
        }
        unit.edge = snap.edge();
        unit.offsetCm = snap.offsetCm();
        ranker.upsertUnit(unit.id, unit.edge, unit.offsetCm, typeBit(unit), unit.status == UnitStatusCode.AVAILABLE);
    }

    private void syncAvailability(final Unit unit)
    {
        if (null != graph && unit.edge >= 0)
        {
            ranker.setAvailable(unit.id, unit.status == UnitStatusCode.AVAILABLE);
        }
    }

    /**
     * Drive time of a snapped unit to a snapped incident ({@link #incidentEdge}): one backward search from the
     * incident, stopped as soon as the unit's edge is settled. Leaves the route readable with
     * {@link DriveTimeRouter#path}.
     *
     * @return milliseconds, or {@link DriveTimeRouter#UNREACHED}.
     */
    private int driveTimeMs(final Unit unit)
    {
        final DriveTimeRouter router = ranker.router();
        router.start(incidentEdge, incidentOffsetCm);
        if (unit.edge == incidentEdge && unit.offsetCm <= incidentOffsetCm)
        {
            return router.etaMs(unit.edge, unit.offsetCm);
        }
        while (!router.isSettled(unit.edge))
        {
            if (router.settleNext() < 0)
            {
                return DriveTimeRouter.UNREACHED;
            }
        }
        return router.etaMs(unit.edge, unit.offsetCm);
    }

    private void emitRouteAssigned(final Incident incident, final Unit unit, final OutputSink outputs)
    {
        unit.lastEtaS = -1;
        if (unit.edge < 0 || !snapIncident(incident))
        {
            return;
        }
        final int etaMs = driveTimeMs(unit);
        if (etaMs < 0)
        {
            return;
        }
        final int length = StrictMath.min(ranker.router().path(unit.edge, unit.offsetCm, routeScratch), MAX_UINT16);
        final long etaS = StrictMath.min((etaMs + 500L) / 1000, MAX_UINT32);
        unit.lastEtaS = etaS;
        routeEncoder.wrapAndApplyHeader(routeBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .unitId(unit.id)
            .etaS(etaS);
        final RouteAssignedEncoder.RouteEncoder route = routeEncoder.routeCount(StrictMath.max(0, length));
        for (int i = 0; i < length; i++)
        {
            route.next().edgeIndex(routeScratch[i]);
        }
        outputs.emit(routeBuffer, 0, HEADER + routeEncoder.encodedLength());
    }

    private void onUnitPosition(final OutputSink outputs)
    {
        final Unit unit = unitById.get(positionDecoder.unitId());
        if (null == unit)
        {
            return;
        }
        unit.latMicros = positionDecoder.position().latMicros();
        unit.lonMicros = positionDecoder.position().lonMicros();
        if (null == graph)
        {
            return;
        }
        placeUnit(unit);
        if ((unit.status != UnitStatusCode.DISPATCHED && unit.status != UnitStatusCode.EN_ROUTE) ||
            unit.lastEtaS < 0 || unit.edge < 0)
        {
            return;
        }
        final Incident incident = incidentById.get(unit.committedIncidentId);
        if (null == incident || !incident.isActive() || !snapIncident(incident))
        {
            return;
        }
        final int etaMs = driveTimeMs(unit);
        if (etaMs < 0)
        {
            return;
        }
        final long etaS = StrictMath.min((etaMs + 500L) / 1000, MAX_UINT32);
        if (StrictMath.abs(etaS - unit.lastEtaS) >= config.etaUpdateThresholdS())
        {
            unit.lastEtaS = etaS;
            etaEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .unitId(unit.id)
                .incidentId(incident.id)
                .etaS(etaS);
            outputs.emit(outBuffer, 0, HEADER + etaEncoder.encodedLength());
        }
    }

    private void onRoadCongestion()
    {
        final int edge = congestionDecoder.edgeIndex();
        final int factor = congestionDecoder.factorPermille();
        if (null != graph && edge >= 0 && edge < graph.edgeCount() && factor >= RoadGraph.FREE_FLOW_PERMILLE &&
            factor != RoadCongestionDecoder.factorPermilleNullValue())
        {
            graph.setCongestion(edge, factor);
        }
    }

    /** Raises StatusOverdue once per status, in unit id order; a linear scan per Tick, event time only. */
    private void checkOverdue(final OutputSink outputs)
    {
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.overdueRaised)
            {
                continue;
            }
            final long threshold = config.overdueNs(unit.status);
            final long elapsed = clockNs - unit.statusSinceNs;
            if (threshold == Long.MAX_VALUE || elapsed <= threshold)
            {
                continue;
            }
            unit.overdueRaised = true;
            overdueEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .unitId(unit.id)
                .status(unit.status)
                .sinceNs(unit.statusSinceNs)
                .overdueS(StrictMath.min((elapsed - threshold) / 1_000_000_000L, MAX_UINT32));
            outputs.emit(outBuffer, 0, HEADER + overdueEncoder.encodedLength());
        }
    }

    private void onUnitStatus(final long timestampNs, final int messageLimit, final OutputSink outputs)
    {
        final long unitId = statusDecoder.unitId();
        final UnitStatusCode status = unitStatus(statusDecoder.statusRaw());
        if (null == status)
        {
            return;
        }

        final int latMicros = statusDecoder.position().latMicros();
        final int lonMicros = statusDecoder.position().lonMicros();
        Unit unit = unitById.get(unitId);
        if (null == unit)
        {
            final Agency agency = agency(statusDecoder.agencyRaw(), null);
            final UnitType unitType = unitType(statusDecoder.unitTypeRaw());
            if (null == agency || null == unitType)
            {
                return;
            }

            unit = new Unit();
            unit.id = unitId;
            unit.agency = agency;
            unit.unitType = unitType;
            unit.status = status;
            unit.latMicros = latMicros;
            unit.lonMicros = lonMicros;
            unit.callSign = readCallSign(messageLimit);
            unit.statusSinceNs = timestampNs;
            unitById.put(unitId, unit);
            units.add(unit);
            placeUnit(unit);
            emitUnitStatusChanged(unit, status, timestampNs, outputs);
            return;
        }

        // Agency, type and call sign are fixed at registration; later reports move and re-status the unit.
        unit.latMicros = latMicros;
        unit.lonMicros = lonMicros;
        final UnitStatusCode from = unit.status;
        if (from != status)
        {
            unit.status = status;
            unit.statusSinceNs = timestampNs;
            unit.overdueRaised = false;
            if (status == UnitStatusCode.AVAILABLE)
            {
                unit.committedIncidentId = 0;
                unit.lastEtaS = -1;
            }
        }
        placeUnit(unit);
        if (from != status)
        {
            emitUnitStatusChanged(unit, from, timestampNs, outputs);
            if (status == UnitStatusCode.TRANSPORTING && isAmbulance(unit))
            {
                assignHospital(unit, CAPABILITY_GENERAL, outputs);
            }
        }
    }

    private static boolean isAmbulance(final Unit unit)
    {
        return unit.unitType == UnitType.ALS_AMBULANCE || unit.unitType == UnitType.BLS_AMBULANCE;
    }

    private void onHospitalStatus()
    {
        final long hospitalId = hospitalDecoder.hospitalId();
        final int latMicros = hospitalDecoder.position().latMicros();
        final int lonMicros = hospitalDecoder.position().lonMicros();
        if (hospitalId <= 0 || !Geo.isValid(latMicros, lonMicros))
        {
            return;
        }
        Hospital hospital = hospitalById.get(hospitalId);
        if (null == hospital)
        {
            if (hospitals.size() >= MAX_HOSPITALS)
            {
                return;
            }
            hospital = new Hospital();
            hospital.id = hospitalId;
            hospitalById.put(hospitalId, hospital);
            hospitals.add(hospital);
        }
        hospital.latMicros = latMicros;
        hospital.lonMicros = lonMicros;
        hospital.capabilities = hospitalDecoder.buffer().getByte(
            hospitalDecoder.offset() + HospitalStatusDecoder.capabilitiesEncodingOffset()) & 0xFF;
        final int beds = hospitalDecoder.availableBeds();
        hospital.availableBeds = beds == HospitalStatusDecoder.availableBedsNullValue() ? 0 : beds;
        hospital.diverting = hospitalDecoder.diverting() == 1;
        placeHospital(hospital);
    }

    private void placeHospital(final Hospital hospital)
    {
        hospital.edge = -1;
        if (null != graph &&
            RoadSnapper.NOT_FOUND != snapper.snap(hospital.latMicros, hospital.lonMicros, config.maxSnapDistanceM(), snap))
        {
            hospital.edge = snap.edge();
            hospital.offsetCm = snap.offsetCm();
        }
    }

    /**
     * Whether a hospital may take a patient needing the given capabilities.
     */
    static boolean qualifies(final Hospital hospital, final int neededCapabilities)
    {
        return hospital.availableBeds > 0 && !hospital.diverting &&
            (hospital.capabilities & neededCapabilities) == neededCapabilities;
    }

    /**
     * Chooses the qualifying hospital nearest by drive time from the unit and emits HospitalAssigned. With the
     * unit and a hospital on the network the drive time comes from one search rooted at the unit's position and
     * run until every qualifying hospital's edge is settled (bounded by the network; at most {@link #MAX_HOSPITALS}
     * hospitals); the search runs on reversed edges, so it measures the hospital-to-unit time, which equals the
     * unit-to-hospital time on a network of two-way roads. A hospital or unit off the network falls back to the
     * straight line at {@link DispatchConfig#unitSpeedKmh()}. Ties by hospital id.
     */
    void assignHospital(final Unit unit, final int neededCapabilities, final OutputSink outputs)
    {
        final boolean routed = null != graph && unit.edge >= 0;
        if (routed)
        {
            ranker.router().start(unit.edge, unit.offsetCm);
        }
        Hospital best = null;
        long bestEtaMs = Long.MAX_VALUE;
        for (int i = 0, size = hospitals.size(); i < size; i++)
        {
            final Hospital hospital = hospitals.get(i);
            if (!qualifies(hospital, neededCapabilities))
            {
                continue;
            }
            long etaMs = -1;
            if (routed && hospital.edge >= 0)
            {
                etaMs = settledEtaMs(hospital.edge, hospital.offsetCm);
            }
            if (etaMs < 0)
            {
                etaMs = straightLineMs(unit.latMicros, unit.lonMicros, hospital.latMicros, hospital.lonMicros);
            }
            if (etaMs < bestEtaMs)
            {
                bestEtaMs = etaMs;
                best = hospital;
            }
        }
        hospitalAssignedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(unit.committedIncidentId)
            .unitId(unit.id)
            .hospitalId(null == best ? 0 : best.id)
            .etaS(null == best ? 0 : StrictMath.min((bestEtaMs + 500) / 1000, MAX_UINT32))
            .choice(null == best ? HospitalChoice.NONE_WITH_CAPACITY : HospitalChoice.ASSIGNED);
        outputs.emit(outBuffer, 0, HEADER + hospitalAssignedEncoder.encodedLength());
    }

    /** Settles the current search until the edge is settled; returns the ETA or -1 when it is unreachable. */
    private int settledEtaMs(final int edge, final int offsetCm)
    {
        final DriveTimeRouter router = ranker.router();
        int eta = router.etaMs(edge, offsetCm);
        while (eta < 0)
        {
            if (router.settleNext() < 0)
            {
                return -1;
            }
            eta = router.etaMs(edge, offsetCm);
        }
        return eta;
    }

    private long straightLineMs(final int lat1, final int lon1, final int lat2, final int lon2)
    {
        final long distance = Geo.distanceMetres(lat1, lon1, lat2, lon2);
        return (distance * 3_600_000L + speedMetresPerHour / 2) / speedMetresPerHour;
    }

    private void checkCoverageIfDue(final OutputSink outputs)
    {
        if (coverage.pointCount() == 0 || clockNs < nextCoverageCheckNs)
        {
            return;
        }
        nextCoverageCheckNs = clockNs + coverage.intervalNs();
        for (int p = 0, points = coverage.pointCount(); p < points; p++)
        {
            checkCoveragePoint(p, outputs);
        }
    }

    /**
     * One point: a search from the point settled up to the largest target (enough to decide every agency's
     * gap), continued to the end of the network only when some agency has a gap, to name the nearest unit.
     */
    private void checkCoveragePoint(final int point, final OutputSink outputs)
    {
        final int lat = coverage.latMicros(point);
        final int lon = coverage.lonMicros(point);
        boolean routed = false;
        if (null != graph && RoadSnapper.NOT_FOUND != snapper.snap(lat, lon, config.maxSnapDistanceM(), snap))
        {
            routed = true;
            final DriveTimeRouter router = ranker.router();
            router.start(snap.edge(), snap.offsetCm());
            long maxTargetMs = 0;
            for (int a = 0; a < COVERAGE_AGENCIES.length; a++)
            {
                maxTargetMs = StrictMath.max(maxTargetMs, coverage.targetS(a) * 1000L);
            }
            while (router.peekMs() >= 0 && router.peekMs() <= maxTargetMs)
            {
                router.settleNext();
            }
        }
        nearestAvailable(routed, lat, lon);
        boolean anyGap = false;
        for (int a = 0; a < COVERAGE_AGENCIES.length; a++)
        {
            anyGap |= coverageBestEtaMs[a] > coverage.targetS(a) * 1000L;
        }
        if (anyGap && routed)
        {
            ranker.router().settleAll();
            nearestAvailable(true, lat, lon);
        }
        final long bit = 1L << point;
        for (int a = 0; a < COVERAGE_AGENCIES.length; a++)
        {
            final long targetMs = coverage.targetS(a) * 1000L;
            if (coverageBestEtaMs[a] <= targetMs)
            {
                coverageGaps[a] &= ~bit;
            }
            else if ((coverageGaps[a] & bit) == 0)
            {
                coverageGaps[a] |= bit;
                final Unit unit = coverageBestUnits[a];
                moveUpEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                    .agency(COVERAGE_AGENCIES[a])
                    .unitId(null == unit ? 0 : unit.id)
                    .etaS(null == unit ? 0 : StrictMath.min((coverageBestEtaMs[a] + 500) / 1000, MAX_UINT32))
                    .targetS(coverage.targetS(a));
                moveUpEncoder.point().latMicros(lat).lonMicros(lon);
                outputs.emit(outBuffer, 0, HEADER + moveUpEncoder.encodedLength());
            }
            coverageBestUnits[a] = null;
        }
    }

    /** Per agency, the AVAILABLE unit nearest the point by the current search (straight line when off-road). */
    private void nearestAvailable(final boolean routed, final int lat, final int lon)
    {
        java.util.Arrays.fill(coverageBestEtaMs, Long.MAX_VALUE);
        java.util.Arrays.fill(coverageBestUnits, null);
        final DriveTimeRouter router = null == graph ? null : ranker.router();
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            final int a = coverageIndex(unit.agency);
            if (unit.status != UnitStatusCode.AVAILABLE || a < 0)
            {
                continue;
            }
            long etaMs;
            if (routed && unit.edge >= 0)
            {
                etaMs = router.etaMs(unit.edge, unit.offsetCm);
                if (etaMs < 0)
                {
                    continue;
                }
            }
            else
            {
                etaMs = straightLineMs(unit.latMicros, unit.lonMicros, lat, lon);
            }
            if (etaMs < coverageBestEtaMs[a])
            {
                coverageBestEtaMs[a] = etaMs;
                coverageBestUnits[a] = unit;
            }
        }
    }

    private static int coverageIndex(final Agency agency)
    {
        if (null == agency)
        {
            return -1;
        }
        switch (agency)
        {
            case POLICE:
                return 0;
            case FIRE:
                return 1;
            case AMBULANCE:
                return 2;
            default:
                return -1;
        }
    }

    private byte[] readCallSign(final int messageLimit)
    {
        final int limit = statusDecoder.limit();
        if (limit + UnitStatusDecoder.callSignHeaderLength() > messageLimit)
        {
            return Unit.NO_CALL_SIGN;
        }

        final int available = messageLimit - limit - UnitStatusDecoder.callSignHeaderLength();
        final int length = StrictMath.min(statusDecoder.callSignLength(), StrictMath.min(available, MAX_CALL_SIGN_LENGTH));
        if (length <= 0)
        {
            return Unit.NO_CALL_SIGN;
        }

        final byte[] callSign = new byte[length];
        statusDecoder.getCallSign(callSign, 0, length);
        return callSign;
    }

    /**
     * Reads the caller (the first var data of CallReceived and LocationFix) into the scratch array,
     * truncated to {@link CallerHistory#MAX_CALLER_LENGTH}, never past the message.
     *
     * @return its length, 0 when absent.
     */
    private int readCaller(final int limit, final int messageLimit, final boolean callReceived)
    {
        final int headerLength = CallReceivedDecoder.callerHeaderLength();
        if (limit + headerLength > messageLimit)
        {
            return 0;
        }

        final int declared = callReceived ? callDecoder.callerLength() : fixDecoder.callerLength();
        final int available = messageLimit - limit - headerLength;
        final int length = StrictMath.min(declared, StrictMath.min(available, CallerHistory.MAX_CALLER_LENGTH));
        if (length <= 0)
        {
            return 0;
        }

        if (callReceived)
        {
            callDecoder.getCaller(callerScratch, 0, length);
        }
        else
        {
            fixDecoder.getCaller(callerScratch, 0, length);
        }
        return length;
    }

    private void onOperatorCommand(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final short rawType = commandDecoder.commandTypeRaw();
        final long incidentId = commandDecoder.incidentId();
        final long unitId = commandDecoder.unitId();
        final int operatorId = commandDecoder.operatorId();

        if (rawType == CommandType.DISPATCH.value())
        {
            onDispatch(incidentId, unitId, operatorId, timestampNs, outputs);
            return;
        }
        if (rawType == CommandType.CLOSE_INCIDENT.value())
        {
            onClose(incidentId, unitId, operatorId, outputs);
            return;
        }
        if (commandDecoder.actingVersion() < 2 ||
            rawType < CommandType.CONFIRM_LOCATION.value() || rawType > CommandType.CLEAR_NUISANCE.value())
        {
            emitRejected(CommandType.NULL_VAL, incidentId, unitId, operatorId, RejectReason.INVALID_COMMAND, outputs);
            return;
        }

        final CommandType type = CommandType.get(rawType);
        switch (type)
        {
            case CONFIRM_LOCATION:
            case ACCEPT_FIX:
            case SPLIT_CALL:
            case CLEAR_NUISANCE:
                onCallCommand(type, sequence, timestampNs, outputs);
                break;

            case MERGE_INCIDENTS:
                onMerge(timestampNs, outputs);
                break;

            case ADD_AGENCY:
                onAddAgency(outputs);
                break;

            default:
                emitRejected(CommandType.NULL_VAL, incidentId, unitId, operatorId, RejectReason.INVALID_COMMAND, outputs);
                break;
        }
    }

    private void onCallCommand(final CommandType type, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Call call = callById.get(commandDecoder.callId());
        final long unitId = commandDecoder.unitId();
        final int operatorId = commandDecoder.operatorId();
        if (null == call)
        {
            emitRejected(type, commandDecoder.incidentId(), unitId, operatorId, RejectReason.UNKNOWN_CALL, outputs);
            return;
        }

        final Incident incident = call.incident;
        if (type == CommandType.CLEAR_NUISANCE)
        {
            onClearNuisance(call, timestampNs, outputs);
            return;
        }
        if (!incident.isActive())
        {
            emitRejected(type, incident.id, unitId, operatorId, RejectReason.INCIDENT_CLOSED, outputs);
            return;
        }

        final RejectReason reject;
        switch (type)
        {
            case CONFIRM_LOCATION:
                reject = onConfirmLocation(call, sequence, timestampNs, outputs);
                break;

            case ACCEPT_FIX:
                reject = onAcceptFix(call, sequence, timestampNs, outputs);
                break;

            case SPLIT_CALL:
                reject = onSplit(call, sequence, timestampNs, outputs);
                break;

            default:
                reject = RejectReason.INVALID_COMMAND;
                break;
        }
        if (null != reject)
        {
            emitRejected(type, incident.id, unitId, operatorId, reject, outputs);
        }
    }

    private RejectReason onConfirmLocation(final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = call.incident;
        final GeoPointDecoder location = commandDecoder.location();
        final int latMicros = location.latMicros();
        final int lonMicros = location.lonMicros();
        final Fix fix = new Fix();
        fix.source = FixSource.CALL_TAKER;
        fix.confidencePct = CALL_TAKER_CONFIDENCE_PCT;
        fix.fixTimeNs = timestampNs;
        fix.method = LocationMethod.MANUAL;
        if ((0 == latMicros && 0 == lonMicros) ||
            latMicros == GeoPointDecoder.latMicrosNullValue() || lonMicros == GeoPointDecoder.lonMicrosNullValue())
        {
            final Fix current = call.shown();
            if (null != current)
            {
                fix.latMicros = current.latMicros;
                fix.lonMicros = current.lonMicros;
                fix.uncertaintyM = current.uncertaintyM;
                fix.shape = current.shape;
            }
            else if (incident.hasUsableLocation())
            {
                fix.latMicros = incident.latMicros;
                fix.lonMicros = incident.lonMicros;
                fix.uncertaintyM = incident.uncertaintyM;
                fix.shape = LocationShape.CIRCLE;
            }
            else
            {
                return RejectReason.INVALID_COMMAND;
            }
        }
        else
        {
            if (!Geo.isValid(latMicros, lonMicros))
            {
                return RejectReason.INVALID_COMMAND;
            }
            final long uncertaintyM = commandDecoder.uncertaintyM();
            fix.latMicros = latMicros;
            fix.lonMicros = lonMicros;
            fix.uncertaintyM = uncertaintyM == OperatorCommandDecoder.uncertaintyMNullValue() ? 0 : uncertaintyM;
            fix.shape = 0 == fix.uncertaintyM ? LocationShape.POINT : LocationShape.CIRCLE;
        }

        addFix(call, fix, LocationQuality.USABLE, LocationProblem.NONE, fix.shape, fix.source);
        pin(incident, call, fix, sequence);
        emitIncidentUpdated(incident, UpdateReason.LOCATION_CONFIRMED, call.id, 0, 0, outputs);
        recommendIfDue(incident, 0, outputs);
        emitCallUpdated(call, timestampNs, outputs);
        return null;
    }

    private RejectReason onAcceptFix(final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Fix fix = call.storedFix(commandDecoder.fixNumber());
        if (null == fix)
        {
            return RejectReason.NO_SUCH_FIX;
        }

        final Incident incident = call.incident;
        pin(incident, call, fix, sequence);
        emitIncidentUpdated(incident, UpdateReason.LOCATION_CONFIRMED, call.id, 0, 0, outputs);
        recommendIfDue(incident, 0, outputs);
        emitCallUpdated(call, timestampNs, outputs);
        return null;
    }

    private RejectReason onSplit(final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Incident from = call.incident;
        if (from.calls.size() < 2 || null != incidentById.get(sequence))
        {
            return RejectReason.INVALID_COMMAND;
        }

        from.calls.remove(call.id);
        recompute(from, call);
        final Incident created = openIncident(sequence, call, timestampNs, outputs);
        emitIncidentUpdated(from, UpdateReason.CALL_SPLIT, call.id, 0, created.id, outputs);
        emitIncidentUpdated(created, UpdateReason.CALL_SPLIT, call.id, 0, from.id, outputs);
        recommendIfDue(created, 0, outputs);
        recommendIfDue(from, 0, outputs);
        emitCallUpdated(call, timestampNs, outputs);
        return null;
    }

    /**
     * Rebuilds what an incident derives from its calls after one left: needed agencies, nuisance count,
     * latest call, best fix, and the pin when the leaving call held it (then the latest other
     * confirmation, if any). Bounded by the incident's calls.
     */
    private void recompute(final Incident incident, final Call removed)
    {
        final boolean repin = incident.pinCall == removed;
        Call pinCall = repin ? null : incident.pinCall;
        int agencies = incident.addedAgencies;
        int nuisanceCalls = 0;
        long lastCallAtNs = Long.MIN_VALUE;
        Call bestCall = null;
        Fix bestFix = null;
        for (int i = 0, size = incident.calls.size(); i < size; i++)
        {
            final Call call = incident.calls.get(i);
            agencies |= AgencySet.bit(call.agency);
            nuisanceCalls += call.nuisance ? 1 : 0;
            lastCallAtNs = Math.max(lastCallAtNs, call.receivedAtNs);
            if (null != call.best && (null == bestFix || FixRanking.better(call.best, call.id, bestFix, bestCall.id, agingMmPerS)))
            {
                bestCall = call;
                bestFix = call.best;
            }
            if (repin && null != call.confirmedFix && (null == pinCall || call.confirmedSequence > pinCall.confirmedSequence))
            {
                pinCall = call;
            }
        }

        incident.agencies = agencies;
        incident.priority = AgencySet.priority(incident.agency, agencies);
        incident.nuisanceCalls = nuisanceCalls;
        incident.lastCallAtNs = lastCallAtNs;
        incident.bestCall = bestCall;
        incident.bestFix = bestFix;
        if (repin)
        {
            incident.pinCall = pinCall;
            incident.offeredUncertaintyM = Incident.NO_OFFER;
        }
        incident.refreshLocation();
    }

    private void onMerge(final long timestampNs, final OutputSink outputs)
    {
        final long sourceId = commandDecoder.incidentId();
        final long targetId = commandDecoder.targetIncidentId();
        final long unitId = commandDecoder.unitId();
        final int operatorId = commandDecoder.operatorId();
        final Incident source = incidentById.get(sourceId);
        final Incident target = incidentById.get(targetId);
        final long failedId;
        final RejectReason reject;
        if (null == source || null == target)
        {
            failedId = null == source ? sourceId : targetId;
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (source == target)
        {
            failedId = sourceId;
            reject = RejectReason.INVALID_COMMAND;
        }
        else if (!source.isActive() || !target.isActive())
        {
            failedId = !source.isActive() ? sourceId : targetId;
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else
        {
            failedId = 0;
            reject = null;
        }
        if (null != reject)
        {
            emitRejected(CommandType.MERGE_INCIDENTS, failedId, unitId, operatorId, reject, outputs);
            return;
        }

        for (int i = 0, size = source.calls.size(); i < size; i++)
        {
            final Call call = source.calls.get(i);
            call.incident = target;
            target.calls.add(call);
            movedCalls.add(call);
        }
        source.calls.clear();
        target.lastCallAtNs = Math.max(target.lastCallAtNs, source.lastCallAtNs);
        target.nuisanceCalls += source.nuisanceCalls;
        target.addedAgencies |= source.addedAgencies;
        final int added = addAgencies(target, source.agencies);
        if (null != source.bestFix &&
            (null == target.bestFix ||
            FixRanking.better(source.bestFix, source.bestCall.id, target.bestFix, target.bestCall.id, agingMmPerS)))
        {
            target.bestCall = source.bestCall;
            target.bestFix = source.bestFix;
        }
        if (null == target.pinCall && null != source.pinCall)
        {
            target.pinCall = source.pinCall;
            target.offeredUncertaintyM = source.offeredUncertaintyM;
        }
        target.refreshLocation();
        target.assignedUnitCount += source.assignedUnitCount;
        if (0 == target.lastAssignedUnitId)
        {
            target.lastAssignedUnitId = source.lastAssignedUnitId;
        }
        if (source.status == IncidentStatus.DISPATCHED)
        {
            target.status = IncidentStatus.DISPATCHED;
        }

        source.status = IncidentStatus.CLOSED;
        source.mergedIntoId = target.id;
        source.nuisanceCalls = 0;
        source.bestCall = null;
        source.bestFix = null;
        source.pinCall = null;
        activeIncidents.remove(source.id);

        emitIncidentUpdated(source, UpdateReason.MERGED, 0, 0, target.id, outputs);
        emitIncidentUpdated(target, UpdateReason.MERGED, 0, 0, source.id, outputs);
        if (0 != added)
        {
            emitIncidentUpdated(target, UpdateReason.AGENCY_ADDED, 0, 0, 0, outputs);
        }
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.committedIncidentId == source.id)
            {
                unit.committedIncidentId = target.id;
                emitUnitStatusChanged(unit, unit.status, timestampNs, outputs);
            }
        }
        recommendIfDue(target, added, outputs);
        for (int i = 0, size = movedCalls.size(); i < size; i++)
        {
            emitCallUpdated(movedCalls.get(i), timestampNs, outputs);
        }
        movedCalls.clear();
    }

    private void onAddAgency(final OutputSink outputs)
    {
        final long incidentId = commandDecoder.incidentId();
        final long unitId = commandDecoder.unitId();
        final int operatorId = commandDecoder.operatorId();
        final Incident incident = incidentById.get(incidentId);
        final int bit = AgencySet.bit(agency(commandDecoder.agencyRaw(), Agency.UNIFIED));
        final RejectReason reject;
        if (null == incident)
        {
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (!incident.isActive())
        {
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else if (0 == bit)
        {
            reject = RejectReason.INVALID_COMMAND;
        }
        else
        {
            reject = null;
        }
        if (null != reject)
        {
            emitRejected(CommandType.ADD_AGENCY, incidentId, unitId, operatorId, reject, outputs);
            return;
        }

        incident.addedAgencies |= bit;
        final int added = addAgencies(incident, bit);
        emitIncidentUpdated(incident, UpdateReason.AGENCY_ADDED, 0, 0, 0, outputs);
        recommendIfDue(incident, added, outputs);
    }

    private void onClearNuisance(final Call call, final long timestampNs, final OutputSink outputs)
    {
        if (call.nuisance)
        {
            call.nuisance = false;
            call.incident.nuisanceCalls--;
        }
        if (call.caller.length > 0)
        {
            final CallerRecord record = callers.find(call.caller, call.caller.length);
            if (null != record)
            {
                record.clearedAtNs = clockNs;
            }
        }
        emitCallUpdated(call, timestampNs, outputs);
    }

    private void onDispatch(
        final long incidentId, final long unitId, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = incidentById.get(incidentId);
        final RejectReason reject;
        final Unit unit = unitById.get(unitId);
        if (null == incident)
        {
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (incident.status == IncidentStatus.CLOSED)
        {
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else if (null == unit)
        {
            reject = RejectReason.UNKNOWN_UNIT;
        }
        else if (unit.status != UnitStatusCode.AVAILABLE && !(null != graph && isReassignable(unit, incident)))
        {
            reject = RejectReason.UNIT_NOT_AVAILABLE;
        }
        else
        {
            reject = null;
        }

        if (null != reject)
        {
            emitRejected(CommandType.DISPATCH, incidentId, unitId, operatorId, reject, outputs);
            return;
        }

        orderEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId);
        orderEncoder.destination().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        orderEncoder.issuedAtNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + orderEncoder.encodedLength());
        if (null != graph)
        {
            emitRouteAssigned(incident, unit, outputs);
        }

        final UnitStatusCode from = unit.status;
        unit.status = UnitStatusCode.DISPATCHED;
        unit.statusSinceNs = timestampNs;
        unit.overdueRaised = false;
        unit.committedIncidentId = incidentId;
        syncAvailability(unit);
        emitUnitStatusChanged(unit, from, timestampNs, outputs);

        incident.status = IncidentStatus.DISPATCHED;
        incident.assignedUnitCount++;
        incident.lastAssignedUnitId = unitId;
        emitIncidentUpdated(incident, UpdateReason.UNIT_DISPATCHED, 0, unitId, 0, outputs);
    }

    private void onClose(final long incidentId, final long unitId, final int operatorId, final OutputSink outputs)
    {
        final Incident incident = incidentById.get(incidentId);
        if (null == incident)
        {
            emitRejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.UNKNOWN_INCIDENT, outputs);
            return;
        }
        if (incident.status == IncidentStatus.CLOSED)
        {
            emitRejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.INCIDENT_CLOSED, outputs);
            return;
        }

        // Committed units keep their status and commitment: they report AVAILABLE themselves.
        incident.status = IncidentStatus.CLOSED;
        activeIncidents.remove(incidentId);
        emitIncidentUpdated(incident, UpdateReason.CLOSED, 0, 0, 0, outputs);
    }

    private void emitIncidentOpened(final Incident incident, final OutputSink outputs)
    {
        openedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .callId(incident.firstCallId)
            .agency(incident.agency)
            .priority(incident.priority)
            .locationQuality(incident.locationQuality);
        openedEncoder.location().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        openedEncoder.uncertaintyM(incident.uncertaintyM).openedAtNs(incident.openedAtNs);
        outputs.emit(outBuffer, 0, HEADER + openedEncoder.encodedLength());
    }

    private void emitIncidentUpdated(
        final Incident incident,
        final UpdateReason reason,
        final long callId,
        final long unitId,
        final long otherIncidentId,
        final OutputSink outputs)
    {
        updatedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .reason(reason)
            .status(incident.status)
            .callCount(Math.min(incident.calls.size(), MAX_UINT16))
            .callId(callId)
            .unitId(unitId);
        updatedEncoder.location().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        updatedEncoder.uncertaintyM(incident.uncertaintyM);
        AgencySet.encode(updatedEncoder.agencies(), incident.agencies);
        updatedEncoder.nuisance((short)(incident.nuisanceCalls > 0 ? 1 : 0)).otherIncidentId(otherIncidentId);
        outputs.emit(outBuffer, 0, HEADER + updatedEncoder.encodedLength());
    }

    private void emitCallUpdated(final Call call, final long timestampNs, final OutputSink outputs)
    {
        final Fix shown = call.shown();
        final boolean usable = null != shown;
        callUpdatedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .callId(call.id)
            .incidentId(call.incident.id)
            .agency(call.agency)
            .locationQuality(usable ? LocationQuality.USABLE : call.lastQuality)
            .locationProblem(usable ? LocationProblem.NONE : call.lastProblem)
            .shape(usable ? shown.shape : call.lastShape)
            .fixSource(usable ? shown.source : call.lastSource);
        callUpdatedEncoder.location().latMicros(usable ? shown.latMicros : 0).lonMicros(usable ? shown.lonMicros : 0);
        callUpdatedEncoder.uncertaintyM(usable ? shown.uncertaintyM : 0)
            .fixCount(Math.min(call.fixCount, MAX_UINT16))
            .confirmed((short)(null != call.confirmedFix ? 1 : 0))
            .nuisance((short)(call.nuisance ? 1 : 0))
            .recentCallsFromCaller(Math.min(call.recentCalls, MAX_UINT16))
            .ended((short)(call.ended ? 1 : 0))
            .atNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + callUpdatedEncoder.encodedLength());
    }

    private void emitUnitStatusChanged(
        final Unit unit, final UnitStatusCode from, final long timestampNs, final OutputSink outputs)
    {
        statusChangedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .unitId(unit.id)
            .from(from)
            .to(unit.status)
            .incidentId(unit.committedIncidentId)
            .atNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + statusChangedEncoder.encodedLength());
    }

    private void emitRejected(
        final CommandType type,
        final long incidentId,
        final long unitId,
        final int operatorId,
        final RejectReason reason,
        final OutputSink outputs)
    {
        rejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId)
            .reason(reason);
        outputs.emit(outBuffer, 0, HEADER + rejectedEncoder.encodedLength());
    }

    private void addIncident(final Incident incident)
    {
        incidentById.put(incident.id, incident);
        incidents.add(incident);
        if (incident.isActive())
        {
            activeIncidents.add(incident);
        }
    }

    private long[] sortedCallIds()
    {
        final long[] ids = new long[callById.size()];
        int count = 0;
        final Long2ObjectHashMap<Call>.KeyIterator iterator = callById.keySet().iterator();
        while (iterator.hasNext())
        {
            ids[count++] = iterator.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        final long[] callIds = sortedCallIds();
        final CallerRecord[] records = callers.sortedRecords();
        final List<PendingFix> pending = callers.pendingInOrder();
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        buffer.putInt(offset + VERSION_OFFSET, LAYOUT_VERSION, BYTE_ORDER);
        buffer.putLong(offset + CLOCK_OFFSET, clockNs, BYTE_ORDER);
        buffer.putInt(offset + INCIDENT_COUNT_OFFSET, incidents.size(), BYTE_ORDER);
        buffer.putInt(offset + UNIT_COUNT_OFFSET, units.size(), BYTE_ORDER);
        buffer.putInt(offset + CALL_COUNT_OFFSET, callIds.length, BYTE_ORDER);
        buffer.putInt(offset + CALLER_COUNT_OFFSET, records.length, BYTE_ORDER);
        buffer.putInt(offset + PENDING_COUNT_OFFSET, pending.size(), BYTE_ORDER);
        buffer.putInt(offset + HEADER_RESERVED_OFFSET, 0, BYTE_ORDER);

        int position = offset + HEADER_LENGTH;
        for (int i = 0, size = incidents.size(); i < size; i++)
        {
            writeIncident(buffer, position, incidents.get(i));
            position += INCIDENT_LENGTH;
        }

        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            buffer.putLong(position + UNIT_ID_OFFSET, unit.id, BYTE_ORDER);
            buffer.putLong(position + UNIT_COMMITTED_INCIDENT_OFFSET, unit.committedIncidentId, BYTE_ORDER);
            buffer.putInt(position + UNIT_LAT_OFFSET, unit.latMicros, BYTE_ORDER);
            buffer.putInt(position + UNIT_LON_OFFSET, unit.lonMicros, BYTE_ORDER);
            buffer.putByte(position + UNIT_AGENCY_OFFSET, (byte)unit.agency.value());
            buffer.putByte(position + UNIT_TYPE_OFFSET, (byte)unit.unitType.value());
            buffer.putByte(position + UNIT_STATUS_OFFSET, (byte)unit.status.value());
            buffer.putByte(position + UNIT_RESERVED_OFFSET, (byte)0);
            buffer.putInt(position + UNIT_CALL_SIGN_LENGTH_OFFSET, unit.callSign.length, BYTE_ORDER);
            buffer.putBytes(position + UNIT_CALL_SIGN_OFFSET, unit.callSign);
            position += UNIT_CALL_SIGN_OFFSET + unit.callSign.length;
        }

        for (final long callId : callIds)
        {
            position = writeCall(buffer, position, callById.get(callId));
        }

        for (final CallerRecord record : records)
        {
            buffer.putLong(position + CALLER_CLEARED_AT_OFFSET, record.clearedAtNs, BYTE_ORDER);
            buffer.putLong(position + CALLER_LAST_ACTIVITY_OFFSET, record.lastActivityNs, BYTE_ORDER);
            buffer.putInt(position + CALLER_ENTRY_COUNT_OFFSET, record.entryCount, BYTE_ORDER);
            buffer.putInt(position + CALLER_LENGTH_OFFSET, record.caller.length, BYTE_ORDER);
            buffer.putBytes(position + CALLER_BYTES_OFFSET, record.caller);
            position += CALLER_BYTES_OFFSET + record.caller.length;
            for (int i = 0; i < record.entryCount; i++)
            {
                buffer.putLong(position, record.entryAtNs(i), BYTE_ORDER);
                buffer.putLong(position + 8, record.entryCallId(i), BYTE_ORDER);
                position += CALLER_ENTRY_LENGTH;
            }
        }

        for (final PendingFix fix : pending)
        {
            buffer.putLong(position + PENDING_SEQUENCE_OFFSET, fix.sequence, BYTE_ORDER);
            buffer.putLong(position + PENDING_RECEIVED_AT_OFFSET, fix.receivedAtNs, BYTE_ORDER);
            writeFix(buffer, position + PENDING_FIX_OFFSET, fix.fix);
            buffer.putInt(position + PENDING_CALLER_LENGTH_OFFSET, fix.record.caller.length, BYTE_ORDER);
            buffer.putBytes(position + PENDING_CALLER_OFFSET, fix.record.caller);
            position += PENDING_CALLER_OFFSET + fix.record.caller.length;
        }

        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            buffer.putLong(position + TIMER_SINCE_OFFSET, unit.statusSinceNs, BYTE_ORDER);
            buffer.putInt(position + TIMER_LAST_ETA_OFFSET, (int)unit.lastEtaS, BYTE_ORDER);
            buffer.putInt(position + TIMER_OVERDUE_OFFSET, unit.overdueRaised ? 1 : 0, BYTE_ORDER);
            position += TIMER_LENGTH;
        }

        final int countPosition = position;
        int congested = 0;
        position += 4;
        for (int e = 0, edges = null == graph ? 0 : graph.edgeCount(); e < edges; e++)
        {
            if (graph.congestionPermille(e) != RoadGraph.FREE_FLOW_PERMILLE)
            {
                buffer.putInt(position, e, BYTE_ORDER);
                buffer.putInt(position + 4, graph.congestionPermille(e), BYTE_ORDER);
                position += CONGESTION_ENTRY_LENGTH;
                congested++;
            }
        }
        buffer.putInt(countPosition, congested, BYTE_ORDER);

        buffer.putInt(position, hospitals.size(), BYTE_ORDER);
        position += 4;
        for (int i = 0, size = hospitals.size(); i < size; i++)
        {
            final Hospital hospital = hospitals.get(i);
            buffer.putLong(position + HOSPITAL_ID_OFFSET, hospital.id, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_LAT_OFFSET, hospital.latMicros, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_LON_OFFSET, hospital.lonMicros, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_CAPABILITIES_OFFSET, hospital.capabilities, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_BEDS_OFFSET, hospital.availableBeds, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_DIVERTING_OFFSET, hospital.diverting ? 1 : 0, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_RESERVED_OFFSET, 0, BYTE_ORDER);
            position += HOSPITAL_LENGTH;
        }
        buffer.putLong(position, nextCoverageCheckNs, BYTE_ORDER);
        position += 8;
        for (final long gaps : coverageGaps)
        {
            buffer.putLong(position, gaps, BYTE_ORDER);
            position += 8;
        }

        return position - offset;
    }

    private static void writeIncident(final ExpandableArrayBuffer buffer, final int position, final Incident incident)
    {
        buffer.putLong(position + INCIDENT_ID_OFFSET, incident.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, incident.firstCallId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_OPENED_AT_OFFSET, incident.openedAtNs, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_LAST_CALL_AT_OFFSET, incident.lastCallAtNs, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, incident.lastAssignedUnitId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_MERGED_INTO_OFFSET, incident.mergedIntoId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_BEST_CALL_OFFSET, null == incident.bestCall ? 0 : incident.bestCall.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_PIN_CALL_OFFSET, null == incident.pinCall ? 0 : incident.pinCall.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_OFFERED_UNCERTAINTY_OFFSET, incident.offeredUncertaintyM, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_LAT_OFFSET, incident.latMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_LON_OFFSET, incident.lonMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_UNCERTAINTY_OFFSET, (int)incident.uncertaintyM, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_BEST_FIX_OFFSET, null == incident.bestFix ? 0 : incident.bestFix.number, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, incident.assignedUnitCount, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_RECOMMENDED_LAT_OFFSET, incident.recommendedLatMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_RECOMMENDED_LON_OFFSET, incident.recommendedLonMicros, BYTE_ORDER);
        buffer.putByte(position + INCIDENT_AGENCY_OFFSET, (byte)incident.agency.value());
        buffer.putByte(position + INCIDENT_PRIORITY_OFFSET, (byte)incident.priority);
        buffer.putByte(position + INCIDENT_STATUS_OFFSET, (byte)incident.status.value());
        buffer.putByte(position + INCIDENT_QUALITY_OFFSET, (byte)incident.locationQuality.value());
        buffer.putByte(position + INCIDENT_FALLBACK_QUALITY_OFFSET, (byte)incident.fallbackQuality.value());
        buffer.putByte(position + INCIDENT_ADDED_AGENCIES_OFFSET, (byte)incident.addedAgencies);
        buffer.putByte(position + INCIDENT_AGENCIES_OFFSET, (byte)incident.agencies);
        buffer.putByte(position + INCIDENT_RECOMMENDED_MASK_OFFSET, (byte)incident.recommendedMask);
        buffer.putInt(position + INCIDENT_RESERVED_OFFSET, 0, BYTE_ORDER);
    }

    private static int writeCall(final ExpandableArrayBuffer buffer, final int position, final Call call)
    {
        buffer.putLong(position + CALL_ID_OFFSET, call.id, BYTE_ORDER);
        buffer.putLong(position + CALL_INCIDENT_OFFSET, call.incident.id, BYTE_ORDER);
        buffer.putLong(position + CALL_RECEIVED_AT_OFFSET, call.receivedAtNs, BYTE_ORDER);
        buffer.putLong(position + CALL_ENDED_AT_OFFSET, call.endedAtNs, BYTE_ORDER);
        buffer.putLong(position + CALL_CONFIRMED_SEQUENCE_OFFSET, call.confirmedSequence, BYTE_ORDER);
        buffer.putInt(position + CALL_FIX_COUNT_OFFSET, call.fixCount, BYTE_ORDER);
        buffer.putInt(position + CALL_BEST_FIX_OFFSET, null == call.best ? 0 : call.best.number, BYTE_ORDER);
        buffer.putInt(position + CALL_CONFIRMED_FIX_OFFSET, null == call.confirmedFix ? 0 : call.confirmedFix.number, BYTE_ORDER);
        buffer.putInt(position + CALL_RECENT_CALLS_OFFSET, call.recentCalls, BYTE_ORDER);
        buffer.putByte(position + CALL_AGENCY_OFFSET, (byte)call.agency.value());
        buffer.putByte(position + CALL_FLAGS_OFFSET,
            (byte)((call.ended ? CALL_FLAG_ENDED : 0) | (call.nuisance ? CALL_FLAG_NUISANCE : 0)));
        buffer.putByte(position + CALL_LAST_QUALITY_OFFSET, (byte)call.lastQuality.value());
        buffer.putByte(position + CALL_LAST_PROBLEM_OFFSET, (byte)call.lastProblem.value());
        buffer.putByte(position + CALL_LAST_SHAPE_OFFSET, (byte)call.lastShape.value());
        buffer.putByte(position + CALL_LAST_SOURCE_OFFSET, (byte)call.lastSource.value());
        buffer.putByte(position + CALL_STORED_FIXES_OFFSET, (byte)call.storedFixes);
        buffer.putByte(position + CALL_CALLER_LENGTH_OFFSET, (byte)call.caller.length);
        buffer.putBytes(position + CALL_CALLER_OFFSET, call.caller);
        int next = position + CALL_CALLER_OFFSET + call.caller.length;
        for (int i = 0; i < call.storedFixes; i++)
        {
            writeFix(buffer, next, call.fixes[i]);
            next += FIX_LENGTH;
        }
        return next;
    }

    private static void writeFix(final ExpandableArrayBuffer buffer, final int position, final Fix fix)
    {
        buffer.putInt(position + FIX_NUMBER_OFFSET, fix.number, BYTE_ORDER);
        buffer.putInt(position + FIX_LAT_OFFSET, fix.latMicros, BYTE_ORDER);
        buffer.putInt(position + FIX_LON_OFFSET, fix.lonMicros, BYTE_ORDER);
        buffer.putInt(position + FIX_UNCERTAINTY_OFFSET, (int)fix.uncertaintyM, BYTE_ORDER);
        buffer.putLong(position + FIX_TIME_OFFSET, fix.fixTimeNs, BYTE_ORDER);
        buffer.putByte(position + FIX_SOURCE_OFFSET, (byte)fix.source.value());
        buffer.putByte(position + FIX_SHAPE_OFFSET, (byte)fix.shape.value());
        buffer.putByte(position + FIX_METHOD_OFFSET, (byte)fix.method.value());
        buffer.putByte(position + FIX_CONFIDENCE_OFFSET, (byte)fix.confidencePct);
        buffer.putInt(position + FIX_RESERVED_OFFSET, 0, BYTE_ORDER);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the bytes are not a snapshot of this layout.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        clear();
        if (length < HEADER_LENGTH ||
            buffer.getInt(offset + MAGIC_OFFSET, BYTE_ORDER) != MAGIC ||
            buffer.getInt(offset + VERSION_OFFSET, BYTE_ORDER) != LAYOUT_VERSION)
        {
            throw new IllegalStateException("not a dispatch snapshot of layout version " + LAYOUT_VERSION);
        }

        final int limit = offset + length;
        clockNs = buffer.getLong(offset + CLOCK_OFFSET, BYTE_ORDER);
        final int incidentCount = buffer.getInt(offset + INCIDENT_COUNT_OFFSET, BYTE_ORDER);
        final int unitCount = buffer.getInt(offset + UNIT_COUNT_OFFSET, BYTE_ORDER);
        final int callCount = buffer.getInt(offset + CALL_COUNT_OFFSET, BYTE_ORDER);
        final int callerCount = buffer.getInt(offset + CALLER_COUNT_OFFSET, BYTE_ORDER);
        final int pendingCount = buffer.getInt(offset + PENDING_COUNT_OFFSET, BYTE_ORDER);
        if (incidentCount < 0 || unitCount < 0 || callCount < 0 || callerCount < 0 || pendingCount < 0)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: negative count");
        }

        int position = offset + HEADER_LENGTH;
        checkRemaining(position, incidentCount * (long)INCIDENT_LENGTH, limit);
        final long[] bestCallIds = new long[incidentCount];
        final int[] bestFixNumbers = new int[incidentCount];
        final long[] pinCallIds = new long[incidentCount];
        for (int i = 0; i < incidentCount; i++)
        {
            final Incident incident = readIncident(buffer, position);
            bestCallIds[i] = buffer.getLong(position + INCIDENT_BEST_CALL_OFFSET, BYTE_ORDER);
            bestFixNumbers[i] = buffer.getInt(position + INCIDENT_BEST_FIX_OFFSET, BYTE_ORDER);
            pinCallIds[i] = buffer.getLong(position + INCIDENT_PIN_CALL_OFFSET, BYTE_ORDER);
            addIncident(incident);
            position += INCIDENT_LENGTH;
        }

        for (int i = 0; i < unitCount; i++)
        {
            position = readUnit(buffer, position, limit);
        }

        for (int i = 0; i < callCount; i++)
        {
            position = readCall(buffer, position, limit);
        }

        for (int i = 0; i < incidentCount; i++)
        {
            final Incident incident = incidents.get(i);
            if (0 != bestCallIds[i])
            {
                incident.bestCall = requireCall(bestCallIds[i]);
                incident.bestFix = incident.bestCall.storedFix(bestFixNumbers[i]);
                if (null == incident.bestFix)
                {
                    throw new IllegalStateException("corrupt dispatch snapshot: no fix " + bestFixNumbers[i]);
                }
            }
            if (0 != pinCallIds[i])
            {
                incident.pinCall = requireCall(pinCallIds[i]);
                if (null == incident.pinCall.confirmedFix)
                {
                    throw new IllegalStateException("corrupt dispatch snapshot: pin without confirmation");
                }
            }
        }

        for (int i = 0; i < callerCount; i++)
        {
            checkRemaining(position, CALLER_BYTES_OFFSET, limit);
            final int entryCount = buffer.getInt(position + CALLER_ENTRY_COUNT_OFFSET, BYTE_ORDER);
            final int callerLength = buffer.getInt(position + CALLER_LENGTH_OFFSET, BYTE_ORDER);
            if (entryCount < 0 || entryCount > CallerHistory.MAX_ENTRIES ||
                callerLength <= 0 || callerLength > CallerHistory.MAX_CALLER_LENGTH)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: caller record at " + position);
            }
            checkRemaining(position, CALLER_BYTES_OFFSET + callerLength + (long)entryCount * CALLER_ENTRY_LENGTH, limit);
            final byte[] caller = new byte[callerLength];
            buffer.getBytes(position + CALLER_BYTES_OFFSET, caller);
            final CallerRecord record = callers.restoreRecord(
                caller,
                buffer.getLong(position + CALLER_CLEARED_AT_OFFSET, BYTE_ORDER),
                buffer.getLong(position + CALLER_LAST_ACTIVITY_OFFSET, BYTE_ORDER));
            position += CALLER_BYTES_OFFSET + callerLength;
            for (int e = 0; e < entryCount; e++)
            {
                record.addEntry(buffer.getLong(position, BYTE_ORDER), buffer.getLong(position + 8, BYTE_ORDER));
                position += CALLER_ENTRY_LENGTH;
            }
        }

        for (int i = 0; i < pendingCount; i++)
        {
            checkRemaining(position, PENDING_CALLER_OFFSET, limit);
            final int callerLength = buffer.getInt(position + PENDING_CALLER_LENGTH_OFFSET, BYTE_ORDER);
            if (callerLength <= 0 || callerLength > CallerHistory.MAX_CALLER_LENGTH)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: pending fix at " + position);
            }
            checkRemaining(position, PENDING_CALLER_OFFSET + callerLength, limit);
            final byte[] caller = new byte[callerLength];
            buffer.getBytes(position + PENDING_CALLER_OFFSET, caller);
            callers.restorePending(
                caller,
                buffer.getLong(position + PENDING_SEQUENCE_OFFSET, BYTE_ORDER),
                buffer.getLong(position + PENDING_RECEIVED_AT_OFFSET, BYTE_ORDER),
                readFix(buffer, position + PENDING_FIX_OFFSET));
            position += PENDING_CALLER_OFFSET + callerLength;
        }
        callers.finishRestore();

        checkRemaining(position, (long)unitCount * TIMER_LENGTH + 4, limit);
        for (int i = 0; i < unitCount; i++)
        {
            final Unit unit = units.get(i);
            unit.statusSinceNs = buffer.getLong(position + TIMER_SINCE_OFFSET, BYTE_ORDER);
            unit.lastEtaS = buffer.getInt(position + TIMER_LAST_ETA_OFFSET, BYTE_ORDER);
            unit.overdueRaised = 0 != buffer.getInt(position + TIMER_OVERDUE_OFFSET, BYTE_ORDER);
            position += TIMER_LENGTH;
        }
        final int congested = buffer.getInt(position, BYTE_ORDER);
        position += 4;
        if (congested < 0 || (congested > 0 && null == graph))
        {
            throw new IllegalStateException("corrupt dispatch snapshot: congestion count " + congested);
        }
        checkRemaining(position, (long)congested * CONGESTION_ENTRY_LENGTH, limit);
        for (int i = 0; i < congested; i++)
        {
            final int edge = buffer.getInt(position, BYTE_ORDER);
            final int factor = buffer.getInt(position + 4, BYTE_ORDER);
            if (edge < 0 || edge >= graph.edgeCount() || factor < RoadGraph.FREE_FLOW_PERMILLE)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: congestion of edge " + edge);
            }
            graph.setCongestion(edge, factor);
            position += CONGESTION_ENTRY_LENGTH;
        }

        checkRemaining(position, 4, limit);
        final int hospitalCount = buffer.getInt(position, BYTE_ORDER);
        position += 4;
        if (hospitalCount < 0 || hospitalCount > MAX_HOSPITALS)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: hospital count " + hospitalCount);
        }
        checkRemaining(position, (long)hospitalCount * HOSPITAL_LENGTH + 8L * (1 + coverageGaps.length), limit);
        for (int i = 0; i < hospitalCount; i++)
        {
            final Hospital hospital = new Hospital();
            hospital.id = buffer.getLong(position + HOSPITAL_ID_OFFSET, BYTE_ORDER);
            hospital.latMicros = buffer.getInt(position + HOSPITAL_LAT_OFFSET, BYTE_ORDER);
            hospital.lonMicros = buffer.getInt(position + HOSPITAL_LON_OFFSET, BYTE_ORDER);
            hospital.capabilities = buffer.getInt(position + HOSPITAL_CAPABILITIES_OFFSET, BYTE_ORDER);
            hospital.availableBeds = buffer.getInt(position + HOSPITAL_BEDS_OFFSET, BYTE_ORDER);
            hospital.diverting = 0 != buffer.getInt(position + HOSPITAL_DIVERTING_OFFSET, BYTE_ORDER);
            if (hospital.id <= 0 || null != hospitalById.get(hospital.id))
            {
                throw new IllegalStateException("corrupt dispatch snapshot: hospital " + hospital.id);
            }
            hospitalById.put(hospital.id, hospital);
            hospitals.add(hospital);
            placeHospital(hospital);
            position += HOSPITAL_LENGTH;
        }
        nextCoverageCheckNs = buffer.getLong(position, BYTE_ORDER);
        position += 8;
        for (int a = 0; a < coverageGaps.length; a++)
        {
            coverageGaps[a] = buffer.getLong(position, BYTE_ORDER);
            position += 8;
        }

        for (int i = 0; i < unitCount; i++)
        {
            placeUnit(units.get(i));
        }
    }

    private static Incident readIncident(final DirectBuffer buffer, final int position)
    {
        final Incident incident = new Incident();
        incident.id = buffer.getLong(position + INCIDENT_ID_OFFSET, BYTE_ORDER);
        incident.firstCallId = buffer.getLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, BYTE_ORDER);
        incident.openedAtNs = buffer.getLong(position + INCIDENT_OPENED_AT_OFFSET, BYTE_ORDER);
        incident.lastCallAtNs = buffer.getLong(position + INCIDENT_LAST_CALL_AT_OFFSET, BYTE_ORDER);
        incident.lastAssignedUnitId = buffer.getLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, BYTE_ORDER);
        incident.mergedIntoId = buffer.getLong(position + INCIDENT_MERGED_INTO_OFFSET, BYTE_ORDER);
        incident.offeredUncertaintyM = buffer.getLong(position + INCIDENT_OFFERED_UNCERTAINTY_OFFSET, BYTE_ORDER);
        incident.latMicros = buffer.getInt(position + INCIDENT_LAT_OFFSET, BYTE_ORDER);
        incident.lonMicros = buffer.getInt(position + INCIDENT_LON_OFFSET, BYTE_ORDER);
        incident.uncertaintyM = buffer.getInt(position + INCIDENT_UNCERTAINTY_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        incident.assignedUnitCount = buffer.getInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, BYTE_ORDER);
        incident.recommendedLatMicros = buffer.getInt(position + INCIDENT_RECOMMENDED_LAT_OFFSET, BYTE_ORDER);
        incident.recommendedLonMicros = buffer.getInt(position + INCIDENT_RECOMMENDED_LON_OFFSET, BYTE_ORDER);
        incident.agency = Agency.get(uint8(buffer, position + INCIDENT_AGENCY_OFFSET));
        incident.priority = uint8(buffer, position + INCIDENT_PRIORITY_OFFSET);
        incident.status = IncidentStatus.get(uint8(buffer, position + INCIDENT_STATUS_OFFSET));
        incident.locationQuality = LocationQuality.get(uint8(buffer, position + INCIDENT_QUALITY_OFFSET));
        incident.fallbackQuality = LocationQuality.get(uint8(buffer, position + INCIDENT_FALLBACK_QUALITY_OFFSET));
        incident.addedAgencies = uint8(buffer, position + INCIDENT_ADDED_AGENCIES_OFFSET);
        incident.agencies = uint8(buffer, position + INCIDENT_AGENCIES_OFFSET);
        incident.recommendedMask = uint8(buffer, position + INCIDENT_RECOMMENDED_MASK_OFFSET);
        return incident;
    }

    private int readUnit(final DirectBuffer buffer, final int position, final int limit)
    {
        checkRemaining(position, UNIT_CALL_SIGN_OFFSET, limit);
        final Unit unit = new Unit();
        unit.id = buffer.getLong(position + UNIT_ID_OFFSET, BYTE_ORDER);
        unit.committedIncidentId = buffer.getLong(position + UNIT_COMMITTED_INCIDENT_OFFSET, BYTE_ORDER);
        unit.latMicros = buffer.getInt(position + UNIT_LAT_OFFSET, BYTE_ORDER);
        unit.lonMicros = buffer.getInt(position + UNIT_LON_OFFSET, BYTE_ORDER);
        unit.agency = Agency.get(uint8(buffer, position + UNIT_AGENCY_OFFSET));
        unit.unitType = UnitType.get(uint8(buffer, position + UNIT_TYPE_OFFSET));
        unit.status = UnitStatusCode.get(uint8(buffer, position + UNIT_STATUS_OFFSET));
        final int callSignLength = buffer.getInt(position + UNIT_CALL_SIGN_LENGTH_OFFSET, BYTE_ORDER);
        if (callSignLength < 0 || callSignLength > MAX_CALL_SIGN_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call sign length " + callSignLength);
        }
        checkRemaining(position, UNIT_CALL_SIGN_OFFSET + callSignLength, limit);
        if (callSignLength > 0)
        {
            unit.callSign = new byte[callSignLength];
            buffer.getBytes(position + UNIT_CALL_SIGN_OFFSET, unit.callSign);
        }
        unitById.put(unit.id, unit);
        units.add(unit);
        return position + UNIT_CALL_SIGN_OFFSET + callSignLength;
    }

    private int readCall(final DirectBuffer buffer, final int position, final int limit)
    {
        checkRemaining(position, CALL_CALLER_OFFSET, limit);
        final Call call = new Call();
        call.id = buffer.getLong(position + CALL_ID_OFFSET, BYTE_ORDER);
        final long incidentId = buffer.getLong(position + CALL_INCIDENT_OFFSET, BYTE_ORDER);
        call.receivedAtNs = buffer.getLong(position + CALL_RECEIVED_AT_OFFSET, BYTE_ORDER);
        call.endedAtNs = buffer.getLong(position + CALL_ENDED_AT_OFFSET, BYTE_ORDER);
        call.confirmedSequence = buffer.getLong(position + CALL_CONFIRMED_SEQUENCE_OFFSET, BYTE_ORDER);
        call.fixCount = buffer.getInt(position + CALL_FIX_COUNT_OFFSET, BYTE_ORDER);
        final int bestNumber = buffer.getInt(position + CALL_BEST_FIX_OFFSET, BYTE_ORDER);
        final int confirmedNumber = buffer.getInt(position + CALL_CONFIRMED_FIX_OFFSET, BYTE_ORDER);
        call.recentCalls = buffer.getInt(position + CALL_RECENT_CALLS_OFFSET, BYTE_ORDER);
        call.agency = Agency.get(uint8(buffer, position + CALL_AGENCY_OFFSET));
        final int flags = uint8(buffer, position + CALL_FLAGS_OFFSET);
        call.ended = (flags & CALL_FLAG_ENDED) != 0;
        call.nuisance = (flags & CALL_FLAG_NUISANCE) != 0;
        call.lastQuality = LocationQuality.get(uint8(buffer, position + CALL_LAST_QUALITY_OFFSET));
        call.lastProblem = LocationProblem.get(uint8(buffer, position + CALL_LAST_PROBLEM_OFFSET));
        call.lastShape = LocationShape.get(uint8(buffer, position + CALL_LAST_SHAPE_OFFSET));
        call.lastSource = FixSource.get(uint8(buffer, position + CALL_LAST_SOURCE_OFFSET));
        final int storedFixes = uint8(buffer, position + CALL_STORED_FIXES_OFFSET);
        final int callerLength = uint8(buffer, position + CALL_CALLER_LENGTH_OFFSET);
        if (storedFixes > Call.MAX_STORED_FIXES || callerLength > CallerHistory.MAX_CALLER_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call record at " + position);
        }
        checkRemaining(position, CALL_CALLER_OFFSET + callerLength + (long)storedFixes * FIX_LENGTH, limit);
        if (callerLength > 0)
        {
            call.caller = new byte[callerLength];
            buffer.getBytes(position + CALL_CALLER_OFFSET, call.caller);
        }
        int next = position + CALL_CALLER_OFFSET + callerLength;
        for (int i = 0; i < storedFixes; i++)
        {
            call.store(readFix(buffer, next));
            next += FIX_LENGTH;
        }
        call.best = 0 == bestNumber ? null : call.storedFix(bestNumber);
        call.confirmedFix = 0 == confirmedNumber ? null : call.storedFix(confirmedNumber);
        final Incident incident = incidentById.get(incidentId);
        if (null == incident || (0 != bestNumber && null == call.best) || (0 != confirmedNumber && null == call.confirmedFix))
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call " + call.id);
        }
        call.incident = incident;
        incident.calls.add(call);
        incident.nuisanceCalls += call.nuisance ? 1 : 0;
        callById.put(call.id, call);
        return next;
    }

    private static Fix readFix(final DirectBuffer buffer, final int position)
    {
        final Fix fix = new Fix();
        fix.number = buffer.getInt(position + FIX_NUMBER_OFFSET, BYTE_ORDER);
        fix.latMicros = buffer.getInt(position + FIX_LAT_OFFSET, BYTE_ORDER);
        fix.lonMicros = buffer.getInt(position + FIX_LON_OFFSET, BYTE_ORDER);
        fix.uncertaintyM = buffer.getInt(position + FIX_UNCERTAINTY_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        fix.fixTimeNs = buffer.getLong(position + FIX_TIME_OFFSET, BYTE_ORDER);
        fix.source = FixSource.get(uint8(buffer, position + FIX_SOURCE_OFFSET));
        fix.shape = LocationShape.get(uint8(buffer, position + FIX_SHAPE_OFFSET));
        fix.method = LocationMethod.get(uint8(buffer, position + FIX_METHOD_OFFSET));
        fix.confidencePct = uint8(buffer, position + FIX_CONFIDENCE_OFFSET);
        return fix;
    }

    private Call requireCall(final long callId)
    {
        final Call call = callById.get(callId);
        if (null == call)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: unknown call " + callId);
        }
        return call;
    }

    private void clear()
    {
        incidentById.clear();
        incidents.clear();
        activeIncidents.clear();
        unitById.clear();
        units.clear();
        callById.clear();
        callers.clear();
        clockNs = 0;
        hospitalById.clear();
        hospitals.clear();
        java.util.Arrays.fill(coverageGaps, 0);
        nextCoverageCheckNs = Long.MIN_VALUE;
        if (null != graph)
        {
            for (int e = 0, edges = graph.edgeCount(); e < edges; e++)
            {
                graph.setCongestion(e, RoadGraph.FREE_FLOW_PERMILLE);
            }
            ranker = newRanker();
        }
    }

    /**
     * Number of incidents ever opened (closed ones included).
     *
     * @return the number of incidents.
     */
    public int incidentCount()
    {
        return incidents.size();
    }

    /**
     * Number of incidents not closed (status OPEN or DISPATCHED).
     *
     * @return the number of active incidents.
     */
    public int openIncidentCount()
    {
        return activeIncidents.size();
    }

    /**
     * Number of registered units.
     *
     * @return the number of units.
     */
    public int unitCount()
    {
        return units.size();
    }

    /**
     * Number of calls ever received.
     *
     * @return the number of calls.
     */
    public int callCount()
    {
        return callById.size();
    }

    /**
     * Number of caller numbers whose history is kept (bounded by the retention, see {@link CallerHistory}).
     *
     * @return the number of caller records.
     */
    public int callerHistoryCount()
    {
        return callers.recordCount();
    }

    /**
     * Number of fixes waiting for a call of their number.
     *
     * @return the number of pending fixes.
     */
    public int pendingFixCount()
    {
        return callers.pendingCount();
    }

    /**
     * Number of units whose status is AVAILABLE.
     *
     * @return the number of available units.
     */
    public int availableUnitCount()
    {
        int count = 0;
        for (int i = 0, size = units.size(); i < size; i++)
        {
            if (units.get(i).status == UnitStatusCode.AVAILABLE)
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
        for (int i = 0, size = incidents.size(); i < size; i++)
        {
            consumer.accept(incidents.get(i).view());
        }
    }

    /**
     * Visits a copy of every unit in ascending id order. For tools; allocates one view per unit.
     *
     * @param consumer receives each unit.
     */
    public void forEachUnit(final Consumer<UnitView> consumer)
    {
        for (int i = 0, size = units.size(); i < size; i++)
        {
            consumer.accept(units.get(i).view());
        }
    }

    /**
     * Visits a copy of every call in ascending id order. For tools; sorts and allocates.
     *
     * @param consumer receives each call.
     */
    public void forEachCall(final Consumer<CallView> consumer)
    {
        for (final long callId : sortedCallIds())
        {
            consumer.accept(callById.get(callId).view());
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
        final Incident incident = incidentById.get(incidentId);
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
        final Unit unit = unitById.get(unitId);
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
        final Call call = callById.get(callId);
        return null == call ? null : call.view();
    }

    private static void checkRemaining(final int position, final long needed, final int limit)
    {
        if (position + needed > limit)
        {
            throw new IllegalStateException("truncated dispatch snapshot at " + position);
        }
    }

    private static short uint8(final DirectBuffer buffer, final int index)
    {
        return (short)(buffer.getByte(index) & 0xFF);
    }

    /** A point a gateway declared usable but that is out of range is treated as unusable, never used. */
    private static LocationQuality rangeCheckedQuality(final LocationQuality declared, final int latMicros, final int lonMicros)
    {
        return declared == LocationQuality.USABLE && !Geo.isValid(latMicros, lonMicros) ? LocationQuality.UNUSABLE : declared;
    }

    private static Agency agency(final short raw, final Agency otherwise)
    {
        switch (raw)
        {
            case 112:
                return Agency.UNIFIED;
            case 113:
                return Agency.POLICE;
            case 114:
                return Agency.FIRE;
            case 115:
                return Agency.AMBULANCE;
            default:
                return otherwise;
        }
    }

    /**
     * Gateways validate, but a value this version does not know must not throw on the event path:
     * treat it as a location that may not be used.
     */
    private static LocationQuality locationQuality(final short raw)
    {
        switch (raw)
        {
            case 0:
                return LocationQuality.USABLE;
            case 1:
                return LocationQuality.MISSING;
            case 3:
                return LocationQuality.BY_REFERENCE;
            default:
                return LocationQuality.UNUSABLE;
        }
    }

    /**
     * The problem as sent, or one implied by the quality when the sender gave none (version 1 records).
     */
    private static LocationProblem locationProblem(final short raw, final LocationQuality quality)
    {
        if (quality == LocationQuality.USABLE)
        {
            return LocationProblem.NONE;
        }
        if (raw > 0 && raw <= LocationProblem.UNSUPPORTED_CRS.value())
        {
            return LocationProblem.get(raw);
        }
        switch (quality)
        {
            case MISSING:
                return LocationProblem.NO_LOCATION;
            case BY_REFERENCE:
                return LocationProblem.BY_REFERENCE_ONLY;
            default:
                return LocationProblem.NONE;
        }
    }

    private static LocationShape locationShape(final short raw)
    {
        return raw >= 0 && raw <= LocationShape.PRISM.value() ? LocationShape.get(raw) : LocationShape.NONE;
    }

    private static FixSource fixSource(final short raw)
    {
        return raw >= 0 && raw <= FixSource.CALL_TAKER.value() ? FixSource.get(raw) : FixSource.NONE;
    }

    private static LocationMethod locationMethod(final short raw)
    {
        return raw >= 0 && raw <= LocationMethod.HYBRID.value() ? LocationMethod.get(raw) : LocationMethod.UNKNOWN;
    }

    private static UnitStatusCode unitStatus(final short raw)
    {
        return raw >= 0 && raw <= 6 ? UnitStatusCode.get(raw) : null;
    }

    private static UnitType unitType(final short raw)
    {
        return raw >= 1 && raw <= 6 ? UnitType.get(raw) : null;
    }
}
