/**
 * Area alerts as OASIS Common Alerting Protocol 1.2 messages: an immutable model ({@link org.beacon.dispatch.alert.cap.CapAlert}),
 * a writer that gives the same bytes for the same alert ({@link org.beacon.dispatch.alert.cap.CapWriter}) and a validator
 * against the bundled schema {@code cap/cap-1.2.xsd} plus the rules a schema cannot express
 * ({@link org.beacon.dispatch.alert.cap.CapValidator}). Gateway code: nothing here runs inside the state machine.
 */
package org.beacon.dispatch.alert.cap;
