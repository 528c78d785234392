package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.congestion;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.tick;
import static org.beacon.dispatch.TestEvents.unitPosition;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.EtaUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.StatusOverdueDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.GridNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;
import org.junit.jupiter.api.Test;

/**
 * Dispatch on a road network: drive-time ranking, reassignment, congestion, routes, ETA updates, overdue timers.
 */
class RoadDispatchTest
{
    private static final int ROWS = 10;
    private static final int COLS = 10;
    private static final RoadGraph GRID = GridNetwork.build(ROWS, COLS, 200, 10.77, 106.69, 3);

    private static int lat(final double row)
    {
        final int r = (int)StrictMath.floor(row);
        final double f = row - r;
        final int a = GRID.junctionLatMicros(r * COLS);
        final int b = GRID.junctionLatMicros(StrictMath.min(ROWS - 1, r + 1) * COLS);
        return (int)StrictMath.round(a + (b - a) * f);
    }

    private static int lon(final double col)
    {
        final int c = (int)StrictMath.floor(col);
        final double f = col - c;
        final int a = GRID.junctionLonMicros(c);
        final int b = GRID.junctionLonMicros(StrictMath.min(COLS - 1, c + 1));
        return (int)StrictMath.round(a + (b - a) * f);
    }

    private static DispatchDriver driver()
    {
        return new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, GRID));
    }

    private static List<UnitRecommendedDecoder> recommendations(final List<byte[]> outputs)
    {
        final List<UnitRecommendedDecoder> result = new ArrayList<>();
        for (final byte[] output : Outputs.only(outputs, UnitRecommendedDecoder.TEMPLATE_ID))
        {
            result.add(Outputs.recommended(output));
        }
        return result;
    }

    private static RouteAssignedDecoder routeAssigned(final byte[] output)
    {
        return new RouteAssignedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    @Test
    void driveTimeRankingEqualsBruteForceOnTheGrid()
    {
        final SplittableRandom random = new SplittableRandom(4);
        final RoadSnapper snapper = new RoadSnapper(GRID);
        final DriveTimeRouter router = new DriveTimeRouter(GRID);
        int compared = 0;
        for (int round = 0; round < 60; round++)
        {
            final DispatchDriver driver = driver();
            final int unitCount = 1 + random.nextInt(25);
            final List<long[]> expected = new ArrayList<>();
            final int[][] positions = new int[unitCount][];
            for (int u = 0; u < unitCount; u++)
            {
                final int uLat = lat(random.nextDouble() * (ROWS - 1));
                final int uLon = lon(random.nextDouble() * (COLS - 1));
                positions[u] = new int[]{uLat, uLon};
                driver.apply(availableUnit(u + 1, Agency.POLICE, uLat, uLon));
            }
            final int iLat = lat(random.nextDouble() * (ROWS - 1));
            final int iLon = lon(random.nextDouble() * (COLS - 1));
            final RoadSnapper.Result incident = new RoadSnapper.Result();
            assertThat(snapper.snap(iLat, iLon, 500, incident)).isNotNegative();
            for (int u = 0; u < unitCount; u++)
            {
                final RoadSnapper.Result at = new RoadSnapper.Result();
                assertThat(snapper.snap(positions[u][0], positions[u][1], 500, at)).isNotNegative();
                final int eta = router.bruteForceEta(at.edge(), at.offsetCm(), incident.edge(), incident.offsetCm());
                if (eta >= 0)
                {
                    expected.add(new long[]{eta, u + 1});
                }
            }
            expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));

            final List<UnitRecommendedDecoder> got = recommendations(driver.apply(call(500 + round, Agency.POLICE, iLat, iLon)));
            assertThat(got).hasSize(StrictMath.min(3, expected.size()));
            for (int i = 0; i < got.size(); i++)
            {
                assertThat(got.get(i).unitId()).as("round %d rank %d", round, i + 1).isEqualTo(expected.get(i)[1]);
                assertThat(got.get(i).etaS()).isEqualTo((expected.get(i)[0] + 500) / 1000);
                assertThat(got.get(i).rank()).isEqualTo((short)(i + 1));
                assertThat(got.get(i).reassignFromIncidentId()).isZero();
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void rankingFollowsDriveTimeNotTheStraightLine()
    {
        final DispatchDriver driver = driver();
        // Unit 1 is closer as the crow flies but on the far side of a one-block detour; unit 2 drives straight.
        driver.applyAll(
            availableUnit(1, Agency.POLICE, lat(2.5), lon(4.5)),
            availableUnit(2, Agency.POLICE, lat(4), lon(1)));
        final List<UnitRecommendedDecoder> got = recommendations(driver.apply(call(1, Agency.POLICE, lat(4), lon(4.5))));
        assertThat(got).hasSize(2);
        assertThat(got.get(0).etaS()).isLessThanOrEqualTo(got.get(1).etaS());
        assertThat(got.get(0).distanceM()).isPositive();
    }

    @Test
    void congestionChangesTheRanking()
    {
        // Two units the same distance west and east of the incident on one street.
        final byte[][] setup = {
            availableUnit(1, Agency.POLICE, lat(5), lon(2.5)),
            availableUnit(2, Agency.POLICE, lat(5), lon(6.5))};
        final DispatchDriver free = driver();
        free.applyAll(setup);
        final List<UnitRecommendedDecoder> before = recommendations(free.apply(call(1, Agency.POLICE, lat(5), lon(4.5))));
        final long firstFree = before.get(0).unitId();
        final long secondFree = before.get(1).unitId();

        final DispatchDriver jammed = driver();
        jammed.applyAll(setup);
        // Congest every edge: the first unit's route gets 20 times slower, the second unit's too except its last part.
        final DispatchDriver probe = driver();
        probe.applyAll(setup);
        probe.apply(call(1, Agency.POLICE, lat(5), lon(4.5)));
        probe.apply(dispatch(probe.sequence, firstFree, 7));
        final RouteAssignedDecoder route = routeAssigned(Outputs.only(probe.outputs, RouteAssignedDecoder.TEMPLATE_ID).get(0));
        int jammedEdges = 0;
        for (final RouteAssignedDecoder.RouteDecoder edge : route.route())
        {
            jammed.apply(congestion(edge.edgeIndex(), 20_000));
            jammedEdges++;
        }
        assertThat(jammedEdges).isPositive();
        final List<UnitRecommendedDecoder> after = recommendations(jammed.apply(call(1, Agency.POLICE, lat(5), lon(4.5))));
        assertThat(after.get(0).unitId()).isEqualTo(secondFree);
        assertThat(after.get(1).unitId()).isEqualTo(firstFree);
        // The other instance (and the shared source graph) never saw the congestion.
        assertThat(recommendations(driver().applyAll(setup[0], setup[1], call(1, Agency.POLICE, lat(5), lon(4.5)))).get(0).unitId())
            .isEqualTo(firstFree);
        for (int e = 0; e < GRID.edgeCount(); e++)
        {
            assertThat(GRID.congestionPermille(e)).isEqualTo(RoadGraph.FREE_FLOW_PERMILLE);
        }
        assertThat(free.service.roadGraph()).isNotSameAs(jammed.service.roadGraph());
    }

    @Test
    void invalidCongestionIsIgnored()
    {
        final DispatchDriver driver = driver();
        driver.applyAll(congestion(-1, 2000), congestion(GRID.edgeCount(), 2000), congestion(3, 999), congestion(4, 2500));
        assertThat(driver.service.roadGraph().congestionPermille(3)).isEqualTo(1000);
        assertThat(driver.service.roadGraph().congestionPermille(4)).isEqualTo(2500);
        assertThat(driver.outputs).isEmpty();
    }

    @Test
    void unitOnItsWayToALowerPriorityIncidentIsProposedForReassignment()
    {
        final DispatchDriver driver = driver();
        driver.apply(TestEvents.availableUnit(1, Agency.UNIFIED, lat(5), lon(5)));
        // A 112 incident (priority 3) far away takes the rescue unit.
        driver.apply(call(10, Agency.UNIFIED, lat(0), lon(0)));
        final long lowIncident = driver.sequence;
        driver.apply(dispatch(lowIncident, 1, 7));
        // A fire (priority 1) next to the unit: it is proposed, with the incident it would leave.
        final List<UnitRecommendedDecoder> got = recommendations(driver.apply(call(11, Agency.FIRE, lat(5), lon(5.5))));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).unitId()).isEqualTo(1);
        assertThat(got.get(0).reassignFromIncidentId()).isEqualTo(lowIncident);
        final long fireIncident = driver.sequence;

        // A unit committed to a higher-priority incident is not proposed.
        final List<UnitRecommendedDecoder> none = recommendations(driver.apply(call(12, Agency.UNIFIED, lat(8), lon(8))));
        assertThat(none).isEmpty();

        // The dispatcher takes it: the unit moves to the fire.
        final List<byte[]> out = driver.apply(dispatch(fireIncident, 1, 7));
        assertThat(Outputs.only(out, org.beacon.codecs.DispatchOrderDecoder.TEMPLATE_ID)).hasSize(1);
        assertThat(driver.service.unit(1).committedIncidentId()).isEqualTo(fireIncident);
    }

    @Test
    void dispatchPublishesAConnectedRouteEndingAtTheIncidentEdge()
    {
        final DispatchDriver driver = driver();
        driver.apply(availableUnit(1, Agency.POLICE, lat(1), lon(1.5)));
        final int iLat = lat(7.5);
        final int iLon = lon(8);
        driver.apply(call(1, Agency.POLICE, iLat, iLon));
        final long incidentId = driver.sequence;
        final long etaS = recommendations(driver.outputs).get(0).etaS();
        final List<byte[]> out = driver.apply(dispatch(incidentId, 1, 7));
        assertThat(out.stream().map(Outputs::templateId).toList()).startsWith(
            org.beacon.codecs.DispatchOrderDecoder.TEMPLATE_ID, RouteAssignedDecoder.TEMPLATE_ID);
        final RouteAssignedDecoder route = routeAssigned(out.get(1));
        assertThat(route.incidentId()).isEqualTo(incidentId);
        assertThat(route.unitId()).isEqualTo(1);
        assertThat(route.etaS()).isEqualTo(etaS);
        final List<Integer> edges = new ArrayList<>();
        for (final RouteAssignedDecoder.RouteDecoder edge : route.route())
        {
            edges.add(edge.edgeIndex());
        }
        assertThat(edges).hasSizeGreaterThan(3);
        for (int i = 0; i + 1 < edges.size(); i++)
        {
            final int from = edges.get(i);
            final int to = edges.get(i + 1);
            assertThat(java.util.Arrays.stream(GRID.successors(from)).anyMatch(s -> s == to)).as("turn %d -> %d", from, to).isTrue();
        }
        final RoadSnapper.Result unitAt = new RoadSnapper.Result();
        final RoadSnapper.Result incidentAt = new RoadSnapper.Result();
        new RoadSnapper(GRID).snap(lat(1), lon(1.5), 500, unitAt);
        new RoadSnapper(GRID).snap(iLat, iLon, 500, incidentAt);
        assertThat(edges.get(0)).isEqualTo(unitAt.edge());
        assertThat(edges.get(edges.size() - 1)).isEqualTo(incidentAt.edge());
    }

    @Test
    void avlThatChangesTheEtaPublishesIt()
    {
        final DispatchDriver driver = driver();
        driver.apply(availableUnit(1, Agency.POLICE, lat(1), lon(1.5)));
        driver.apply(call(1, Agency.POLICE, lat(7.5), lon(8)));
        final long incidentId = driver.sequence;
        driver.apply(dispatch(incidentId, 1, 7));
        final long first = routeAssigned(Outputs.only(driver.outputs, RouteAssignedDecoder.TEMPLATE_ID).get(0)).etaS();

        // A few metres: less than 10 s of change, nothing.
        assertThat(driver.apply(unitPosition(1, lat(1) + 20, lon(1.5)))).isEmpty();
        // Half way there: a new ETA.
        final List<byte[]> out = driver.apply(unitPosition(1, lat(4), lon(4.5)));
        assertThat(out).hasSize(1);
        final EtaUpdatedDecoder eta =
            new EtaUpdatedDecoder().wrapAndApplyHeader(new UnsafeBuffer(out.get(0)), 0, new MessageHeaderDecoder());
        assertThat(eta.unitId()).isEqualTo(1);
        assertThat(eta.incidentId()).isEqualTo(incidentId);
        assertThat(eta.etaS()).isLessThan(first - 10);

        // On scene: no more ETA updates.
        driver.apply(unitStatus(1, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.ON_SCENE, lat(7.5), lon(8)));
        assertThat(driver.apply(unitPosition(1, lat(1), lon(1.5)))).isEmpty();
    }

    @Test
    void eachStatusRaisesOverdueOnceAfterItsThreshold()
    {
        final DispatchConfig config = DispatchConfig.DEFAULT;
        final UnitStatusCode[] statuses = {
            UnitStatusCode.DISPATCHED, UnitStatusCode.EN_ROUTE, UnitStatusCode.ON_SCENE, UnitStatusCode.TRANSPORTING,
            UnitStatusCode.AT_HOSPITAL};
        final long[] thresholdsS = {120, 20 * 60, 60 * 60, 45 * 60, 30 * 60};
        for (int i = 0; i < statuses.length; i++)
        {
            for (final RoadGraph graph : new RoadGraph[]{null, GRID})
            {
                final DispatchDriver driver = new DispatchDriver(new DispatchService(config, graph));
                driver.apply(availableUnit(7, Agency.POLICE, lat(3), lon(3)));
                driver.advanceSeconds(5);
                final long since = driver.nowNs;
                driver.apply(unitStatus(7, Agency.POLICE, UnitType.POLICE_PATROL, statuses[i], lat(3), lon(3)));
                driver.advanceSeconds(thresholdsS[i]);
                assertThat(driver.apply(tick(1))).as("%s at its threshold", statuses[i]).isEmpty();
                driver.advanceSeconds(3);
                final List<byte[]> out = driver.apply(tick(2));
                assertThat(out).as("%s after its threshold", statuses[i]).hasSize(1);
                final StatusOverdueDecoder overdue =
                    new StatusOverdueDecoder().wrapAndApplyHeader(new UnsafeBuffer(out.get(0)), 0, new MessageHeaderDecoder());
                assertThat(overdue.unitId()).isEqualTo(7);
                assertThat(overdue.status()).isEqualTo(statuses[i]);
                assertThat(overdue.sinceNs()).isEqualTo(since);
                assertThat(overdue.overdueS()).isEqualTo(3);
                driver.advanceSeconds(600);
                assertThat(driver.apply(tick(3))).as("raised once").isEmpty();

                // A new status restarts the clock; AVAILABLE is never overdue.
                driver.apply(availableUnit(7, Agency.POLICE, lat(3), lon(3)));
                driver.advanceSeconds(10 * 3600);
                assertThat(driver.apply(tick(4))).isEmpty();
            }
        }
    }

    @Test
    void offRoadUnitsFallBackToTheStraightLine()
    {
        final DispatchDriver driver = driver();
        // Unit 2 is 3 km south of the grid: no road within 500 m.
        driver.applyAll(
            availableUnit(1, Agency.POLICE, lat(0), lon(9)),
            availableUnit(2, Agency.POLICE, lat(0) - 27_000, lon(0)));
        final List<UnitRecommendedDecoder> got = recommendations(driver.apply(call(1, Agency.POLICE, lat(0.5), lon(0))));
        assertThat(got).extracting(UnitRecommendedDecoder::unitId).containsExactlyInAnyOrder(1L, 2L);
        final UnitRecommendedDecoder offRoad = got.get(0).unitId() == 2 ? got.get(0) : got.get(1);
        final long straight = Geo.distanceMetres(lat(0.5), lon(0), lat(0) - 27_000, lon(0));
        assertThat(offRoad.distanceM()).isEqualTo(straight);
        assertThat(driver.apply(dispatch(driver.sequence, 2, 7)).stream().map(Outputs::templateId).toList())
            .doesNotContain(RouteAssignedDecoder.TEMPLATE_ID);
    }

    @Test
    void snapshotCarriesCongestionAndTimers()
    {
        final DispatchDriver driver = driver();
        driver.applyAll(
            availableUnit(1, Agency.POLICE, lat(1), lon(1.5)), congestion(5, 4000), call(1, Agency.POLICE, lat(7.5), lon(8)),
            dispatch(3, 1, 7));
        driver.advanceSeconds(30);
        final byte[] snapshot = driver.snapshot();
        final DispatchDriver restored = new DispatchDriver(DispatchDriver.restored(snapshot, DispatchConfig.DEFAULT, GRID));
        restored.sequence = driver.sequence;
        restored.nowNs = driver.nowNs;
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.service.roadGraph().congestionPermille(5)).isEqualTo(4000);
        final byte[][] tail = {unitPosition(1, lat(4), lon(4.5)), tick(1), congestion(6, 3000), tick(2)};
        for (final byte[] event : tail)
        {
            driver.advanceSeconds(60);
            restored.advanceSeconds(60);
            assertThat(restored.apply(event)).usingElementComparator(java.util.Arrays::compare).isEqualTo(driver.apply(event));
        }
        assertThat(Outputs.only(driver.outputs, StatusOverdueDecoder.TEMPLATE_ID)).hasSize(1);
        assertThat(restored.snapshot()).isEqualTo(driver.snapshot());
    }
}
