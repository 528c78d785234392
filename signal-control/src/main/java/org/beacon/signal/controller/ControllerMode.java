package org.beacon.signal.controller;

/**
 * Operating mode of a {@link RingBarrierController}. The ordinal order is part of the wire format, so new
 * values may only be appended.
 */
public enum ControllerMode
{
    /** All red after power-up, a flash or a fault reset, before the plan's first phases. */
    STARTUP,
    /** Running the fixed-time plan. */
    LOCAL,
    /** A central hold: the held phase is being reached or is dwelling green. */
    HOLD,
    /** A preemption was accepted; conflicting greens are clearing. */
    PREEMPT_ENTRY,
    /** The preempted phases dwell green. */
    PREEMPT_DWELL,
    /** The preemption ended; the dwell phases are clearing before the plan resumes. */
    PREEMPT_EXIT,
    /** Operator flash: all channels flashing red. */
    FLASH,
    /** The conflict monitor transferred the cabinet to flash; only an operator reset leaves it. */
    FAULT_FLASH
}
