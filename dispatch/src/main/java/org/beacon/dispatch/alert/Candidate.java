package org.beacon.dispatch.alert;

/**
 * An incident candidate camera analytics emitted: where, how large, and which camera zone it is of.
 *
 * @param latMicros the place's latitude.
 * @param lonMicros the place's longitude.
 * @param radiusM   the zone's radius.
 * @param cameraId  the camera.
 * @param zoneId    the zone of the camera.
 */
record Candidate(int latMicros, int lonMicros, int radiusM, int cameraId, int zoneId)
{
    /** @return the camera and zone as one key: at most one live alert per zone. */
    long zoneKey()
    {
        return ((long)cameraId << 32) | (zoneId & 0xFFFF_FFFFL);
    }
}
