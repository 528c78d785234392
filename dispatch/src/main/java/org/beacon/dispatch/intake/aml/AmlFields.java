package org.beacon.dispatch.intake.aml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** Field checks shared by the SMS and HTTPS forms of AML. Each returns a sentinel when the text does not validate. */
final class AmlFields
{
    /** Returned by the micro-degree parsers when the text is not a decimal number. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;
    /** Largest radius accepted, metres: beyond any handset or cell estimate. */
    static final double MAX_RADIUS_M = 1_000_000.0;

    private static final Pattern DEGREES = Pattern.compile("[+-]?\\d{1,3}(\\.\\d{1,12})?");
    private static final Pattern DECIMAL = Pattern.compile("\\+?\\d{1,9}(\\.\\d{1,6})?");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d{3,20}");
    private static final DateTimeFormatter TOP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    private AmlFields()
    {
    }

    /** @return the degrees as micro-degrees (rounded half up), or {@link #NOT_A_NUMBER}; range is checked by the caller. */
    static long microDegrees(final String text)
    {
        if (!DEGREES.matcher(text).matches())
        {
            return NOT_A_NUMBER;
        }
        return new BigDecimal(text).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    /** @return a non-negative decimal, or NaN. */
    static double decimal(final String text)
    {
        if (!DECIMAL.matcher(text).matches())
        {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    /** @return whether the text is all ASCII digits, with a length in [min, max]. */
    static boolean digits(final String text, final int min, final int max)
    {
        if (text.length() < min || text.length() > max)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) < '0' || text.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }

    /** @return whether the text looks like a phone number: an optional '+' and 3 to 20 digits. */
    static boolean phoneNumber(final String text)
    {
        return PHONE.matcher(text).matches();
    }

    /** @return the time of positioning {@code yyyyMMddHHmmss} (UTC) in nanoseconds since the epoch, or -1. */
    static long timeOfPositioning(final String text)
    {
        if (!digits(text, 14, 14))
        {
            return -1;
        }
        try
        {
            return LocalDateTime.parse(text, TOP).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
        }
        catch (final DateTimeParseException ex)
        {
            return -1;
        }
    }

    /** @return a short, printable quote of a value for an error message. */
    static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length() && i < 24; i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return out.append(text.length() > 24 ? "...'" : "'").toString();
    }

    /** @return the text, or null when it is null or empty. */
    static String emptyToNull(final String text)
    {
        return null == text || text.isEmpty() ? null : text;
    }

    /** @return the error of a network code (MCC, MNC) given but not of min to max digits; null when absent or valid. */
    static String networkCodeError(final String name, final String code, final int min, final int max)
    {
        if (null == code || digits(code, min, max))
        {
            return null;
        }
        return name + ": " + quote(code) + " is not " + (min == max ? String.valueOf(min) : min + " or " + max) + " digits";
    }

    /** @return the error of an IMSI given but not of 5 to 15 digits; null when absent (null or empty) or valid. */
    static String imsiError(final String name, final String imsi)
    {
        return null == imsi || imsi.isEmpty() || digits(imsi, 5, 15) ? null : name + ": not an IMSI of 5 to 15 digits";
    }

    /** @return the error of an IMEI given but not of 14 to 16 digits; null when absent (null or empty) or valid. */
    static String imeiError(final String name, final String imei)
    {
        return null == imei || imei.isEmpty() || digits(imei, 14, 16) ? null : name + ": not an IMEI of 14 to 16 digits";
    }

    /** @return the first error that is not null, or null when there is none. */
    static String firstError(final String... errors)
    {
        for (final String error : errors)
        {
            if (null != error)
            {
                return error;
            }
        }
        return null;
    }
}
