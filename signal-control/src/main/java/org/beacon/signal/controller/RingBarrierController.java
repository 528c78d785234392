package org.beacon.signal.controller;

/**
 * A NEMA TS2 style dual-ring, eight-phase controller running a fixed-time plan, with the central commands of
 * a traffic center: preemption (emergency vehicles), hold, advance, operator flash and release.
 *
 * <p>Deterministic: it only knows the timestamps it is given. Transitions happen at their exact scheduled
 * times, whatever the step the caller advances with, so the lamp timeline does not depend on the tick rate.
 * {@link #advanceTo(long)} does not allocate.
 *
 * <p>Safety is structural: a ring shows at most one phase at a time and starts a phase only after the
 * previous one finished its yellow and red clearance, and a ring starts a phase only when the other ring's
 * current phase (green, yellow or red clearance) is compatible with it, so every barrier crossing waits for
 * both rings' red clearances. The {@link ConflictMonitor} checks the outputs independently.
 *
 * <p>Not thread-safe; one owner thread, like the rest of the state machine.
 */
public final class RingBarrierController
{
    public static final int ACCEPTED = 0;
    public static final int REJECTED_IN_FLASH = -1;
    public static final int REJECTED_INVALID_PHASE = -2;
    public static final int REJECTED_PREEMPT_ACTIVE = -3;
    public static final int REJECTED_EXPIRED = -4;
    public static final int REJECTED_UNKNOWN_REQUEST = -5;

    public static final int LAMP_RED = 1;
    public static final int LAMP_YELLOW = 2;
    public static final int LAMP_GREEN = 4;
    public static final int LAMP_FLASHING = 8;
    public static final int PED_DONT_WALK = 1;
    public static final int PED_WALK = 2;
    public static final int PED_FLASHING = 8;

    /** Shortest walk worth offering; a shorter one (when the green cannot hold more) is not shown at all. */
    public static final int MIN_WALK_MS = 4000;
    /** How many preemption requests may share one dwell. */
    public static final int MAX_SHARED_REQUESTS = 8;

    static final int IDLE = 0;
    static final int GREEN = 1;
    static final int YELLOW = 2;
    static final int RED = 3;

    private static final long MS = 1_000_000L;
    private static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_EVENTS_PER_ADVANCE = 10_000;
    private static final int MAX_PASSES = 8;
    private static final int PROJECTION_STEPS = 40;

    private final ControllerConfig config;
    private final boolean pedestrians;
    private final long[] greenNs = new long[ControllerConfig.PHASES + 1];
    private final long[] minGreenNs = new long[ControllerConfig.PHASES + 1];
    private final long[] yellowNs = new long[ControllerConfig.PHASES + 1];
    private final long[] redNs = new long[ControllerConfig.PHASES + 1];
    private final long[] walkNs = new long[ControllerConfig.PHASES + 1];
    private final long[] pedClearNs = new long[ControllerConfig.PHASES + 1];
    private final int[][] sequence = new int[2][];
    private final boolean[] ringUsed = new boolean[2];
    private final int[] startupPhase = new int[2];
    private final int[] firstPhase = new int[2];
    private final long cycleNs;
    private final long offsetNs;
    private final long maxShortenNs;
    private final long preemptMinGreenNs;
    private final long preemptMaxDwellNs;
    private final long startupAllRedNs;

    // ring state, index 0 = ring 1, 1 = ring 2
    private final int[] ringPhase = new int[2];
    private final int[] interval = new int[2];
    private final long[] intervalStart = new long[2];
    private final long[] greenStart = new long[2];
    private final long[] greenEnd = new long[2];
    private final boolean[] pedServed = new boolean[2];
    private final long[] walkEnd = new long[2];
    private final long[] pedClearEnd = new long[2];
    private final int[] next = new int[2];
    private final int[] target = new int[2];
    private final int[] exitPhase = new int[2];

    private ControllerMode mode;
    private long clock;
    private boolean startupPending;
    private long startupUntil;
    private boolean flashPending;
    private long flashExpires;
    private long holdExpires;
    private int faultBits;

    private final long[] requestIds = new long[MAX_SHARED_REQUESTS];
    private final long[] requestExpires = new long[MAX_SHARED_REQUESTS];
    private final int[] requestPriority = new int[MAX_SHARED_REQUESTS];
    private int requestCount;
    private long dwellStart;

    private final long[] projFree = new long[2];
    private final int[] projCur = new int[2];
    private final int[] projNext = new int[2];

