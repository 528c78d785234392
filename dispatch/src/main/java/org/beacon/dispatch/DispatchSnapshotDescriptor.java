package org.beacon.dispatch;

import java.nio.ByteOrder;

/**
 * Layout of a {@link DispatchService} snapshot. All fields little-endian, whatever the platform, so
 * the same state gives the same bytes on every machine. Records follow the header, incidents first,
 * each list in ascending id order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Magic ("BDSN")                         |
 *  +---------------------------------------------------------------+
 *  |                        Layout Version                         |
 *  +---------------------------------------------------------------+
 *  |                        Incident Count                         |
 *  +---------------------------------------------------------------+
 *  |                          Unit Count                           |
 *  +---------------------------------------------------------------+
 *  |              Incident records (64 bytes each)                ...
 *  +---------------------------------------------------------------+
 *  |          Unit records (32 bytes + call sign each)            ...
 *  +---------------------------------------------------------------+
 *
 *  Incident record                          Unit record
 *   0 incidentId          int64              0 unitId              int64
 *   8 firstCallId         int64              8 committedIncidentId int64
 *  16 openedAtNs          int64             16 latMicros           int32
 *  24 lastCallAtNs        int64             20 lonMicros           int32
 *  32 lastAssignedUnitId  int64             24 agency              uint8
 *  40 latMicros           int32             25 unitType            uint8
 *  44 lonMicros           int32             26 status              uint8
 *  48 uncertaintyM        uint32            27 reserved (0)        uint8
 *  52 callCount           int32             28 callSignLength      int32
 *  56 assignedUnitCount   int32             32 callSign            bytes (UTF-8)
 *  60 agency              uint8
 *  61 priority            uint8
 *  62 status              uint8
 *  63 locationQuality     uint8
 * </pre>
 * Enumerations are stored as their SBE wire values.
 */
final class DispatchSnapshotDescriptor
{
    static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    static final int MAGIC = 0x4E534442; // "BDSN" read little-endian
    static final int LAYOUT_VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int INCIDENT_COUNT_OFFSET = 8;
    static final int UNIT_COUNT_OFFSET = 12;
    static final int HEADER_LENGTH = 16;

    static final int INCIDENT_ID_OFFSET = 0;
    static final int INCIDENT_FIRST_CALL_ID_OFFSET = 8;
    static final int INCIDENT_OPENED_AT_OFFSET = 16;
    static final int INCIDENT_LAST_CALL_AT_OFFSET = 24;
    static final int INCIDENT_LAST_ASSIGNED_UNIT_OFFSET = 32;
    static final int INCIDENT_LAT_OFFSET = 40;
    static final int INCIDENT_LON_OFFSET = 44;
    static final int INCIDENT_UNCERTAINTY_OFFSET = 48;
    static final int INCIDENT_CALL_COUNT_OFFSET = 52;
    static final int INCIDENT_ASSIGNED_COUNT_OFFSET = 56;
    static final int INCIDENT_AGENCY_OFFSET = 60;
    static final int INCIDENT_PRIORITY_OFFSET = 61;
    static final int INCIDENT_STATUS_OFFSET = 62;
    static final int INCIDENT_QUALITY_OFFSET = 63;
    static final int INCIDENT_LENGTH = 64;

    static final int UNIT_ID_OFFSET = 0;
    static final int UNIT_COMMITTED_INCIDENT_OFFSET = 8;
    static final int UNIT_LAT_OFFSET = 16;
    static final int UNIT_LON_OFFSET = 20;
    static final int UNIT_AGENCY_OFFSET = 24;
    static final int UNIT_TYPE_OFFSET = 25;
    static final int UNIT_STATUS_OFFSET = 26;
    static final int UNIT_RESERVED_OFFSET = 27;
    static final int UNIT_CALL_SIGN_LENGTH_OFFSET = 28;
    static final int UNIT_CALL_SIGN_OFFSET = 32;

    private DispatchSnapshotDescriptor()
    {
    }
}
