package org.beacon.dispatch;

import java.util.concurrent.TimeUnit;

/**
 * Fixed parameters of a {@link DispatchService}. They are given at construction, never read at apply
 * time; changing them on a running center is an event of its own, so they are not part of the snapshot
 * (a snapshot must be restored with the configuration it was taken with).
 *
 * @param duplicateRadiusM            extent of one event's scene, metres: two callers of one event stand at most this far
 *                                    apart. The correlation threshold adds the fixes' combined uncertainty to it.
 * @param duplicateWindowNs           a call may join an incident that got its latest call at most this long ago.
 * @param unitSpeedKmh                assumed speed of a unit for the straight-line ETA of a recommendation.
 * @param recommendationCount         how many units are recommended per needed agency (0 to 254).
 * @param correlationUncertaintyCapM  cap on the combined-uncertainty term of the correlation threshold, metres.
 * @param maxJoinUncertaintyM         a location coarser than this (a network cell sector) never auto-joins, metres.
 * @param fixAgingMmPerS              how fast a fix's effective uncertainty grows with its age, millimetres per second.
 * @param nuisanceCallThreshold       a number that called this many times within the window is flagged (2 to 64).
 * @param nuisanceWindowNs            the window of the nuisance rule.
 * @param pendingFixTtlNs             a fix for a number without a call waits this long for the call.
 * @param maxPendingFixes             at most this many fixes wait for their call; the oldest is dropped beyond.
 * @param callMatchWindowNs           a fix matched by caller number only goes to a call received at most this long ago.
 * @param endedCallGraceNs            ... and to an ended call only if it ended at most this long ago (AML after hang-up).
 * @param rerecommendDistanceM        recommendations are given again when the incident location moves farther than this.
 * @param maxSnapDistanceM            with a road graph: a unit or incident farther than this from any road is not snapped
 *                                    and falls back to the straight line, metres.
 * @param etaUpdateThresholdS         an AVL fix that changes a committed unit's drive time by at least this much is published.
 * @param dispatchedOverdueNs         a unit DISPATCHED longer than this without a status change is overdue.
 * @param enRouteOverdueNs            ... EN_ROUTE.
 * @param onSceneOverdueNs            ... ON_SCENE.
 * @param transportingOverdueNs       ... TRANSPORTING.
 * @param atHospitalOverdueNs         ... AT_HOSPITAL.
 * @param retentionNs                 how long a closed incident and its calls stay in the live state after closing.
 * @param refreshesPerEvent           recommendations kept current: at most this many incidents get a new recommendation
 *                                    per event because a unit their current one names changed status, commitment or
 *                                    position (the rest wait for the next events, in the order they were due), and a
 *                                    unit that is not AVAILABLE is never ranked first while an AVAILABLE one can be.
 *                                    0 is the behaviour of journals recorded before (era 1, {@link #ERA_1}):
 *                                    recommendations are given only when an incident needs them and rank by measure
 *                                    alone.
 */
