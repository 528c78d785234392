package org.beacon.dispatch.alert;

import java.util.function.LongFunction;

import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.IncidentView;
import org.beacon.dispatch.location.Geodesy;

/**
 * What area alerts do on what other services emitted for the same event: an incident's update (merged into another,
 * closed, or a better location) follows its alert, a deferred classification gets its alert once the incident has a
 * usable location, and a camera candidate is remembered and proposed as a crowd alert.
 */
final class AlertReactions
{
    /** A better location moves an alert's proposal when its centre moves this far ... */
    static final int MOVE_THRESHOLD_M = 20;
    /** ... or its inner radius changes by this share (per mille). */
    static final int RESIZE_THRESHOLD_PERMILLE = 100;
    private static final double MICRO = 1e-6;

    private final AlertConfig config;
    private final LongFunction<IncidentView> incidents;
    private final AlertBook book;
    private final AlertLifecycle lifecycle;

    AlertReactions(final AlertConfig config, final LongFunction<IncidentView> incidents, final AlertBook book,
        final AlertLifecycle lifecycle)
    {
        this.config = config;
        this.incidents = incidents;
        this.book = book;
        this.lifecycle = lifecycle;
    }

    /**
     * An {@code IncidentUpdated} dispatch emitted.
     *
     * @param sequence    the event's journal sequence (a deferred alert is named after it).
     * @param timestampNs the event's timestamp.
     * @param incidentId  the incident.
     * @param reason      the update's reason, raw.
     * @param status      the incident's status, raw.
     * @param other       the incident it was merged into, or 0.
     * @param lat         its location's latitude.
     * @param lon         its location's longitude.
     * @param uncertainty its location's uncertainty.
     * @param outputs     where outputs go.
     */
    void onIncidentUpdated(final long sequence, final long timestampNs, final long incidentId, final short reason,
        final short status, final long other, final int lat, final int lon, final long uncertainty, final OutputSink outputs)
    {
        final Alert live = book.liveOfIncident(incidentId);
        if (reason == UpdateReason.MERGED.value() && status == IncidentStatus.CLOSED.value() && other > 0)
        {
            onMerged(incidentId, other, live, timestampNs, outputs);
        }
        else if (status == IncidentStatus.CLOSED.value())
        {
            onClosed(incidentId, live, timestampNs, outputs);
        }
        else
        {
            onLocated(sequence, timestampNs, incidentId, lat, lon, uncertainty, live, outputs);
        }
    }

    /** The hazard moves to the incident merged into; so does the alert, unless that one has its own (then it ends). */
    private void onMerged(final long incidentId, final long other, final Alert live, final long timestampNs, final OutputSink outputs)
    {
        final Hazard hazard = book.hazards.remove(incidentId);
        final Integer extent = book.extents.remove(incidentId);
        if (null != hazard && !book.hazards.containsKey(other))
        {
            book.hazards.put(other, hazard);
            book.extents.put(other, null == extent ? 0 : extent);
            if (book.deferred.remove(incidentId))
            {
                book.deferred.add(other);
            }
        }
        book.deferred.remove(incidentId);
        if (null != live)
        {
            if (book.liveByIncident.containsKey(other))
            {
                lifecycle.end(live, "Sự cố đã gộp vào sự cố 112-" + other + " / merged into incident 112-" + other, timestampNs, outputs);
            }
            else
            {
                book.liveByIncident.remove(incidentId);
                live.incidentId = other;
                book.liveByIncident.put(other, live.alertId);
            }
        }
    }

    private void onClosed(final long incidentId, final Alert live, final long timestampNs, final OutputSink outputs)
    {
        book.hazards.remove(incidentId);
        book.extents.remove(incidentId);
        book.deferred.remove(incidentId);
        if (null != live)
        {
            lifecycle.end(live, "Sự cố đã kết thúc / incident closed", timestampNs, outputs);
        }
    }

    /** A location: the alert's proposal follows it when it moved or grew enough; a deferred alert opens. */
    private void onLocated(final long sequence, final long timestampNs, final long incidentId, final int lat, final int lon,
        final long uncertainty, final Alert live, final OutputSink outputs)
    {
        final Hazard hazard = book.hazards.get(incidentId);
        if (null == hazard || (lat == 0 && lon == 0))
        {
            return;
        }
        final int extent = book.extents.getOrDefault(incidentId, 0);
        if (null != live)
        {
            if (live.operatorGeometry)
            {
                return;
            }
            final AlertArea area = lifecycle.size(hazard, lat, lon, uncertainty, extent);
            final AlertArea current = live.proposed;
            final double moved = Geodesy.distanceM(current.latMicros() * MICRO, current.lonMicros() * MICRO, lat * MICRO, lon * MICRO);
            final long resized = Math.abs((long)area.innerRadiusM() - current.innerRadiusM()) * 1000L;
            if (moved >= MOVE_THRESHOLD_M || resized >= (long)RESIZE_THRESHOLD_PERMILLE * current.innerRadiusM())
            {
                lifecycle.newRevision(live, area, ProposalReason.LOCATION_CHANGED, 0, timestampNs, outputs);
            }
        }
        else if (book.deferred.contains(incidentId) && null != config.rule(hazard))
        {
            final IncidentView incident = null == incidents ? null : incidents.apply(incidentId);
            if (null != incident && incident.locationQuality() == LocationQuality.USABLE && !book.alerts.containsKey(sequence))
            {
                book.deferred.remove(incidentId);
                // the alert is named after this event's input: the one that gave the incident a usable location
                final Alert alert = new Alert(sequence, incidentId, 0, 0);
                alert.hazard = hazard;
                lifecycle.open(alert, lifecycle.size(hazard, lat, lon, uncertainty, extent), 0, timestampNs, outputs);
            }
        }
    }

    /**
     * A camera candidate: remembered for a dispatcher's PROPOSE, and proposed as a crowd alert unless its zone has one.
     */
    void onCandidate(final long sequence, final long timestampNs, final long candidateId, final Candidate c, final OutputSink outputs)
    {
        book.remember(candidateId, c);
        final AlertConfig.Rule rule = config.rule(Hazard.CROWD);
        if (null == rule || book.liveByZone.containsKey(c.zoneKey()) || book.alerts.containsKey(sequence) ||
            (c.latMicros() == 0 && c.lonMicros() == 0))
        {
            return;
        }
        final Alert alert = new Alert(sequence, 0, candidateId, c.zoneKey());
        alert.hazard = Hazard.CROWD;
        lifecycle.open(alert, AlertLifecycle.candidateArea(rule, c), 0, timestampNs, outputs);
    }
}
