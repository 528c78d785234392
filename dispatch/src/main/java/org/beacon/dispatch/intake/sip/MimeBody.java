package org.beacon.dispatch.intake.sip;

/**
 * Reads message bodies: the media type of a Content-Type value and the parts of a
 * {@code multipart/mixed} body (RFC 2046 5.1). Part ranges are offsets into the message bytes; a
 * part whose closing delimiter is missing is reported as broken rather than guessed at.
 */
final class MimeBody
{
    /** Most parts read from one body; an emergency INVITE carries two or three. */
    static final int MAX_PARTS = 8;

    /** The parts found in a multipart body. */
    static final class Parts
    {
        int count;
        /** Whether the body's delimiters were not as RFC 2046 requires (no first delimiter, no closing one). */
        boolean broken;
        final int[] typeStart = new int[MAX_PARTS];
        final int[] typeEnd = new int[MAX_PARTS];
        final int[] idStart = new int[MAX_PARTS];
        final int[] idEnd = new int[MAX_PARTS];
        final int[] bodyStart = new int[MAX_PARTS];
        final int[] bodyEnd = new int[MAX_PARTS];
        final boolean[] encoded = new boolean[MAX_PARTS];

        /** @return the index of the first usable part of that media type, or -1. */
        int find(final byte[] b, final String mediaType)
        {
            for (int i = 0; i < count; i++)
            {
                if (!encoded[i] && typeStart[i] >= 0 && mediaTypeIs(b, typeStart[i], typeEnd[i], mediaType))
                {
                    return i;
                }
            }
            return -1;
        }

        /** @return the part's Content-ID without angle brackets, or null. */
        String contentId(final byte[] b, final int i)
        {
            if (idStart[i] < 0)
            {
                return null;
            }
            int s = idStart[i];
            int e = idEnd[i];
            if (e - s >= 2 && b[s] == '<' && b[e - 1] == '>')
            {
                s++;
                e--;
            }
            return SipText.string(b, s, e).trim();
        }
    }

    private MimeBody()
    {
    }

    /**
     * Whether a Content-Type value is the given media type, ignoring parameters, whitespace and case.
     *
     * @return true when it is.
     */
    static boolean mediaTypeIs(final byte[] b, final int start, final int end, final String mediaType)
    {
        final int semi = SipText.indexOf(b, start, end, (byte)';');
        final int typeEnd = SipText.trimEnd(b, start, semi < 0 ? end : semi);
        final int typeStart = SipText.skipWhitespace(b, start, typeEnd);
        return SipText.regionEqualsIgnoreCase(b, typeStart, typeEnd, mediaType);
    }

    /**
     * Splits a multipart body.
     *
     * @param b        message bytes.
     * @param start    of the body.
     * @param end      of the body.
     * @param boundary the boundary parameter of the Content-Type.
     * @param parts    receives the parts.
     */
    static void split(final byte[] b, final int start, final int end, final String boundary, final Parts parts)
    {
        parts.count = 0;
        parts.broken = false;
        final byte[] delimiter = ("--" + boundary).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int p = delimiterAt(b, start, end, delimiter, true);
        if (p < 0)
        {
            parts.broken = true;
            return;
        }
        while (true)
        {
            int after = p + delimiter.length;
            if (after + 2 <= end && b[after] == '-' && b[after + 1] == '-')
            {
                return;
            }
            // transport padding, then CRLF ends the delimiter line
            after = SipText.skipWhitespace(b, after, end);
            if (after + 2 > end || b[after] != '\r' || b[after + 1] != '\n')
            {
                parts.broken = true;
                return;
            }
            final int partStart = after + 2;
            final int next = delimiterAt(b, partStart, end, delimiter, false);
            if (next < 0)
            {
                // no closing delimiter: the last part may be cut short, so it is not used
                parts.broken = true;
                return;
            }
            // the CRLF before a delimiter belongs to the delimiter
            if (parts.count < MAX_PARTS)
            {
                part(b, partStart, next - 2, parts);
            }
            p = next;
        }
    }

    /** @return the index of the delimiter, at the start or after a CRLF, or -1. */
    private static int delimiterAt(final byte[] b, final int from, final int end, final byte[] delimiter, final boolean first)
    {
        if (first && SipText.indexOf(b, from, Math.min(end, from + delimiter.length), delimiter) == from)
        {
            return from;
        }
        int i = from;
        while (true)
        {
            final int crlf = SipText.indexOfCrlf(b, i, end);
            if (crlf < 0)
            {
                return -1;
            }
            final int candidate = crlf + 2;
            if (candidate + delimiter.length <= end && SipText.indexOf(b, candidate, candidate + delimiter.length, delimiter) == candidate)
            {
                return candidate;
            }
            i = crlf + 2;
        }
    }

    private static void part(final byte[] b, final int start, final int end, final Parts parts)
    {
        final int i = parts.count++;
        parts.typeStart[i] = -1;
        parts.typeEnd[i] = -1;
        parts.idStart[i] = -1;
        parts.idEnd[i] = -1;
        parts.encoded[i] = false;
        int p = start;
        while (true)
        {
            if (p + 2 > end)
            {
                // headers with no empty line: an empty part
                parts.bodyStart[i] = end;
                parts.bodyEnd[i] = end;
                return;
            }
            if (b[p] == '\r' && b[p + 1] == '\n')
            {
                parts.bodyStart[i] = p + 2;
                parts.bodyEnd[i] = Math.max(p + 2, end);
                return;
            }
            int lineEnd = SipText.indexOfCrlf(b, p, end);
            if (lineEnd < 0)
            {
                lineEnd = end;
            }
            final int colon = SipText.indexOf(b, p, lineEnd, (byte)':');
            if (colon > p)
            {
                final int id = SipHeaders.lookup(b, p, SipText.trimEnd(b, p, colon), false);
                final int valueStart = SipText.skipWhitespace(b, colon + 1, lineEnd);
                final int valueEnd = SipText.trimEnd(b, valueStart, lineEnd);
                if (id == SipHeaders.CONTENT_TYPE)
                {
                    parts.typeStart[i] = valueStart;
                    parts.typeEnd[i] = valueEnd;
                }
                else if (id == SipHeaders.CONTENT_ID)
                {
                    parts.idStart[i] = valueStart;
                    parts.idEnd[i] = valueEnd;
                }
                else if (id == SipHeaders.CONTENT_TRANSFER_ENCODING)
                {
                    parts.encoded[i] = !(SipText.regionEqualsIgnoreCase(b, valueStart, valueEnd, "7bit") ||
                        SipText.regionEqualsIgnoreCase(b, valueStart, valueEnd, "8bit") ||
                        SipText.regionEqualsIgnoreCase(b, valueStart, valueEnd, "binary"));
                }
            }
            p = lineEnd + 2;
        }
    }
}
