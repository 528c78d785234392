package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UnitRankerTest
{
    private static final int ALS = 1;
    private static final int ENGINE = 2;
    private static final int POLICE = 4;

    @Test
    void equalsBruteForceOnRandomGraphs()
    {
        final SplittableRandom random = new SplittableRandom(2026);
        for (int round = 0; round < 300; round++)
        {
            final RoadGraph g = RandomNetworks.random(random);
            compareWithBruteForce(g, random, 1 + random.nextInt(30), 5, "random round " + round);
        }
    }

    @Test
    void equalsBruteForceOnAGeneratedGrid()
    {
        final SplittableRandom random = new SplittableRandom(112);
        final RoadGraph g = GridNetwork.build(12, 15, 180, 10.77, 106.69, 5);
        for (int round = 0; round < 30; round++)
        {
            for (int e = 0; e < g.edgeCount(); e++)
            {
                g.setCongestion(e, random.nextInt(4) == 0 ? 1000 + random.nextInt(3000) : 1000);
            }
            compareWithBruteForce(g, random, 5 + random.nextInt(60), 5, "grid round " + round);
        }
    }

    @Test
    void equalsBruteForceOnTheHoChiMinhCityDemoNetwork() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(115);
        final RoadGraph g = SumoNetReaderTest.readResource("/road/hcmc-grid.net.xml");
        for (int round = 0; round < 20; round++)
        {
            compareWithBruteForce(g, random, 5 + random.nextInt(40), 5, "hcmc round " + round);
        }
    }

    @Test
    void tiesAreBrokenByUnitIdAndUnavailableOrWrongTypesAreSkipped()
    {
        final RoadGraph g = GridNetwork.build(3, 3, 100, 10.77, 106.69, 1);
        final UnitRanker ranker = new UnitRanker(g, 16, 4);
        final int e = g.edgeIndex("E0_1");
        ranker.upsertUnit(30, e, 1_000, ALS, true);
        ranker.upsertUnit(10, e, 1_000, ALS, true);
        ranker.upsertUnit(20, e, 1_000, ALS | ENGINE, true);
        ranker.upsertUnit(5, e, 1_000, ALS, false);
        ranker.upsertUnit(6, e, 1_000, POLICE, true);
        assertThat(ranker.rank(e, 5_000, ALS, 2, UnitRanker.NO_LIMIT)).isEqualTo(2);
        assertThat(ranker.unitId(0)).isEqualTo(10);
        assertThat(ranker.unitId(1)).isEqualTo(20);
        assertThat(ranker.etaMs(0)).isEqualTo(ranker.etaMs(1));
        assertThat(ranker.route(0)).containsExactly(e);
        // Moving unit 10 past the incident sends it round the block.
        ranker.upsertUnit(10, e, 9_000, ALS, true);
        assertThat(ranker.rank(e, 5_000, ALS, 3, UnitRanker.NO_LIMIT)).isEqualTo(3);
        assertThat(ranker.unitId(0)).isEqualTo(20);
        assertThat(ranker.unitId(1)).isEqualTo(30);
        assertThat(ranker.unitId(2)).isEqualTo(10);
        assertThat(ranker.route(2)).startsWith(e).endsWith(e).hasSizeGreaterThan(2);
        ranker.setAvailable(5, true);
        assertThat(ranker.rank(e, 5_000, ALS, 1, UnitRanker.NO_LIMIT)).isEqualTo(1);
        assertThat(ranker.unitId(0)).isEqualTo(5);
        assertThat(ranker.rank(e, 5_000, ENGINE | POLICE, 4, UnitRanker.NO_LIMIT)).isEqualTo(2);
        assertThat(ranker.unitId(0)).isEqualTo(6);
        assertThat(ranker.unitId(1)).isEqualTo(20);
    }

    @Test
    void aUnitWhoseEtaEqualsTheSearchFrontierIsStillConsidered()
    {
        final RoadGraph g = GridNetwork.build(3, 3, 100, 10.77, 106.69, 1);
        final UnitRanker ranker = new UnitRanker(g, 4, 1);
        final int f = g.edgeIndex("E1_2");
        final int before = g.edgeIndex("E0_1");
        // Unit 50 at the start of the incident's edge; unit 10 at the very end of the edge before it: same ETA.
        ranker.upsertUnit(50, f, 0, ALS, true);
        ranker.upsertUnit(10, before, g.lengthCm(before), ALS, true);
        assertThat(ranker.rank(f, 4_000, ALS, 1, UnitRanker.NO_LIMIT)).isEqualTo(1);
        assertThat(ranker.unitId(0)).isEqualTo(10);
        assertThat(ranker.etaMs(0)).isEqualTo(g.partialCostMs(f, 4_000));
        assertThat(ranker.route(0)).containsExactly(before, f);
    }

    @Test
    void stopsEarlyOnceTheBestUnitsAreKnown()
    {
        final RoadGraph g = GridNetwork.build(60, 60, 150, 10.77, 106.69, 9);
        final UnitRanker ranker = new UnitRanker(g, 16, 3);
        final int near = g.edgeIndex("E0_1");
        ranker.upsertUnit(1, near, 0, ALS, true);
        ranker.upsertUnit(2, near, 100, ALS, true);
        ranker.upsertUnit(3, g.edgeIndex("E1_2"), 0, ALS, true);
        ranker.upsertUnit(4, g.edgeCount() - 1, 0, ALS, true);
        assertThat(ranker.rank(g.edgeIndex("E1_2"), 5_000, ALS, 3, UnitRanker.NO_LIMIT)).isEqualTo(3);
        assertThat(ranker.router().settledCount()).isLessThan(g.edgeCount() / 100);
        // A drive-time limit bounds the search when too few units match.
        assertThat(ranker.rank(g.edgeIndex("E1_2"), 5_000, POLICE, 3, 60_000)).isZero();
        assertThat(ranker.router().settledCount()).isLessThan(g.edgeCount() / 10);
    }

    private static void compareWithBruteForce(
        final RoadGraph g, final SplittableRandom random, final int units, final int queries, final String what)
    {
        final UnitRanker ranker = new UnitRanker(g, units, 8);
        final DriveTimeRouter reference = new DriveTimeRouter(g);
        final long[] ids = new long[units];
        final int[] edges = new int[units];
        final int[] offsets = new int[units];
        final int[] types = new int[units];
        final boolean[] available = new boolean[units];
        for (int u = 0; u < units; u++)
        {
            // Few distinct ids and positions so that ties happen.
            ids[u] = u * 7L % 1000 + (random.nextBoolean() ? 0 : 1000L * u);
            edges[u] = random.nextInt(g.edgeCount());
            // Ends and middles of edges too, where ETAs tie with search labels.
            final int len = g.lengthCm(edges[u]);
            offsets[u] = random.nextInt(3) == 0 ? len * random.nextInt(3) / 2 : random.nextInt(len + 1);
            types[u] = 1 << random.nextInt(3);
            available[u] = random.nextInt(6) != 0;
            ranker.upsertUnit(ids[u], edges[u], offsets[u], types[u], available[u]);
        }
        for (int q = 0; q < queries; q++)
        {
            final int f = random.nextInt(g.edgeCount());
            final int p = random.nextInt(g.lengthCm(f) + 1);
            final int mask = 1 + random.nextInt(7);
            final int k = 1 + random.nextInt(8);
            final int limit = random.nextInt(3) == 0 ? random.nextInt(600_000) : UnitRanker.NO_LIMIT;
            final List<long[]> expected = new ArrayList<>();
            for (int u = 0; u < units; u++)
            {
                if (available[u] && (types[u] & mask) != 0)
                {
                    final int eta = reference.bruteForceEta(edges[u], offsets[u], f, p);
                    if (eta >= 0 && eta <= limit)
                    {
                        expected.add(new long[] {eta, ids[u]});
                    }
                }
            }
            expected.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            final int n = ranker.rank(f, p, mask, k, limit);
            assertThat(n).as(what).isEqualTo(StrictMath.min(k, expected.size()));
            for (int i = 0; i < n; i++)
            {
                assertThat(new long[] {ranker.etaMs(i), ranker.unitId(i)}).as(what + " rank " + i).containsExactly(expected.get(i));
                final int[] route = ranker.route(i);
                final int slot = indexOf(ids, ranker.unitId(i));
                assertThat(route[0]).isEqualTo(edges[slot]);
                DriveTimeRouterTest.assertRouteCosts(g, ranker.router(), edges[slot], offsets[slot], f, p, ranker.etaMs(i));
            }
        }
    }

    private static int indexOf(final long[] ids, final long id)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }
        return -1;
    }
}
