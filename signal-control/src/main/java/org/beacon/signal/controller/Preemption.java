package org.beacon.signal.controller;

import static org.beacon.signal.controller.RingState.GREEN;
import static org.beacon.signal.controller.RingState.IDLE;
import static org.beacon.signal.controller.RingTiming.NEVER;

/**
 * Preemption of a {@link RingBarrierController}: entering a dwell on a phase and its partner (conflicting greens keep
 * the preempt min green, then clear), and leaving it (the dwell phases clear normally and the plan resumes after
 * them). The request group itself is the {@link PreemptRequests} of the controller's {@link RingState}.
 */
final class Preemption
{
    private final RingTiming timing;
    private final RingState state;
    private final Rings rings;

    Preemption(final RingTiming timing, final RingState state, final Rings rings)
    {
        this.timing = timing;
        this.state = state;
        this.rings = rings;
    }

    void startPreemption(final int p)
    {
        state.holdExpires = 0;
        state.exitPhase[0] = 0;
        state.exitPhase[1] = 0;
        rings.setTargets(p);
        boolean dwelling = false;
        for (int r = 0; r < 2; r++)
        {
            if (state.interval[r] == GREEN)
            {
                if (state.ringPhase[r] == state.target[r])
                {
                    dwelling = true;
                    // peds already walking parallel to the vehicle may finish crossing; no new walk is offered
                    rings.cutWalk(r);
                    state.greenEnd[r] = NEVER;
                }
                else
                {
                    rings.terminate(r, timing.preemptMinGreenNs, true);
                }
            }
        }
        if (dwelling && !state.startupPending)
        {
            state.mode = ControllerMode.PREEMPT_DWELL;
            state.dwellStart = state.clock;
        }
        else
        {
            state.mode = ControllerMode.PREEMPT_ENTRY;
        }
    }

    /** The preemption ended: the dwell phases clear normally and the plan resumes after them. */
    void exitPreemption()
    {
        final boolean hadDwell = state.mode == ControllerMode.PREEMPT_ENTRY || state.mode == ControllerMode.PREEMPT_DWELL;
        if (!hadDwell)
        {
            return;
        }
        for (int r = 0; r < 2; r++)
        {
            state.exitPhase[r] = state.target[r] != 0 && state.interval[r] != IDLE && state.ringPhase[r] == state.target[r] ?
                state.target[r] : 0;
        }
        rings.resumePlan();
        state.mode = state.exitPhase[0] != 0 || state.exitPhase[1] != 0 ? ControllerMode.PREEMPT_EXIT : ControllerMode.LOCAL;
        if (state.startupPending)
        {
            state.mode = ControllerMode.STARTUP;
        }
    }

    boolean sharesDwell(final int p)
    {
        final int dwellPhase = state.target[0] != 0 ? state.target[0] : state.target[1];
        return p == state.target[0] || p == state.target[1] || p == ControllerConfig.partner(dwellPhase);
    }
}
