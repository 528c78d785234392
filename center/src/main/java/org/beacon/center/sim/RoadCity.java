package org.beacon.center.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;
import org.beacon.dispatch.road.SumoNetReader;

/**
 * The demo's road network seen from outside the state machine: the graph, a snapper and a router the
 * simulated units use to plan and drive their routes, and the network's bounding box so that the simulated
 * city places its units and calls where the roads are. Start-up and demo work only; the node never sees it.
 */
public final class RoadCity
{
    /** Classpath resource of the bundled demo network (a 10 x 10 grid around District 1, in the dispatch jar). */
    public static final String BUNDLED_NETWORK = "road/hcmc-grid.net.xml";
    /** How far a position may be from a road and still snap to it, metres. */
    public static final double SNAP_RADIUS_METRES = 1_000.0;

    private final RoadGraph graph;
    private final RoadSnapper snapper;
    private final DriveTimeRouter router;
    private final int minLat;
    private final int maxLat;
    private final int minLon;
    private final int maxLon;

    /**
     * Wraps a graph.
     *
     * @param graph the road network.
     */
    public RoadCity(final RoadGraph graph)
    {
        if (graph.edgeCount() == 0)
        {
            throw new IllegalArgumentException("the road network has no edges");
        }
        this.graph = graph;
        this.snapper = new RoadSnapper(graph);
        this.router = new DriveTimeRouter(graph);
        int lat0 = Integer.MAX_VALUE;
        int lat1 = Integer.MIN_VALUE;
        int lon0 = Integer.MAX_VALUE;
        int lon1 = Integer.MIN_VALUE;
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            for (int p = 0; p < graph.shapePointCount(e); p++)
            {
                lat0 = Math.min(lat0, graph.shapeLatMicros(e, p));
                lat1 = Math.max(lat1, graph.shapeLatMicros(e, p));
                lon0 = Math.min(lon0, graph.shapeLonMicros(e, p));
                lon1 = Math.max(lon1, graph.shapeLonMicros(e, p));
            }
        }
        minLat = lat0;
        maxLat = lat1;
        minLon = lon0;
        maxLon = lon1;
    }

    /**
     * Reads the network bundled in the dispatch jar ({@link #BUNDLED_NETWORK}).
     *
     * @return the road city.
     * @throws UncheckedIOException when the resource is missing or unreadable.
     */
    public static RoadCity bundled()
    {
        try (InputStream in = RoadCity.class.getClassLoader().getResourceAsStream(BUNDLED_NETWORK))
        {
            if (null == in)
            {
                throw new IOException("resource not found: " + BUNDLED_NETWORK);
            }
            return new RoadCity(new SumoNetReader().read(in));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A seeded city whose units and calls lie inside the network's bounding box, with every unit moved
     * onto its nearest road so that its first AVL fix is already on the network.
     *
     * @param seed      of every random choice.
     * @param unitCount units in the fleet.
     * @return the city.
     */
    public SimulatedCity newCity(final long seed, final int unitCount)
    {
        final SimulatedCity city = SimulatedCity.inBox(seed, unitCount, minLat, minLon, maxLat, maxLon);
        final RoadSnapper.Result snapped = new RoadSnapper.Result();
        for (int i = 0; i < unitCount; i++)
        {
            if (snapper.snap(city.latMicros(i), city.lonMicros(i), SNAP_RADIUS_METRES, snapped) != RoadSnapper.NOT_FOUND)
            {
                city.moveTo(i, snapped.latMicros(), snapped.lonMicros());
            }
        }
        return city;
    }

    /**
     * The point at an offset along an edge, on the edge's shape (the offset is scaled from the edge's length to
     * the shape's length, as {@link RoadSnapper} does), and the heading of the shape there.
     *
     * @param edge     the edge.
     * @param offsetCm offset from the edge's start, centimetres, clamped to the edge.
     * @param out      receives latitude and longitude (micro-degrees) and heading (deci-degrees clockwise from
     *                 north) in {@code out[0..2]}.
     */
    public void pointAt(final int edge, final double offsetCm, final int[] out)
    {
        final int points = graph.shapePointCount(edge);
        final double cos = Math.cos(Math.toRadians(graph.shapeLatMicros(edge, 0) / 1e6));
        double total = 0;
        for (int p = 1; p < points; p++)
        {
            total += segmentLength(edge, p, cos);
        }
        final int lengthCm = graph.lengthCm(edge);
        double remaining = lengthCm <= 0 ? 0 : Math.max(0, Math.min(1, offsetCm / lengthCm)) * total;
        for (int p = 1; p < points; p++)
        {
            final double segment = segmentLength(edge, p, cos);
            if (remaining <= segment || p == points - 1)
            {
                final int lat0 = graph.shapeLatMicros(edge, p - 1);
                final int lon0 = graph.shapeLonMicros(edge, p - 1);
                final int dLat = graph.shapeLatMicros(edge, p) - lat0;
                final int dLon = graph.shapeLonMicros(edge, p) - lon0;
                final double t = segment == 0 ? 0 : Math.min(1, remaining / segment);
                out[0] = lat0 + (int)Math.round(t * dLat);
                out[1] = lon0 + (int)Math.round(t * dLon);
                double degrees = Math.toDegrees(Math.atan2(dLon * cos, dLat));
                if (degrees < 0)
                {
                    degrees += 360;
                }
                out[2] = (int)Math.round(degrees * 10) % 3600;
                return;
            }
            remaining -= segment;
        }
        out[0] = graph.shapeLatMicros(edge, 0);
        out[1] = graph.shapeLonMicros(edge, 0);
        out[2] = 0;
    }

    private double segmentLength(final int edge, final int p, final double cos)
    {
        final double dLat = graph.shapeLatMicros(edge, p) - graph.shapeLatMicros(edge, p - 1);
        final double dLon = (graph.shapeLonMicros(edge, p) - graph.shapeLonMicros(edge, p - 1)) * cos;
        return Math.hypot(dLat, dLon);
    }

    /** @return the road network. */
    public RoadGraph graph()
    {
        return graph;
    }

    /** @return the snapper over the network. */
    public RoadSnapper snapper()
    {
        return snapper;
    }

    /** @return the router over the network (one search at a time; the demo is single-threaded). */
    public DriveTimeRouter router()
    {
        return router;
    }

    /** @return southern edge of the network's bounding box, micro-degrees. */
    public int minLatMicros()
    {
        return minLat;
    }

    /** @return northern edge of the network's bounding box, micro-degrees. */
    public int maxLatMicros()
    {
        return maxLat;
    }

    /** @return western edge of the network's bounding box, micro-degrees. */
    public int minLonMicros()
    {
        return minLon;
    }

    /** @return eastern edge of the network's bounding box, micro-degrees. */
    public int maxLonMicros()
    {
        return maxLon;
    }
}
