/**
 * The console rig: how fast the city's changes reach many open consoles.
 */
package org.beacon.benchmarks.console;
