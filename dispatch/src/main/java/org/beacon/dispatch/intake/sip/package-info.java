/**
 * The NG112 SIP gateway: emergency INVITEs with PIDF-LO over UDP and TCP, answered as a UAS only
 * after the call is journaled. Start it with {@link org.beacon.dispatch.intake.sip.SipGateway#launch}
 * and a {@link org.beacon.dispatch.intake.sip.SipGatewayContext}.
 */
package org.beacon.dispatch.intake.sip;
