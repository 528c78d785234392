package org.beacon.signal.controller;

/**
 * Interval timing of one phase, in milliseconds. Immutable. {@link #of} rejects only impossible values
 * (negative, min green above max green); the traffic-engineering minimums are checked by
 * {@link ControllerConfig.Builder#build()}, which knows the phase number for the message.
 */
public final class PhaseTiming
{
    /** ITE perception-reaction time, seconds. */
    static final double PERCEPTION_REACTION_S = 1.0;
    /** ITE comfortable deceleration, m/s². */
    static final double DECELERATION_MPS2 = 3.05;
    static final double GRAVITY_MPS2 = 9.81;
    static final int MIN_YELLOW_MS = 3000;
    static final int MIN_RED_CLEARANCE_MS = 1000;
    static final double MAX_SPEED_MPS = 100.0;
    static final double URBAN_CROSSING_WIDTH_M = 20.0;
    static final double DESIGN_VEHICLE_LENGTH_M = 6.0;
    static final double WALKING_SPEED_MPS = 1.2;
    static final int URBAN_MIN_GREEN_MS = 7000;
    static final int URBAN_MAX_GREEN_MS = 40000;
    static final int URBAN_WALK_MS = 7000;

    private final int minGreenMs;
    private final int maxGreenMs;
    private final int yellowMs;
    private final int redClearanceMs;
    private final int walkMs;
    private final int pedClearanceMs;

    private PhaseTiming(
        final int minGreenMs, final int maxGreenMs, final int yellowMs, final int redClearanceMs,
        final int walkMs, final int pedClearanceMs)
    {
        this.minGreenMs = minGreenMs;
        this.maxGreenMs = maxGreenMs;
        this.yellowMs = yellowMs;
        this.redClearanceMs = redClearanceMs;
        this.walkMs = walkMs;
        this.pedClearanceMs = pedClearanceMs;
    }

    /**
     * Timing of one phase.
     *
     * @throws IllegalArgumentException when a value is negative, min green is not positive or max green is below min green
     */
    public static PhaseTiming of(
        final int minGreenMs, final int maxGreenMs, final int yellowMs, final int redClearanceMs,
        final int walkMs, final int pedClearanceMs)
    {
        if (minGreenMs <= 0)
        {
            throw new IllegalArgumentException("min green must be positive, got " + minGreenMs + " ms");
        }
        if (maxGreenMs < minGreenMs)
        {
            throw new IllegalArgumentException("max green " + maxGreenMs + " ms is below min green " + minGreenMs + " ms");
        }
        if (yellowMs < 0 || redClearanceMs < 0 || walkMs < 0 || pedClearanceMs < 0)
        {
            throw new IllegalArgumentException("yellow, red clearance, walk and ped clearance must not be negative: "
                + yellowMs + ", " + redClearanceMs + ", " + walkMs + ", " + pedClearanceMs + " ms");
        }
        return new PhaseTiming(minGreenMs, maxGreenMs, yellowMs, redClearanceMs, walkMs, pedClearanceMs);
    }

    /**
     * ITE kinematic yellow change interval: Y = t + v / (2a + 2gG) with t = 1.0 s, a = 3.05 m/s², g = 9.81 m/s² and
     * G the grade as a fraction (negative downhill); rounded up to 100 ms and never below 3000 ms.
     *
     * @param approachSpeedMps 85th percentile or posted approach speed, m/s (0 &lt; v &le; 100)
     * @param gradePercent     approach grade in percent, negative downhill
     * @return the yellow change interval in ms
     */
    public static int iteYellowMs(final double approachSpeedMps, final double gradePercent)
    {
        checkSpeed(approachSpeedMps);
        if (!Double.isFinite(gradePercent))
        {
            throw new IllegalArgumentException("grade must be finite, got " + gradePercent);
        }
        final double braking = 2.0 * DECELERATION_MPS2 + 2.0 * GRAVITY_MPS2 * (gradePercent / 100.0);
        if (braking <= 0.1)
        {
            // so steep a downhill that the formula stops meaning anything (it would need a yellow of minutes)
            throw new IllegalArgumentException("grade " + gradePercent + " % is too steep for the ITE yellow formula");
        }
        final double seconds = PERCEPTION_REACTION_S + approachSpeedMps / braking;
        return Math.max(MIN_YELLOW_MS, roundUpTo100Ms(seconds * 1000.0));
    }

