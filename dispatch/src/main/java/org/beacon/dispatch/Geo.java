package org.beacon.dispatch;

/**
 * Straight-line distance between micro-degree positions. Everything goes through {@link StrictMath}
 * so every JVM on every platform computes the same metres.
 */
final class Geo
{
    /** IUGG mean Earth radius, metres. */
    static final double EARTH_RADIUS_M = 6_371_008.8;

    private static final double MICROS_TO_RADIANS = StrictMath.PI / 180_000_000.0;

    private Geo()
    {
    }

    /**
     * Haversine great-circle distance, rounded half up to whole metres.
     */
    static long distanceMetres(final int lat1Micros, final int lon1Micros, final int lat2Micros, final int lon2Micros)
    {
        final double phi1 = lat1Micros * MICROS_TO_RADIANS;
        final double phi2 = lat2Micros * MICROS_TO_RADIANS;
        final double deltaPhi = ((long)lat2Micros - lat1Micros) * MICROS_TO_RADIANS;
        final double deltaLambda = ((long)lon2Micros - lon1Micros) * MICROS_TO_RADIANS;

        final double sinHalfPhi = StrictMath.sin(deltaPhi * 0.5);
        final double sinHalfLambda = StrictMath.sin(deltaLambda * 0.5);
        double a = sinHalfPhi * sinHalfPhi + StrictMath.cos(phi1) * StrictMath.cos(phi2) * sinHalfLambda * sinHalfLambda;
        a = StrictMath.min(1.0, StrictMath.max(0.0, a));
        final double c = 2.0 * StrictMath.atan2(StrictMath.sqrt(a), StrictMath.sqrt(1.0 - a));

        return (long)StrictMath.floor(EARTH_RADIUS_M * c + 0.5);
    }

    static boolean isValid(final int latMicros, final int lonMicros)
    {
        return latMicros >= -90_000_000 && latMicros <= 90_000_000 && lonMicros >= -180_000_000 && lonMicros <= 180_000_000;
    }
}
