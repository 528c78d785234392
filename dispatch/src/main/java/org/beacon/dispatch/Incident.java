package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;

/**
 * Mutable state of one incident; owned by {@link DispatchService} and never handed out.
 */
final class Incident extends Entity
{
    long firstCallId;
    Agency agency;
    short priority;
    IncidentStatus status;
    LocationQuality locationQuality;
    int latMicros;
    int lonMicros;
    long uncertaintyM;
    int callCount;
    long openedAtNs;
    long lastCallAtNs;
    int assignedUnitCount;
    long lastAssignedUnitId;

    boolean isActive()
    {
        return status != IncidentStatus.CLOSED;
    }

    boolean hasUsableLocation()
    {
        return locationQuality == LocationQuality.USABLE;
    }

    IncidentView view()
    {
        return new IncidentView(
            id, firstCallId, agency, priority, status, locationQuality, latMicros, lonMicros, uncertaintyM,
            callCount, openedAtNs, lastCallAtNs, assignedUnitCount, lastAssignedUnitId);
    }
}
