package org.beacon.dispatch.location;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLStreamException;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * Reads a PIDF-LO body (RFC 4119 with the shapes of RFC 5491 and the confidence of RFC 7459) into one
 * {@link ParsedLocation}: a representative point and a radius at 95% confidence.
 *
 * <p>Safety: the body is limited to {@link #MAX_BODY_LENGTH} bytes; StAX runs without DTDs or entities
 * (no XXE, no entity expansion) and with limits on depth and element count. Bad input never throws:
 * it comes back as an unusable location with the reason.
 *
 * <p>Reduction of each shape (all trigonometry through {@link StrictMath}):
 * <ul>
 *   <li>Point: the point, uncertainty 0 (none stated); ranked after every shape that states one.</li>
 *   <li>Circle, Sphere: the centre; radius rescaled from the declared confidence (default 95) to 95%.</li>
 *   <li>Ellipse, Ellipsoid: the centre; the semi-major axis as radius, rescaled.</li>
 *   <li>Polygon, Prism: the area centroid (on a plane tangent at the first vertex); radius to the
 *       farthest vertex, only ever rescaled upwards (the circle already covers the whole polygon).</li>
 *   <li>ArcBand: the middle of the band (mid radius on the bisecting bearing); radius to the farthest
 *       corner, which for an opening up to 360 degrees is the farthest point of the band; rescaled upwards only.</li>
 * </ul>
 * 3D shapes are reduced to their horizontal extent; the 2D projection of a 3D region holds at least the
 * region's confidence, so the radius is rescaled as if it held exactly that (never understated).
 * Coordinates must be in EPSG 4326 or 4979 (latitude first); anything else is {@code UNSUPPORTED_CRS}.
 * Several shapes: the usable one with the smallest 95% radius wins, document order breaking ties.
 */
public final class PidfLoParser
{
    /** Largest body accepted, bytes. A PIDF-LO with a detailed polygon is a few kilobytes. */
    public static final int MAX_BODY_LENGTH = 64 * 1024;
    /** Most polygon vertices accepted. */
    public static final int MAX_VERTICES = 1024;
    /** Largest radius or axis accepted, metres: half the Earth's circumference. */
    public static final double MAX_DISTANCE_M = 20_037_509.0;

    static final String NS_PIDF = "urn:ietf:params:xml:ns:pidf";
    static final String NS_GEOPRIV = "urn:ietf:params:xml:ns:pidf:geopriv10";
    static final String NS_GML = "http://www.opengis.net/gml";
    static final String NS_GEOSHAPE = "http://www.opengis.net/pidflo/1.0";
    static final String NS_CONF = "urn:ietf:params:xml:ns:geopriv:conf";
    static final String NS_CIVIC = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";

    private PidfLoParser()
    {
    }

    /**
     * Parses a PIDF-LO body. Never throws on bad input.
     *
     * @param body   bytes holding the {@code application/pidf+xml} body part.
     * @param offset where the body starts.
     * @param length of the body.
     * @return the location: usable, or unusable with the problem and a short reason.
     */
    public static ParsedLocation parse(final byte[] body, final int offset, final int length)
    {
        if (null == body || length <= 0)
        {
            return missing(LocationProblem.NO_LOCATION, "empty location body");
        }
        if (offset < 0 || offset > body.length - length)
        {
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE, "location body bounds outside the buffer");
        }
        if (length > MAX_BODY_LENGTH)
        {
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE,
                "location body of " + length + " bytes exceeds the " + MAX_BODY_LENGTH + "-byte limit");
        }
        final XmlElement root;
        try
        {
            root = XmlElement.read(body, offset, length);
        }
        catch (final XMLStreamException ex)
        {
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE, describe(ex));
        }
        catch (final XmlElement.LimitException ex)
        {
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            // a parser bug must not take the call down with it
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE, "XML parser failure: " + ex.getClass().getSimpleName());
        }
        try
        {
            return interpret(root);
        }
        catch (final RuntimeException ex)
        {
            return unusable(LocationProblem.BAD_FIELD, LocationShape.NONE, "location could not be interpreted: " +
                ex.getClass().getSimpleName());
        }
    }

    /**
     * Parses a whole array as a PIDF-LO body.
     *
     * @return the location.
     */
    public static ParsedLocation parse(final byte[] body)
    {
        return parse(body, 0, null == body ? 0 : body.length);
    }

    private static ParsedLocation interpret(final XmlElement root)
    {
        if (!root.is(NS_PIDF, "presence"))
        {
            return unusable(LocationProblem.MALFORMED_XML, LocationShape.NONE,
                "root element " + root.displayName() + " is not a PIDF presence (" + NS_PIDF + ")");
        }
        final List<XmlElement> geoprivs = new ArrayList<>(2);
        root.collect(NS_GEOPRIV, "geopriv", geoprivs);
        final List<Candidate> candidates = new ArrayList<>(2);
        boolean civic = false;
        for (final XmlElement geopriv : geoprivs)
        {
            final XmlElement methodElement = geopriv.child(NS_GEOPRIV, "method");
            final LocationMethod method = null == methodElement ? LocationMethod.UNKNOWN : method(methodElement.text());
            for (final XmlElement info : geopriv.children(NS_GEOPRIV, "location-info"))
            {
                final XmlElement confidence = info.child(NS_CONF, "confidence");
                for (final XmlElement shape : info.children)
                {
                    if (shape == confidence)
                    {
                        continue;
                    }
                    if (shape.namespace.equals(NS_CIVIC))
                    {
                        civic = true;
                        continue;
                    }
                    candidates.add(new Candidate(PidfShapes.evaluate(shape, confidence, method), candidates.size()));
                }
            }
        }
        Candidate best = null;
        for (final Candidate candidate : candidates)
        {
            if (candidate.location.usable() && (null == best || candidate.rank() < best.rank()))
            {
                best = candidate;
            }
        }
        if (null != best)
        {
            return best.location;
        }
        if (!candidates.isEmpty())
        {
            return candidates.get(0).location;
        }
        if (geoprivs.isEmpty())
        {
            return missing(LocationProblem.NO_LOCATION, "no geopriv element (" + NS_GEOPRIV + ") in the PIDF document");
        }
        return missing(LocationProblem.NO_LOCATION, civic ? "civic address only, no geodetic shape" : "no location-info shape");
    }

    /**
     * Maps a {@code gp:method} token (IANA Method Tokens registry, and common variants) to a method.
     *
     * @param token the element's text.
     * @return the method, UNKNOWN when the token names none Beacon tells apart.
     */
    public static LocationMethod method(final String token)
    {
        switch (token.trim().toLowerCase(Locale.ROOT))
        {
            case "gps":
            case "a-gps":
            case "agps":
            case "gnss":
            case "a-gnss":
            case "agnss":
                return LocationMethod.GNSS;
            case "802.11":
            case "wifi":
            case "wi-fi":
            case "wlan":
                return LocationMethod.WIFI;
            case "cell":
            case "triangulation":
            case "e-cid":
            case "ecid":
            case "otdoa":
            case "u-tdoa":
            case "aoa":
                return LocationMethod.CELL;
            case "manual":
                return LocationMethod.MANUAL;
            case "hybrid":
                return LocationMethod.HYBRID;
            default:
                return LocationMethod.UNKNOWN;
        }
    }

    // ---------------------------------------------------------------- results

    static ParsedLocation usable(
        final LocationShape shape, final LocationMethod method, final double lat, final double lon, final long uncertaintyM,
        final int confidencePct, final String detail)
    {
        final int latMicros = Geodesy.toMicros(lat);
        final int lonMicros = Geodesy.toMicros(lon);
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || StrictMath.abs(latMicros) > 90_000_000 ||
            StrictMath.abs(lonMicros) > 180_000_000)
        {
            return unusable(LocationProblem.OUT_OF_RANGE, shape, "the reduced point falls outside the globe");
        }
        if (uncertaintyM < 0 || uncertaintyM > 0xFFFF_FFFFL)
        {
            return unusable(LocationProblem.OUT_OF_RANGE, shape, "uncertainty " + uncertaintyM + " m out of range");
        }
        return new ParsedLocation(LocationQuality.USABLE, LocationProblem.NONE, shape, method, latMicros, lonMicros,
            uncertaintyM, confidencePct, null, detail);
    }

    static ParsedLocation unusable(final LocationProblem problem, final LocationShape shape, final String detail)
    {
        return new ParsedLocation(LocationQuality.UNUSABLE, problem, shape, LocationMethod.UNKNOWN, 0, 0, 0, 0, null, detail);
    }

    private static ParsedLocation missing(final LocationProblem problem, final String detail)
    {
        return ParsedLocation.unusable(LocationQuality.MISSING, problem, detail);
    }

    private static String describe(final XMLStreamException ex)
    {
        final javax.xml.stream.Location at = ex.getLocation();
        String message = ex.getMessage();
        if (null != message)
        {
            final int cut = message.indexOf("Message: ");
            message = cut >= 0 ? message.substring(cut + 9) : message;
        }
        final String where = null == at ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        return "malformed XML" + where + (null == message ? "" : ": " + printable(message, 120));
    }

    /**
     * Keeps diagnostics short and printable: control characters become '?', the text is cut at a limit.
     *
     * @return the cleaned text.
     */
    static String printable(final String text, final int max)
    {
        final StringBuilder out = new StringBuilder(StrictMath.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && out.length() < max; i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > max)
        {
            out.append("...");
        }
        return out.toString();
    }

    /** One shape found in the document, with its place in document order. */
    private static final class Candidate
    {
        final ParsedLocation location;
        final int order;

        Candidate(final ParsedLocation location, final int order)
        {
            this.location = location;
            this.order = order;
        }

        /** Smaller is better: shapes stating an uncertainty first, then by radius, then by order. */
        double rank()
        {
            final boolean stated = location.shape() != LocationShape.POINT;
            return (stated ? 0.0 : 1e13) + location.uncertaintyM() + order * 1e-6;
        }
    }
}
