package org.beacon.dispatch.location;

import static org.beacon.dispatch.location.PidfFields.angle;
import static org.beacon.dispatch.location.PidfFields.crsDimension;
import static org.beacon.dispatch.location.PidfFields.declared;
import static org.beacon.dispatch.location.PidfFields.length;
import static org.beacon.dispatch.location.PidfFields.pos;
import static org.beacon.dispatch.location.PidfFields.rescale;
import static org.beacon.dispatch.location.PidfFields.vertices;
import static org.beacon.dispatch.location.PidfLoParser.NS_GEOSHAPE;
import static org.beacon.dispatch.location.PidfLoParser.NS_GML;
import static org.beacon.dispatch.location.PidfLoParser.unusable;
import static org.beacon.dispatch.location.PidfLoParser.usable;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationShape;
import org.beacon.dispatch.location.PidfFields.Declared;
import org.beacon.dispatch.location.PidfFields.ShapeException;

/**
 * The shapes of a PIDF-LO ({@link PidfLoParser}; RFC 5491): each reduced to a representative point and a radius at 95%
 * confidence, as the parser's documentation describes.
 */
final class PidfShapes
{
    private PidfShapes()
    {
    }

    /**
     * Reduces one shape of a location-info element.
     *
     * @param shape      the shape element.
     * @param confidence the location-info's confidence element, or null.
     * @param method     the geopriv's method.
     * @return the location, usable or not.
     */
    static ParsedLocation evaluate(final XmlElement shape, final XmlElement confidence, final LocationMethod method)
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
}
