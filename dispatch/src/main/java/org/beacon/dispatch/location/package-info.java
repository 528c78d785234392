/**
 * Caller location as gateways read it, outside the state machine: PIDF-LO bodies and the SIP
 * {@code Geolocation} header, network cell locations from a cell database and the
 * {@code P-Access-Network-Info} header, confidence rescaling to 95%, and masking of personal data.
 * Everything here reduces a location to a {@link org.beacon.dispatch.location.ParsedLocation}; nothing
 * here throws on bad input.
 */
package org.beacon.dispatch.location;
