package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.tick;
import static org.beacon.dispatch.TestEvents.unitPosition;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.GridNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.junit.jupiter.api.Test;

/**
 * Recommendations kept current (issue 16, item 2): a unit that changes status, commitment or moves far gives the
 * incidents whose current recommendation names it a new one, a bounded number per event, the rest on the following
 * events in the order they became due; a unit that is not available is never first while an available one can be.
 */
class CurrentRecommendationsTest
{
    private static final UnitType ENGINE = TestEvents.typeFor(Agency.FIRE);

    private final DispatchDriver driver = new DispatchDriver();

    /** A recommendation as (incident, unit, rank, reassign from). */
    private record Rec(long incidentId, long unitId, int rank, long reassignFrom)
    {
    }

    private static List<Rec> recommendations(final List<byte[]> outputs)
    {
        final List<Rec> result = new ArrayList<>();
        for (final byte[] output : Outputs.only(outputs, UnitRecommendedDecoder.TEMPLATE_ID))
        {
            final UnitRecommendedDecoder d = Outputs.recommended(output);
            result.add(new Rec(d.incidentId(), d.unitId(), d.rank(), d.reassignFromIncidentId()));
        }
        return result;
    }

    private static List<Long> firstRanked(final List<byte[]> outputs)
    {
        final List<Long> incidents = new ArrayList<>();
        for (final Rec rec : recommendations(outputs))
        {
            if (1 == rec.rank())
            {
                incidents.add(rec.incidentId());
            }
        }
        return incidents;
    }

    /** Four fire engines north of the base: 1 at 200 m, 2 at 1 km, 3 at 2 km, 4 at 3 km. */
    private void fourEngines(final DispatchDriver on)
    {
        on.applyAll(
            availableUnit(1, Agency.FIRE, north(BASE_LAT, 200), BASE_LON),
            availableUnit(2, Agency.FIRE, north(BASE_LAT, 1_000), BASE_LON),
            availableUnit(3, Agency.FIRE, north(BASE_LAT, 2_000), BASE_LON),
            availableUnit(4, Agency.FIRE, north(BASE_LAT, 3_000), BASE_LON));
    }