public record DispatchConfig(
    int duplicateRadiusM,
    long duplicateWindowNs,
    int unitSpeedKmh,
    int recommendationCount,
    int correlationUncertaintyCapM,
    int maxJoinUncertaintyM,
    int fixAgingMmPerS,
    int nuisanceCallThreshold,
    long nuisanceWindowNs,
    long pendingFixTtlNs,
    int maxPendingFixes,
    long callMatchWindowNs,
    long endedCallGraceNs,
    int rerecommendDistanceM,
    int maxSnapDistanceM,
    int etaUpdateThresholdS,
    long dispatchedOverdueNs,
    long enRouteOverdueNs,
    long onSceneOverdueNs,
    long transportingOverdueNs,
    long atHospitalOverdueNs,
    long retentionNs,
    int refreshesPerEvent)
{
    /** Default number of incidents whose recommendation is refreshed per event (each is one bounded search). */
    public static final int DEFAULT_REFRESHES_PER_EVENT = 8;

    /** The largest number of refreshes per event. */
    public static final int MAX_REFRESHES_PER_EVENT = 1_024;

    /**
     * Default time a closed incident and its calls stay in the live state after closing (24 hours): a call-taker can
     * still see and correct it during the shift; afterwards it lives in the journal, for replay and the auditor.
     */
    public static final long DEFAULT_RETENTION_NS = TimeUnit.HOURS.toNanos(24);

    /** The shortest retention: a minute. */
    public static final long MIN_RETENTION_NS = TimeUnit.MINUTES.toNanos(1);

    /** Default scene extent for duplicate calls, metres (the common baseline). */
    public static final int DEFAULT_DUPLICATE_RADIUS_M = 80;

    /** Default window for duplicate calls, nanoseconds (10 minutes). */
    public static final long DEFAULT_DUPLICATE_WINDOW_NS = TimeUnit.MINUTES.toNanos(10);

    /** Default assumed unit speed, km/h. */
    public static final int DEFAULT_UNIT_SPEED_KMH = 40;

    /** Default number of recommended units per agency. */
    public static final int DEFAULT_RECOMMENDATION_COUNT = 3;

    /** Default cap on the uncertainty term of the correlation threshold, metres. */
    public static final int DEFAULT_CORRELATION_UNCERTAINTY_CAP_M = 250;

    /** Default coarsest location that may auto-join, metres. */
    public static final int DEFAULT_MAX_JOIN_UNCERTAINTY_M = 1_000;

    /** Default growth of a fix's effective uncertainty with age: 1 m/s, a walking caller. */
    public static final int DEFAULT_FIX_AGING_MM_PER_S = 1_000;

    /** Default number of calls that flags a number. */
    public static final int DEFAULT_NUISANCE_CALL_THRESHOLD = 3;

    /** Default nuisance window (10 minutes). */
    public static final long DEFAULT_NUISANCE_WINDOW_NS = TimeUnit.MINUTES.toNanos(10);

    /** Default time a fix waits for its call (2 minutes). */
    public static final long DEFAULT_PENDING_FIX_TTL_NS = TimeUnit.MINUTES.toNanos(2);

    /** Default bound of the pending fix store. */
    public static final int DEFAULT_MAX_PENDING_FIXES = 10_000;

    /** Default window for matching a fix to a call by number (1 hour). */
    public static final long DEFAULT_CALL_MATCH_WINDOW_NS = TimeUnit.HOURS.toNanos(1);

    /** Default grace after a call ended during which a fix by number still goes to it (2 minutes). */
    public static final long DEFAULT_ENDED_CALL_GRACE_NS = TimeUnit.MINUTES.toNanos(2);

    /** Default move of an incident's location that triggers new recommendations, metres. */
    public static final int DEFAULT_RERECOMMEND_DISTANCE_M = 500;

    /** Default largest distance from a road at which a position is snapped, metres. */
    public static final int DEFAULT_MAX_SNAP_DISTANCE_M = 500;

    /** Default ETA change that is published as EtaUpdated, seconds. */
    public static final int DEFAULT_ETA_UPDATE_THRESHOLD_S = 10;

    /** Default DISPATCHED overdue threshold (120 s). */
    public static final long DEFAULT_DISPATCHED_OVERDUE_NS = TimeUnit.SECONDS.toNanos(120);

    /** Default EN_ROUTE overdue threshold (20 min). */
    public static final long DEFAULT_EN_ROUTE_OVERDUE_NS = TimeUnit.MINUTES.toNanos(20);

    /** Default ON_SCENE overdue threshold (60 min). */
    public static final long DEFAULT_ON_SCENE_OVERDUE_NS = TimeUnit.MINUTES.toNanos(60);

    /** Default TRANSPORTING overdue threshold (45 min). */
    public static final long DEFAULT_TRANSPORTING_OVERDUE_NS = TimeUnit.MINUTES.toNanos(45);

    /** Default AT_HOSPITAL overdue threshold (30 min). */
    public static final long DEFAULT_AT_HOSPITAL_OVERDUE_NS = TimeUnit.MINUTES.toNanos(30);

    /** The largest recommendation count: rank is a uint8 whose 255 is the null value. */
    public static final int MAX_RECOMMENDATION_COUNT = 254;

    /** The largest nuisance threshold: the per-number history keeps this many calls. */
    public static final int MAX_NUISANCE_CALL_THRESHOLD = CallerHistory.MAX_ENTRIES;

    /** The largest fix aging rate, mm/s (1 km/s). */
    public static final int MAX_FIX_AGING_MM_PER_S = 1_000_000;

    /** Journals recorded before recommendations were kept current: {@link #refreshesPerEvent} 0. */
    public static final int ERA_1 = 1;

    /** The era of journals started by this build: recommendations kept current. */
    public static final int CURRENT_ERA = 2;

    /** The defaults. */
    public static final DispatchConfig DEFAULT = new DispatchConfig(
        DEFAULT_DUPLICATE_RADIUS_M, DEFAULT_DUPLICATE_WINDOW_NS, DEFAULT_UNIT_SPEED_KMH, DEFAULT_RECOMMENDATION_COUNT);

    /**
     * Validates once, at construction.
     *
     * @throws IllegalArgumentException when a value is out of range.
     */
    public DispatchConfig
    {
        requireRange("duplicateRadiusM", duplicateRadiusM, 0, 100_000);
        requireRange("duplicateWindowNs", duplicateWindowNs, 0, Long.MAX_VALUE / 4);
        requireRange("unitSpeedKmh", unitSpeedKmh, 1, 1_000);
        requireRange("recommendationCount", recommendationCount, 0, MAX_RECOMMENDATION_COUNT);
        requireRange("correlationUncertaintyCapM", correlationUncertaintyCapM, 0, 100_000);
        requireRange("maxJoinUncertaintyM", maxJoinUncertaintyM, 0, 10_000_000);
        requireRange("fixAgingMmPerS", fixAgingMmPerS, 0, MAX_FIX_AGING_MM_PER_S);
        requireRange("nuisanceCallThreshold", nuisanceCallThreshold, 2, MAX_NUISANCE_CALL_THRESHOLD);
        requireRange("nuisanceWindowNs", nuisanceWindowNs, 0, Long.MAX_VALUE / 4);
        requireRange("pendingFixTtlNs", pendingFixTtlNs, 0, Long.MAX_VALUE / 4);
        requireRange("maxPendingFixes", maxPendingFixes, 0, 10_000_000);
        requireRange("callMatchWindowNs", callMatchWindowNs, 0, Long.MAX_VALUE / 4);
        requireRange("endedCallGraceNs", endedCallGraceNs, 0, Long.MAX_VALUE / 4);
        requireRange("rerecommendDistanceM", rerecommendDistanceM, 0, Integer.MAX_VALUE);
        requireRange("maxSnapDistanceM", maxSnapDistanceM, 0, 100_000);
        requireRange("etaUpdateThresholdS", etaUpdateThresholdS, 0, 86_400);
        requireRange("dispatchedOverdueNs", dispatchedOverdueNs, 1, Long.MAX_VALUE / 4);
        requireRange("enRouteOverdueNs", enRouteOverdueNs, 1, Long.MAX_VALUE / 4);
        requireRange("onSceneOverdueNs", onSceneOverdueNs, 1, Long.MAX_VALUE / 4);
        requireRange("transportingOverdueNs", transportingOverdueNs, 1, Long.MAX_VALUE / 4);
        requireRange("atHospitalOverdueNs", atHospitalOverdueNs, 1, Long.MAX_VALUE / 4);
        requireRange("retentionNs", retentionNs, MIN_RETENTION_NS, Long.MAX_VALUE / 4);
        requireRange("refreshesPerEvent", refreshesPerEvent, 0, MAX_REFRESHES_PER_EVENT);
    }

    /**
     * A configuration with the given retention and the default refreshes per event.
     *
     * @param duplicateRadiusM           see the record's components.
     * @param duplicateWindowNs          ...
     * @param unitSpeedKmh               ...
     * @param recommendationCount        ...
     * @param correlationUncertaintyCapM ...
     * @param maxJoinUncertaintyM        ...
     * @param fixAgingMmPerS             ...
     * @param nuisanceCallThreshold      ...
     * @param nuisanceWindowNs           ...
     * @param pendingFixTtlNs            ...
     * @param maxPendingFixes            ...
     * @param callMatchWindowNs          ...
     * @param endedCallGraceNs           ...
     * @param rerecommendDistanceM       ...
     * @param maxSnapDistanceM           ...
     * @param etaUpdateThresholdS        ...
     * @param dispatchedOverdueNs        ...
     * @param enRouteOverdueNs           ...
     * @param onSceneOverdueNs           ...
     * @param transportingOverdueNs      ...
     * @param atHospitalOverdueNs        ...
     * @param retentionNs                ...
     */
    public DispatchConfig(
        final int duplicateRadiusM, final long duplicateWindowNs, final int unitSpeedKmh, final int recommendationCount,
        final int correlationUncertaintyCapM, final int maxJoinUncertaintyM, final int fixAgingMmPerS,
        final int nuisanceCallThreshold, final long nuisanceWindowNs, final long pendingFixTtlNs, final int maxPendingFixes,
        final long callMatchWindowNs, final long endedCallGraceNs, final int rerecommendDistanceM, final int maxSnapDistanceM,
        final int etaUpdateThresholdS, final long dispatchedOverdueNs, final long enRouteOverdueNs, final long onSceneOverdueNs,
        final long transportingOverdueNs, final long atHospitalOverdueNs, final long retentionNs)
    {
        this(duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount, correlationUncertaintyCapM,
            maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs, pendingFixTtlNs, maxPendingFixes,
            callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, maxSnapDistanceM, etaUpdateThresholdS,
            dispatchedOverdueNs, enRouteOverdueNs, onSceneOverdueNs, transportingOverdueNs, atHospitalOverdueNs,
            retentionNs, DEFAULT_REFRESHES_PER_EVENT);
    }

    /**
     * @param refreshes incidents refreshed per event; 0 for the behaviour of era 1.
     * @return this configuration with that number.
     */
    public DispatchConfig withRefreshesPerEvent(final int refreshes)
    {
        return new DispatchConfig(duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount,
            correlationUncertaintyCapM, maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs,
            pendingFixTtlNs, maxPendingFixes, callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, maxSnapDistanceM,
            etaUpdateThresholdS, dispatchedOverdueNs, enRouteOverdueNs, onSceneOverdueNs, transportingOverdueNs,
            atHospitalOverdueNs, retentionNs, refreshes);
    }

    /**
     * @return whether recommendations are kept current (era 2 on): see {@link #refreshesPerEvent()}.
     */
    public boolean keepsRecommendationsCurrent()
    {
        return refreshesPerEvent > 0;
    }

    /**
     * The configuration of a journal era: the behaviour the state machine had when the journal started.
     *
     * @param era 1 (before recommendations were kept current) or 2 (the current one).
     * @return the defaults of that era.
     * @throws IllegalArgumentException for an era this build does not know.
     */
    public static DispatchConfig ofEra(final int era)
    {
        switch (era)
        {
            case ERA_1:
                return DEFAULT.withRefreshesPerEvent(0);
            case CURRENT_ERA:
                return DEFAULT;
            default:
                throw new IllegalArgumentException("journal era " + era + " is not one this build knows (1.." + CURRENT_ERA +
                    "): the folder was recorded by a newer build");
        }
    }

    /**
     * A configuration with the default retention.
     *
     * @param duplicateRadiusM           see the record's components.
     * @param duplicateWindowNs          ...
     * @param unitSpeedKmh               ...
     * @param recommendationCount        ...
     * @param correlationUncertaintyCapM ...
     * @param maxJoinUncertaintyM        ...
     * @param fixAgingMmPerS             ...
     * @param nuisanceCallThreshold      ...
     * @param nuisanceWindowNs           ...
     * @param pendingFixTtlNs            ...
     * @param maxPendingFixes            ...
     * @param callMatchWindowNs          ...
     * @param endedCallGraceNs           ...
     * @param rerecommendDistanceM       ...
     * @param maxSnapDistanceM           ...
     * @param etaUpdateThresholdS        ...
     * @param dispatchedOverdueNs        ...
     * @param enRouteOverdueNs           ...
     * @param onSceneOverdueNs           ...
     * @param transportingOverdueNs      ...
     * @param atHospitalOverdueNs        ...
     */
    public DispatchConfig(
        final int duplicateRadiusM, final long duplicateWindowNs, final int unitSpeedKmh, final int recommendationCount,
        final int correlationUncertaintyCapM, final int maxJoinUncertaintyM, final int fixAgingMmPerS,
        final int nuisanceCallThreshold, final long nuisanceWindowNs, final long pendingFixTtlNs, final int maxPendingFixes,
        final long callMatchWindowNs, final long endedCallGraceNs, final int rerecommendDistanceM, final int maxSnapDistanceM,
        final int etaUpdateThresholdS, final long dispatchedOverdueNs, final long enRouteOverdueNs, final long onSceneOverdueNs,
        final long transportingOverdueNs, final long atHospitalOverdueNs)
    {
        this(duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount, correlationUncertaintyCapM,
            maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs, pendingFixTtlNs, maxPendingFixes,
            callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, maxSnapDistanceM, etaUpdateThresholdS,
            dispatchedOverdueNs, enRouteOverdueNs, onSceneOverdueNs, transportingOverdueNs, atHospitalOverdueNs,
            DEFAULT_RETENTION_NS);
    }

    /**
     * @param retention how long a closed incident stays in the live state.
     * @return this configuration with that retention.
     */
    public DispatchConfig withRetentionNs(final long retention)
    {
        return new DispatchConfig(duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount,
            correlationUncertaintyCapM, maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs,
            pendingFixTtlNs, maxPendingFixes, callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, maxSnapDistanceM,
            etaUpdateThresholdS, dispatchedOverdueNs, enRouteOverdueNs, onSceneOverdueNs, transportingOverdueNs,
            atHospitalOverdueNs, retention, refreshesPerEvent);
    }

    /**
     * The fourteen parameters of layout version 2 given, the routing and overdue parameters at their defaults.
     *
     * @param duplicateRadiusM           extent of one event's scene, metres.
     * @param duplicateWindowNs          window of duplicate calls.
     * @param unitSpeedKmh               assumed unit speed.
     * @param recommendationCount        units recommended per needed agency.
     * @param correlationUncertaintyCapM cap on the uncertainty term.
     * @param maxJoinUncertaintyM        coarsest location that auto-joins.
     * @param fixAgingMmPerS             fix aging.
     * @param nuisanceCallThreshold      nuisance threshold.
     * @param nuisanceWindowNs           nuisance window.
     * @param pendingFixTtlNs            pending fix lifetime.
     * @param maxPendingFixes            pending fix bound.
     * @param callMatchWindowNs          match window by number.
     * @param endedCallGraceNs           grace after a call ended.
     * @param rerecommendDistanceM       move that triggers new recommendations.
     */
    public DispatchConfig(
        final int duplicateRadiusM,
        final long duplicateWindowNs,
        final int unitSpeedKmh,
        final int recommendationCount,
        final int correlationUncertaintyCapM,
        final int maxJoinUncertaintyM,
        final int fixAgingMmPerS,
        final int nuisanceCallThreshold,
        final long nuisanceWindowNs,
        final long pendingFixTtlNs,
        final int maxPendingFixes,
        final long callMatchWindowNs,
        final long endedCallGraceNs,
        final int rerecommendDistanceM)
    {
        this(
            duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount, correlationUncertaintyCapM,
            maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs, pendingFixTtlNs, maxPendingFixes,
            callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, DEFAULT_MAX_SNAP_DISTANCE_M,
            DEFAULT_ETA_UPDATE_THRESHOLD_S, DEFAULT_DISPATCHED_OVERDUE_NS, DEFAULT_EN_ROUTE_OVERDUE_NS,
            DEFAULT_ON_SCENE_OVERDUE_NS, DEFAULT_TRANSPORTING_OVERDUE_NS, DEFAULT_AT_HOSPITAL_OVERDUE_NS);
    }

    /**
     * The overdue threshold of a status.
     *
     * @param status a unit status.
     * @return nanoseconds, or {@link Long#MAX_VALUE} when the status is never overdue (AVAILABLE, OUT_OF_SERVICE).
     */
    public long overdueNs(final org.beacon.codecs.UnitStatusCode status)
    {
        switch (status)
        {
            case DISPATCHED:
                return dispatchedOverdueNs;
            case EN_ROUTE:
                return enRouteOverdueNs;
            case ON_SCENE:
                return onSceneOverdueNs;
            case TRANSPORTING:
                return transportingOverdueNs;
            case AT_HOSPITAL:
                return atHospitalOverdueNs;
            default:
                return Long.MAX_VALUE;
        }
    }

    /**
     * The first four parameters given, every other at its default.
     *
     * @param duplicateRadiusM    extent of one event's scene, metres.
     * @param duplicateWindowNs   window of duplicate calls.
     * @param unitSpeedKmh        assumed unit speed.
     * @param recommendationCount units recommended per needed agency.
     */
    public DispatchConfig(
        final int duplicateRadiusM, final long duplicateWindowNs, final int unitSpeedKmh, final int recommendationCount)
    {
        this(
            duplicateRadiusM,
            duplicateWindowNs,
            unitSpeedKmh,
            recommendationCount,
            DEFAULT_CORRELATION_UNCERTAINTY_CAP_M,
            DEFAULT_MAX_JOIN_UNCERTAINTY_M,
            DEFAULT_FIX_AGING_MM_PER_S,
            DEFAULT_NUISANCE_CALL_THRESHOLD,
            DEFAULT_NUISANCE_WINDOW_NS,
            DEFAULT_PENDING_FIX_TTL_NS,
            DEFAULT_MAX_PENDING_FIXES,
            DEFAULT_CALL_MATCH_WINDOW_NS,
            DEFAULT_ENDED_CALL_GRACE_NS,
            DEFAULT_RERECOMMEND_DISTANCE_M);
    }

    /**
     * How long a caller number's history must be kept: as long as any rule may still look at it.
     *
     * @return the retention, nanoseconds.
     */
    public long callerRetentionNs()
    {
        return Math.max(nuisanceWindowNs, Math.max(pendingFixTtlNs, callMatchWindowNs));
    }

    private static void requireRange(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }
}
