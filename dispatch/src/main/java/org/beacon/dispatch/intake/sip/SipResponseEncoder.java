package org.beacon.dispatch.intake.sip;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Writes SIP responses and the gateway's few requests as bytes. A response copies the request's
 * Via headers (the top one completed with {@code received} and {@code rport}, RFC 3261 18.2.1 and
 * RFC 3581), From, To (with the gateway's tag added), Call-ID and CSeq. One instance per thread; the
 * returned arrays are fresh because transactions keep them for retransmission.
 */
final class SipResponseEncoder
{
    private final String serverHeader;
    private byte[] out = new byte[2048];
    private int pos;

    SipResponseEncoder(final String serverName)
    {
        this.serverHeader = "Server: " + serverName + "\r\n";
    }

    /**
     * Encodes a response.
     *
     * @param request     the request answered.
     * @param code        status code.
     * @param reason      reason phrase.
     * @param toTag       tag to add to To when it has none (null for none).
     * @param extra       extra header lines, each ending in CRLF, or null.
     * @param contentType the body's type, or null for no body.
     * @param body        the body, or null.
     * @return the bytes.
     */
    byte[] response(
        final SipMessage request,
        final int code,
        final String reason,
        final String toTag,
        final String extra,
        final String contentType,
        final byte[] body)
    {
        pos = 0;
        ascii("SIP/2.0 ");
        number(code);
        ascii(" ");
        ascii(reason);
        ascii("\r\n");
        final byte[] b = request.buffer;
        boolean top = true;
        for (int i = 0; i < request.headerCount; i++)
        {
            if (request.headerId[i] == SipHeaders.VIA)
            {
                ascii("Via: ");
                if (top && i == request.topVia)
                {
                    topVia(request);
                }
                else
                {
                    bytes(b, request.valueStart[i], request.valueEnd[i]);
                }
                top = false;
                ascii("\r\n");
            }
        }
        copy(request, SipHeaders.FROM, "From: ");
        final int to = request.first(SipHeaders.TO);
        if (to >= 0)
        {
            ascii("To: ");
            bytes(b, request.valueStart[to], request.valueEnd[to]);
            if (null == request.toTag && null != toTag && code > 100)
            {
                ascii(";tag=");
                ascii(toTag);
            }
            ascii("\r\n");
        }
        copy(request, SipHeaders.CALL_ID, "Call-ID: ");
        copy(request, SipHeaders.CSEQ, "CSeq: ");
        if (null != extra)
        {
            ascii(extra);
        }
        ascii(serverHeader);
        return finish(contentType, body);
    }

    /**
     * Encodes a BYE the gateway sends to end a dialog it gives up on.
     *
     * @return the bytes.
     */
    byte[] bye(
        final String requestUri,
        final String via,
        final String from,
        final String to,
        final String callId,
        final long cseq)
    {
        pos = 0;
        ascii("BYE ");
        ascii(requestUri);
        ascii(" SIP/2.0\r\nVia: ");
        ascii(via);
        ascii("\r\nMax-Forwards: 70\r\nFrom: ");
        ascii(from);
        ascii("\r\nTo: ");
        ascii(to);
        ascii("\r\nCall-ID: ");
        ascii(callId);
        ascii("\r\nCSeq: ");
        number(cseq);
        ascii(" BYE\r\nReason: SIP;cause=408;text=\"No ACK\"\r\n");
        ascii(serverHeader.replace("Server:", "User-Agent:"));
        return finish(null, null);
    }

    private byte[] finish(final String contentType, final byte[] body)
    {
        if (null != contentType)
        {
            ascii("Content-Type: ");
            ascii(contentType);
            ascii("\r\n");
        }
        ascii("Content-Length: ");
        number(null == body ? 0 : body.length);
        ascii("\r\n\r\n");
        if (null != body)
        {
            bytes(body, 0, body.length);
        }
        return Arrays.copyOf(out, pos);
    }

    private void topVia(final SipMessage request)
    {
        final byte[] b = request.buffer;
        final int start = request.valueStart[request.topVia];
        final int elementEnd = request.topViaEnd;
        final int end = request.valueEnd[request.topVia];
        final InetSocketAddress source = null == request.peer ? null : request.peer.source();
        if (null == source)
        {
            bytes(b, start, end);
            return;
        }
        final String sourceHost = source.getAddress().getHostAddress();
        if (request.viaRportEnd >= 0)
        {
            bytes(b, start, request.viaRportEnd);
            ascii("=");
            number(source.getPort());
            bytes(b, request.viaRportEnd, elementEnd);
        }
        else
        {
            bytes(b, start, elementEnd);
        }
        if (!request.viaReceived && (request.viaRportEnd >= 0 || !sourceHost.equals(request.viaHost)))
        {
            ascii(";received=");
            ascii(sourceHost);
        }
        bytes(b, elementEnd, end);
    }

    private void copy(final SipMessage request, final int id, final String name)
    {
        final int i = request.first(id);
        if (i >= 0)
        {
            ascii(name);
            bytes(request.buffer, request.valueStart[i], request.valueEnd[i]);
            ascii("\r\n");
        }
    }

    private void ensure(final int more)
    {
        if (pos + more > out.length)
        {
            out = Arrays.copyOf(out, Math.max(out.length * 2, pos + more));
        }
    }

    private void ascii(final String s)
    {
        final int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            final char c = s.charAt(i);
            out[pos++] = c < 0x80 ? (byte)c : (byte)'?';
        }
    }

    private void bytes(final byte[] b, final int start, final int end)
    {
        final int n = end - start;
        ensure(n);
        System.arraycopy(b, start, out, pos, n);
        pos += n;
    }

    private void number(final long value)
    {
        ensure(20);
        if (value == 0)
        {
            out[pos++] = '0';
            return;
        }
        long v = value;
        final int start = pos;
        while (v > 0)
        {
            out[pos++] = (byte)('0' + (v % 10));
            v /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--)
        {
            final byte t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
}
