package org.beacon.console.model;

import org.agrona.collections.Long2LongHashMap;

/**
 * Which incident each area alert belongs to, learnt by {@link TimelineText} from the alert outputs while a
 * timeline reads the journals in order: a dispatcher's EDIT, APPROVE, REJECT or CANCEL and the broadcast
 * gateway's report name only the alert, and this is how they still reach the incident's timeline. One per
 * reading of the journals; not thread-safe.
 */
public final class AlertIncidents
{
    private final Long2LongHashMap incidentByAlert = new Long2LongHashMap(0);

    /**
     * Remembers an alert's incident.
     *
     * @param alertId    the alert.
     * @param incidentId its incident; 0 (a camera candidate's alert) is not remembered.
     */
    public void learn(final long alertId, final long incidentId)
    {
        if (alertId > 0 && incidentId > 0)
        {
            incidentByAlert.put(alertId, incidentId);
        }
    }

    /**
     * @param alertId an alert.
     * @return its incident, 0 when not known.
     */
    public long incidentOf(final long alertId)
    {
        return alertId > 0 ? incidentByAlert.get(alertId) : 0;
    }
}
