package org.beacon.dispatch.intake.sip;

import java.util.List;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.dispatch.intake.CallerNumbers;
import org.beacon.dispatch.location.GeolocationHeader;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PidfLoParser;

/**
 * Works out what an INVITE conveys before it is handed to the agent: the SDP offer (and so the
 * answer), the caller's location (RFC 6442: the {@code Geolocation} header pointing by {@code cid:}
 * at an {@code application/pidf+xml} body part, or by reference), the caller's identity (normalised to
 * E.164 by {@link CallerNumbers}, the identity as received kept beside it) and the emergency call
 * identifier (RFC 7852 {@code Call-Info}). The location never refuses a call: every location fault becomes
 * an unusable {@link ParsedLocation} with its reason. Nor does the body refuse an emergency call: an initial
 * INVITE whose body cannot be used (an unknown content type or encoding, a multipart body whose delimiters
 * do not match its boundary, an SDP offer that cannot be answered, a body cut short or too large) is taken
 * as an INVITE without an offer (RFC 3261 13.2.1): the 200 carries Beacon's own offer, the answer comes in
 * the ACK, and {@link SipMessage#bodyProblem} says what was wrong, for the journal. Only a re-INVITE, whose
 * refusal leaves its dialog as it was (RFC 3261 14.2), is still refused for its body (415, 488, 400).
 */
final class InviteAnalysis
{
    static final String ACCEPT = "application/sdp, application/pidf+xml, multipart/mixed";
    private static final int MAX_IDENTITY_LENGTH = 256;
    private static final int MAX_QUOTED = 48;
    private static final String CALLID_URN = "urn:emergency:uid:callid:";

    private InviteAnalysis()
    {
    }

    /**
     * Analyses an INVITE's body and headers into the message's intake fields.
     *
     * @param m     the parsed INVITE; {@link SipMessage#bodyProblem} already set when the intake could not keep the
     *              body (cut short, too large).
     * @param parts scratch for multipart bodies (one per thread).
     * @return 0, or (for a re-INVITE only) the status code to refuse it with ({@link SipMessage#errorReason} then holds
     *         the phrase).
     */
    static int analyse(final SipMessage m, final MimeBody.Parts parts)
    {
        final GeolocationHeader geolocation = geolocation(m);
        final Body body = new Body();
        final int refused = body(m, parts, geolocation, body);
        if (refused != 0)
        {
            if (null != m.toTag)
            {
                return refuse(m, refused, body.problem);
            }
            // an emergency call is answered whatever its body: with Beacon's own offer
            m.bodyProblem = body.problem;
            m.sdp = SdpAnswer.defaultOffer();
        }
        m.locationConveyed = null != geolocation || body.pidfStart >= 0;
        m.location = location(m.buffer, geolocation, body, m.bodyProblem);
        caller(m);
        m.emergencyCallId = emergencyCallId(m);
        m.contact = contactUri(m);
        return 0;
    }

    /** What the body gave: the PIDF-LO's range, and why no location could be read from it. */
    private static final class Body
    {
        int pidfStart = -1;
        int pidfEnd = -1;
        boolean cidMissing;
        boolean multipartBroken;
        String problem;
    }

    /**
     * Reads the body: the SDP offer into {@link SipMessage#sdp}, the PIDF-LO part into {@code out}.
     *
     * @return 0, or the status a SIP UA would refuse such a body with ({@code out.problem} then says why).
     */
    private static int body(final SipMessage m, final MimeBody.Parts parts, final GeolocationHeader geolocation, final Body out)
    {
        final byte[] b = m.buffer;
        if (null != m.bodyProblem)
        {
            out.problem = m.bodyProblem;
            return 400;
        }
        final int encoding = m.first(SipHeaders.CONTENT_ENCODING);
        if (encoding >= 0 && !SipText.regionEqualsIgnoreCase(b, m.valueStart[encoding], m.valueEnd[encoding], "identity"))
        {
            out.problem = "Unsupported Content-Encoding " + quoted(m.value(encoding));
            return 415;
        }
        final int bodyStart = m.bodyOffset;
        final int bodyEnd = m.bodyOffset + m.bodyLength;
        if (m.bodyLength == 0)
        {
            m.sdp = SdpAnswer.defaultOffer();
            return 0;
        }
        final int ct = m.first(SipHeaders.CONTENT_TYPE);
        if (ct < 0)
        {
            out.problem = "Body Without Content-Type";
            return 400;
        }
        final int ctStart = m.valueStart[ct];
        final int ctEnd = m.valueEnd[ct];
        if (MimeBody.mediaTypeIs(b, ctStart, ctEnd, "application/sdp"))
        {
            m.sdp = SdpAnswer.fromOffer(b, bodyStart, bodyEnd);
        }
        else if (MimeBody.mediaTypeIs(b, ctStart, ctEnd, "application/pidf+xml"))
        {
            m.sdp = SdpAnswer.defaultOffer();
            out.pidfStart = bodyStart;
            out.pidfEnd = bodyEnd;
        }
        else if (MimeBody.mediaTypeIs(b, ctStart, ctEnd, "multipart/mixed"))
        {
            final int refused = multipart(m, parts, geolocation, out, ctStart, ctEnd);
            if (refused != 0)
            {
                return refused;
            }
        }
        else
        {
            out.problem = "Unsupported Media Type " + quoted(m.value(ct));
            return 415;
        }
        if (null != m.sdp.error())
        {
            out.problem = m.sdp.error();
            return 488;
        }
        return 0;
    }

