package org.beacon.dispatch.road;

import java.util.Arrays;

/**
 * Snaps a micro-degree position to the nearest road edge and says how far it was.
 *
 * <p>The index is a uniform grid over the edges' shape segments in a local equirectangular projection
 * (metres around the network's centre; at city scale the error is far below GPS error). A grid rather than a
 * JTS STRtree because its query allocates nothing and its result is fully determined: among equally near
 * segments the lowest edge index, then the lowest segment, wins. Queries search rings of cells outwards and
 * stop once no unexamined cell can hold anything nearer.
 *
 * <p>Only edges of the graph's largest strongly connected part ({@link RoadGraph#inCore(int)}) are indexed: a
 * position is put on a road from which every other indexed road can be reached and back, never on an island
 * of a real network (a car park with a one-way exit, a stretch behind a bus-only link) that a unit could not
 * reach or leave. The graph itself holds only the roads of its vehicle class.
 */
public final class RoadSnapper
{
    /** Returned by {@link #snap} when no edge lies within the search radius. */
    public static final int NOT_FOUND = -1;

    private static final double EARTH_RADIUS_M = 6_371_008.8;
    private static final double METRES_PER_MICRO = EARTH_RADIUS_M * StrictMath.PI / 180_000_000.0;
    private static final long MAX_CELLS = 1L << 22;

    private final RoadGraph graph;
    private final int originLat;
    private final int originLon;
    private final double metresPerMicroLon;
    private final double[] px;
    private final double[] py;
    private final double[] along;
    private final int[] pointEdge;
    private final double cellSize;
    private final double minX;
    private final double minY;
    private final int nx;
    private final int ny;
    private final int[] cellStart;
    private final int[] cellSegments;

    /**
     * Holds the result of one snap; reused by the caller so snapping allocates nothing.
     */
    public static final class Result
    {
        private int edge = NOT_FOUND;
        private int offsetCm;
        private double distanceMetres;
        private int latMicros;
        private int lonMicros;

        /**
         * @return the edge index, or {@link #NOT_FOUND}.
         */
        public int edge()
        {
            return edge;
        }

        /**
         * @return offset along the edge from its start, centimetres (scaled to the edge's length).
         */
        public int offsetCm()
        {
            return offsetCm;
        }

        /**
         * @return offset along the edge, metres.
         */
        public double offsetMetres()
        {
            return offsetCm / 100.0;
        }

        /**
         * @return distance from the input position to the road, metres.
         */
        public double distanceMetres()
        {
            return distanceMetres;
        }

        /**
         * @return latitude of the snapped point, micro-degrees.
         */
        public int latMicros()
        {
            return latMicros;
        }

        /**
         * @return longitude of the snapped point, micro-degrees.
         */
        public int lonMicros()
        {
            return lonMicros;
        }
    }

    /**
     * Indexes a graph with cells of about 100 m.
     *
     * @param graph the graph.
     */
    public RoadSnapper(final RoadGraph graph)
    {
        this(graph, 100.0);
    }

    /**
     * Indexes a graph.
     *
     * @param graph         the graph.
     * @param cellSizeMetres grid cell size; enlarged when the grid would be too large.
     */
    public RoadSnapper(final RoadGraph graph, final double cellSizeMetres)
    {
        this.graph = graph;
        final int edges = graph.edgeCount();
        int points = 0;
        int minLat = Integer.MAX_VALUE;
        int maxLat = Integer.MIN_VALUE;
        int minLon = Integer.MAX_VALUE;
        int maxLon = Integer.MIN_VALUE;
        for (int e = 0; e < edges; e++)
        {
            for (int p = 0; p < graph.shapePointCount(e); p++)
            {
                final int lat = graph.shapeLatMicros(e, p);
                final int lon = graph.shapeLonMicros(e, p);
                minLat = StrictMath.min(minLat, lat);
                maxLat = StrictMath.max(maxLat, lat);
                minLon = StrictMath.min(minLon, lon);
                maxLon = StrictMath.max(maxLon, lon);
                points++;
            }
        }
        // Local projection centred on the network's bounding box.
        originLat = points == 0 ? 0 : (int)(((long)minLat + maxLat) / 2);
        originLon = points == 0 ? 0 : (int)(((long)minLon + maxLon) / 2);
        metresPerMicroLon = METRES_PER_MICRO * StrictMath.cos(originLat * StrictMath.PI / 180_000_000.0);

        px = new double[points];
        py = new double[points];
        along = new double[points];
        pointEdge = new int[points];
        final double[] extent = project(edges, points);
        final double x0 = extent[0];
        final double y0 = extent[1];
        final double x1 = extent[2];
        final double y1 = extent[3];
        double size = StrictMath.max(1.0, cellSizeMetres);
        while (((long)((x1 - x0) / size) + 1) * ((long)((y1 - y0) / size) + 1) > MAX_CELLS)
        {
            size *= 2;
        }
        cellSize = size;
        minX = x0;
        minY = y0;
        nx = (int)((x1 - x0) / size) + 1;
        ny = (int)((y1 - y0) / size) + 1;

        cellStart = new int[nx * ny + 1];
        cellSegments = index(points);
    }

