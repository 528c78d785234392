package org.beacon.dispatch.alert;

import java.util.function.LongFunction;

import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.ProposalReason;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.IncidentView;

/**
 * A dispatcher's alert commands ({@code AlertCommand}): classify an incident's hazard, propose, edit, approve, reject or
 * cancel an alert. Each command is checked against the state first and refused with its reason
 * ({@code AlertCommandRejected}) before anything changes; an accepted one goes through the {@link AlertLifecycle}.
 * Incidents are looked up in dispatch's state here, and only here.
 */
final class AlertDecisions
{
    /**
     * One decoded {@code AlertCommand}.
     *
     * @param action      the action, or {@code null} when this build does not know it.
     * @param alertId     the alert it names, or 0.
     * @param incidentId  the incident it names, or 0.
     * @param candidateId the camera candidate it names, or 0.
     * @param operatorId  the dispatcher.
     * @param revision    the revision the dispatcher saw.
     * @param hazard      the hazard it names, or {@code null} when unknown.
     * @param geometry    the geometry it gives.
     */
    record Command(AlertAction action, long alertId, long incidentId, long candidateId, int operatorId, int revision, Hazard hazard,
        Geometry geometry)
    {
    }

    private final AlertConfig config;
    private final LongFunction<IncidentView> incidents;
    private final AlertBook book;
    private final AlertPublisher publisher;
    private final AlertLifecycle lifecycle;

    AlertDecisions(final AlertConfig config, final LongFunction<IncidentView> incidents, final AlertBook book,
        final AlertPublisher publisher, final AlertLifecycle lifecycle)
    {
        this.config = config;
        this.incidents = incidents;
        this.book = book;
        this.publisher = publisher;
        this.lifecycle = lifecycle;
    }

    void onCommand(final long sequence, final long timestampNs, final Command command, final OutputSink outputs)
    {
        final AlertAction action = command.action();
        final long alertId = command.alertId();
        final long incidentId = command.incidentId();
        final int operatorId = command.operatorId();
        final int revision = command.revision();
        final Hazard hazard = command.hazard();
        final Geometry geometry = command.geometry();
        if (null == action)
        {
            publisher.rejected(AlertAction.CLASSIFY, alertId, incidentId, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        switch (action)
        {
            case CLASSIFY -> classify(sequence, timestampNs, incidentId, hazard, geometry.innerRadiusM(), operatorId, outputs);
            case PROPOSE -> propose(sequence, timestampNs, incidentId, command.candidateId(), hazard, geometry, operatorId, outputs);
            case EDIT -> edit(timestampNs, alertId, revision, geometry, operatorId, outputs);
            case APPROVE -> approve(timestampNs, alertId, revision, operatorId, outputs);
            case REJECT -> rejectProposal(timestampNs, alertId, revision, operatorId, outputs);
            case CANCEL -> cancel(timestampNs, alertId, operatorId, outputs);
            default -> publisher.rejected(action, alertId, incidentId, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
        }
    }

    private void classify(final long sequence, final long timestampNs, final long incidentId, final Hazard hazard,
        final long extentM, final int operatorId, final OutputSink outputs)
    {
        final IncidentView incident = openIncident(AlertAction.CLASSIFY, incidentId, operatorId, outputs);
        if (null == incident)
        {
            return;
        }
        if (null == hazard || extentM > AlertConfig.MAX_RADIUS_M)
        {
            publisher.rejected(AlertAction.CLASSIFY, 0, incidentId, operatorId,
                null == hazard ? AlertRejectReason.INVALID_HAZARD : AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        final Alert live = book.liveOfIncident(incidentId);
        if (hazard == Hazard.NONE)
        {
            book.hazards.remove(incidentId);
            book.extents.remove(incidentId);
            book.deferred.remove(incidentId);
            if (null != live && live.state == AlertState.PROPOSED)
            {
                lifecycle.finish(live, AlertState.REJECTED, operatorId, timestampNs, outputs);
            }
            return;
        }
        book.hazards.put(incidentId, hazard);
        book.extents.put(incidentId, (int)extentM);
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
                lifecycle.size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), (int)extentM);
            lifecycle.revise(live, area, extentM > 0 ? ProposalReason.EXTENT_REPORTED : ProposalReason.EDITED, operatorId, timestampNs,
                hazardChanged, outputs);
            return;
        }
        if (incident.locationQuality() != LocationQuality.USABLE)
        {
            book.deferred.add(incidentId);
            publisher.rejected(AlertAction.CLASSIFY, 0, incidentId, operatorId, AlertRejectReason.NO_USABLE_LOCATION, outputs);
            return;
        }
        final Alert alert = new Alert(sequence, incidentId, 0, 0);
        alert.hazard = hazard;
        lifecycle.open(alert, lifecycle.size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), (int)extentM),
            operatorId, timestampNs, outputs);
    }