    /**
     * A controller that powers up at {@code nowNs}: all red for the startup time, then the plan's first phases
     * (2 and 6 when enabled).
     *
     * @param config the intersection's configuration
     * @param nowNs  power-up time
     */
    public RingBarrierController(final ControllerConfig config, final long nowNs)
    {
        this.config = config;
        this.pedestrians = config.pedestrians();
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            if (config.enabled(p))
            {
                final PhaseTiming t = config.timing(p);
                greenNs[p] = config.greenMs(p) * MS;
                minGreenNs[p] = t.minGreenMs() * MS;
                yellowNs[p] = t.yellowMs() * MS;
                redNs[p] = t.redClearanceMs() * MS;
                walkNs[p] = t.walkMs() * MS;
                pedClearNs[p] = t.pedClearanceMs() * MS;
            }
        }
        final int firstSide = (config.enabledMask() & 0b0110_0110) != 0 ? 0 : 1;
        long shorten = NEVER;
        for (int r = 0; r < 2; r++)
        {
            int n = 0;
            final int[] seq = new int[4];
            for (int p = 4 * r + 1; p <= 4 * r + 4; p++)
            {
                if (config.enabled(p))
                {
                    seq[n++] = p;
                }
            }
            sequence[r] = java.util.Arrays.copyOf(seq, n);
            ringUsed[r] = n > 0;
            if (n > 0)
            {
                final int through = 4 * r + 2 * firstSide + 2;
                startupPhase[r] = config.enabled(through) ? through : through - 1;
                firstPhase[r] = config.enabled(through - 1) ? through - 1 : through;
                shorten = Math.min(shorten, greenNs[firstPhase[r]] - minGreenNs[firstPhase[r]]);
            }
        }
        this.maxShortenNs = shorten;
        this.cycleNs = config.cycleMs() * MS;
        this.offsetNs = config.offsetMs() * MS;
        this.preemptMinGreenNs = config.preemptMinGreenMs() * MS;
        this.preemptMaxDwellNs = config.preemptMaxDwellMs() * MS;
        this.startupAllRedNs = config.startupAllRedMs() * MS;
        this.clock = nowNs;
        enterStartup();
        process();
    }

    public ControllerConfig config()
    {
        return config;
    }

    /** The controller's time: the latest timestamp it was advanced to. */
    public long nowNs()
    {
        return clock;
    }

    /**
     * Runs the controller up to {@code nowNs}, processing every interval change at its exact scheduled time.
     * A time earlier than the controller's is ignored.
     *
     * @param nowNs the new time
     */
    public void advanceTo(final long nowNs)
    {
        if (nowNs < clock)
        {
            return;
        }
        for (int i = 0; i < MAX_EVENTS_PER_ADVANCE; i++)
        {
            final long t = nextEventNs();
            if (t > nowNs)
            {
                break;
            }
            clock = Math.max(clock, t);
            process();
        }
        clock = nowNs;
    }

    // ----------------------------------------------------------------------------------------------------------
    // central commands
    // ----------------------------------------------------------------------------------------------------------

    /**
     * Central preemption for an emergency vehicle: dwell green on {@code phase} and its partner (when enabled).
     * Conflicting greens keep at least the preempt min green, then clear through their full yellow and red.
     * The same request id refreshes the expiry. Another id is accepted while a preemption is active only with a
     * strictly higher priority (lower number), which replaces it, or for the same or partner phase, which shares
     * the dwell.
     *
     * @param requestId   the request's id, not 0
     * @param phase       the phase the vehicle approaches on, 1..8 and enabled
     * @param priority    lower number = higher priority
     * @param nowNs       command time
     * @param expiresAtNs when the request lapses unless refreshed
     * @return {@link #ACCEPTED} or a REJECTED_ code
     */
    public int preempt(final long requestId, final int phase, final int priority, final long nowNs, final long expiresAtNs)
    {
        advanceTo(nowNs);
        if (requestId == 0)
        {
            return REJECTED_UNKNOWN_REQUEST;
        }
        if (!config.enabled(phase))
        {
            return REJECTED_INVALID_PHASE;
        }
        if (inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (expiresAtNs <= clock)
        {
            return REJECTED_EXPIRED;
        }
        final boolean samePhases = requestCount > 0 && sharesDwell(phase);
        final int index = indexOfRequest(requestId);
        if (index >= 0 && samePhases)
        {
            requestExpires[index] = expiresAtNs;
            requestPriority[index] = priority;
            return ACCEPTED;
        }
        if (requestCount > 0 && !samePhases)
        {
            // a request asking for other phases must outrank everyone else in the group; its own old entry does not count
            if (priority >= groupPriorityExcluding(index) && requestCount > (index >= 0 ? 1 : 0))
            {
                return REJECTED_PREEMPT_ACTIVE;
            }
            requestCount = 0;
        }
        if (requestCount > 0)
        {
            if (requestCount == MAX_SHARED_REQUESTS)
            {
                return REJECTED_PREEMPT_ACTIVE;
            }
            addRequest(requestId, priority, expiresAtNs);
            return ACCEPTED;
        }
        addRequest(requestId, priority, expiresAtNs);
        startPreemption(phase);
        process();
        return ACCEPTED;
    }

    /**
     * Cancels one preemption request; the dwell ends when no sharing request is left.
     *
     * @param requestId the request
     * @param nowNs     command time
     * @return {@link #ACCEPTED} or {@link #REJECTED_UNKNOWN_REQUEST}
     */
    public int cancelPreempt(final long requestId, final long nowNs)
    {
        advanceTo(nowNs);
        final int index = indexOfRequest(requestId);
        if (requestId == 0 || index < 0)
        {
            return REJECTED_UNKNOWN_REQUEST;
        }
        removeRequest(index);
        if (requestCount == 0)
        {
            exitPreemption();
            process();
        }
        return ACCEPTED;
    }

    /**
     * Holds a phase (and its partner) green. A phase that is not green is served at the next safe point: running
     * greens end as soon as their min green allows, clear, and the held phases start.
     *
     * @param phase       1..8, enabled
     * @param nowNs       command time
     * @param expiresAtNs when the hold lapses unless refreshed
     * @return {@link #ACCEPTED} or a REJECTED_ code
     */
    public int hold(final int phase, final long nowNs, final long expiresAtNs)
    {
        advanceTo(nowNs);
        if (!config.enabled(phase))
        {
            return REJECTED_INVALID_PHASE;
        }
        if (inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (requestCount > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (expiresAtNs <= clock)
        {
            return REJECTED_EXPIRED;
        }
        holdExpires = expiresAtNs;
        mode = ControllerMode.HOLD;
        exitPhase[0] = 0;
        exitPhase[1] = 0;
        setTargets(phase);
        for (int r = 0; r < 2; r++)
        {
            if (interval[r] == GREEN)
            {
                if (ringPhase[r] == target[r])
                {
                    greenEnd[r] = NEVER;
                }
                else
                {
                    terminate(r, minGreenNs[ringPhase[r]], true);
                }
            }
        }
        process();
        return ACCEPTED;
    }

    /**
     * Force-off: the running greens end as soon as their min green (and any pedestrian clearance) allows. Drops a
     * hold.
     *
     * @param nowNs command time
     * @return {@link #ACCEPTED} or a REJECTED_ code
     */
    public int advance(final long nowNs)
    {
        advanceTo(nowNs);
        if (inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (requestCount > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (mode == ControllerMode.HOLD)
        {
            returnToLocal();
        }
        forceOffGreens();
        process();
        return ACCEPTED;
    }

    /**
     * Operator flash: running greens finish their min green and clear through full yellow and red, then all
     * channels flash red (pedestrian heads dark) until the flash expires or is released.
     *
     * @param nowNs       command time
     * @param expiresAtNs when the flash lapses unless refreshed
     * @return {@link #ACCEPTED} or a REJECTED_ code
     */
    public int flash(final long nowNs, final long expiresAtNs)
    {
        advanceTo(nowNs);
        if (mode == ControllerMode.FAULT_FLASH)
        {
            return REJECTED_IN_FLASH;
        }
        if (requestCount > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (expiresAtNs <= clock)
        {
            return REJECTED_EXPIRED;
        }
        flashExpires = expiresAtNs;
        if (mode == ControllerMode.FLASH || flashPending)
        {
            return ACCEPTED;
        }
        flashPending = true;
        holdExpires = 0;
        if (mode != ControllerMode.STARTUP)
        {
            mode = ControllerMode.LOCAL;
        }
        clearTargetsAndExit();
        forceOffGreens();
        process();
        return ACCEPTED;
    }

    /**
     * Drops a preemption, hold or operator flash and returns to the plan (through startup all-red when leaving
     * flash). Does nothing when none is in force; a fault flash needs {@link #resetFault(long)}.
     *
     * @param nowNs command time
     * @return {@link #ACCEPTED} or {@link #REJECTED_IN_FLASH} in fault flash
     */
    public int release(final long nowNs)
    {
        advanceTo(nowNs);
        if (mode == ControllerMode.FAULT_FLASH)
        {
            return REJECTED_IN_FLASH;
        }
        if (requestCount > 0)
        {
            requestCount = 0;
            exitPreemption();
        }
        else if (mode == ControllerMode.HOLD)
        {
            returnToLocal();
        }
        else if (mode == ControllerMode.FLASH)
        {
            flashExpires = 0;
            enterStartup();
        }
        else if (flashPending)
        {
            flashPending = false;
            flashExpires = 0;
            returnToLocal();
        }
        process();
        return ACCEPTED;
    }

    /**
     * The conflict monitor's order: all channels flash red at once, whatever they showed, until an operator
     * resets the fault. Every central command is dropped.
     *
     * @param faultBits the monitor's violation bits, kept for {@link #faults()}
     * @param nowNs     time of the fault
     */
    public void faultFlash(final int faultBits, final long nowNs)
    {
        advanceTo(nowNs);
        this.faultBits |= faultBits;
        mode = ControllerMode.FAULT_FLASH;
        requestCount = 0;
        holdExpires = 0;
        flashExpires = 0;
        flashPending = false;
        startupPending = false;
        clearTargetsAndExit();
        interval[0] = IDLE;
        interval[1] = IDLE;
        pedServed[0] = false;
        pedServed[1] = false;
    }

    /**
     * Operator reset after a fault flash: startup all-red, then the plan. Does nothing in any other mode.
     *
     * @param nowNs command time
     * @return {@link #ACCEPTED}
     */
    public int resetFault(final long nowNs)
    {
        advanceTo(nowNs);
        if (mode == ControllerMode.FAULT_FLASH)
        {
            faultBits = 0;
            enterStartup();
            process();
        }
        return ACCEPTED;
    }

    // ----------------------------------------------------------------------------------------------------------
    // outputs
    // ----------------------------------------------------------------------------------------------------------

    public ControllerMode mode()
    {
        return mode;
    }

    /**
     * The vehicle indication of a phase: DARK for a disabled phase, FLASHING_RED in flash, else the ring state.
     *
     * @param phase any int; numbers outside 1..8 are dark
     * @return the indication
     */
    public Indication vehicle(final int phase)
    {
        if (!config.enabled(phase))
        {
            return Indication.DARK;
        }
        if (mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH)
        {
            return Indication.FLASHING_RED;
        }
        final int r = ControllerConfig.ring(phase);
        if (ringPhase[r] != phase)
        {
            return Indication.RED;
        }
        switch (interval[r])
        {
            case GREEN:
                return Indication.GREEN;
            case YELLOW:
                return Indication.YELLOW;
            default:
                return Indication.RED;
        }
    }

    /**
     * The pedestrian indication of a phase's crossing (the crossing parallel to the phase's movement).
     *
     * @param phase any int; numbers outside 1..8 are dark
     * @return the indication
     */
    public PedIndication pedestrian(final int phase)
    {
        if (!config.enabled(phase) || !pedestrians || mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH)
        {
            return PedIndication.DARK;
        }
        final int r = ControllerConfig.ring(phase);
        if (ringPhase[r] == phase && interval[r] == GREEN && pedServed[r])
        {
            if (clock < walkEnd[r])
            {
                return PedIndication.WALK;
            }
            if (clock < pedClearEnd[r])
            {
                return PedIndication.FLASHING_DONT_WALK;
            }
        }
        return PedIndication.DONT_WALK;
    }

    /**
     * The vehicle channel's lamp outputs: {@link #LAMP_RED}, {@link #LAMP_YELLOW}, {@link #LAMP_GREEN}, plus
     * {@link #LAMP_FLASHING} for flashing indications; 0 when dark.
     *
     * @param phase any int
     * @return the lamp bits
     */
    public int lamps(final int phase)
    {
        switch (vehicle(phase))
        {
            case RED:
                return LAMP_RED;
            case YELLOW:
                return LAMP_YELLOW;
            case GREEN:
                return LAMP_GREEN;
            case FLASHING_RED:
                return LAMP_RED | LAMP_FLASHING;
            case FLASHING_YELLOW:
                return LAMP_YELLOW | LAMP_FLASHING;
            default:
                return 0;
        }
    }

    /**
     * The pedestrian channel's lamp outputs: {@link #PED_DONT_WALK}, {@link #PED_WALK}, flashing don't walk as
     * {@code PED_DONT_WALK | PED_FLASHING}; 0 when dark.
     *
     * @param phase any int
     * @return the lamp bits
     */
    public int pedLamps(final int phase)
    {
        switch (pedestrian(phase))
        {
            case DONT_WALK:
                return PED_DONT_WALK;
            case WALK:
                return PED_WALK;
            case FLASHING_DONT_WALK:
                return PED_DONT_WALK | PED_FLASHING;
            default:
                return 0;
        }
    }

    /**
     * SPaT: the earliest time the phase's current indication can change. A running green can end at its min green
     * (and pedestrian clearance); a yellow at its end; a red at its projected start of green in the plan. The
     * controller's time when unknown (flash, hold, preemption, disabled phase).
     *
     * @param phase 1..8
     * @return a timestamp, ns
     */
    public long minEndNs(final int phase)
    {
        if (!config.enabled(phase) || mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH)
        {
            return clock;
        }
        final int r = ControllerConfig.ring(phase);
        if (ringPhase[r] == phase && interval[r] == GREEN)
        {
            final long earliest = Math.max(Math.max(clock, greenStart[r] + minGreenNs[phase]), pedServed[r] ? pedClearEnd[r] : clock);
            return Math.min(greenEnd[r], earliest);
        }
        if (ringPhase[r] == phase && interval[r] == YELLOW)
        {
            return intervalStart[r] + yellowNs[phase];
        }
        final long start = planRunning() ? projectGreenStart(phase) : NEVER;
        return start == NEVER ? clock : start;
    }

    /**
     * SPaT: the latest time the phase's current indication changes under the current plan and mode;
     * {@code Long.MAX_VALUE} when it is not bounded (hold, dwell, flash, a red waiting for a hold or preemption).
     *
     * @param phase 1..8
     * @return a timestamp, ns
     */
    public long maxEndNs(final int phase)
    {
        if (!config.enabled(phase))
        {
            return clock;
        }
        if (mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH)
        {
            return NEVER;
        }
        final int r = ControllerConfig.ring(phase);
        if (ringPhase[r] == phase && interval[r] == GREEN)
        {
            return greenEnd[r];
        }
        if (ringPhase[r] == phase && interval[r] == YELLOW)
        {
            return intervalStart[r] + yellowNs[phase];
        }
        return planRunning() ? projectGreenStart(phase) : NEVER;
    }

    /** The id of the preemption request in force (the first of those sharing the dwell), 0 when none. */
    public long activePreemptId()
    {
        return requestCount > 0 ? requestIds[0] : 0;
    }

    /** Violation bits the conflict monitor reported since the last fault reset. */
    public int faults()
    {
        return faultBits;
    }

    /**
     * When the central command in force lapses unless refreshed: the latest expiry of the preemption requests
     * sharing the dwell, the hold's or the flash's; 0 when none is in force.
     *
     * @return a timestamp, ns, or 0
     */
    public long commandExpiresAtNs()
    {
        if (requestCount > 0)
        {
            long latest = 0;
            for (int i = 0; i < requestCount; i++)
            {
                latest = Math.max(latest, requestExpires[i]);
            }
            return latest;
        }
        if (mode == ControllerMode.HOLD)
        {
            return holdExpires;
        }
        return flashExpires;
    }

    // ----------------------------------------------------------------------------------------------------------
    // engine
    // ----------------------------------------------------------------------------------------------------------

    private boolean inFlash()
    {
        return mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH || flashPending;
    }

    private boolean targeted()
    {
        return mode == ControllerMode.HOLD || mode == ControllerMode.PREEMPT_ENTRY || mode == ControllerMode.PREEMPT_DWELL;
    }

    private boolean planRunning()
    {
        return !flashPending && (mode == ControllerMode.LOCAL || mode == ControllerMode.STARTUP || mode == ControllerMode.PREEMPT_EXIT);
    }

    private long nextEventNs()
    {
        long t = NEVER;
        if (startupPending)
        {
            t = startupUntil;
        }
        for (int r = 0; r < 2; r++)
        {
            switch (interval[r])
            {
                case GREEN:
                    t = Math.min(t, greenEnd[r]);
                    break;
                case YELLOW:
                    t = Math.min(t, intervalStart[r] + yellowNs[ringPhase[r]]);
                    break;
                case RED:
                    t = Math.min(t, intervalStart[r] + redNs[ringPhase[r]]);
                    break;
                default:
                    break;
            }
        }
        if (mode == ControllerMode.HOLD)
        {
            t = Math.min(t, holdExpires);
        }
        for (int i = 0; i < requestCount; i++)
        {
            t = Math.min(t, requestExpires[i]);
        }
        if (mode == ControllerMode.PREEMPT_DWELL)
        {
            t = Math.min(t, dwellStart + preemptMaxDwellNs);
        }
        if (flashExpires != 0)
        {
            t = Math.min(t, flashExpires);
        }
        return t;
    }

    /** Applies everything due at {@code clock}, including the cascades that happen at the same instant. */
    private void process()
    {
        handleExpiries();
        if (startupPending && clock >= startupUntil)
        {
            startupPending = false;
            if (mode == ControllerMode.STARTUP)
            {
                mode = ControllerMode.LOCAL;
            }
        }
        for (int pass = 0; pass < MAX_PASSES; pass++)
        {
            boolean changed = false;
            for (int r = 0; r < 2; r++)
            {
                changed |= endIntervalIfDue(r);
            }
            updateMode();
            for (int r = 0; r < 2; r++)
            {
                changed |= startIfPossible(r);
            }
            updateMode();
            if (!changed)
            {
                break;
            }
        }
    }

    private void handleExpiries()
    {
        if (mode == ControllerMode.HOLD && clock >= holdExpires)
        {
            returnToLocal();
        }
        if (requestCount > 0)
        {
            for (int i = requestCount - 1; i >= 0; i--)
            {
                if (clock >= requestExpires[i])
                {
                    removeRequest(i);
                }
            }
            if (requestCount == 0)
            {
                exitPreemption();
            }
        }
        if (mode == ControllerMode.PREEMPT_DWELL && clock >= dwellStart + preemptMaxDwellNs)
        {
            // central keeps refreshing (or forgot to cancel): the cabinet decides the dwell has lasted long enough
            requestCount = 0;
            exitPreemption();
        }
        if (flashExpires != 0 && clock >= flashExpires)
        {
            flashExpires = 0;
            if (mode == ControllerMode.FLASH)
            {
                enterStartup();
            }
            else if (flashPending)
            {
                flashPending = false;
                returnToLocal();
            }
        }
    }

    private boolean endIntervalIfDue(final int r)
    {
        final int p = ringPhase[r];
        switch (interval[r])
        {
            case GREEN:
                if (greenEnd[r] <= clock)
                {
                    interval[r] = YELLOW;
                    intervalStart[r] = clock;
                    pedServed[r] = false;
                    return true;
                }
                return false;
            case YELLOW:
                if (intervalStart[r] + yellowNs[p] <= clock)
                {
                    interval[r] = RED;
                    intervalStart[r] = clock;
                    return true;
                }
                return false;
            case RED:
                if (intervalStart[r] + redNs[p] <= clock)
                {
                    interval[r] = IDLE;
                    intervalStart[r] = clock;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private boolean startIfPossible(final int r)
    {
        if (interval[r] != IDLE || !ringUsed[r] || startupPending || flashPending ||
            mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH || mode == ControllerMode.STARTUP)
        {
            return false;
        }
        final boolean plan = !targeted();
        final int want = plan ? next[r] : target[r];
        if (want == 0)
        {
            return false;
        }
        final int other = 1 - r;
        if (interval[other] != IDLE && !ControllerConfig.compatible(want, ringPhase[other]))
        {
            return false;
        }
        startGreen(r, want, plan);
        return true;
    }

    private void startGreen(final int r, final int p, final boolean plan)
    {
        ringPhase[r] = p;
        interval[r] = GREEN;
        intervalStart[r] = clock;
        greenStart[r] = clock;
        next[r] = successor(r, p);
        long green;
        if (plan)
        {
            green = greenNs[p];
            if (p == firstPhase[r])
            {
                green += syncShiftNs(clock);
            }
            greenEnd[r] = clock + green;
        }
        else
        {
            green = NEVER;
            greenEnd[r] = NEVER;
        }
        pedServed[r] = false;
        final boolean preempting = mode == ControllerMode.PREEMPT_ENTRY || mode == ControllerMode.PREEMPT_DWELL;
        if (pedestrians && walkNs[p] > 0 && !preempting)
        {
            final long walk = green == NEVER ? walkNs[p] : Math.min(walkNs[p], green - pedClearNs[p]);
            if (walk >= Math.min(walkNs[p], MIN_WALK_MS * MS))
            {
                pedServed[r] = true;
                walkEnd[r] = clock + walk;
                pedClearEnd[r] = walkEnd[r] + pedClearNs[p];
            }
        }
    }

    /**
     * Coordination: the first phases of the cycle should start on {@code offset + k * cycle}. When they do not
     * (startup, after a preemption or an advance), their green is shortened down to min green if that is enough to
     * get back in step, else lengthened until the next cycle start.
     */
    private long syncShiftNs(final long t)
    {
        final long pos = Math.floorMod(t - offsetNs, cycleNs);
        if (pos == 0)
        {
            return 0;
        }
        return pos <= maxShortenNs ? -pos : cycleNs - pos;
    }

    /**
     * Ends a running green as early as allowed: not before {@code minNs} of green in total, and never inside the
     * pedestrian clearance (a walk in progress is cut short, its clearance runs in full).
     */
    private void terminate(final int r, final long minNs, final boolean truncateWalk)
    {
        if (truncateWalk)
        {
            cutWalk(r);
        }
        long end = Math.max(clock, greenStart[r] + minNs);
        if (pedServed[r])
        {
            end = Math.max(end, pedClearEnd[r]);
        }
        greenEnd[r] = end;
    }

    /** A walk in progress ends now; its pedestrian clearance runs in full from here. */
    private void cutWalk(final int r)
    {
        if (pedServed[r] && clock < walkEnd[r])
        {
            walkEnd[r] = clock;
            pedClearEnd[r] = clock + pedClearNs[ringPhase[r]];
        }
    }

    /** Force-off: every running green ends as soon as its min green (and any pedestrian clearance) allows. */
    private void forceOffGreens()
    {
        for (int r = 0; r < 2; r++)
        {
            if (interval[r] == GREEN)
            {
                terminate(r, minGreenNs[ringPhase[r]], true);
            }
        }
    }

    private void updateMode()
    {
        if (mode == ControllerMode.PREEMPT_ENTRY)
        {
            for (int r = 0; r < 2; r++)
            {
                if (target[r] != 0 && interval[r] == GREEN && ringPhase[r] == target[r])
                {
                    mode = ControllerMode.PREEMPT_DWELL;
                    dwellStart = clock;
                    break;
                }
            }
        }
        else if (mode == ControllerMode.PREEMPT_EXIT)
        {
            for (int r = 0; r < 2; r++)
            {
                if (exitPhase[r] != 0 && (ringPhase[r] != exitPhase[r] || interval[r] == IDLE))
                {
                    exitPhase[r] = 0;
                }
            }
            if (exitPhase[0] == 0 && exitPhase[1] == 0)
            {
                mode = ControllerMode.LOCAL;
            }
        }
        if (flashPending && interval[0] == IDLE && interval[1] == IDLE)
        {
            flashPending = false;
            mode = ControllerMode.FLASH;
        }
    }

    private void setTargets(final int p)
    {
        final int r = ControllerConfig.ring(p);
        final int partner = ControllerConfig.partner(p);
        target[r] = p;
        target[1 - r] = config.enabled(partner) ? partner : 0;
    }

    private void startPreemption(final int p)
    {
        holdExpires = 0;
        exitPhase[0] = 0;
        exitPhase[1] = 0;
        setTargets(p);
        boolean dwelling = false;
        for (int r = 0; r < 2; r++)
        {
            if (interval[r] == GREEN)
            {
                if (ringPhase[r] == target[r])
                {
                    dwelling = true;
                    // peds already walking parallel to the vehicle may finish crossing; no new walk is offered
                    cutWalk(r);
                    greenEnd[r] = NEVER;
                }
                else
                {
                    terminate(r, preemptMinGreenNs, true);
                }
            }
        }
        if (dwelling && !startupPending)
        {
            mode = ControllerMode.PREEMPT_DWELL;
            dwellStart = clock;
        }
        else
        {
            mode = ControllerMode.PREEMPT_ENTRY;
        }
    }

    /** The preemption ended: the dwell phases clear normally and the plan resumes after them. */
    private void exitPreemption()
    {
        final boolean hadDwell = mode == ControllerMode.PREEMPT_ENTRY || mode == ControllerMode.PREEMPT_DWELL;
        if (!hadDwell)
        {
            return;
        }
        for (int r = 0; r < 2; r++)
        {
            exitPhase[r] = target[r] != 0 && interval[r] != IDLE && ringPhase[r] == target[r] ? target[r] : 0;
        }
        resumePlan();
        mode = exitPhase[0] != 0 || exitPhase[1] != 0 ? ControllerMode.PREEMPT_EXIT : ControllerMode.LOCAL;
        if (startupPending)
        {
            mode = ControllerMode.STARTUP;
        }
    }

    private void returnToLocal()
    {
        holdExpires = 0;
        resumePlan();
        mode = startupPending ? ControllerMode.STARTUP : ControllerMode.LOCAL;
    }

    /**
     * Leaves a targeted mode: greens that were dwelling get their min green and end, every ring continues with the
     * phase after the one it is on, and a resting ring joins the other ring's side of the barrier.
     */
    private void resumePlan()
    {
        for (int r = 0; r < 2; r++)
        {
            if (!ringUsed[r])
            {
                continue;
            }
            if (interval[r] == GREEN && greenEnd[r] == NEVER)
            {
                terminate(r, minGreenNs[ringPhase[r]], false);
            }
            next[r] = ringPhase[r] == 0 || startupPending ? startupPhase[r] : successor(r, ringPhase[r]);
        }
        target[0] = 0;
        target[1] = 0;
        if (ringUsed[0] && ringUsed[1] && ControllerConfig.side(next[0]) != ControllerConfig.side(next[1]))
        {
            if (interval[1] == IDLE)
            {
                next[1] = firstOnSide(1, next[1], ControllerConfig.side(next[0]));
            }
            else if (interval[0] == IDLE)
            {
                next[0] = firstOnSide(0, next[0], ControllerConfig.side(next[1]));
            }
        }
    }

    private void clearTargetsAndExit()
    {
        target[0] = 0;
        target[1] = 0;
        exitPhase[0] = 0;
        exitPhase[1] = 0;
    }

    private void enterStartup()
    {
        mode = ControllerMode.STARTUP;
        startupPending = true;
        startupUntil = clock + startupAllRedNs;
        flashPending = false;
        holdExpires = 0;
        clearTargetsAndExit();
        for (int r = 0; r < 2; r++)
        {
            interval[r] = IDLE;
            pedServed[r] = false;
            next[r] = startupPhase[r];
        }
    }

    private int successor(final int r, final int p)
    {
        final int[] seq = sequence[r];
        for (int i = 0; i < seq.length; i++)
        {
            if (seq[i] == p)
            {
                return seq[(i + 1) % seq.length];
            }
        }
        return seq.length > 0 ? seq[0] : 0;
    }

    private int firstOnSide(final int r, final int from, final int side)
    {
        int p = from;
        for (int i = 0; i < sequence[r].length; i++)
        {
            if (ControllerConfig.side(p) == side)
            {
                return p;
            }
            p = successor(r, p);
        }
        return from;
    }

    private boolean sharesDwell(final int p)
    {
        final int dwellPhase = target[0] != 0 ? target[0] : target[1];
        return p == target[0] || p == target[1] || p == ControllerConfig.partner(dwellPhase);
    }

    private int indexOfRequest(final long requestId)
    {
        for (int i = 0; i < requestCount; i++)
        {
            if (requestIds[i] == requestId)
            {
                return i;
            }
        }
        return -1;
    }

    private int groupPriorityExcluding(final int excluded)
    {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < requestCount; i++)
        {
            if (i != excluded)
            {
                best = Math.min(best, requestPriority[i]);
            }
        }
        return best;
    }

    private void addRequest(final long requestId, final int priority, final long expiresAtNs)
    {
        requestIds[requestCount] = requestId;
        requestPriority[requestCount] = priority;
        requestExpires[requestCount] = expiresAtNs;
        requestCount++;
    }

    private void removeRequest(final int index)
    {
        for (int i = index + 1; i < requestCount; i++)
        {
            requestIds[i - 1] = requestIds[i];
            requestPriority[i - 1] = requestPriority[i];
            requestExpires[i - 1] = requestExpires[i];
        }
        requestCount--;
    }

    /**
     * When a red phase next turns green if the plan runs undisturbed: both rings are stepped forward phase by
     * phase, a ring waiting at the barrier until the other ring's conflicting phase has cleared.
     */
    private long projectGreenStart(final int p)
    {
        final long gate = startupPending ? Math.max(clock, startupUntil) : clock;
        for (int r = 0; r < 2; r++)
        {
            projNext[r] = next[r];
            projCur[r] = interval[r] == IDLE ? 0 : ringPhase[r];
            final int q = ringPhase[r];
            switch (interval[r])
            {
                case GREEN:
                    projFree[r] = greenEnd[r] == NEVER ? NEVER : greenEnd[r] + yellowNs[q] + redNs[q];
                    break;
                case YELLOW:
                    projFree[r] = intervalStart[r] + yellowNs[q] + redNs[q];
                    break;
                case RED:
                    projFree[r] = intervalStart[r] + redNs[q];
                    break;
                default:
                    projFree[r] = gate;
                    break;
            }
            if (!ringUsed[r])
            {
                projFree[r] = NEVER;
            }
        }
        for (int step = 0; step < PROJECTION_STEPS; step++)
        {
            final int r = projFree[0] <= projFree[1] ? 0 : 1;
            final int o = 1 - r;
            long s = projFree[r];
            if (s == NEVER)
            {
                return NEVER;
            }
            final int want = projNext[r];
            if (projCur[o] != 0 && !ControllerConfig.compatible(want, projCur[o]) && projFree[o] > s)
            {
                s = projFree[o];
                if (s == NEVER)
                {
                    return NEVER;
                }
            }
            if (want == p)
            {
                return s;
            }
            long green = greenNs[want];
            if (want == firstPhase[r])
            {
                green += syncShiftNs(s);
            }
            projCur[r] = want;
            projFree[r] = s + green + yellowNs[want] + redNs[want];
            projNext[r] = successor(r, want);
        }
        return NEVER;
    }

    @Override
    public String toString()
    {
        return "RingBarrierController{" + config.intersectionId() + ", mode=" + mode + ", t=" + clock + ", ring1=" + ringPhase[0] + "/" +
            interval[0] + ", ring2=" + ringPhase[1] + "/" + interval[1] + ", preempt=" + activePreemptId() + "}";
    }
}
