package org.beacon.dispatch.intake.sip;

/**
 * The header names the gateway reads, as small integer ids, with their compact forms (RFC 3261
 * 7.3.3 and the RFCs that registered further single-letter names). Lookup compares bytes in place,
 * case-insensitively, so naming a header allocates nothing.
 */
final class SipHeaders
{
    static final int UNKNOWN = -1;
    static final int VIA = 0;
    static final int FROM = 1;
    static final int TO = 2;
    static final int CALL_ID = 3;
    static final int CSEQ = 4;
    static final int CONTACT = 5;
    static final int CONTENT_LENGTH = 6;
    static final int CONTENT_TYPE = 7;
    static final int CONTENT_ENCODING = 8;
    static final int MAX_FORWARDS = 9;
    static final int GEOLOCATION = 10;
    static final int GEOLOCATION_ROUTING = 11;
    static final int CALL_INFO = 12;
    static final int P_ASSERTED_IDENTITY = 13;
    static final int P_ACCESS_NETWORK_INFO = 14;
    static final int REQUIRE = 15;
    static final int SUPPORTED = 16;
    static final int CONTENT_ID = 17;
    static final int CONTENT_TRANSFER_ENCODING = 18;
    static final int CONTENT_DISPOSITION = 19;
    static final int SUBJECT = 20;
    static final int EVENT = 21;
    static final int REFER_TO = 22;
    static final int ALLOW_EVENTS = 23;
    static final int SESSION_EXPIRES = 24;
    static final int REFERRED_BY = 25;
    static final int ACCEPT_CONTACT = 26;
    static final int REJECT_CONTACT = 27;
    static final int REQUEST_DISPOSITION = 28;
    static final int IDENTITY = 29;
    static final int IDENTITY_INFO = 30;
    static final int COUNT = 31;

    private static final byte[][] NAMES = new byte[COUNT][];
    private static final byte[] COMPACT = new byte[COUNT];

    static
    {
        name(VIA, "Via", 'v');
        name(FROM, "From", 'f');
        name(TO, "To", 't');
        name(CALL_ID, "Call-ID", 'i');
        name(CSEQ, "CSeq", (char)0);
        name(CONTACT, "Contact", 'm');
        name(CONTENT_LENGTH, "Content-Length", 'l');
        name(CONTENT_TYPE, "Content-Type", 'c');
        name(CONTENT_ENCODING, "Content-Encoding", 'e');
        name(MAX_FORWARDS, "Max-Forwards", (char)0);
        name(GEOLOCATION, "Geolocation", (char)0);
        name(GEOLOCATION_ROUTING, "Geolocation-Routing", (char)0);
        name(CALL_INFO, "Call-Info", (char)0);
        name(P_ASSERTED_IDENTITY, "P-Asserted-Identity", (char)0);
        name(P_ACCESS_NETWORK_INFO, "P-Access-Network-Info", (char)0);
        name(REQUIRE, "Require", (char)0);
        name(SUPPORTED, "Supported", 'k');
        name(CONTENT_ID, "Content-ID", (char)0);
        name(CONTENT_TRANSFER_ENCODING, "Content-Transfer-Encoding", (char)0);
        name(CONTENT_DISPOSITION, "Content-Disposition", (char)0);
        name(SUBJECT, "Subject", 's');
        name(EVENT, "Event", 'o');
        name(REFER_TO, "Refer-To", 'r');
        name(ALLOW_EVENTS, "Allow-Events", 'u');
        name(SESSION_EXPIRES, "Session-Expires", 'x');
        name(REFERRED_BY, "Referred-By", 'b');
        name(ACCEPT_CONTACT, "Accept-Contact", 'a');
        name(REJECT_CONTACT, "Reject-Contact", 'j');
        name(REQUEST_DISPOSITION, "Request-Disposition", 'd');
        name(IDENTITY, "Identity", 'y');
        name(IDENTITY_INFO, "Identity-Info", 'n');
    }

    private SipHeaders()
    {
    }

    private static void name(final int id, final String name, final char compact)
    {
        NAMES[id] = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        COMPACT[id] = (byte)compact;
    }

    /**
     * Identifies a header name.
     *
     * @param buffer holding the name.
     * @param start  of the name.
     * @param end    one past its last byte.
     * @param compactForms whether single letters are compact forms (SIP headers: yes; MIME part headers: no).
     * @return the id, or {@link #UNKNOWN}.
     */
    static int lookup(final byte[] buffer, final int start, final int end, final boolean compactForms)
    {
        final int length = end - start;
        if (length == 1)
        {
            if (!compactForms)
            {
                return UNKNOWN;
            }
            final byte c = lower(buffer[start]);
            for (int id = 0; id < COUNT; id++)
            {
                if (COMPACT[id] != 0 && COMPACT[id] == c)
                {
                    return id;
                }
            }
            return UNKNOWN;
        }
        for (int id = 0; id < COUNT; id++)
        {
            final byte[] name = NAMES[id];
            if (name.length == length && equalsIgnoreCase(buffer, start, name))
            {
                return id;
            }
        }
        return UNKNOWN;
    }

    static boolean equalsIgnoreCase(final byte[] buffer, final int start, final byte[] lowerOrMixed)
    {
        for (int i = 0; i < lowerOrMixed.length; i++)
        {
            if (lower(buffer[start + i]) != lower(lowerOrMixed[i]))
            {
                return false;
            }
        }
        return true;
    }

    static byte lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
    }
}
