package org.beacon.dispatch.intake.sip;

import org.beacon.dispatch.fuzz.Defects;

/**
 * Jazzer target: one SIP message as it arrives, over UDP (one datagram) and over TCP. The contract
 * ({@link SipParser}): never throws; a malformed message carries a 4xx/5xx code and a reason; a well-formed request has its
 * Call-ID, its CSeq and a body inside the bytes.
 */
public final class SipParserFuzzer
{
    private SipParserFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the message bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        parse(data.clone(), true);
        parse(data.clone(), false);
    }

    private static void parse(final byte[] bytes, final boolean datagram)
    {
        final SipMessage m = new SipMessage(SipGatewayContext.DEFAULT_MAX_HEADERS);
        final boolean valid = SipParser.parse(m, bytes, bytes.length, datagram);
        if (valid != m.valid())
        {
            throw new AssertionError("parse answered " + valid + " but the message says " + m.valid());
        }
        if (!valid)
        {
            if (m.errorCode() < 400 || m.errorCode() > 599 || null == m.errorReason() || m.errorReason().isEmpty())
            {
                throw new AssertionError("a malformed message without its error: " + m.errorCode() + " " + m.errorReason());
            }
            Defects.reason(m.errorReason(), new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        if (m.bodyOffset < 0 || m.bodyLength < 0 || (long)m.bodyOffset + m.bodyLength > bytes.length)
        {
            throw new AssertionError("body " + m.bodyOffset + "+" + m.bodyLength + " outside " + bytes.length + " bytes");
        }
        if (m.request && (null == m.callId || m.cseq < 0))
        {
            throw new AssertionError("a well-formed request without Call-ID or CSeq");
        }
    }
}
