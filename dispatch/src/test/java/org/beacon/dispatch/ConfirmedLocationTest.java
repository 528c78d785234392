package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.acceptFix;
import static org.beacon.dispatch.TestEvents.aml;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.callerOf;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.confirm;
import static org.beacon.dispatch.TestEvents.fix;
import static org.beacon.dispatch.TestEvents.north;

import java.util.List;

import org.beacon.codecs.Agency;
import org.beacon.codecs.BetterFixAvailableDecoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

/**
 * A call-taker's confirmed location pins the incident; better fixes are offered, never applied silently.
 */
class ConfirmedLocationTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;
    private final int addressLat = north(BASE_LAT, 120);

    @Test
    void confirmPinsTheIncidentLocation()
    {
        driver.apply(TestEvents.cellCall(1, Agency.FIRE, BASE_LAT, BASE_LON, 1_500));

        final List<byte[]> out = driver.apply(confirm(1, addressLat, BASE_LON, 30));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.reason()).isEqualTo(UpdateReason.LOCATION_CONFIRMED);
        assertThat(updated.callId()).isEqualTo(1);
        assertThat(updated.location().latMicros()).isEqualTo(addressLat);
        assertThat(updated.uncertaintyM()).isEqualTo(30);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.confirmed()).isEqualTo((short)1);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.CALL_TAKER);
        assertThat(callUpdated.shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(callUpdated.fixCount()).isEqualTo(2);
        assertThat(service.incident(1).locationConfirmed()).isTrue();
    }

    @Test
    void betterFixIsOfferedNotApplied()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 200));
        driver.apply(confirm(1, addressLat, BASE_LON, 30));
        driver.advanceSeconds(20);
        final int amlLat = north(BASE_LAT, 140);

        final List<byte[]> out = driver.apply(aml(callerOf(1), amlLat, BASE_LON, 8));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            BetterFixAvailableDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final BetterFixAvailableDecoder offer = Outputs.betterFix(out.get(0));
        assertThat(offer.callId()).isEqualTo(1);
        assertThat(offer.incidentId()).isEqualTo(1);
        assertThat(offer.fixNumber()).isEqualTo(3);
        assertThat(offer.fixSource()).isEqualTo(FixSource.AML_HTTPS);
        assertThat(offer.location().latMicros()).isEqualTo(amlLat);
        assertThat(offer.uncertaintyM()).isEqualTo(8);
        assertThat(offer.confirmedUncertaintyM()).isEqualTo(30);
        assertThat(service.incident(1).latMicros()).isEqualTo(addressLat);
        assertThat(Outputs.callUpdated(out.get(1)).location().latMicros()).isEqualTo(addressLat);

        // Not offered again unless better than what was offered.
        assertThat(Outputs.only(driver.apply(aml(callerOf(1), amlLat, BASE_LON, 8)), BetterFixAvailableDecoder.TEMPLATE_ID))
            .isEmpty();
        assertThat(Outputs.only(driver.apply(aml(callerOf(1), amlLat, BASE_LON, 5)), BetterFixAvailableDecoder.TEMPLATE_ID))
            .hasSize(1);
        assertThat(service.incident(1).latMicros()).isEqualTo(addressLat);
    }

    @Test
    void worseFixIsNotOffered()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 200));
        driver.apply(confirm(1, addressLat, BASE_LON, 30));

        final List<byte[]> out = driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 30));

        assertThat(out).extracting(Outputs::templateId).containsExactly(CallUpdatedDecoder.TEMPLATE_ID);
    }

    @Test
    void betterFixFromAnotherCallOfTheIncidentIsOfferedToo()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 60));
        driver.apply(confirm(1, 0, 0, 0));
        assertThat(service.incident(1).uncertaintyM()).isEqualTo(60);

        final List<byte[]> out = driver.apply(call(2, Agency.FIRE, LocationQuality.USABLE, north(BASE_LAT, 20), BASE_LON, 6));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, BetterFixAvailableDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.CALL_ADDED);
        assertThat(Outputs.updated(out.get(0)).uncertaintyM()).isEqualTo(60);
        assertThat(Outputs.betterFix(out.get(1)).callId()).isEqualTo(2);
        assertThat(Outputs.betterFix(out.get(1)).fixNumber()).isEqualTo(1);
    }

    @Test
    void acceptFixAppliesTheOfferedFix()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 200));
        driver.apply(confirm(1, addressLat, BASE_LON, 30));
        final int amlLat = north(BASE_LAT, 140);
        driver.apply(aml(callerOf(1), amlLat, BASE_LON, 8));

        final List<byte[]> out = driver.apply(acceptFix(1, 3));

        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.reason()).isEqualTo(UpdateReason.LOCATION_CONFIRMED);
        assertThat(updated.location().latMicros()).isEqualTo(amlLat);
        assertThat(updated.uncertaintyM()).isEqualTo(8);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(out.size() - 1));
        assertThat(callUpdated.confirmed()).isEqualTo((short)1);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.AML_HTTPS);

        // Still pinned: an even better fix is offered, not applied.
        final List<byte[]> next = driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 3));
        assertThat(Outputs.only(next, BetterFixAvailableDecoder.TEMPLATE_ID)).hasSize(1);
        assertThat(service.incident(1).latMicros()).isEqualTo(amlLat);
    }

    @Test
    void confirmWithZeroLocationPinsWhatTheCallShows()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 45));

        final List<byte[]> out = driver.apply(confirm(1, 0, 0, 0));

        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.location().latMicros()).isEqualTo(BASE_LAT);
        assertThat(updated.uncertaintyM()).isEqualTo(45);
        assertThat(Outputs.callUpdated(out.get(1)).fixSource()).isEqualTo(FixSource.CALL_TAKER);
    }

    @Test
    void confirmGivesALocationToACallWithout()
    {
        driver.apply(TestEvents.availableUnit(4, Agency.POLICE, north(BASE_LAT, 900), BASE_LON));
        driver.apply(call(1, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));

        final List<byte[]> out = driver.apply(confirm(1, BASE_LAT, BASE_LON, 0));

        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.LOCATION_CONFIRMED);
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(4);
        assertThat(Outputs.callUpdated(out.get(2)).shape()).isEqualTo(LocationShape.POINT);
        assertThat(service.incident(2).locationQuality()).isEqualTo(LocationQuality.USABLE);
    }

    @Test
    void rejects()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));
        driver.apply(call(2, Agency.POLICE, LocationQuality.USABLE, north(BASE_LAT, 5_000), BASE_LON, 20));
        driver.apply(fix(2, "", FixSource.AML_SMS, LocationQuality.UNUSABLE, 0, 0, 0, 0));

        assertRejected(driver.apply(confirm(99, BASE_LAT, BASE_LON, 10)), CommandType.CONFIRM_LOCATION, 0, RejectReason.UNKNOWN_CALL);
        assertRejected(driver.apply(confirm(1, 0, 0, 0)), CommandType.CONFIRM_LOCATION, 1, RejectReason.INVALID_COMMAND);
        assertRejected(driver.apply(confirm(1, 91_000_000, 0, 0)), CommandType.CONFIRM_LOCATION, 1, RejectReason.INVALID_COMMAND);
        assertRejected(driver.apply(acceptFix(99, 1)), CommandType.ACCEPT_FIX, 0, RejectReason.UNKNOWN_CALL);
        assertRejected(driver.apply(acceptFix(2, 5)), CommandType.ACCEPT_FIX, 2, RejectReason.NO_SUCH_FIX);
        assertRejected(driver.apply(acceptFix(2, 2)), CommandType.ACCEPT_FIX, 2, RejectReason.NO_SUCH_FIX); // unusable fix
        driver.apply(close(2, 1));
        assertRejected(driver.apply(acceptFix(2, 1)), CommandType.ACCEPT_FIX, 2, RejectReason.INCIDENT_CLOSED);
        assertRejected(driver.apply(confirm(2, BASE_LAT, BASE_LON, 3)), CommandType.CONFIRM_LOCATION, 2, RejectReason.INCIDENT_CLOSED);
    }

    private static void assertRejected(
        final List<byte[]> out, final CommandType type, final long incidentId, final RejectReason reason)
    {
        assertThat(out).hasSize(1);
        final CommandRejectedDecoder rejected = Outputs.rejected(out.get(0));
        assertThat(rejected.commandType()).isEqualTo(type);
        assertThat(rejected.incidentId()).isEqualTo(incidentId);
        assertThat(rejected.operatorId()).isEqualTo(7);
        assertThat(rejected.reason()).isEqualTo(reason);
    }
}