    private void propose(final long sequence, final long timestampNs, final long incidentId, final long candidateId,
        final Hazard hazard, final Geometry geometry, final int operatorId, final OutputSink outputs)
    {
        final AlertConfig.Rule rule = null == hazard ? null : config.rule(hazard);
        if (null == rule)
        {
            publisher.rejected(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_HAZARD, outputs);
            return;
        }
        if (!geometry.inRange())
        {
            publisher.rejected(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        final Alert alert;
        final AlertArea byHazard;
        if (incidentId > 0)
        {
            final IncidentView incident = openIncident(AlertAction.PROPOSE, incidentId, operatorId, outputs);
            if (null == incident)
            {
                return;
            }
            if (book.liveByIncident.containsKey(incidentId))
            {
                publisher.rejected(AlertAction.PROPOSE, book.liveByIncident.get(incidentId), incidentId, operatorId,
                    AlertRejectReason.WRONG_STATE, outputs);
                return;
            }
            final boolean usable = incident.locationQuality() == LocationQuality.USABLE;
            if (!usable && !geometry.hasCenter() && geometry.polygon().length == 0)
            {
                publisher.rejected(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.NO_USABLE_LOCATION, outputs);
                return;
            }
            byHazard = usable ? lifecycle.size(hazard, incident.latMicros(), incident.lonMicros(), incident.uncertaintyM(), 0) :
                AlertArea.circle(geometry.latMicros(), geometry.lonMicros(), rule.innerRadiusM(), rule.ringM());
            alert = new Alert(sequence, incidentId, 0, 0);
            book.hazards.put(incidentId, hazard);
            book.deferred.remove(incidentId);
        }
        else if (candidateId > 0)
        {
            final Candidate c = book.candidates.get(candidateId);
            if (null == c && !geometry.hasCenter() && geometry.polygon().length == 0)
            {
                publisher.rejected(AlertAction.PROPOSE, 0, 0, operatorId, AlertRejectReason.UNKNOWN_CANDIDATE, outputs);
                return;
            }
            final long zoneKey = null == c ? 0 : c.zoneKey();
            if (null != c && book.liveByZone.containsKey(zoneKey))
            {
                publisher.rejected(AlertAction.PROPOSE, book.liveByZone.get(zoneKey), 0, operatorId, AlertRejectReason.WRONG_STATE,
                    outputs);
                return;
            }
            byHazard = null == c ? AlertArea.circle(geometry.latMicros(), geometry.lonMicros(), rule.innerRadiusM(), rule.ringM()) :
                AlertLifecycle.candidateArea(rule, c);
            alert = new Alert(sequence, 0, candidateId, zoneKey);
        }
        else
        {
            publisher.rejected(AlertAction.PROPOSE, 0, 0, operatorId, AlertRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        final AlertArea area = geometry.over(byHazard, rule.ringM());
        if (null == area)
        {
            publisher.rejected(AlertAction.PROPOSE, 0, incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        alert.hazard = hazard;
        alert.operatorGeometry = geometry.given();
        lifecycle.open(alert, area, operatorId, timestampNs, outputs);
    }

    private void edit(final long timestampNs, final long alertId, final int revision, final Geometry geometry, final int operatorId,
        final OutputSink outputs)
    {
        final Alert alert = atRevision(AlertAction.EDIT, alertId, revision, false, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        final AlertArea area = geometry.inRange() ? geometry.over(alert.proposed, alert.proposed.ringM()) : null;
        if (null == area)
        {
            publisher.rejected(AlertAction.EDIT, alertId, alert.incidentId, operatorId, AlertRejectReason.INVALID_AREA, outputs);
            return;
        }
        alert.operatorGeometry = true;
        lifecycle.newRevision(alert, area, ProposalReason.EDITED, operatorId, timestampNs, outputs);
    }

    private void approve(final long timestampNs, final long alertId, final int revision, final int operatorId, final OutputSink outputs)
    {
        final Alert alert = atRevision(AlertAction.APPROVE, alertId, revision, true, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        lifecycle.issuePending(alert, operatorId, timestampNs, outputs);
    }

    private void rejectProposal(final long timestampNs, final long alertId, final int revision, final int operatorId,
        final OutputSink outputs)
    {
        final Alert alert = atRevision(AlertAction.REJECT, alertId, revision, true, operatorId, outputs);
        if (null == alert)
        {
            return;
        }
        if (alert.state == AlertState.PROPOSED)
        {
            lifecycle.finish(alert, AlertState.REJECTED, operatorId, timestampNs, outputs);
            return;
        }
        // an alert that is out stays as issued; its waiting revision goes
        alert.pending = false;
        alert.proposed = alert.issued;
        publisher.state(alert, AlertState.ACTIVE, alert.issuedRevision, operatorId, timestampNs, outputs);
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
            lifecycle.issue(alert, AlertCap.Kind.CANCEL, alert.issued, alert.issuedRevision, operatorId, timestampNs,
                "Hủy bởi điều phối viên / cancelled by a dispatcher", outputs);
            lifecycle.finish(alert, AlertState.CANCELLED, operatorId, timestampNs, outputs);
        }
        else if (alert.state == AlertState.PROPOSED)
        {
            lifecycle.finish(alert, AlertState.REJECTED, operatorId, timestampNs, outputs);
        }
        else
        {
            publisher.rejected(AlertAction.CANCEL, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
        }
    }

    /** The incident a command names, when it is known, not merged away and open; otherwise the command is refused. */
    private IncidentView openIncident(final AlertAction action, final long incidentId, final int operatorId, final OutputSink outputs)
    {
        final IncidentView incident = null == incidents ? null : incidents.apply(incidentId);
        if (null == incident || incident.mergedIntoId() != 0)
        {
            publisher.rejected(action, 0, incidentId, operatorId, AlertRejectReason.UNKNOWN_INCIDENT, outputs);
            return null;
        }
        if (incident.status() == IncidentStatus.CLOSED)
        {
            publisher.rejected(action, 0, incidentId, operatorId, AlertRejectReason.INCIDENT_CLOSED, outputs);
            return null;
        }
        return incident;
    }

    /**
     * The alert a decision names, when it is live (with a revision waiting, when {@code pending}) and the revision is
     * the one the dispatcher saw; otherwise the command is refused and {@code null} returned.
     */
    private Alert atRevision(final AlertAction action, final long alertId, final int revision, final boolean pending,
        final int operatorId, final OutputSink outputs)
    {
        final Alert alert = checked(action, alertId, operatorId, outputs);
        if (null == alert)
        {
            return null;
        }
        if (!alert.live() || pending && !alert.pending)
        {
            publisher.rejected(action, alertId, alert.incidentId, operatorId, AlertRejectReason.WRONG_STATE, outputs);
            return null;
        }
        if (revision != alert.revision)
        {
            publisher.rejected(action, alertId, alert.incidentId, operatorId, AlertRejectReason.STALE_REVISION, outputs);
            return null;
        }
        return alert;
    }

    private Alert checked(final AlertAction action, final long alertId, final int operatorId, final OutputSink outputs)
    {
        final Alert alert = book.alerts.get(alertId);
        if (null == alert)
        {
            publisher.rejected(action, alertId, 0, operatorId, AlertRejectReason.UNKNOWN_ALERT, outputs);
        }
        return alert;
    }
}
