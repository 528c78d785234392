/**
 * The broadcast gateway of area alerts, modelled on a real cell-broadcast chain: Beacon as the cell-broadcast entity
 * (CBE) hands each issued CAP message to a cell-broadcast centre ({@link org.beacon.dispatch.alert.broadcast.CellBroadcastCentre}),
 * which selects cells, assigns EU-Alert message identifiers and serial numbers and pages the text; the cells of a
 * {@link org.beacon.dispatch.alert.broadcast.CellNetwork} broadcast it to the simulated
 * {@link org.beacon.dispatch.alert.broadcast.Handsets}, which show it per {@link org.beacon.dispatch.alert.broadcast.HandsetDisplay}.
 * Gateway code: nothing here runs inside the state machine.
 */
package org.beacon.dispatch.alert.broadcast;
