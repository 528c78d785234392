package org.beacon.dispatch.location;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

    private static final String UOM_METRE = "urn:ogc:def:uom:EPSG::9001";
    private static final String UOM_DEGREE = "urn:ogc:def:uom:EPSG::9102";
    private static final String UOM_RADIAN = "urn:ogc:def:uom:EPSG::9101";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,20}(\\.\\d{0,20})?|\\.\\d{1,20})([eE][+-]?\\d{1,3})?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

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
                    candidates.add(new Candidate(evaluate(shape, confidence, method), candidates.size()));
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

    private static ParsedLocation evaluate(final XmlElement shape, final XmlElement confidence, final LocationMethod method)
    {
        final LocationShape kind = shapeOf(shape);
        if (kind == LocationShape.NONE)
        {
            return unusable(LocationProblem.UNKNOWN_SHAPE, LocationShape.NONE, "unknown shape " + shape.displayName());
        }
        try
        {
            final Declared declared = declared(confidence);
            switch (kind)
            {
                case POINT:
                    return point(shape, method);
                case CIRCLE:
                case SPHERE:
                    return circle(shape, kind, declared, method);
                case ELLIPSE:
                case ELLIPSOID:
                    return ellipse(shape, kind, declared, method);
                case ARC_BAND:
                    return arcBand(shape, declared, method);
                case POLYGON:
                    return polygon(shape, shape, kind, declared, method);
                case PRISM:
                    return prism(shape, declared, method);
                default:
                    return unusable(LocationProblem.UNKNOWN_SHAPE, kind, "unsupported shape " + shape.displayName());
            }
        }
        catch (final ShapeException ex)
        {
            return unusable(ex.problem, kind, shape.localName + ": " + ex.getMessage());
        }
    }

    private static LocationShape shapeOf(final XmlElement shape)
    {
        if (shape.namespace.equals(NS_GML))
        {
            switch (shape.localName)
            {
                case "Point":
                    return LocationShape.POINT;
                case "Polygon":
                    return LocationShape.POLYGON;
                default:
                    return LocationShape.NONE;
            }
        }
        if (shape.namespace.equals(NS_GEOSHAPE))
        {
            switch (shape.localName)
            {
                case "Circle":
                    return LocationShape.CIRCLE;
                case "Ellipse":
                    return LocationShape.ELLIPSE;
                case "ArcBand":
                    return LocationShape.ARC_BAND;
                case "Sphere":
                    return LocationShape.SPHERE;
                case "Ellipsoid":
                    return LocationShape.ELLIPSOID;
                case "Prism":
                    return LocationShape.PRISM;
                default:
                    return LocationShape.NONE;
            }
        }
        return LocationShape.NONE;
    }

    // ---------------------------------------------------------------- shapes

    private static ParsedLocation point(final XmlElement shape, final LocationMethod method) throws ShapeException
    {
        final double[] pos = pos(shape, crsDimension(shape, 0));
        return usable(LocationShape.POINT, method, pos[0], pos[1], 0, 0, "point without uncertainty");
    }

    private static ParsedLocation circle(
        final XmlElement shape, final LocationShape kind, final Declared declared, final LocationMethod method) throws ShapeException
    {
        final double[] pos = pos(shape, crsDimension(shape, 0));
        final double radius = length(shape, "radius");
        return usable(kind, method, pos[0], pos[1], rescale(radius, declared, false), declared.pct, null);
    }

    private static ParsedLocation ellipse(
        final XmlElement shape, final LocationShape kind, final Declared declared, final LocationMethod method) throws ShapeException
    {
        final double[] pos = pos(shape, crsDimension(shape, 0));
        final double semiMajor = length(shape, "semiMajorAxis");
        final double semiMinor = length(shape, "semiMinorAxis");
        if (kind == LocationShape.ELLIPSOID)
        {
            length(shape, "verticalAxis");
        }
        angle(shape, "orientation", true);
        return usable(kind, method, pos[0], pos[1], rescale(StrictMath.max(semiMajor, semiMinor), declared, false), declared.pct, null);
    }

    private static ParsedLocation arcBand(final XmlElement shape, final Declared declared, final LocationMethod method)
        throws ShapeException
    {
        final double[] pos = pos(shape, crsDimension(shape, 0));
        final double inner = length(shape, "innerRadius");
        final double outer = length(shape, "outerRadius");
        if (inner > outer || outer <= 0.0)
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, "innerRadius " + inner + " m must not exceed outerRadius " +
                outer + " m, and outerRadius must be positive");
        }
        final double start = angle(shape, "startAngle", true);
        final double opening = angle(shape, "openingAngle", true);
        if (!(opening > 0.0 && opening <= 360.0))
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, "openingAngle " + opening + " degrees outside (0, 360]");
        }
        final double mid = (inner + outer) / 2.0;
        final double halfRadians = StrictMath.toRadians(opening / 2.0);
        final double[] point = Geodesy.destination(pos[0], pos[1], start + opening / 2.0, mid);
        // distance from the mid point (on the bisector at distance mid) to a corner (r, +-half): law of cosines
        final double cos = StrictMath.cos(halfRadians);
        final double toInner = StrictMath.sqrt(StrictMath.max(0.0, mid * mid + inner * inner - 2.0 * mid * inner * cos));
        final double toOuter = StrictMath.sqrt(StrictMath.max(0.0, mid * mid + outer * outer - 2.0 * mid * outer * cos));
        final double radius = StrictMath.max(toInner, toOuter);
        return usable(LocationShape.ARC_BAND, method, point[0], point[1], rescale(radius, declared, true), declared.pct, null);
    }

    private static ParsedLocation prism(final XmlElement shape, final Declared declared, final LocationMethod method)
        throws ShapeException
    {
        final XmlElement base = shape.child(NS_GEOSHAPE, "base");
        final XmlElement polygon = null == base ? null : base.child(NS_GML, "Polygon");
        if (null == polygon)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "missing base/Polygon");
        }
        length(shape, "height");
        return polygon(polygon, shape, LocationShape.PRISM, declared, method);
    }

    private static ParsedLocation polygon(
        final XmlElement polygon, final XmlElement crsHolder, final LocationShape kind, final Declared declared,
        final LocationMethod method) throws ShapeException
    {
        int dimension = crsDimension(polygon, 0);
        if (dimension == 0 && polygon != crsHolder)
        {
            dimension = crsDimension(crsHolder, 0);
        }
        final XmlElement exterior = polygon.child(NS_GML, "exterior");
        final XmlElement ring = null == exterior ? null : exterior.child(NS_GML, "LinearRing");
        if (null == ring)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "missing exterior/LinearRing");
        }
        final double[] vertices = vertices(ring, dimension);
        final int n = vertices.length / 2;
        final Geodesy.LocalPlane plane = new Geodesy.LocalPlane(vertices[0], vertices[1]);
        double area2 = 0.0;
        double cx = 0.0;
        double cy = 0.0;
        double sumX = 0.0;
        double sumY = 0.0;
        for (int i = 0; i < n; i++)
        {
            final int j = (i + 1) % n;
            final double xi = plane.east(vertices[2 * i + 1]);
            final double yi = plane.north(vertices[2 * i]);
            final double xj = plane.east(vertices[2 * j + 1]);
            final double yj = plane.north(vertices[2 * j]);
            final double cross = xi * yj - xj * yi;
            area2 += cross;
            cx += (xi + xj) * cross;
            cy += (yi + yj) * cross;
            sumX += xi;
            sumY += yi;
        }
        final double x;
        final double y;
        if (StrictMath.abs(area2) < 1.0)
        {
            // degenerate (collinear) ring: the vertices' mean stands in for the centroid
            x = sumX / n;
            y = sumY / n;
        }
        else
        {
            x = cx / (3.0 * area2);
            y = cy / (3.0 * area2);
        }
        final double lat = plane.latitude(y);
        final double lon = plane.longitude(x);
        double radius = 0.0;
        for (int i = 0; i < n; i++)
        {
            radius = StrictMath.max(radius, Geodesy.distanceM(lat, lon, vertices[2 * i], vertices[2 * i + 1]));
        }
        return usable(kind, method, lat, lon, rescale(radius, declared, true), declared.pct, null);
    }

    // ---------------------------------------------------------------- fields

    /** Vertices of a ring as lat, lon pairs, the closing repeat of the first vertex dropped. */
    private static double[] vertices(final XmlElement ring, final int crsDimension) throws ShapeException
    {
        final XmlElement posList = ring.child(NS_GML, "posList");
        final List<String> tokens = new ArrayList<>();
        int dimension = crsDimension;
        if (null != posList)
        {
            dimension = srsDimension(posList, dimension);
            split(posList.text(), tokens, MAX_VERTICES * 3 + 3);
            if (dimension == 0)
            {
                dimension = 2;
            }
        }
        else
        {
            final List<XmlElement> positions = ring.children(NS_GML, "pos");
            if (positions.size() > MAX_VERTICES + 1)
            {
                throw new ShapeException(LocationProblem.BAD_FIELD, "more than " + MAX_VERTICES + " vertices");
            }
            for (final XmlElement pos : positions)
            {
                final int before = tokens.size();
                split(pos.text(), tokens, 3);
                final int count = tokens.size() - before;
                if (dimension == 0)
                {
                    dimension = count;
                }
                if (count != dimension)
                {
                    throw new ShapeException(LocationProblem.BAD_FIELD, "a pos holds " + count + " numbers, expected " + dimension);
                }
            }
        }
        if (tokens.isEmpty())
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "ring without posList or pos");
        }
        if (dimension != 2 && dimension != 3)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "positions of " + dimension + " numbers");
        }
        if (tokens.size() % dimension != 0)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, tokens.size() + " numbers are not whole " + dimension + "D positions");
        }
        int n = tokens.size() / dimension;
        if (n > MAX_VERTICES + 1)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "more than " + MAX_VERTICES + " vertices");
        }
        final double[] all = new double[n * 2];
        for (int i = 0; i < n; i++)
        {
            final double lat = number(tokens.get(i * dimension), "latitude");
            final double lon = number(tokens.get(i * dimension + 1), "longitude");
            checkPoint(lat, lon);
            all[2 * i] = lat;
            all[2 * i + 1] = lon;
        }
        if (n > 1 && all[0] == all[2 * n - 2] && all[1] == all[2 * n - 1])
        {
            n--;
        }
        if (n < 3)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "a polygon needs at least 3 distinct vertices, has " + n);
        }
        return n * 2 == all.length ? all : java.util.Arrays.copyOf(all, n * 2);
    }

    private static double[] pos(final XmlElement shape, final int dimension) throws ShapeException
    {
        final XmlElement pos = shape.child(NS_GML, "pos");
        if (null == pos)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "missing gml:pos");
        }
        final List<String> tokens = new ArrayList<>(3);
        split(pos.text(), tokens, 4);
        final int expected = srsDimension(pos, dimension);
        if (expected == 0 ? tokens.size() != 2 && tokens.size() != 3 : tokens.size() != expected)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "pos holds " + tokens.size() + " numbers, expected " +
                (expected == 0 ? "2 or 3" : String.valueOf(expected)));
        }
        final double lat = number(tokens.get(0), "latitude");
        final double lon = number(tokens.get(1), "longitude");
        if (tokens.size() == 3)
        {
            number(tokens.get(2), "altitude");
        }
        checkPoint(lat, lon);
        return new double[] {lat, lon};
    }

    private static void checkPoint(final double lat, final double lon) throws ShapeException
    {
        if (!Geodesy.validLatitude(lat))
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, "latitude " + lat + " outside [-90, 90]");
        }
        if (!Geodesy.validLongitude(lon))
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, "longitude " + lon + " outside [-180, 180]");
        }
    }

    /** The dimension the shape's CRS implies: 2 for EPSG 4326, 3 for 4979, the fallback when no srsName is given. */
    private static int crsDimension(final XmlElement shape, final int fallback) throws ShapeException
    {
        final String srsName = shape.attribute("srsName");
        if (null == srsName)
        {
            return fallback;
        }
        final String name = srsName.trim();
        final String upper = name.toUpperCase(Locale.ROOT);
        int cut = StrictMath.max(name.lastIndexOf(':'), StrictMath.max(name.lastIndexOf('/'), name.lastIndexOf('#')));
        final String code = name.substring(cut + 1);
        if (upper.contains("EPSG"))
        {
            if (code.equals("4326"))
            {
                return 2;
            }
            if (code.equals("4979"))
            {
                return 3;
            }
        }
        throw new ShapeException(LocationProblem.UNSUPPORTED_CRS, "coordinate reference system " + printable(name, 80) +
            " is not EPSG 4326 or 4979");
    }

    private static int srsDimension(final XmlElement element, final int dimension) throws ShapeException
    {
        final String declared = element.attribute("srsDimension");
        if (null == declared)
        {
            return dimension;
        }
        final int value;
        switch (declared.trim())
        {
            case "2":
                value = 2;
                break;
            case "3":
                value = 3;
                break;
            default:
                throw new ShapeException(LocationProblem.BAD_FIELD, "srsDimension " + printable(declared, 16) + " is not 2 or 3");
        }
        if (dimension != 0 && value != dimension)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "srsDimension " + value + " contradicts the CRS dimension " + dimension);
        }
        return value;
    }

    /** A distance element of the GeoShape namespace, in metres. */
    private static double length(final XmlElement shape, final String name) throws ShapeException
    {
        final XmlElement element = shape.child(NS_GEOSHAPE, name);
        if (null == element)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "missing " + name);
        }
        final String uom = element.attribute("uom");
        if (null != uom && !uom.trim().equals(UOM_METRE))
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, name + " in unit " + printable(uom, 64) + ", expected metres (" +
                UOM_METRE + ")");
        }
        final double value = number(element.text(), name);
        if (value < 0.0 || value > MAX_DISTANCE_M)
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, name + " " + value + " m outside [0, " + (long)MAX_DISTANCE_M + "]");
        }
        return value;
    }

    /** An angle element of the GeoShape namespace, in degrees (radians converted). */
    private static double angle(final XmlElement shape, final String name, final boolean required) throws ShapeException
    {
        final XmlElement element = shape.child(NS_GEOSHAPE, name);
        if (null == element)
        {
            if (required)
            {
                throw new ShapeException(LocationProblem.BAD_FIELD, "missing " + name);
            }
            return 0.0;
        }
        final String uom = element.attribute("uom");
        final double value = number(element.text(), name);
        final double degrees;
        if (null == uom || uom.trim().equals(UOM_DEGREE))
        {
            degrees = value;
        }
        else if (uom.trim().equals(UOM_RADIAN))
        {
            degrees = StrictMath.toDegrees(value);
        }
        else
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, name + " in unit " + printable(uom, 64) + ", expected degrees or radians");
        }
        if (degrees < -360.0 || degrees > 360.0)
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, name + " " + degrees + " degrees outside [-360, 360]");
        }
        return degrees;
    }

    private static Declared declared(final XmlElement confidence) throws ShapeException
    {
        if (null == confidence)
        {
            return Declared.DEFAULT;
        }
        final String pdf = confidence.attribute("pdf");
        final Confidence.Distribution distribution;
        if (null == pdf || pdf.trim().equals("normal"))
        {
            distribution = Confidence.Distribution.NORMAL;
        }
        else if (pdf.trim().equals("rectangular"))
        {
            distribution = Confidence.Distribution.RECTANGULAR;
        }
        else if (pdf.trim().equals("unknown"))
        {
            distribution = Confidence.Distribution.UNKNOWN;
        }
        else
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "confidence pdf " + printable(pdf, 32) +
                " is not normal, rectangular or unknown");
        }
        final double value = number(confidence.text(), "confidence");
        if (!(value > 0.0 && value <= 100.0))
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, "confidence " + value + " outside (0, 100]");
        }
        return new Declared(value, distribution);
    }

    private static long rescale(final double radius, final Declared declared, final boolean upwardsOnly)
    {
        double factor = Confidence.factorTo95(declared.value, declared.distribution);
        if (upwardsOnly)
        {
            factor = StrictMath.max(1.0, factor);
        }
        return Confidence.ceilMetres(radius * factor);
    }

    private static double number(final String text, final String what) throws ShapeException
    {
        if (text.isEmpty() || text.length() > 48 || !DECIMAL.matcher(text).matches())
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, what + " '" + printable(text, 24) + "' is not a decimal number");
        }
        final double value = Double.parseDouble(text);
        if (!Double.isFinite(value))
        {
            throw new ShapeException(LocationProblem.OUT_OF_RANGE, what + " is not finite");
        }
        return value;
    }

    private static void split(final String text, final List<String> into, final int limit) throws ShapeException
    {
        if (text.isEmpty())
        {
            return;
        }
        final String[] parts = WHITESPACE.split(text, limit + 1);
        if (parts.length > limit)
        {
            throw new ShapeException(LocationProblem.BAD_FIELD, "more than " + limit + " numbers");
        }
        for (final String part : parts)
        {
            into.add(part);
        }
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

    private static ParsedLocation usable(
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

    /** A confidence as declared in the document. */
    private static final class Declared
    {
        static final Declared DEFAULT = new Declared(Confidence.TARGET_PCT, Confidence.Distribution.NORMAL);

        final double value;
        final Confidence.Distribution distribution;
        final int pct;

        Declared(final double value, final Confidence.Distribution distribution)
        {
            this.value = value;
            this.distribution = distribution;
            this.pct = (int)StrictMath.round(value);
        }
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

    /** A shape that cannot be used, with the problem to report; no stack trace. */
    private static final class ShapeException extends Exception
    {
        private static final long serialVersionUID = 1L;

        final transient LocationProblem problem;

        ShapeException(final LocationProblem problem, final String message)
        {
            super(message, null, false, false);
            this.problem = problem;
        }
    }
}
