package org.beacon.dispatch.intake.sip;

import java.util.Queue;

import io.netty.util.concurrent.FastThreadLocal;
import org.agrona.concurrent.NanoClock;
import org.beacon.codecs.Agency;
import org.beacon.dispatch.location.CellLocator;

/**
 * The I/O-thread half of the gateway: parses each message, answers on the spot whatever needs no
 * state (malformed requests, non-emergency INVITEs, OPTIONS, methods the gateway does not take,
 * re-INVITEs with unacceptable bodies; an emergency INVITE is never refused for its body, see
 * {@link InviteAnalysis} and the package documentation), does the heavy per-INVITE work (SDP, multipart, PIDF-LO, cell lookup) so
 * that the gateway thread does not, and hands the rest to the gateway thread through a bounded
 * queue. A full queue is answered 503: the I/O threads never wait. Shared by all I/O threads;
 * per-thread scratch lives in thread locals.
 */
final class SipIntake
{
    static final String ALLOW = "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n";
    private static final String OPTIONS_HEADERS = ALLOW + "Accept: " + InviteAnalysis.ACCEPT + "\r\n" +
        "Accept-Encoding: identity\r\nAccept-Language: en\r\nSupported: \r\n";
    private static final String ACCEPT_HEADERS = "Accept: " + InviteAnalysis.ACCEPT + "\r\nAccept-Encoding: identity\r\n";
    private static final String RETRY_AFTER = "Retry-After: 1\r\n";

    private final SipGatewayContext ctx;
    private final SipCounters counters;
    private final Queue<SipMessage> toAgent;
    private final CellLocator cellLocator;
    private final NanoClock clock;
    private final FastThreadLocal<SipResponseEncoder> encoders;
    private final FastThreadLocal<MimeBody.Parts> parts = new FastThreadLocal<>()
    {
        @Override
        protected MimeBody.Parts initialValue()
        {
            return new MimeBody.Parts();
        }
    };

    SipIntake(final SipGatewayContext ctx, final SipCounters counters, final Queue<SipMessage> toAgent)
    {
        this.ctx = ctx;
        this.counters = counters;
        this.toAgent = toAgent;
        this.cellLocator = ctx.cellLocator();
        this.clock = ctx.nanoClock();
        final String serverName = ctx.serverName();
        this.encoders = new FastThreadLocal<>()
        {
            @Override
            protected SipResponseEncoder initialValue()
            {
                return new SipResponseEncoder(serverName);
            }
        };
    }

    /**
     * Handles one message.
     *
     * @param bytes    the message, owned by the intake from now on.
     * @param length   its length.
     * @param peer     where it came from.
     * @param datagram whether it came in one UDP datagram.
     * @param oversize whether it exceeded the size limit (then {@code bytes} holds only its header section).
     * @return false when the input was not SIP at all.
     */
    boolean onMessage(final byte[] bytes, final int length, final SipPeer peer, final boolean datagram, final boolean oversize)
    {
        counters.messagesReceived.incrementAndGet();
        final SipMessage m = new SipMessage(ctx.maxHeaders());
        m.receivedNs = clock.nanoTime();
        m.peer = peer;
        final boolean valid = SipParser.parse(m, bytes, length, datagram);
        if (m.notSip)
        {
            counters.notSip.incrementAndGet();
            return false;
        }
        if (!m.request)
        {
            counters.responsesReceived.incrementAndGet();
            return true;
        }
        if (m.topVia >= 0)
        {
            m.peer = peer.forResponses(m);
        }
        final boolean emergencyInvite = m.method == SipMessage.INVITE && null == m.toTag && (valid || m.bodyCut);
        if (oversize)
        {
            if (!emergencyInvite)
            {
                counters.tooLarge.incrementAndGet();
                refuse(m, 413, "Request Entity Too Large", null);
                return true;
            }
            // an emergency call is never refused for its body: it is taken without it
            withoutBody(m, "Body Too Large (over " + ctx.maxMessageLength() + " bytes)");
        }
        else if (!valid && emergencyInvite)
        {
            withoutBody(m, "Body Shorter Than Its Content-Length (" + m.contentLength + ")");
        }
        else if (!valid)
        {
            if (m.errorCode == 505)
            {
                counters.versionNotSupported.incrementAndGet();
            }
            else
            {
                counters.badRequests.incrementAndGet();
            }
            refuse(m, m.errorCode, m.errorReason, null);
            return true;
        }
        counters.requestsReceived.incrementAndGet();
        if (m.ignoredHeaders > 0)
        {
            counters.headersIgnored.incrementAndGet();
        }
        switch (m.method)
        {
            case SipMessage.INVITE:
                onInvite(m);
                break;
            case SipMessage.ACK:
            case SipMessage.BYE:
            case SipMessage.CANCEL:
                handOver(m);
                break;
            case SipMessage.OPTIONS:
                counters.options.incrementAndGet();
                respond(m, 200, "OK", OPTIONS_HEADERS);
                break;
            case SipMessage.METHOD_UNKNOWN:
                counters.notImplemented.incrementAndGet();
                respond(m, 501, "Not Implemented", ALLOW);
                break;
            default:
                counters.methodNotAllowed.incrementAndGet();
                respond(m, 405, "Method Not Allowed", ALLOW);
                break;
        }
        return true;
    }

