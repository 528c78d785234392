package org.beacon.dispatch.location;

import static org.beacon.dispatch.location.PidfLoParser.MAX_DISTANCE_M;
import static org.beacon.dispatch.location.PidfLoParser.MAX_VERTICES;
import static org.beacon.dispatch.location.PidfLoParser.NS_GEOSHAPE;
import static org.beacon.dispatch.location.PidfLoParser.NS_GML;
import static org.beacon.dispatch.location.PidfLoParser.printable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.beacon.codecs.LocationProblem;

/**
 * The fields of PIDF-LO shapes ({@link PidfShapes}): positions and rings in EPSG 4326 or 4979, GeoShape distances and
 * angles with their units, and the declared confidence (RFC 7459); a field that cannot be used throws a
 * {@link ShapeException} with the problem to report.
 */
final class PidfFields
{
    private static final String UOM_METRE = "urn:ogc:def:uom:EPSG::9001";
    private static final String UOM_DEGREE = "urn:ogc:def:uom:EPSG::9102";
    private static final String UOM_RADIAN = "urn:ogc:def:uom:EPSG::9101";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,20}(\\.\\d{0,20})?|\\.\\d{1,20})([eE][+-]?\\d{1,3})?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private PidfFields()
    {
    }

    /** Vertices of a ring as lat, lon pairs, the closing repeat of the first vertex dropped. */
    static double[] vertices(final XmlElement ring, final int crsDimension) throws ShapeException
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

    static double[] pos(final XmlElement shape, final int dimension) throws ShapeException
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
    static int crsDimension(final XmlElement shape, final int fallback) throws ShapeException
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
    static double length(final XmlElement shape, final String name) throws ShapeException
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
    static double angle(final XmlElement shape, final String name, final boolean required) throws ShapeException
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

    static Declared declared(final XmlElement confidence) throws ShapeException
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

    static long rescale(final double radius, final Declared declared, final boolean upwardsOnly)
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

    /** A confidence as declared in the document. */
    static final class Declared
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

    /** A shape that cannot be used, with the problem to report; no stack trace. */
    static final class ShapeException extends Exception
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
