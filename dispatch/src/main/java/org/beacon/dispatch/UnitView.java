package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;

/**
 * Read-only copy of a unit for tools (replay "show", console snapshots). Created only when a tool
 * asks, never on the event path.
 *
 * @param unitId              the unit's id.
 * @param agency              the agency it belongs to.
 * @param unitType            its kind.
 * @param status              its last reported or ordered status.
 * @param latMicros           latitude in micro-degrees.
 * @param lonMicros           longitude in micro-degrees.
 * @param committedIncidentId the incident it is committed to, or 0.
 * @param callSign            its radio call sign.
 */
public record UnitView(
    long unitId,
    Agency agency,
    UnitType unitType,
    UnitStatusCode status,
    int latMicros,
    int lonMicros,
    long committedIncidentId,
    String callSign)
{
}
