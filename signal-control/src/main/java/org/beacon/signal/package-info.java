/**
 * Signal control: the green-wave planner and central side of signal control inside the state machine
 * ({@link org.beacon.signal.SignalService}, a service of the center's service list), the NEMA ring-barrier controller
 * model and its safety monitor ({@code controller}), field gateways ({@code field}) and the SUMO bridge ({@code sumo}).
 */
package org.beacon.signal;
