package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DriveTimeRouterTest
{
    /**
     * A - B - C in a row plus a detour B - D - C; the turn AB -> BC is forbidden, so A to C goes via D.
     */
    private static RoadGraph detour()
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        final int a = b.addJunction("A", 10_770_000, 106_690_000, false);
        final int bb = b.addJunction("B", 10_770_000, 106_691_000, true);
        final int c = b.addJunction("C", 10_770_000, 106_692_000, false);
        final int d = b.addJunction("D", 10_771_000, 106_691_500, false);
        final int ab = b.addEdge("AB", a, bb, 100, 10, null, null);
        final int bc = b.addEdge("BC", bb, c, 100, 10, null, null);
        final int bd = b.addEdge("BD", bb, d, 150, 10, null, null);
        final int dc = b.addEdge("DC", d, c, 150, 10, null, null);
        b.addTurn(ab, bd).addTurn(bd, dc);
        b.addTurn(ab, bc).addTurn(ab, bc);
        return b.build();
    }

    @Test
    void followsTurnsAndChargesPartialEdges()
    {
        final RoadGraph g = detour();
        final DriveTimeRouter router = new DriveTimeRouter(g);
        final int ab = g.edgeIndex("AB");
        final int bc = g.edgeIndex("BC");
        router.start(bc, 5_000);
        router.settleAll();
        // Half of AB (5 s) + half of BC (5 s).
        assertThat(router.etaMs(ab, 5_000)).isEqualTo(10_000);
        assertThat(router.path(ab, 5_000, new int[8])).isEqualTo(2);
        assertThat(router.bruteForceEta(ab, 5_000, bc, 5_000)).isEqualTo(10_000);
    }

    @Test
    void congestionChangesTheBestRoute()
    {
        final RoadGraph g = detour();
        final DriveTimeRouter router = new DriveTimeRouter(g);
        final int ab = g.edgeIndex("AB");
        final int bc = g.edgeIndex("BC");
        final int dc = g.edgeIndex("DC");
        g.setCongestion(bc, 5_000);
        assertThat(g.costMs(bc)).isEqualTo(50_000);
        router.start(dc, 15_000);
        router.settleAll();
        assertThat(router.etaMs(ab, 0)).isEqualTo(40_000);
        final int[] path = new int[8];
        assertThat(router.path(ab, 0, path)).isEqualTo(3);
        assertThat(path).startsWith(ab, g.edgeIndex("BD"), dc);
        assertThat(router.path(ab, 0, new int[2])).isEqualTo(DriveTimeRouter.BUFFER_TOO_SMALL);
        // BC cannot reach DC at all.
        assertThat(router.etaMs(bc, 0)).isEqualTo(DriveTimeRouter.UNREACHED);
        assertThat(router.bruteForceEta(bc, 0, dc, 15_000)).isEqualTo(DriveTimeRouter.UNREACHED);
    }

    @Test
    void sameEdgeAheadOrBehind()
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        final int x = b.addJunction("X", 0, 0, false);
        final int y = b.addJunction("Y", 0, 1_000, false);
        final int xy = b.addEdge("XY", x, y, 100, 10, null, null);
        final int yx = b.addEdge("YX", y, x, 100, 10, null, null);
        b.addTurn(xy, yx).addTurn(yx, xy);
        final RoadGraph g = b.build();
        final DriveTimeRouter router = new DriveTimeRouter(g);
        router.start(xy, 6_000);
        router.settleAll();
        assertThat(router.etaMs(xy, 2_000)).isEqualTo(4_000);
        // Ahead of the incident: round the loop, 2 + 10 + 6 s.
        assertThat(router.etaMs(xy, 8_000)).isEqualTo(18_000);
        final int[] path = new int[8];
        assertThat(router.path(xy, 8_000, path)).isEqualTo(3);
        assertThat(path).startsWith(xy, yx, xy);
        assertThat(router.bruteForceEta(xy, 8_000, xy, 6_000)).isEqualTo(18_000);
    }

    @Test
    void backwardSearchEqualsForwardBruteForceOnRandomGraphs()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 150; round++)
        {
            final RoadGraph g = RandomNetworks.random(random);
            final DriveTimeRouter router = new DriveTimeRouter(g);
            for (int q = 0; q < 5; q++)
            {
                final int f = random.nextInt(g.edgeCount());
                final int p = random.nextInt(g.lengthCm(f) + 1);
                router.start(f, p);
                router.settleAll();
                for (int u = 0; u < 10; u++)
                {
                    final int e = random.nextInt(g.edgeCount());
                    final int o = random.nextInt(g.lengthCm(e) + 1);
                    final int eta = router.etaMs(e, o);
                    assertThat(eta).as("round %d", round).isEqualTo(router.bruteForceEta(e, o, f, p));
                    if (eta >= 0)
                    {
                        assertRouteCosts(g, router, e, o, f, p, eta);
                    }
                }
            }
        }
    }

    static void assertRouteCosts(
        final RoadGraph g, final DriveTimeRouter router, final int e, final int o, final int f, final int p, final int eta)
    {
        final int[] path = new int[g.edgeCount() + 2];
        final int n = router.path(e, o, path);
        assertThat(n).isPositive();
        assertThat(path[0]).isEqualTo(e);
        assertThat(path[n - 1]).isEqualTo(f);
        if (n == 1)
        {
            assertThat(eta).isEqualTo(g.partialCostMs(f, p) - g.partialCostMs(e, o));
            return;
        }
        long sum = g.costMs(e) - g.partialCostMs(e, o);
        for (int i = 1; i < n; i++)
        {
            assertThat(g.successors(path[i - 1])).contains(path[i]);
            sum += i == n - 1 ? g.partialCostMs(f, p) : g.costMs(path[i]);
        }
        assertThat(sum).isEqualTo(eta);
    }
}
