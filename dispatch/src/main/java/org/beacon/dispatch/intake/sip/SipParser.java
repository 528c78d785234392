package org.beacon.dispatch.intake.sip;

import java.nio.charset.StandardCharsets;

/**
 * A strict SIP message parser (RFC 3261 section 7 and 25): start line, header lines with the
 * compact forms, obsolete line folding, the mandatory request headers, Content-Length against the
 * bytes actually present, duplicate single-valued headers, CSeq against the method, and the top Via.
 * It never throws on input: it records the first fault as a status code and reason phrase and keeps
 * reading so that, where possible, the fault can still be answered.
 */
final class SipParser
{
    private static final byte[] SIP_VERSION = "SIP/2.0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CALL_ID_LENGTH = 255;
    private static final int MAX_CONTENT_LENGTH_DIGITS = 9;
    private static final long MAX_CSEQ = 0x7FFF_FFFFL;
    /** The reason phrase of a body shorter than its Content-Length. */
    static final String BODY_CUT = "Content-Length Exceeds Message";

    private SipParser()
    {
    }

    /**
     * Parses one message. The message keeps a reference to {@code buffer}, which the caller must not
     * reuse (the parser unfolds continuation lines in place).
     *
     * @param m        receives the result.
     * @param buffer   the message bytes.
     * @param length   how many bytes.
     * @param datagram whether it arrived in one datagram (the body then runs to the end when
     *                 Content-Length is absent).
     * @return whether it is a well-formed message.
     */
    static boolean parse(final SipMessage m, final byte[] buffer, final int length, final boolean datagram)
    {
        m.buffer = buffer;
        m.length = length;
        m.datagram = datagram;
        int p = 0;
        while (p + 1 < length && buffer[p] == '\r' && buffer[p + 1] == '\n')
        {
            p += 2;
        }
        final int lineEnd = SipText.indexOfCrlf(buffer, p, length);
        if (lineEnd < 0 || !startLine(m, buffer, p, lineEnd))
        {
            m.notSip = true;
            return m.fail(400, "Not A SIP Message");
        }
        p = headers(m, buffer, lineEnd + 2, length);
        m.bodyOffset = p;
        derive(m);
        body(m, length - p);
        return m.valid();
    }

