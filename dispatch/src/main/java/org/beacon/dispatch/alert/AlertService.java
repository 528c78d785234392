package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongFunction;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedEncoder;
import org.beacon.codecs.AlertIssuedEncoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedEncoder;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedEncoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.IncidentView;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapWriter;
import org.beacon.dispatch.location.Geodesy;

/**
 * The state machine's part of area alerts (CAP 1.2). An incident whose hazard a dispatcher names
 * ({@code AlertCommand CLASSIFY}), or a crowd alarm's incident candidate, gets a proposed alert: an inner zone to evacuate
 * and an outer ring to avoid, sized by {@link AlertConfig} from the hazard, the reported extent and the location's
 * uncertainty ({@code AlertProposed}). A dispatcher approves, edits or rejects it; hazards configured so go out at once.
 * Approval issues a CAP Alert ({@code AlertIssued}, the XML inside); later revisions (an edit, a better location of the
 * incident) are proposed again and issued as Updates; closing the incident cancels it (a CAP Cancel); an alert of an
 * open incident is renewed before it expires, one of a camera candidate expires.
 *
 * <p>Revisions: every proposal has a revision number, one more than the last; approving, rejecting or editing names the
 * revision the dispatcher saw and is refused ({@code STALE_REVISION}) when a newer one came since, so nobody approves
 * an area they have not seen. An alert that is out keeps its issued area while a revision waits; rejecting the
 * revision keeps the alert as issued.
 *
 * <p>It reads only its events: its own commands, the sequencer's ticks, and what dispatch and camera analytics emitted
 * for the same event ({@link #onOutput}); incidents are looked up in dispatch's state on a dispatcher's command. Every
 * map is ordered; the CAP text is made from the events alone, so a replay writes the same bytes.
 */
public final class AlertService
{
    /** Terminal alerts kept for commands that name them (answered {@code WRONG_STATE} rather than unknown). */
    public static final int MAX_FINISHED = 1_000;
    /** Camera candidates remembered for a dispatcher's PROPOSE. */
    public static final int MAX_CANDIDATES = 1_000;
    /** A better location moves an alert's proposal when its centre moves this far ... */
    static final int MOVE_THRESHOLD_M = 20;
    /** ... or its inner radius changes by this share (per mille). */
    static final int RESIZE_THRESHOLD_PERMILLE = 100;
    private static final int SNAPSHOT_MAGIC = 0x414C5431;
    private static final int SNAPSHOT_VERSION = 1;
    private static final double MICRO = 1e-6;

    private record Candidate(int latMicros, int lonMicros, int radiusM, int cameraId, int zoneId)
    {
        long zoneKey()
        {
            return ((long)cameraId << 32) | (zoneId & 0xFFFF_FFFFL);
        }
    }

    /** One alert's state. */
    private static final class Alert
    {
        final long alertId;
        long incidentId;
        final long candidateId;
        final long zoneKey;
        Hazard hazard;
        AlertState state = AlertState.PROPOSED;
        int revision;
        boolean pending;
        boolean operatorGeometry;
        AlertArea proposed;
        AlertArea issued;
        int issuedRevision;
        long expiresAtNs;
        long proposedAtNs;
        final List<String> identifiers = new ArrayList<>();
        final List<Long> sentNs = new ArrayList<>();

        Alert(final long alertId, final long incidentId, final long candidateId, final long zoneKey)
        {
            this.alertId = alertId;
            this.incidentId = incidentId;
            this.candidateId = candidateId;
            this.zoneKey = zoneKey;
        }

        boolean live()
        {
            return state == AlertState.PROPOSED || state == AlertState.ACTIVE;
        }
    }

    private final AlertConfig config;
    private final LongFunction<IncidentView> incidents;
    private final TreeMap<Long, Alert> alerts = new TreeMap<>();
    private final TreeMap<Long, Long> liveByIncident = new TreeMap<>();
    private final TreeMap<Long, Long> liveByZone = new TreeMap<>();
    private final TreeSet<Long> live = new TreeSet<>();
    private final TreeSet<Long> finished = new TreeSet<>();
    private final TreeMap<Long, Hazard> hazards = new TreeMap<>();
    private final TreeMap<Long, Integer> extents = new TreeMap<>();
    private final TreeSet<Long> deferred = new TreeSet<>();
    private final TreeMap<Long, Candidate> candidates = new TreeMap<>();
    private long nextDeadlineNs = Long.MAX_VALUE;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AlertCommandDecoder command = new AlertCommandDecoder();
    private final IncidentUpdatedDecoder incidentUpdated = new IncidentUpdatedDecoder();
    private final IncidentCandidateDecoder candidate = new IncidentCandidateDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AlertProposedEncoder proposedEncoder = new AlertProposedEncoder();
    private final AlertIssuedEncoder issuedEncoder = new AlertIssuedEncoder();
    private final AlertStateChangedEncoder stateEncoder = new AlertStateChangedEncoder();
    private final AlertCommandRejectedEncoder rejectedEncoder = new AlertCommandRejectedEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(8192);

    /**
     * @param config    zones and handling by hazard, CAP sender.
     * @param incidents dispatch's incidents by id (read on a dispatcher's command only), {@code null} when unknown.
     */
    public AlertService(final AlertConfig config, final LongFunction<IncidentView> incidents)
    {
        this.config = config;
        this.incidents = incidents;
    }

    /** @return the configuration. */
    public AlertConfig config()
    {
        return config;
    }

