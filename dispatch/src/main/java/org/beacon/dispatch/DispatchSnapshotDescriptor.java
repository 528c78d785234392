package org.beacon.dispatch;

import java.nio.ByteOrder;

/**
 * Layout of a {@link DispatchService} snapshot, version 6 (version 5 had no current recommendations, version 4 no
 * incident closing time). All fields little-endian, whatever the
 * platform, so the same state gives the same bytes on every machine. Sections follow the header in this
 * order: incidents (ascending id), units (ascending id), calls (ascending id), caller numbers (ascending
 * unsigned bytes), pending fixes (ascending journal sequence), unit timers (the units' order), road
 * congestion (ascending edge index), hospitals (ascending id), coverage state, current recommendations. Older
 * versions are refused: restore from the journal start or from a version 6 snapshot. A unit's or a hospital's snapped edge is not
 * stored: it follows from its position and the fixed network.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Magic ("BDSN")                         |
 *  +---------------------------------------------------------------+
 *  |                      Layout Version (6)                       |
 *  +---------------------------------------------------------------+
 *  |                 Event Clock (ns, monotonic)                   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Incident Count                         |
 *  +---------------------------------------------------------------+
 *  |                          Unit Count                           |
 *  +---------------------------------------------------------------+
 *  |                          Call Count                           |
 *  +---------------------------------------------------------------+
 *  |                         Caller Count                          |
 *  +---------------------------------------------------------------+
 *  |                      Pending Fix Count                        |
 *  +---------------------------------------------------------------+
 *  |                         Reserved (0)                          |
 *  +---------------------------------------------------------------+
 *  |              Incident records (120 bytes each)               ...
 *  |          Unit records (32 bytes + call sign each)            ...
 *  |      Call records (64 bytes + caller + 32 per fix each)      ...
 *  |    Caller records (24 bytes + caller + 16 per call each)     ...
 *  |       Pending fix records (52 bytes + caller each)           ...
 *  |       Unit timer records (16 bytes each, Unit Count of them)   ...
 *  |  Congestion count (int32), then (edgeIndex, permille) int32s  ...
 *  |      Hospital count (int32), then hospital records (32 bytes)  ...
 *  |  Next coverage check (int64 ns), then gap masks (3 x int64:    |
 *  |  police, fire, ambulance; bit i = point i has a proposal)      |
 *  |  Recommendations: per incident (incidents' order) a count      |
 *  |  (int32) and the unit ids it names (int64 each); per unit      |
 *  |  (units' order) where it was when last named (lat, lon int32); |
 *  |  the refresh queue: count (int32), incident ids (int64), oldest |
 *  +---------------------------------------------------------------+
 *
 *  Incident record                          Unit record
 *    0 incidentId          int64              0 unitId              int64
 *    8 firstCallId         int64              8 committedIncidentId int64
 *   16 openedAtNs          int64             16 latMicros           int32
 *   24 lastCallAtNs        int64             20 lonMicros           int32
 *   32 lastAssignedUnitId  int64             24 agency              uint8
 *   40 mergedIntoId        int64             25 unitType            uint8
 *   48 bestCallId          int64 (0 none)    26 status              uint8
 *   56 pinCallId           int64 (0 none)    27 reserved (0)        uint8
 *   64 offeredUncertaintyM int64             28 callSignLength      int32
 *   72 latMicros           int32             32 callSign            bytes (UTF-8)
 *   76 lonMicros           int32
 *   80 uncertaintyM        uint32           Fix record (inside call and pending records)
 *   84 bestFixNumber       int32              0 number              int32
 *   88 assignedUnitCount   int32              4 latMicros           int32
 *   92 recommendedLat      int32              8 lonMicros           int32
 *   96 recommendedLon      int32             12 uncertaintyM        uint32
 *  100 agency              uint8             16 fixTimeNs           int64
 *  101 priority            uint8             24 fixSource           uint8
 *  102 status              uint8             25 shape               uint8
 *  103 locationQuality     uint8             26 method              uint8
 *  104 fallbackQuality     uint8             27 confidencePct       uint8
 *  105 addedAgencies       uint8             28 reserved (0)        int32
 *  106 agencies            uint8
 *  107 recommendedMask     uint8            Caller record
 *  108 reserved (0)        int32              0 clearedAtNs         int64
 *  112 closedAtNs          int64 (-1 open)
 *                                             8 lastActivityNs      int64
 *  Call record                               16 entryCount          int32
 *    0 callId              int64             20 callerLength        int32
 *    8 incidentId          int64             24 caller              bytes
 *   16 receivedAtNs        int64              + entries, oldest first: atNs int64, callId int64
 *   24 endedAtNs           int64
 *   32 confirmedSequence   int64            Pending fix record
 *   40 fixCount            int32              0 sequence            int64
 *   44 bestFixNumber       int32 (0 none)     8 receivedAtNs        int64
 *   48 confirmedFixNumber  int32 (0 none)    16 fix                 fix record
 *   52 recentCalls         int32             48 callerLength        int32
 *   56 agency              uint8             52 caller              bytes
 *   57 flags               uint8 (1 ended, 2 nuisance)
 *   58 lastQuality         uint8
 *   59 lastProblem         uint8
 *   60 lastShape           uint8
 *   61 lastSource          uint8
 *   62 storedFixCount      uint8
 *   63 callerLength        uint8
 *   64 caller              bytes
 *    + stored fixes, ascending number: fix record each
 *
 *  Unit timer record                        Congestion entry (only edges not at 1000)
 *    0 statusSinceNs       int64              0 edgeIndex           int32
 *    8 lastEtaS            int32 (-1 none)    4 factorPermille      int32
 *   12 overdueRaised       uint8
 *   13 reserved (0)        3 bytes
 *
 *  Hospital record
 *    0 hospitalId          int64
 *    8 latMicros           int32
 *   12 lonMicros           int32
 *   16 capabilities        int32 (HospitalCapabilities bits)
 *   20 availableBeds       int32
 *   24 diverting           int32 (0 or 1)
 *   28 reserved (0)        int32
 * </pre>
 * Enumerations are stored as their SBE wire values. An incident's calls, call count and nuisance count
 * are not stored: they follow from the calls' incident ids.
 */
