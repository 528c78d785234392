package org.beacon.dispatch.alert.cap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An affected area ({@code <area>}, CAP 1.2 section 3.2.4).
 *
 * <p>A polygon is a list of points, each {@code {lat, lon}} in WGS 84 decimal degrees; the standard wants at least
 * four points with the first repeated as the last. The model does not enforce that (so that invalid areas can be
 * written and rejected by {@link CapValidator}); the arrays are copied in and the lists are unmodifiable, but
 * {@link #polygons()} hands out the copied arrays, which callers must not change.
 *
 * @param areaDesc  text describing the area, e.g. "Phường Bến Nghé, Quận 1".
 * @param polygons  the polygons, each a list of {@code {lat, lon}} points.
 * @param circles   the circles.
 * @param geocodes  geographic codes, e.g. administrative unit codes.
 * @param altitude  altitude in feet above mean sea level, or {@code null}.
 * @param ceiling   maximum altitude in feet, or {@code null} (only meaningful with an altitude).
 */
public record CapArea(
    String areaDesc,
    List<List<double[]>> polygons,
    List<CapCircle> circles,
    List<CapValue> geocodes,
    Double altitude,
    Double ceiling)
{
    /**
     * Copies the lists and arrays in.
     */
    public CapArea
    {
        Objects.requireNonNull(areaDesc, "areaDesc");
        final List<List<double[]>> copied = new ArrayList<>();
        for (final List<double[]> polygon : polygons)
        {
            final List<double[]> points = new ArrayList<>(polygon.size());
            for (final double[] point : polygon)
            {
                if (point.length != 2)
                {
                    throw new IllegalArgumentException("a polygon point is {lat, lon}, got " + point.length + " numbers");
                }
                points.add(point.clone());
            }
            copied.add(Collections.unmodifiableList(points));
        }
        polygons = Collections.unmodifiableList(copied);
        circles = List.copyOf(circles);
        geocodes = List.copyOf(geocodes);
    }

    /**
     * An area without altitudes.
     *
     * @param areaDesc text describing the area.
     * @param polygons the polygons, each a list of {@code {lat, lon}} points.
     * @param circles  the circles.
     * @param geocodes geographic codes.
     */
    public CapArea(final String areaDesc, final List<List<double[]>> polygons, final List<CapCircle> circles, final List<CapValue> geocodes)
    {
        this(areaDesc, polygons, circles, geocodes, null, null);
    }

    /**
     * An area given by one polygon.
     *
     * @param areaDesc text describing the area.
     * @param points   the polygon's {@code {lat, lon}} points, first repeated as last.
     * @return the area.
     */
    public static CapArea polygon(final String areaDesc, final List<double[]> points)
    {
        return new CapArea(areaDesc, List.of(points), List.of(), List.of());
    }

    /**
     * An area given by one circle.
     *
     * @param areaDesc text describing the area.
     * @param circle   the circle.
     * @return the area.
     */
    public static CapArea circle(final String areaDesc, final CapCircle circle)
    {
        return new CapArea(areaDesc, List.of(), List.of(circle), List.of());
    }
}
