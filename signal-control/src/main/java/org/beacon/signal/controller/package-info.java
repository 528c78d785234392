/**
 * The NEMA TS2 style dual-ring, eight-phase controller model and its independent conflict monitor.
 *
 * <p>{@link org.beacon.signal.controller.RingBarrierController} runs a fixed-time ring-barrier plan and the
 * central commands (preemption, hold, advance, flash). {@link org.beacon.signal.controller.ConflictMonitor}
 * only watches lamp outputs against its own program card and never asks the controller anything, so a bug
 * in the controller's timing cannot blind it. {@link org.beacon.signal.controller.SupervisedIntersection}
 * wires the two the way a cabinet does.
 *
 * <p>Choices made where the standards leave room:
 * <ul>
 *   <li>Disabled phases are dark (no signal head is wired). The monitor ignores a dark or red disabled
 *       channel but reports a disabled channel that shows green or yellow as a conflict.</li>
 *   <li>Pedestrian clearance is never shortened; the walk interval may be (preemption entry, advance, or a
 *       fixed-time green too short for the whole walk). A walk shorter than {@code RingBarrierController.MIN_WALK_MS}
 *       (or than the configured walk, if that is shorter) is not offered at all in that green.</li>
 *   <li>Preemption dwell shows DONT_WALK on the dwell phases' pedestrian heads.</li>
 *   <li>All times are the caller's nanosecond timestamps; the model never reads a clock.</li>
 * </ul>
 */
package org.beacon.signal.controller;