    /** Takes an emergency INVITE without its body: the body bytes are not read, the reason goes to the journal. */
    private static void withoutBody(final SipMessage m, final String problem)
    {
        m.bodyLength = 0;
        m.bodyCut = false;
        m.errorCode = 0;
        m.errorReason = null;
        m.bodyProblem = problem;
    }

    private void onInvite(final SipMessage m)
    {
        if (null == m.toTag)
        {
            final Agency agency = EmergencyServiceUri.classify(m.buffer, m.uriStart, m.uriEnd);
            if (null == agency)
            {
                counters.notEmergency.incrementAndGet();
                respond(m, 404, "Not An Emergency Service", null);
                return;
            }
            m.agency = agency;
        }
        final int require = m.first(SipHeaders.REQUIRE);
        if (require >= 0 && m.valueEnd[require] > m.valueStart[require])
        {
            if (null != m.toTag)
            {
                // the gateway implements no SIP extension that a caller could require (RFC 3261 8.2.2.3); refusing a
                // re-INVITE leaves its dialog as it was
                counters.badExtension.incrementAndGet();
                respond(m, 420, "Bad Extension", "Unsupported: " + m.value(require) + "\r\n");
                return;
            }
            // an emergency call is taken all the same: the gateway uses none of the extensions (no reliable provisional
            // responses, no preconditions, no session timer) and answers as a plain RFC 3261 UAS
            counters.requireIgnored.incrementAndGet();
        }
        final int refused = InviteAnalysis.analyse(m, parts.get());
        if (null != m.bodyProblem)
        {
            counters.bodiesReplaced.incrementAndGet();
        }
        if (refused != 0)
        {
            switch (refused)
            {
                case 415:
                    counters.unsupportedMediaType.incrementAndGet();
                    respond(m, 415, m.errorReason, ACCEPT_HEADERS);
                    return;
                case 488:
                    counters.notAcceptable.incrementAndGet();
                    break;
                default:
                    counters.badRequests.incrementAndGet();
                    break;
            }
            respond(m, refused, m.errorReason, null);
            return;
        }
        if (null != cellLocator && null == m.toTag)
        {
            final String panInfo = m.header(SipHeaders.P_ACCESS_NETWORK_INFO);
            if (null != panInfo)
            {
                m.cellLocation = cellLocator.locateAccessNetworkInfo(panInfo);
            }
        }
        handOver(m);
    }

    private void handOver(final SipMessage m)
    {
        if (!toAgent.offer(m))
        {
            counters.overloaded.incrementAndGet();
            if (m.method != SipMessage.ACK)
            {
                respond(m, 503, "Service Unavailable (Gateway Overloaded)", RETRY_AFTER);
            }
        }
    }

    private void refuse(final SipMessage m, final int code, final String reason, final String extra)
    {
        if (m.respondable())
        {
            respond(m, code, reason, extra);
        }
        else
        {
            counters.unanswerable.incrementAndGet();
        }
    }

    /** @return the Call-ID's hash; over its raw bytes when it is malformed (and so was never decoded). */
    private static int callIdHash(final SipMessage m)
    {
        if (null != m.callId)
        {
            return m.callId.hashCode();
        }
        final int i = m.first(SipHeaders.CALL_ID);
        int hash = 1;
        for (int p = i < 0 ? 0 : m.valueStart[i], end = i < 0 ? 0 : m.valueEnd[i]; p < end; p++)
        {
            hash = 31 * hash + m.buffer[p];
        }
        return hash;
    }

    private void respond(final SipMessage m, final int code, final String reason, final String extra)
    {
        // stateless answer: a tag derived from the request, so a retransmission gets the same one
        final String tag = code > 100 ? "s" + Integer.toHexString(callIdHash(m) * 31 + (int)m.cseq) : null;
        m.peer.send(encoders.get().response(m, code, reason, tag, extra, null, null));
    }
}
