package org.beacon.signal.controller;

import static org.beacon.signal.controller.RingState.GREEN;
import static org.beacon.signal.controller.RingState.IDLE;
import static org.beacon.signal.controller.RingState.RED;
import static org.beacon.signal.controller.RingState.YELLOW;
import static org.beacon.signal.controller.RingTiming.NEVER;

/**
 * The clock of a {@link RingBarrierController}: finds the next scheduled change (an interval's end, a command's
 * expiry, the dwell limit, the end of startup), applies everything due at an instant with the cascades that happen at
 * that same instant (rings ending and starting intervals, modes following), and returns to the plan.
 */
final class RingSequencer
{
    private static final int MAX_EVENTS_PER_ADVANCE = 10_000;
    private static final int MAX_PASSES = 8;

    private final RingTiming timing;
    private final RingState state;
    private final Rings rings;
    private final Preemption preemption;

    RingSequencer(final RingTiming timing, final RingState state, final Rings rings, final Preemption preemption)
    {
        this.timing = timing;
        this.state = state;
        this.rings = rings;
        this.preemption = preemption;
    }

    long nextEventNs()
    {
        long t = NEVER;
        if (state.startupPending)
        {
            t = state.startupUntil;
        }
        for (int r = 0; r < 2; r++)
        {
            switch (state.interval[r])
            {
                case GREEN:
                    t = Math.min(t, state.greenEnd[r]);
                    break;
                case YELLOW:
                    t = Math.min(t, state.intervalStart[r] + timing.yellowNs[state.ringPhase[r]]);
                    break;
                case RED:
                    t = Math.min(t, state.intervalStart[r] + timing.redNs[state.ringPhase[r]]);
                    break;
                default:
                    break;
            }
        }
        if (state.mode == ControllerMode.HOLD)
        {
            t = Math.min(t, state.holdExpires);
        }
        for (int i = 0; i < state.requests.count; i++)
        {
            t = Math.min(t, state.requests.expires[i]);
        }
        if (state.mode == ControllerMode.PREEMPT_DWELL)
        {
            t = Math.min(t, state.dwellStart + timing.preemptMaxDwellNs);
        }
        if (state.flashExpires != 0)
        {
            t = Math.min(t, state.flashExpires);
        }
        return t;
    }

    /** Applies everything due at {@code clock}, including the cascades that happen at the same instant. */
    void process()
    {
        handleExpiries();
        if (state.startupPending && state.clock >= state.startupUntil)
        {
            state.startupPending = false;
            if (state.mode == ControllerMode.STARTUP)
            {
                state.mode = ControllerMode.LOCAL;
            }
        }
        for (int pass = 0; pass < MAX_PASSES; pass++)
        {
            boolean changed = false;
            for (int r = 0; r < 2; r++)
            {
                changed |= rings.endIntervalIfDue(r);
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

    void handleExpiries()
    {
        if (state.mode == ControllerMode.HOLD && state.clock >= state.holdExpires)
        {
            returnToLocal();
        }
        if (state.requests.count > 0)
        {
            for (int i = state.requests.count - 1; i >= 0; i--)
            {
                if (state.clock >= state.requests.expires[i])
                {
                    state.requests.remove(i);
                }
            }
            if (state.requests.count == 0)
            {
                preemption.exitPreemption();
            }
        }
        if (state.mode == ControllerMode.PREEMPT_DWELL && state.clock >= state.dwellStart + timing.preemptMaxDwellNs)
        {
            // central keeps refreshing (or forgot to cancel): the cabinet decides the dwell has lasted long enough
            state.requests.count = 0;
            preemption.exitPreemption();
        }
        if (state.flashExpires != 0 && state.clock >= state.flashExpires)
        {
            state.flashExpires = 0;
            if (state.mode == ControllerMode.FLASH)
            {
                enterStartup();
            }
            else if (state.flashPending)
            {
                state.flashPending = false;
                returnToLocal();
            }
        }
    }

    boolean startIfPossible(final int r)
    {
        if (state.interval[r] != IDLE || !timing.ringUsed[r] || state.startupPending || state.flashPending ||
            state.mode == ControllerMode.FLASH || state.mode == ControllerMode.FAULT_FLASH || state.mode == ControllerMode.STARTUP)
        {
            return false;
        }
        final boolean plan = !state.targeted();
        final int want = plan ? state.next[r] : state.target[r];
        if (want == 0)
        {
            return false;
        }
        final int other = 1 - r;
        if (state.interval[other] != IDLE && !ControllerConfig.compatible(want, state.ringPhase[other]))
        {
            return false;
        }
        rings.startGreen(r, want, plan);
        return true;
    }

    void updateMode()
    {
        if (state.mode == ControllerMode.PREEMPT_ENTRY)
        {
            for (int r = 0; r < 2; r++)
            {
                if (state.target[r] != 0 && state.interval[r] == GREEN && state.ringPhase[r] == state.target[r])
                {
                    state.mode = ControllerMode.PREEMPT_DWELL;
                    state.dwellStart = state.clock;
                    break;
                }
            }
        }
        else if (state.mode == ControllerMode.PREEMPT_EXIT)
        {
            for (int r = 0; r < 2; r++)
            {
                if (state.exitPhase[r] != 0 && (state.ringPhase[r] != state.exitPhase[r] || state.interval[r] == IDLE))
                {
                    state.exitPhase[r] = 0;
                }
            }
            if (state.exitPhase[0] == 0 && state.exitPhase[1] == 0)
            {
                state.mode = ControllerMode.LOCAL;
            }
        }
        if (state.flashPending && state.interval[0] == IDLE && state.interval[1] == IDLE)
        {
            state.flashPending = false;
            state.mode = ControllerMode.FLASH;
        }
    }

    void returnToLocal()
    {
        state.holdExpires = 0;
        rings.resumePlan();
        state.mode = state.startupPending ? ControllerMode.STARTUP : ControllerMode.LOCAL;
    }

    void enterStartup()
    {
        state.mode = ControllerMode.STARTUP;
        state.startupPending = true;
        state.startupUntil = state.clock + timing.startupAllRedNs;
        state.flashPending = false;
        state.holdExpires = 0;
        rings.clearTargetsAndExit();
        for (int r = 0; r < 2; r++)
        {
            state.interval[r] = IDLE;
            state.pedServed[r] = false;
            state.next[r] = timing.startupPhase[r];
        }
    }

    /**
     * Runs the controller up to {@code nowNs}, processing every interval change at its exact scheduled time.
     * A time earlier than the controller's is ignored.
     *
     * @param nowNs the new time
     */
    void advanceTo(final long nowNs)
    {
        if (nowNs < state.clock)
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
            state.clock = Math.max(state.clock, t);
            process();
        }
        state.clock = nowNs;
    }
}
