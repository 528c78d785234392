package org.beacon.dispatch.alert.broadcast;

/**
 * A local metric plane: metres east ({@code x}) and north ({@code y}) of an origin, on the plane tangent to the
 * IUGG mean-radius sphere there (equirectangular at the origin's latitude). Over a city (tens of kilometres) the
 * distortion is a few parts in ten thousand, far below what cell coverage or alert areas resolve. Every function goes
 * through {@link StrictMath}, so the same inputs give the same metres on any JVM.
 */
public final class GeoPlane
{
    /** IUGG mean Earth radius, metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private static final double DEG = StrictMath.PI / 180.0;

    private final double originLat;
    private final double originLon;
    private final double metresPerDegLat;
    private final double metresPerDegLon;

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
        this.metresPerDegLat = EARTH_RADIUS_M * DEG;
        this.metresPerDegLon = EARTH_RADIUS_M * DEG * StrictMath.cos(originLat * DEG);
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
     * Metres east of the origin.
     *
     * @param lon longitude, degrees.
     * @return x, metres.
     */
    public double x(final double lon)
    {
        return (lon - originLon) * metresPerDegLon;
    }

    /**
     * Metres north of the origin.
     *
     * @param lat latitude, degrees.
     * @return y, metres.
     */
    public double y(final double lat)
    {
        return (lat - originLat) * metresPerDegLat;
    }

    /**
     * Latitude of a point of the plane.
     *
     * @param y metres north of the origin.
     * @return latitude, degrees.
     */
    public double lat(final double y)
    {
        return originLat + y / metresPerDegLat;
    }

    /**
     * Longitude of a point of the plane.
     *
     * @param x metres east of the origin.
     * @return longitude, degrees.
     */
    public double lon(final double x)
    {
        return originLon + x / metresPerDegLon;
    }
}
