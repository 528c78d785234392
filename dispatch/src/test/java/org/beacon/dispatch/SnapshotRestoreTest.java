package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.dispatch;
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