    private static int multipart(
        final SipMessage m,
        final MimeBody.Parts parts,
        final GeolocationHeader geolocation,
        final Body out,
        final int ctStart,
        final int ctEnd)
    {
        final byte[] b = m.buffer;
        final String boundary = SipText.param(b, ctStart, ctEnd, "boundary");
        if (null == boundary || boundary.isEmpty() || boundary.length() > 70)
        {
            out.multipartBroken = true;
            out.problem = "Multipart Body Without Boundary";
            return 488;
        }
        MimeBody.split(b, m.bodyOffset, m.bodyOffset + m.bodyLength, boundary, parts);
        out.multipartBroken = parts.broken;
        final int pidfPart = pidfPart(b, parts, geolocation);
        if (pidfPart >= 0)
        {
            out.pidfStart = parts.bodyStart[pidfPart];
            out.pidfEnd = parts.bodyEnd[pidfPart];
        }
        else
        {
            out.cidMissing = null != geolocation && !geolocation.cidReferences().isEmpty();
        }
        final int sdpPart = parts.find(b, "application/sdp");
        if (sdpPart >= 0)
        {
            m.sdp = SdpAnswer.fromOffer(b, parts.bodyStart[sdpPart], parts.bodyEnd[sdpPart]);
        }
        else if (parts.broken)
        {
            out.problem = 0 == parts.count ? "Multipart Body: boundary " + quoted(boundary) + " not found" : "Malformed Multipart Body";
            return 488;
        }
        else
        {
            m.sdp = SdpAnswer.defaultOffer();
        }
        return 0;
    }

    /** @return the text in quotes, cut and with control characters replaced, for a reason phrase. */
    private static String quoted(final String text)
    {
        final StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < MAX_QUOTED; i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return out.append(text.length() > MAX_QUOTED ? "...'" : "'").toString();
    }

    private static int refuse(final SipMessage m, final int code, final String reason)
    {
        m.errorCode = code;
        m.errorReason = reason;
        return code;
    }

    /** @return the Geolocation header (several lines joined with commas), or null when there is none. */
    private static GeolocationHeader geolocation(final SipMessage m)
    {
        String value = null;
        for (int i = 0; i < m.headerCount; i++)
        {
            if (m.headerId[i] == SipHeaders.GEOLOCATION)
            {
                value = null == value ? m.value(i) : value + ", " + m.value(i);
            }
        }
        return null == value ? null : GeolocationHeader.parse(value);
    }

    /**
     * The PIDF-LO part: the one the header's cid names; with no cid in the header, the first
     * {@code application/pidf+xml} part (a location body without a header still beats none).
     */
    private static int pidfPart(final byte[] b, final MimeBody.Parts parts, final GeolocationHeader geolocation)
    {
        final List<String> cids = null == geolocation ? List.of() : geolocation.cidReferences();
        if (cids.isEmpty())
        {
            return parts.find(b, "application/pidf+xml");
        }
        for (final String cid : cids)
        {
            for (int i = 0; i < parts.count; i++)
            {
                final String id = parts.contentId(b, i);
                if (null != id && id.equals(cid) && !parts.encoded[i] && parts.typeStart[i] >= 0 &&
                    MimeBody.mediaTypeIs(b, parts.typeStart[i], parts.typeEnd[i], "application/pidf+xml"))
                {
                    return i;
                }
            }
        }
        return -1;
    }

