package org.beacon.signal.controller;

import static org.beacon.signal.controller.RingState.GREEN;
import static org.beacon.signal.controller.RingState.IDLE;
import static org.beacon.signal.controller.RingTiming.NEVER;

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
 * <p>The parts, by role, over one {@link RingState}: {@link RingTiming} (phase timing fixed by the configuration),
 * {@link Rings} (ring and barrier sequencing), {@link Preemption} (dwell entry and exit), {@link RingSequencer} (the
 * schedule of changes and their cascades) and {@link SignalHeads} (indications, lamps and SPaT). This class holds the
 * central commands and the public view.
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

    private final ControllerConfig config;
    private final RingTiming timing;
    private final RingState state;
    private final Rings rings;
    private final Preemption preemption;
    private final RingSequencer sequencer;
    private final SignalHeads heads;

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
        this.timing = new RingTiming(config);
        this.state = new RingState(nowNs);
        this.rings = new Rings(config, timing, state);
        this.preemption = new Preemption(timing, state, rings);
        this.sequencer = new RingSequencer(timing, state, rings, preemption);
        this.heads = new SignalHeads(config, timing, state);
        sequencer.enterStartup();
        sequencer.process();
    }

    public ControllerConfig config()
    {
        return config;
    }

    /** The controller's time: the latest timestamp it was advanced to. */
    public long nowNs()
    {
        return state.clock;
    }

    /**
     * Runs the controller up to {@code nowNs}, processing every interval change at its exact scheduled time.
     * A time earlier than the controller's is ignored.
     *
     * @param nowNs the new time
     */
    public void advanceTo(final long nowNs)
    {
        sequencer.advanceTo(nowNs);
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
        if (state.inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (expiresAtNs <= state.clock)
        {
            return REJECTED_EXPIRED;
        }
        final boolean samePhases = state.requests.count > 0 && preemption.sharesDwell(phase);
        final int index = state.requests.indexOf(requestId);
        if (index >= 0 && samePhases)
        {
            state.requests.expires[index] = expiresAtNs;
            state.requests.priority[index] = priority;
            return ACCEPTED;
        }
        if (state.requests.count > 0 && !samePhases)
        {
            // a request asking for other phases must outrank everyone else in the group; its own old entry does not count
            if (priority >= state.requests.bestPriorityExcluding(index) && state.requests.count > (index >= 0 ? 1 : 0))
            {
                return REJECTED_PREEMPT_ACTIVE;
            }
            state.requests.count = 0;
        }
        if (state.requests.count > 0)
        {
            if (state.requests.count == MAX_SHARED_REQUESTS)
            {
                return REJECTED_PREEMPT_ACTIVE;
            }
            state.requests.add(requestId, priority, expiresAtNs);
            return ACCEPTED;
        }
        state.requests.add(requestId, priority, expiresAtNs);
        preemption.startPreemption(phase);
        sequencer.process();
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
        final int index = state.requests.indexOf(requestId);
        if (requestId == 0 || index < 0)
        {
            return REJECTED_UNKNOWN_REQUEST;
        }
        state.requests.remove(index);
        if (state.requests.count == 0)
        {
            preemption.exitPreemption();
            sequencer.process();
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
        if (state.inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (state.requests.count > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (expiresAtNs <= state.clock)
        {
            return REJECTED_EXPIRED;
        }
        state.holdExpires = expiresAtNs;
        state.mode = ControllerMode.HOLD;
        state.exitPhase[0] = 0;
        state.exitPhase[1] = 0;
        rings.setTargets(phase);
        for (int r = 0; r < 2; r++)
        {
            if (state.interval[r] == GREEN)
            {
                if (state.ringPhase[r] == state.target[r])
                {
                    state.greenEnd[r] = NEVER;
                }
                else
                {
                    rings.terminate(r, timing.minGreenNs[state.ringPhase[r]], true);
                }
            }
        }
        sequencer.process();
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
        if (state.inFlash())
        {
            return REJECTED_IN_FLASH;
        }
        if (state.requests.count > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (state.mode == ControllerMode.HOLD)
        {
            sequencer.returnToLocal();
        }
        rings.forceOffGreens();
        sequencer.process();
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
        if (state.mode == ControllerMode.FAULT_FLASH)
        {
            return REJECTED_IN_FLASH;
        }
        if (state.requests.count > 0)
        {
            return REJECTED_PREEMPT_ACTIVE;
        }
        if (expiresAtNs <= state.clock)
        {
            return REJECTED_EXPIRED;
        }
        state.flashExpires = expiresAtNs;
        if (state.mode == ControllerMode.FLASH || state.flashPending)
        {
            return ACCEPTED;
        }
        state.flashPending = true;
        state.holdExpires = 0;
        if (state.mode != ControllerMode.STARTUP)
        {
            state.mode = ControllerMode.LOCAL;
        }
        rings.clearTargetsAndExit();
        rings.forceOffGreens();
        sequencer.process();
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
        if (state.mode == ControllerMode.FAULT_FLASH)
        {
            return REJECTED_IN_FLASH;
        }
        if (state.requests.count > 0)
        {
            state.requests.count = 0;
            preemption.exitPreemption();
        }
        else if (state.mode == ControllerMode.HOLD)
        {
            sequencer.returnToLocal();
        }
        else if (state.mode == ControllerMode.FLASH)
        {
            state.flashExpires = 0;
            sequencer.enterStartup();
        }
        else if (state.flashPending)
        {
            state.flashPending = false;
            state.flashExpires = 0;
            sequencer.returnToLocal();
        }
        sequencer.process();
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
        state.faultBits |= faultBits;
        state.mode = ControllerMode.FAULT_FLASH;
        state.requests.count = 0;
        state.holdExpires = 0;
        state.flashExpires = 0;
        state.flashPending = false;
        state.startupPending = false;
        rings.clearTargetsAndExit();
        state.interval[0] = IDLE;
        state.interval[1] = IDLE;
        state.pedServed[0] = false;
        state.pedServed[1] = false;
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
        if (state.mode == ControllerMode.FAULT_FLASH)
        {
            state.faultBits = 0;
            sequencer.enterStartup();
            sequencer.process();
        }
        return ACCEPTED;
    }

    // ----------------------------------------------------------------------------------------------------------
    // outputs
    // ----------------------------------------------------------------------------------------------------------

    public ControllerMode mode()
    {
        return state.mode;
    }

    /**
     * The vehicle indication of a phase: DARK for a disabled phase, FLASHING_RED in flash, else the ring state.
     *
     * @param phase any int; numbers outside 1..8 are dark
     * @return the indication
     */
    public Indication vehicle(final int phase)
    {
        return heads.vehicle(phase);
    }

    /**
     * The pedestrian indication of a phase's crossing (the crossing parallel to the phase's movement).
     *
     * @param phase any int; numbers outside 1..8 are dark
     * @return the indication
     */
    public PedIndication pedestrian(final int phase)
    {
        return heads.pedestrian(phase);
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
        return heads.lamps(phase);
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
        return heads.pedLamps(phase);
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
        return heads.minEndNs(phase);
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
        return heads.maxEndNs(phase);
    }

    /** The id of the preemption request in force (the first of those sharing the dwell), 0 when none. */
    public long activePreemptId()
    {
        return state.requests.count > 0 ? state.requests.ids[0] : 0;
    }

    /** Violation bits the conflict monitor reported since the last fault reset. */
    public int faults()
    {
        return state.faultBits;
    }

    /**
     * When the central command in force lapses unless refreshed: the latest expiry of the preemption requests
     * sharing the dwell, the hold's or the flash's; 0 when none is in force.
     *
     * @return a timestamp, ns, or 0
     */
    public long commandExpiresAtNs()
    {
        if (state.requests.count > 0)
        {
            return state.requests.latestExpiry();
        }
        if (state.mode == ControllerMode.HOLD)
        {
            return state.holdExpires;
        }
        return state.flashExpires;
    }

    @Override
    public String toString()
    {
        return "RingBarrierController{" + config.intersectionId() + ", mode=" + state.mode + ", t=" + state.clock + ", ring1=" +
            state.ringPhase[0] + "/" + state.interval[0] + ", ring2=" + state.ringPhase[1] + "/" + state.interval[1] + ", preempt=" +
            activePreemptId() + "}";
    }
}
