/**
 * The NG112 SIP gateway: emergency INVITEs with PIDF-LO over UDP and TCP, answered as a UAS only
 * after the call is journaled. Start it with {@link org.beacon.dispatch.intake.sip.SipGateway#launch}
 * and a {@link org.beacon.dispatch.intake.sip.SipGatewayContext}.
 *
 * <h2>Caller identity</h2>
 * The caller is the P-Asserted-Identity (of its URIs, the first that is a telephone number), else the From URI,
 * normalised to E.164 by {@link org.beacon.dispatch.intake.CallerNumbers} (the AML gateway uses the same class), so
 * that the call and the handset's AML fixes meet in the state machine. The identity as received is journaled beside
 * it in an {@code IntakeNote} right after the {@code CallReceived}.
 *
 * <h2>What an INVITE can be refused for</h2>
 * An emergency call is never refused for its body: when the body (SDP, PIDF-LO, multipart framing) cannot be used,
 * the INVITE is taken as one without an offer (RFC 3261 13.2.1): the 200 carries Beacon's own SDP offer, the caller's
 * answer comes in the ACK, and the call is journaled with its location unusable and the reason (the location problem
 * in {@code CallReceived}, the text in its {@code IntakeNote}). Refusals are kept only where a standard requires them
 * for a request that is not an emergency call at all, or where the centre cannot journal the call.
 * <table>
 *   <caption>Every answer but 200 that the gateway can give an INVITE</caption>
 *   <tr><th>what</th><th>answer</th><th>why</th></tr>
 *   <tr><td>bytes that are not a SIP message (no SIP start line)</td><td>UDP: none (dropped, counted); TCP: 400, then
 *       the connection closes</td><td>not a SIP request: nothing to answer (RFC 3261 18.3: a stream with no framing
 *       cannot go on)</td></tr>
 *   <tr><td>a start line of another SIP version</td><td>505</td><td>RFC 3261 8.2.2 ... 21.5.7: not SIP/2.0</td></tr>
 *   <tr><td>a malformed or missing required header (Via, From, To, Call-ID, CSeq and its method, Max-Forwards,
 *       Content-Length), a duplicate single-valued one, a header that is not UTF-8 (the location headers are exempt),
 *       no Content-Length on TCP</td><td>400 with the reason</td><td>RFC 3261 8.1.1, 8.2.2, 18.3, 20, 25: the
 *       request cannot be told from garbage, nor answered in a dialog</td></tr>
 *   <tr><td>a Request-URI that is not an emergency service ({@code urn:service:sos*}, 112-115)</td><td>404</td>
 *       <td>not an emergency call</td></tr>
 *   <tr><td>same Call-ID, no To tag, new CSeq while the call is up</td><td>482 Loop Detected</td><td>RFC 3261
 *       8.2.2.2: a merged or looped copy of a call already taken</td></tr>
 *   <tr><td>Max-Forwards 0</td><td>taken</td><td>483 is for proxies (RFC 3261 16.3); the gateway is the last
 *       hop</td></tr>
 *   <tr><td>Require with an extension the gateway does not implement</td><td>initial INVITE: taken (counted as
 *       {@code requireIgnored}); re-INVITE: 420</td><td>RFC 3261 8.2.2.3 asks for 420; an emergency call is answered
 *       as a plain UAS instead (no reliable provisionals, preconditions or session timer are used). A refused re-INVITE
 *       leaves its dialog as it was (14.2)</td></tr>
 *   <tr><td>a body of an unknown type or Content-Encoding, without Content-Type, a multipart body without boundary
 *       or whose delimiters do not match it, an SDP offer that cannot be answered (malformed, no audio, no common
 *       codec)</td><td>initial INVITE: 200 with Beacon's own offer, journaled with the reason (the location
 *       UNREADABLE_BODY, or BAD_MULTIPART for multipart framing, unless a PIDF-LO or a reference could still be read);
 *       re-INVITE: 415 / 400 / 488 as before</td><td>was 415, 400 and 488: a lost emergency call. RFC 3261 13.2.1 lets
 *       the UAS make the offer in the 2xx</td></tr>
 *   <tr><td>a body shorter than its Content-Length (UDP)</td><td>initial INVITE: 200 without reading the body,
 *       journaled with the reason; anything else: 400</td><td>was 400 (RFC 3261 18.3 says SHOULD): the headers are
 *       sound, only the body is lost</td></tr>
 *   <tr><td>a message over the size limit ({@link org.beacon.dispatch.intake.sip.SipGatewayContext#maxMessageLength})
 *       </td><td>initial INVITE whose headers fit: 200 without the body, journaled with the reason; anything else:
 *       413</td><td>was 413 for every request</td></tr>
 *   <tr><td>the centre cannot journal the call: its disk is full (issue 15), no Ack from the core in time, the core's
 *       queue or the gateway's queue full, {@code maxCalls} calls in progress</td><td>503 with Retry-After</td><td>the
 *       README's promise: a caller is told the call is taken only once it is journaled; 503 sends the network to its
 *       alternate PSAP (RFC 3261 21.5.4)</td></tr>
 *   <tr><td>CANCEL or BYE before the answer</td><td>487 Request Terminated</td><td>the caller ended it (RFC 3261
 *       9.2, 15)</td></tr>
 *   <tr><td>re-INVITE: no such dialog; lower CSeq; another INVITE still pending</td><td>481; 500; 500 with
 *       Retry-After</td><td>RFC 3261 12.2.2, 14.2; the call goes on</td></tr>
 * </table>
 */
package org.beacon.dispatch.intake.sip;
