package org.beacon.dispatch.location;

/**
 * Spherical-Earth geometry for reducing shapes to a point and a radius. Every function goes through
 * {@link StrictMath} so that a location reduced on one JVM is reduced to the same micro-degrees on any
 * other. The sphere (IUGG mean radius) is accurate to a few tenths of a percent at the distances a
 * caller location spans, far below the uncertainties involved.
 */
public final class Geodesy
{
    /** IUGG mean Earth radius, metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private static final double DEG = StrictMath.PI / 180.0;

    private Geodesy()
    {
    }

    /**
     * Great-circle (haversine) distance.
     *
     * @return metres between the two points given in degrees.
     */
    public static double distanceM(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double phi1 = lat1 * DEG;
        final double phi2 = lat2 * DEG;
        final double sinHalfPhi = StrictMath.sin((lat2 - lat1) * DEG * 0.5);
        final double sinHalfLambda = StrictMath.sin(normalizeLongitude(lon2 - lon1) * DEG * 0.5);
        double a = sinHalfPhi * sinHalfPhi + StrictMath.cos(phi1) * StrictMath.cos(phi2) * sinHalfLambda * sinHalfLambda;
        a = StrictMath.min(1.0, StrictMath.max(0.0, a));
        return 2.0 * EARTH_RADIUS_M * StrictMath.atan2(StrictMath.sqrt(a), StrictMath.sqrt(1.0 - a));
    }

    /**
     * The point reached from a start point along a great circle.
     *
     * @param bearingDeg initial bearing, degrees clockwise from true north.
     * @param distanceM  distance travelled, metres.
     * @return {latitude, longitude} in degrees, longitude normalized to [-180, 180].
     */
    static double[] destination(final double latDeg, final double lonDeg, final double bearingDeg, final double distanceM)
    {
        final double delta = distanceM / EARTH_RADIUS_M;
        final double theta = bearingDeg * DEG;
        final double phi1 = latDeg * DEG;
        final double sinPhi2 = StrictMath.sin(phi1) * StrictMath.cos(delta) +
            StrictMath.cos(phi1) * StrictMath.sin(delta) * StrictMath.cos(theta);
        final double phi2 = StrictMath.asin(StrictMath.max(-1.0, StrictMath.min(1.0, sinPhi2)));
        final double lambda = StrictMath.atan2(
            StrictMath.sin(theta) * StrictMath.sin(delta) * StrictMath.cos(phi1),
            StrictMath.cos(delta) - StrictMath.sin(phi1) * sinPhi2);
        return new double[] {phi2 / DEG, normalizeLongitude(lonDeg + lambda / DEG)};
    }

    /**
     * @return the longitude difference or longitude brought into [-180, 180].
     */
    static double normalizeLongitude(final double lonDeg)
    {
        if (lonDeg >= -180.0 && lonDeg <= 180.0)
        {
            return lonDeg;
        }
        double lon = (lonDeg + 180.0) % 360.0;
        if (lon < 0)
        {
            lon += 360.0;
        }
        return lon - 180.0;
    }

    /**
     * Converts degrees to micro-degrees, rounding half away from zero.
     *
     * @return the micro-degrees.
     */
    static int toMicros(final double degrees)
    {
        return (int)StrictMath.round(degrees * 1_000_000.0);
    }

    /** @return whether a latitude in degrees is a real latitude. */
    static boolean validLatitude(final double lat)
    {
        return lat >= -90.0 && lat <= 90.0;
    }

    /** @return whether a longitude in degrees is a real longitude. */
    static boolean validLongitude(final double lon)
    {
        return lon >= -180.0 && lon <= 180.0;
    }

    /** Metres east and north of an origin on a plane tangent there: adequate for shapes of a few tens of kilometres. */
    public static final class LocalPlane
    {
        private final double originLat;
        private final double originLon;
        private final double metresPerDegLat;
        private final double metresPerDegLon;

        /**
         * A plane tangent at the origin.
         *
         * @param originLat latitude of the origin, degrees.
         * @param originLon longitude of the origin, degrees.
         */
        public LocalPlane(final double originLat, final double originLon)
        {
            this.originLat = originLat;
            this.originLon = originLon;
            this.metresPerDegLat = EARTH_RADIUS_M * DEG;
            this.metresPerDegLon = EARTH_RADIUS_M * DEG * StrictMath.cos(originLat * DEG);
        }

        /**
         * @param lon longitude, degrees.
         * @return metres east of the origin.
         */
        public double east(final double lon)
        {
            return normalizeLongitude(lon - originLon) * metresPerDegLon;
        }

        /**
         * @param lat latitude, degrees.
         * @return metres north of the origin.
         */
        public double north(final double lat)
        {
            return (lat - originLat) * metresPerDegLat;
        }

        /**
         * @param north metres north of the origin.
         * @return latitude, degrees.
         */
        public double latitude(final double north)
        {
            return originLat + north / metresPerDegLat;
        }

        /**
         * @param east metres east of the origin.
         * @return longitude, degrees.
         */
        public double longitude(final double east)
        {
            // at a pole the plane degenerates; the origin's longitude is as good as any
            return metresPerDegLon < 1e-6 ? originLon : normalizeLongitude(originLon + east / metresPerDegLon);
        }
    }
}
