package org.beacon.center.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.sumo.SumoTripsWriter;

/**
 * The demo's background traffic for SUMO: seeded {@code <trip>}s between random edges of the network, departing
 * at a steady rate, written by {@link SumoTripsWriter}; SUMO routes each trip itself. Both ends are drawn from the
 * largest strongly connected part of the graph ({@link RoadGraph#inCore}), read for the trips' vehicle class
 * (SUMO's default type is a {@code passenger} car), so every trip has a route on a real network too.
 */
public final class SumoTrips
{
    private SumoTrips()
    {
    }

    /**
     * Writes a routes file of trips.
     *
     * @param file            the routes file to write.
     * @param graph           the network for the trips' vehicle class (its edge ids are SUMO edge ids).
     * @param seed            of every choice.
     * @param tripsPerMinute  departures per simulated minute.
     * @param durationS       simulated seconds of departures.
     * @return trips written.
     * @throws IOException when the file cannot be written.
     */
    public static int write(final Path file, final RoadGraph graph, final long seed, final double tripsPerMinute,
        final double durationS) throws IOException
    {
        if (graph.coreSize() < 2 || tripsPerMinute <= 0)
        {
            throw new IllegalArgumentException("need at least two connected edges and a positive rate");
        }
        final int[] core = new int[graph.coreSize()];
        for (int e = 0, k = 0; e < graph.edgeCount(); e++)
        {
            if (graph.inCore(e))
            {
                core[k++] = e;
            }
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final double interval = 60.0 / tripsPerMinute;
        try (SumoTripsWriter out = new SumoTripsWriter(file, null))
        {
            for (double depart = 0; depart < durationS; depart += interval)
            {
                final int from = random.nextInt(core.length);
                int to = random.nextInt(core.length - 1);
                if (to >= from)
                {
                    to++;
                }
                out.trip(depart, graph.edgeId(core[from]), graph.edgeId(core[to]));
            }
            return out.count();
        }
    }
}
