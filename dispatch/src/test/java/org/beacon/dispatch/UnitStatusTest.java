package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.junit.jupiter.api.Test;

class UnitStatusTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Test
    void firstStatusRegistersUnitAndReportsFromEqualsTo()
    {
        final List<byte[]> out = driver.apply(
            unitStatus(7, Agency.FIRE, UnitType.LADDER, UnitStatusCode.AVAILABLE, BASE_LAT, BASE_LON, "LADDER-7"));

        assertThat(out).hasSize(1);
        final UnitStatusChangedDecoder changed = Outputs.statusChanged(out.get(0));
        assertThat(changed.unitId()).isEqualTo(7);
        assertThat(changed.from()).isEqualTo(UnitStatusCode.AVAILABLE);
        assertThat(changed.to()).isEqualTo(UnitStatusCode.AVAILABLE);
        assertThat(changed.incidentId()).isZero();
        assertThat(changed.atNs()).isEqualTo(DispatchDriver.T0);

        assertThat(service.unitCount()).isEqualTo(1);
        assertThat(service.availableUnitCount()).isEqualTo(1);
        assertThat(service.unit(7)).isEqualTo(new UnitView(
            7, Agency.FIRE, UnitType.LADDER, UnitStatusCode.AVAILABLE, BASE_LAT, BASE_LON, 0, "LADDER-7"));
    }

    @Test
    void registrationInAnyStatusIsKept()
    {
        final List<byte[]> out = driver.apply(
            unitStatus(3, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.OUT_OF_SERVICE, BASE_LAT, BASE_LON));

        final UnitStatusChangedDecoder changed = Outputs.statusChanged(out.get(0));
        assertThat(changed.from()).isEqualTo(UnitStatusCode.OUT_OF_SERVICE);
        assertThat(changed.to()).isEqualTo(UnitStatusCode.OUT_OF_SERVICE);
        assertThat(service.availableUnitCount()).isZero();
    }

    @Test
    void sameStatusMovesUnitSilently()
    {
        driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
        final int lat = north(BASE_LAT, 500);

        final List<byte[]> out = driver.apply(
            unitStatus(1, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE, lat, BASE_LON));

        assertThat(out).isEmpty();
        assertThat(service.unit(1).latMicros()).isEqualTo(lat);
    }

    @Test
    void statusChangeIsReportedAndAgencyTypeAndCallSignStayAsRegistered()
    {
        driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.advanceSeconds(30);

        final List<byte[]> out = driver.apply(
            unitStatus(1, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.OUT_OF_SERVICE, BASE_LAT, BASE_LON, "OTHER"));

        final UnitStatusChangedDecoder changed = Outputs.statusChanged(out.get(0));
        assertThat(changed.from()).isEqualTo(UnitStatusCode.AVAILABLE);
        assertThat(changed.to()).isEqualTo(UnitStatusCode.OUT_OF_SERVICE);
        assertThat(changed.atNs()).isEqualTo(DispatchDriver.T0 + TimeUnit.SECONDS.toNanos(30));
        final UnitView unit = service.unit(1);
        assertThat(unit.agency()).isEqualTo(Agency.POLICE);
        assertThat(unit.unitType()).isEqualTo(UnitType.POLICE_PATROL);
        assertThat(unit.callSign()).isEqualTo("U1");
    }

    @Test
    void positionMovesKnownUnit()
    {
        driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
        final int lat = north(BASE_LAT, 1_000);

        assertThat(driver.apply(TestEvents.unitPosition(1, lat, BASE_LON + 10))).isEmpty();

        assertThat(service.unit(1).latMicros()).isEqualTo(lat);
        assertThat(service.unit(1).lonMicros()).isEqualTo(BASE_LON + 10);
    }

    @Test
    void positionOfUnknownUnitIsIgnored()
    {
        assertThat(driver.apply(TestEvents.unitPosition(99, BASE_LAT, BASE_LON))).isEmpty();
        assertThat(service.unitCount()).isZero();
        assertThat(service.unit(99)).isNull();
    }

    @Test
    void statusWithUndefinedValueIsIgnored()
    {
        final byte[] event = availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON);
        new UnsafeBuffer(event).putByte(8 + org.beacon.codecs.UnitStatusEncoder.statusEncodingOffset(), (byte)42);

        assertThat(driver.apply(event)).isEmpty();
        assertThat(service.unitCount()).isZero();
    }

    @Test
    void unitsAreVisitedInIdOrder()
    {
        driver.applyAll(
            availableUnit(30, Agency.POLICE, BASE_LAT, BASE_LON),
            availableUnit(10, Agency.FIRE, BASE_LAT, BASE_LON),
            availableUnit(20, Agency.AMBULANCE, BASE_LAT, BASE_LON));

        final List<Long> ids = new ArrayList<>();
        service.forEachUnit(unit -> ids.add(unit.unitId()));

        assertThat(ids).containsExactly(10L, 20L, 30L);
    }
}
