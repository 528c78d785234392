package org.beacon.center.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import org.beacon.dispatch.road.RoadGraph;

/**
 * The demo's background traffic for SUMO: seeded {@code <trip>}s between random edges of the network, departing
 * at a steady rate; SUMO routes each trip itself (and drops the few it cannot route).
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
        int trips = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<routes>\n");
            for (double depart = 0; depart < durationS; depart += interval)
            {
                final int from = random.nextInt(graph.edgeCount());
                int to = random.nextInt(graph.edgeCount() - 1);
                if (to >= from)
                {
                    to++;
                }
                out.write(String.format(Locale.ROOT, "  <trip id=\"bg%d\" depart=\"%.2f\" from=\"%s\" to=\"%s\" departLane=\"best\"/>%n",
                    trips, depart, xml(graph.edgeId(from)), xml(graph.edgeId(to))));
                trips++;
            }
            out.write("</routes>\n");
        }
        return trips;
    }

    private static String xml(final String text)
    {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
