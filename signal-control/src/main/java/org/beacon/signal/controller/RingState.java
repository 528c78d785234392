package org.beacon.signal.controller;

/**
 * Everything a {@link RingBarrierController} changes as it runs: each ring's phase and interval with their times
 * (index 0 = ring 1, 1 = ring 2), the targets of a hold or dwell, the mode, the clock, the pending startup and flash,
 * the commands' expiries, the fault bits and the preemption requests. Shared by the controller's parts.
 */
final class RingState
{
    static final int IDLE = 0;
    static final int GREEN = 1;
    static final int YELLOW = 2;
    static final int RED = 3;

    final int[] ringPhase = new int[2];
    final int[] interval = new int[2];
    final long[] intervalStart = new long[2];
    final long[] greenStart = new long[2];
    final long[] greenEnd = new long[2];
    final boolean[] pedServed = new boolean[2];
    final long[] walkEnd = new long[2];
    final long[] pedClearEnd = new long[2];
    final int[] next = new int[2];
    final int[] target = new int[2];
    final int[] exitPhase = new int[2];

    ControllerMode mode;
    long clock;
    boolean startupPending;
    long startupUntil;
    boolean flashPending;
    long flashExpires;
    long holdExpires;
    int faultBits;
    long dwellStart;

    final PreemptRequests requests = new PreemptRequests();

    RingState(final long nowNs)
    {
        this.clock = nowNs;
    }

    /** In flash, or on the way to it. */
    boolean inFlash()
    {
        return mode == ControllerMode.FLASH || mode == ControllerMode.FAULT_FLASH || flashPending;
    }

    /** A hold or a preemption decides the rings' next phases, not the plan. */
    boolean targeted()
    {
        return mode == ControllerMode.HOLD || mode == ControllerMode.PREEMPT_ENTRY || mode == ControllerMode.PREEMPT_DWELL;
    }

    /** The plan decides what comes next, so that a red's start of green can be projected. */
    boolean planRunning()
    {
        return !flashPending && (mode == ControllerMode.LOCAL || mode == ControllerMode.STARTUP || mode == ControllerMode.PREEMPT_EXIT);
    }
}
