package org.beacon.dispatch.intake.aml;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.dispatch.intake.CallerNumbers;
import org.beacon.dispatch.location.Confidence;
import org.beacon.dispatch.location.ParsedLocation;

/**
 * Reads the SMS form of Advanced Mobile Location (ETSI TS 103 625):
 * {@code A"ML=1;lt=+10.77000;lg=+106.70000;rd=14;top=20240131171748;lc=68;pm=G;si=...;ei=...;mcc=452;mnc=04;ml=124}.
 *
 * <ul>
 *   <li>{@code A"ML}: version, must be 1.</li>
 *   <li>{@code lt}, {@code lg}: latitude and longitude, signed decimal degrees.</li>
 *   <li>{@code rd}: radius, metres, at confidence {@code lc} (percent); rescaled to 95% as a
 *       bivariate normal ({@link Confidence}).</li>
 *   <li>{@code top}: time of positioning, {@code yyyyMMddHHmmss} UTC.</li>
 *   <li>{@code pm}: positioning method, G (GNSS), W (Wi-Fi), C (cell) or N (no fix: then lt, lg, rd
 *       and lc may be empty, zero or {@code N}, and are ignored).</li>
 *   <li>{@code si}: IMSI (5 to 15 digits; handsets may zero all but the first six), {@code ei}: IMEI
 *       (14 to 16 digits); either may be empty when the handset withholds it.</li>
 *   <li>{@code mcc}: 3 digits, {@code mnc}: 2 or 3 digits, of the serving network.</li>
 *   <li>{@code ml}: the length of the whole message in characters, itself included; it must match.</li>
 * </ul>
 * Trailing white space (a line end added in transit) is dropped before the length is checked.
 * Unknown fields are ignored (later versions may add some) but count towards the length; a field
 * given twice is an error. Never throws.
 */
public final class AmlSmsParser
{
    /** Longest text read: a concatenated SMS of seven parts. */
    public static final int MAX_LENGTH = 1120;
    /** The text every AML SMS starts with. */
    public static final String HEADER = "A\"ML=";

    private static final String[] REQUIRED = {"lt", "lg", "rd", "top", "lc", "pm", "si", "ei", "mcc", "mnc", "ml"};

    private AmlSmsParser()
    {
    }

    /**
     * Parses SMS text whose sender is not known.
     *
     * @return the message, with {@link AmlMessage#error()} set when invalid.
     */
    public static AmlMessage parse(final String text)
    {
        return parse(text, null);
    }

    /**
     * Parses bytes holding SMS text (UTF-8; the AML text itself is ASCII).
     *
     * @return the message.
     */
    public static AmlMessage parse(final byte[] body, final int offset, final int length, final String originator)
    {
        return parse(body, offset, length, originator, AmlFields.NO_CLOCK);
    }

    /**
     * Parses bytes holding SMS text (UTF-8; the AML text itself is ASCII), keeping the time of positioning only within a
     * day of the gateway's clock.
     *
     * @param nowNs the gateway's clock, nanoseconds since the epoch.
     * @return the message.
     */
    public static AmlMessage parse(final byte[] body, final int offset, final int length, final String originator, final long nowNs)
    {
        if (null == body || length <= 0)
        {
            return AmlMessage.invalid(FixSource.AML_SMS, "message: empty", LocationProblem.NO_LOCATION);
        }
        if (length > MAX_LENGTH * 4 || offset < 0 || offset > body.length - length)
        {
            return AmlMessage.invalid(FixSource.AML_SMS, "message: longer than " + MAX_LENGTH + " characters", LocationProblem.BAD_FIELD);
        }
        return parse(new String(body, offset, length, StandardCharsets.UTF_8), originator, nowNs);
    }

    /**
     * Parses SMS text.
     *
     * @param text       the message text.
     * @param originator the sender's number as the SMS transport gave it, or null.
     * @return the message, with {@link AmlMessage#error()} set when invalid.
     */
    public static AmlMessage parse(final String text, final String originator)
    {
        return parse(text, originator, AmlFields.NO_CLOCK);
    }

    /**
     * Parses SMS text as the gateway does: a time of positioning more than a day from the gateway's clock (or one
     * nanoseconds since the epoch cannot hold) is journaled as {@link AmlMessage#TIME_UNUSABLE}, the fix kept.
     *
     * @param text       the message text.
     * @param originator the sender's number as the SMS transport gave it, or null.
     * @param nowNs      the gateway's clock, nanoseconds since the epoch.
     * @return the message, with {@link AmlMessage#error()} set when invalid.
     */
    public static AmlMessage parse(final String text, final String originator, final long nowNs)
    {
        if (null == text || text.isBlank())
        {
            return AmlMessage.invalid(FixSource.AML_SMS, "message: empty", LocationProblem.NO_LOCATION);
        }
        final String message = text.stripTrailing();
        if (message.length() > MAX_LENGTH)
        {
            return AmlMessage.invalid(FixSource.AML_SMS, "message: longer than " + MAX_LENGTH + " characters", LocationProblem.BAD_FIELD);
        }
        if (!message.startsWith(HEADER))
        {
            return AmlMessage.invalid(FixSource.AML_SMS, "header: does not start with " + HEADER, LocationProblem.BAD_FIELD);
        }
        final String[] parts = message.split(";", -1);
        final String version = parts[0].substring(HEADER.length());
        if (!version.equals("1"))
        {
            return bad("header: AML version " + AmlFields.quote(version) + " is not supported (1 is)");
        }
        final Map<String, String> fields = new LinkedHashMap<>(16);
        for (int i = 1; i < parts.length; i++)
        {
            final String part = parts[i];
            final int eq = part.indexOf('=');
            if (eq <= 0)
            {
                return bad("field " + i + ": " + AmlFields.quote(part) + " is not key=value");
            }
            final String key = part.substring(0, eq);
            if (null != fields.put(key, part.substring(eq + 1)))
            {
                return bad(key + ": given twice");
            }
        }
        for (final String key : REQUIRED)
        {
            if (!fields.containsKey(key))
            {
                return bad(key + ": missing");
            }
        }
        final String ml = fields.get("ml");
        if (!AmlFields.digits(ml, 1, 4))
        {
            return bad("ml: " + AmlFields.quote(ml) + " is not a length");
        }
        if (Integer.parseInt(ml) != message.length())
        {
            return bad("ml: declares " + Integer.parseInt(ml) + " characters but the message has " + message.length());
        }
        final String number = CallerNumbers.normalise(originator);
        if (null != number && !AmlFields.phoneNumber(number))
        {
            return bad("originator: not a phone number");
        }
        return fields(fields, number, originator, nowNs);
    }