    private static boolean startLine(final SipMessage m, final byte[] b, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            if (b[i] < 0x20 || b[i] > 0x7E)
            {
                return false;
            }
        }
        if (end - start >= SIP_VERSION.length + 4 && SipText.startsWithIgnoreCase(b, start, end, "SIP/"))
        {
            // a response: SIP/2.0 SP 3DIGIT SP reason
            final int sp = SipText.indexOf(b, start, end, (byte)' ');
            final long code = sp < 0 ? -1 : SipText.digits(b, sp + 1, Math.min(sp + 4, end), 3);
            if (code < 100 || code > 699)
            {
                return false;
            }
            m.request = false;
            m.statusCode = (int)code;
            return true;
        }
        int p = start;
        while (p < end && SipText.isToken(b[p]))
        {
            p++;
        }
        if (p == start || p >= end || b[p] != ' ')
        {
            return false;
        }
        m.request = true;
        m.methodStart = start;
        m.methodEnd = p;
        m.method = SipMessage.methodId(b, start, p);
        final int uriStart = p + 1;
        final int uriEnd = SipText.indexOf(b, uriStart, end, (byte)' ');
        if (uriEnd <= uriStart || SipText.indexOf(b, uriStart, uriEnd, (byte)':') < 0)
        {
            return false;
        }
        m.uriStart = uriStart;
        m.uriEnd = uriEnd;
        final int versionStart = uriEnd + 1;
        if (!SipText.startsWithIgnoreCase(b, versionStart, end, "SIP/"))
        {
            return false;
        }
        if (end - versionStart != SIP_VERSION.length || SipText.indexOf(b, versionStart, end, SIP_VERSION) != versionStart)
        {
            m.fail(505, "Version Not Supported");
        }
        return true;
    }

    private static int headers(final SipMessage m, final byte[] b, final int from, final int length)
    {
        int p = from;
        while (true)
        {
            if (p + 1 >= length)
            {
                m.fail(400, "Missing Empty Line After Headers");
                return length;
            }
            if (b[p] == '\r' && b[p + 1] == '\n')
            {
                return p + 2;
            }
            int end = SipText.indexOfCrlf(b, p, length);
            if (end < 0)
            {
                m.fail(400, "Missing Empty Line After Headers");
                end = length;
            }
            // obsolete line folding (RFC 3261 7.3.1): a continuation line joins the value with spaces
            while (end + 2 < length && SipText.isWhitespace(b[end + 2]))
            {
                b[end] = ' ';
                b[end + 1] = ' ';
                final int next = SipText.indexOfCrlf(b, end + 2, length);
                end = next < 0 ? length : next;
            }
            header(m, b, p, end);
            if (end >= length)
            {
                return length;
            }
            p = end + 2;
        }
    }

    private static void header(final SipMessage m, final byte[] b, final int start, final int end)
    {
        int q = start;
        while (q < end && SipText.isToken(b[q]))
        {
            q++;
        }
        final int nameEnd = q;
        q = SipText.skipWhitespace(b, q, end);
        if (nameEnd == start || q >= end || b[q] != ':')
        {
            // which header it was cannot be told: it is left out, and a required header left out is missing below
            m.ignoreHeader("Malformed Header Line");
            return;
        }
        final int id = SipHeaders.lookup(b, start, nameEnd, true);
        for (int i = q; i < end; i++)
        {
            if (b[i] == 0 || b[i] == '\r' || b[i] == '\n')
            {
                if (required(id))
                {
                    m.fail(400, "Control Character In Header");
                }
                else
                {
                    m.ignoreHeader("Control Character In Header");
                }
                return;
            }
        }
        if (!SipText.isUtf8(b, q + 1, end) && id != SipHeaders.GEOLOCATION && id != SipHeaders.GEOLOCATION_ROUTING)
        {
            // header values are UTF-8 (RFC 3261 25.1); the location headers are exempt: a location never refuses a call,
            // a bad one becomes an unusable location; another header the request can do without is left out
            if (!required(id))
            {
                m.ignoreHeader("Malformed UTF-8 In Header");
                return;
            }
            m.fail(400, "Malformed UTF-8 In Header");
        }
        if (m.headerCount >= m.maxHeaders)
        {
            m.fail(400, "Too Many Headers");
        }
        if (!m.growHeaders(id))
        {
            return;
        }
        final int i = m.headerCount++;
        m.headerId[i] = id;
        final int valueStart = SipText.skipWhitespace(b, q + 1, end);
        m.valueStart[i] = valueStart;
        m.valueEnd[i] = SipText.trimEnd(b, valueStart, end);
    }

    /**
     * Whether a header is one a request cannot be answered or framed without (RFC 3261 8.1.1, 18.3): a fault in it
     * refuses the request 400. A fault in any other header leaves that header out (an emergency call is not refused for
     * a User-Agent it cannot read).
     */
    private static boolean required(final int id)
    {
        return id == SipHeaders.VIA || id == SipHeaders.FROM || id == SipHeaders.TO || id == SipHeaders.CALL_ID ||
            id == SipHeaders.CSEQ || id == SipHeaders.CONTENT_LENGTH || id == SipHeaders.MAX_FORWARDS;
    }

    private static void derive(final SipMessage m)
    {
        final byte[] b = m.buffer;
        if (!m.request)
        {
            return;
        }
        singleton(m, SipHeaders.CALL_ID, "Duplicate Call-ID Header");
        singleton(m, SipHeaders.CSEQ, "Duplicate CSeq Header");
        singleton(m, SipHeaders.FROM, "Duplicate From Header");
        singleton(m, SipHeaders.TO, "Duplicate To Header");
        singleton(m, SipHeaders.CONTENT_LENGTH, "Duplicate Content-Length Header");
        singleton(m, SipHeaders.CONTENT_TYPE, "Duplicate Content-Type Header");
        singleton(m, SipHeaders.MAX_FORWARDS, "Duplicate Max-Forwards Header");

        final int via = m.first(SipHeaders.VIA);
        if (via < 0)
        {
            m.fail(400, "Missing Via Header");
        }
        else if (!topVia(m, b, via))
        {
            m.fail(400, "Malformed Via Header");
        }

        final int callId = m.first(SipHeaders.CALL_ID);
        if (callId < 0)
        {
            m.fail(400, "Missing Call-ID Header");
        }
        else
        {
            final int s = m.valueStart[callId];
            final int e = m.valueEnd[callId];
            boolean ok = e > s && e - s <= MAX_CALL_ID_LENGTH;
            for (int i = s; ok && i < e; i++)
            {
                ok = b[i] > 0x20 && b[i] < 0x7F;
            }
            if (ok)
            {
                m.callId = SipText.string(b, s, e);
            }
            else
            {
                m.fail(400, "Malformed Call-ID Header");
            }
        }

        cseq(m, b);
        m.fromTag = nameAddr(m, b, SipHeaders.FROM, "Missing From Header", "Malformed From Header");
        m.toTag = nameAddr(m, b, SipHeaders.TO, "Missing To Header", "Malformed To Header");

        final int maxForwards = m.first(SipHeaders.MAX_FORWARDS);
        if (maxForwards >= 0 && SipText.digits(b, m.valueStart[maxForwards], m.valueEnd[maxForwards], 3) < 0)
        {
            m.fail(400, "Malformed Max-Forwards Header");
        }
        final int contentLength = m.first(SipHeaders.CONTENT_LENGTH);
        if (contentLength >= 0)
        {
            final long value = SipText.digits(b, m.valueStart[contentLength], m.valueEnd[contentLength], MAX_CONTENT_LENGTH_DIGITS);
            if (value < 0)
            {
                m.fail(400, "Malformed Content-Length Header");
            }
            else
            {
                m.contentLength = (int)value;
            }
        }
    }

    private static void singleton(final SipMessage m, final int id, final String reason)
    {
        if (m.count(id) > 1)
        {
            m.fail(400, reason);
        }
    }

    private static void cseq(final SipMessage m, final byte[] b)
    {
        final int i = m.first(SipHeaders.CSEQ);
        if (i < 0)
        {
            m.fail(400, "Missing CSeq Header");
            return;
        }
        final int s = m.valueStart[i];
        final int e = m.valueEnd[i];
        int p = s;
        while (p < e && b[p] >= '0' && b[p] <= '9')
        {
            p++;
        }
        final long number = SipText.digits(b, s, p, 10);
        final int methodStart = SipText.skipWhitespace(b, p, e);
        int methodEnd = methodStart;
        while (methodEnd < e && SipText.isToken(b[methodEnd]))
        {
            methodEnd++;
        }
        if (number < 0 || number > MAX_CSEQ || methodStart == p || methodEnd == methodStart || methodEnd != e)
        {
            m.fail(400, "Malformed CSeq Header");
            return;
        }
        if (methodEnd - methodStart != m.methodEnd - m.methodStart ||
            !sameBytes(b, methodStart, m.methodStart, methodEnd - methodStart))
        {
            m.fail(400, "CSeq Method Does Not Match Request");
            return;
        }
        m.cseq = number;
        m.cseqMethod = m.method;
    }

    private static boolean sameBytes(final byte[] b, final int a, final int c, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (b[a + i] != b[c + i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a From or To value ({@code [display-name] <URI> *(;param)} or {@code URI *(;param)}).
     *
     * @return its tag, or null.
     */
    private static String nameAddr(final SipMessage m, final byte[] b, final int id, final String missing, final String malformed)
    {
        final int i = m.first(id);
        if (i < 0)
        {
            m.fail(400, missing);
            return null;
        }
        final int s = m.valueStart[i];
        final int e = m.valueEnd[i];
        final int lt = SipText.indexOf(b, s, e, (byte)'<');
        final int paramsFrom;
        if (lt >= 0)
        {
            final int gt = SipText.indexOf(b, lt, e, (byte)'>');
            if (gt < 0 || SipText.indexOf(b, lt, gt, (byte)':') < 0)
            {
                m.fail(400, malformed);
                return null;
            }
            paramsFrom = gt + 1;
        }
        else
        {
            final int semi = SipText.indexOf(b, s, e, (byte)';');
            final int uriEnd = semi < 0 ? e : semi;
            if (SipText.indexOf(b, s, uriEnd, (byte)':') < 0 || SipText.indexOf(b, s, uriEnd, (byte)' ') >= 0)
            {
                m.fail(400, malformed);
                return null;
            }
            paramsFrom = uriEnd;
        }
        final String tag = SipText.param(b, paramsFrom, e, "tag");
        return null == tag || tag.isEmpty() ? null : tag;
    }

    /** Reads the first element of the first Via: {@code SIP/2.0/transport sent-by *(;param)}. */
    private static boolean topVia(final SipMessage m, final byte[] b, final int i)
    {
        final int s = m.valueStart[i];
        final int e = SipText.elementEnd(b, s, m.valueEnd[i]);
        int p = expect(b, s, e, "SIP");
        p = p < 0 ? -1 : expectSlash(b, p, e);
        p = p < 0 ? -1 : expect(b, p, e, "2.0");
        p = p < 0 ? -1 : expectSlash(b, p, e);
        if (p < 0)
        {
            return false;
        }
        final int transportStart = p;
        while (p < e && SipText.isToken(b[p]))
        {
            p++;
        }
        if (p == transportStart)
        {
            return false;
        }
        m.viaReliable = !SipText.regionEqualsIgnoreCase(b, transportStart, p, "UDP");
        p = SipText.skipWhitespace(b, p, e);
        final int hostStart = p;
        if (p < e && b[p] == '[')
        {
            p = SipText.indexOf(b, p, e, (byte)']');
            if (p < 0)
            {
                return false;
            }
            p++;
        }
        else
        {
            while (p < e && (SipText.isToken(b[p]) && b[p] != ':'))
            {
                p++;
            }
        }
        if (p == hostStart || p == transportStart)
        {
            return false;
        }
        m.viaHost = SipText.string(b, hostStart, p);
        if (p < e && b[p] == ':')
        {
            final int portStart = p + 1;
            p = portStart;
            while (p < e && b[p] >= '0' && b[p] <= '9')
            {
                p++;
            }
            final long port = SipText.digits(b, portStart, p, 5);
            if (port < 1 || port > 65535)
            {
                return false;
            }
            m.viaPort = (int)port;
        }
        p = SipText.skipWhitespace(b, p, e);
        if (p < e && b[p] != ';')
        {
            return false;
        }
        m.topVia = i;
        m.topViaEnd = e;
        m.branch = SipText.param(b, p, e, "branch");
        m.viaReceived = null != SipText.param(b, p, e, "received");
        final String rport = SipText.param(b, p, e, "rport");
        if (null != rport && rport.isEmpty())
        {
            m.viaRportEnd = rportEnd(b, p, e);
        }
        return true;
    }

    /** @return the index just after a valueless {@code rport} parameter's name. */
    private static int rportEnd(final byte[] b, final int from, final int end)
    {
        int i = SipText.indexOf(b, from, end, (byte)';');
        while (i >= 0)
        {
            final int nameStart = SipText.skipWhitespace(b, i + 1, end);
            int nameEnd = nameStart;
            while (nameEnd < end && SipText.isToken(b[nameEnd]))
            {
                nameEnd++;
            }
            if (SipText.regionEqualsIgnoreCase(b, nameStart, nameEnd, "rport"))
            {
                return nameEnd;
            }
            i = SipText.indexOf(b, nameEnd, end, (byte)';');
        }
        return -1;
    }

    private static int expect(final byte[] b, final int from, final int end, final String word)
    {
        final int p = SipText.skipWhitespace(b, from, end);
        return SipText.startsWithIgnoreCase(b, p, end, word) ? p + word.length() : -1;
    }

    private static int expectSlash(final byte[] b, final int from, final int end)
    {
        final int p = SipText.skipWhitespace(b, from, end);
        return p < end && b[p] == '/' ? SipText.skipWhitespace(b, p + 1, end) : -1;
    }

    private static void body(final SipMessage m, final int available)
    {
        if (m.contentLength < 0)
        {
            if (!m.datagram && m.request)
            {
                m.fail(400, "Missing Content-Length Header");
            }
            m.bodyLength = m.datagram ? available : 0;
            return;
        }
        if (m.contentLength > available)
        {
            // the headers may still be sound: when this is the only fault, the intake takes an emergency INVITE without
            // its body (see SipIntake) and refuses anything else 400
            m.bodyCut = m.valid();
            m.fail(400, BODY_CUT);
            m.bodyLength = available;
            return;
        }
        // a datagram may carry padding after the body: RFC 3261 18.3 says to ignore it
        m.bodyLength = m.contentLength;
    }
}
