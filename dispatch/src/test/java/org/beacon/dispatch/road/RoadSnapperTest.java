package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RoadSnapperTest
{
    private static final double METRES_PER_MICRO = 6_371_008.8 * StrictMath.PI / 180_000_000.0;

    @Test
    void snapsBesideAStreetAndSaysHowFar()
    {
        // 10 x 10 grid, 200 m blocks, origin at 10.77 N 106.69 E.
        final RoadGraph g = GridNetwork.build(10, 10, 200, 10.77, 106.69, 1);
        final RoadSnapper snapper = new RoadSnapper(g, 50);
        final RoadSnapper.Result out = new RoadSnapper.Result();
        // 30 m north of the street J0_0 -> J0_1, a quarter of the way along (50 m east).
        final int lat = 10_770_000 + (int)StrictMath.round(30 / METRES_PER_MICRO);
        final int lon = 106_690_000 + (int)StrictMath.round(50 / (METRES_PER_MICRO * StrictMath.cos(StrictMath.toRadians(10.77))));
        final int edge = snapper.snap(lat, lon, 100, out);
        // Both directions share the geometry; the lower edge index wins the tie.
        assertThat(edge).isEqualTo(g.edgeIndex("E0_1"));
        assertThat(out.distanceMetres()).isCloseTo(30.0, within(0.5));
        assertThat(out.offsetMetres()).isCloseTo(50.0, within(0.5));
        assertThat(out.latMicros()).isCloseTo(10_770_000, within(2));
        assertThat(snapper.snap(lat, lon, 10, out)).isEqualTo(RoadSnapper.NOT_FOUND);
        assertThat(out.distanceMetres()).isGreaterThan(10);
    }

    @Test
    void farAwayPointsAreNotFoundWithinTheRadius()
    {
        final RoadGraph g = GridNetwork.build(5, 5, 200, 10.77, 106.69, 1);
        final RoadSnapper snapper = new RoadSnapper(g);
        final RoadSnapper.Result out = new RoadSnapper.Result();
        assertThat(snapper.snap(11_000_000, 107_000_000, 500, out)).isEqualTo(RoadSnapper.NOT_FOUND);
        assertThat(snapper.snap(10_769_000, 106_689_000, 500, out)).isEqualTo(0);
        assertThat(out.distanceMetres()).isCloseTo(StrictMath.hypot(110.6, 109.4), within(2.0));
    }

    @Test
    void gridAnswerEqualsALinearScanOnTheDemoNetwork() throws Exception
    {
        final RoadGraph g = SumoNetReaderTest.readResource("/road/hcmc-grid.net.xml");
        checkAgainstLinearScan(g, new RoadSnapper(g, 40), 11);
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 30; i++)
        {
            final RoadGraph r = RandomNetworks.random(random);
            checkAgainstLinearScan(r, new RoadSnapper(r, 20 + random.nextInt(500)), i);
        }
    }

    private static void checkAgainstLinearScan(final RoadGraph g, final RoadSnapper snapper, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final RoadSnapper.Result out = new RoadSnapper.Result();
        int minLat = Integer.MAX_VALUE;
        int maxLat = Integer.MIN_VALUE;
        int minLon = Integer.MAX_VALUE;
        int maxLon = Integer.MIN_VALUE;
        for (int e = 0; e < g.edgeCount(); e++)
        {
            for (int p = 0; p < g.shapePointCount(e); p++)
            {
                minLat = StrictMath.min(minLat, g.shapeLatMicros(e, p));
                maxLat = StrictMath.max(maxLat, g.shapeLatMicros(e, p));
                minLon = StrictMath.min(minLon, g.shapeLonMicros(e, p));
                maxLon = StrictMath.max(maxLon, g.shapeLonMicros(e, p));
            }
        }
        final double cos = StrictMath.cos((minLat + (long)maxLat) / 2 * StrictMath.PI / 180_000_000.0);
        for (int i = 0; i < 200; i++)
        {
            final int lat = minLat - 2_000 + random.nextInt(maxLat - minLat + 4_001);
            final int lon = minLon - 2_000 + random.nextInt(maxLon - minLon + 4_001);
            double best = Double.MAX_VALUE;
            for (int e = 0; e < g.edgeCount(); e++)
            {
                for (int p = 0; p + 1 < g.shapePointCount(e) && g.inCore(e); p++)
                {
                    best = StrictMath.min(best, segmentDistance(g, e, p, lat, lon, cos));
                }
            }
            final int edge = snapper.snap(lat, lon, 1e9, out);
            assertThat(edge).isGreaterThanOrEqualTo(0);
            assertThat(g.inCore(edge)).isTrue();
            assertThat(out.distanceMetres()).isCloseTo(best, within(0.01));
            assertThat(out.offsetCm()).isBetween(0, g.lengthCm(edge));
        }
    }

    private static double segmentDistance(final RoadGraph g, final int e, final int p, final int lat, final int lon, final double cos)
    {
        final double ax = (g.shapeLonMicros(e, p) - (long)lon) * METRES_PER_MICRO * cos;
        final double ay = (g.shapeLatMicros(e, p) - (long)lat) * METRES_PER_MICRO;
        final double bx = (g.shapeLonMicros(e, p + 1) - (long)lon) * METRES_PER_MICRO * cos;
        final double by = (g.shapeLatMicros(e, p + 1) - (long)lat) * METRES_PER_MICRO;
        final double dx = bx - ax;
        final double dy = by - ay;
        final double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : -(ax * dx + ay * dy) / len2;
        t = StrictMath.max(0, StrictMath.min(1, t));
        return StrictMath.hypot(ax + t * dx, ay + t * dy);
    }
}
