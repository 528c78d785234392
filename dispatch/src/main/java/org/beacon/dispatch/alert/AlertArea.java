package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.beacon.dispatch.alert.cap.CapArea;
import org.beacon.dispatch.alert.cap.CapCircle;
import org.beacon.dispatch.location.Geodesy;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.buffer.BufferParameters;

/**
 * The area of an alert: an inner zone (evacuate), a circle or a polygon, and an outer ring (avoid) of a given width
 * around it. Positions are micro-degrees as in the journal, so an area is exactly what its events said. The outer
 * area of a circle is the circle widened by the ring; of a polygon, the polygon buffered by the ring on a plane
 * tangent at its centre (JTS, eight segments per quarter circle), which is deterministic: the same doubles in, the
 * same corners out.
 *
 * @param latMicros    centre latitude.
 * @param lonMicros    centre longitude.
 * @param innerRadiusM radius of the inner circle; with a polygon, the radius of the circle around the centre that
 *                     encloses it.
 * @param ringM        width of the outer ring.
 * @param polygon      the inner zone's corners as latitude, longitude pairs in micro-degrees (not closed), or empty for
 *                     a circle.
 */
public record AlertArea(int latMicros, int lonMicros, int innerRadiusM, int ringM, int[] polygon)
{
    /** Fewest corners of an inner polygon. */
    public static final int MIN_CORNERS = 3;
    /** Most corners of an inner polygon. */
    public static final int MAX_CORNERS = 64;
    private static final double MICRO = 1e-6;
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /**
     * Copies the polygon.
     */
    public AlertArea
    {
        polygon = polygon.clone();
    }

    /**
     * A circular inner zone.
     *
     * @param latMicros    centre latitude.
     * @param lonMicros    centre longitude.
     * @param innerRadiusM its radius.
     * @param ringM        width of the ring around it.
     * @return the area.
     */
    public static AlertArea circle(final int latMicros, final int lonMicros, final int innerRadiusM, final int ringM)
    {
        return new AlertArea(latMicros, lonMicros, innerRadiusM, ringM, new int[0]);
    }

    /**
     * A polygonal inner zone, its centre the mean of its corners and its radius that of the enclosing circle there.
     *
     * @param corners latitude, longitude pairs in micro-degrees, not closed.
     * @param ringM   width of the ring around it.
     * @return the area, or {@code null} when the corners are not a valid simple polygon of
     *         {@value #MIN_CORNERS}..{@value #MAX_CORNERS} corners within {@link AlertConfig#MAX_RADIUS_M}.
     */
    public static AlertArea polygon(final int[] corners, final int ringM)
    {
        final int n = corners.length / 2;
        if (corners.length % 2 != 0 || n < MIN_CORNERS || n > MAX_CORNERS)
        {
            return null;
        }
        long sumLat = 0;
        long sumLon = 0;
        for (int i = 0; i < n; i++)
        {
            final int lat = corners[2 * i];
            final int lon = corners[2 * i + 1];
            if (lat < -90_000_000 || lat > 90_000_000 || lon < -180_000_000 || lon > 180_000_000)
            {
                return null;
            }
            sumLat += lat;
            sumLon += lon;
        }
        final int cLat = (int)Math.floorDiv(sumLat, n);
        final int cLon = (int)Math.floorDiv(sumLon, n);
        double radius = 0;
        for (int i = 0; i < n; i++)
        {
            radius = Math.max(radius, Geodesy.distanceM(cLat * MICRO, cLon * MICRO, corners[2 * i] * MICRO, corners[2 * i + 1] * MICRO));
        }
        final AlertArea area = new AlertArea(cLat, cLon, (int)Math.ceil(radius), ringM, corners);
        if (area.innerRadiusM() < AlertConfig.MIN_RADIUS_M || area.innerRadiusM() > AlertConfig.MAX_RADIUS_M ||
            !area.innerPolygonOnPlane().isValid())
        {
            return null;
        }
        return area;
    }

    /** @return whether the inner zone is a polygon. */
    public boolean isPolygon()
    {
        return polygon.length > 0;
    }

