package org.beacon.dispatch.intake.sip;

import java.nio.charset.StandardCharsets;

import org.beacon.codecs.Agency;
import org.beacon.dispatch.location.ParsedLocation;

/**
 * One SIP message as {@link SipParser} found it: the bytes (owned, never shared), the start line and
 * every header as offsets into them, the body's range, and the few fields the gateway needs decoded
 * (Call-ID, CSeq, top Via, tags). Values are turned into strings only when asked for. When parsing
 * fails, {@link #errorCode()} and {@link #errorReason()} say how to answer, and
 * {@link #respondable()} whether an answer can be addressed at all.
 */
final class SipMessage
{
    static final int METHOD_UNKNOWN = 0;
    static final int INVITE = 1;
    static final int ACK = 2;
    static final int BYE = 3;
    static final int CANCEL = 4;
    static final int OPTIONS = 5;
    static final int REGISTER = 6;
    static final int SUBSCRIBE = 7;
    static final int NOTIFY = 8;
    static final int PUBLISH = 9;
    static final int MESSAGE = 10;
    static final int INFO = 11;
    static final int UPDATE = 12;
    static final int PRACK = 13;
    static final int REFER = 14;

    static final String[] METHOD_NAMES =
    {
        null, "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "INFO",
        "UPDATE", "PRACK", "REFER"
    };
    private static final byte[][] METHOD_BYTES = new byte[METHOD_NAMES.length][];

