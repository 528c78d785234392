package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;

/**
 * Read-only copy of an incident for tools (replay "show", console snapshots). Created only when a
 * tool asks, never on the event path.
 *
 * @param incidentId         the journal sequence of the call that opened it.
 * @param firstCallId        the call that opened it.
 * @param agency             the agency of the opening call.
 * @param priority           1 highest .. 5 lowest.
 * @param status             open, dispatched or closed.
 * @param locationQuality    quality of the opening call's location.
 * @param latMicros          latitude in micro-degrees.
 * @param lonMicros          longitude in micro-degrees.
 * @param uncertaintyM       location uncertainty radius, metres.
 * @param callCount          calls correlated to it, the opening one included.
 * @param openedAtNs         event time it was opened.
 * @param lastCallAtNs       event time of its latest call.
 * @param assignedUnitCount  dispatch orders issued for it.
 * @param lastAssignedUnitId the unit of the latest dispatch order, or 0.
 */
public record IncidentView(
    long incidentId,
    long firstCallId,
    Agency agency,
    short priority,
    IncidentStatus status,
    LocationQuality locationQuality,
    int latMicros,
    int lonMicros,
    long uncertaintyM,
    int callCount,
    long openedAtNs,
    long lastCallAtNs,
    int assignedUnitCount,
    long lastAssignedUnitId)
{
}
