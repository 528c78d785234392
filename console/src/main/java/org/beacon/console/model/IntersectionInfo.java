package org.beacon.console.model;

/**
 * Static information on one signalized intersection of the network, known before any event.
 *
 * @param index the intersection's index in the center's fixed signal network.
 * @param id    its name ("J12").
 * @param lat   latitude in degrees (0 with lon 0 when unknown).
 * @param lon   longitude in degrees.
 */
public record IntersectionInfo(int index, String id, double lat, double lon)
{
}
