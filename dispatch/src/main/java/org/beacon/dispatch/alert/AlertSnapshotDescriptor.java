package org.beacon.dispatch.alert;

/**
 * The layout of the area-alert service's snapshot section, version {@link #VERSION}. Fields are in the buffer's native
 * byte order (Agrona's default); strings are a 32-bit length and UTF-8 bytes.
 *
 * <pre>
 *  header (HEADER_LENGTH bytes)
 *    magic 'ALT1' (int32) | version (int32) | next deadline ns (int64)
 *    alert count (int32) | hazard count (int32) | deferred count (int32) | candidate count (int32)
 *  per alert, by id
 *    alert id, incident id, candidate id, zone key (int64 each) | hazard (int8) | state (int8)
 *    flags (int8: FLAG_PENDING, FLAG_OPERATOR_GEOMETRY, FLAG_ISSUED) | revision, issued revision (int32 each)
 *    expires at ns, proposed at ns (int64 each)
 *    proposed area | issued area, when FLAG_ISSUED
 *    message count (int32), per message: CAP identifier (string) | sent ns (int64)
 *  per area
 *    lat, lon micros | inner radius m | ring m | polygon length in ints (int32 each) | the polygon's ints
 *  per hazard named, by incident id
 *    incident id (int64) | hazard (int8) | extent m (int32)
 *  per deferred incident, by id
 *    incident id (int64)
 *  per camera candidate, by id
 *    candidate id (int64) | lat, lon micros | radius m | camera id | zone id (int32 each)
 * </pre>
 */
final class AlertSnapshotDescriptor
{
    /** 'ALT1'. */
    static final int MAGIC = 0x414C5431;
    /** The layout described here; also the service's section version. */
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int NEXT_DEADLINE_OFFSET = 8;
    static final int ALERT_COUNT_OFFSET = 16;
    static final int HAZARD_COUNT_OFFSET = 20;
    static final int DEFERRED_COUNT_OFFSET = 24;
    static final int CANDIDATE_COUNT_OFFSET = 28;
    static final int HEADER_LENGTH = 32;

    static final int ALERT_ID_OFFSET = 0;
    static final int INCIDENT_ID_OFFSET = 8;
    static final int CANDIDATE_ID_OFFSET = 16;
    static final int ZONE_KEY_OFFSET = 24;
    static final int HAZARD_OFFSET = 32;
    static final int STATE_OFFSET = 33;
    static final int FLAGS_OFFSET = 34;
    static final int REVISION_OFFSET = 35;
    static final int ISSUED_REVISION_OFFSET = 39;
    static final int EXPIRES_AT_OFFSET = 43;
    static final int PROPOSED_AT_OFFSET = 51;
    /** The fixed part of an alert, before its areas. */
    static final int ALERT_LENGTH = 59;

    static final int FLAG_PENDING = 1;
    static final int FLAG_OPERATOR_GEOMETRY = 2;
    static final int FLAG_ISSUED = 4;

    static final int AREA_LAT_OFFSET = 0;
    static final int AREA_LON_OFFSET = 4;
    static final int AREA_INNER_RADIUS_OFFSET = 8;
    static final int AREA_RING_OFFSET = 12;
    static final int AREA_POLYGON_LENGTH_OFFSET = 16;
    /** The fixed part of an area, before its polygon. */
    static final int AREA_HEADER_LENGTH = 20;

    static final int HAZARD_INCIDENT_OFFSET = 0;
    static final int HAZARD_VALUE_OFFSET = 8;
    static final int HAZARD_EXTENT_OFFSET = 9;
    static final int HAZARD_ENTRY_LENGTH = 13;

    static final int DEFERRED_ENTRY_LENGTH = 8;

    static final int CANDIDATE_ID_ENTRY_OFFSET = 0;
    static final int CANDIDATE_LAT_OFFSET = 8;
    static final int CANDIDATE_LON_OFFSET = 12;
    static final int CANDIDATE_RADIUS_OFFSET = 16;
    static final int CANDIDATE_CAMERA_OFFSET = 20;
    static final int CANDIDATE_ZONE_OFFSET = 24;
    static final int CANDIDATE_ENTRY_LENGTH = 28;

    private AlertSnapshotDescriptor()
    {
    }
}
