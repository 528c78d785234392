package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.junit.jupiter.api.Test;

class SnapshotRestoreTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Test
    void restoreRebuildsTheSameState()
    {
        driver.applyAll(
            availableUnit(9, Agency.FIRE, BASE_LAT, BASE_LON),
            unitStatus(3, Agency.AMBULANCE, UnitType.BLS_AMBULANCE, UnitStatusCode.AT_HOSPITAL, BASE_LAT, BASE_LON, "AMB-3"),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON),
            call(2, Agency.FIRE, BASE_LAT, BASE_LON),
            call(3, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0),
            dispatch(3, 9, 1),
            close(5, 1));
        final byte[] snapshot = driver.snapshot();

        final DispatchService restored = DispatchDriver.restored(snapshot, DispatchConfig.DEFAULT);

        assertThat(DispatchDriver.snapshot(restored)).isEqualTo(snapshot);
        final List<IncidentView> expectedIncidents = new ArrayList<>();
        final List<IncidentView> actualIncidents = new ArrayList<>();
        service.forEachIncident(expectedIncidents::add);
        restored.forEachIncident(actualIncidents::add);
        assertThat(actualIncidents).isEqualTo(expectedIncidents).hasSize(2);
        final List<UnitView> expectedUnits = new ArrayList<>();
        final List<UnitView> actualUnits = new ArrayList<>();
        service.forEachUnit(expectedUnits::add);
        restored.forEachUnit(actualUnits::add);
        assertThat(actualUnits).isEqualTo(expectedUnits).hasSize(2);
        assertThat(restored.openIncidentCount()).isEqualTo(1);
        assertThat(restored.availableUnitCount()).isZero();
    }

    @Test
    void restoreRebuildsCallsFixesCallersAndPendingFixes()
    {
        final String repeat = "tel:+84977777777";
        driver.applyAll(
            availableUnit(9, Agency.FIRE, north(BASE_LAT, 900), BASE_LON),
            TestEvents.cellCall(11, Agency.FIRE, BASE_LAT, BASE_LON, 1_800),
            TestEvents.aml(TestEvents.callerOf(11), north(BASE_LAT, 40), BASE_LON, 9),
            call(12, Agency.AMBULANCE, LocationQuality.USABLE, north(BASE_LAT, 60), BASE_LON, 20, repeat),
            call(13, Agency.AMBULANCE, LocationQuality.USABLE, north(BASE_LAT, 3_000), BASE_LON, 20, repeat),
            call(14, Agency.AMBULANCE, LocationQuality.USABLE, north(BASE_LAT, 6_000), BASE_LON, 20, repeat),
            TestEvents.confirm(11, north(BASE_LAT, 45), BASE_LON, 25),
            TestEvents.fix(12, "", org.beacon.codecs.FixSource.AML_HTTPS, north(BASE_LAT, 50), BASE_LON, 12, 0),
            TestEvents.callEnded(13),
            TestEvents.addAgency(2, Agency.POLICE),
            TestEvents.merge(6, 5),
            TestEvents.split(12),
            TestEvents.aml("tel:+84966666666", north(BASE_LAT, 8_000), BASE_LON, 7));
        assertThat(service.pendingFixCount()).isEqualTo(1);
        final byte[] snapshot = driver.snapshot();

        final DispatchService restored = DispatchDriver.restored(snapshot, DispatchConfig.DEFAULT);

        assertThat(DispatchDriver.snapshot(restored)).isEqualTo(snapshot);
        final List<CallView> expectedCalls = new ArrayList<>();
        final List<CallView> actualCalls = new ArrayList<>();
        service.forEachCall(expectedCalls::add);
        restored.forEachCall(actualCalls::add);
        assertThat(actualCalls).isEqualTo(expectedCalls).hasSize(4);
        assertThat(actualCalls).extracting(CallView::callId).containsExactly(11L, 12L, 13L, 14L);
        final List<IncidentView> expectedIncidents = new ArrayList<>();
        final List<IncidentView> actualIncidents = new ArrayList<>();
        service.forEachIncident(expectedIncidents::add);
        restored.forEachIncident(actualIncidents::add);
        assertThat(actualIncidents).isEqualTo(expectedIncidents);
        assertThat(restored.pendingFixCount()).isEqualTo(1);
        assertThat(restored.callerHistoryCount()).isEqualTo(service.callerHistoryCount()).isEqualTo(3);

        // Both go on alike: the pending fix attaches, the offered fix is remembered, the nuisance count continues.
        final DispatchDriver tail = new DispatchDriver(restored);
        tail.sequence = driver.sequence;
        tail.nowNs = driver.nowNs;
        final byte[][] next = {
            call(15, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0, "tel:+84966666666"),
            TestEvents.aml(TestEvents.callerOf(11), north(BASE_LAT, 45), BASE_LON, 9),
            TestEvents.aml(TestEvents.callerOf(11), north(BASE_LAT, 45), BASE_LON, 8),
            call(16, Agency.AMBULANCE, LocationQuality.USABLE, north(BASE_LAT, 9_000), BASE_LON, 20, repeat),
            TestEvents.acceptFix(11, 4)};
        for (final byte[] event : next)
        {
            assertThat(tail.apply(event)).usingElementComparator(java.util.Arrays::compare).isEqualTo(driver.apply(event));
        }
        assertThat(tail.snapshot()).isEqualTo(driver.snapshot());
    }

    @Test
    void restoreRefusesVersionOneSnapshot()
    {
        final byte[] snapshot = driver.snapshot();
        new UnsafeBuffer(snapshot).putInt(4, 1, java.nio.ByteOrder.LITTLE_ENDIAN);

        assertThatThrownBy(() -> new DispatchService().restore(new UnsafeBuffer(snapshot), 0, snapshot.length))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("version " + DispatchSnapshotDescriptor.LAYOUT_VERSION);
    }

    @Test
    void restoreReplacesExistingState()
    {
        final byte[] empty = driver.snapshot();
        final DispatchDriver other = new DispatchDriver();
        other.applyAll(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON), call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        other.service.restore(new UnsafeBuffer(empty), 0, empty.length);

        assertThat(other.service.incidentCount()).isZero();
        assertThat(other.service.unitCount()).isZero();
        assertThat(other.snapshot()).isEqualTo(empty);
    }

    @Test
    void restoreRefusesForeignBytes()
    {
        final byte[] garbage = new byte[32];

        assertThatThrownBy(() -> service.restore(new UnsafeBuffer(garbage), 0, garbage.length))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restoreRefusesTruncatedSnapshot()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        final byte[] snapshot = driver.snapshot();

        assertThatThrownBy(() -> new DispatchService().restore(new UnsafeBuffer(snapshot), 0, snapshot.length - 1))
            .isInstanceOf(IllegalStateException.class);
    }
}
