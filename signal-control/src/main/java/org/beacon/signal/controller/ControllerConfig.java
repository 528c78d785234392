package org.beacon.signal.controller;

/**
 * One intersection's controller database: which of the eight NEMA phases are used, their timing, and the
 * fixed-time plan (splits, cycle, offset). Immutable and validated once, in {@link Builder#build()}.
 *
 * <p>Ring 1 is phases 1-4, ring 2 is phases 5-8; the barrier separates {1, 2, 5, 6} ("side A") from
 * {3, 4, 7, 8} ("side B"). The plan's green of a phase is its split, plus the padding the last phase before a
 * barrier gets when its ring would otherwise reach the barrier earlier than the other ring
 * ({@link #greenMs(int)}).
 */
public final class ControllerConfig
{
    /** Highest phase number. Phase arrays in this package are indexed 1..8 (length 9). */
    public static final int PHASES = 8;
    static final int DEFAULT_PREEMPT_MIN_GREEN_MS = 5000;
    static final int DEFAULT_PREEMPT_MAX_DWELL_MS = 120_000;
    static final int DEFAULT_STARTUP_ALL_RED_MS = 3000;

    private final String intersectionId;
    private final int enabledMask;
    private final PhaseTiming[] timings;
    private final int[] splits;
    private final int[] greens;
    private final int cycleMs;
    private final int offsetMs;
    private final int preemptMinGreenMs;
    private final int preemptMaxDwellMs;
    private final int startupAllRedMs;
    private final boolean pedestrians;

    private ControllerConfig(final Builder b, final int enabledMask, final int[] greens, final int cycleMs)
    {
        this.intersectionId = b.intersectionId;
        this.enabledMask = enabledMask;
        this.timings = b.timings.clone();
        this.splits = b.splits.clone();
        this.greens = greens;
        this.cycleMs = cycleMs;
        this.offsetMs = b.offsetMs;
        this.preemptMinGreenMs = b.preemptMinGreenMs;
        this.preemptMaxDwellMs = b.preemptMaxDwellMs;
        this.startupAllRedMs = b.startupAllRedMs;
        this.pedestrians = b.pedestrians;
    }

    /**
     * A builder for an intersection's configuration.
     *
     * @param intersectionId the intersection's id (not blank)
     * @return a builder with the defaults: preempt min green 5 s, preempt max dwell 120 s, startup all-red 3 s, pedestrians on
     */
    public static Builder builder(final String intersectionId)
    {
        return new Builder(intersectionId);
    }

    /**
     * The usual city intersection: through phases 2/6 (main street) and 4/8 (cross street), left turns permissive.
     * Every phase gets {@link PhaseTiming#urbanThrough(double)}; when a requested green is longer than its 40 s max
     * green, max green is raised to the green so that long main-street greens stay expressible.
     *
     * @param intersectionId     the intersection's id
     * @param enabledThroughMask bit p set for each enabled phase p; only bits 2, 4, 6, 8 are allowed
     * @param approachSpeedMps   approach speed used for the ITE yellow and red clearance
     * @param mainGreenMs        split of phases 2 and 6
     * @param crossGreenMs       split of phases 4 and 8
     * @return the validated configuration
     */
    public static ControllerConfig fourPhase(
        final String intersectionId, final int enabledThroughMask, final double approachSpeedMps,
        final int mainGreenMs, final int crossGreenMs)
    {
        final int allowed = (1 << 2) | (1 << 4) | (1 << 6) | (1 << 8);
        if ((enabledThroughMask & ~allowed) != 0 || enabledThroughMask == 0)
        {
            throw new IllegalArgumentException("fourPhase takes only through phases 2, 4, 6, 8 (mask bits 2,4,6,8), got mask 0x"
                + Integer.toHexString(enabledThroughMask));
        }
        final PhaseTiming urban = PhaseTiming.urbanThrough(approachSpeedMps);
        final Builder b = builder(intersectionId);
        for (int p = 2; p <= PHASES; p += 2)
        {
            if ((enabledThroughMask & (1 << p)) != 0)
            {
                final int green = p == 2 || p == 6 ? mainGreenMs : crossGreenMs;
                final PhaseTiming t = green > urban.maxGreenMs() && green >= urban.minGreenMs() ? urban.withMaxGreenMs(green) : urban;
                b.phase(p, t).split(p, green);
            }
        }
        return b.build();
    }

