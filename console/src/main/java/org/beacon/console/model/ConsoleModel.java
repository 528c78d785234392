package org.beacon.console.model;

import static org.beacon.console.model.MessageView.BODY;
import static org.beacon.console.model.Names.UNKNOWN;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.AgenciesDecoder;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BetterFixAvailableDecoder;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CameraRegisteredDecoder;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.WatchlistHitDecoder;
import org.beacon.codecs.WatchlistUpdatedDecoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.EtaUpdatedDecoder;
import org.beacon.codecs.GeoPointDecoder;
import org.beacon.codecs.GreenWavePlannedDecoder;
import org.beacon.codecs.HospitalAssignedDecoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.IntersectionStateDecoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MoveUpProposedDecoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedDecoder;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.SignalAlarmDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SignalCommandRejectedDecoder;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.StatusOverdueDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.codecs.UpdateReason;

/**
 * The consoles' view of the city, folded from the node's journals: every input record through
 * {@link #onInput} and every output record through {@link #onOutput}, in journal order (an input, then the
 * outputs it produced). Entities are Jackson {@link ObjectNode}s with the fields of the console protocol
 * (console/README.md, "Entities"), mutated in place; {@link #drainChanges} hands over the keys touched since
 * the previous drain, so an AVL fix costs a few field writes and one dirty key, never a copy of the model.
 *
 * <p>Inputs feed what outputs do not carry: callers' numbers, IMSI and IMEI (raw here: masking per role is the
 * feed's job), each call's fixes, unit registration and AVL, and the operators' signal commands before the
 * state machine answers them. Everything else comes from outputs.
 *
 * <p>Choices the protocol leaves open:
 * <ul>
 *   <li>An incident's {@code units} is the history of units dispatched or committed to it: a unit that
 *       becomes available again stays listed (the unit's own {@code incidentId} says where it is now).</li>
 *   <li>A unit's wave ends when the unit reports any status but DISPATCHED or EN_ROUTE, as the center's state
 *       machine ends it then (CenterStateMachine hands such a UnitStatusChanged to the planner's onUnitStopped,
 *       which releases only the intersections it had been granted and says nothing of the others); also when a
 *       release says STALE_POSITION or UNIT_STOPPED (the planner ends the whole wave), when a plan lists no
 *       intersection, and when every intersection of it is released.</li>
 *   <li>A release for an intersection the unit's current wave only plans belongs to the wave a re-plan
 *       replaced (ROUTE_CHANGED follows the new plan) and is ignored.</li>
 *   <li>A notice's entity kind is {@code "notice"} like every other entity's {@code kind}; what the protocol
 *       calls the notice's kind ("rejected", "overdue"...) is in {@code noticeKind}.</li>
 *   <li>A fix without a known call id (AML matched by the caller's number) or a location a call-taker
 *       confirmed joins the call whose CallUpdated, produced by the same input, counts one fix more.</li>
 *   <li>An area alert's {@code pending} revision (a proposal, or an edit of an alert already out) ends with any
 *       AlertStateChanged of the alert (approved, rejected, cancelled, expired) and with an issued message of its
 *       revision or a later one; {@code current} is the area of the latest Alert or Update issued.</li>
 *   <li>An incident's {@code hazard} is the one a dispatcher's CLASSIFY set, unless the state machine refused that
 *       command, or the one an AlertProposed for it carries.</li>
 *   <li>The CAP XML of an alert's latest issued message is kept beside the entities ({@link #capXml(long)}), never
 *       in them: it is large and only read on request.</li>
 * </ul>
 *
 * <p>Never throws on a record: unknown templates are ignored, unknown enum values read {@code "UNKNOWN"}, and a
 * record too short for what it claims is dropped and counted ({@link #malformedRecords()}). Single-threaded.
 */
public final class ConsoleModel
{
    /** Notices kept: the newest ones; older ones are removed. */
    public static final int MAX_NOTICES = 200;
    /** Watchlist hits and incident candidates kept (each). */
    public static final int MAX_HITS = 200;
    /** Fixes kept per call: the newest ones. */
    public static final int MAX_FIXES = 20;
    /** Area alerts kept once rejected, cancelled or expired: the newest ones (alerts still open are all kept). */
    public static final int MAX_CLOSED_ALERTS = 200;
    /** Issued messages kept per area alert: the newest ones. */
    public static final int MAX_ISSUED = 20;
    /** Cell ids listed per zone of a broadcast; the counts say how many there were. */
    public static final int MAX_CELLS_LISTED = 2000;
    /** No real CAP message comes near this many bytes. */
    static final int MAX_CAP_XML = 1 << 20;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final int UINT16_NULL = 0xFFFF;
    /** Beyond any real signal network; a larger index is a damaged record, not an intersection. */
    private static final int MAX_INTERSECTION_INDEX = 1 << 20;

    private static final String PLANNED = "PLANNED";
    private static final String REQUESTED = "REQUESTED";
    private static final String QUEUED = "QUEUED";
    private static final String RELEASED = "RELEASED";

    private final TreeMap<String, ObjectNode> entities = new TreeMap<>();
    private final TreeSet<String> dirty = new TreeSet<>();
    private final Long2ObjectHashMap<ObjectNode> incidents = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ObjectNode> calls = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ObjectNode> units = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ObjectNode> waves = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<ObjectNode> intersections = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<IntersectionInfo> infos = new Int2ObjectHashMap<>();
    private final Long2LongHashMap callIncident = new Long2LongHashMap(0);
    private final ArrayDeque<String> noticeKeys = new ArrayDeque<>();

    private final MessageView view = new MessageView();
    private final CallReceivedDecoder callReceived = new CallReceivedDecoder();
    private final CameraRegisteredDecoder cameraRegistered = new CameraRegisteredDecoder();
    private final WatchlistHitDecoder watchlistHit = new WatchlistHitDecoder();
    private final IncidentCandidateDecoder incidentCandidate = new IncidentCandidateDecoder();
    private final WatchlistUpdatedDecoder watchlistUpdated = new WatchlistUpdatedDecoder();
    private final java.util.ArrayDeque<String> hitKeys = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<String> candidateKeys = new java.util.ArrayDeque<>();
    private long hitNumber;
    private final LocationFixDecoder locationFix = new LocationFixDecoder();
    private final UnitStatusDecoder unitStatus = new UnitStatusDecoder();
    private final UnitPositionDecoder unitPosition = new UnitPositionDecoder();
    private final OperatorCommandDecoder operatorCommand = new OperatorCommandDecoder();
    private final SignalOperatorCommandDecoder signalCommand = new SignalOperatorCommandDecoder();
    private final IncidentOpenedDecoder incidentOpened = new IncidentOpenedDecoder();
    private final IncidentUpdatedDecoder incidentUpdated = new IncidentUpdatedDecoder();
    private final UnitRecommendedDecoder unitRecommended = new UnitRecommendedDecoder();
    private final DispatchOrderDecoder dispatchOrder = new DispatchOrderDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private final UnitStatusChangedDecoder unitStatusChanged = new UnitStatusChangedDecoder();
    private final CallUpdatedDecoder callUpdated = new CallUpdatedDecoder();
    private final BetterFixAvailableDecoder betterFix = new BetterFixAvailableDecoder();
    private final RouteAssignedDecoder routeAssigned = new RouteAssignedDecoder();
    private final EtaUpdatedDecoder etaUpdated = new EtaUpdatedDecoder();
    private final StatusOverdueDecoder statusOverdue = new StatusOverdueDecoder();
    private final HospitalAssignedDecoder hospitalAssigned = new HospitalAssignedDecoder();
    private final MoveUpProposedDecoder moveUp = new MoveUpProposedDecoder();
    private final GreenWavePlannedDecoder wavePlanned = new GreenWavePlannedDecoder();
    private final PreemptRequestedDecoder preemptRequested = new PreemptRequestedDecoder();
    private final PreemptQueuedDecoder preemptQueued = new PreemptQueuedDecoder();
    private final PreemptReleasedDecoder preemptReleased = new PreemptReleasedDecoder();
    private final SignalCommandIssuedDecoder signalIssued = new SignalCommandIssuedDecoder();
    private final SignalCommandRejectedDecoder signalRejected = new SignalCommandRejectedDecoder();
    private final SignalAlarmDecoder signalAlarm = new SignalAlarmDecoder();
    private final IntersectionStateDecoder intersectionState = new IntersectionStateDecoder();
    private final AlertCommandDecoder alertCommand = new AlertCommandDecoder();
    private final BroadcastReportDecoder broadcastReport = new BroadcastReportDecoder();
    private final AlertProposedDecoder alertProposed = new AlertProposedDecoder();
    private final AlertIssuedDecoder alertIssued = new AlertIssuedDecoder();
    private final AlertStateChangedDecoder alertStateChanged = new AlertStateChangedDecoder();
    private final AlertCommandRejectedDecoder alertRejected = new AlertCommandRejectedDecoder();

    private final Long2ObjectHashMap<ObjectNode> alerts = new Long2ObjectHashMap<>();
    private final ArrayDeque<Long> closedAlerts = new ArrayDeque<>();
    /** Read by the HTTP threads (the CAP endpoint) while the feed's thread writes. */
    private final ConcurrentHashMap<Long, String> capXml = new ConcurrentHashMap<>();

    /** A dispatcher's CLASSIFY, to undo its hazard when the state machine refuses it. */
    private long classifySequence = -1;
    private long classifyIncidentId;
    private String classifyPreviousHazard;

    private long lastSequence;
    private long lastTimestampNs;
    private long noticeNumber;
    private long malformed;

    /** A fix whose call is not known yet: the CallUpdated of the same input names it. */
    private long pendingFixSequence = -1;
    private ObjectNode pendingFix;
    private String pendingImsi;
    private String pendingImei;

    /** The last dispatcher command, to recognise the CallUpdated that answers it. */
    private long commandSequence = -1;
    private int commandType;
    private long commandCallId;

