package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.List;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

class OperatorCommandTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    private final int incidentLat = north(BASE_LAT, 800);

    @Test
    void dispatchHappyPath()
    {
        driver.apply(availableUnit(5, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, incidentLat, BASE_LON, 40));
        driver.advanceSeconds(20);

        final List<byte[]> out = driver.apply(dispatch(2, 5, 77));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            DispatchOrderDecoder.TEMPLATE_ID, UnitStatusChangedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID);

        final DispatchOrderDecoder order = Outputs.order(out.get(0));
        assertThat(order.incidentId()).isEqualTo(2);
        assertThat(order.unitId()).isEqualTo(5);
        assertThat(order.operatorId()).isEqualTo(77);
        assertThat(order.destination().latMicros()).isEqualTo(incidentLat);
        assertThat(order.destination().lonMicros()).isEqualTo(BASE_LON);
        assertThat(order.issuedAtNs()).isEqualTo(driver.nowNs);

        final UnitStatusChangedDecoder changed = Outputs.statusChanged(out.get(1));
        assertThat(changed.unitId()).isEqualTo(5);
        assertThat(changed.from()).isEqualTo(UnitStatusCode.AVAILABLE);
        assertThat(changed.to()).isEqualTo(UnitStatusCode.DISPATCHED);
        assertThat(changed.incidentId()).isEqualTo(2);
        assertThat(changed.atNs()).isEqualTo(driver.nowNs);

        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(2));
        assertThat(updated.incidentId()).isEqualTo(2);
        assertThat(updated.reason()).isEqualTo(UpdateReason.UNIT_DISPATCHED);
        assertThat(updated.status()).isEqualTo(IncidentStatus.DISPATCHED);
        assertThat(updated.unitId()).isEqualTo(5);
        assertThat(updated.callCount()).isEqualTo(1);
        assertThat(updated.uncertaintyM()).isEqualTo(40);

        assertThat(service.unit(5).status()).isEqualTo(UnitStatusCode.DISPATCHED);
        assertThat(service.unit(5).committedIncidentId()).isEqualTo(2);
        assertThat(service.incident(2).assignedUnitCount()).isEqualTo(1);
        assertThat(service.incident(2).lastAssignedUnitId()).isEqualTo(5);
        assertThat(service.availableUnitCount()).isZero();
        assertThat(service.openIncidentCount()).isEqualTo(1);
    }

    @Test
    void dispatchedUnitIsNoLongerRecommended()
    {
        driver.applyAll(
            availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON),
            availableUnit(2, Agency.POLICE, north(BASE_LAT, 3_000), BASE_LON),
            call(1, Agency.POLICE, BASE_LAT, BASE_LON),
            dispatch(3, 1, 1));

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 1_000), BASE_LON));

        assertThat(out).hasSize(3);
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(2);
    }

    @Test
    void rejectsUnknownIncident()
    {
        driver.apply(availableUnit(5, Agency.FIRE, BASE_LAT, BASE_LON));

        assertRejected(driver.apply(dispatch(42, 5, 3)), CommandType.DISPATCH, 42, 5, 3, RejectReason.UNKNOWN_INCIDENT);
        assertThat(service.unit(5).status()).isEqualTo(UnitStatusCode.AVAILABLE);
    }

    @Test
    void rejectsClosedIncident()
    {
        driver.applyAll(
            availableUnit(5, Agency.FIRE, BASE_LAT, BASE_LON),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON),
            close(2, 3));

        assertRejected(driver.apply(dispatch(2, 5, 3)), CommandType.DISPATCH, 2, 5, 3, RejectReason.INCIDENT_CLOSED);
    }

    @Test
    void rejectsUnknownUnit()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        assertRejected(driver.apply(dispatch(1, 8, 3)), CommandType.DISPATCH, 1, 8, 3, RejectReason.UNKNOWN_UNIT);
        assertThat(service.incident(1).status()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void rejectsUnitNotAvailable()
    {
        driver.applyAll(
            unitStatus(5, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.ON_SCENE, BASE_LAT, BASE_LON),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        assertRejected(driver.apply(dispatch(2, 5, 3)), CommandType.DISPATCH, 2, 5, 3, RejectReason.UNIT_NOT_AVAILABLE);
    }

    @Test
    void rejectsSecondDispatchOfSameUnit()
    {
        driver.applyAll(
            availableUnit(5, Agency.FIRE, BASE_LAT, BASE_LON),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON),
            call(2, Agency.FIRE, north(BASE_LAT, 5_000), BASE_LON),
            dispatch(2, 5, 3));

        assertRejected(driver.apply(dispatch(3, 5, 3)), CommandType.DISPATCH, 3, 5, 3, RejectReason.UNIT_NOT_AVAILABLE);
        assertThat(service.unit(5).committedIncidentId()).isEqualTo(2);
    }

    @Test
    void rejectsUndefinedCommandType()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        assertRejected(
            driver.apply(TestEvents.rawCommand(9, 1, 0, 3)), CommandType.NULL_VAL, 1, 0, 3, RejectReason.INVALID_COMMAND);
        assertRejected(
            driver.apply(TestEvents.command(CommandType.NULL_VAL, 1, 0, 3)),
            CommandType.NULL_VAL, 1, 0, 3, RejectReason.INVALID_COMMAND);
    }

    @Test
    void closeMarksIncidentClosedAndLeavesUnitsCommitted()
    {
        driver.applyAll(
            availableUnit(5, Agency.POLICE, BASE_LAT, BASE_LON),
            call(1, Agency.POLICE, BASE_LAT, BASE_LON),
            call(2, Agency.POLICE, BASE_LAT, BASE_LON),
            dispatch(2, 5, 3));

        final List<byte[]> out = driver.apply(close(2, 3));

        assertThat(out).hasSize(1);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.incidentId()).isEqualTo(2);
        assertThat(updated.reason()).isEqualTo(UpdateReason.CLOSED);
        assertThat(updated.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(updated.callCount()).isEqualTo(2);
        assertThat(service.incident(2).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(service.openIncidentCount()).isZero();
        assertThat(service.incidentCount()).isEqualTo(1);
        assertThat(service.unit(5).status()).isEqualTo(UnitStatusCode.DISPATCHED);
        assertThat(service.unit(5).committedIncidentId()).isEqualTo(2);
    }

    @Test
    void unitReportingAvailableIsReleased()
    {
        driver.applyAll(
            availableUnit(5, Agency.POLICE, BASE_LAT, BASE_LON),
            call(1, Agency.POLICE, BASE_LAT, BASE_LON),
            dispatch(2, 5, 3));

        final List<byte[]> enRoute = driver.apply(
            unitStatus(5, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.EN_ROUTE, BASE_LAT, BASE_LON));
        assertThat(Outputs.statusChanged(enRoute.get(0)).incidentId()).isEqualTo(2);

        driver.apply(close(2, 3));
        final List<byte[]> available = driver.apply(
            unitStatus(5, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE, BASE_LAT, BASE_LON));

        final UnitStatusChangedDecoder changed = Outputs.statusChanged(available.get(0));
        assertThat(changed.from()).isEqualTo(UnitStatusCode.EN_ROUTE);
        assertThat(changed.to()).isEqualTo(UnitStatusCode.AVAILABLE);
        assertThat(changed.incidentId()).isZero();
        assertThat(service.unit(5).committedIncidentId()).isZero();

        final List<byte[]> next = driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON));
        assertThat(Outputs.recommended(next.get(1)).unitId()).isEqualTo(5);
    }

    @Test
    void closeRejectsUnknownAndAlreadyClosed()
    {
        assertRejected(driver.apply(close(3, 4)), CommandType.CLOSE_INCIDENT, 3, 0, 4, RejectReason.UNKNOWN_INCIDENT);

        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(close(2, 4));

        assertRejected(driver.apply(close(2, 4)), CommandType.CLOSE_INCIDENT, 2, 0, 4, RejectReason.INCIDENT_CLOSED);
    }

    private void assertRejected(
        final List<byte[]> out,
        final CommandType type,
        final long incidentId,
        final long unitId,
        final int operatorId,
        final RejectReason reason)
    {
        assertThat(out).hasSize(1);
        final CommandRejectedDecoder rejected = Outputs.rejected(out.get(0));
        assertThat(rejected.commandType()).isEqualTo(type);
        assertThat(rejected.incidentId()).isEqualTo(incidentId);
        assertThat(rejected.unitId()).isEqualTo(unitId);
        assertThat(rejected.operatorId()).isEqualTo(operatorId);
        assertThat(rejected.reason()).isEqualTo(reason);
    }
}
