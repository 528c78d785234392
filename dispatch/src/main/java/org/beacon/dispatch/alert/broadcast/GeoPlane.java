package org.beacon.dispatch.alert.broadcast;

import org.beacon.dispatch.location.Geodesy;

/**
 * A local metric plane: metres east ({@code x}) and north ({@code y}) of an origin, on the plane tangent to the
 * IUGG mean-radius sphere there (equirectangular at the origin's latitude; {@link Geodesy.LocalPlane} does the
 * arithmetic). Over a city (tens of kilometres) the distortion is a few parts in ten thousand, far below what cell
 * coverage or alert areas resolve; every function goes through {@link StrictMath}, so the same inputs give the same
 * metres on any JVM.
 */
public final class GeoPlane
{
    /** IUGG mean Earth radius, metres. */
    public static final double EARTH_RADIUS_M = Geodesy.EARTH_RADIUS_M;

    private final double originLat;
    private final double originLon;
    private final Geodesy.LocalPlane plane;

    /**
     * A plane tangent at an origin.
     *
     * @param originLat latitude of the origin, degrees.
     * @param originLon longitude of the origin, degrees.
     */
    public GeoPlane(final double originLat, final double originLon)
    {
        this.originLat = originLat;
        this.originLon = originLon;
        this.plane = new Geodesy.LocalPlane(originLat, originLon);
    }

    /** @return latitude of the origin, degrees. */
    public double originLat()
    {
        return originLat;
    }

    /** @return longitude of the origin, degrees. */
    public double originLon()
    {
        return originLon;
    }

    /**
     * @param lon longitude, degrees.
     * @return metres east of the origin.
     */
    public double x(final double lon)
    {
        return plane.east(lon);
    }

    /**
     * @param lat latitude, degrees.
     * @return metres north of the origin.
     */
    public double y(final double lat)
    {
        return plane.north(lat);
    }

    /**
     * @param y metres north of the origin.
     * @return latitude, degrees.
     */
    public double lat(final double y)
    {
        return plane.latitude(y);
    }

    /**
     * @param x metres east of the origin.
     * @return longitude, degrees.
     */
    public double lon(final double x)
    {
        return plane.longitude(x);
    }
}
