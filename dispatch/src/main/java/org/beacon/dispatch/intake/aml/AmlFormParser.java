package org.beacon.dispatch.intake.aml;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.dispatch.intake.CallerNumbers;
import org.beacon.dispatch.location.ParsedLocation;

/**
 * Reads the HTTPS form of Advanced Mobile Location: an {@code application/x-www-form-urlencoded} POST
 * body with the field names of the ETSI TS 103 625 / EENA HTTPS interface as handsets send them
 * (the Android Emergency Location Service uses the same names):
 *
 * <ul>
 *   <li>{@code v}: version (optional, digits);</li>
 *   <li>{@code emergency_number}: the number dialled (optional, digits);</li>
 *   <li>{@code location_latitude}, {@code location_longitude}: decimal degrees; both absent or empty
 *       means no fix;</li>
 *   <li>{@code location_accuracy}: radius in metres at {@code location_confidence} (percent, or a
 *       fraction in (0, 1]; default 68, the confidence handset accuracy figures are stated at);
 *       rescaled to 95% as a bivariate normal. Without accuracy the fix is kept as a POINT with
 *       uncertainty 0 (none stated);</li>
 *   <li>{@code location_time}: time of the fix, milliseconds since the epoch;</li>
 *   <li>{@code location_source}: gps / gnss / G, wifi / W, cell / C, fused / hybrid, unknown, or
 *       none / N (no fix);</li>
 *   <li>{@code device_number} (MSISDN), {@code device_imei}, {@code device_imsi}: at least one is required
 *       so the fix can be matched to a call;</li>
 *   <li>{@code cell_network_mcc}, {@code cell_network_mnc} (falling back to {@code cell_home_mcc},
 *       {@code cell_home_mnc}).</li>
 * </ul>
 * Other fields (altitude, floor, bearing, device model...) are accepted and ignored. A field given
 * twice is an error. Never throws.
 */
public final class AmlFormParser
{
    /** Largest body read, bytes. */
    public static final int MAX_LENGTH = 8 * 1024;
    /** Most fields read. */
    public static final int MAX_FIELDS = 64;
    /** Confidence assumed when the form states none: handset accuracy radii are 68% figures. */
    public static final int DEFAULT_CONFIDENCE_PCT = 68;

    private AmlFormParser()
    {
    }

    /**
     * Parses a form body.
     *
     * @param body the URL-encoded body.
     * @return the message, with {@link AmlMessage#error()} set when invalid.
     */
    public static AmlMessage parse(final String body)
    {
        return parse(body, AmlFields.NO_CLOCK);
    }

    /**
     * Parses a form body as the gateway does: a {@code location_time} more than a day from the gateway's clock (or one
     * nanoseconds since the epoch cannot hold) is journaled as {@link AmlMessage#TIME_UNUSABLE}, the fix kept.
     *
     * @param body  the URL-encoded body.
     * @param nowNs the gateway's clock, nanoseconds since the epoch.
     * @return the message, with {@link AmlMessage#error()} set when invalid.
     */
    public static AmlMessage parse(final String body, final long nowNs)
    {
        if (null == body || body.isBlank())
        {
            return bad("body: empty");
        }
        if (body.length() > MAX_LENGTH)
        {
            return bad("body: longer than " + MAX_LENGTH + " characters");
        }
        final Map<String, String> fields = new LinkedHashMap<>(32);
        final String[] pairs = body.trim().split("&", -1);
        if (pairs.length > MAX_FIELDS)
        {
            return bad("body: more than " + MAX_FIELDS + " fields");
        }
        for (final String pair : pairs)
        {
            if (pair.isEmpty())
            {
                continue;
            }
            final int eq = pair.indexOf('=');
            final String key;
            final String value;
            try
            {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
            }
            catch (final IllegalArgumentException ex)
            {
                return bad("body: malformed URL encoding");
            }
            if (key.isEmpty())
            {
                return bad("body: a field without a name");
            }
            if (null != fields.put(key, value))
            {
                return bad(AmlFields.quote(key) + ": given twice");
            }
        }
        return fields(fields, nowNs);
    }