    /**
     * Applies one input; inputs of other domains are ignored.
     *
     * @param sequence    the event's journal sequence.
     * @param timestampNs its sequencer timestamp.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the message.
     * @param length      of the message.
     * @param outputs     where outputs go.
     */
    public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        if (!wrapHeader(buffer, offset, length))
        {
            return;
        }
        final int template = header.templateId();
        if (template == AlertCommandDecoder.TEMPLATE_ID)
        {
            command.wrapAndApplyHeader(buffer, offset, header);
            onCommand(sequence, timestampNs, outputs);
        }
        else if (template == TickDecoder.TEMPLATE_ID && timestampNs >= nextDeadlineNs)
        {
            onDeadlines(timestampNs, outputs);
        }
    }

    /**
     * Applies what another service emitted for the same event (incident updates of dispatch, incident candidates of
     * camera analytics); other outputs are ignored.
     *
     * @param sequence    the event's journal sequence.
     * @param timestampNs its sequencer timestamp.
     * @param buffer      holding the SBE output, header first.
     * @param offset      of the output.
     * @param length      of the output.
     * @param outputs     where this service's outputs go.
     */
    public void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        if (!wrapHeader(buffer, offset, length))
        {
            return;
        }
        if (header.templateId() == IncidentUpdatedDecoder.TEMPLATE_ID)
        {
            incidentUpdated.wrapAndApplyHeader(buffer, offset, header);
            onIncidentUpdated(sequence, timestampNs, outputs);
        }
        else if (header.templateId() == IncidentCandidateDecoder.TEMPLATE_ID)
        {
            candidate.wrapAndApplyHeader(buffer, offset, header);
            onCandidate(sequence, timestampNs, outputs);
        }
    }

    /**
     * @param templateId an output's template id.
     * @return whether {@link #onOutput} acts on it (the state machine hands over only those).
     */
    public static boolean observes(final int templateId)
    {
        return templateId == IncidentUpdatedDecoder.TEMPLATE_ID || templateId == IncidentCandidateDecoder.TEMPLATE_ID;
    }

    private boolean wrapHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        header.wrap(buffer, offset);
        return header.schemaId() == MessageHeaderDecoder.SCHEMA_ID;
    }

    // ----------------------------------------------------------------------------------------------- commands

    private void onCommand(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final short actionRaw = command.actionRaw();
        final long alertId = command.alertId();
        final long incidentId = command.incidentId();
        final long candidateId = command.candidateId();
        final int operatorId = command.operatorId();
        final int revision = command.revision();
        final Hazard hazard = hazardOf(command.hazardRaw());
        final int centerLat = command.center().latMicros();
        final int centerLon = command.center().lonMicros();
        final long innerRadius = command.innerRadiusM();
        final long ring = command.ringM();
        final AlertCommandDecoder.PolygonDecoder points = command.polygon();
        final int[] polygon = new int[points.count() * 2];
        int n = 0;
        for (final AlertCommandDecoder.PolygonDecoder p : points)
        {
            polygon[n++] = p.point().latMicros();
            polygon[n++] = p.point().lonMicros();
        }
        final AlertAction action = actionOf(actionRaw);
        if (null == action)
        {
            reject(AlertAction.CLASSIFY, alertId, incidentId, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        final Geometry geometry = new Geometry(centerLat, centerLon, innerRadius, ring, polygon);
        switch (action)
        {
            case CLASSIFY -> classify(sequence, timestampNs, incidentId, hazard, innerRadius, operatorId, outputs);
            case PROPOSE -> propose(sequence, timestampNs, incidentId, candidateId, hazard, geometry, operatorId, outputs);
            case EDIT -> edit(timestampNs, alertId, revision, geometry, operatorId, outputs);
            case APPROVE -> approve(timestampNs, alertId, revision, operatorId, outputs);
            case REJECT -> rejectProposal(timestampNs, alertId, revision, operatorId, outputs);
            case CANCEL -> cancel(timestampNs, alertId, operatorId, outputs);
            default -> reject(action, alertId, incidentId, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
        }
    }

    /** The geometry fields of a command: 0 means "keep" or "by hazard". */
    private record Geometry(int latMicros, int lonMicros, long innerRadiusM, long ringM, int[] polygon)
    {
        boolean hasCenter()
        {
            return latMicros != 0 || lonMicros != 0;
        }

        boolean given()
        {
            return hasCenter() || innerRadiusM > 0 || polygon.length > 0;
        }

        boolean inRange()
        {
            return (innerRadiusM == 0 || innerRadiusM >= AlertConfig.MIN_RADIUS_M && innerRadiusM <= AlertConfig.MAX_RADIUS_M) &&
                ringM <= AlertConfig.MAX_RADIUS_M && latMicros >= -90_000_000 && latMicros <= 90_000_000 &&
                lonMicros >= -180_000_000 && lonMicros <= 180_000_000;
        }
    }

    private void classify(final long sequence, final long timestampNs, final long incidentId, final Hazard hazard,
        final long extentM, final int operatorId, final OutputSink outputs)
    {
        final IncidentView incident = null == incidents ? null : incidents.apply(incidentId);
        if (null == incident || incident.mergedIntoId() != 0)
        {
            reject(AlertAction.CLASSIFY, 0, incidentId, operatorId, AlertRejectReason.UNKNOWN_INCIDENT, outputs);
            return;
        }
        if (incident.status() == IncidentStatus.CLOSED)
        {
            reject(AlertAction.CLASSIFY, 0, incidentId, operatorId, AlertRejectReason.INCIDENT_CLOSED, outputs);
            return;
        }
        if (null == hazard || extentM > AlertConfig.MAX_RADIUS_M)
        {
            reject(AlertAction.CLASSIFY, 0, incidentId, operatorId,
                null == hazard ? AlertRejectReason.INVALID_HAZARD : AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        final Long liveId = liveByIncident.get(incidentId);
        final Alert live = null == liveId ? null : alerts.get(liveId);
        if (hazard == Hazard.NONE)
        {
            hazards.remove(incidentId);
            extents.remove(incidentId);
            deferred.remove(incidentId);
            if (null != live && live.state == AlertState.PROPOSED)
            {
                finish(live, AlertState.REJECTED, operatorId, timestampNs, outputs);
            }
            return;
        }
        hazards.put(incidentId, hazard);
        extents.put(incidentId, (int)extentM);
        final AlertConfig.Rule rule = config.rule(hazard);
        if (null == rule)
        {
            return;
        }
        if (null != live)
        {
            final boolean hazardChanged = live.hazard != hazard;
            if (live.operatorGeometry && !hazardChanged)
            {
                return;
            }
            live.hazard = hazard;
            final AlertArea area = live.operatorGeometry ? live.proposed :
                size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), (int)extentM);
            revise(live, area, extentM > 0 ? ProposalReason.EXTENT_REPORTED : ProposalReason.EDITED, operatorId, timestampNs,
                hazardChanged, outputs);
            return;
        }
        if (incident.locationQuality() != LocationQuality.USABLE)
        {
            deferred.add(incidentId);
            reject(AlertAction.CLASSIFY, 0, incidentId, operatorId, AlertRejectReason.NO_USABLE_LOCATION, outputs);
            return;
        }
        final Alert alert = new Alert(sequence, incidentId, 0, 0);
        alert.hazard = hazard;
        open(alert, size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), (int)extentM), operatorId,
            timestampNs, outputs);
    }

    private void propose(final long sequence, final long timestampNs, final long incidentId, final long candidateId,
        final Hazard hazard, final Geometry geometry, final int operatorId, final OutputSink outputs)
    {
        final AlertConfig.Rule rule = null == hazard ? null : config.rule(hazard);
        if (null == rule)
        {
            reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_HAZARD, outputs);
            return;
        }
        if (!geometry.inRange())
        {
            reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        final Alert alert;
        final AlertArea byHazard;
        if (incidentId > 0)
        {
            final IncidentView incident = null == incidents ? null : incidents.apply(incidentId);
            if (null == incident || incident.mergedIntoId() != 0)
            {
                reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.UNKNOWN_INCIDENT, outputs);
                return;
            }
            if (incident.status() == IncidentStatus.CLOSED)
            {
                reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INCIDENT_CLOSED, outputs);
                return;
            }
            if (liveByIncident.containsKey(incidentId))
            {
                reject(AlertAction.PROPOSE, liveByIncident.get(incidentId), incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
                return;
            }
            final boolean usable = incident.locationQuality() == LocationQuality.USABLE;
            if (!usable && !geometry.hasCenter() && geometry.polygon().length == 0)
            {
                reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.NO_USABLE_LOCATION, outputs);
                return;
            }
            byHazard = usable ? size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), 0) :
                AlertArea.circle(geometry.latMicros(), geometry.lonMicros(), rule.innerRadiusM(), rule.ringM());
            alert = new Alert(sequence, incidentId, 0, 0);
            hazards.put(incidentId, hazard);
            deferred.remove(incidentId);
        }
        else if (candidateId > 0)
        {
            final Candidate c = candidates.get(candidateId);
            if (null == c && !geometry.hasCenter() && geometry.polygon().length == 0)
            {
                reject(AlertAction.PROPOSE, 0, 0, operatorId, AlertRejectReason.UNKNOWN_CANDIDATE, outputs);
                return;
            }
            final long zoneKey = null == c ? 0 : c.zoneKey();
            if (null != c && liveByZone.containsKey(zoneKey))
            {
                reject(AlertAction.PROPOSE, liveByZone.get(zoneKey), 0, operatorId, AlertRejectReason.WRONG_STATE, outputs);
                return;
            }
            byHazard = null == c ? AlertArea.circle(geometry.latMicros(), geometry.lonMicros(), rule.innerRadiusM(), rule.ringM()) :
                candidateArea(rule, c);
            alert = new Alert(sequence, 0, candidateId, zoneKey);
        }
        else
        {
            reject(AlertAction.PROPOSE, 0, 0, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        final AlertArea area = apply(byHazard, geometry, rule.ringM());
        if (null == area)
        {
            reject(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        alert.hazard = hazard;
        alert.operatorGeometry = geometry.given();
        open(alert, area, operatorId, timestampNs, outputs);
    }

    private void edit(final long timestampNs, final long alertId, final int revision, final Geometry geometry, final int operatorId,
        final OutputSink outputs)
    {
        final Alert alert = checked(AlertAction.EDIT, alertId, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        if (!alert.live())
        {
            reject(AlertAction.EDIT, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
            return;
        }
        if (revision != alert.revision)
        {
            reject(AlertAction.EDIT, alertId, alert.incidentId, operatorId, AlertRejectReason.STALE_REVISION, outputs);
            return;
        }
        final AlertArea area = geometry.inRange() ? apply(alert.proposed, geometry, alert.proposed.ringM()) : null;
        if (null == area)
        {
            reject(AlertAction.EDIT, alertId, alert.incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        alert.operatorGeometry = true;
        newRevision(alert, area, ProposalReason.EDITED, operatorId, timestampNs, outputs);
    }

    private void approve(final long timestampNs, final long alertId, final int revision, final int operatorId, final OutputSink outputs)
    {
        final Alert alert = checked(AlertAction.APPROVE, alertId, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        if (!alert.live() || !alert.pending)
        {
            reject(AlertAction.APPROVE, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
            return;
        }
        if (revision != alert.revision)
        {
            reject(AlertAction.APPROVE, alertId, alert.incidentId, operatorId, AlertRejectReason.STALE_REVISION, outputs);
            return;
        }
        issuePending(alert, operatorId, timestampNs, outputs);
    }

    private void rejectProposal(final long timestampNs, final long alertId, final int revision, final int operatorId,
        final OutputSink outputs)
    {
        final Alert alert = checked(AlertAction.REJECT, alertId, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        if (!alert.live() || !alert.pending)
        {
            reject(AlertAction.REJECT, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
            return;
        }
        if (revision != alert.revision)
        {
            reject(AlertAction.REJECT, alertId, alert.incidentId, operatorId, AlertRejectReason.STALE_REVISION, outputs);
            return;
        }
        if (alert.state == AlertState.PROPOSED)
        {
            finish(alert, AlertState.REJECTED, operatorId, timestampNs, outputs);
            return;
        }
        // an alert that is out stays as issued; its waiting revision goes
        alert.pending = false;
        alert.proposed = alert.issued;
        emitState(alert, AlertState.ACTIVE, alert.issuedRevision, operatorId, timestampNs, outputs);
    }

    private void cancel(final long timestampNs, final long alertId, final int operatorId, final OutputSink outputs)
    {
        final Alert alert = checked(AlertAction.CANCEL, alertId, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        if (alert.state == AlertState.ACTIVE)
        {
            issue(alert, AlertCap.Kind.CANCEL, alert.issued, alert.issuedRevision, operatorId, timestampNs,
                "Hủy bởi điều phối viên / cancelled by a dispatcher", outputs);
            finish(alert, AlertState.CANCELLED, operatorId, timestampNs, outputs);
        }
        else if (alert.state == AlertState.PROPOSED)
        {
            finish(alert, AlertState.REJECTED, operatorId, timestampNs, outputs);
        }
        else
        {
            reject(AlertAction.CANCEL, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
        }
    }

    private Alert checked(final AlertAction action, final long alertId, final int operatorId, final OutputSink outputs)
    {
        final Alert alert = alerts.get(alertId);
        if (null == alert)
        {
            reject(action, alertId, 0, operatorId, AlertRejectReason.UNKNOWN_ALERT, outputs);
        }
        return alert;
    }

    // ------------------------------------------------------------------------------------------ what others emitted

    private void onIncidentUpdated(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final long incidentId = incidentUpdated.incidentId();
        final short reason = incidentUpdated.reasonRaw();
        final short status = incidentUpdated.statusRaw();
        final long other = incidentUpdated.otherIncidentId();
        final int lat = incidentUpdated.location().latMicros();
        final int lon = incidentUpdated.location().lonMicros();
        final long uncertainty = incidentUpdated.uncertaintyM();
        final Long liveId = liveByIncident.get(incidentId);
        final Alert live = null == liveId ? null : alerts.get(liveId);
        if (reason == UpdateReason.MERGED.value() && status == IncidentStatus.CLOSED.value() && other > 0)
        {
            final Hazard hazard = hazards.remove(incidentId);
            final Integer extent = extents.remove(incidentId);
            if (null != hazard && !hazards.containsKey(other))
            {
                hazards.put(other, hazard);
                extents.put(other, null == extent ? 0 : extent);
                if (deferred.remove(incidentId))
                {
                    deferred.add(other);
                }
            }
            deferred.remove(incidentId);
            if (null != live)
            {
                if (liveByIncident.containsKey(other))
                {
                    end(live, "Sự cố đã gộp vào sự cố 112-" + other + " / merged into incident 112-" + other, timestampNs, outputs);
                }
                else
                {
                    liveByIncident.remove(incidentId);
                    live.incidentId = other;
                    liveByIncident.put(other, live.alertId);
                }
            }
            return;
        }
        if (status == IncidentStatus.CLOSED.value())
        {
            hazards.remove(incidentId);
            extents.remove(incidentId);
            deferred.remove(incidentId);
            if (null != live)
            {
                end(live, "Sự cố đã kết thúc / incident closed", timestampNs, outputs);
            }
            return;
        }
        final Hazard hazard = hazards.get(incidentId);
        if (null == hazard || (lat == 0 && lon == 0))
        {
            return;
        }
        final int extent = extents.getOrDefault(incidentId, 0);
        if (null != live)
        {
            if (live.operatorGeometry)
            {
                return;
            }
            final AlertArea area = size(hazard, lat, lon, uncertainty, extent);
            final AlertArea current = live.proposed;
            final double moved = Geodesy.distanceM(current.latMicros() * MICRO, current.lonMicros() * MICRO, lat * MICRO, lon * MICRO);
            final long resized = Math.abs((long)area.innerRadiusM() - current.innerRadiusM()) * 1000L;
            if (moved >= MOVE_THRESHOLD_M || resized >= (long)RESIZE_THRESHOLD_PERMILLE * current.innerRadiusM())
            {
                newRevision(live, area, ProposalReason.LOCATION_CHANGED, 0, timestampNs, outputs);
            }
        }
        else if (deferred.contains(incidentId) && null != config.rule(hazard))
        {
            final IncidentView incident = null == incidents ? null : incidents.apply(incidentId);
            if (null != incident && incident.locationQuality() == LocationQuality.USABLE && !alerts.containsKey(sequence))
            {
                deferred.remove(incidentId);
                // the alert is named after this event's input: the one that gave the incident a usable location
                final Alert alert = new Alert(sequence, incidentId, 0, 0);
                alert.hazard = hazard;
                open(alert, size(hazard, lat, lon, uncertainty, extent), 0, timestampNs, outputs);
            }
        }
    }

    private void onCandidate(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final long candidateId = candidate.candidateId();
        final Candidate c = new Candidate(candidate.place().latMicros(), candidate.place().lonMicros(), candidate.radiusM(),
            candidate.cameraId(), candidate.zoneId());
        candidates.put(candidateId, c);
        while (candidates.size() > MAX_CANDIDATES)
        {
            candidates.pollFirstEntry();
        }
        final AlertConfig.Rule rule = config.rule(Hazard.CROWD);
        if (null == rule || liveByZone.containsKey(c.zoneKey()) || alerts.containsKey(sequence) ||
            (c.latMicros() == 0 && c.lonMicros() == 0))
        {
            return;
        }
        final Alert alert = new Alert(sequence, 0, candidateId, c.zoneKey());
        alert.hazard = Hazard.CROWD;
        open(alert, candidateArea(rule, c), 0, timestampNs, outputs);
    }

    private void onDeadlines(final long timestampNs, final OutputSink outputs)
    {
        final List<Alert> due = new ArrayList<>();
        for (final Long id : live)
        {
            final Alert alert = alerts.get(id);
            if (deadline(alert) <= timestampNs)
            {
                due.add(alert);
            }
        }
        for (final Alert alert : due)
        {
            final AlertConfig.Rule rule = config.rule(alert.hazard);
            if (alert.state == AlertState.ACTIVE && alert.incidentId > 0)
            {
                // the incident is open (a closed one cancelled its alert): renew what is out
                issue(alert, AlertCap.Kind.UPDATE, alert.issued, alert.issuedRevision, 0, timestampNs,
                    "Gia hạn / renewed", outputs);
            }
            else if (alert.state == AlertState.ACTIVE || timestampNs - alert.proposedAtNs >= (null == rule ? 0 : rule.expiresNs()))
            {
                finish(alert, AlertState.EXPIRED, 0, timestampNs, outputs);
            }
        }
        long next = Long.MAX_VALUE;
        for (final Long id : live)
        {
            next = Math.min(next, deadline(alerts.get(id)));
        }
        nextDeadlineNs = next;
    }

    private long deadline(final Alert alert)
    {
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        if (alert.state == AlertState.ACTIVE)
        {
            return alert.incidentId > 0 ? alert.expiresAtNs - config.renewBeforeNs() : alert.expiresAtNs;
        }
        // a proposal nobody decided on: one of an incident waits for the incident, one of a camera expires
        return alert.incidentId > 0 || null == rule ? Long.MAX_VALUE : alert.proposedAtNs + rule.expiresNs();
    }

    // ------------------------------------------------------------------------------------------------ life cycle

    private void open(final Alert alert, final AlertArea area, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        alerts.put(alert.alertId, alert);
        live.add(alert.alertId);
        if (alert.incidentId > 0)
        {
            liveByIncident.put(alert.incidentId, alert.alertId);
        }
        if (alert.zoneKey != 0)
        {
            liveByZone.put(alert.zoneKey, alert.alertId);
        }
        alert.state = AlertState.PROPOSED;
        alert.revision = 0;
        newRevision(alert, area, ProposalReason.NEW, operatorId, timestampNs, outputs);
    }

    private void revise(final Alert alert, final AlertArea area, final ProposalReason reason, final int operatorId,
        final long timestampNs, final boolean hazardChanged, final OutputSink outputs)
    {
        final AlertArea current = alert.pending ? alert.proposed : alert.issued;
        if (!hazardChanged && area.equals(current))
        {
            return;
        }
        newRevision(alert, area, reason, operatorId, timestampNs, outputs);
    }

    private void newRevision(final Alert alert, final AlertArea area, final ProposalReason reason, final int operatorId,
        final long timestampNs, final OutputSink outputs)
    {
        alert.revision++;
        alert.proposed = area;
        alert.pending = true;
        alert.proposedAtNs = timestampNs;
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        final boolean auto = null != rule && rule.autoIssue();
        emitProposed(alert, reason, auto, operatorId, timestampNs, outputs);
        if (auto)
        {
            issuePending(alert, operatorId, timestampNs, outputs);
        }
        else
        {
            recomputeDeadline(alert);
        }
    }

    private void issuePending(final Alert alert, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        final boolean first = alert.state == AlertState.PROPOSED;
        alert.state = AlertState.ACTIVE;
        issue(alert, first ? AlertCap.Kind.ALERT : AlertCap.Kind.UPDATE, alert.proposed, alert.revision, operatorId, timestampNs, null,
            outputs);
        if (first)
        {
            emitState(alert, AlertState.ACTIVE, alert.revision, operatorId, timestampNs, outputs);
        }
    }

    /** Cancels an alert that is out, or withdraws a proposal, because its incident ended. */
    private void end(final Alert alert, final String note, final long timestampNs, final OutputSink outputs)
    {
        if (alert.state == AlertState.ACTIVE)
        {
            issue(alert, AlertCap.Kind.CANCEL, alert.issued, alert.issuedRevision, 0, timestampNs, note, outputs);
        }
        finish(alert, AlertState.CANCELLED, 0, timestampNs, outputs);
    }

    private void finish(final Alert alert, final AlertState state, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        alert.state = state;
        alert.pending = false;
        live.remove(alert.alertId);
        if (alert.incidentId > 0)
        {
            liveByIncident.remove(alert.incidentId, alert.alertId);
        }
        if (alert.zoneKey != 0)
        {
            liveByZone.remove(alert.zoneKey, alert.alertId);
        }
        finished.add(alert.alertId);
        while (finished.size() > MAX_FINISHED)
        {
            alerts.remove(finished.pollFirst());
        }
        emitState(alert, state, alert.state == AlertState.REJECTED ? alert.revision : alert.issuedRevision, operatorId, timestampNs,
            outputs);
    }

    private void issue(final Alert alert, final AlertCap.Kind kind, final AlertArea area, final int revision, final int operatorId,
        final long timestampNs, final String note, final OutputSink outputs)
    {
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        final long expires = timestampNs + (null == rule ? AlertConfig.DEFAULT.rule(Hazard.FIRE).expiresNs() : rule.expiresNs());
        final List<CapReference> references = new ArrayList<>(alert.identifiers.size());
        for (int i = 0; i < alert.identifiers.size(); i++)
        {
            references.add(new CapReference(config.sender(), alert.identifiers.get(i), AlertCap.instant(alert.sentNs.get(i))));
        }
        final int number = alert.identifiers.size() + 1;
        final String identifier = AlertCap.identifier(config, alert.alertId, number);
        final String xml = CapWriter.write(AlertCap.build(config, kind, new AlertCap.Message(alert.alertId, number, alert.incidentId,
            alert.candidateId, alert.hazard, area, timestampNs, expires, references, note)));
        alert.identifiers.add(identifier);
        alert.sentNs.add(timestampNs);
        if (kind != AlertCap.Kind.CANCEL)
        {
            alert.issued = area;
            alert.issuedRevision = revision;
            alert.expiresAtNs = expires;
            if (area == alert.proposed)
            {
                alert.pending = false;
            }
            recomputeDeadline(alert);
        }
        issuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .revision(revision)
            .msgType(kind == AlertCap.Kind.ALERT ? AlertMsgType.ALERT : kind == AlertCap.Kind.UPDATE ? AlertMsgType.UPDATE :
                AlertMsgType.CANCEL)
            .hazard(alert.hazard)
            .operatorId(operatorId)
            .issuedAtNs(timestampNs)
            .expiresAtNs(kind == AlertCap.Kind.CANCEL ? timestampNs : expires);
        issuedEncoder.center().latMicros(area.latMicros()).lonMicros(area.lonMicros());
        issuedEncoder.innerRadiusM(area.innerRadiusM()).ringM(area.ringM());
        final int[] polygon = area.polygon();
        final AlertIssuedEncoder.PolygonEncoder points = issuedEncoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            points.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        issuedEncoder.identifier(identifier).capXml(xml);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + issuedEncoder.encodedLength());
    }

    private void recomputeDeadline(final Alert alert)
    {
        nextDeadlineNs = Math.min(nextDeadlineNs, deadline(alert));
    }

    // ------------------------------------------------------------------------------------------------ sizing

    /** The zones of an incident's alert by its hazard, reported extent and location uncertainty. */
    private AlertArea size(final Hazard hazard, final int latMicros, final int lonMicros, final long uncertaintyM, final int extentM)
    {
        final AlertConfig.Rule rule = config.rule(hazard);
        final long base = Math.max(rule.innerRadiusM(), extentM > 0 ? (long)extentM + rule.extentMarginM() : 0);
        final long inner = Math.min(AlertConfig.MAX_RADIUS_M, base + Math.min(uncertaintyM, config.maxUncertaintyAddM()));
        return AlertArea.circle(latMicros, lonMicros, (int)inner, rule.ringM());
    }

    private static AlertArea candidateArea(final AlertConfig.Rule rule, final Candidate c)
    {
        final int inner = Math.min(AlertConfig.MAX_RADIUS_M, Math.max(rule.innerRadiusM(), c.radiusM() + rule.extentMarginM()));
        return AlertArea.circle(c.latMicros(), c.lonMicros(), inner, rule.ringM());
    }

    /** A command's geometry over a base area: a polygon replaces, a centre / radius / ring given replaces that part. */
    private static AlertArea apply(final AlertArea base, final Geometry g, final int defaultRing)
    {
        final int ring = g.ringM() > 0 ? (int)g.ringM() : base.ringM() > 0 ? base.ringM() : defaultRing;
        if (g.polygon().length > 0)
        {
            return AlertArea.polygon(g.polygon(), ring);
        }
        if (base.isPolygon() && !g.hasCenter() && g.innerRadiusM() == 0)
        {
            return base.withRing(ring);
        }
        final int lat = g.hasCenter() ? g.latMicros() : base.latMicros();
        final int lon = g.hasCenter() ? g.lonMicros() : base.lonMicros();
        final int inner = g.innerRadiusM() > 0 ? (int)g.innerRadiusM() : base.innerRadiusM();
        return AlertArea.circle(lat, lon, inner, ring);
    }

    // ------------------------------------------------------------------------------------------------ outputs

    private void emitProposed(final Alert alert, final ProposalReason reason, final boolean auto, final int operatorId,
        final long timestampNs, final OutputSink outputs)
    {
        final AlertArea area = alert.proposed;
        proposedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .candidateId(alert.candidateId)
            .revision(alert.revision)
            .hazard(alert.hazard)
            .reason(reason);
        proposedEncoder.center().latMicros(area.latMicros()).lonMicros(area.lonMicros());
        proposedEncoder.innerRadiusM(area.innerRadiusM())
            .ringM(area.ringM())
            .autoIssue((short)(auto ? 1 : 0))
            .active((short)(alert.state == AlertState.ACTIVE ? 1 : 0))
            .operatorId(operatorId)
            .atNs(timestampNs);
        final int[] polygon = area.polygon();
        final AlertProposedEncoder.PolygonEncoder points = proposedEncoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            points.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + proposedEncoder.encodedLength());
    }

    private void emitState(final Alert alert, final AlertState state, final int revision, final int operatorId, final long timestampNs,
        final OutputSink outputs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + stateEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .state(state)
            .revision(revision)
            .operatorId(operatorId)
            .atNs(timestampNs)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    private void reject(final AlertAction action, final long alertId, final long incidentId, final int operatorId,
        final AlertRejectReason reason, final OutputSink outputs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + rejectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .action(action)
            .alertId(alertId)
            .incidentId(incidentId)
            .operatorId(operatorId)
            .reason(reason)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    private static Hazard hazardOf(final short raw)
    {
        for (final Hazard h : Hazard.values())
        {
            if (h.value() == raw && h != Hazard.NULL_VAL)
            {
                return h;
            }
        }
        return null;
    }

    private static AlertAction actionOf(final short raw)
    {
        for (final AlertAction a : AlertAction.values())
        {
            if (a.value() == raw && a != AlertAction.NULL_VAL)
            {
                return a;
            }
        }
        return null;
    }

    private static AlertState stateOf(final short raw)
    {
        for (final AlertState s : AlertState.values())
        {
            if (s.value() == raw && s != AlertState.NULL_VAL)
            {
                return s;
            }
        }
        throw new IllegalArgumentException("alert snapshot: unknown state " + raw);
    }


    // ------------------------------------------------------------------------------------------------ views

    /**
     * A read-only view of one alert, for tools and tests.
     *
     * @param alertId        the alert.
     * @param incidentId     its incident, or 0.
     * @param candidateId    its camera candidate, or 0.
     * @param hazard         the hazard.
     * @param state          where it stands.
     * @param revision       its latest revision.
     * @param pending        whether that revision waits for a dispatcher.
     * @param proposed       the latest revision's area.
     * @param issued         the area that is out, or {@code null}.
     * @param identifiers    CAP identifiers of its messages so far.
     * @param expiresAtNs    when what is out expires, or 0.
     */
    public record AlertView(long alertId, long incidentId, long candidateId, Hazard hazard, AlertState state, int revision,
        boolean pending, AlertArea proposed, AlertArea issued, List<String> identifiers, long expiresAtNs)
    {
    }

    /**
     * @param alertId the alert.
     * @return a copy of its state, or {@code null} when unknown.
     */
    public AlertView alert(final long alertId)
    {
        final Alert a = alerts.get(alertId);
        return null == a ? null : new AlertView(a.alertId, a.incidentId, a.candidateId, a.hazard, a.state, a.revision, a.pending,
            a.proposed, a.issued, List.copyOf(a.identifiers), a.expiresAtNs);
    }

    /** @return every alert known, by id. */
    public List<AlertView> alerts()
    {
        final List<AlertView> views = new ArrayList<>(alerts.size());
        for (final Long id : alerts.keySet())
        {
            views.add(alert(id));
        }
        return views;
    }

    /**
     * @param incidentId an incident.
     * @return the hazard a dispatcher named for it, or {@code null}.
     */
    public Hazard hazard(final long incidentId)
    {
        return hazards.get(incidentId);
    }

    // ------------------------------------------------------------------------------------------------ snapshot

    /**
     * Writes the state.
     *
     * @param buffer to write to.
     * @param offset where.
     * @return bytes written.
     */
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putInt(at, SNAPSHOT_MAGIC);
        buffer.putInt(at + 4, SNAPSHOT_VERSION);
        buffer.putLong(at + 8, nextDeadlineNs);
        buffer.putInt(at + 16, alerts.size());
        buffer.putInt(at + 20, hazards.size());
        buffer.putInt(at + 24, deferred.size());
        buffer.putInt(at + 28, candidates.size());
        at += 32;
        for (final Alert a : alerts.values())
        {
            buffer.putLong(at, a.alertId);
            buffer.putLong(at + 8, a.incidentId);
            buffer.putLong(at + 16, a.candidateId);
            buffer.putLong(at + 24, a.zoneKey);
            buffer.putByte(at + 32, (byte)a.hazard.value());
            buffer.putByte(at + 33, (byte)a.state.value());
            buffer.putByte(at + 34, (byte)((a.pending ? 1 : 0) | (a.operatorGeometry ? 2 : 0) | (null != a.issued ? 4 : 0)));
            buffer.putInt(at + 35, a.revision);
            buffer.putInt(at + 39, a.issuedRevision);
            buffer.putLong(at + 43, a.expiresAtNs);
            buffer.putLong(at + 51, a.proposedAtNs);
            at += 59;
            at = putArea(buffer, at, a.proposed);
            if (null != a.issued)
            {
                at = putArea(buffer, at, a.issued);
            }
            buffer.putInt(at, a.identifiers.size());
            at += 4;
            for (int i = 0; i < a.identifiers.size(); i++)
            {
                at += buffer.putStringUtf8(at, a.identifiers.get(i));
                buffer.putLong(at, a.sentNs.get(i));
                at += 8;
            }
        }
        for (final Map.Entry<Long, Hazard> h : hazards.entrySet())
        {
            buffer.putLong(at, h.getKey());
            buffer.putByte(at + 8, (byte)h.getValue().value());
            buffer.putInt(at + 9, extents.getOrDefault(h.getKey(), 0));
            at += 13;
        }
        for (final Long id : deferred)
        {
            buffer.putLong(at, id);
            at += 8;
        }
        for (final Map.Entry<Long, Candidate> e : candidates.entrySet())
        {
            final Candidate c = e.getValue();
            buffer.putLong(at, e.getKey());
            buffer.putInt(at + 8, c.latMicros());
            buffer.putInt(at + 12, c.lonMicros());
            buffer.putInt(at + 16, c.radiusM());
            buffer.putInt(at + 20, c.cameraId());
            buffer.putInt(at + 24, c.zoneId());
            at += 28;
        }
        return at - offset;
    }

    private static int putArea(final ExpandableArrayBuffer buffer, final int at, final AlertArea area)
    {
        buffer.putInt(at, area.latMicros());
        buffer.putInt(at + 4, area.lonMicros());
        buffer.putInt(at + 8, area.innerRadiusM());
        buffer.putInt(at + 12, area.ringM());
        final int[] polygon = area.polygon();
        buffer.putInt(at + 16, polygon.length);
        int p = at + 20;
        for (final int v : polygon)
        {
            buffer.putInt(p, v);
            p += 4;
        }
        return p;
    }

    private static AlertArea getArea(final DirectBuffer buffer, final int at)
    {
        final int n = buffer.getInt(at + 16);
        if (n < 0 || n > 2 * AlertArea.MAX_CORNERS)
        {
            throw new IllegalArgumentException("alert snapshot: bad polygon");
        }
        final int[] polygon = new int[n];
        for (int i = 0; i < n; i++)
        {
            polygon[i] = buffer.getInt(at + 20 + 4 * i);
        }
        return new AlertArea(buffer.getInt(at), buffer.getInt(at + 4), buffer.getInt(at + 8), buffer.getInt(at + 12), polygon);
    }

    /**
     * Replaces the state with a snapshot's.
     *
     * @param buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        clear();
        if (length < 32 || buffer.getInt(offset) != SNAPSHOT_MAGIC || buffer.getInt(offset + 4) != SNAPSHOT_VERSION)
        {
            throw new IllegalArgumentException("not an alert snapshot of version " + SNAPSHOT_VERSION);
        }
        nextDeadlineNs = buffer.getLong(offset + 8);
        final int alertCount = buffer.getInt(offset + 16);
        final int hazardCount = buffer.getInt(offset + 20);
        final int deferredCount = buffer.getInt(offset + 24);
        final int candidateCount = buffer.getInt(offset + 28);
        int at = offset + 32;
        for (int i = 0; i < alertCount; i++)
        {
            final Alert a = new Alert(buffer.getLong(at), buffer.getLong(at + 8), buffer.getLong(at + 16), buffer.getLong(at + 24));
            a.hazard = hazardOf(buffer.getByte(at + 32));
            a.state = stateOf(buffer.getByte(at + 33));
            final byte flags = buffer.getByte(at + 34);
            a.pending = (flags & 1) != 0;
            a.operatorGeometry = (flags & 2) != 0;
            a.revision = buffer.getInt(at + 35);
            a.issuedRevision = buffer.getInt(at + 39);
            a.expiresAtNs = buffer.getLong(at + 43);
            a.proposedAtNs = buffer.getLong(at + 51);
            at += 59;
            a.proposed = getArea(buffer, at);
            at += 20 + 4 * a.proposed.polygon().length;
            if ((flags & 4) != 0)
            {
                a.issued = getArea(buffer, at);
                at += 20 + 4 * a.issued.polygon().length;
                if (!a.pending && a.issued.equals(a.proposed))
                {
                    a.proposed = a.issued;
                }
            }
            final int messages = buffer.getInt(at);
            at += 4;
            for (int m = 0; m < messages; m++)
            {
                a.identifiers.add(buffer.getStringUtf8(at));
                at += 4 + buffer.getInt(at);
                a.sentNs.add(buffer.getLong(at));
                at += 8;
            }
            alerts.put(a.alertId, a);
            if (a.live())
            {
                live.add(a.alertId);
                if (a.incidentId > 0)
                {
                    liveByIncident.put(a.incidentId, a.alertId);
                }
                if (a.zoneKey != 0)
                {
                    liveByZone.put(a.zoneKey, a.alertId);
                }
            }
            else
            {
                finished.add(a.alertId);
            }
        }
        for (int i = 0; i < hazardCount; i++)
        {
            final long id = buffer.getLong(at);
            hazards.put(id, hazardOf(buffer.getByte(at + 8)));
            final int extent = buffer.getInt(at + 9);
            extents.put(id, extent);
            at += 13;
        }
        for (int i = 0; i < deferredCount; i++)
        {
            deferred.add(buffer.getLong(at));
            at += 8;
        }
        for (int i = 0; i < candidateCount; i++)
        {
            candidates.put(buffer.getLong(at), new Candidate(buffer.getInt(at + 8), buffer.getInt(at + 12), buffer.getInt(at + 16),
                buffer.getInt(at + 20), buffer.getInt(at + 24)));
            at += 28;
        }
        if (at != offset + length)
        {
            throw new IllegalArgumentException("alert snapshot: " + (offset + length - at) + " bytes left over");
        }
    }

    /** Forgets everything (a snapshot from before area alerts). */
    public void clear()
    {
        alerts.clear();
        live.clear();
        liveByIncident.clear();
        liveByZone.clear();
        finished.clear();
        hazards.clear();
        extents.clear();
        deferred.clear();
        candidates.clear();
        nextDeadlineNs = Long.MAX_VALUE;
    }
}
