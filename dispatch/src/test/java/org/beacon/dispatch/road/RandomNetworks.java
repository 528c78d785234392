package org.beacon.dispatch.road;

import java.util.SplittableRandom;

/**
 * Seeded random road graphs for property-style tests: junctions scattered over a few kilometres, random
 * directed edges (some one-way, some with parallel duplicates and self-loops), random subsets of turns.
 */
final class RandomNetworks
{
    private RandomNetworks()
    {
    }

    static RoadGraph random(final SplittableRandom random)
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        final int junctions = 2 + random.nextInt(40);
        for (int j = 0; j < junctions; j++)
        {
            b.addJunction("J" + j, 10_760_000 + random.nextInt(30_000), 106_680_000 + random.nextInt(30_000), random.nextInt(4) == 0);
        }
        final int edges = 1 + random.nextInt(junctions * 3);
        for (int e = 0; e < edges; e++)
        {
            final int from = random.nextInt(junctions);
            final int to = random.nextInt(junctions);
            final double length = 1 + random.nextInt(100_000) / 100.0;
            final double speed = 1 + random.nextInt(3_000) / 100.0;
            b.addEdge("E" + e, from, to, length, speed, null, null);
        }
        // Turns between edges meeting at a junction, each kept with some probability; plus a few arbitrary ones.
        // A turn-less snapshot, only to look up edge ends.
        final RoadGraph plain = b.build();
        final double keep = 0.3 + random.nextDouble() * 0.7;
        for (int a = 0; a < edges; a++)
        {
            for (int c = 0; c < edges; c++)
            {
                if (plain.edgeTo(a) == plain.edgeFrom(c) && random.nextDouble() < keep)
                {
                    b.addTurn(a, c);
                }
            }
        }
        final RoadGraph g = b.build();
        for (int e = 0; e < edges; e++)
        {
            if (random.nextInt(5) == 0)
            {
                g.setCongestion(e, 1000 + random.nextInt(4000));
            }
        }
        return g;
    }
}
