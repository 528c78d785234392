package org.beacon.dispatch.location;

/**
 * Masks personal data (caller numbers, IMSI, IMEI, SIP URIs) before it reaches a log line or a
 * console role that does not need it. The journal keeps the full values; nothing else should.
 */
public final class PersonalData
{
    /** Digits left visible at the end of a masked value: enough to tell two callers apart on a screen. */
    public static final int VISIBLE_DIGITS = 3;

    private PersonalData()
    {
    }

    /**
     * Masks a value: every letter and digit becomes {@code *} except the last {@value #VISIBLE_DIGITS}
     * digits, and only when the value holds more than twice that many digits (a short value is masked
     * whole). Punctuation stays, so a masked number still reads as a number. Null gives {@code "-"}.
     *
     * @param value a number, identifier or URI; may be null.
     * @return the masked value, never null.
     */
    public static String mask(final String value)
    {
        if (null == value)
        {
            return "-";
        }
        int digits = 0;
        for (int i = 0; i < value.length(); i++)
        {
            if (isDigit(value.charAt(i)))
            {
                digits++;
            }
        }
        final int keep = digits > 2 * VISIBLE_DIGITS ? VISIBLE_DIGITS : 0;
        final StringBuilder masked = new StringBuilder(value.length());
        int digitsSeen = 0;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (isDigit(c))
            {
                digitsSeen++;
                masked.append(digitsSeen > digits - keep ? c : '*');
            }
            else if (Character.isLetter(c))
            {
                masked.append('*');
            }
            else if (c < 0x20 || c == 0x7f)
            {
                masked.append('?');
            }
            else
            {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
