/**
 * Advanced Mobile Location intake: the SMS and HTTPS forms of ETSI TS 103 625 and the Netty gateway
 * that journals each valid message as a {@code LocationFix} before it answers the sender.
 */
package org.beacon.dispatch.intake.aml;
