package org.beacon.dispatch.road;

/**
 * Converts SUMO network coordinates (metres) back to WGS84 micro-degrees, following the network's
 * {@code <location>} element: {@code projected = net - netOffset}, then either the inverse of a UTM
 * projection (the {@code +proj=utm +zone=N [+south]} strings netconvert writes for OSM imports) or, for
 * {@code projParameter="!"} (no projection, as netgenerate writes), metres east/north of a configured origin
 * on a local sphere. No projection library: the Transverse Mercator series (Snyder, USGS PP 1395) is
 * computed with {@link StrictMath} so every JVM produces the same micro-degrees.
 */
public final class NetProjection
{
    private static final double WGS84_A = 6_378_137.0;
    private static final double WGS84_F = 1.0 / 298.257_223_563;
    private static final double UTM_K0 = 0.9996;
    private static final double UTM_FALSE_EASTING = 500_000.0;
    private static final double UTM_FALSE_NORTHING_SOUTH = 10_000_000.0;
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private final double offsetX;
    private final double offsetY;
    private final int zone;
    private final boolean south;
    private final double originLatDeg;
    private final double originLonDeg;

    private NetProjection(
        final double offsetX,
        final double offsetY,
        final int zone,
        final boolean south,
        final double originLatDeg,
        final double originLonDeg)
    {
        this.offsetX = offsetX;
        this.offsetY = offsetY;
        this.zone = zone;
        this.south = south;
        this.originLatDeg = originLatDeg;
        this.originLonDeg = originLonDeg;
    }

    /**
     * Builds the projection of a {@code <location>} element.
     *
     * @param netOffset     the {@code netOffset} attribute ("x,y"), may be null.
     * @param projParameter the {@code projParameter} attribute: a proj string with {@code +proj=utm} or "!".
     * @param originLatDeg  origin latitude used when the network has no projection.
     * @param originLonDeg  origin longitude used when the network has no projection.
     * @return the projection.
     * @throws IllegalArgumentException for projections other than UTM and "!".
     */
    public static NetProjection fromLocation(
        final String netOffset, final String projParameter, final double originLatDeg, final double originLonDeg)
    {
        double ox = 0;
        double oy = 0;
        if (netOffset != null && !netOffset.isBlank())
        {
            final String[] parts = netOffset.split(",");
            if (parts.length < 2)
            {
                throw new IllegalArgumentException("bad netOffset: " + netOffset);
            }
            ox = Double.parseDouble(parts[0].trim());
            oy = Double.parseDouble(parts[1].trim());
        }
        final String proj = projParameter == null ? "!" : projParameter.trim();
        if (proj.equals("!") || proj.isEmpty())
        {
            return new NetProjection(ox, oy, 0, false, originLatDeg, originLonDeg);
        }
        boolean utm = false;
        int zone = 0;
        boolean south = false;
        for (final String token : proj.split("\\s+"))
        {
            if (token.equals("+proj=utm"))
            {
                utm = true;
            }
            else if (token.startsWith("+zone="))
            {
                zone = Integer.parseInt(token.substring("+zone=".length()));
            }
            else if (token.equals("+south"))
            {
                south = true;
            }
            else if (token.startsWith("+ellps=") && !token.equals("+ellps=WGS84"))
            {
                throw new IllegalArgumentException("only the WGS84 ellipsoid is supported: " + proj);
            }
        }
        if (!utm || zone < 1 || zone > 60)
        {
            throw new IllegalArgumentException("unsupported projection (UTM or '!' only): " + proj);
        }
        return new NetProjection(ox, oy, zone, south, originLatDeg, originLonDeg);
    }

    /**
     * @return the UTM zone, or 0 when the network has no projection.
     */
    public int utmZone()
    {
        return zone;
    }

    /**
     * @param x net x, metres.
     * @param y net y, metres.
     * @return latitude in micro-degrees.
     */
    public int latMicros(final double x, final double y)
    {
        return toMicros(toLatLonDeg(x, y)[0]);
    }

    /**
     * @param x net x, metres.
     * @param y net y, metres.
     * @return longitude in micro-degrees.
     */
    public int lonMicros(final double x, final double y)
    {
        return toMicros(toLatLonDeg(x, y)[1]);
    }

    /**
     * Converts a network position to degrees.
     *
     * @param x net x, metres.
     * @param y net y, metres.
     * @return {latitude, longitude} in degrees.
     */
    public double[] toLatLonDeg(final double x, final double y)
    {
        final double px = x - offsetX;
        final double py = y - offsetY;
        if (zone == 0)
        {
            final double lat = originLatDeg + StrictMath.toDegrees(py / EARTH_RADIUS_M);
            final double lon = originLonDeg
                + StrictMath.toDegrees(px / (EARTH_RADIUS_M * StrictMath.cos(StrictMath.toRadians(originLatDeg))));
            return new double[] {lat, lon};
        }
        return utmInverse(px, south ? py - UTM_FALSE_NORTHING_SOUTH : py, zone);
    }