    @Test
    void aUnitOnSceneElsewhereLeavesTheRecommendationsThatNamedIt()
    {
        fourEngines(driver);
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        final long fire = driver.sequence;
        driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 9_000), BASE_LON));
        final long theft = driver.sequence;

        // Engine 1 comes upon another fire and reports ON_SCENE there on its own.
        final List<byte[]> out = driver.apply(unitStatus(1, Agency.FIRE, ENGINE, UnitStatusCode.ON_SCENE,
            north(BASE_LAT, 200), BASE_LON));

        assertThat(recommendations(out)).containsExactly(
            new Rec(fire, 2, 1, 0), new Rec(fire, 3, 2, 0), new Rec(fire, 4, 3, 0));
        assertThat(theft).isNotEqualTo(fire);

        // The new recommendation no longer names it: its next status change refreshes nothing.
        final List<byte[]> later = driver.apply(unitStatus(1, Agency.FIRE, ENGINE, UnitStatusCode.AVAILABLE,
            north(BASE_LAT, 200), BASE_LON));
        assertThat(recommendations(later)).isEmpty();
    }

    @Test
    void aDispatchRefreshesTheOtherIncidentsThatNamedTheUnitSoTheirNextDispatchIsAccepted()
    {
        fourEngines(driver);
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        final long first = driver.sequence;
        driver.apply(call(2, Agency.FIRE, BASE_LAT, BASE_LON + 30_000));
        final long second = driver.sequence;

        final List<byte[]> out = driver.apply(dispatch(first, 1, 7));

        // Both incidents named engine 1: both get a new recommendation in the same event, led by engine 2.
        final List<Rec> recs = recommendations(out);
        assertThat(recs).filteredOn(r -> r.rank() == 1).extracting(Rec::incidentId).containsExactly(first, second);
        assertThat(recs).filteredOn(r -> r.rank() == 1).extracting(Rec::unitId).containsOnly(2L);
        assertThat(recs).extracting(Rec::unitId).doesNotContain(1L);

        // The dispatcher takes the new first: accepted.
        final List<byte[]> taken = driver.apply(dispatch(second, 2, 7));
        assertThat(Outputs.only(taken, DispatchOrderDecoder.TEMPLATE_ID)).hasSize(1);
        assertThat(Outputs.only(taken, CommandRejectedDecoder.TEMPLATE_ID)).isEmpty();
    }

    @Test
    void theWorkPerEventIsBoundedAndTheRestFollowsOnTheNextEventsInOrder()
    {
        fourEngines(driver);
        final List<Long> incidents = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            // 20 separate fires 300 m apart eastwards: each names engine 1 among its three.
            driver.apply(call(10 + i, Agency.FIRE, BASE_LAT, BASE_LON + i * 3_000));
            incidents.add(driver.sequence);
        }

        final int cap = DispatchConfig.DEFAULT_REFRESHES_PER_EVENT;
        final List<byte[]> onStatus = driver.apply(unitStatus(1, Agency.FIRE, ENGINE, UnitStatusCode.OUT_OF_SERVICE,
            north(BASE_LAT, 200), BASE_LON));
        final List<byte[]> tick1 = driver.apply(tick(1));
        final List<byte[]> tick2 = driver.apply(tick(2));
        final List<byte[]> tick3 = driver.apply(tick(3));

        assertThat(firstRanked(onStatus)).containsExactlyElementsOf(incidents.subList(0, cap));
        assertThat(firstRanked(tick1)).containsExactlyElementsOf(incidents.subList(cap, 2 * cap));
        assertThat(firstRanked(tick2)).containsExactlyElementsOf(incidents.subList(2 * cap, 20));
        assertThat(recommendations(tick3)).isEmpty();
        for (final List<byte[]> out : List.of(onStatus, tick1, tick2))
        {
            assertThat(recommendations(out)).extracting(Rec::unitId).doesNotContain(1L);
        }
    }

    @Test
    void aSnapshotCarriesTheCurrentRecommendationsAndTheDeferredRefreshes()
    {
        fourEngines(driver);
        for (int i = 0; i < 12; i++)
        {
            driver.apply(call(10 + i, Agency.FIRE, BASE_LAT, BASE_LON + i * 3_000));
        }
        driver.apply(unitStatus(1, Agency.FIRE, ENGINE, UnitStatusCode.OUT_OF_SERVICE, north(BASE_LAT, 200), BASE_LON));
        final byte[] snapshot = driver.snapshot();

        final DispatchService restored = DispatchDriver.restored(snapshot, DispatchConfig.DEFAULT);
        assertThat(DispatchDriver.snapshot(restored)).isEqualTo(snapshot);
        final DispatchDriver tail = new DispatchDriver(restored);
        tail.sequence = driver.sequence;
        tail.nowNs = driver.nowNs;
        final byte[][] next = {
            tick(1),
            unitStatus(2, Agency.FIRE, ENGINE, UnitStatusCode.OUT_OF_SERVICE, north(BASE_LAT, 1_000), BASE_LON),
            tick(2),
            unitPosition(3, north(BASE_LAT, 5_000), BASE_LON),
            tick(3)};
        for (final byte[] event : next)
        {
            final List<byte[]> expected = driver.apply(event);
            assertThat(tail.apply(event)).usingElementComparator(Arrays::compare).isEqualTo(expected);
        }
        assertThat(tail.snapshot()).isEqualTo(driver.snapshot());
    }

    @Test
    void aUnitThatMovesFarRefreshesAndOneThatMovesALittleDoesNot()
    {
        fourEngines(driver);
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        final long fire = driver.sequence;

        assertThat(recommendations(driver.apply(unitPosition(3, north(BASE_LAT, 2_300), BASE_LON)))).isEmpty();
        assertThat(recommendations(driver.apply(unitPosition(4, north(BASE_LAT, 9_000), BASE_LON))))
            .as("a unit no recommendation names").isEmpty();
        // Engine 3 drives to 6 km: more than the re-recommend distance from where it was named.
        final List<Rec> moved = recommendations(driver.apply(unitPosition(3, north(BASE_LAT, 6_000), BASE_LON)));

        assertThat(moved).containsExactly(new Rec(fire, 1, 1, 0), new Rec(fire, 2, 2, 0), new Rec(fire, 3, 3, 0));
    }

    @Test
    void journalsOfEraOneKeepTheirBehaviour()
    {
        final DispatchDriver old = new DispatchDriver(new DispatchService(DispatchConfig.ofEra(DispatchConfig.ERA_1)));
        fourEngines(old);
        old.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        final List<byte[]> out = old.apply(unitStatus(1, Agency.FIRE, ENGINE, UnitStatusCode.ON_SCENE,
            north(BASE_LAT, 200), BASE_LON));

        assertThat(recommendations(out)).isEmpty();
        assertThat(DispatchConfig.ofEra(DispatchConfig.CURRENT_ERA)).isEqualTo(DispatchConfig.DEFAULT);
    }

    @Test
    void onRoadsAnAvailableUnitGoesBeforeOneTakenFromAnotherIncident()
    {
        final int rows = 10;
        final int cols = 10;
        final RoadGraph grid = GridNetwork.build(rows, cols, 200, 10.77, 106.69, 3);
        final DispatchDriver roads = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, grid));
        final int nearLat = grid.junctionLatMicros(5 * cols);
        final int nearLon = grid.junctionLonMicros(5);
        roads.apply(availableUnit(1, Agency.UNIFIED, nearLat, nearLon));
        roads.apply(availableUnit(2, Agency.UNIFIED, grid.junctionLatMicros(9 * cols), grid.junctionLonMicros(9)));
        // A 112 incident (priority 3) at the far corner takes unit 1, which stays next to the coming fire.
        roads.apply(call(10, Agency.UNIFIED, grid.junctionLatMicros(0), grid.junctionLonMicros(0)));
        final long low = roads.sequence;
        roads.apply(dispatch(low, 1, 7));

        final List<Rec> fire = recommendations(roads.apply(call(11, Agency.FIRE, nearLat, grid.junctionLonMicros(6))));

        // Unit 1 is nearer, but it is on its way elsewhere: the available unit 2 is first, unit 1 a proposal after it.
        assertThat(fire).extracting(Rec::unitId).containsExactly(2L, 1L);
        assertThat(fire.get(0).reassignFrom()).isZero();
        assertThat(fire.get(1).reassignFrom()).isEqualTo(low);

        // In era 1 the nearer unit led.
        final DispatchDriver old = new DispatchDriver(new DispatchService(DispatchConfig.ofEra(DispatchConfig.ERA_1), grid));
        old.apply(availableUnit(1, Agency.UNIFIED, nearLat, nearLon));
        old.apply(availableUnit(2, Agency.UNIFIED, grid.junctionLatMicros(9 * cols), grid.junctionLonMicros(9)));
        old.apply(call(10, Agency.UNIFIED, grid.junctionLatMicros(0), grid.junctionLonMicros(0)));
        old.apply(dispatch(old.sequence, 1, 7));
        assertThat(recommendations(old.apply(call(11, Agency.FIRE, nearLat, grid.junctionLonMicros(6)))))
            .extracting(Rec::unitId).containsExactly(1L, 2L);
    }
}
