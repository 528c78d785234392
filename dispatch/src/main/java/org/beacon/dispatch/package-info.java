/**
 * The 112 dispatch domain inside the deterministic state machine: calls and their location fixes (best
 * fix by uncertainty and age, call-taker confirmation), incidents from correlated calls, nuisance flags,
 * multi-agency needs, units and their status, and straight-line unit recommendation.
 */
package org.beacon.dispatch;
