/**
 * The 112 dispatch domain inside the deterministic state machine: incidents, call correlation,
 * units and their status, and straight-line unit recommendation.
 */
package org.beacon.dispatch;