    static
    {
        for (int i = 1; i < METHOD_NAMES.length; i++)
        {
            METHOD_BYTES[i] = METHOD_NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    byte[] buffer;
    int length;
    boolean datagram;

    boolean request;
    int method;
    int methodStart;
    int methodEnd;
    int uriStart;
    int uriEnd;
    int statusCode;

    private static final int ESSENTIAL_RESERVE = 8;

    final int maxHeaders;
    int headerCount;
    int[] headerId;
    int[] valueStart;
    int[] valueEnd;

    int bodyOffset;
    int bodyLength;
    int contentLength = -1;
    /**
     * The body ends before its Content-Length (a datagram cut short, or only the headers of an oversized message kept),
     * and that is the message's only fault.
     */
    boolean bodyCut;

    String callId;
    long cseq = -1;
    int cseqMethod = METHOD_UNKNOWN;
    String toTag;
    String fromTag;
    int topVia = -1;
    int topViaEnd;
    int viaRportEnd = -1;
    boolean viaReceived;
    boolean viaReliable;
    String viaHost;
    int viaPort = -1;
    String branch;

    int errorCode;
    String errorReason;
    boolean notSip;
    /** Header lines left out because they could not be read (none of the required ones), and why the first was. */
    int ignoredHeaders;
    String ignoredHeaderReason;

    SipPeer peer;

    // what the intake side worked out before handing the request to the agent
    Agency agency;
    ParsedLocation location;
    boolean locationConveyed;
    ParsedLocation cellLocation;
    SdpAnswer sdp;
    String caller;
    String callerAsReceived;
    /** Why an initial INVITE's body was not used (it is then answered with Beacon's own offer), or null. */
    String bodyProblem;
    String emergencyCallId;
    String contact;
    long receivedNs;

    SipMessage(final int maxHeaders)
    {
        this.maxHeaders = maxHeaders;
        final int initial = Math.min(32, maxHeaders);
        headerId = new int[initial];
        valueStart = new int[initial];
        valueEnd = new int[initial];
    }

    /**
     * Makes room for one more header. Past the limit only the headers a response is built from
     * (Via, From, To, Call-ID, CSeq) are kept, a few at most, so that the request can still be told
     * why it is refused.
     *
     * @param id the header's id.
     * @return false when the header cannot be kept.
     */
    boolean growHeaders(final int id)
    {
        final boolean essential = id == SipHeaders.VIA || id == SipHeaders.FROM || id == SipHeaders.TO ||
            id == SipHeaders.CALL_ID || id == SipHeaders.CSEQ;
        final int limit = essential ? maxHeaders + ESSENTIAL_RESERVE : maxHeaders;
        if (headerCount >= limit)
        {
            return false;
        }
        if (headerCount < headerId.length)
        {
            return true;
        }
        final int size = Math.min(maxHeaders + ESSENTIAL_RESERVE, headerId.length * 2);
        headerId = java.util.Arrays.copyOf(headerId, size);
        valueStart = java.util.Arrays.copyOf(valueStart, size);
        valueEnd = java.util.Arrays.copyOf(valueEnd, size);
        return true;
    }

    /** @return whether the message parsed without an error. */
    boolean valid()
    {
        return errorCode == 0;
    }

    int errorCode()
    {
        return errorCode;
    }

    String errorReason()
    {
        return errorReason;
    }

    /** Leaves out a header line that cannot be read and that the request can do without. */
    void ignoreHeader(final String reason)
    {
        if (ignoredHeaders++ == 0)
        {
            ignoredHeaderReason = reason;
        }
    }

    /**
     * Records the first error found; later ones are ignored so that the answer names the first fault.
     *
     * @return false, for the parser's convenience.
     */
    boolean fail(final int code, final String reason)
    {
        if (errorCode == 0)
        {
            errorCode = code;
            errorReason = reason;
        }
        return false;
    }

    /**
     * Whether a response can be built and addressed: a request (not ACK) with a readable top Via
     * (where to send it) and a Call-ID header, well-formed or not (what it answers). From, To and CSeq are copied as they are, so
     * a request with a broken CSeq still learns why it was refused.
     *
     * @return true when a response can be sent.
     */
    boolean respondable()
    {
        // a Call-ID that is present but malformed (non-UTF-8 or control bytes, too long) is copied back as it came
        return request && !notSip && method != ACK && topVia >= 0 && (null != callId || first(SipHeaders.CALL_ID) >= 0);
    }

    /** @return the index of the first header with that id, or -1. */
    int first(final int id)
    {
        for (int i = 0; i < headerCount; i++)
        {
            if (headerId[i] == id)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return how many headers have that id. */
    int count(final int id)
    {
        int n = 0;
        for (int i = 0; i < headerCount; i++)
        {
            if (headerId[i] == id)
            {
                n++;
            }
        }
        return n;
    }

    /** @return the first value of that header as a string, or null. */
    String header(final int id)
    {
        final int i = first(id);
        return i < 0 ? null : value(i);
    }

    /** @return the value of header {@code i}. */
    String value(final int i)
    {
        return new String(buffer, valueStart[i], valueEnd[i] - valueStart[i], StandardCharsets.UTF_8);
    }

    /** @return the Request-URI. */
    String requestUri()
    {
        return new String(buffer, uriStart, uriEnd - uriStart, StandardCharsets.UTF_8);
    }

    /** @return the method as written. */
    String methodName()
    {
        return method != METHOD_UNKNOWN ? METHOD_NAMES[method] :
            new String(buffer, methodStart, methodEnd - methodStart, StandardCharsets.US_ASCII);
    }

    /** @return whether this is a request of that method. */
    boolean is(final int method)
    {
        return request && this.method == method;
    }

    static int methodId(final byte[] buffer, final int start, final int end)
    {
        final int length = end - start;
        for (int id = 1; id < METHOD_BYTES.length; id++)
        {
            final byte[] name = METHOD_BYTES[id];
            if (name.length == length)
            {
                boolean same = true;
                for (int i = 0; i < length; i++)
                {
                    // method names are case-sensitive (RFC 3261 7.1)
                    if (buffer[start + i] != name[i])
                    {
                        same = false;
                        break;
                    }
                }
                if (same)
                {
                    return id;
                }
            }
        }
        return METHOD_UNKNOWN;
    }
}