    /** @return the outer area's radius around the centre (encloses the whole area). */
    public int outerRadiusM()
    {
        return innerRadiusM + ringM;
    }

    /**
     * @param ringWidthM the new ring width.
     * @return this area with another ring.
     */
    public AlertArea withRing(final int ringWidthM)
    {
        return new AlertArea(latMicros, lonMicros, innerRadiusM, ringWidthM, polygon);
    }

    /**
     * The inner zone as CAP describes areas.
     *
     * @param description the {@code <areaDesc>}.
     * @return the CAP area.
     */
    public CapArea innerCap(final String description)
    {
        if (isPolygon())
        {
            final List<double[]> points = new ArrayList<>(polygon.length / 2 + 1);
            for (int i = 0; i < polygon.length; i += 2)
            {
                points.add(new double[] {polygon[i] * MICRO, polygon[i + 1] * MICRO});
            }
            points.add(new double[] {polygon[0] * MICRO, polygon[1] * MICRO});
            return CapArea.polygon(description, points);
        }
        return CapArea.circle(description, new CapCircle(latMicros * MICRO, lonMicros * MICRO, innerRadiusM / 1000.0));
    }

    /**
     * The whole area (inner zone and ring) as CAP describes areas.
     *
     * @param description the {@code <areaDesc>}.
     * @return the CAP area.
     */
    public CapArea outerCap(final String description)
    {
        if (!isPolygon())
        {
            return CapArea.circle(description, new CapCircle(latMicros * MICRO, lonMicros * MICRO, outerRadiusM() / 1000.0));
        }
        final Geodesy.LocalPlane plane = plane();
        final BufferParameters parameters = new BufferParameters(8, BufferParameters.CAP_ROUND, BufferParameters.JOIN_ROUND, 5.0);
        final Geometry outer = org.locationtech.jts.operation.buffer.BufferOp.bufferOp(innerPolygonOnPlane(), ringM, parameters);
        final Coordinate[] ring = ((Polygon)outer).getExteriorRing().getCoordinates();
        final List<double[]> points = new ArrayList<>(ring.length);
        for (final Coordinate c : ring)
        {
            // micro-degree resolution, as every position in the journal
            points.add(new double[] {Math.round(plane.latitude(c.y) * 1e6) * MICRO, Math.round(plane.longitude(c.x) * 1e6) * MICRO});
        }
        points.set(points.size() - 1, points.get(0));
        return CapArea.polygon(description, points);
    }

    private Geodesy.LocalPlane plane()
    {
        return new Geodesy.LocalPlane(latMicros * MICRO, lonMicros * MICRO);
    }

    private Polygon innerPolygonOnPlane()
    {
        final Geodesy.LocalPlane plane = plane();
        final int n = polygon.length / 2;
        final Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++)
        {
            ring[i] = new Coordinate(plane.east(polygon[2 * i + 1] * MICRO), plane.north(polygon[2 * i] * MICRO));
        }
        ring[n] = ring[0];
        return GEOMETRY.createPolygon(ring);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof AlertArea a && a.latMicros == latMicros && a.lonMicros == lonMicros &&
            a.innerRadiusM == innerRadiusM && a.ringM == ringM && Arrays.equals(a.polygon, polygon);
    }

    @Override
    public int hashCode()
    {
        return ((latMicros * 31 + lonMicros) * 31 + innerRadiusM) * 31 + ringM + Arrays.hashCode(polygon);
    }

    @Override
    public String toString()
    {
        return (isPolygon() ? "polygon of " + polygon.length / 2 + " corners around " : "circle ") + degrees(latMicros) + "," +
            degrees(lonMicros) + " r=" + innerRadiusM + "m ring=" + ringM + "m";
    }

    private static String degrees(final int micros)
    {
        final long abs = Math.abs((long)micros);
        return (micros < 0 ? "-" : "") + abs / 1_000_000 + "." + Long.toString(1_000_000 + abs % 1_000_000).substring(1);
    }
}
