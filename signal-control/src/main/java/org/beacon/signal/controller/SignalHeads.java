package org.beacon.signal.controller;

import static org.beacon.signal.controller.RingBarrierController.LAMP_FLASHING;
import static org.beacon.signal.controller.RingBarrierController.LAMP_GREEN;
import static org.beacon.signal.controller.RingBarrierController.LAMP_RED;
import static org.beacon.signal.controller.RingBarrierController.LAMP_YELLOW;
import static org.beacon.signal.controller.RingBarrierController.PED_DONT_WALK;
import static org.beacon.signal.controller.RingBarrierController.PED_FLASHING;
import static org.beacon.signal.controller.RingBarrierController.PED_WALK;
import static org.beacon.signal.controller.RingState.GREEN;
import static org.beacon.signal.controller.RingState.IDLE;
import static org.beacon.signal.controller.RingState.RED;
import static org.beacon.signal.controller.RingState.YELLOW;
import static org.beacon.signal.controller.RingTiming.NEVER;

/**
 * What a {@link RingBarrierController} shows: each phase's vehicle and pedestrian indications and lamp outputs, and
 * the SPaT bounds of its current indication (with the plan's projection of when a red turns green). Reads the
 * controller's {@link RingState}; changes nothing but its own projection scratch arrays.
 */
final class SignalHeads
{
    private static final int PROJECTION_STEPS = 40;

    private final ControllerConfig config;
    private final RingTiming timing;
    private final RingState state;
    private final long[] projFree = new long[2];
    private final int[] projCur = new int[2];
    private final int[] projNext = new int[2];

    SignalHeads(final ControllerConfig config, final RingTiming timing, final RingState state)
    {
        this.config = config;
        this.timing = timing;
        this.state = state;
    }

    /**
     * The vehicle indication of a phase: DARK for a disabled phase, FLASHING_RED in flash, else the ring state.
     *
     * @param phase any int; numbers outside 1..8 are dark
     * @return the indication
     */
    Indication vehicle(final int phase)
    {
        if (!config.enabled(phase))
        {
            return Indication.DARK;
        }
        if (state.mode == ControllerMode.FLASH || state.mode == ControllerMode.FAULT_FLASH)
        {
            return Indication.FLASHING_RED;
        }
        final int r = ControllerConfig.ring(phase);
        if (state.ringPhase[r] != phase)
        {
            return Indication.RED;
        }
        switch (state.interval[r])
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
    PedIndication pedestrian(final int phase)
    {
        if (!config.enabled(phase) || !timing.pedestrians || state.mode == ControllerMode.FLASH || state.mode == ControllerMode.FAULT_FLASH)
        {
            return PedIndication.DARK;
        }
        final int r = ControllerConfig.ring(phase);
        if (state.ringPhase[r] == phase && state.interval[r] == GREEN && state.pedServed[r])
        {
            if (state.clock < state.walkEnd[r])
            {
                return PedIndication.WALK;
            }
            if (state.clock < state.pedClearEnd[r])
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
    int lamps(final int phase)
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
    int pedLamps(final int phase)
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
    long minEndNs(final int phase)
    {
        if (!config.enabled(phase) || state.mode == ControllerMode.FLASH || state.mode == ControllerMode.FAULT_FLASH)
        {
            return state.clock;
        }
        final int r = ControllerConfig.ring(phase);
        if (state.ringPhase[r] == phase && state.interval[r] == GREEN)
        {
            final long earliest = Math.max(Math.max(state.clock, state.greenStart[r] + timing.minGreenNs[phase]),
                state.pedServed[r] ? state.pedClearEnd[r] : state.clock);
            return Math.min(state.greenEnd[r], earliest);
        }
        if (state.ringPhase[r] == phase && state.interval[r] == YELLOW)
        {
            return state.intervalStart[r] + timing.yellowNs[phase];
        }
        final long start = state.planRunning() ? projectGreenStart(phase) : NEVER;
        return start == NEVER ? state.clock : start;
    }

    /**
     * SPaT: the latest time the phase's current indication changes under the current plan and mode;
     * {@code Long.MAX_VALUE} when it is not bounded (hold, dwell, flash, a red waiting for a hold or preemption).
     *
     * @param phase 1..8
     * @return a timestamp, ns
     */
    long maxEndNs(final int phase)
    {
        if (!config.enabled(phase))
        {
            return state.clock;
        }
        if (state.mode == ControllerMode.FLASH || state.mode == ControllerMode.FAULT_FLASH)
        {
            return NEVER;
        }
        final int r = ControllerConfig.ring(phase);
        if (state.ringPhase[r] == phase && state.interval[r] == GREEN)
        {
            return state.greenEnd[r];
        }
        if (state.ringPhase[r] == phase && state.interval[r] == YELLOW)
        {
            return state.intervalStart[r] + timing.yellowNs[phase];
        }
        return state.planRunning() ? projectGreenStart(phase) : NEVER;
    }

    /**
     * When a red phase next turns green if the plan runs undisturbed: both rings are stepped forward phase by
     * phase, a ring waiting at the barrier until the other ring's conflicting phase has cleared.
     */
    long projectGreenStart(final int p)
    {
        final long gate = state.startupPending ? Math.max(state.clock, state.startupUntil) : state.clock;
        for (int r = 0; r < 2; r++)
        {
            projNext[r] = state.next[r];
            projCur[r] = state.interval[r] == IDLE ? 0 : state.ringPhase[r];
            final int q = state.ringPhase[r];
            switch (state.interval[r])
            {
                case GREEN:
                    projFree[r] = state.greenEnd[r] == NEVER ? NEVER : state.greenEnd[r] + timing.yellowNs[q] + timing.redNs[q];
                    break;
                case YELLOW:
                    projFree[r] = state.intervalStart[r] + timing.yellowNs[q] + timing.redNs[q];
                    break;
                case RED:
                    projFree[r] = state.intervalStart[r] + timing.redNs[q];
                    break;
                default:
                    projFree[r] = gate;
                    break;
            }
            if (!timing.ringUsed[r])
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
            long green = timing.greenNs[want];
            if (want == timing.firstPhase[r])
            {
                green += timing.syncShiftNs(s);
            }
            projCur[r] = want;
            projFree[r] = s + green + timing.yellowNs[want] + timing.redNs[want];
            projNext[r] = timing.successor(r, want);
        }
        return NEVER;
    }
}
