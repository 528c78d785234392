package org.beacon.video.crowd;

/**
 * A crowd zone of one camera: a polygon in image pixels (x right, y down), at least three vertices.
 *
 * @param id   zone id, unique per camera.
 * @param name operator-facing name.
 * @param xs   vertex x coordinates.
 * @param ys   vertex y coordinates, same length as {@code xs}.
 */
public record Zone(int id, String name, int[] xs, int[] ys)
{
    /**
     * Validates the polygon and takes private copies of the vertex arrays.
     */
    public Zone
    {
        if (xs == null || ys == null || xs.length != ys.length || xs.length < 3)
        {
            throw new IllegalArgumentException("a zone needs at least three vertices with as many xs as ys");
        }
        xs = xs.clone();
        ys = ys.clone();
    }

    /**
     * A rectangular zone.
     *
     * @param id     zone id.
     * @param name   zone name.
     * @param x      left edge.
     * @param y      top edge.
     * @param width  width in pixels.
     * @param height height in pixels.
     * @return the zone.
     */
    public static Zone rectangle(final int id, final String name, final int x, final int y, final int width, final int height)
    {
        return new Zone(id, name, new int[] {x, x + width, x + width, x}, new int[] {y, y, y + height, y + height});
    }
}
