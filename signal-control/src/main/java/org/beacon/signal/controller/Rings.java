package org.beacon.signal.controller;

import static org.beacon.signal.controller.RingState.GREEN;
import static org.beacon.signal.controller.RingState.IDLE;
import static org.beacon.signal.controller.RingState.RED;
import static org.beacon.signal.controller.RingState.YELLOW;
import static org.beacon.signal.controller.RingTiming.MS;
import static org.beacon.signal.controller.RingTiming.NEVER;

/**
 * Ring and barrier sequencing of a {@link RingBarrierController}: a ring's interval that is due ends (green, yellow,
 * red clearance), a phase starts its green (timed by the plan, or open-ended for a hold or a dwell) with its walk, a
 * running green is ended as early as allowed, and the rings' next phases are set when a targeted mode ends. Works on
 * the controller's {@link RingState}; when each step happens is the {@link RingSequencer}'s business.
 */
final class Rings
{
    private final ControllerConfig config;
    private final RingTiming timing;
    private final RingState state;

    Rings(final ControllerConfig config, final RingTiming timing, final RingState state)
    {
        this.config = config;
        this.timing = timing;
        this.state = state;
    }

    boolean endIntervalIfDue(final int r)
    {
        final int p = state.ringPhase[r];
        switch (state.interval[r])
        {
            case GREEN:
                if (state.greenEnd[r] <= state.clock)
                {
                    state.interval[r] = YELLOW;
                    state.intervalStart[r] = state.clock;
                    state.pedServed[r] = false;
                    return true;
                }
                return false;
            case YELLOW:
                if (state.intervalStart[r] + timing.yellowNs[p] <= state.clock)
                {
                    state.interval[r] = RED;
                    state.intervalStart[r] = state.clock;
                    return true;
                }
                return false;
            case RED:
                if (state.intervalStart[r] + timing.redNs[p] <= state.clock)
                {
                    state.interval[r] = IDLE;
                    state.intervalStart[r] = state.clock;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    void startGreen(final int r, final int p, final boolean plan)
    {
        state.ringPhase[r] = p;
        state.interval[r] = GREEN;
        state.intervalStart[r] = state.clock;
        state.greenStart[r] = state.clock;
        state.next[r] = timing.successor(r, p);
        long green;
        if (plan)
        {
            green = timing.greenNs[p];
            if (p == timing.firstPhase[r])
            {
                green += timing.syncShiftNs(state.clock);
            }
            state.greenEnd[r] = state.clock + green;
        }
        else
        {
            green = NEVER;
            state.greenEnd[r] = NEVER;
        }
        state.pedServed[r] = false;
        final boolean preempting = state.mode == ControllerMode.PREEMPT_ENTRY || state.mode == ControllerMode.PREEMPT_DWELL;
        if (timing.pedestrians && timing.walkNs[p] > 0 && !preempting)
        {
            final long walk = green == NEVER ? timing.walkNs[p] : Math.min(timing.walkNs[p], green - timing.pedClearNs[p]);
            if (walk >= Math.min(timing.walkNs[p], RingBarrierController.MIN_WALK_MS * MS))
            {
                state.pedServed[r] = true;
                state.walkEnd[r] = state.clock + walk;
                state.pedClearEnd[r] = state.walkEnd[r] + timing.pedClearNs[p];
            }
        }
    }

    /**
     * Ends a running green as early as allowed: not before {@code minNs} of green in total, and never inside the
     * pedestrian clearance (a walk in progress is cut short, its clearance runs in full).
     */
    void terminate(final int r, final long minNs, final boolean truncateWalk)
    {
        if (truncateWalk)
        {
            cutWalk(r);
        }
        long end = Math.max(state.clock, state.greenStart[r] + minNs);
        if (state.pedServed[r])
        {
            end = Math.max(end, state.pedClearEnd[r]);
        }
        state.greenEnd[r] = end;
    }

    /** A walk in progress ends now; its pedestrian clearance runs in full from here. */
    void cutWalk(final int r)
    {
        if (state.pedServed[r] && state.clock < state.walkEnd[r])
        {
            state.walkEnd[r] = state.clock;
            state.pedClearEnd[r] = state.clock + timing.pedClearNs[state.ringPhase[r]];
        }
    }

    /** Force-off: every running green ends as soon as its min green (and any pedestrian clearance) allows. */
    void forceOffGreens()
    {
        for (int r = 0; r < 2; r++)
        {
            if (state.interval[r] == GREEN)
            {
                terminate(r, timing.minGreenNs[state.ringPhase[r]], true);
            }
        }
    }

    void setTargets(final int p)
    {
        final int r = ControllerConfig.ring(p);
        final int partner = ControllerConfig.partner(p);
        state.target[r] = p;
        state.target[1 - r] = config.enabled(partner) ? partner : 0;
    }

    void clearTargetsAndExit()
    {
        state.target[0] = 0;
        state.target[1] = 0;
        state.exitPhase[0] = 0;
        state.exitPhase[1] = 0;
    }

    /**
     * Leaves a targeted mode: greens that were dwelling get their min green and end, every ring continues with the
     * phase after the one it is on, and a resting ring joins the other ring's side of the barrier.
     */
    void resumePlan()
    {
        for (int r = 0; r < 2; r++)
        {
            if (!timing.ringUsed[r])
            {
                continue;
            }
            if (state.interval[r] == GREEN && state.greenEnd[r] == NEVER)
            {
                terminate(r, timing.minGreenNs[state.ringPhase[r]], false);
            }
            state.next[r] = state.ringPhase[r] == 0 || state.startupPending ? timing.startupPhase[r] :
                timing.successor(r, state.ringPhase[r]);
        }
        state.target[0] = 0;
        state.target[1] = 0;
        if (timing.ringUsed[0] && timing.ringUsed[1] && ControllerConfig.side(state.next[0]) != ControllerConfig.side(state.next[1]))
        {
            if (state.interval[1] == IDLE)
            {
                state.next[1] = timing.firstOnSide(1, state.next[1], ControllerConfig.side(state.next[0]));
            }
            else if (state.interval[0] == IDLE)
            {
                state.next[0] = timing.firstOnSide(0, state.next[0], ControllerConfig.side(state.next[1]));
            }
        }
    }
}
