package org.beacon.dispatch.intake.sip;

import java.nio.charset.StandardCharsets;

/**
 * Small byte-level helpers shared by the SIP, MIME and SDP readers: token classes (RFC 3261 25.1),
 * searching, trimming and parameter lookup. All work on {@code byte[]} ranges and allocate only
 * when a caller asks for a string.
 */
final class SipText
{
    private static final boolean[] TOKEN = new boolean[128];

    static
    {
        for (char c = 'a'; c <= 'z'; c++)
        {
            TOKEN[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++)
        {
            TOKEN[c] = true;
        }
        for (char c = '0'; c <= '9'; c++)
        {
            TOKEN[c] = true;
        }
        for (final char c : "-.!%*_+`'~".toCharArray())
        {
            TOKEN[c] = true;
        }
    }

    private SipText()
    {
    }

    static boolean isToken(final byte b)
    {
        return b >= 0 && TOKEN[b];
    }

    static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    /** @return the index of the next CRLF at or after {@code from}, or -1. */
    static int indexOfCrlf(final byte[] b, final int from, final int end)
    {
        for (int i = from; i + 1 < end; i++)
        {
            if (b[i] == '\r' && b[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of {@code c} in the range, or -1. */
    static int indexOf(final byte[] b, final int from, final int end, final byte c)
    {
        for (int i = from; i < end; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the needle in the range, or -1. */
    static int indexOf(final byte[] b, final int from, final int end, final byte[] needle)
    {
        final int last = end - needle.length;
        outer:
        for (int i = from; i <= last; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (b[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int skipWhitespace(final byte[] b, final int from, final int end)
    {
        int i = from;
        while (i < end && isWhitespace(b[i]))
        {
            i++;
        }
        return i;
    }

    static int trimEnd(final byte[] b, final int start, final int end)
    {
        int e = end;
        while (e > start && isWhitespace(b[e - 1]))
        {
            e--;
        }
        return e;
    }

    static boolean regionEqualsIgnoreCase(final byte[] b, final int start, final int end, final String ascii)
    {
        if (end - start != ascii.length())
        {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++)
        {
            if (SipHeaders.lower(b[start + i]) != SipHeaders.lower((byte)ascii.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithIgnoreCase(final byte[] b, final int start, final int end, final String ascii)
    {
        return end - start >= ascii.length() && regionEqualsIgnoreCase(b, start, start + ascii.length(), ascii);
    }

    /**
     * Checks that a range is well-formed UTF-8 (RFC 3629): no stray continuation bytes, no truncated, overlong or
     * surrogate sequences, nothing above U+10FFFF.
     *
     * @return whether it is.
     */
    static boolean isUtf8(final byte[] b, final int start, final int end)
    {
        int i = start;
        while (i < end)
        {
            final int c = b[i] & 0xFF;
            if (c < 0x80)
            {
                i++;
                continue;
            }
            final int n;
            int lower = 0x80;
            int upper = 0xBF;
            if (c >= 0xC2 && c <= 0xDF)
            {
                n = 1;
            }
            else if (c >= 0xE0 && c <= 0xEF)
            {
                n = 2;
                lower = c == 0xE0 ? 0xA0 : 0x80;
                upper = c == 0xED ? 0x9F : 0xBF;
            }
            else if (c >= 0xF0 && c <= 0xF4)
            {
                n = 3;
                lower = c == 0xF0 ? 0x90 : 0x80;
                upper = c == 0xF4 ? 0x8F : 0xBF;
            }
            else
            {
                return false;
            }
            if (i + n >= end)
            {
                return false;
            }
            final int second = b[i + 1] & 0xFF;
            if (second < lower || second > upper)
            {
                return false;
            }
            for (int k = 2; k <= n; k++)
            {
                final int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF)
                {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    static String string(final byte[] b, final int start, final int end)
    {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * Parses an unsigned decimal of at most {@code maxDigits} digits that fills the range.
     *
     * @return the value, or -1 when the range is empty, too long or holds anything but digits.
     */
    static long digits(final byte[] b, final int start, final int end, final int maxDigits)
    {
        if (end <= start || end - start > maxDigits)
        {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++)
        {
            final byte c = b[i];
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Finds the end of a header value's first element: the first comma outside quotes and angle
     * brackets, or the end.
     *
     * @return the index of the comma, or {@code end}.
     */
    static int elementEnd(final byte[] b, final int from, final int end)
    {
        boolean quoted = false;
        boolean angle = false;
        for (int i = from; i < end; i++)
        {
            final byte c = b[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                angle = true;
            }
            else if (c == '>')
            {
                angle = false;
            }
            else if (c == ',' && !angle)
            {
                return i;
            }
        }
        return end;
    }

    /**
     * Looks up a {@code ;name[=value]} parameter in a parameter list. Quoted values are returned
     * without their quotes.
     *
     * @param b     bytes.
     * @param from  where the parameter list starts (at or before the first ';').
     * @param end   end of the list.
     * @param name  parameter name, matched case-insensitively.
     * @return the value, "" for a parameter without value, or null when absent.
     */
    static String param(final byte[] b, final int from, final int end, final String name)
    {
        int i = indexOf(b, from, end, (byte)';');
        while (i >= 0 && i < end)
        {
            final int nameStart = skipWhitespace(b, i + 1, end);
            int nameEnd = nameStart;
            while (nameEnd < end && isToken(b[nameEnd]))
            {
                nameEnd++;
            }
            int p = skipWhitespace(b, nameEnd, end);
            int valueStart = -1;
            int valueEnd = -1;
            if (p < end && b[p] == '=')
            {
                p = skipWhitespace(b, p + 1, end);
                if (p < end && b[p] == '"')
                {
                    valueStart = p + 1;
                    p = valueStart;
                    while (p < end && b[p] != '"')
                    {
                        p += b[p] == '\\' ? 2 : 1;
                    }
                    valueEnd = Math.min(p, end);
                    p = Math.min(p + 1, end);
                }
                else
                {
                    valueStart = p;
                    while (p < end && b[p] != ';' && b[p] != ',' && !isWhitespace(b[p]))
                    {
                        p++;
                    }
                    valueEnd = p;
                }
            }
            if (regionEqualsIgnoreCase(b, nameStart, nameEnd, name))
            {
                return valueStart < 0 ? "" : string(b, valueStart, valueEnd);
            }
            i = indexOf(b, p, end, (byte)';');
        }
        return null;
    }
}