    /**
     * The ring-barrier compatibility rule: two <em>different</em> phases may show green together iff they are in
     * different rings and on the same side of the barrier. A phase is not compatible with itself (the question only
     * makes sense for two channels).
     *
     * @param phaseA a phase, 1..8
     * @param phaseB a phase, 1..8
     * @return whether the two may be green at the same time
     */
    public static boolean compatible(final int phaseA, final int phaseB)
    {
        checkPhase(phaseA);
        checkPhase(phaseB);
        return phaseA != phaseB && ring(phaseA) != ring(phaseB) && side(phaseA) == side(phaseB);
    }

    /**
     * The compatible phase of the other ring that dwells together with {@code phase} under preemption:
     * 1&lt;-&gt;5, 2&lt;-&gt;6, 3&lt;-&gt;7, 4&lt;-&gt;8.
     *
     * @param phase a phase, 1..8
     * @return its partner
     */
    public static int partner(final int phase)
    {
        checkPhase(phase);
        return phase <= 4 ? phase + 4 : phase - 4;
    }

    /** Ring index of a valid phase: 0 for phases 1-4, 1 for 5-8. */
    static int ring(final int phase)
    {
        return (phase - 1) >> 2;
    }

    /** Barrier side of a valid phase: 0 for {1, 2, 5, 6}, 1 for {3, 4, 7, 8}. */
    static int side(final int phase)
    {
        return ((phase - 1) >> 1) & 1;
    }

    private static void checkPhase(final int phase)
    {
        if (phase < 1 || phase > PHASES)
        {
            throw new IllegalArgumentException("phase must be 1..8, got " + phase);
        }
    }

    public String intersectionId()
    {
        return intersectionId;
    }

    /**
     * Whether a phase is used at this intersection.
     *
     * @param phase any int; numbers outside 1..8 are never enabled
     * @return true when the phase has timing
     */
    public boolean enabled(final int phase)
    {
        return phase >= 1 && phase <= PHASES && (enabledMask & (1 << phase)) != 0;
    }

    /** Bit p set for each enabled phase p. */
    public int enabledMask()
    {
        return enabledMask;
    }

    /**
     * Timing of a phase.
     *
     * @param phase 1..8
     * @return the timing, or null when the phase is not enabled
     */
    public PhaseTiming timing(final int phase)
    {
        checkPhase(phase);
        return timings[phase];
    }

    /**
     * Split (green time in the fixed-time plan) as configured.
     *
     * @param phase 1..8
     * @return the split in ms, 0 when the phase is not enabled
     */
    public int splitMs(final int phase)
    {
        checkPhase(phase);
        return splits[phase];
    }

    /**
     * Green time the plan actually gives the phase: its split plus any barrier padding.
     *
     * @param phase 1..8
     * @return the planned green in ms, 0 when the phase is not enabled
     */
    public int greenMs(final int phase)
    {
        checkPhase(phase);
        return greens[phase];
    }

    public int cycleMs()
    {
        return cycleMs;
    }

    public int offsetMs()
    {
        return offsetMs;
    }

    public int preemptMinGreenMs()
    {
        return preemptMinGreenMs;
    }

    public int preemptMaxDwellMs()
    {
        return preemptMaxDwellMs;
    }

    public int startupAllRedMs()
    {
        return startupAllRedMs;
    }

    public boolean pedestrians()
    {
        return pedestrians;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("ControllerConfig{").append(intersectionId).append(", cycle=").append(cycleMs)
            .append(", offset=").append(offsetMs).append(", phases=[");
        for (int p = 1; p <= PHASES; p++)
        {
            if (enabled(p))
            {
                sb.append(' ').append(p).append(":green=").append(greens[p]).append('/').append(timings[p]);
            }
        }
        return sb.append(" ]}").toString();
    }

    /**
     * Collects the configuration; nothing is checked until {@link #build()}, except phase numbers, which must be
     * valid to be stored at all.
     */
    public static final class Builder
    {
        private final String intersectionId;
        private final PhaseTiming[] timings = new PhaseTiming[PHASES + 1];
        private final int[] splits = new int[PHASES + 1];
        private final boolean[] splitGiven = new boolean[PHASES + 1];
        private int cycleMs;
        private boolean cycleGiven;
        private int offsetMs;
        private int preemptMinGreenMs = DEFAULT_PREEMPT_MIN_GREEN_MS;
        private int preemptMaxDwellMs = DEFAULT_PREEMPT_MAX_DWELL_MS;
        private int startupAllRedMs = DEFAULT_STARTUP_ALL_RED_MS;
        private boolean pedestrians = true;

