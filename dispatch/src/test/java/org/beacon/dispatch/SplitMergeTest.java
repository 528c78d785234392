package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.confirm;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.merge;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.split;

import java.util.List;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

/**
 * A call-taker splits a call off into its own incident and merges incidents.
 */
class SplitMergeTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;
    private final int nearLat = north(BASE_LAT, 30);

    @Test
    void splitMovesTheCallToANewIncidentAndRecomputesBoth()
    {
        driver.applyAll(
            availableUnit(1, Agency.FIRE, north(BASE_LAT, 500), BASE_LON),
            availableUnit(2, Agency.AMBULANCE, north(BASE_LAT, 800), BASE_LON),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON),
            call(2, Agency.AMBULANCE, LocationQuality.USABLE, nearLat, BASE_LON, 8));
        assertThat(service.incident(3).latMicros()).isEqualTo(nearLat);
        assertThat(service.incident(3).agencies()).containsExactlyInAnyOrder(Agency.FIRE, Agency.AMBULANCE);

        final List<byte[]> out = driver.apply(split(2));
        final long newId = driver.sequence;

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentOpenedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID,
            UnitRecommendedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.incidentId()).isEqualTo(newId);
        assertThat(opened.callId()).isEqualTo(2);
        assertThat(opened.agency()).isEqualTo(Agency.AMBULANCE);
        assertThat(opened.location().latMicros()).isEqualTo(nearLat);
        assertThat(opened.uncertaintyM()).isEqualTo(8);

        final IncidentUpdatedDecoder old = Outputs.updated(out.get(1));
        assertThat(old.incidentId()).isEqualTo(3);
        assertThat(old.reason()).isEqualTo(UpdateReason.CALL_SPLIT);
        assertThat(old.callId()).isEqualTo(2);
        assertThat(old.otherIncidentId()).isEqualTo(newId);
        assertThat(old.callCount()).isEqualTo(1);
        assertThat(old.location().latMicros()).isEqualTo(BASE_LAT);
        assertThat(old.uncertaintyM()).isEqualTo(15);
        assertThat(old.agencies().aMBULANCE()).isFalse();
        assertThat(old.agencies().fIRE()).isTrue();

        final IncidentUpdatedDecoder created = Outputs.updated(out.get(2));
        assertThat(created.incidentId()).isEqualTo(newId);
        assertThat(created.reason()).isEqualTo(UpdateReason.CALL_SPLIT);
        assertThat(created.otherIncidentId()).isEqualTo(3);
        assertThat(created.callCount()).isEqualTo(1);
        assertThat(Outputs.recommended(out.get(3)).unitId()).isEqualTo(2);
        assertThat(Outputs.callUpdated(out.get(4)).incidentId()).isEqualTo(newId);
        assertThat(service.openIncidentCount()).isEqualTo(2);
    }

    @Test
    void splitCallTakesItsConfirmationAlong()
    {
        driver.applyAll(
            call(1, Agency.FIRE, BASE_LAT, BASE_LON),
            call(2, Agency.FIRE, LocationQuality.USABLE, nearLat, BASE_LON, 40),
            confirm(2, 0, 0, 0));
        assertThat(service.incident(1).locationConfirmed()).isTrue();
        assertThat(service.incident(1).latMicros()).isEqualTo(nearLat);

        driver.apply(split(2));

        assertThat(service.incident(1).locationConfirmed()).isFalse();
        assertThat(service.incident(1).latMicros()).isEqualTo(BASE_LAT);
        assertThat(service.incident(driver.sequence).locationConfirmed()).isTrue();
        assertThat(service.incident(driver.sequence).uncertaintyM()).isEqualTo(40);
    }

    @Test
    void splitRejects()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.FIRE, BASE_LAT, BASE_LON));

        assertRejected(driver.apply(split(9)), CommandType.SPLIT_CALL, 0, RejectReason.UNKNOWN_CALL);
        driver.apply(split(2));
        assertRejected(driver.apply(split(2)), CommandType.SPLIT_CALL, 4, RejectReason.INVALID_COMMAND);
        driver.apply(call(4, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(close(1, 1));
        assertRejected(driver.apply(split(1)), CommandType.SPLIT_CALL, 1, RejectReason.INCIDENT_CLOSED);
    }

    @Test
    void mergeMovesCallsAndUnitsAndClosesTheMergedIncident()
    {
        driver.applyAll(
            availableUnit(7, Agency.FIRE, north(BASE_LAT, 2_000), BASE_LON),
            availableUnit(8, Agency.FIRE, north(BASE_LAT, 3_000), BASE_LON),
            call(1, Agency.POLICE, BASE_LAT, BASE_LON),
            call(2, Agency.FIRE, LocationQuality.USABLE, north(BASE_LAT, 300), BASE_LON, 40),
            dispatch(4, 7, 1));

        final List<byte[]> out = driver.apply(merge(4, 3));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID,
            UnitStatusChangedDecoder.TEMPLATE_ID, UnitRecommendedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final IncidentUpdatedDecoder merged = Outputs.updated(out.get(0));
        assertThat(merged.incidentId()).isEqualTo(4);
        assertThat(merged.reason()).isEqualTo(UpdateReason.MERGED);
        assertThat(merged.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(merged.otherIncidentId()).isEqualTo(3);
        assertThat(merged.callCount()).isZero();
        final IncidentUpdatedDecoder target = Outputs.updated(out.get(1));
        assertThat(target.incidentId()).isEqualTo(3);
        assertThat(target.reason()).isEqualTo(UpdateReason.MERGED);
        assertThat(target.status()).isEqualTo(IncidentStatus.DISPATCHED);
        assertThat(target.otherIncidentId()).isEqualTo(4);
        assertThat(target.callCount()).isEqualTo(2);
        assertThat(target.location().latMicros()).isEqualTo(BASE_LAT);
        assertThat(Outputs.updated(out.get(2)).reason()).isEqualTo(UpdateReason.AGENCY_ADDED);
        final UnitStatusChangedDecoder moved = Outputs.statusChanged(out.get(3));
        assertThat(moved.unitId()).isEqualTo(7);
        assertThat(moved.from()).isEqualTo(UnitStatusCode.DISPATCHED);
        assertThat(moved.to()).isEqualTo(UnitStatusCode.DISPATCHED);
        assertThat(moved.incidentId()).isEqualTo(3);
        assertThat(Outputs.recommended(out.get(4)).unitId()).isEqualTo(8);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(5));
        assertThat(callUpdated.callId()).isEqualTo(2);
        assertThat(callUpdated.incidentId()).isEqualTo(3);

        final IncidentView view = service.incident(3);
        assertThat(view.callCount()).isEqualTo(2);
        assertThat(view.assignedUnitCount()).isEqualTo(1);
        assertThat(view.lastAssignedUnitId()).isEqualTo(7);
        assertThat(view.agencies()).containsExactlyInAnyOrder(Agency.POLICE, Agency.FIRE);
        assertThat(service.incident(4).mergedIntoId()).isEqualTo(3);
        assertThat(service.unit(7).committedIncidentId()).isEqualTo(3);
        assertThat(service.openIncidentCount()).isEqualTo(1);

        // Later calls at the merged incident's place go to the target (its agencies now include FIRE).
        final List<byte[]> later = driver.apply(call(5, Agency.FIRE, BASE_LAT, BASE_LON));
        assertThat(Outputs.updated(later.get(0)).incidentId()).isEqualTo(3);
    }

    @Test
    void mergeKeepsTheTargetsConfirmation()
    {
        driver.applyAll(
            call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 50),
            confirm(1, 0, 0, 0),
            call(3, Agency.FIRE, LocationQuality.USABLE, north(BASE_LAT, 300), BASE_LON, 5));

        driver.apply(merge(3, 1));

        assertThat(service.incident(1).locationConfirmed()).isTrue();
        assertThat(service.incident(1).uncertaintyM()).isEqualTo(50);
    }

    @Test
    void mergeRejects()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(call(3, Agency.FIRE, north(BASE_LAT, 5_000), BASE_LON));

        assertRejected(driver.apply(merge(9, 1)), CommandType.MERGE_INCIDENTS, 9, RejectReason.UNKNOWN_INCIDENT);
        assertRejected(driver.apply(merge(1, 9)), CommandType.MERGE_INCIDENTS, 9, RejectReason.UNKNOWN_INCIDENT);
        assertRejected(driver.apply(merge(1, 1)), CommandType.MERGE_INCIDENTS, 1, RejectReason.INVALID_COMMAND);
        driver.apply(close(3, 1));
        assertRejected(driver.apply(merge(3, 1)), CommandType.MERGE_INCIDENTS, 3, RejectReason.INCIDENT_CLOSED);
        assertRejected(driver.apply(merge(2, 3)), CommandType.MERGE_INCIDENTS, 3, RejectReason.INCIDENT_CLOSED);
    }

    private static void assertRejected(
        final List<byte[]> out, final CommandType type, final long incidentId, final RejectReason reason)
    {
        assertThat(out).hasSize(1);
        assertThat(Outputs.rejected(out.get(0)).commandType()).isEqualTo(type);
        assertThat(Outputs.rejected(out.get(0)).incidentId()).isEqualTo(incidentId);
        assertThat(Outputs.rejected(out.get(0)).reason()).isEqualTo(reason);
    }
}
