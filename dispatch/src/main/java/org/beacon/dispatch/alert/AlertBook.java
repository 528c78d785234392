package org.beacon.dispatch.alert;

import java.util.TreeMap;
import java.util.TreeSet;

import org.beacon.codecs.Hazard;

/**
 * The area-alert service's state: the alerts and their indexes, what dispatchers named for incidents, and the camera
 * candidates remembered. Every map is ordered, so snapshots and deadline scans replay byte for byte. The parts of the
 * service read and change the fields directly; the bookkeeping shared by several of them is here.
 */
final class AlertBook
{
    /** Every alert known, live or finished, by id. */
    final TreeMap<Long, Alert> alerts = new TreeMap<>();
    /** The live alert of an incident. */
    final TreeMap<Long, Long> liveByIncident = new TreeMap<>();
    /** The live alert of a camera zone ({@link Candidate#zoneKey()}). */
    final TreeMap<Long, Long> liveByZone = new TreeMap<>();
    /** Ids of the live alerts (proposed or active). */
    final TreeSet<Long> live = new TreeSet<>();
    /** Ids of the finished alerts still kept, oldest first. */
    final TreeSet<Long> finished = new TreeSet<>();
    /** The hazard a dispatcher named for an incident. */
    final TreeMap<Long, Hazard> hazards = new TreeMap<>();
    /** The extent a dispatcher reported for an incident. */
    final TreeMap<Long, Integer> extents = new TreeMap<>();
    /** Incidents classified without a usable location: their alert waits for one. */
    final TreeSet<Long> deferred = new TreeSet<>();
    /** Camera candidates by id. */
    final TreeMap<Long, Candidate> candidates = new TreeMap<>();
    /** The earliest deadline of a live alert (a lower bound: a tick before it has nothing to do). */
    long nextDeadlineNs = Long.MAX_VALUE;

    /**
     * @param incidentId an incident.
     * @return its live alert, or {@code null}.
     */
    Alert liveOfIncident(final long incidentId)
    {
        final Long liveId = liveByIncident.get(incidentId);
        return null == liveId ? null : alerts.get(liveId);
    }

    /** Adds an alert (a new one, or one a snapshot holds) with its indexes. */
    void index(final Alert alert)
    {
        alerts.put(alert.alertId, alert);
        if (alert.live())
        {
            live.add(alert.alertId);
            if (alert.incidentId > 0)
            {
                liveByIncident.put(alert.incidentId, alert.alertId);
            }
            if (alert.zoneKey != 0)
            {
                liveByZone.put(alert.zoneKey, alert.alertId);
            }
        }
        else
        {
            finished.add(alert.alertId);
        }
    }

    /** Moves an alert that has just finished out of the live indexes; the oldest finished alerts beyond
     * {@link AlertService#MAX_FINISHED} go. */
    void retire(final Alert alert)
    {
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
        while (finished.size() > AlertService.MAX_FINISHED)
        {
            alerts.remove(finished.pollFirst());
        }
    }

    /** Remembers a candidate; the oldest beyond {@link AlertService#MAX_CANDIDATES} go. */
    void remember(final long candidateId, final Candidate candidate)
    {
        candidates.put(candidateId, candidate);
        while (candidates.size() > AlertService.MAX_CANDIDATES)
        {
            candidates.pollFirstEntry();
        }
    }

    /** Forgets everything. */
    void clear()
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
