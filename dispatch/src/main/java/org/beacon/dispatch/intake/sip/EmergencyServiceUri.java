package org.beacon.dispatch.intake.sip;

import org.beacon.codecs.Agency;
import org.beacon.dispatch.Agencies;

/**
 * Decides whether a Request-URI names an emergency service and which center takes it: the service
 * URNs of RFC 5031 ({@code urn:service:sos} and its {@code sos.*} sub-services, as NENA i3 and
 * ETSI TS 103 479 route them) and the dialled short numbers 112 (unified), 113 (police), 114 (fire
 * and rescue) and 115 (ambulance) as {@code tel:} or {@code sip:}/{@code sips:} URIs.
 */
final class EmergencyServiceUri
{
    private EmergencyServiceUri()
    {
    }

    /**
     * Classifies a Request-URI.
     *
     * @param b     bytes of the message.
     * @param start of the URI.
     * @param end   one past its end.
     * @return the agency, or null when the URI is not an emergency service.
     */
    static Agency classify(final byte[] b, final int start, final int end)
    {
        if (SipText.startsWithIgnoreCase(b, start, end, "urn:service:sos"))
        {
            return serviceUrn(b, start + "urn:service:sos".length(), end);
        }
        if (SipText.startsWithIgnoreCase(b, start, end, "tel:"))
        {
            final int semi = SipText.indexOf(b, start, end, (byte)';');
            return number(b, start + 4, semi < 0 ? end : semi);
        }
        final int userStart;
        if (SipText.startsWithIgnoreCase(b, start, end, "sip:"))
        {
            userStart = start + 4;
        }
        else if (SipText.startsWithIgnoreCase(b, start, end, "sips:"))
        {
            userStart = start + 5;
        }
        else
        {
            return null;
        }
        final int at = SipText.indexOf(b, userStart, end, (byte)'@');
        if (at < 0)
        {
            return null;
        }
        final int semi = SipText.indexOf(b, userStart, at, (byte)';');
        return number(b, userStart, semi < 0 ? at : semi);
    }

    private static Agency serviceUrn(final byte[] b, final int afterSos, final int end)
    {
        if (afterSos == end)
        {
            return Agency.UNIFIED;
        }
        if (b[afterSos] != '.')
        {
            // urn:service:sosx is a different service, not a sub-service of sos
            return null;
        }
        final int labelStart = afterSos + 1;
        int labelEnd = labelStart;
        while (labelEnd < end && b[labelEnd] != '.')
        {
            labelEnd++;
        }
        if (labelEnd == labelStart)
        {
            return null;
        }
        if (SipText.regionEqualsIgnoreCase(b, labelStart, labelEnd, "police"))
        {
            return Agency.POLICE;
        }
        if (SipText.regionEqualsIgnoreCase(b, labelStart, labelEnd, "fire"))
        {
            return Agency.FIRE;
        }
        if (SipText.regionEqualsIgnoreCase(b, labelStart, labelEnd, "ambulance"))
        {
            return Agency.AMBULANCE;
        }
        // sos.marine, sos.mountain, sos.poison, sos.gas, sos.physician...: the call-taker triages
        return Agency.UNIFIED;
    }

    /** Reads a dialled number, ignoring the visual separators RFC 3966 allows. */
    private static Agency number(final byte[] b, final int start, final int end)
    {
        int value = 0;
        int digits = 0;
        for (int i = start; i < end; i++)
        {
            final byte c = b[i];
            if (c >= '0' && c <= '9')
            {
                if (++digits > 3)
                {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            else if (c != '-' && c != '.' && c != '(' && c != ')')
            {
                return null;
            }
        }
        if (digits != 3)
        {
            return null;
        }
        return Agencies.ofNumber(value, null);
    }
}
