package org.beacon.dispatch;

import java.util.concurrent.TimeUnit;

/**
 * Fixed parameters of a {@link DispatchService}. They are given at construction, never read at apply
 * time; changing them on a running center is an event of its own, so they are not part of the snapshot.
 *
 * @param duplicateRadiusM     a call within this many metres of an open incident may join it.
 * @param duplicateWindowNs    ... if the incident was opened or last got a call at most this long ago.
 * @param unitSpeedKmh         assumed speed of a unit for the straight-line ETA of a recommendation.
 * @param recommendationCount  how many units are recommended for a new incident (0 to 254).
 */
public record DispatchConfig(int duplicateRadiusM, long duplicateWindowNs, int unitSpeedKmh, int recommendationCount)
{
    /** Default radius for duplicate calls, metres. */
    public static final int DEFAULT_DUPLICATE_RADIUS_M = 200;

    /** Default window for duplicate calls, nanoseconds (10 minutes). */
    public static final long DEFAULT_DUPLICATE_WINDOW_NS = TimeUnit.MINUTES.toNanos(10);

    /** Default assumed unit speed, km/h. */
    public static final int DEFAULT_UNIT_SPEED_KMH = 40;

    /** Default number of recommended units. */
    public static final int DEFAULT_RECOMMENDATION_COUNT = 3;

    /** The largest recommendation count: rank is a uint8 whose 255 is the null value. */
    public static final int MAX_RECOMMENDATION_COUNT = 254;

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
        if (duplicateRadiusM < 0)
        {
            throw new IllegalArgumentException("duplicateRadiusM must be >= 0: " + duplicateRadiusM);
        }
        if (duplicateWindowNs < 0)
        {
            throw new IllegalArgumentException("duplicateWindowNs must be >= 0: " + duplicateWindowNs);
        }
        if (unitSpeedKmh <= 0)
        {
            throw new IllegalArgumentException("unitSpeedKmh must be > 0: " + unitSpeedKmh);
        }
        if (recommendationCount < 0 || recommendationCount > MAX_RECOMMENDATION_COUNT)
        {
            throw new IllegalArgumentException(
                "recommendationCount must be in 0.." + MAX_RECOMMENDATION_COUNT + ": " + recommendationCount);
        }
    }
}
