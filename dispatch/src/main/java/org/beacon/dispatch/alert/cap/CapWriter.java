package org.beacon.dispatch.alert.cap;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a {@link CapAlert} as CAP 1.2 XML, the same characters for the same alert and zone: fixed element order (the
 * standard's), no attributes but the default namespace, two-space indentation, {@code \n} line ends, latitudes and
 * longitudes with 6 decimals, radii with 3 (half-up), times as {@code uuuu-MM-dd'T'HH:mm:ss±hh:mm} in whole seconds.
 *
 * <p>UTC is written {@code -00:00}, never {@code Z}, as CAP 1.2 section 3.3.2 requires. Text is escaped ({@code & < > " '}
 * and carriage return); a character XML 1.0 cannot carry (most control characters, unpaired surrogates) is a
 * programming error and throws {@link IllegalArgumentException}, as does a non-finite number. Geometry is written as
 * given, even when out of range or unclosed: {@link CapValidator} is where such alerts are refused.
 */
public final class CapWriter
{
    /** The CAP 1.2 namespace. */
    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    /**
     * The zone times are written in unless another is given: Vietnam's offset, UTC+07:00 (no daylight saving since
     * 1975). A fixed offset rather than the region {@code Asia/Ho_Chi_Minh}: the state machine writes CAP text, and it
     * must not depend on the time-zone database of the JDK it replays on.
     */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.ofHours(7);

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);
    private static final String INDENT = "  ";

    private CapWriter()
    {
    }

    /**
     * Writes an alert with times in {@link #DEFAULT_ZONE}.
     *
     * @param alert the alert.
     * @return the XML document, with an XML declaration naming UTF-8.
     */
    public static String write(final CapAlert alert)
    {
        return write(alert, DEFAULT_ZONE);
    }

    /**
     * Writes an alert as UTF-8 bytes with times in {@link #DEFAULT_ZONE}.
     *
     * @param alert the alert.
     * @return the encoded XML document.
     */
    public static byte[] writeUtf8(final CapAlert alert)
    {
        return write(alert).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes an alert.
     *
     * @param alert the alert.
     * @param zone  the zone whose offset the times are written with.
     * @return the XML document, with an XML declaration naming UTF-8.
     */
    public static String write(final CapAlert alert, final ZoneId zone)
    {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(zone, "zone");
        final StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<alert xmlns=\"").append(NAMESPACE).append("\">\n");
        final int depth = 1;
        element(out, depth, "identifier", alert.identifier());
        element(out, depth, "sender", alert.sender());
        element(out, depth, "sent", time(alert.sent(), zone));
        element(out, depth, "status", alert.status().token());
        element(out, depth, "msgType", alert.msgType().token());
        element(out, depth, "source", alert.source());
        element(out, depth, "scope", alert.scope().token());
        element(out, depth, "restriction", alert.restriction());
        element(out, depth, "addresses", alert.addresses());
        for (final String code : alert.codes())
        {
            element(out, depth, "code", code);
        }
        element(out, depth, "note", alert.note());
        element(out, depth, "references", references(alert.references(), zone));
        element(out, depth, "incidents", alert.incidents());
        for (final CapInfo info : alert.infos())
        {
            info(out, depth, info, zone);
        }
        out.append("</alert>\n");
        return out.toString();
    }

    /**
     * Formats a time the way CAP wants it: whole seconds, numeric offset, {@code -00:00} for UTC.
     *
     * @param time the time.
     * @param zone the zone whose offset is used.
     * @return the text, e.g. {@code 2024-01-31T17:17:48+07:00}.
     */
    public static String time(final Instant time, final ZoneId zone)
    {
        final ZonedDateTime local = time.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        final String offset = local.getOffset().getTotalSeconds() == 0 ? "-00:00" : OFFSET.format(local);
        return LOCAL_TIME.format(local) + offset;
    }

    /**
     * Formats references as the standard's space-separated {@code sender,identifier,sent} triples.
     *
     * @param references the references.
     * @param zone       the zone the times are written in.
     * @return the text, or {@code null} when there are none.
     */
    public static String references(final List<CapReference> references, final ZoneId zone)
    {
        if (references.isEmpty())
        {
            return null;
        }
        final StringBuilder text = new StringBuilder();
        for (final CapReference reference : references)
        {
            if (text.length() > 0)
            {
                text.append(' ');
            }
            text.append(reference.sender()).append(',').append(reference.identifier()).append(',').append(time(reference.sent(), zone));
        }
        return text.toString();
    }

    private static void info(final StringBuilder out, final int depth, final CapInfo info, final ZoneId zone)
    {
        open(out, depth, "info");
        final int inner = depth + 1;
        element(out, inner, "language", info.language());
        for (final CapCategory category : info.categories())
        {
            element(out, inner, "category", category.token());
        }
        element(out, inner, "event", info.event());
        for (final CapResponseType responseType : info.responseTypes())
        {
            element(out, inner, "responseType", responseType.token());
        }
        element(out, inner, "urgency", info.urgency().token());
        element(out, inner, "severity", info.severity().token());
        element(out, inner, "certainty", info.certainty().token());
        element(out, inner, "audience", info.audience());
        values(out, inner, "eventCode", info.eventCodes());
        element(out, inner, "effective", null == info.effective() ? null : time(info.effective(), zone));
        element(out, inner, "onset", null == info.onset() ? null : time(info.onset(), zone));
        element(out, inner, "expires", null == info.expires() ? null : time(info.expires(), zone));
        element(out, inner, "senderName", info.senderName());
        element(out, inner, "headline", info.headline());
        element(out, inner, "description", info.description());
        element(out, inner, "instruction", info.instruction());
        element(out, inner, "web", info.web());
        element(out, inner, "contact", info.contact());
        values(out, inner, "parameter", info.parameters());
        for (final CapResource resource : info.resources())
        {
            open(out, inner, "resource");
            element(out, inner + 1, "resourceDesc", resource.resourceDesc());
            element(out, inner + 1, "mimeType", resource.mimeType());
            element(out, inner + 1, "size", null == resource.size() ? null : Long.toString(resource.size()));
            element(out, inner + 1, "uri", resource.uri());
            element(out, inner + 1, "derefUri", resource.derefUri());
            element(out, inner + 1, "digest", resource.digest());
            close(out, inner, "resource");
        }
        for (final CapArea area : info.areas())
        {
            area(out, inner, area);
        }
        close(out, depth, "info");
    }

    private static void area(final StringBuilder out, final int depth, final CapArea area)
    {
        open(out, depth, "area");
        final int inner = depth + 1;
        element(out, inner, "areaDesc", area.areaDesc());
        for (final List<double[]> polygon : area.polygons())
        {
            final StringBuilder text = new StringBuilder(polygon.size() * 24);
            for (final double[] point : polygon)
            {
                if (text.length() > 0)
                {
                    text.append(' ');
                }
                text.append(fixed(point[0], 6)).append(',').append(fixed(point[1], 6));
            }
            element(out, inner, "polygon", text.toString());
        }
        for (final CapCircle circle : area.circles())
        {
            element(out, inner, "circle", fixed(circle.lat(), 6) + ',' + fixed(circle.lon(), 6) + ' ' + fixed(circle.radiusKm(), 3));
        }
        values(out, inner, "geocode", area.geocodes());
        element(out, inner, "altitude", null == area.altitude() ? null : plain(area.altitude()));
        element(out, inner, "ceiling", null == area.ceiling() ? null : plain(area.ceiling()));
        close(out, depth, "area");
    }

    private static void values(final StringBuilder out, final int depth, final String name, final List<CapValue> values)
    {
        for (final CapValue value : values)
        {
            open(out, depth, name);
            element(out, depth + 1, "valueName", value.valueName());
            element(out, depth + 1, "value", value.value());
            close(out, depth, name);
        }
    }

    private static String fixed(final double value, final int decimals)
    {
        requireFinite(value);
        final String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        // -0.0 and tiny negatives round to "-0.000000"; one spelling for zero keeps the bytes stable.
        return text.startsWith("-") && text.chars().noneMatch(c -> c >= '1' && c <= '9') ? text.substring(1) : text;
    }

    private static String plain(final double value)
    {
        requireFinite(value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void requireFinite(final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("CAP numbers must be finite, got " + value);
        }
    }

    private static void open(final StringBuilder out, final int depth, final String name)
    {
        indent(out, depth).append('<').append(name).append(">\n");
    }

    private static void close(final StringBuilder out, final int depth, final String name)
    {
        indent(out, depth).append("</").append(name).append(">\n");
    }

    private static void element(final StringBuilder out, final int depth, final String name, final String text)
    {
        if (null == text)
        {
            return;
        }
        indent(out, depth).append('<').append(name).append('>');
        escape(out, text);
        out.append("</").append(name).append(">\n");
    }

    private static StringBuilder indent(final StringBuilder out, final int depth)
    {
        for (int i = 0; i < depth; i++)
        {
            out.append(INDENT);
        }
        return out;
    }

    /**
     * Appends text escaped for XML character data or attribute values.
     *
     * @param out  where to append.
     * @param text the text.
     * @throws IllegalArgumentException when the text holds a character XML 1.0 cannot carry.
     */
    static void escape(final StringBuilder out, final String text)
    {
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                case '\n', '\t' -> out.append(c);
                default ->
                {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
                    {
                        throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " cannot be written in XML 1.0");
                    }
                    if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)))
                    {
                        out.append(c).append(text.charAt(++i));
                    }
                    else if (Character.isSurrogate(c))
                    {
                        throw new IllegalArgumentException("unpaired surrogate U+" + Integer.toHexString(c) + " at " + i);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
    }
}
