package org.beacon.dispatch.location;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * The value of a SIP {@code Geolocation} header (RFC 6442): a comma-separated list of
 * {@code <URI>} entries, each with optional {@code ;name=value} parameters. A {@code cid:} URI points
 * at a body part of the same request (location by value, matched against the part's
 * {@code Content-ID}); a {@code sip:}, {@code sips:}, {@code pres:}, {@code http:} or {@code https:}
 * URI is location by reference. Parsing never throws: a broken value gives the entries read before
 * the fault and an {@link #error()}.
 */
public final class GeolocationHeader
{
    /** Longest header value read, characters. */
    public static final int MAX_VALUE_LENGTH = 8192;
    /** Most entries read. */
    public static final int MAX_ENTRIES = 16;

    /**
     * One {@code <URI>;params} entry.
     *
     * @param uri        the URI between the angle brackets, as written.
     * @param scheme     its scheme, lower case.
     * @param parameters its parameters in order, names lower case; a parameter without a value maps to "".
     */
    public record Entry(String uri, String scheme, Map<String, String> parameters)
    {
        /** @return whether the URI points at a body part of the same message. */
        public boolean isCid()
        {
            return "cid".equals(scheme);
        }

        /** @return whether the URI is a location reference to dereference. */
        public boolean isByReference()
        {
            switch (scheme)
            {
                case "sip":
                case "sips":
                case "pres":
                case "http":
                case "https":
                    return true;
                default:
                    return false;
            }
        }
    }

    private static final GeolocationHeader EMPTY = new GeolocationHeader(List.of(), null);

    private final List<Entry> entries;
    private final String error;

    private GeolocationHeader(final List<Entry> entries, final String error)
    {
        this.entries = entries;
        this.error = error;
    }

    /**
     * Parses a header value (without the {@code Geolocation:} name). Several header lines are joined
     * with commas by the caller, as SIP allows.
     *
     * @param value the value; null or blank gives no entries.
     * @return the entries and, when the value is broken, the error.
     */
    public static GeolocationHeader parse(final String value)
    {
        if (null == value || value.isBlank())
        {
            return EMPTY;
        }
        if (value.length() > MAX_VALUE_LENGTH)
        {
            return new GeolocationHeader(List.of(), "Geolocation value of " + value.length() + " characters exceeds " + MAX_VALUE_LENGTH);
        }
        final List<Entry> entries = new ArrayList<>(2);
        final int n = value.length();
        int i = 0;
        while (true)
        {
            i = skipSpace(value, i);
            if (i >= n)
            {
                return done(entries, entries.isEmpty() ? "no entry" : "trailing comma");
            }
            if (entries.size() == MAX_ENTRIES)
            {
                return done(entries, "more than " + MAX_ENTRIES + " entries");
            }
            if (value.charAt(i) != '<')
            {
                return done(entries, "entry " + (entries.size() + 1) + " does not start with '<'");
            }
            final int close = value.indexOf('>', i + 1);
            if (close < 0)
            {
                return done(entries, "entry " + (entries.size() + 1) + " has no closing '>'");
            }
            final String uri = value.substring(i + 1, close).trim();
            final int colon = uri.indexOf(':');
            if (colon <= 0 || uri.length() == colon + 1 || !validUri(uri))
            {
                return done(entries, "entry " + (entries.size() + 1) + " is not a URI");
            }
            final String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
            final Map<String, String> parameters = new LinkedHashMap<>(2);
            i = skipSpace(value, close + 1);
            while (i < n && value.charAt(i) == ';')
            {
                final int end = parameterEnd(value, i + 1);
                if (end < 0)
                {
                    return done(entries, "unterminated quoted parameter");
                }
                final String parameter = value.substring(i + 1, end).trim();
                final int eq = parameter.indexOf('=');
                final String name = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty())
                {
                    return done(entries, "empty parameter name");
                }
                parameters.put(name, eq < 0 ? "" : unquote(parameter.substring(eq + 1).trim()));
                i = end;
            }
            entries.add(new Entry(uri, scheme, Collections.unmodifiableMap(parameters)));
            i = skipSpace(value, i);
            if (i >= n)
            {
                return done(entries, null);
            }
            if (value.charAt(i) != ',')
            {
                return done(entries, "unexpected character after entry " + entries.size());
            }
            i++;
        }
    }

    private static GeolocationHeader done(final List<Entry> entries, final String error)
    {
        return new GeolocationHeader(Collections.unmodifiableList(entries), error);
    }

    private static boolean validUri(final String uri)
    {
        for (int i = 0; i < uri.length(); i++)
        {
            final char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '<' || c == '"')
            {
                return false;
            }
        }
        return true;
    }

    private static int parameterEnd(final String value, final int from)
    {
        boolean quoted = false;
        for (int i = from; i < value.length(); i++)
        {
            final char c = value.charAt(i);
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
            else if (c == ';' || c == ',')
            {
                return i;
            }
        }
        return quoted ? -1 : value.length();
    }

    private static String unquote(final String value)
    {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"')
        {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static int skipSpace(final String value, final int from)
    {
        int i = from;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == '\r' ||
            value.charAt(i) == '\n'))
        {
            i++;
        }
        return i;
    }

    /** @return every entry read, in order. */
    public List<Entry> entries()
    {
        return entries;
    }

    /** @return what was wrong with the value, or null when it parsed whole. */
    public String error()
    {
        return error;
    }

    /**
     * The Content-IDs the header points at, decoded from the {@code cid:} URLs (RFC 2392), to match
     * against the {@code Content-ID} of the body parts.
     *
     * @return the content ids, without angle brackets, in header order.
     */
    public List<String> cidReferences()
    {
        final List<String> cids = new ArrayList<>(1);
        for (final Entry entry : entries)
        {
            if (entry.isCid())
            {
                cids.add(percentDecode(entry.uri().substring(4)));
            }
        }
        return cids;
    }

    /** @return the location-by-reference URIs, in header order. */
    public List<String> byReferenceUris()
    {
        final List<String> uris = new ArrayList<>(1);
        for (final Entry entry : entries)
        {
            if (entry.isByReference())
            {
                uris.add(entry.uri());
            }
        }
        return uris;
    }

    /**
     * Whether a body part's {@code Content-ID} header value is the one a {@code cid:} reference names.
     *
     * @param contentId    the reference, as {@link #cidReferences()} gives it.
     * @param contentIdHeader the body part's Content-ID value, e.g. {@code <abc@example.com>}.
     * @return whether they name the same part.
     */
    public static boolean matchesContentId(final String contentId, final String contentIdHeader)
    {
        if (null == contentId || null == contentIdHeader)
        {
            return false;
        }
        String id = contentIdHeader.trim();
        if (id.length() >= 2 && id.charAt(0) == '<' && id.charAt(id.length() - 1) == '>')
        {
            id = id.substring(1, id.length() - 1).trim();
        }
        return id.equals(contentId);
    }

    /**
     * The location to journal when the header gives only a reference: marked {@code BY_REFERENCE},
     * with the first reference URI kept.
     *
     * @return the by-reference location, or null when the header holds no reference.
     */
    public ParsedLocation byReferenceLocation()
    {
        final List<String> uris = byReferenceUris();
        if (uris.isEmpty())
        {
            return null;
        }
        return new ParsedLocation(LocationQuality.BY_REFERENCE, LocationProblem.BY_REFERENCE_ONLY, LocationShape.NONE,
            LocationMethod.UNKNOWN, 0, 0, 0, 0, uris.get(0), "location by reference, not dereferenced");
    }

    private static String percentDecode(final String text)
    {
        if (text.indexOf('%') < 0)
        {
            return text;
        }
        final byte[] out = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0)
            {
                out[n++] = (byte)(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            }
            else
            {
                out[n++] = (byte)c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(final char c)
    {
        return Character.digit(c, 16);
    }
}