    private static ParsedLocation location(
        final byte[] b,
        final GeolocationHeader geolocation,
        final Body body,
        final String bodyProblem)
    {
        final String reference = null == geolocation || geolocation.byReferenceUris().isEmpty() ?
            null : geolocation.byReferenceUris().get(0);
        if (body.pidfStart >= 0)
        {
            final ParsedLocation parsed = PidfLoParser.parse(b, body.pidfStart, body.pidfEnd - body.pidfStart);
            if (null == reference || null != parsed.reference())
            {
                return parsed;
            }
            return new ParsedLocation(parsed.quality(), parsed.problem(), parsed.shape(), parsed.method(), parsed.latMicros(),
                parsed.lonMicros(), parsed.uncertaintyM(), parsed.confidencePct(), reference, parsed.detail());
        }
        if (null != reference)
        {
            return new ParsedLocation(LocationQuality.BY_REFERENCE, LocationProblem.BY_REFERENCE_ONLY, LocationShape.NONE,
                LocationMethod.UNKNOWN, 0, 0, 0, 0, reference, "location by reference, not dereferenced");
        }
        if (body.multipartBroken)
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_MULTIPART,
                null != body.problem ? "multipart body unreadable: " + body.problem :
                    body.cidMissing ? "location body part cut off (multipart not closed)" : "multipart body not closed");
        }
        if (body.cidMissing)
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_MULTIPART, "Geolocation cid names no body part");
        }
        if (null != bodyProblem)
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.UNREADABLE_BODY, "body not read: " + bodyProblem);
        }
        if (null != geolocation && null != geolocation.error())
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_FIELD,
                "malformed Geolocation header: " + geolocation.error());
        }
        return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_LOCATION, "no location in the request");
    }

    /**
     * The caller: the network-asserted identity when present (of its URIs, the first that is a telephone number,
     * RFC 3325 allowing a SIP and a tel URI), else the From URI; normalised to E.164 into {@link SipMessage#caller},
     * as received into {@link SipMessage#callerAsReceived}.
     */
    private static void caller(final SipMessage m)
    {
        final byte[] b = m.buffer;
        String first = null;
        for (int i = 0; i < m.headerCount; i++)
        {
            if (m.headerId[i] != SipHeaders.P_ASSERTED_IDENTITY)
            {
                continue;
            }
            int s = m.valueStart[i];
            final int end = m.valueEnd[i];
            while (s < end)
            {
                final int e = SipText.elementEnd(b, s, end);
                final String uri = uri(b, s, e);
                if (!uri.isEmpty())
                {
                    final String e164 = CallerNumbers.normalise(uri);
                    if (CallerNumbers.isE164(e164))
                    {
                        m.callerAsReceived = uri;
                        m.caller = e164;
                        return;
                    }
                    first = null == first ? uri : first;
                }
                s = e + 1;
            }
        }
        if (null == first)
        {
            final int from = m.first(SipHeaders.FROM);
            first = from < 0 ? "" : uri(b, m.valueStart[from], SipText.elementEnd(b, m.valueStart[from], m.valueEnd[from]));
        }
        m.callerAsReceived = first;
        m.caller = CallerNumbers.normalise(first);
    }

    /** @return the remote target (the Contact URI), or null. */
    private static String contactUri(final SipMessage m)
    {
        final int i = m.first(SipHeaders.CONTACT);
        return i < 0 ? null : uri(m.buffer, m.valueStart[i], SipText.elementEnd(m.buffer, m.valueStart[i], m.valueEnd[i]));
    }

    /** @return the URI of a name-addr or addr-spec, without display name or header parameters, capped. */
    static String uri(final byte[] b, final int start, final int end)
    {
        final int lt = SipText.indexOf(b, start, end, (byte)'<');
        int s;
        int e;
        if (lt >= 0)
        {
            s = lt + 1;
            final int gt = SipText.indexOf(b, s, end, (byte)'>');
            e = gt < 0 ? end : gt;
        }
        else
        {
            s = start;
            final int semi = SipText.indexOf(b, start, end, (byte)';');
            e = semi < 0 ? end : semi;
        }
        s = SipText.skipWhitespace(b, s, e);
        e = SipText.trimEnd(b, s, e);
        return SipText.string(b, s, Math.min(e, s + MAX_IDENTITY_LENGTH));
    }

    /** @return the first {@code Call-Info} URI with {@code purpose=emergency-CallId}, or null. */
    private static String emergencyCallId(final SipMessage m)
    {
        final byte[] b = m.buffer;
        for (int i = 0; i < m.headerCount; i++)
        {
            if (m.headerId[i] != SipHeaders.CALL_INFO)
            {
                continue;
            }
            int s = m.valueStart[i];
            final int end = m.valueEnd[i];
            while (s < end)
            {
                final int e = SipText.elementEnd(b, s, end);
                final int lt = SipText.indexOf(b, s, e, (byte)'<');
                final int gt = lt < 0 ? -1 : SipText.indexOf(b, lt, e, (byte)'>');
                if (gt > lt + 1)
                {
                    final String purpose = SipText.param(b, gt + 1, e, "purpose");
                    if ("emergency-CallId".equalsIgnoreCase(purpose) &&
                        SipText.startsWithIgnoreCase(b, lt + 1, gt, CALLID_URN) && gt - lt - 1 <= MAX_IDENTITY_LENGTH)
                    {
                        return SipText.string(b, lt + 1, gt);
                    }
                }
                s = e + 1;
            }
        }
        return null;
    }
}
