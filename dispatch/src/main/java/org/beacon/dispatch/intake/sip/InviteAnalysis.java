package org.beacon.dispatch.intake.sip;

import java.util.List;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.dispatch.location.GeolocationHeader;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PidfLoParser;

/**
 * Works out what an INVITE conveys before it is handed to the agent: the SDP offer (and so the
 * answer), the caller's location (RFC 6442: the {@code Geolocation} header pointing by {@code cid:}
 * at an {@code application/pidf+xml} body part, or by reference), the caller's identity and the
 * emergency call identifier (RFC 7852 {@code Call-Info}). The location never refuses a call: every
 * location fault becomes an unusable {@link ParsedLocation} with its reason. Only a body that is not
 * acceptable as SIP is refused: an unknown content type (415), a multipart body whose delimiters
 * cannot be found so no SDP can be read, or an unusable SDP offer (488).
 */
final class InviteAnalysis
{
    static final String ACCEPT = "application/sdp, application/pidf+xml, multipart/mixed";
    private static final int MAX_IDENTITY_LENGTH = 256;
    private static final String CALLID_URN = "urn:emergency:uid:callid:";

    private InviteAnalysis()
    {
    }

    /**
     * Analyses an INVITE's body and headers into the message's intake fields.
     *
     * @param m     the parsed INVITE.
     * @param parts scratch for multipart bodies (one per thread).
     * @return 0, or the status code to refuse it with ({@link SipMessage#errorReason} then holds the phrase).
     */
    static int analyse(final SipMessage m, final MimeBody.Parts parts)
    {
        final byte[] b = m.buffer;
        final int encoding = m.first(SipHeaders.CONTENT_ENCODING);
        if (encoding >= 0 && !SipText.regionEqualsIgnoreCase(b, m.valueStart[encoding], m.valueEnd[encoding], "identity"))
        {
            return refuse(m, 415, "Unsupported Content-Encoding");
        }
        final GeolocationHeader geolocation = geolocation(m);
        int pidfStart = -1;
        int pidfEnd = -1;
        boolean cidMissing = false;
        boolean multipartBroken = false;
        final int bodyStart = m.bodyOffset;
        final int bodyEnd = m.bodyOffset + m.bodyLength;
        if (m.bodyLength == 0)
        {
            m.sdp = SdpAnswer.defaultOffer();
        }
        else
        {
            final int ct = m.first(SipHeaders.CONTENT_TYPE);
            if (ct < 0)
            {
                return refuse(m, 400, "Body Without Content-Type");
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
                pidfStart = bodyStart;
                pidfEnd = bodyEnd;
            }
            else if (MimeBody.mediaTypeIs(b, ctStart, ctEnd, "multipart/mixed"))
            {
                final String boundary = SipText.param(b, ctStart, ctEnd, "boundary");
                if (null == boundary || boundary.isEmpty() || boundary.length() > 70)
                {
                    return refuse(m, 488, "Multipart Body Without Boundary");
                }
                MimeBody.split(b, bodyStart, bodyEnd, boundary, parts);
                multipartBroken = parts.broken;
                final int sdpPart = parts.find(b, "application/sdp");
                if (sdpPart >= 0)
                {
                    m.sdp = SdpAnswer.fromOffer(b, parts.bodyStart[sdpPart], parts.bodyEnd[sdpPart]);
                }
                else if (parts.broken)
                {
                    return refuse(m, 488, "Malformed Multipart Body");
                }
                else
                {
                    m.sdp = SdpAnswer.defaultOffer();
                }
                final int pidfPart = pidfPart(b, parts, geolocation);
                if (pidfPart >= 0)
                {
                    pidfStart = parts.bodyStart[pidfPart];
                    pidfEnd = parts.bodyEnd[pidfPart];
                }
                else
                {
                    cidMissing = null != geolocation && !geolocation.cidReferences().isEmpty();
                }
            }
            else
            {
                return refuse(m, 415, "Unsupported Media Type");
            }
            if (null != m.sdp.error())
            {
                return refuse(m, 488, m.sdp.error());
            }
        }
        m.locationConveyed = null != geolocation || pidfStart >= 0;
        m.location = location(b, geolocation, pidfStart, pidfEnd, cidMissing, multipartBroken);
        m.caller = caller(m);
        m.emergencyCallId = emergencyCallId(m);
        m.contact = contactUri(m);
        return 0;
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
        final int pidfStart,
        final int pidfEnd,
        final boolean cidMissing,
        final boolean multipartBroken)
    {
        final String reference = null == geolocation || geolocation.byReferenceUris().isEmpty() ?
            null : geolocation.byReferenceUris().get(0);
        if (pidfStart >= 0)
        {
            final ParsedLocation parsed = PidfLoParser.parse(b, pidfStart, pidfEnd - pidfStart);
            if (null == reference || null != parsed.reference())
            {
                return parsed;
            }
            return new ParsedLocation(parsed.quality(), parsed.problem(), parsed.shape(), parsed.method(), parsed.latMicros(),
                parsed.lonMicros(), parsed.uncertaintyM(), parsed.confidencePct(), reference, parsed.detail());
        }
        if (cidMissing)
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_MULTIPART,
                multipartBroken ? "location body part cut off (multipart not closed)" : "Geolocation cid names no body part");
        }
        if (null != reference)
        {
            return new ParsedLocation(LocationQuality.BY_REFERENCE, LocationProblem.BY_REFERENCE_ONLY, LocationShape.NONE,
                LocationMethod.UNKNOWN, 0, 0, 0, 0, reference, "location by reference, not dereferenced");
        }
        if (null != geolocation && null != geolocation.error())
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_FIELD,
                "malformed Geolocation header: " + geolocation.error());
        }
        return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_LOCATION, "no location in the request");
    }

    /** @return the caller: the network-asserted identity when present, else the From URI. */
    private static String caller(final SipMessage m)
    {
        int i = m.first(SipHeaders.P_ASSERTED_IDENTITY);
        if (i < 0)
        {
            i = m.first(SipHeaders.FROM);
        }
        return i < 0 ? "" : uri(m.buffer, m.valueStart[i], SipText.elementEnd(m.buffer, m.valueStart[i], m.valueEnd[i]));
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
