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
    /** Returned by {@link #timeOfPositioning} when the text is not a date and time at all (the message is refused). */
    static final long NOT_A_TIME = Long.MIN_VALUE;
    /** Passed as the clock to keep every representable time (no plausibility window): parsers used offline. */
    static final long NO_CLOCK = Long.MIN_VALUE;
    /** How far a time of positioning may lie from the gateway's clock, either way: one day. */
    static final long PLAUSIBLE_WINDOW_NS = 86_400L * 1_000_000_000L;

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

    /**
     * Reads a time of positioning {@code yyyyMMddHHmmss} (UTC).
     *
     * @return nanoseconds since the epoch; {@link AmlMessage#TIME_UNUSABLE} for a valid date that nanoseconds since the
     *         epoch cannot hold (before 1970, after 2262); {@link #NOT_A_TIME} when the text is not such a date.
     */
    static long timeOfPositioning(final String text)
    {
        if (!digits(text, 14, 14))
        {
            return NOT_A_TIME;
        }
        final long seconds;
        try
        {
            seconds = LocalDateTime.parse(text, TOP).toEpochSecond(ZoneOffset.UTC);
        }
        catch (final DateTimeParseException ex)
        {
            return NOT_A_TIME;
        }
        return secondsToNanos(seconds);
    }

    /** @return the seconds since the epoch as nanoseconds, or {@link AmlMessage#TIME_UNUSABLE} when negative or too large. */
    static long secondsToNanos(final long seconds)
    {
        return scaled(seconds, 1_000_000_000L);
    }

    /** @return the milliseconds since the epoch as nanoseconds, or {@link AmlMessage#TIME_UNUSABLE} when negative or too large. */
    static long millisToNanos(final long millis)
    {
        return scaled(millis, 1_000_000L);
    }

    private static long scaled(final long value, final long factor)
    {
        if (value < 0)
        {
            return AmlMessage.TIME_UNUSABLE;
        }
        try
        {
            return Math.multiplyExact(value, factor);
        }
        catch (final ArithmeticException ex)
        {
            return AmlMessage.TIME_UNUSABLE;
        }
    }

    /**
     * Keeps a time of positioning only within the plausible window around the gateway's clock.
     *
     * @param timeNs the time read, nanoseconds since the epoch, or {@link AmlMessage#TIME_UNUSABLE}.
     * @param nowNs  the gateway's clock, nanoseconds since the epoch, or {@link #NO_CLOCK} to keep any representable time.
     * @return the time, or {@link AmlMessage#TIME_UNUSABLE} when it lies more than {@link #PLAUSIBLE_WINDOW_NS} from now.
     */
    static long plausibleTime(final long timeNs, final long nowNs)
    {
        if (timeNs < 0 || nowNs == NO_CLOCK)
        {
            return timeNs;
        }
        // both are non-negative, so the difference cannot overflow
        return Math.abs(timeNs - nowNs) <= PLAUSIBLE_WINDOW_NS ? timeNs : AmlMessage.TIME_UNUSABLE;
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