    private static AmlMessage fields(final Map<String, String> fields, final long nowNs)
    {
        final String version = fields.getOrDefault("v", "");
        if (!version.isEmpty() && !AmlFields.digits(version, 1, 3))
        {
            return bad("v: " + AmlFields.quote(version) + " is not a version number");
        }
        final String emergencyNumber = fields.getOrDefault("emergency_number", "");
        if (!emergencyNumber.isEmpty() && !AmlFields.digits(emergencyNumber, 2, 8))
        {
            return bad("emergency_number: " + AmlFields.quote(emergencyNumber) + " is not a short number");
        }
        final String numberAsReceived = AmlFields.emptyToNull(fields.get("device_number"));
        final String number = CallerNumbers.normalise(numberAsReceived);
        final String imei = AmlFields.emptyToNull(fields.get("device_imei"));
        final String imsi = AmlFields.emptyToNull(fields.get("device_imsi"));
        final String deviceError = AmlFields.firstError(
            null != number && !AmlFields.phoneNumber(number) ? "device_number: not a phone number" : null,
            AmlFields.imeiError("device_imei", imei), AmlFields.imsiError("device_imsi", imsi));
        if (null != deviceError)
        {
            return bad(deviceError);
        }
        if (null == number && null == imei && null == imsi)
        {
            return bad("device_number: missing, and no device_imei or device_imsi either: the fix could not be matched to a call");
        }
        String mcc = AmlFields.emptyToNull(fields.get("cell_network_mcc"));
        String mnc = AmlFields.emptyToNull(fields.get("cell_network_mnc"));
        if (null == mcc && null == mnc)
        {
            mcc = AmlFields.emptyToNull(fields.get("cell_home_mcc"));
            mnc = AmlFields.emptyToNull(fields.get("cell_home_mnc"));
        }
        final String networkError = AmlFields.firstError(AmlFields.networkCodeError("cell_network_mcc", mcc, 3, 3),
            AmlFields.networkCodeError("cell_network_mnc", mnc, 2, 3));
        if (null != networkError)
        {
            return bad(networkError);
        }
        long fixTimeNs = 0;
        final String time = AmlFields.emptyToNull(fields.get("location_time"));
        if (null != time)
        {
            if (!AmlFields.digits(time, 1, 15))
            {
                return bad("location_time: " + AmlFields.quote(time) + " is not milliseconds since the epoch");
            }
            fixTimeNs = AmlFields.plausibleTime(AmlFields.millisToNanos(Long.parseLong(time)), nowNs);
        }
        final String source = fields.getOrDefault("location_source", "").toLowerCase(Locale.ROOT);
        final LocationMethod method = method(source);
        if (null == method)
        {
            return bad("location_source: " + AmlFields.quote(source) + " is not gps, wifi, cell, fused, unknown or none");
        }
        final boolean noFix = source.equals("none") || source.equals("n");
        final String lt = fields.getOrDefault("location_latitude", "");
        final String lg = fields.getOrDefault("location_longitude", "");
        if (lt.isEmpty() != lg.isEmpty())
        {
            return bad((lt.isEmpty() ? "location_latitude" : "location_longitude") + ": missing while the other coordinate is given");
        }
        final ParsedLocation location;
        if (noFix || lt.isEmpty())
        {
            location = AmlSmsParser.noFix();
        }
        else
        {
            final ParsedLocation fix = fix(fields, lt, lg, method);
            if (!fix.usable())
            {
                return AmlMessage.invalid(FixSource.AML_HTTPS, fix.detail(), fix.problem());
            }
            location = fix;
        }
        return new AmlMessage(location, FixSource.AML_HTTPS, number, imsi, imei, mcc, mnc, fixTimeNs, null, numberAsReceived);
    }

    /** @return the method of a {@code location_source} value (lower case); null when it names none. */
    private static LocationMethod method(final String source)
    {
        switch (source)
        {
            case "gps":
            case "gnss":
            case "g":
                return LocationMethod.GNSS;
            case "wifi":
            case "wi-fi":
            case "w":
                return LocationMethod.WIFI;
            case "cell":
            case "c":
                return LocationMethod.CELL;
            case "fused":
            case "hybrid":
                return LocationMethod.HYBRID;
            case "":
            case "unknown":
            case "none":
            case "n":
                return LocationMethod.UNKNOWN;
            default:
                return null;
        }
    }

    private static ParsedLocation fix(final Map<String, String> fields, final String lt, final String lg, final LocationMethod method)
    {
        final AmlFix fix = new AmlFix();
        final ParsedLocation position = fix.position("location_latitude", lt, "location_longitude", lg);
        if (null != position)
        {
            return position;
        }
        double confidence = DEFAULT_CONFIDENCE_PCT;
        final String conf = AmlFields.emptyToNull(fields.get("location_confidence"));
        if (null != conf)
        {
            final double value = AmlFields.decimal(conf);
            if (!(value > 0.0 && value <= 100.0))
            {
                return AmlFix.problem(LocationProblem.BAD_FIELD, "location_confidence: " + AmlFields.quote(conf) +
                    " is not a confidence in (0, 1] or (1, 100] percent");
            }
            confidence = value <= 1.0 ? value * 100.0 : value;
        }
        final String accuracy = AmlFields.emptyToNull(fields.get("location_accuracy"));
        if (null == accuracy)
        {
            return fix.point(method, "no accuracy given");
        }
        final ParsedLocation radius = fix.radius("location_accuracy", accuracy);
        if (null != radius)
        {
            return radius;
        }
        return fix.circle(method, confidence, (int)StrictMath.round(confidence));
    }

    private static AmlMessage bad(final String error)
    {
        return AmlMessage.invalid(FixSource.AML_HTTPS, error, LocationProblem.BAD_FIELD);
    }
}