    /** The incident the current input opened, to tell the two sides of a CALL_SPLIT apart. */
    private long openedSequence = -1;
    private long openedIncidentId;

    /**
     * A model holding the signal network's intersections and nothing else.
     *
     * @param intersections static info of the signal network: index → id and position (may be empty).
     */
    public ConsoleModel(final List<IntersectionInfo> intersections)
    {
        if (null != intersections)
        {
            for (final IntersectionInfo info : intersections)
            {
                if (null != info && info.index() >= 0 && info.index() < MAX_INTERSECTION_INDEX)
                {
                    infos.put(info.index(), info);
                    intersection(info.index());
                }
            }
        }
    }

    // ------------------------------------------------------------------ public API

    /**
     * Applies one input record of the input journal.
     *
     * @param sequence    the record's sequence.
     * @param timestampNs the sequencer's timestamp, ns since the epoch.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the message header.
     * @param length      of the message.
     */
    public void onInput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        advance(sequence, timestampNs);
        final int templateId = view.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            malformed++;
            return;
        }
        try
        {
            switch (templateId)
            {
                case CallReceivedDecoder.TEMPLATE_ID:
                    onCallReceived(timestampNs);
                    break;
                case LocationFixDecoder.TEMPLATE_ID:
                    onLocationFix(sequence, timestampNs);
                    break;
                case UnitStatusDecoder.TEMPLATE_ID:
                    onUnitStatus(timestampNs);
                    break;
                case UnitPositionDecoder.TEMPLATE_ID:
                    onUnitPosition();
                    break;
                case OperatorCommandDecoder.TEMPLATE_ID:
                    onOperatorCommand(sequence);
                    break;
                case SignalOperatorCommandDecoder.TEMPLATE_ID:
                    onSignalOperatorCommand(timestampNs);
                    break;
                case CameraRegisteredDecoder.TEMPLATE_ID:
                    onCameraRegistered(timestampNs);
                    break;
                case AlertCommandDecoder.TEMPLATE_ID:
                    onAlertCommand(sequence);
                    break;
                case BroadcastReportDecoder.TEMPLATE_ID:
                    onBroadcastReport(timestampNs);
                    break;
                default:
                    // ticks, hospitals, congestion, controller status, raw detections: nothing a console shows
                    break;
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            // a record shorter than its fields claim: drop it, the model stays as it was before the bad field
            malformed++;
        }
    }

    /**
     * Applies one output record of the output journal.
     *
     * @param inputSequence the sequence of the input that produced it.
     * @param timestampNs   that input's timestamp, ns since the epoch.
     * @param buffer        holding the SBE message, header first.
     * @param offset        of the message header.
     * @param length        of the message.
     */
    public void onOutput(
        final long inputSequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        advance(inputSequence, timestampNs);
        final int templateId = view.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            malformed++;
            return;
        }
        try
        {
            applyOutput(templateId, inputSequence, timestampNs);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            malformed++;
        }
    }

    /**
     * Hands every entity changed or removed since the last drain, in key order, each key once, then forgets them.
     *
     * @param listener receives them.
     */
    public void drainChanges(final ChangeListener listener)
    {
        String key;
        while (null != (key = dirty.pollFirst()))
        {
            final ObjectNode node = entities.get(key);
            if (null == node)
            {
                listener.removed(key);
            }
            else
            {
                listener.changed(key, node);
            }
        }
    }

    /**
     * Every entity, sorted by key.
     *
     * @return a new list of the model's own nodes: callers must not modify them (use {@code deepCopy()}).
     */
    public List<ObjectNode> entities()
    {
        return new ArrayList<>(entities.values());
    }

    /**
     * @param key an entity's key ("unit:7").
     * @return the model's node of it (not to be modified), or null.
     */
    public ObjectNode entity(final String key)
    {
        return entities.get(key);
    }

    /** @return the highest input sequence applied, by an input or by an output. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the timestamp of the input with {@link #lastSequence()}, ns since the epoch. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return how many entities the model holds. */
    public int size()
    {
        return entities.size();
    }

    /**
     * The CAP 1.2 XML of an area alert's latest issued message (Alert, Update or Cancel). Safe to call from any thread.
     *
     * @param alertId the alert's id.
     * @return the XML, or null when the alert issued nothing (or is no longer kept).
     */
    public String capXml(final long alertId)
    {
        return capXml.get(alertId);
    }

    /** @return how many records were dropped as damaged (not a message of this schema, or shorter than it claims). */
    public long malformedRecords()
    {
        return malformed;
    }

    // ------------------------------------------------------------------ dispatch of outputs

    private void applyOutput(final int templateId, final long sequence, final long timestampNs)
    {
        switch (templateId)
        {
            case IncidentOpenedDecoder.TEMPLATE_ID:
                onIncidentOpened(sequence, timestampNs);
                break;
            case IncidentUpdatedDecoder.TEMPLATE_ID:
                onIncidentUpdated(sequence, timestampNs);
                break;
            case UnitRecommendedDecoder.TEMPLATE_ID:
                onUnitRecommended(timestampNs);
                break;
            case DispatchOrderDecoder.TEMPLATE_ID:
                onDispatchOrder(timestampNs);
                break;
            case CommandRejectedDecoder.TEMPLATE_ID:
                onCommandRejected(timestampNs);
                break;
            case UnitStatusChangedDecoder.TEMPLATE_ID:
                onUnitStatusChanged(timestampNs);
                break;
            case CallUpdatedDecoder.TEMPLATE_ID:
                onCallUpdated(sequence, timestampNs);
                break;
            case BetterFixAvailableDecoder.TEMPLATE_ID:
                onBetterFix(timestampNs);
                break;
            case RouteAssignedDecoder.TEMPLATE_ID:
                onRouteAssigned();
                break;
            case EtaUpdatedDecoder.TEMPLATE_ID:
                onEtaUpdated();
                break;
            case StatusOverdueDecoder.TEMPLATE_ID:
                onStatusOverdue(timestampNs);
                break;
            case HospitalAssignedDecoder.TEMPLATE_ID:
                onHospitalAssigned(timestampNs);
                break;
            case MoveUpProposedDecoder.TEMPLATE_ID:
                onMoveUp(timestampNs);
                break;
            case GreenWavePlannedDecoder.TEMPLATE_ID:
                onWavePlanned(timestampNs);
                break;
            case PreemptRequestedDecoder.TEMPLATE_ID:
                onPreemptRequested(timestampNs);
                break;
            case PreemptQueuedDecoder.TEMPLATE_ID:
                onPreemptQueued(timestampNs);
                break;
            case PreemptReleasedDecoder.TEMPLATE_ID:
                onPreemptReleased(timestampNs);
                break;
            case SignalCommandIssuedDecoder.TEMPLATE_ID:
                onSignalIssued(timestampNs);
                break;
            case SignalCommandRejectedDecoder.TEMPLATE_ID:
                onSignalRejected(timestampNs);
                break;
            case SignalAlarmDecoder.TEMPLATE_ID:
                onSignalAlarm(timestampNs);
                break;
            case IntersectionStateDecoder.TEMPLATE_ID:
                onIntersectionState(timestampNs);
                break;
            case WatchlistHitDecoder.TEMPLATE_ID:
                onWatchlistHit(sequence, timestampNs);
                break;
            case IncidentCandidateDecoder.TEMPLATE_ID:
                onIncidentCandidate(timestampNs);
                break;
            case WatchlistUpdatedDecoder.TEMPLATE_ID:
                onWatchlistUpdated(timestampNs);
                break;
            case AlertProposedDecoder.TEMPLATE_ID:
                onAlertProposed(timestampNs);
                break;
            case AlertIssuedDecoder.TEMPLATE_ID:
                onAlertIssued(timestampNs);
                break;
            case AlertStateChangedDecoder.TEMPLATE_ID:
                onAlertStateChanged(timestampNs);
                break;
            case AlertCommandRejectedDecoder.TEMPLATE_ID:
                onAlertCommandRejected(sequence, timestampNs);
                break;
            default:
                // acks and outputs of domains the consoles do not show
                break;
        }
    }

    private void advance(final long sequence, final long timestampNs)
    {
        if (sequence >= lastSequence)
        {
            lastSequence = sequence;
            lastTimestampNs = timestampNs;
        }
    }

    // ------------------------------------------------------------------ inputs

    private void onCallReceived(final long timestampNs)
    {
        final CallReceivedDecoder d = callReceived.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long callId = d.callId();
        if (callId <= 0 || null != calls.get(callId))
        {
            // the state machine ignores a call id it already has
            return;
        }
        final String agency = name(Names.AGENCY, d.agencyRaw());
        final short quality = d.locationQualityRaw();
        final String problem = name(Names.LOCATION_PROBLEM, d.locationProblemRaw());
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final String caller = view.varDataFits(d.limit(), d.callerLength()) ? d.caller() : "";

        final ObjectNode call = call(callId, timestampNs);
        final boolean located = quality == LocationQuality.USABLE.value() && usable(latMicros, lonMicros);
        call.put("agency", agency);
        call.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        call.put("locationProblem", problem);
        call.put("shape", shape);
        call.put("fixSource", source);
        position(call, latMicros, lonMicros, located);
        call.put("uncertaintyM", located ? uncertaintyM : 0);
        call.put("receivedAtMs", timestampNs / 1_000_000L);
        call.put("atMs", timestampNs / 1_000_000L);
        call.put("caller", caller);
        appendFix(call, fix(timestampNs / 1_000_000L, quality, latMicros, lonMicros, uncertaintyM, source, shape));
    }

    private void onLocationFix(final long sequence, final long timestampNs)
    {
        final LocationFixDecoder d = locationFix.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long callId = d.callId();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final short quality = d.locationQualityRaw();
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final long reportedNs = d.fixTimeNs();
        final long fixTimeNs = reportedNs > 0 && reportedNs <= timestampNs ? reportedNs : timestampNs;
        String imsi = "";
        String imei = "";
        if (view.varDataFits(d.limit(), d.callerLength()))
        {
            d.skipCaller();
            if (view.varDataFits(d.limit(), d.imsiLength()))
            {
                imsi = d.imsi();
                if (view.varDataFits(d.limit(), d.imeiLength()))
                {
                    imei = d.imei();
                }
            }
        }

        final ObjectNode fix = fix(fixTimeNs / 1_000_000L, quality, latMicros, lonMicros, uncertaintyM, source, shape);
        final ObjectNode call = callId > 0 ? calls.get(callId) : null;
        if (null != call)
        {
            appendFix(call, fix);
            identity(call, imsi, imei);
            return;
        }
        // matched by the caller's number inside the state machine, or waiting for a call: its CallUpdated tells
        pendingFixSequence = sequence;
        pendingFix = fix;
        pendingImsi = imsi;
        pendingImei = imei;
    }

    private void onUnitStatus(final long timestampNs)
    {
        final UnitStatusDecoder d = unitStatus.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        final String status = name(Names.UNIT_STATUS, d.statusRaw());
        if (unitId <= 0 || UNKNOWN.equals(status))
        {
            return;
        }
        final int latMicros = d.position().latMicros();
        final int lonMicros = d.position().lonMicros();
        ObjectNode unit = units.get(unitId);
        if (null == unit)
        {
            final String agency = name(Names.AGENCY, d.agencyRaw());
            final String type = name(Names.UNIT_TYPE, d.unitTypeRaw());
            if (UNKNOWN.equals(agency) || UNKNOWN.equals(type))
            {
                // the state machine registers no unit it cannot classify
                return;
            }
            final String callSign = view.varDataFits(d.limit(), d.callSignLength()) ? d.callSign() : "";
            unit = unit(unitId);
            unit.put("callSign", callSign);
            unit.put("agency", agency);
            unit.put("type", type);
            unit.put("status", status);
            unit.put("statusSinceMs", timestampNs / 1_000_000L);
        }
        // later reports move the unit; its status changes only when the state machine says so (UnitStatusChanged)
        position(unit, latMicros, lonMicros, true);
        touch(unit);
    }

    private void onUnitPosition()
    {
        final UnitPositionDecoder d = unitPosition.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final ObjectNode unit = units.get(d.unitId());
        if (null == unit)
        {
            // the state machine ignores positions of units never registered
            return;
        }
        final long speed = d.speedCmPerS();
        final int heading = d.headingDeciDeg();
        position(unit, d.position().latMicros(), d.position().lonMicros(), true);
        if (UINT32_NULL == speed)
        {
            unit.putNull("speedKmh");
        }
        else
        {
            unit.put("speedKmh", Math.round(speed * 0.36) / 10.0);
        }
        if (UINT16_NULL == heading)
        {
            unit.putNull("headingDeg");
        }
        else
        {
            unit.put("headingDeg", heading / 10.0);
        }
        touch(unit);
    }

    private void onOperatorCommand(final long sequence)
    {
        final OperatorCommandDecoder d = operatorCommand.wrap(view.buffer, BODY, view.blockLength(), view.version());
        commandSequence = sequence;
        commandType = d.commandTypeRaw();
        final long callId = d.callId();
        commandCallId = callId > 0 ? callId : 0;
    }

    private void onSignalOperatorCommand(final long timestampNs)
    {
        final SignalOperatorCommandDecoder d = signalCommand.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final ObjectNode intersection = intersections.get(d.intersectionIndex());
        if (null == intersection)
        {
            // an index the network does not have: the state machine's rejection makes the notice
            return;
        }
        lastCommand(intersection, name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw()), d.operatorId(), timestampNs);
        touch(intersection);
    }

    // ------------------------------------------------------------------ incidents

    private void onIncidentOpened(final long sequence, final long timestampNs)
    {
        final IncidentOpenedDecoder d = incidentOpened.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long incidentId = d.incidentId();
        if (incidentId <= 0)
        {
            return;
        }
        final ObjectNode incident = incident(incidentId, timestampNs);
        touch(incident);
        final short agency = d.agencyRaw();
        final short quality = d.locationQualityRaw();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final boolean located = usable(latMicros, lonMicros);
        incident.put("agency", name(Names.AGENCY, agency));
        final ArrayNode agencies = array(incident, "agencies");
        agencies.removeAll();
        final String single = name(Names.AGENCIES_BY_AGENCY, agency);
        if (!UNKNOWN.equals(single))
        {
            agencies.add(single);
        }
        incident.put("priority", d.priority());
        incident.put("status", IncidentStatus.OPEN.name());
        incident.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        position(incident, latMicros, lonMicros, located);
        incident.put("uncertaintyM", located ? uint32(d.uncertaintyM()) : 0);
        incident.put("openedAtMs", ms(d.openedAtNs(), timestampNs));
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
        openedSequence = sequence;
        openedIncidentId = incidentId;
        final long callId = d.callId();
        if (callId > 0)
        {
            assignCall(callId, incidentId, timestampNs);
        }
        incident.put("callCount", Math.max(1, array(incident, "calls").size()));
    }

    private void onIncidentUpdated(final long sequence, final long timestampNs)
    {
        final IncidentUpdatedDecoder d = incidentUpdated.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long incidentId = d.incidentId();
        if (incidentId <= 0)
        {
            return;
        }
        final short reason = d.reasonRaw();
        final short status = d.statusRaw();
        final int callCount = d.callCount();
        final long callId = d.callId();
        final long unitId = d.unitId();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final AgenciesDecoder agencies = d.agencies();
        final int agencyBits = null == agencies ? -1 : agencies.getRaw() & 0xFF;
        final short nuisance = d.nuisance();
        final long other = d.otherIncidentId();
        final long otherId = other > 0 ? other : 0;

        final ObjectNode incident = incident(incidentId, timestampNs);
        touch(incident);
        incident.put("status", name(Names.INCIDENT_STATUS, status));
        incident.put("callCount", callCount);
        if (agencyBits >= 0)
        {
            Names.setNames(array(incident, "agencies"), agencyBits, Names.AGENCIES);
        }
        if (IncidentUpdatedDecoder.nuisanceNullValue() != nuisance)
        {
            incident.put("nuisance", 1 == nuisance);
        }
        if (usable(latMicros, lonMicros))
        {
            incident.put("locationQuality", LocationQuality.USABLE.name());
            position(incident, latMicros, lonMicros, true);
            incident.put("uncertaintyM", uncertaintyM);
        }
        else
        {
            if (LocationQuality.USABLE.name().equals(incident.path("locationQuality").asText()))
            {
                // the location it had left with a call; the fallback quality is not in the update
                incident.put("locationQuality", LocationQuality.MISSING.name());
            }
            position(incident, 0, 0, false);
            incident.put("uncertaintyM", 0);
        }
        incident.put("lastReason", name(Names.UPDATE_REASON, reason));
        incident.put("updatedAtMs", timestampNs / 1_000_000L);

        if (UpdateReason.CALL_ADDED.value() == reason && callId > 0)
        {
            assignCall(callId, incidentId, timestampNs);
        }
        else if (UpdateReason.UNIT_DISPATCHED.value() == reason && unitId > 0)
        {
            addUnit(incident, unitId);
        }
        else if (UpdateReason.CALL_SPLIT.value() == reason && callId > 0)
        {
            onCallSplit(incidentId, otherId, callId, sequence, timestampNs);
        }
        else if (UpdateReason.MERGED.value() == reason && otherId > 0)
        {
            onMerged(incident, incidentId, otherId, status, timestampNs);
        }
    }

    private void onCallSplit(final long incidentId, final long otherId, final long callId, final long sequence, final long timestampNs)
    {
        if (sequence == openedSequence && incidentId == openedIncidentId)
        {
            // the side the split opened: the call is here now
            assignCall(callId, incidentId, timestampNs);
        }
        else if (callIncident.get(callId) == incidentId && otherId > 0)
        {
            // the side the call left (normally the IncidentOpened of the other side moved it already)
            assignCall(callId, otherId, timestampNs);
        }
    }

    private void onMerged(final ObjectNode incident, final long incidentId, final long otherId, final short status, final long timestampNs)
    {
        final long source;
        final long target;
        if (IncidentStatus.CLOSED.value() == status)
        {
            incident.put("mergedInto", otherId);
            source = incidentId;
            target = otherId;
        }
        else
        {
            source = otherId;
            target = incidentId;
        }
        final ObjectNode from = incidents.get(source);
        if (null == from)
        {
            return;
        }
        final ArrayNode moving = array(from, "calls");
        while (!moving.isEmpty())
        {
            final int before = moving.size();
            assignCall(moving.get(0).asLong(), target, timestampNs);
            if (moving.size() == before)
            {
                // never loop on a list assignCall did not shrink
                moving.remove(0);
            }
        }
        touch(from);
    }

    private void onUnitRecommended(final long timestampNs)
    {
        final UnitRecommendedDecoder d = unitRecommended.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        if (incidentId <= 0 || unitId <= 0)
        {
            return;
        }
        final short rank = d.rank();
        final long reassign = d.reassignFromIncidentId();
        final ObjectNode entry = JSON.objectNode();
        entry.put("unitId", unitId);
        entry.put("rank", rank);
        entry.put("etaS", uint32(d.etaS()));
        entry.put("distanceM", uint32(d.distanceM()));
        entry.put("reassignFromIncidentId", reassign > 0 ? reassign : 0);

        final ObjectNode incident = incident(incidentId, timestampNs);
        touch(incident);
        final ArrayNode recommendations = array(incident, "recommendations");
        if (1 == rank)
        {
            // a new round of recommendations starts with its best unit
            recommendations.removeAll();
        }
        removeByLong(recommendations, "unitId", unitId);
        int at = recommendations.size();
        while (at > 0 && recommendations.get(at - 1).path("rank").asInt() > rank)
        {
            at--;
        }
        recommendations.insert(at, entry);
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
    }

    private void onDispatchOrder(final long timestampNs)
    {
        final DispatchOrderDecoder d = dispatchOrder.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        if (incidentId <= 0 || unitId <= 0)
        {
            return;
        }
        final ObjectNode incident = incident(incidentId, timestampNs);
        touch(incident);
        addUnit(incident, unitId);
        removeByLong(array(incident, "recommendations"), "unitId", unitId);
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
        final ObjectNode unit = unit(unitId);
        unit.put("incidentId", incidentId);
        touch(unit);
    }

    private void onCommandRejected(final long timestampNs)
    {
        final CommandRejectedDecoder d = commandRejected.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final String type = name(Names.COMMAND_TYPE, d.commandTypeRaw());
        final String reason = name(Names.REJECT_REASON, d.reasonRaw());
        final long incidentId = Math.max(0, d.incidentId());
        final long unitId = Math.max(0, d.unitId());
        final int operatorId = Math.max(0, d.operatorId());
        final StringBuilder text = new StringBuilder(96).append(type).append(" rejected: ").append(reason);
        final int mark = text.length();
        if (incidentId > 0)
        {
            text.append(", incident ").append(incidentId);
        }
        if (unitId > 0)
        {
            text.append(", unit ").append(unitId).append(callSign(unitId));
        }
        if (operatorId > 0)
        {
            text.append(", operator ").append(operatorId);
        }
        if (text.length() > mark)
        {
            text.replace(mark, mark + 2, " (").append(')');
        }
        notice(timestampNs, "warning", "rejected", text.toString(), incidentId, unitId, -1, operatorId);
    }

    // ------------------------------------------------------------------ units

    private void onUnitStatusChanged(final long timestampNs)
    {
        final UnitStatusChangedDecoder d = unitStatusChanged.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final short to = d.toRaw();
        final long incidentId = Math.max(0, d.incidentId());
        final long atNs = d.atNs();
        final ObjectNode unit = unit(unitId);
        final String status = name(Names.UNIT_STATUS, to);
        final boolean moving = UnitStatusCode.DISPATCHED.value() == to || UnitStatusCode.EN_ROUTE.value() == to;
        if (!status.equals(unit.path("status").asText()))
        {
            unit.put("status", status);
            unit.put("statusSinceMs", ms(atNs, timestampNs));
            // overdue is raised once per status: a new status has not been overdue yet
            unit.putNull("overdue");
            if (!moving)
            {
                array(unit, "route").removeAll();
                unit.put("etaS", 0);
            }
            if (UnitStatusCode.AVAILABLE.value() == to || UnitStatusCode.OUT_OF_SERVICE.value() == to)
            {
                unit.put("hospitalId", 0);
            }
        }
        unit.put("incidentId", incidentId);
        touch(unit);
        if (incidentId > 0)
        {
            final ObjectNode incident = incident(incidentId, timestampNs);
            addUnit(incident, unitId);
        }
        if (!moving)
        {
            // the center's planner ends the wave of a unit that stopped needing it (CenterStateMachine: onUnitStopped)
            removeWave(unitId);
        }
    }

    private void onRouteAssigned()
    {
        final RouteAssignedDecoder d = routeAssigned.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        final long incidentId = Math.max(0, d.incidentId());
        final long etaS = uint32(d.etaS());
        if (unitId <= 0 || !view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final RouteAssignedDecoder.RouteDecoder route = d.route();
        if (!view.groupFits(d.limit(), route.count(), route.actingBlockLength(), RouteAssignedDecoder.RouteDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode edges = JSON.arrayNode(route.count());
        while (route.hasNext())
        {
            edges.add(route.next().edgeIndex());
        }
        final ObjectNode unit = unit(unitId);
        unit.set("route", edges);
        unit.put("etaS", etaS);
        unit.put("incidentId", incidentId);
        touch(unit);
    }

    private void onEtaUpdated()
    {
        final EtaUpdatedDecoder d = etaUpdated.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final ObjectNode unit = units.get(d.unitId());
        if (null != unit)
        {
            unit.put("etaS", uint32(d.etaS()));
            touch(unit);
        }
    }

    private void onStatusOverdue(final long timestampNs)
    {
        final StatusOverdueDecoder d = statusOverdue.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final String status = name(Names.UNIT_STATUS, d.statusRaw());
        final long overdueS = uint32(d.overdueS());
        final ObjectNode unit = unit(unitId);
        final ObjectNode overdue = JSON.objectNode();
        overdue.put("status", status);
        overdue.put("overdueS", overdueS);
        overdue.put("atMs", timestampNs / 1_000_000L);
        unit.set("overdue", overdue);
        touch(unit);
        final String text = "unit " + unitId + callSign(unitId) + " overdue: " + status + " " + overdueS + " s beyond its limit";
        notice(timestampNs, "warning", "overdue", text, unit.path("incidentId").asLong(), unitId, -1, 0);
    }

    private void onHospitalAssigned(final long timestampNs)
    {
        final HospitalAssignedDecoder d = hospitalAssigned.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final long hospitalId = Math.max(0, d.hospitalId());
        final long etaS = uint32(d.etaS());
        final boolean none = HospitalChoice.NONE_WITH_CAPACITY.value() == d.choiceRaw() || 0 == hospitalId;
        final ObjectNode unit = unit(unitId);
        unit.put("hospitalId", none ? 0 : hospitalId);
        unit.put("etaS", none ? 0 : etaS);
        touch(unit);
        final String text = none ?
            "no hospital with capacity for unit " + unitId + callSign(unitId) :
            "unit " + unitId + callSign(unitId) + " to hospital " + hospitalId + ", ETA " + etaS + " s";
        notice(timestampNs, none ? "warning" : "info", "hospital", text, incidentId, unitId, -1, 0);
    }

    private void onMoveUp(final long timestampNs)
    {
        final MoveUpProposedDecoder d = moveUp.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final String agency = name(Names.AGENCY, d.agencyRaw());
        final int latMicros = d.point().latMicros();
        final int lonMicros = d.point().lonMicros();
        final long unitId = Math.max(0, d.unitId());
        final long etaS = uint32(d.etaS());
        final long targetS = uint32(d.targetS());
        final StringBuilder text = new StringBuilder(128)
            .append("coverage: no ").append(agency).append(" unit within ").append(targetS).append(" s of ");
        if (usable(latMicros, lonMicros))
        {
            text.append(latMicros / 1e6).append(", ").append(lonMicros / 1e6);
        }
        else
        {
            text.append("a coverage point");
        }
        if (unitId > 0)
        {
            text.append("; move up unit ").append(unitId).append(callSign(unitId)).append(", ").append(etaS).append(" s away");
        }
        else
        {
            text.append("; no available unit");
        }
        notice(timestampNs, "info", "move-up", text.toString(), 0, unitId, -1, 0);
    }

    // ------------------------------------------------------------------ calls

    private void onCallUpdated(final long sequence, final long timestampNs)
    {
        final CallUpdatedDecoder d = callUpdated.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long callId = d.callId();
        if (callId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final short quality = d.locationQualityRaw();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final int fixCount = d.fixCount();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final long atMs = ms(d.atNs(), timestampNs);

        final ObjectNode call = call(callId, timestampNs);
        final int previousFixCount = call.path("fixCount").asInt();
        final boolean located = quality == LocationQuality.USABLE.value() && usable(latMicros, lonMicros);
        call.put("agency", name(Names.AGENCY, d.agencyRaw()));
        call.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        call.put("locationProblem", name(Names.LOCATION_PROBLEM, d.locationProblemRaw()));
        call.put("shape", shape);
        call.put("fixSource", source);
        position(call, latMicros, lonMicros, located);
        call.put("uncertaintyM", located ? uncertaintyM : 0);
        call.put("fixCount", fixCount);
        call.put("confirmed", 1 == d.confirmed());
        call.put("nuisance", 1 == d.nuisance());
        call.put("recentCallsFromCaller", d.recentCallsFromCaller());
        call.put("ended", 1 == d.ended());
        call.put("atMs", atMs);

        final boolean newFix = fixCount > previousFixCount;
        if (sequence == pendingFixSequence && null != pendingFix && newFix)
        {
            appendFix(call, pendingFix);
            identity(call, pendingImsi, pendingImei);
            pendingFix = null;
            pendingFixSequence = -1;
        }
        if (sequence == commandSequence && callId == commandCallId)
        {
            if (CommandType.CONFIRM_LOCATION.value() == commandType && newFix && located)
            {
                // a confirmed location is the one the call shows from now on
                appendFix(call, fix(atMs, quality, latMicros, lonMicros, uncertaintyM, source, shape));
            }
            if (CommandType.CONFIRM_LOCATION.value() == commandType || CommandType.ACCEPT_FIX.value() == commandType)
            {
                call.putNull("betterFix");
            }
        }
        if (incidentId > 0)
        {
            assignCall(callId, incidentId, timestampNs);
        }
    }

    private void onBetterFix(final long timestampNs)
    {
        final BetterFixAvailableDecoder d = betterFix.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long callId = d.callId();
        if (callId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final int fixNumber = d.fixNumber();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final long confirmedM = uint32(d.confirmedUncertaintyM());
        final ObjectNode offer = JSON.objectNode();
        offer.put("fixNumber", fixNumber);
        offer.put("source", source);
        position(offer, latMicros, lonMicros, usable(latMicros, lonMicros));
        offer.put("uncertaintyM", uncertaintyM);
        offer.put("confirmedUncertaintyM", confirmedM);
        final ObjectNode call = call(callId, timestampNs);
        call.set("betterFix", offer);
        touch(call);
        final String text = "call " + callId + ": fix " + fixNumber + " (" + source + ") ±" + uncertaintyM +
            " m is better than the confirmed location ±" + confirmedM + " m";
        notice(timestampNs, "info", "better-fix", text, incidentId, 0, -1, 0);
    }

    // ------------------------------------------------------------------ green waves

    private void onWavePlanned(final long timestampNs)
    {
        final GreenWavePlannedDecoder d = wavePlanned.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        final long incidentId = Math.max(0, d.incidentId());
        if (unitId <= 0 || !view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final GreenWavePlannedDecoder.IntersectionsDecoder group = d.intersections();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(),
            GreenWavePlannedDecoder.IntersectionsDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode planned = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            group.next();
            final ObjectNode entry = planned.addObject();
            entry.put("index", group.intersectionIndex());
            entry.put("etaMs", ms(group.etaAtNs(), timestampNs));
            entry.put("state", PLANNED);
            entry.putNull("endReason");
        }
        if (planned.isEmpty())
        {
            // no signalized intersection ahead: the planner keeps no wave for the unit
            removeWave(unitId);
            return;
        }
        final ObjectNode wave = wave(unitId);
        wave.put("incidentId", incidentId);
        wave.set("intersections", planned);
        wave.put("atMs", timestampNs / 1_000_000L);
        touch(wave);
    }

    private void onPreemptRequested(final long timestampNs)
    {
        final PreemptRequestedDecoder d = preemptRequested.wrap(view.buffer, BODY, view.blockLength(), view.version());
        preempt(d.unitId(), d.intersectionIndex(), Math.max(0, d.incidentId()), d.etaAtNs(), REQUESTED, timestampNs);
    }

    private void onPreemptQueued(final long timestampNs)
    {
        final PreemptQueuedDecoder d = preemptQueued.wrap(view.buffer, BODY, view.blockLength(), view.version());
        preempt(d.unitId(), d.intersectionIndex(), 0, d.etaAtNs(), QUEUED, timestampNs);
    }

    private void preempt(
        final long unitId,
        final int index,
        final long incidentId,
        final long etaAtNs,
        final String state,
        final long timestampNs)
    {
        if (unitId <= 0 || index < 0)
        {
            return;
        }
        final ObjectNode wave = wave(unitId);
        if (incidentId > 0)
        {
            wave.put("incidentId", incidentId);
        }
        final ArrayNode list = array(wave, "intersections");
        ObjectNode entry = waveEntry(list, index, false);
        if (null == entry)
        {
            entry = waveEntry(list, index, true);
        }
        if (null == entry)
        {
            // a preemption outside any plan (an operator's): the wave is what is asked
            entry = list.addObject();
            entry.put("index", index);
            entry.put("etaMs", ms(etaAtNs, timestampNs));
        }
        if (etaAtNs > 0)
        {
            entry.put("etaMs", etaAtNs / 1_000_000L);
        }
        entry.put("state", state);
        entry.putNull("endReason");
        wave.put("atMs", timestampNs / 1_000_000L);
        touch(wave);
    }

    private void onPreemptReleased(final long timestampNs)
    {
        final PreemptReleasedDecoder d = preemptReleased.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long unitId = d.unitId();
        final int index = d.intersectionIndex();
        final short reason = d.reasonRaw();
        final ObjectNode wave = waves.get(unitId);
        if (null == wave)
        {
            return;
        }
        final ArrayNode list = array(wave, "intersections");
        ObjectNode entry = null;
        for (int i = 0; i < list.size() && null == entry; i++)
        {
            final JsonNode candidate = list.get(i);
            final String state = candidate.path("state").asText();
            if (candidate.path("index").asInt() == index && (REQUESTED.equals(state) || QUEUED.equals(state)))
            {
                entry = (ObjectNode)candidate;
            }
        }
        if (null == entry)
        {
            return;
        }
        final String endReason = name(Names.PREEMPT_END, reason);
        entry.put("state", RELEASED);
        entry.put("endReason", endReason);
        wave.put("atMs", timestampNs / 1_000_000L);
        touch(wave);
        if (PreemptEnd.STALE_POSITION.value() == reason || PreemptEnd.UNIT_STOPPED.value() == reason)
        {
            // the planner ends the whole wave for these
            removeWave(unitId);
            return;
        }
        for (int i = 0; i < list.size(); i++)
        {
            if (!RELEASED.equals(list.get(i).path("state").asText()))
            {
                return;
            }
        }
        removeWave(unitId);
    }

    private static ObjectNode waveEntry(final ArrayNode list, final int index, final boolean includeReleased)
    {
        for (int i = 0; i < list.size(); i++)
        {
            final JsonNode entry = list.get(i);
            if (entry.path("index").asInt() == index && (includeReleased || !RELEASED.equals(entry.path("state").asText())))
            {
                return (ObjectNode)entry;
            }
        }
        return null;
    }

    private void removeWave(final long unitId)
    {
        final ObjectNode wave = waves.remove(unitId);
        if (null != wave)
        {
            final String key = wave.get("k").textValue();
            entities.remove(key);
            dirty.add(key);
        }
    }

    // ------------------------------------------------------------------ intersections

    private void onSignalIssued(final long timestampNs)
    {
        final SignalCommandIssuedDecoder d = signalIssued.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final ObjectNode intersection = intersections.get(d.intersectionIndex());
        if (null == intersection)
        {
            return;
        }
        final String type = name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw());
        final ObjectNode command = lastCommand(intersection, type, d.operatorId(), timestampNs);
        command.put("accepted", true);
        command.putNull("reason");
        touch(intersection);
    }

    private void onSignalRejected(final long timestampNs)
    {
        final SignalCommandRejectedDecoder d = signalRejected.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final int index = d.intersectionIndex();
        final String type = name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw());
        final String reason = name(Names.SIGNAL_REJECT_REASON, d.reasonRaw());
        final int operatorId = Math.max(0, d.operatorId());
        final ObjectNode intersection = intersections.get(index);
        if (null != intersection)
        {
            final ObjectNode command = lastCommand(intersection, type, operatorId, timestampNs);
            command.put("accepted", false);
            command.put("reason", reason);
            touch(intersection);
        }
        final String text = intersectionName(index) + ": " + type + " rejected: " + reason +
            (operatorId > 0 ? " (operator " + operatorId + ")" : "");
        notice(timestampNs, "warning", "signal-rejected", text, 0, 0, index, operatorId);
    }

    // ------------------------------------------------------------------ cameras

    private void onCameraRegistered(final long timestampNs)
    {
        final CameraRegisteredDecoder d = cameraRegistered.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final int id = d.cameraId();
        final String key = "camera:" + id;
        ObjectNode camera = entities.get(key);
        if (null == camera)
        {
            camera = add(key, "camera");
        }
        camera.put("id", id);
        position(camera, d.position().latMicros(), d.position().lonMicros(), true);
        camera.put("headingDeg", d.headingDeciDeg() / 10.0);
        final ArrayNode zones = camera.putArray("zones");
        for (final CameraRegisteredDecoder.ZonesDecoder z : d.zones())
        {
            final ObjectNode zone = zones.addObject();
            zone.put("id", z.zoneId());
            position(zone, z.place().latMicros(), z.place().lonMicros(), true);
            zone.put("radiusM", z.radiusM());
        }
        camera.put("name", d.name());
        camera.put("atMs", timestampNs / 1_000_000L);
        touch(camera);
    }

    private void onWatchlistHit(final long sequence, final long timestampNs)
    {
        final WatchlistHitDecoder d = watchlistHit.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long n = ++hitNumber;
        final String key = "hit:" + n;
        final ObjectNode hit = add(key, "hit");
        hit.put("n", n);
        hit.put("cameraId", d.cameraId());
        position(hit, d.position().latMicros(), d.position().lonMicros(), true);
        hit.put("headingDeg", d.headingDeciDeg() / 10.0);
        hit.put("reason", name(Names.WATCHLIST_REASON, d.reasonRaw()));
        hit.put("incidentId", d.incidentId());
        hit.put("confidence", d.confidencePermille() / 1000.0);
        hit.put("exact", 1 == d.exact());
        hit.put("atMs", timestampNs / 1_000_000L);
        final String plate = d.plate();
        final String listed = d.listedPlate();
        hit.put("plate", plate);
        hit.put("listedPlate", listed);
        hit.put("cropRef", d.cropRef());
        hitKeys.addLast(key);
        while (hitKeys.size() > MAX_HITS)
        {
            final String oldest = hitKeys.pollFirst();
            entities.remove(oldest);
            dirty.add(oldest);
        }
        final ObjectNode camera = entities.get("camera:" + d.cameraId());
        notice(timestampNs, "alarm", "watchlist-hit", "watchlist: " + plate + (plate.equals(listed) ? "" : " (listed " + listed + ")") +
            " seen by " + (null != camera && camera.hasNonNull("name") ? camera.get("name").asText() : "camera " + d.cameraId()) +
            " (" + hit.get("reason").asText() + ")", d.incidentId(), 0, -1, 0);
    }

    private void onIncidentCandidate(final long timestampNs)
    {
        final IncidentCandidateDecoder d = incidentCandidate.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final String key = "candidate:" + d.candidateId();
        final ObjectNode candidate = add(key, "candidate");
        candidate.put("id", d.candidateId());
        candidate.put("cameraId", d.cameraId());
        candidate.put("zoneId", d.zoneId());
        position(candidate, d.place().latMicros(), d.place().lonMicros(), true);
        candidate.put("radiusM", d.radiusM());
        candidate.put("rule", name(Names.CROWD_RULE, d.ruleRaw()));
        candidate.put("count", d.count());
        candidate.put("occupancy", d.occupancyPermille() / 1000.0);
        candidate.put("atMs", d.atNs() / 1_000_000L);
        candidate.put("cropRef", d.cropRef());
        candidateKeys.addLast(key);
        while (candidateKeys.size() > MAX_HITS)
        {
            final String oldest = candidateKeys.pollFirst();
            entities.remove(oldest);
            dirty.add(oldest);
        }
        notice(timestampNs, "alarm", "crowd", "crowd: " + candidate.get("rule").asText() + ", " + d.count() + " people in zone " +
            d.zoneId() + " of camera " + d.cameraId(), 0, 0, -1, 0);
    }

    private void onWatchlistUpdated(final long timestampNs)
    {
        final WatchlistUpdatedDecoder d = watchlistUpdated.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final boolean add = d.actionRaw() == org.beacon.codecs.WatchlistAction.ADD.value();
        final boolean accepted = 1 == d.accepted();
        final String reason = name(Names.WATCHLIST_REASON, d.reasonRaw());
        final long incidentId = d.incidentId();
        final int operatorId = d.operatorId();
        final String plate = d.plate();
        final String key = "watch:" + plate;
        if (accepted && add)
        {
            ObjectNode entry = entities.get(key);
            if (null == entry)
            {
                entry = add(key, "watch");
            }
            entry.put("plate", plate);
            entry.put("reason", reason);
            entry.put("incidentId", incidentId);
            entry.put("operatorId", operatorId);
            entry.put("atMs", timestampNs / 1_000_000L);
            touch(entry);
        }
        else if (accepted)
        {
            if (null != entities.remove(key))
            {
                dirty.add(key);
            }
        }
        else
        {
            notice(timestampNs, "warning", "rejected", "watchlist " + (add ? "add" : "remove") + " refused: " + plate +
                (add ? " is not a plate" : " is not listed"), incidentId, 0, -1, operatorId);
        }
    }

    private void onSignalAlarm(final long timestampNs)
    {
        final SignalAlarmDecoder d = signalAlarm.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final int index = d.intersectionIndex();
        final int faults = d.faults().getRaw();
        final String mode = name(Names.CONTROLLER_MODE, d.modeRaw());
        final boolean raised = 1 == d.raised();
        final ObjectNode intersection = intersection(index);
        if (null == intersection)
        {
            return;
        }
        intersection.put("alarm", raised);
        Names.setNames(array(intersection, "faults"), faults, Names.FAULTS);
        touch(intersection);
        final StringBuilder text = new StringBuilder(96).append(intersectionName(index))
            .append(raised ? ": alarm raised: " : ": alarm cleared");
        if (raised)
        {
            final int mark = text.length();
            for (int bit = 0; bit < Names.FAULTS.length; bit++)
            {
                if (0 != (faults & (1 << bit)))
                {
                    text.append(text.length() > mark ? ", " : "").append(Names.FAULTS[bit]);
                }
            }
        }
        text.append(" (").append(mode).append(')');
        notice(timestampNs, raised ? "alarm" : "info", "signal-alarm", text.toString(), 0, 0, index, 0);
    }

    private void onIntersectionState(final long timestampNs)
    {
        final IntersectionStateDecoder d = intersectionState.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final int index = d.intersectionIndex();
        final String mode = name(Names.CONTROLLER_MODE, d.modeRaw());
        final int faults = d.faults().getRaw();
        final long preemptUnitId = Math.max(0, d.preemptUnitId());
        final long atMs = ms(d.atNs(), timestampNs);
        if (!view.groupHeaderFits(d.limit()))
        {
            malformed++;
            return;
        }
        final IntersectionStateDecoder.PhasesDecoder group = d.phases();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), IntersectionStateDecoder.PhasesDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode phases = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            group.next();
            final ObjectNode phase = phases.addObject();
            phase.put("phase", group.phase());
            phase.put("vehicle", name(Names.SIGNAL_INDICATION, group.vehicleRaw()));
            phase.put("ped", name(Names.PED_SIGNAL, group.pedRaw()));
            deciseconds(phase, "minEndDs", group.minEndDs());
            deciseconds(phase, "maxEndDs", group.maxEndDs());
        }
        final ObjectNode intersection = intersection(index);
        if (null == intersection)
        {
            return;
        }
        intersection.put("mode", mode);
        Names.setNames(array(intersection, "faults"), faults, Names.FAULTS);
        intersection.put("preemptUnitId", preemptUnitId);
        intersection.set("phases", phases);
        intersection.put("atMs", atMs);
        touch(intersection);
    }

    private static void deciseconds(final ObjectNode node, final String field, final int value)
    {
        if (Names.UNKNOWN_DS == value)
        {
            node.putNull(field);
        }
        else
        {
            node.put(field, value);
        }
    }

    private ObjectNode lastCommand(final ObjectNode intersection, final String type, final int operatorId, final long timestampNs)
    {
        final ObjectNode command = JSON.objectNode();
        command.put("type", type);
        command.put("operatorId", Math.max(0, operatorId));
        command.put("atMs", timestampNs / 1_000_000L);
        command.putNull("accepted");
        command.putNull("reason");
        intersection.set("lastCommand", command);
        return command;
    }

    private String intersectionName(final int index)
    {
        final IntersectionInfo info = infos.get(index);
        return null != info && null != info.id() ? info.id() : "intersection " + index;
    }

    // ------------------------------------------------------------------ area alerts

    private void onAlertCommand(final long sequence)
    {
        final AlertCommandDecoder d = alertCommand.wrap(view.buffer, BODY, view.blockLength(), view.version());
        if (AlertAction.CLASSIFY.value() != d.actionRaw())
        {
            // the other actions show through the state machine's answers
            return;
        }
        final ObjectNode incident = incidents.get(d.incidentId());
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        if (null == incident || UNKNOWN.equals(hazard))
        {
            return;
        }
        classifySequence = sequence;
        classifyIncidentId = d.incidentId();
        classifyPreviousHazard = incident.path("hazard").asText("NONE");
        incident.put("hazard", hazard);
        touch(incident);
    }

    private void onBroadcastReport(final long timestampNs)
    {
        final BroadcastReportDecoder d = broadcastReport.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final ObjectNode alert = alerts.get(d.alertId());
        if (null == alert)
        {
            // a report for an alert never issued: the state machine ignores it too
            return;
        }
        final ObjectNode report = JSON.objectNode();
        report.put("revision", d.revision());
        report.put("msgType", name(Names.ALERT_MSG_TYPE, d.msgTypeRaw()));
        report.put("outcome", name(Names.BROADCAST_OUTCOME, d.outcomeRaw()));
        report.put("messageIdInner", d.messageIdInner());
        report.put("messageIdOuter", d.messageIdOuter());
        report.put("serialNumber", d.serialNumber());
        final long issuedAtNs = d.issuedAtNs();
        final long broadcastAtNs = d.broadcastAtNs();
        report.put("issuedAtMs", issuedAtNs > 0 ? issuedAtNs / 1_000_000L : 0);
        report.put("broadcastAtMs", broadcastAtNs > 0 ? broadcastAtNs / 1_000_000L : 0);
        if (issuedAtNs > 0 && broadcastAtNs > 0 && broadcastAtNs >= issuedAtNs)
        {
            report.put("latencyMs", (broadcastAtNs - issuedAtNs) / 1_000_000L);
        }
        else
        {
            report.putNull("latencyMs");
        }
        if (!view.groupHeaderFits(d.limit()))
        {
            malformed++;
            return;
        }
        final BroadcastReportDecoder.CellsDecoder cells = d.cells();
        if (!view.groupFits(d.limit(), cells.count(), cells.actingBlockLength(), BroadcastReportDecoder.CellsDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode inner = JSON.arrayNode();
        final ArrayNode outer = JSON.arrayNode();
        int innerCount = 0;
        int outerCount = 0;
        while (cells.hasNext())
        {
            cells.next();
            final boolean isInner = AlertZone.INNER.value() == cells.zoneRaw();
            if (isInner)
            {
                innerCount++;
            }
            else
            {
                outerCount++;
            }
            final ArrayNode list = isInner ? inner : outer;
            if (list.size() < MAX_CELLS_LISTED)
            {
                list.add(cells.cellId());
            }
        }
        final String identifier = view.varDataFits(d.limit(), d.identifierLength()) ? d.identifier() : "";
        final String detail = view.varDataFits(d.limit(), d.detailLength()) ? d.detail() : "";
        report.put("identifier", identifier);
        report.put("innerCells", innerCount);
        report.put("outerCells", outerCount);
        report.set("inner", inner);
        report.set("outer", outer);
        report.put("detail", detail);
        report.put("atMs", timestampNs / 1_000_000L);
        alert.set("broadcast", report);
        final ArrayNode issued = array(alert, "issued");
        for (int i = issued.size() - 1; i >= 0; i--)
        {
            final ObjectNode message = (ObjectNode)issued.get(i);
            if (identifier.equals(message.path("identifier").asText()) &&
                report.get("msgType").asText().equals(message.path("msgType").asText()))
            {
                message.put("outcome", report.get("outcome").asText());
                message.put("innerCells", innerCount);
                message.put("outerCells", outerCount);
                message.set("latencyMs", report.get("latencyMs"));
                break;
            }
        }
        touch(alert);
    }

    private void onAlertProposed(final long timestampNs)
    {
        final AlertProposedDecoder d = alertProposed.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long alertId = d.alertId();
        if (alertId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final long candidateId = Math.max(0, d.candidateId());
        final int revision = d.revision();
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        final String reason = name(Names.PROPOSAL_REASON, d.reasonRaw());
        final int latMicros = d.center().latMicros();
        final int lonMicros = d.center().lonMicros();
        final long innerRadiusM = uint32(d.innerRadiusM());
        final long ringM = uint32(d.ringM());
        final boolean autoIssue = 1 == d.autoIssue();
        final boolean active = 1 == d.active();
        final int operatorId = Math.max(0, d.operatorId());
        final long atMs = ms(d.atNs(), timestampNs);
        if (!view.groupHeaderFits(d.limit()))
        {
            malformed++;
            return;
        }
        final AlertProposedDecoder.PolygonDecoder group = d.polygon();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), AlertProposedDecoder.PolygonDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode polygon = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            corner(polygon, group.next().point());
        }

        final ObjectNode alert = alert(alertId, timestampNs);
        final ObjectNode pending = area(revision, latMicros, lonMicros, innerRadiusM, ringM, polygon);
        pending.put("reason", reason);
        pending.put("operatorId", operatorId);
        pending.put("autoIssue", autoIssue);
        pending.put("atMs", atMs);
        alert.set("pending", pending);
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        if (candidateId > 0)
        {
            alert.put("candidateId", candidateId);
        }
        alert.put("hazard", hazard);
        alert.put("autoIssue", autoIssue);
        alert.put("revision", Math.max(revision, alert.path("revision").asInt()));
        if (0 == alert.path("proposedAtMs").asLong())
        {
            alert.put("proposedBy", operatorId);
            alert.put("proposedAtMs", atMs);
        }
        else
        {
            alert.put("editedBy", operatorId);
        }
        if (!active)
        {
            setAlertState(alert, AlertState.PROPOSED.name());
        }
        alert.put("atMs", atMs);
        touch(alert);
        linkIncident(alert, incidentId, hazard);
    }

    private void onAlertIssued(final long timestampNs)
    {
        final AlertIssuedDecoder d = alertIssued.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long alertId = d.alertId();
        if (alertId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final int revision = d.revision();
        final short msgType = d.msgTypeRaw();
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        final int operatorId = Math.max(0, d.operatorId());
        final long sentAtMs = ms(d.issuedAtNs(), timestampNs);
        final long expiresAtNs = d.expiresAtNs();
        final long expiresAtMs = expiresAtNs > 0 ? expiresAtNs / 1_000_000L : 0;
        final int latMicros = d.center().latMicros();
        final int lonMicros = d.center().lonMicros();
        final long innerRadiusM = uint32(d.innerRadiusM());
        final long ringM = uint32(d.ringM());
        if (!view.groupHeaderFits(d.limit()))
        {
            malformed++;
            return;
        }
        final AlertIssuedDecoder.PolygonDecoder group = d.polygon();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), AlertIssuedDecoder.PolygonDecoder.sbeBlockLength()))
        {
            malformed++;
            return;
        }
        final ArrayNode polygon = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            corner(polygon, group.next().point());
        }
        if (!view.varDataFits(d.limit(), d.identifierLength()))
        {
            malformed++;
            return;
        }
        final String identifier = d.identifier();
        final String xml = view.varDataFits(d.limit(), d.capXmlLength(), MAX_CAP_XML) ? d.capXml() : null;

        final ObjectNode alert = alert(alertId, timestampNs);
        final String type = name(Names.ALERT_MSG_TYPE, msgType);
        final ObjectNode message = JSON.objectNode();
        message.put("identifier", identifier);
        message.put("msgType", type);
        message.put("revision", revision);
        message.put("operatorId", operatorId);
        message.put("sentAtMs", sentAtMs);
        message.put("expiresAtMs", expiresAtMs);
        message.putNull("outcome");
        final ArrayNode issued = array(alert, "issued");
        issued.add(message);
        while (issued.size() > MAX_ISSUED)
        {
            issued.remove(0);
        }
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        if (!UNKNOWN.equals(hazard) || !alert.hasNonNull("hazard"))
        {
            alert.put("hazard", hazard);
        }
        alert.put("identifier", identifier);
        alert.put("msgType", type);
        alert.put("expiresAtMs", expiresAtMs);
        alert.put("revision", Math.max(revision, alert.path("revision").asInt()));
        if (AlertMsgType.CANCEL.value() != msgType)
        {
            alert.set("current", area(revision, latMicros, lonMicros, innerRadiusM, ringM, polygon));
            alert.put("approvedBy", operatorId);
            alert.put("approvedAtMs", sentAtMs);
            final JsonNode pending = alert.get("pending");
            if (null != pending && pending.isObject() && pending.path("revision").asInt() <= revision)
            {
                alert.putNull("pending");
            }
            final String state = alert.path("state").asText();
            if (AlertState.PROPOSED.name().equals(state))
            {
                setAlertState(alert, AlertState.ACTIVE.name());
            }
        }
        alert.put("atMs", sentAtMs);
        if (null != xml)
        {
            capXml.put(alertId, xml);
        }
        touch(alert);
        linkIncident(alert, incidentId, null);
    }

    private void onAlertStateChanged(final long timestampNs)
    {
        final AlertStateChangedDecoder d = alertStateChanged.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final long alertId = d.alertId();
        final String state = name(Names.ALERT_STATE, d.stateRaw());
        if (alertId <= 0 || UNKNOWN.equals(state))
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final ObjectNode alert = alert(alertId, timestampNs);
        final long atMs = ms(d.atNs(), timestampNs);
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        // every decision about an alert settles the revision that was waiting for one
        alert.putNull("pending");
        alert.put("revision", Math.max(d.revision(), alert.path("revision").asInt()));
        alert.put("stateBy", Math.max(0, d.operatorId()));
        alert.put("stateAtMs", atMs);
        alert.put("atMs", atMs);
        setAlertState(alert, state);
        touch(alert);
        linkIncident(alert, incidentId, null);
    }

    private void onAlertCommandRejected(final long sequence, final long timestampNs)
    {
        final AlertCommandRejectedDecoder d = alertRejected.wrap(view.buffer, BODY, view.blockLength(), view.version());
        final short action = d.actionRaw();
        final long alertId = Math.max(0, d.alertId());
        final long incidentId = Math.max(0, d.incidentId());
        final int operatorId = Math.max(0, d.operatorId());
        final String reason = name(Names.ALERT_REJECT_REASON, d.reasonRaw());
        if (AlertAction.CLASSIFY.value() == action && sequence == classifySequence && incidentId == classifyIncidentId)
        {
            final ObjectNode incident = incidents.get(incidentId);
            if (null != incident)
            {
                incident.put("hazard", classifyPreviousHazard);
                touch(incident);
            }
            classifySequence = -1;
        }
        final StringBuilder text = new StringBuilder(96).append("ALERT_").append(name(Names.ALERT_ACTION, action))
            .append(" rejected: ").append(reason);
        final int mark = text.length();
        if (alertId > 0)
        {
            text.append(", alert ").append(alertId);
        }
        if (incidentId > 0)
        {
            text.append(", incident ").append(incidentId);
        }
        if (operatorId > 0)
        {
            text.append(", operator ").append(operatorId);
        }
        if (text.length() > mark)
        {
            text.replace(mark, mark + 2, " (").append(')');
        }
        notice(timestampNs, "warning", "rejected", text.toString(), incidentId, 0, -1, operatorId);
    }

    private void setAlertState(final ObjectNode alert, final String state)
    {
        final boolean wasClosed = closed(alert.path("state").asText());
        alert.put("state", state);
        if (!wasClosed && closed(state))
        {
            closedAlerts.addLast(alert.get("id").asLong());
            while (closedAlerts.size() > MAX_CLOSED_ALERTS)
            {
                final long oldest = closedAlerts.pollFirst();
                final ObjectNode old = alerts.get(oldest);
                if (null != old && closed(old.path("state").asText()))
                {
                    alerts.remove(oldest);
                    capXml.remove(oldest);
                    final String key = old.get("k").textValue();
                    entities.remove(key);
                    dirty.add(key);
                }
            }
        }
    }

    private static boolean closed(final String state)
    {
        return AlertState.REJECTED.name().equals(state) || AlertState.CANCELLED.name().equals(state) ||
            AlertState.EXPIRED.name().equals(state);
    }

    /** Lists the alert on its incident and, when given, sets the incident's hazard. */
    private void linkIncident(final ObjectNode alert, final long incidentId, final String hazard)
    {
        final ObjectNode incident = incidentId > 0 ? incidents.get(incidentId) : null;
        if (null == incident)
        {
            return;
        }
        boolean changed = insertSorted(array(incident, "alerts"), alert.get("id").asLong());
        if (null != hazard && !UNKNOWN.equals(hazard) && !hazard.equals(incident.path("hazard").asText()))
        {
            incident.put("hazard", hazard);
            changed = true;
        }
        if (changed)
        {
            touch(incident);
        }
    }

    private ObjectNode alert(final long alertId, final long timestampNs)
    {
        ObjectNode node = alerts.get(alertId);
        if (null == node)
        {
            node = add("alert:" + alertId, "alert");
            node.put("id", alertId);
            node.put("incidentId", 0);
            node.put("candidateId", 0);
            node.put("hazard", "NONE");
            node.put("state", AlertState.PROPOSED.name());
            node.put("autoIssue", false);
            node.put("revision", 0);
            node.putNull("pending");
            node.putNull("current");
            node.put("proposedBy", 0);
            node.put("proposedAtMs", 0);
            node.put("editedBy", 0);
            node.put("approvedBy", 0);
            node.put("approvedAtMs", 0);
            node.put("stateBy", 0);
            node.put("stateAtMs", timestampNs / 1_000_000L);
            node.putNull("identifier");
            node.putNull("msgType");
            node.put("expiresAtMs", 0);
            node.putArray("issued");
            node.putNull("broadcast");
            node.put("atMs", timestampNs / 1_000_000L);
            alerts.put(alertId, node);
        }
        return node;
    }

    private static ObjectNode area(
        final int revision,
        final int latMicros,
        final int lonMicros,
        final long innerRadiusM,
        final long ringM,
        final ArrayNode polygon)
    {
        final ObjectNode area = JSON.objectNode();
        area.put("revision", revision);
        position(area, latMicros, lonMicros, true);
        area.put("innerRadiusM", innerRadiusM);
        area.put("ringM", ringM);
        area.set("polygon", polygon);
        return area;
    }

    private static void corner(final ArrayNode polygon, final GeoPointDecoder point)
    {
        final int latMicros = point.latMicros();
        final int lonMicros = point.lonMicros();
        if (usable(latMicros, lonMicros))
        {
            polygon.addArray().add(latMicros / 1e6).add(lonMicros / 1e6);
        }
    }

    // ------------------------------------------------------------------ entities

    private void touch(final ObjectNode node)
    {
        dirty.add(node.get("k").textValue());
    }

    private ObjectNode add(final String key, final String kind)
    {
        final ObjectNode node = JSON.objectNode();
        node.put("k", key);
        node.put("kind", kind);
        entities.put(key, node);
        dirty.add(key);
        return node;
    }

    private ObjectNode incident(final long incidentId, final long timestampNs)
    {
        ObjectNode node = incidents.get(incidentId);
        if (null == node)
        {
            node = add("incident:" + incidentId, "incident");
            node.put("id", incidentId);
            node.put("agency", UNKNOWN);
            node.putArray("agencies");
            node.put("priority", 0);
            node.put("status", IncidentStatus.OPEN.name());
            node.put("locationQuality", LocationQuality.MISSING.name());
            node.put("uncertaintyM", 0);
            node.put("openedAtMs", timestampNs / 1_000_000L);
            node.put("updatedAtMs", timestampNs / 1_000_000L);
            node.put("callCount", 0);
            node.putArray("calls");
            node.put("nuisance", false);
            node.putArray("units");
            node.putArray("recommendations");
            node.put("mergedInto", 0);
            node.putNull("lastReason");
            node.put("hazard", "NONE");
            node.putArray("alerts");
            incidents.put(incidentId, node);
        }
        return node;
    }

    private ObjectNode call(final long callId, final long timestampNs)
    {
        ObjectNode node = calls.get(callId);
        if (null == node)
        {
            node = add("call:" + callId, "call");
            node.put("id", callId);
            node.put("incidentId", callIncident.get(callId));
            node.put("agency", UNKNOWN);
            node.put("locationQuality", LocationQuality.MISSING.name());
            node.put("locationProblem", "NONE");
            node.put("shape", "NONE");
            node.put("fixSource", "NONE");
            node.put("uncertaintyM", 0);
            node.put("fixCount", 0);
            node.put("confirmed", false);
            node.put("nuisance", false);
            node.put("recentCallsFromCaller", 0);
            node.put("ended", false);
            node.put("receivedAtMs", timestampNs / 1_000_000L);
            node.put("atMs", timestampNs / 1_000_000L);
            node.put("caller", "");
            node.putArray("fixes");
            node.putNull("betterFix");
            calls.put(callId, node);
        }
        else
        {
            touch(node);
        }
        return node;
    }

    private ObjectNode unit(final long unitId)
    {
        ObjectNode node = units.get(unitId);
        if (null == node)
        {
            node = add("unit:" + unitId, "unit");
            node.put("id", unitId);
            node.put("callSign", "");
            node.put("agency", UNKNOWN);
            node.put("type", UNKNOWN);
            node.put("status", UNKNOWN);
            node.put("statusSinceMs", 0);
            node.putNull("speedKmh");
            node.putNull("headingDeg");
            node.put("incidentId", 0);
            node.put("etaS", 0);
            node.putArray("route");
            node.putNull("overdue");
            node.put("hospitalId", 0);
            units.put(unitId, node);
        }
        return node;
    }

    private ObjectNode wave(final long unitId)
    {
        ObjectNode node = waves.get(unitId);
        if (null == node)
        {
            node = add("wave:" + unitId, "wave");
            node.put("unitId", unitId);
            final ObjectNode unit = units.get(unitId);
            node.put("incidentId", null == unit ? 0 : unit.path("incidentId").asLong());
            node.putArray("intersections");
            node.put("atMs", 0);
            waves.put(unitId, node);
        }
        return node;
    }

    /** @return the intersection's entity, made on first use, or null for an index no network has. */
    private ObjectNode intersection(final int index)
    {
        if (index < 0 || index >= MAX_INTERSECTION_INDEX)
        {
            return null;
        }
        ObjectNode node = intersections.get(index);
        if (null == node)
        {
            final IntersectionInfo info = infos.get(index);
            node = add("intersection:" + index, "intersection");
            node.put("index", index);
            if (null == info || null == info.id())
            {
                node.putNull("id");
            }
            else
            {
                node.put("id", info.id());
            }
            if (null != info && Double.isFinite(info.lat()) && Double.isFinite(info.lon()) && (0 != info.lat() || 0 != info.lon()))
            {
                node.put("lat", info.lat());
                node.put("lon", info.lon());
            }
            node.put("mode", UNKNOWN);
            node.putArray("faults");
            node.put("alarm", false);
            node.put("preemptUnitId", 0);
            node.putArray("phases");
            node.putNull("atMs");
            node.putNull("lastCommand");
            intersections.put(index, node);
        }
        return node;
    }

    private void notice(
        final long timestampNs,
        final String level,
        final String noticeKind,
        final String text,
        final long incidentId,
        final long unitId,
        final int intersection,
        final int operatorId)
    {
        final long n = ++noticeNumber;
        final String key = "notice:" + n;
        final ObjectNode node = add(key, "notice");
        node.put("n", n);
        node.put("atMs", timestampNs / 1_000_000L);
        node.put("level", level);
        node.put("noticeKind", noticeKind);
        node.put("text", text);
        node.put("incidentId", incidentId);
        node.put("unitId", unitId);
        if (intersection >= 0)
        {
            node.put("intersection", intersection);
        }
        else
        {
            node.putNull("intersection");
        }
        node.put("operatorId", operatorId);
        noticeKeys.addLast(key);
        while (noticeKeys.size() > MAX_NOTICES)
        {
            final String oldest = noticeKeys.pollFirst();
            entities.remove(oldest);
            dirty.add(oldest);
        }
    }

    /** Moves a call to an incident: out of the list of the one it was in, into the new one's. */
    private void assignCall(final long callId, final long incidentId, final long timestampNs)
    {
        final long previous = callIncident.get(callId);
        if (previous != incidentId && 0 != previous)
        {
            final ObjectNode from = incidents.get(previous);
            if (null != from && removeLong(array(from, "calls"), callId))
            {
                touch(from);
            }
        }
        callIncident.put(callId, incidentId);
        final ObjectNode to = incident(incidentId, timestampNs);
        if (insertSorted(array(to, "calls"), callId))
        {
            touch(to);
        }
        final ObjectNode call = calls.get(callId);
        if (null != call && call.path("incidentId").asLong() != incidentId)
        {
            call.put("incidentId", incidentId);
            touch(call);
        }
    }

    private void addUnit(final ObjectNode incident, final long unitId)
    {
        final ArrayNode list = array(incident, "units");
        for (int i = 0; i < list.size(); i++)
        {
            if (list.get(i).asLong() == unitId)
            {
                return;
            }
        }
        list.add(unitId);
        touch(incident);
    }

    private String callSign(final long unitId)
    {
        final ObjectNode unit = units.get(unitId);
        final String callSign = null == unit ? "" : unit.path("callSign").asText();
        return callSign.isEmpty() ? "" : " (" + callSign + ")";
    }

    private static ObjectNode fix(
        final long atMs,
        final short quality,
        final int latMicros,
        final int lonMicros,
        final long uncertaintyM,
        final String source,
        final String shape)
    {
        final ObjectNode fix = JSON.objectNode();
        fix.put("atMs", atMs);
        position(fix, latMicros, lonMicros, usable(latMicros, lonMicros));
        fix.put("uncertaintyM", uncertaintyM);
        fix.put("source", source);
        fix.put("shape", shape);
        fix.put("quality", name(Names.LOCATION_QUALITY, quality));
        return fix;
    }

    private void appendFix(final ObjectNode call, final ObjectNode fix)
    {
        final ArrayNode fixes = array(call, "fixes");
        fixes.add(fix);
        while (fixes.size() > MAX_FIXES)
        {
            fixes.remove(0);
        }
        touch(call);
    }

    private void identity(final ObjectNode call, final String imsi, final String imei)
    {
        if (null != imsi && !imsi.isEmpty())
        {
            call.put("imsi", imsi);
        }
        if (null != imei && !imei.isEmpty())
        {
            call.put("imei", imei);
        }
        touch(call);
    }

    private static void position(final ObjectNode node, final int latMicros, final int lonMicros, final boolean known)
    {
        if (known && usable(latMicros, lonMicros))
        {
            node.put("lat", latMicros / 1e6);
            node.put("lon", lonMicros / 1e6);
        }
        else
        {
            node.remove("lat");
            node.remove("lon");
        }
    }

    /** @return the array the field holds, made (in place of whatever else it held) when it holds none. */
    private static ArrayNode array(final ObjectNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return value instanceof ArrayNode ? (ArrayNode)value : node.putArray(field);
    }

    private static long uint32(final long value)
    {
        return UINT32_NULL == value ? 0 : value;
    }

    private static boolean removeLong(final ArrayNode list, final long value)
    {
        for (int i = 0; i < list.size(); i++)
        {
            if (list.get(i).asLong() == value)
            {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    private static void removeByLong(final ArrayNode list, final String field, final long value)
    {
        for (int i = list.size() - 1; i >= 0; i--)
        {
            if (list.get(i).path(field).asLong() == value)
            {
                list.remove(i);
            }
        }
    }

    /** @return whether the value was not in the (ascending) list and is now. */
    private static boolean insertSorted(final ArrayNode list, final long value)
    {
        int at = list.size();
        while (at > 0)
        {
            final long existing = list.get(at - 1).asLong();
            if (existing == value)
            {
                return false;
            }
            if (existing < value)
            {
                break;
            }
            at--;
        }
        list.insert(at, value);
        return true;
    }
}