        private Builder(final String intersectionId)
        {
            this.intersectionId = intersectionId;
        }

        /**
         * Enables a phase with its timing.
         *
         * @param phase  1..8
         * @param timing the phase's timing
         * @return this
         */
        public Builder phase(final int phase, final PhaseTiming timing)
        {
            checkPhase(phase);
            if (timing == null)
            {
                throw new IllegalArgumentException("phase " + phase + ": timing is null");
            }
            timings[phase] = timing;
            return this;
        }

        /**
         * Green time of a phase in the fixed-time plan.
         *
         * @param phase   1..8
         * @param greenMs green in ms
         * @return this
         */
        public Builder split(final int phase, final int greenMs)
        {
            checkPhase(phase);
            splits[phase] = greenMs;
            splitGiven[phase] = true;
            return this;
        }

        /**
         * The cycle length; when not given it is derived from the longer ring (both rings padded to cross each
         * barrier together). When given, the splits must already add up to it in both rings, barrier by barrier.
         *
         * @param cycleMs cycle in ms
         * @return this
         */
        public Builder cycleMs(final int cycleMs)
        {
            this.cycleMs = cycleMs;
            this.cycleGiven = true;
            return this;
        }

        /**
         * Offset of the plan: the start of the first barrier group's greens falls on times {@code offset + k * cycle}
         * (in ms since the epoch of the timestamps the controller is given).
         *
         * @param offsetMs 0 &le; offset &lt; cycle
         * @return this
         */
        public Builder offsetMs(final int offsetMs)
        {
            this.offsetMs = offsetMs;
            return this;
        }

        /**
         * The shortest total green a running green may be truncated to when a preemption arrives (default 5000).
         *
         * @param preemptMinGreenMs ms, not negative
         * @return this
         */
        public Builder preemptMinGreenMs(final int preemptMinGreenMs)
        {
            this.preemptMinGreenMs = preemptMinGreenMs;
            return this;
        }

        /**
         * Controller-side cap on a preemption dwell, whatever central keeps asking (default 120000).
         *
         * @param preemptMaxDwellMs ms, positive
         * @return this
         */
        public Builder preemptMaxDwellMs(final int preemptMaxDwellMs)
        {
            this.preemptMaxDwellMs = preemptMaxDwellMs;
            return this;
        }

        /**
         * All-red time at startup and when leaving flash (default 3000).
         *
         * @param startupAllRedMs ms, not negative
         * @return this
         */
        public Builder startupAllRedMs(final int startupAllRedMs)
        {
            this.startupAllRedMs = startupAllRedMs;
            return this;
        }

        /**
         * Whether pedestrian heads are driven (default true).
         *
         * @param pedestrians false leaves all pedestrian heads dark
         * @return this
         */
        public Builder pedestrians(final boolean pedestrians)
        {
            this.pedestrians = pedestrians;
            return this;
        }

        /**
         * Validates and freezes the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first problem found
         */
        public ControllerConfig build()
        {
            if (intersectionId == null || intersectionId.isBlank())
            {
                throw new IllegalArgumentException("intersection id must not be blank");
            }
            int mask = 0;
            for (int p = 1; p <= PHASES; p++)
            {
                if (timings[p] != null)
                {
                    mask |= 1 << p;
                }
            }
            if (mask == 0)
            {
                throw new IllegalArgumentException(intersectionId + ": no phase enabled");
            }
            for (int p = 1; p <= PHASES; p++)
            {
                checkPhaseTiming(p);
            }
            final int[] greens = splits.clone();
            final int cycle = padForBarriers(mask, greens);
            for (int p = 1; p <= PHASES; p++)
            {
                if (timings[p] != null && greens[p] > timings[p].maxGreenMs())
                {
                    throw new IllegalArgumentException(intersectionId + ": phase " + p + " needs " + greens[p]
                        + " ms of green (split " + splits[p] + " ms plus barrier padding) but its max green is " + timings[p].maxGreenMs()
                        + " ms; lengthen the other ring's splits on that side of the barrier");
                }
            }
            if (offsetMs < 0 || offsetMs >= cycle)
            {
                throw new IllegalArgumentException(intersectionId + ": offset " + offsetMs + " ms must be in [0, cycle " + cycle + " ms)");
            }
            if (preemptMinGreenMs < 0)
            {
                throw new IllegalArgumentException(intersectionId + ": preempt min green must not be negative, got " + preemptMinGreenMs);
            }
            if (preemptMaxDwellMs <= 0)
            {
                throw new IllegalArgumentException(intersectionId + ": preempt max dwell must be positive, got " + preemptMaxDwellMs);
            }
            if (startupAllRedMs < 0)
            {
                throw new IllegalArgumentException(intersectionId + ": startup all-red must not be negative, got " + startupAllRedMs);
            }
            return new ControllerConfig(this, mask, greens, cycle);
        }

