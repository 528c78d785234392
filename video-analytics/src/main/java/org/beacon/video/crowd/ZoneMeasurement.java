package org.beacon.video.crowd;

/**
 * What one frame shows in one zone.
 *
 * @param zoneId    the zone.
 * @param count     estimated number of people in the zone.
 * @param occupancy foreground pixels / zone pixels after morphological clean-up, in [0, 1].
 */
public record ZoneMeasurement(int zoneId, int count, double occupancy)
{
}