final class DispatchSnapshotDescriptor
{
    static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    static final int MAGIC = 0x4E534442; // "BDSN" read little-endian
    static final int LAYOUT_VERSION = 6;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int CLOCK_OFFSET = 8;
    static final int INCIDENT_COUNT_OFFSET = 16;
    static final int UNIT_COUNT_OFFSET = 20;
    static final int CALL_COUNT_OFFSET = 24;
    static final int CALLER_COUNT_OFFSET = 28;
    static final int PENDING_COUNT_OFFSET = 32;
    static final int HEADER_RESERVED_OFFSET = 36;
    static final int HEADER_LENGTH = 40;

    static final int INCIDENT_ID_OFFSET = 0;
    static final int INCIDENT_FIRST_CALL_ID_OFFSET = 8;
    static final int INCIDENT_OPENED_AT_OFFSET = 16;
    static final int INCIDENT_LAST_CALL_AT_OFFSET = 24;
    static final int INCIDENT_LAST_ASSIGNED_UNIT_OFFSET = 32;
    static final int INCIDENT_MERGED_INTO_OFFSET = 40;
    static final int INCIDENT_BEST_CALL_OFFSET = 48;
    static final int INCIDENT_PIN_CALL_OFFSET = 56;
    static final int INCIDENT_OFFERED_UNCERTAINTY_OFFSET = 64;
    static final int INCIDENT_LAT_OFFSET = 72;
    static final int INCIDENT_LON_OFFSET = 76;
    static final int INCIDENT_UNCERTAINTY_OFFSET = 80;
    static final int INCIDENT_BEST_FIX_OFFSET = 84;
    static final int INCIDENT_ASSIGNED_COUNT_OFFSET = 88;
    static final int INCIDENT_RECOMMENDED_LAT_OFFSET = 92;
    static final int INCIDENT_RECOMMENDED_LON_OFFSET = 96;
    static final int INCIDENT_AGENCY_OFFSET = 100;
    static final int INCIDENT_PRIORITY_OFFSET = 101;
    static final int INCIDENT_STATUS_OFFSET = 102;
    static final int INCIDENT_QUALITY_OFFSET = 103;
    static final int INCIDENT_FALLBACK_QUALITY_OFFSET = 104;
    static final int INCIDENT_ADDED_AGENCIES_OFFSET = 105;
    static final int INCIDENT_AGENCIES_OFFSET = 106;
    static final int INCIDENT_RECOMMENDED_MASK_OFFSET = 107;
    static final int INCIDENT_RESERVED_OFFSET = 108;
    static final int INCIDENT_CLOSED_AT_OFFSET = 112;
    static final int INCIDENT_LENGTH = 120;

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