    static int toMicros(final double degrees)
    {
        return (int)StrictMath.floor(degrees * 1_000_000.0 + 0.5);
    }

    /**
     * Inverse Transverse Mercator on WGS84 (Snyder 8-18 .. 8-25), northing relative to the equator.
     */
    static double[] utmInverse(final double easting, final double northing, final int zone)
    {
        final double e2 = WGS84_F * (2 - WGS84_F);
        final double ep2 = e2 / (1 - e2);
        final double lon0 = StrictMath.toRadians(zone * 6.0 - 183.0);
        final double m = northing / UTM_K0;
        final double mu = m / (WGS84_A * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
        final double sqrt1e2 = StrictMath.sqrt(1 - e2);
        final double e1 = (1 - sqrt1e2) / (1 + sqrt1e2);
        final double phi1 = mu
            + (3 * e1 / 2 - 27 * e1 * e1 * e1 / 32) * StrictMath.sin(2 * mu)
            + (21 * e1 * e1 / 16 - 55 * e1 * e1 * e1 * e1 / 32) * StrictMath.sin(4 * mu)
            + (151 * e1 * e1 * e1 / 96) * StrictMath.sin(6 * mu)
            + (1097 * e1 * e1 * e1 * e1 / 512) * StrictMath.sin(8 * mu);
        final double sin1 = StrictMath.sin(phi1);
        final double cos1 = StrictMath.cos(phi1);
        final double tan1 = StrictMath.tan(phi1);
        final double c1 = ep2 * cos1 * cos1;
        final double t1 = tan1 * tan1;
        final double n1 = WGS84_A / StrictMath.sqrt(1 - e2 * sin1 * sin1);
        final double r1 = WGS84_A * (1 - e2) / StrictMath.pow(1 - e2 * sin1 * sin1, 1.5);
        final double d = (easting - UTM_FALSE_EASTING) / (n1 * UTM_K0);
        final double d2 = d * d;
        final double lat = phi1 - (n1 * tan1 / r1) * (d2 / 2
            - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * d2 * d2 / 24
            + (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) * d2 * d2 * d2 / 720);
        final double lon = lon0 + (d
            - (1 + 2 * t1 + c1) * d2 * d / 6
            + (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * d2 * d2 * d / 120) / cos1;
        return new double[] {StrictMath.toDegrees(lat), StrictMath.toDegrees(lon)};
    }

    /**
     * Forward Transverse Mercator on WGS84 (Snyder 8-9 .. 8-15), northing relative to the equator; used by
     * generators and tests.
     *
     * @param latDeg latitude, degrees.
     * @param lonDeg longitude, degrees.
     * @param zone   UTM zone.
     * @return {easting, northing} in metres.
     */
    public static double[] utmForward(final double latDeg, final double lonDeg, final int zone)
    {
        final double e2 = WGS84_F * (2 - WGS84_F);
        final double ep2 = e2 / (1 - e2);
        final double phi = StrictMath.toRadians(latDeg);
        final double lon0 = StrictMath.toRadians(zone * 6.0 - 183.0);
        final double sin = StrictMath.sin(phi);
        final double cos = StrictMath.cos(phi);
        final double tan = StrictMath.tan(phi);
        final double n = WGS84_A / StrictMath.sqrt(1 - e2 * sin * sin);
        final double t = tan * tan;
        final double c = ep2 * cos * cos;
        final double a = (StrictMath.toRadians(lonDeg) - lon0) * cos;
        final double m = WGS84_A * ((1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256) * phi
            - (3 * e2 / 8 + 3 * e2 * e2 / 32 + 45 * e2 * e2 * e2 / 1024) * StrictMath.sin(2 * phi)
            + (15 * e2 * e2 / 256 + 45 * e2 * e2 * e2 / 1024) * StrictMath.sin(4 * phi)
            - (35 * e2 * e2 * e2 / 3072) * StrictMath.sin(6 * phi));
        final double easting = UTM_FALSE_EASTING + UTM_K0 * n * (a + (1 - t + c) * a * a * a / 6
            + (5 - 18 * t + t * t + 72 * c - 58 * ep2) * a * a * a * a * a / 120);
        final double northing = UTM_K0 * (m + n * tan * (a * a / 2 + (5 - t + 9 * c + 4 * c * c) * a * a * a * a / 24
            + (61 - 58 * t + t * t + 600 * c - 330 * ep2) * a * a * a * a * a * a / 720));
        return new double[] {easting, northing};
    }
}
