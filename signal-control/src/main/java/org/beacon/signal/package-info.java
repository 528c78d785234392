/**
 * Signal control: NEMA ring-barrier controller model, safety monitor, preemption planner and
 * field gateways (issue 5). Nothing is built here yet; the center composes it when it exists.
 */
package org.beacon.signal;
