package org.beacon.dispatch.alert;

/**
 * The geometry fields of a dispatcher's command: 0 means "keep" or "by hazard".
 *
 * @param latMicros    the centre's latitude, or 0.
 * @param lonMicros    the centre's longitude, or 0.
 * @param innerRadiusM the inner zone's radius, or 0.
 * @param ringM        the outer ring's width, or 0.
 * @param polygon      the inner zone as lat, lon pairs, or empty.
 */
record Geometry(int latMicros, int lonMicros, long innerRadiusM, long ringM, int[] polygon)
{
    boolean hasCenter()
    {
        return latMicros != 0 || lonMicros != 0;
    }

    boolean given()
    {
        return hasCenter() || innerRadiusM > 0 || polygon.length > 0;
    }

    boolean inRange()
    {
        return (innerRadiusM == 0 || innerRadiusM >= AlertConfig.MIN_RADIUS_M && innerRadiusM <= AlertConfig.MAX_RADIUS_M) &&
            ringM <= AlertConfig.MAX_RADIUS_M && latMicros >= -90_000_000 && latMicros <= 90_000_000 &&
            lonMicros >= -180_000_000 && lonMicros <= 180_000_000;
    }

    /**
     * This geometry over a base area: a polygon replaces, a centre / radius / ring given replaces that part.
     *
     * @param base        the area it changes.
     * @param defaultRing the ring when neither this nor the base has one.
     * @return the area, or {@code null} when it is not a zone.
     */
    AlertArea over(final AlertArea base, final int defaultRing)
    {
        final int ring = ringM > 0 ? (int)ringM : base.ringM() > 0 ? base.ringM() : defaultRing;
        if (polygon.length > 0)
        {
            return AlertArea.polygon(polygon, ring);
        }
        if (base.isPolygon() && !hasCenter() && innerRadiusM == 0)
        {
            return base.withRing(ring);
        }
        final int lat = hasCenter() ? latMicros : base.latMicros();
        final int lon = hasCenter() ? lonMicros : base.lonMicros();
        final int inner = innerRadiusM > 0 ? (int)innerRadiusM : base.innerRadiusM();
        return AlertArea.circle(lat, lon, inner, ring);
    }
}
