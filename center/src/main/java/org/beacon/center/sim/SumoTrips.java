package org.beacon.center.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.sumo.SumoTripsWriter;

/**
 * The demo's background traffic for SUMO: seeded {@code <trip>}s between random edges of the network, departing
 * at a steady rate, written by {@link SumoTripsWriter}; SUMO routes each trip itself (and drops the few it cannot route).
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
     * @param graph           the network (its edge ids are SUMO edge ids).
     * @param seed            of every choice.
     * @param tripsPerMinute  departures per simulated minute.
     * @param durationS       simulated seconds of departures.
     * @return trips written.
     * @throws IOException when the file cannot be written.
     */
    public static int write(final Path file, final RoadGraph graph, final long seed, final double tripsPerMinute,
        final double durationS) throws IOException
    {
        if (graph.edgeCount() < 2 || tripsPerMinute <= 0)
        {
            throw new IllegalArgumentException("need at least two edges and a positive rate");
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final double interval = 60.0 / tripsPerMinute;
        try (SumoTripsWriter out = new SumoTripsWriter(file, null))
        {
            for (double depart = 0; depart < durationS; depart += interval)
            {
                final int from = random.nextInt(graph.edgeCount());
                int to = random.nextInt(graph.edgeCount() - 1);
                if (to >= from)
                {
                    to++;
                }
                out.trip(depart, graph.edgeId(from), graph.edgeId(to));
            }
            return out.count();
        }
    }
}