    static final int CALL_ID_OFFSET = 0;
    static final int CALL_INCIDENT_OFFSET = 8;
    static final int CALL_RECEIVED_AT_OFFSET = 16;
    static final int CALL_ENDED_AT_OFFSET = 24;
    static final int CALL_CONFIRMED_SEQUENCE_OFFSET = 32;
    static final int CALL_FIX_COUNT_OFFSET = 40;
    static final int CALL_BEST_FIX_OFFSET = 44;
    static final int CALL_CONFIRMED_FIX_OFFSET = 48;
    static final int CALL_RECENT_CALLS_OFFSET = 52;
    static final int CALL_AGENCY_OFFSET = 56;
    static final int CALL_FLAGS_OFFSET = 57;
    static final int CALL_LAST_QUALITY_OFFSET = 58;
    static final int CALL_LAST_PROBLEM_OFFSET = 59;
    static final int CALL_LAST_SHAPE_OFFSET = 60;
    static final int CALL_LAST_SOURCE_OFFSET = 61;
    static final int CALL_STORED_FIXES_OFFSET = 62;
    static final int CALL_CALLER_LENGTH_OFFSET = 63;
    static final int CALL_CALLER_OFFSET = 64;
    static final int CALL_FLAG_ENDED = 1;
    static final int CALL_FLAG_NUISANCE = 2;

    static final int FIX_NUMBER_OFFSET = 0;
    static final int FIX_LAT_OFFSET = 4;
    static final int FIX_LON_OFFSET = 8;
    static final int FIX_UNCERTAINTY_OFFSET = 12;
    static final int FIX_TIME_OFFSET = 16;
    static final int FIX_SOURCE_OFFSET = 24;
    static final int FIX_SHAPE_OFFSET = 25;
    static final int FIX_METHOD_OFFSET = 26;
    static final int FIX_CONFIDENCE_OFFSET = 27;
    static final int FIX_RESERVED_OFFSET = 28;
    static final int FIX_LENGTH = 32;

    static final int CALLER_CLEARED_AT_OFFSET = 0;
    static final int CALLER_LAST_ACTIVITY_OFFSET = 8;
    static final int CALLER_ENTRY_COUNT_OFFSET = 16;
    static final int CALLER_LENGTH_OFFSET = 20;
    static final int CALLER_BYTES_OFFSET = 24;
    static final int CALLER_ENTRY_LENGTH = 16;

    static final int PENDING_SEQUENCE_OFFSET = 0;
    static final int PENDING_RECEIVED_AT_OFFSET = 8;
    static final int PENDING_FIX_OFFSET = 16;
    static final int PENDING_CALLER_LENGTH_OFFSET = 48;
    static final int PENDING_CALLER_OFFSET = 52;

    static final int TIMER_SINCE_OFFSET = 0;
    static final int TIMER_LAST_ETA_OFFSET = 8;
    static final int TIMER_OVERDUE_OFFSET = 12;
    static final int TIMER_LENGTH = 16;
    static final int CONGESTION_ENTRY_LENGTH = 8;

    static final int HOSPITAL_ID_OFFSET = 0;
    static final int HOSPITAL_LAT_OFFSET = 8;
    static final int HOSPITAL_LON_OFFSET = 12;
    static final int HOSPITAL_CAPABILITIES_OFFSET = 16;
    static final int HOSPITAL_BEDS_OFFSET = 20;
    static final int HOSPITAL_DIVERTING_OFFSET = 24;
    static final int HOSPITAL_RESERVED_OFFSET = 28;
    static final int HOSPITAL_LENGTH = 32;

    private DispatchSnapshotDescriptor()
    {
    }
}