        private void checkPhaseTiming(final int p)
        {
            final PhaseTiming t = timings[p];
            if (t == null)
            {
                if (splitGiven[p])
                {
                    throw new IllegalArgumentException(intersectionId + ": split given for phase " + p
                        + ", which is not enabled (no timing)");
                }
                return;
            }
            if (t.yellowMs() < PhaseTiming.MIN_YELLOW_MS)
            {
                throw new IllegalArgumentException(intersectionId + ": phase " + p + " yellow " + t.yellowMs()
                    + " ms is below the " + PhaseTiming.MIN_YELLOW_MS + " ms minimum");
            }
            if (!splitGiven[p])
            {
                throw new IllegalArgumentException(intersectionId + ": phase " + p + " is enabled but has no split");
            }
            if (splits[p] < t.minGreenMs())
            {
                throw new IllegalArgumentException(intersectionId + ": phase " + p + " split " + splits[p]
                    + " ms is below its min green " + t.minGreenMs() + " ms");
            }
            if (splits[p] > t.maxGreenMs())
            {
                throw new IllegalArgumentException(intersectionId + ": phase " + p + " split " + splits[p]
                    + " ms is above its max green " + t.maxGreenMs() + " ms");
            }
        }

        /** Pads the last phase before each barrier so both rings cross it together; returns the cycle. */
        private int padForBarriers(final int mask, final int[] greens)
        {
            final long[][] sums = new long[2][2];
            final boolean[] ringUsed = new boolean[2];
            final boolean[] sideUsed = new boolean[2];
            for (int p = 1; p <= PHASES; p++)
            {
                if ((mask & (1 << p)) != 0)
                {
                    final PhaseTiming t = timings[p];
                    sums[ring(p)][side(p)] += (long)splits[p] + t.yellowMs() + t.redClearanceMs();
                    ringUsed[ring(p)] = true;
                    sideUsed[side(p)] = true;
                }
            }
            for (int r = 0; r < 2; r++)
            {
                for (int s = 0; s < 2; s++)
                {
                    if (ringUsed[r] && sideUsed[s] && sums[r][s] == 0)
                    {
                        throw new IllegalArgumentException(intersectionId + ": ring " + (r + 1) + " has no enabled phase on barrier side "
                            + sideName(s) + " (phases " + (4 * r + 2 * s + 1) + "," + (4 * r + 2 * s + 2)
                            + ") although the intersection uses that side; both rings must cross the barrier together");
                    }
                }
            }
            long cycle = 0;
            for (int s = 0; s < 2; s++)
            {
                final long side = Math.max(sums[0][s], sums[1][s]);
                cycle += side;
                for (int r = 0; r < 2; r++)
                {
                    if (!ringUsed[r] || !sideUsed[s] || sums[r][s] == side)
                    {
                        continue;
                    }
                    if (cycleGiven)
                    {
                        throw new IllegalArgumentException(intersectionId + ": on barrier side " + sideName(s)
                            + " ring 1 takes " + sums[0][s]
                            + " ms and ring 2 " + sums[1][s] + " ms (split + yellow + red); with an explicit cycle they must be equal"
                            + " (or leave the cycle out to pad automatically)");
                    }
                    final int last = lastPhaseOnSide(mask, r, s);
                    greens[last] += (int)(side - sums[r][s]);
                }
            }
            if (cycle > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(intersectionId + ": cycle too long: " + cycle + " ms");
            }
            if (cycleGiven && cycle != cycleMs)
            {
                throw new IllegalArgumentException(intersectionId + ": cycle " + cycleMs
                    + " ms does not match the ring sums of split + yellow"
                    + " + red, which give " + cycle + " ms");
            }
            return (int)cycle;
        }

        private static int lastPhaseOnSide(final int mask, final int r, final int s)
        {
            final int second = 4 * r + 2 * s + 2;
            return (mask & (1 << second)) != 0 ? second : second - 1;
        }

        private static String sideName(final int s)
        {
            return s == 0 ? "A (1,2|5,6)" : "B (3,4|7,8)";
        }
    }
}
