package org.beacon.dispatch.alert.broadcast;

import java.util.ArrayList;
import java.util.List;

import org.beacon.dispatch.alert.cap.CapArea;
import org.beacon.dispatch.alert.cap.CapCircle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The area of one CAP info block on a {@link GeoPlane}: the union of its areas' circles and polygons. Circles are kept
 * exact for the handsets' geofence test ({@link #contains}, {@link #distanceOutside}); for cell selection they become
 * polygons circumscribing the circle ({@link #selectionGeometry}), so that no cell touching the true circle is missed.
 * CAP polygons are given in degrees {@code {lat, lon}} and converted point by point (a straight edge of a few kilometres
 * bends by well under a metre between the sphere and the plane).
 */
public final class BroadcastArea
{
    /** Segments of the polygon that stands for a circle in cell selection. */
    static final int CIRCLE_SEGMENTS = 64;

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final double[] circleX;
    private final double[] circleY;
    private final double[] circleR;
    private final List<Polygon> polygons;
    private final List<PreparedGeometry> preparedPolygons;
    private final Geometry selection;

    private BroadcastArea(final double[] circleX, final double[] circleY, final double[] circleR, final List<Polygon> polygons)
    {
        this.circleX = circleX;
        this.circleY = circleY;
        this.circleR = circleR;
        this.polygons = List.copyOf(polygons);
        final List<PreparedGeometry> prepared = new ArrayList<>(polygons.size());
        final List<Geometry> parts = new ArrayList<>();
        for (final Polygon polygon : polygons)
        {
            prepared.add(PreparedGeometryFactory.prepare(polygon));
            parts.add(polygon);
        }
        for (int i = 0; i < circleX.length; i++)
        {
            parts.add(circumscribed(circleX[i], circleY[i], circleR[i]));
        }
        this.preparedPolygons = List.copyOf(prepared);
        this.selection = parts.isEmpty() ? GEOMETRY.createPolygon() : GEOMETRY.buildGeometry(parts).union();
    }

    /**
     * The area of CAP areas.
     *
     * @param areas the CAP areas of one info block.
     * @param plane the plane to put them on.
     * @return the area; empty when the areas have no circle and no polygon (geocodes alone are not resolved).
     */
    public static BroadcastArea of(final List<CapArea> areas, final GeoPlane plane)
    {
        final List<CapCircle> circles = new ArrayList<>();
        final List<Polygon> polygons = new ArrayList<>();
        for (final CapArea area : areas)
        {
            circles.addAll(area.circles());
            for (final List<double[]> points : area.polygons())
            {
                polygons.add(polygon(points, plane));
            }
        }
        final double[] x = new double[circles.size()];
        final double[] y = new double[circles.size()];
        final double[] r = new double[circles.size()];
        for (int i = 0; i < x.length; i++)
        {
            final CapCircle circle = circles.get(i);
            x[i] = plane.x(circle.lon());
            y[i] = plane.y(circle.lat());
            r[i] = circle.radiusKm() * 1000.0;
        }
        return new BroadcastArea(x, y, r, polygons);
    }

    /**
     * A circular area, for tests and tools.
     *
     * @param x       centre, metres east.
     * @param y       centre, metres north.
     * @param radiusM radius, metres.
     * @return the area.
     */
    public static BroadcastArea circle(final double x, final double y, final double radiusM)
    {
        return new BroadcastArea(new double[] {x}, new double[] {y}, new double[] {radiusM}, List.of());
    }

    private static Polygon polygon(final List<double[]> points, final GeoPlane plane)
    {
        final List<Coordinate> ring = new ArrayList<>(points.size() + 1);
        for (final double[] point : points)
        {
            ring.add(new Coordinate(plane.x(point[1]), plane.y(point[0])));
        }
        if (ring.size() > 0 && !ring.get(0).equals2D(ring.get(ring.size() - 1)))
        {
            ring.add(new Coordinate(ring.get(0)));
        }
        if (ring.size() < 4)
        {
            throw new IllegalArgumentException("a polygon needs at least 3 distinct corners, got " + points.size() + " points");
        }
        return GEOMETRY.createPolygon(ring.toArray(new Coordinate[0]));
    }

    private static Polygon circumscribed(final double x, final double y, final double r)
    {
        // the polygon's edges touch the circle: its corners lie at r / cos(pi / n)
        final double outer = r / StrictMath.cos(StrictMath.PI / CIRCLE_SEGMENTS);
        final Coordinate[] ring = new Coordinate[CIRCLE_SEGMENTS + 1];
        for (int i = 0; i < CIRCLE_SEGMENTS; i++)
        {
            final double angle = 2.0 * StrictMath.PI * i / CIRCLE_SEGMENTS;
            ring[i] = new Coordinate(x + outer * StrictMath.cos(angle), y + outer * StrictMath.sin(angle));
        }
        ring[CIRCLE_SEGMENTS] = new Coordinate(ring[0]);
        return GEOMETRY.createPolygon(ring);
    }

    /** @return whether the area has no circle and no polygon. */
    public boolean isEmpty()
    {
        return circleX.length == 0 && polygons.isEmpty();
    }

    /**
     * Whether a point is in the area (on the boundary counts).
     *
     * @param x metres east.
     * @param y metres north.
     * @return true when inside.
     */
    public boolean contains(final double x, final double y)
    {
        return distanceOutside(x, y) == 0.0;
    }

    /**
     * How far a point is outside the area.
     *
     * @param x metres east.
     * @param y metres north.
     * @return metres to the nearest point of the area, 0 when inside; infinity for an empty area.
     */
    public double distanceOutside(final double x, final double y)
    {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < circleX.length; i++)
        {
            final double d = StrictMath.hypot(x - circleX[i], y - circleY[i]) - circleR[i];
            if (d <= 0.0)
            {
                return 0.0;
            }
            best = StrictMath.min(best, d);
        }
        if (!polygons.isEmpty())
        {
            final Point point = GEOMETRY.createPoint(new Coordinate(x, y));
            for (int i = 0; i < polygons.size(); i++)
            {
                if (preparedPolygons.get(i).covers(point))
                {
                    return 0.0;
                }
                best = StrictMath.min(best, polygons.get(i).getExteriorRing().distance(point));
            }
        }
        return best;
    }

    /**
     * The geometry cells are selected with: the polygons and, for each circle, a polygon circumscribing it.
     *
     * @return the union, in plane metres.
     */
    public Geometry selectionGeometry()
    {
        return selection;
    }
}