    private static AmlMessage fields(final Map<String, String> fields, final String originator, final String originatorAsReceived,
        final long nowNs)
    {
        final String pm = fields.get("pm");
        final LocationMethod method = method(pm);
        if (null == method && !pm.equals("N"))
        {
            return bad("pm: " + AmlFields.quote(pm) + " is not G, W, C or N");
        }
        final String mcc = fields.get("mcc");
        final String mnc = fields.get("mnc");
        final String imsi = fields.get("si");
        final String imei = fields.get("ei");
        final String error = AmlFields.firstError(AmlFields.networkCodeError("mcc", mcc, 3, 3),
            AmlFields.networkCodeError("mnc", mnc, 2, 3), AmlFields.imsiError("si", imsi), AmlFields.imeiError("ei", imei));
        if (null != error)
        {
            return bad(error);
        }
        final String top = fields.get("top");
        long fixTimeNs = 0;
        if (!(top.isEmpty() && null == method))
        {
            fixTimeNs = AmlFields.timeOfPositioning(top);
            if (fixTimeNs == AmlFields.NOT_A_TIME)
            {
                return bad("top: " + AmlFields.quote(top) + " is not a UTC time yyyyMMddHHmmss");
            }
            fixTimeNs = AmlFields.plausibleTime(fixTimeNs, nowNs);
        }
        final ParsedLocation location;
        if (null == method)
        {
            final String noFixError = noFixError(fields.get("lt"), fields.get("lg"), fields.get("rd"), fields.get("lc"));
            if (null != noFixError)
            {
                return bad(noFixError);
            }
            location = noFix();
        }
        else
        {
            location = fix(fields, method);
            if (!location.usable())
            {
                return AmlMessage.invalid(FixSource.AML_SMS, location.detail(), location.problem());
            }
        }
        return new AmlMessage(location, FixSource.AML_SMS, originator, AmlFields.emptyToNull(imsi), AmlFields.emptyToNull(imei), mcc,
            mnc, fixTimeNs, null, originatorAsReceived);
    }

    /** @return the method of a {@code pm} value; null for N (no fix) and for a value that is none of G, W, C, N. */
    private static LocationMethod method(final String pm)
    {
        switch (pm)
        {
            case "G":
                return LocationMethod.GNSS;
            case "W":
                return LocationMethod.WIFI;
            case "C":
                return LocationMethod.CELL;
            default:
                return null;
        }
    }

    /** @return the error of a no-fix message's position fields, which may be empty or N but not malformed; null when none. */
    private static String noFixError(final String lt, final String lg, final String rd, final String lc)
    {
        if (!lt.isEmpty() && AmlFields.microDegrees(lt) == AmlFields.NOT_A_NUMBER)
        {
            return "lt: " + AmlFields.quote(lt) + " is not a decimal latitude";
        }
        if (!lg.isEmpty() && AmlFields.microDegrees(lg) == AmlFields.NOT_A_NUMBER)
        {
            return "lg: " + AmlFields.quote(lg) + " is not a decimal longitude";
        }
        if (!rd.isEmpty() && !rd.equals("N") && Double.isNaN(AmlFields.decimal(rd)))
        {
            return "rd: " + AmlFields.quote(rd) + " is not a radius";
        }
        if (!lc.isEmpty() && !AmlFields.digits(lc, 1, 3))
        {
            return "lc: " + AmlFields.quote(lc) + " is not a percentage";
        }
        return null;
    }

    /** @return the fix of lt, lg, rd and lc: usable, or unusable with the error. */
    private static ParsedLocation fix(final Map<String, String> fields, final LocationMethod method)
    {
        final AmlFix fix = new AmlFix();
        ParsedLocation problem = fix.position("lt", fields.get("lt"), "lg", fields.get("lg"));
        if (null == problem)
        {
            problem = fix.radius("rd", fields.get("rd"));
        }
        if (null != problem)
        {
            return problem;
        }
        final String lc = fields.get("lc");
        if (!AmlFields.digits(lc, 1, 3) || Integer.parseInt(lc) < 1 || Integer.parseInt(lc) > 100)
        {
            return AmlFix.problem(LocationProblem.BAD_FIELD, "lc: " + AmlFields.quote(lc) + " is not a confidence in 1..100 percent");
        }
        final int confidence = Integer.parseInt(lc);
        return fix.circle(method, confidence, confidence);
    }

    static ParsedLocation noFix()
    {
        return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_FIX, "the handset reported no position");
    }

    private static AmlMessage bad(final String error)
    {
        return AmlMessage.invalid(FixSource.AML_SMS, error, LocationProblem.BAD_FIELD);
    }
}
