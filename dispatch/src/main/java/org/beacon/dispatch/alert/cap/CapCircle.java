package org.beacon.dispatch.alert.cap;

/**
 * A circular area, written as {@code lat,lon radius}.
 *
 * @param lat      latitude of the centre, WGS 84 decimal degrees (written with 6 decimals).
 * @param lon      longitude of the centre, WGS 84 decimal degrees (written with 6 decimals).
 * @param radiusKm radius in kilometres (written with 3 decimals).
 */
public record CapCircle(double lat, double lon, double radiusKm)
{
}
