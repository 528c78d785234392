package org.beacon.dispatch;

import java.util.Set;

import org.beacon.codecs.Agency;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;

/**
 * Read-only copy of an incident for tools (replay "show", console snapshots). Created only when a
 * tool asks, never on the event path.
 *
 * @param incidentId         the journal sequence of the call that opened it (or of the SPLIT_CALL command).
 * @param firstCallId        the call that opened it.
 * @param agency             the agency of the opening call.
 * @param priority           1 highest .. 5 lowest: the highest of its opening agency and the agencies needed.
 * @param status             open, dispatched or closed.
 * @param locationQuality    USABLE when it has a location, else the opening call's quality.
 * @param latMicros          latitude in micro-degrees.
 * @param lonMicros          longitude in micro-degrees.
 * @param uncertaintyM       location uncertainty radius (95%), metres.
 * @param callCount          calls that belong to it now (0 once merged into another).
 * @param openedAtNs         event time it was opened.
 * @param lastCallAtNs       event time of its latest call.
 * @param assignedUnitCount  dispatch orders issued for it.
 * @param lastAssignedUnitId the unit of the latest dispatch order, or 0.
 * @param agencies           agencies it needs (POLICE, FIRE, AMBULANCE; empty when only 112 calls and none added).
 * @param nuisance           whether a call of it is flagged as a possible nuisance.
 * @param locationConfirmed  whether its location is pinned by a call-taker.
 * @param mergedIntoId       the incident it was merged into, or 0.
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
    long lastAssignedUnitId,
    Set<Agency> agencies,
    boolean nuisance,
    boolean locationConfirmed,
    long mergedIntoId)
{
}