    /**
     * Projects every shape point into the local plane (px, py), with its edge and its distance along the edge.
     *
     * @return the points' extent x0, y0, x1, y1; all 0 when there are none.
     */
    private double[] project(final int edges, final int points)
    {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        int i = 0;
        for (int e = 0; e < edges; e++)
        {
            for (int p = 0; p < graph.shapePointCount(e); p++, i++)
            {
                px[i] = x(graph.shapeLonMicros(e, p));
                py[i] = y(graph.shapeLatMicros(e, p));
                pointEdge[i] = e;
                along[i] = p == 0 ? 0 : along[i - 1] + StrictMath.hypot(px[i] - px[i - 1], py[i] - py[i - 1]);
                x0 = StrictMath.min(x0, px[i]);
                y0 = StrictMath.min(y0, py[i]);
                x1 = StrictMath.max(x1, px[i]);
                y1 = StrictMath.max(y1, py[i]);
            }
        }
        if (points == 0)
        {
            x0 = 0;
            y0 = 0;
            x1 = 0;
            y1 = 0;
        }
        return new double[] {x0, y0, x1, y1};
    }

    /**
     * Counts (first pass) and then lists (second pass) the shape segments of each grid cell, into cellStart.
     *
     * @return the segments, cell by cell.
     */
    private int[] index(final int points)
    {
        int[] segments = new int[0];
        int[] fill = null;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
            {
                for (int c = 0; c < nx * ny; c++)
                {
                    cellStart[c + 1] += cellStart[c];
                }
                segments = new int[cellStart[nx * ny]];
                fill = Arrays.copyOf(cellStart, nx * ny);
            }
            for (int s = 0; s + 1 < points; s++)
            {
                if (pointEdge[s] != pointEdge[s + 1] || !graph.inCore(pointEdge[s]))
                {
                    continue;
                }
                final int cx0 = cellX(StrictMath.min(px[s], px[s + 1]));
                final int cx1 = cellX(StrictMath.max(px[s], px[s + 1]));
                final int cy0 = cellY(StrictMath.min(py[s], py[s + 1]));
                final int cy1 = cellY(StrictMath.max(py[s], py[s + 1]));
                for (int cy = cy0; cy <= cy1; cy++)
                {
                    for (int cx = cx0; cx <= cx1; cx++)
                    {
                        if (pass == 0)
                        {
                            cellStart[cy * nx + cx + 1]++;
                        }
                        else
                        {
                            segments[fill[cy * nx + cx]++] = s;
                        }
                    }
                }
            }
        }
        return segments;
    }

    /**
     * @return the grid cell size actually used, metres.
     */
    public double cellSizeMetres()
    {
        return cellSize;
    }

    /**
     * Snaps a position to the nearest edge within a radius.
     *
     * @param latMicros         latitude, micro-degrees.
     * @param lonMicros         longitude, micro-degrees.
     * @param maxDistanceMetres search radius.
     * @param out               receives edge, offset, distance and snapped point.
     * @return the edge index, or {@link #NOT_FOUND} (then {@code out.edge()} is {@link #NOT_FOUND} too).
     */
    public int snap(final int latMicros, final int lonMicros, final double maxDistanceMetres, final Result out)
    {
        final double qx = x(lonMicros);
        final double qy = y(latMicros);
        final long qcx = (long)StrictMath.floor((qx - minX) / cellSize);
        final long qcy = (long)StrictMath.floor((qy - minY) / cellSize);
        final long maxRing = StrictMath.max(StrictMath.abs(qcx) + nx, StrictMath.abs(qcy) + ny);
        double best = Double.MAX_VALUE;
        int bestSeg = -1;
        double bestT = 0;
        for (long r = 0; r <= maxRing; r++)
        {
            final double bound = (r - 1) * cellSize;
            if (bound > best || bound > maxDistanceMetres)
            {
                break;
            }
            final long yFrom = StrictMath.max(0, qcy - r);
            final long yTo = StrictMath.min(ny - 1, qcy + r);
            for (long cy = yFrom; cy <= yTo; cy++)
            {
                final boolean edgeRow = cy == qcy - r || cy == qcy + r;
                final long step = edgeRow ? 1 : 2 * r;
                for (long cx = qcx - r; cx <= qcx + r; cx += step == 0 ? 1 : step)
                {
                    if (cx < 0 || cx >= nx)
                    {
                        continue;
                    }
                    final int cell = (int)(cy * nx + cx);
                    for (int k = cellStart[cell]; k < cellStart[cell + 1]; k++)
                    {
                        final int s = cellSegments[k];
                        final double ax = px[s];
                        final double ay = py[s];
                        final double dx = px[s + 1] - ax;
                        final double dy = py[s + 1] - ay;
                        final double len2 = dx * dx + dy * dy;
                        double t = len2 == 0 ? 0 : ((qx - ax) * dx + (qy - ay) * dy) / len2;
                        t = StrictMath.max(0, StrictMath.min(1, t));
                        final double d = StrictMath.hypot(qx - (ax + t * dx), qy - (ay + t * dy));
                        if (d < best || (d == best && better(s, bestSeg)))
                        {
                            best = d;
                            bestSeg = s;
                            bestT = t;
                        }
                    }
                }
            }
        }
        if (bestSeg < 0 || best > maxDistanceMetres)
        {
            out.edge = NOT_FOUND;
            out.offsetCm = 0;
            out.distanceMetres = best == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : best;
            return NOT_FOUND;
        }
        final int edge = pointEdge[bestSeg];
        final double segLen = along[bestSeg + 1] - along[bestSeg];
        final double at = along[bestSeg] + bestT * segLen;
        int lastPoint = bestSeg + 1;
        while (lastPoint + 1 < pointEdge.length && pointEdge[lastPoint + 1] == edge)
        {
            lastPoint++;
        }
        final double shapeLen = along[lastPoint];
        final int lengthCm = graph.lengthCm(edge);
        out.edge = edge;
        out.offsetCm = shapeLen <= 0 ? 0 : (int)StrictMath.min(lengthCm, StrictMath.round(at / shapeLen * lengthCm));
        out.distanceMetres = best;
        final double sx = px[bestSeg] + bestT * (px[bestSeg + 1] - px[bestSeg]);
        final double sy = py[bestSeg] + bestT * (py[bestSeg + 1] - py[bestSeg]);
        out.lonMicros = (int)StrictMath.round(originLon + sx / metresPerMicroLon);
        out.latMicros = (int)StrictMath.round(originLat + sy / METRES_PER_MICRO);
        return edge;
    }

    private static boolean better(final int s, final int bestSeg)
    {
        return bestSeg < 0 || s < bestSeg;
    }

    private double x(final int lonMicros)
    {
        return ((long)lonMicros - originLon) * metresPerMicroLon;
    }

    private double y(final int latMicros)
    {
        return ((long)latMicros - originLat) * METRES_PER_MICRO;
    }

    private int cellX(final double x)
    {
        return (int)StrictMath.max(0, StrictMath.min(nx - 1, (long)((x - minX) / cellSize)));
    }

    private int cellY(final double y)
    {
        return (int)StrictMath.max(0, StrictMath.min(ny - 1, (long)((y - minY) / cellSize)));
    }
}
