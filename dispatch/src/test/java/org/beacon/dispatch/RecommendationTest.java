package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.junit.jupiter.api.Test;

class RecommendationTest
{
    private final DispatchDriver driver = new DispatchDriver();

    @Test
    void nearestAvailableUnitsOfTheAgencyInOrder()
    {
        driver.applyAll(
            availableUnit(1, Agency.FIRE, north(BASE_LAT, 3_000), BASE_LON),
            availableUnit(2, Agency.FIRE, north(BASE_LAT, 1_000), BASE_LON),
            availableUnit(3, Agency.FIRE, north(BASE_LAT, -2_000), BASE_LON),
            availableUnit(4, Agency.FIRE, north(BASE_LAT, 4_000), BASE_LON),
            availableUnit(5, Agency.POLICE, north(BASE_LAT, 10), BASE_LON),
            unitStatus(6, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.OUT_OF_SERVICE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        assertThat(out).hasSize(5); // opened, 3 recommendations, call updated
        final long incidentId = driver.sequence;
        assertRecommendation(out.get(1), incidentId, 2, 1, 1_000);
        assertRecommendation(out.get(2), incidentId, 3, 2, 2_000);
        assertRecommendation(out.get(3), incidentId, 1, 3, 3_000);
    }

    @Test
    void etaUsesAssumedSpeed()
    {
        driver.apply(availableUnit(1, Agency.POLICE, north(BASE_LAT, 1_000), BASE_LON));

        final List<byte[]> out = driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        final UnitRecommendedDecoder recommended = Outputs.recommended(out.get(1));
        assertThat(recommended.distanceM()).isEqualTo(1_000);
        assertThat(recommended.etaS()).isEqualTo(90); // 1 km at 40 km/h
    }

    @Test
    void unifiedIncidentTakesAnyAgency()
    {
        driver.applyAll(
            availableUnit(1, Agency.POLICE, north(BASE_LAT, 300), BASE_LON),
            availableUnit(2, Agency.AMBULANCE, north(BASE_LAT, 200), BASE_LON),
            availableUnit(3, Agency.FIRE, north(BASE_LAT, 100), BASE_LON));

        final List<byte[]> out = driver.apply(call(1, Agency.UNIFIED, BASE_LAT, BASE_LON));

        assertThat(out).hasSize(5); // opened, 3 recommendations, call updated
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(3);
        assertThat(Outputs.recommended(out.get(2)).unitId()).isEqualTo(2);
        assertThat(Outputs.recommended(out.get(3)).unitId()).isEqualTo(1);
    }

    @Test
    void equalDistancesRankByUnitId()
    {
        final int lat = north(BASE_LAT, 500);
        driver.applyAll(
            availableUnit(40, Agency.POLICE, lat, BASE_LON),
            availableUnit(12, Agency.POLICE, lat, BASE_LON),
            availableUnit(31, Agency.POLICE, lat, BASE_LON),
            availableUnit(25, Agency.POLICE, lat, BASE_LON));

        final List<byte[]> out = driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(out).hasSize(5); // opened, 3 recommendations, call updated
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(12);
        assertThat(Outputs.recommended(out.get(2)).unitId()).isEqualTo(25);
        assertThat(Outputs.recommended(out.get(3)).unitId()).isEqualTo(31);
    }

    @Test
    void fewerUnitsThanKGiveFewerRecommendations()
    {
        driver.apply(availableUnit(1, Agency.AMBULANCE, north(BASE_LAT, 500), BASE_LON));

        final List<byte[]> out = driver.apply(call(1, Agency.AMBULANCE, BASE_LAT, BASE_LON));

        assertThat(out).hasSize(3); // opened, 1 recommendation, call updated
        assertRecommendation(out.get(1), 2, 1, 1, 500);
    }

    @Test
    void configuredCountAndSpeedAreUsed()
    {
        final DispatchDriver custom = new DispatchDriver(new DispatchService(
            new DispatchConfig(200, TimeUnit.MINUTES.toNanos(10), 60, 1)));
        custom.applyAll(
            availableUnit(1, Agency.POLICE, north(BASE_LAT, 1_000), BASE_LON),
            availableUnit(2, Agency.POLICE, north(BASE_LAT, 2_000), BASE_LON));

        final List<byte[]> out = custom.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(out).hasSize(3); // opened, 1 recommendation, call updated
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(1);
        assertThat(Outputs.recommended(out.get(1)).etaS()).isEqualTo(60);
    }

    @Test
    void noRecommendationForJoinedCall()
    {
        driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(Outputs.only(driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON)), UnitRecommendedDecoder.TEMPLATE_ID)).isEmpty();
    }

    private void assertRecommendation(
        final byte[] output, final long incidentId, final long unitId, final int rank, final long distanceM)
    {
        final UnitRecommendedDecoder recommended = Outputs.recommended(output);
        assertThat(recommended.incidentId()).isEqualTo(incidentId);
        assertThat(recommended.unitId()).isEqualTo(unitId);
        assertThat(recommended.rank()).isEqualTo((short)rank);
        assertThat(recommended.distanceM()).isBetween(distanceM - 1, distanceM + 1);
    }
}