    /**
     * ITE red clearance interval (W + L) / v, rounded up to 100 ms and never below 1000 ms.
     *
     * @param crossingWidthM   distance from the stop line to the far side of the last conflicting lane, m
     * @param vehicleLengthM   design vehicle length, m
     * @param approachSpeedMps approach speed, m/s
     * @return the red clearance interval in ms
     */
    public static int iteRedClearanceMs(final double crossingWidthM, final double vehicleLengthM, final double approachSpeedMps)
    {
        checkSpeed(approachSpeedMps);
        if (!(crossingWidthM >= 0.0) || !(vehicleLengthM >= 0.0) || crossingWidthM + vehicleLengthM > 1000.0)
        {
            throw new IllegalArgumentException("crossing width and vehicle length must be 0..1000 m, got "
                + crossingWidthM + " and " + vehicleLengthM);
        }
        return Math.max(MIN_RED_CLEARANCE_MS, roundUpTo100Ms((crossingWidthM + vehicleLengthM) / approachSpeedMps * 1000.0));
    }

    /**
     * A typical urban through phase: ITE yellow on a flat approach, ITE red clearance over 20 m with a 6 m vehicle,
     * min green 7 s, max green 40 s, walk 7 s and pedestrian clearance at 1.2 m/s over 20 m.
     *
     * @param approachSpeedMps approach speed, m/s
     * @return the timing
     */
    public static PhaseTiming urbanThrough(final double approachSpeedMps)
    {
        return of(
            URBAN_MIN_GREEN_MS,
            URBAN_MAX_GREEN_MS,
            iteYellowMs(approachSpeedMps, 0.0),
            iteRedClearanceMs(URBAN_CROSSING_WIDTH_M, DESIGN_VEHICLE_LENGTH_M, approachSpeedMps),
            URBAN_WALK_MS,
            roundUpTo100Ms(URBAN_CROSSING_WIDTH_M / WALKING_SPEED_MPS * 1000.0));
    }

    /** The same timing with another max green; min green must not exceed it. */
    PhaseTiming withMaxGreenMs(final int newMaxGreenMs)
    {
        return of(minGreenMs, newMaxGreenMs, yellowMs, redClearanceMs, walkMs, pedClearanceMs);
    }

    static int roundUpTo100Ms(final double ms)
    {
        // the epsilon keeps 3.3000000000000003 s from becoming 3.4 s; it is far below a millisecond
        return (int)Math.ceil(ms / 100.0 - 1e-9) * 100;
    }

    private static void checkSpeed(final double approachSpeedMps)
    {
        if (!(approachSpeedMps > 0.0) || approachSpeedMps > MAX_SPEED_MPS)
        {
            throw new IllegalArgumentException("approach speed must be in (0, 100] m/s, got " + approachSpeedMps);
        }
    }

    public int minGreenMs()
    {
        return minGreenMs;
    }

    public int maxGreenMs()
    {
        return maxGreenMs;
    }

    public int yellowMs()
    {
        return yellowMs;
    }

    public int redClearanceMs()
    {
        return redClearanceMs;
    }

    public int walkMs()
    {
        return walkMs;
    }

    public int pedClearanceMs()
    {
        return pedClearanceMs;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof PhaseTiming))
        {
            return false;
        }
        final PhaseTiming that = (PhaseTiming)o;
        return minGreenMs == that.minGreenMs && maxGreenMs == that.maxGreenMs && yellowMs == that.yellowMs &&
            redClearanceMs == that.redClearanceMs && walkMs == that.walkMs && pedClearanceMs == that.pedClearanceMs;
    }

    @Override
    public int hashCode()
    {
        int h = minGreenMs;
        h = 31 * h + maxGreenMs;
        h = 31 * h + yellowMs;
        h = 31 * h + redClearanceMs;
        h = 31 * h + walkMs;
        return 31 * h + pedClearanceMs;
    }

    @Override
    public String toString()
    {
        return "PhaseTiming{minGreen=" + minGreenMs + ", maxGreen=" + maxGreenMs + ", yellow=" + yellowMs + ", red=" + redClearanceMs +
            ", walk=" + walkMs + ", pedClearance=" + pedClearanceMs + "}";
    }
}
