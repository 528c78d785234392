package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.aml;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.callEnded;
import static org.beacon.dispatch.TestEvents.callerOf;
import static org.beacon.dispatch.TestEvents.cellCall;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.fix;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.tick;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

/**
 * Fixes of a call: AML by number, pending fixes, expiry, numbering, best fix by uncertainty and age.
 */
class CallLocationTest
{
    private DispatchDriver driver = new DispatchDriver();
    private DispatchService service = driver.service;

    @Test
    void amlAttachesToTheActiveCallOfTheNumber()
    {
        driver.apply(cellCall(1, Agency.AMBULANCE, BASE_LAT, BASE_LON, 1_500));
        driver.advanceSeconds(15);
        final int lat = north(BASE_LAT, 50);

        final List<byte[]> out = driver.apply(aml(callerOf(1), lat, BASE_LON, 10));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.incidentId()).isEqualTo(1);
        assertThat(updated.reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
        assertThat(updated.callId()).isEqualTo(1);
        assertThat(updated.location().latMicros()).isEqualTo(lat);
        assertThat(updated.uncertaintyM()).isEqualTo(10);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.callId()).isEqualTo(1);
        assertThat(callUpdated.incidentId()).isEqualTo(1);
        assertThat(callUpdated.fixCount()).isEqualTo(2);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.AML_HTTPS);
        assertThat(callUpdated.locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(callUpdated.location().latMicros()).isEqualTo(lat);
        assertThat(callUpdated.uncertaintyM()).isEqualTo(10);
        assertThat(callUpdated.atNs()).isEqualTo(driver.nowNs);
    }

    @Test
    void amlGoesToTheMostRecentCallNotEnded()
    {
        final String caller = "tel:+84911111111";
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 30, caller));
        driver.apply(call(2, Agency.POLICE, LocationQuality.USABLE, north(BASE_LAT, 5_000), BASE_LON, 30, caller));

        assertThat(Outputs.callUpdated(driver.apply(aml(caller, BASE_LAT, BASE_LON, 5)).get(1)).callId()).isEqualTo(2);

        driver.apply(callEnded(2));
        final List<byte[]> out = driver.apply(aml(caller, BASE_LAT, BASE_LON, 4));
        assertThat(Outputs.callUpdated(out.get(out.size() - 1)).callId()).isEqualTo(1);
    }

    @Test
    void amlAfterHangUpStillAttachesWithinTheGrace()
    {
        driver.apply(call(1, Agency.AMBULANCE, LocationQuality.MISSING, 0, 0, 0));
        driver.advanceSeconds(8);
        driver.apply(callEnded(1));
        driver.advanceSeconds(12);

        final List<byte[]> out = driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 10));

        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(out.size() - 1));
        assertThat(callUpdated.ended()).isEqualTo((short)1);
        assertThat(callUpdated.locationQuality()).isEqualTo(LocationQuality.USABLE);

        // After the grace, a fix for the number waits for a new call instead.
        driver.advanceSeconds(DispatchConfig.DEFAULT_ENDED_CALL_GRACE_NS / 1_000_000_000L + 1);
        assertThat(driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 3))).isEmpty();
        assertThat(service.pendingFixCount()).isEqualTo(1);
    }

    @Test
    void fixWithCallIdGoesToThatCall()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.BY_REFERENCE, 0, 0, 0));

        final List<byte[]> out = driver.apply(fix(1, "", FixSource.SIP_REINVITE, BASE_LAT, BASE_LON, 25, 0));

        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(out.size() - 1));
        assertThat(callUpdated.callId()).isEqualTo(1);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.SIP_REINVITE);
        assertThat(callUpdated.uncertaintyM()).isEqualTo(25);
    }

    @Test
    void fixForNoCallAndNoNumberIsDropped()
    {
        assertThat(driver.apply(fix(99, "", FixSource.SIP_REINVITE, BASE_LAT, BASE_LON, 25, 0))).isEmpty();
        assertThat(service.pendingFixCount()).isZero();
        assertThat(service.callerHistoryCount()).isZero();
    }

    @Test
    void pendingAmlIsAttachedToTheLaterCall()
    {
        driver.apply(availableUnit(1, Agency.AMBULANCE, north(BASE_LAT, 1_000), BASE_LON));
        final int lat = north(BASE_LAT, 40);
        assertThat(driver.apply(aml(callerOf(7), lat, BASE_LON, 8))).isEmpty();
        assertThat(service.pendingFixCount()).isEqualTo(1);
        driver.advanceSeconds(10);

        final List<byte[]> out = driver.apply(call(7, Agency.AMBULANCE, LocationQuality.MISSING, 0, 0, 0));

        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(opened.location().latMicros()).isEqualTo(lat);
        assertThat(opened.uncertaintyM()).isEqualTo(8);
        assertThat(Outputs.only(out, UnitRecommendedDecoder.TEMPLATE_ID)).hasSize(1);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(out.size() - 1));
        assertThat(callUpdated.fixCount()).isEqualTo(2);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.AML_HTTPS);
        assertThat(service.pendingFixCount()).isZero();
    }

    @Test
    void pendingAmlExpiresOnTick()
    {
        driver.apply(aml(callerOf(7), BASE_LAT, BASE_LON, 8));
        driver.advanceSeconds(119);
        driver.apply(tick(1));
        assertThat(service.pendingFixCount()).isEqualTo(1);

        driver.advanceSeconds(2);
        assertThat(driver.apply(tick(2))).isEmpty();

        assertThat(service.pendingFixCount()).isZero();
        final List<byte[]> out = driver.apply(call(7, Agency.AMBULANCE, LocationQuality.MISSING, 0, 0, 0));
        assertThat(Outputs.callUpdated(out.get(out.size() - 1)).fixCount()).isEqualTo(1);
    }

    @Test
    void expiredPendingAmlIsNotAttachedEvenBeforeTheTick()
    {
        driver.apply(aml(callerOf(7), BASE_LAT, BASE_LON, 8));
        driver.advanceSeconds(121);

        final List<byte[]> out = driver.apply(call(7, Agency.AMBULANCE, LocationQuality.MISSING, 0, 0, 0));

        assertThat(Outputs.callUpdated(out.get(out.size() - 1)).fixCount()).isEqualTo(1);
        assertThat(service.pendingFixCount()).isZero();
    }

    @Test
    void pendingStoreIsBoundedOverallAndPerNumber()
    {
        final ConfigBuilder config = new ConfigBuilder();
        config.maxPendingFixes = 3;
        driver = new DispatchDriver(new DispatchService(config.build()));
        service = driver.service;
        for (int number = 1; number <= 4; number++)
        {
            driver.apply(aml(callerOf(number), BASE_LAT, BASE_LON, number));
        }
        assertThat(service.pendingFixCount()).isEqualTo(3);

        final List<byte[]> first = driver.apply(call(1, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));
        assertThat(Outputs.callUpdated(first.get(first.size() - 1)).fixCount()).isEqualTo(1);
        final List<byte[]> second = driver.apply(call(2, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));
        assertThat(Outputs.callUpdated(second.get(second.size() - 1)).fixCount()).isEqualTo(2);

        final DispatchDriver perNumber = new DispatchDriver();
        for (int i = 1; i <= CallerHistory.MAX_PENDING_PER_CALLER + 3; i++)
        {
            perNumber.apply(aml(callerOf(5), BASE_LAT, BASE_LON, i));
        }
        assertThat(perNumber.service.pendingFixCount()).isEqualTo(CallerHistory.MAX_PENDING_PER_CALLER);
        final List<byte[]> out = perNumber.apply(call(5, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(out.size() - 1));
        assertThat(callUpdated.fixCount()).isEqualTo(1 + CallerHistory.MAX_PENDING_PER_CALLER);
        assertThat(callUpdated.uncertaintyM()).isEqualTo(4); // the oldest three (1, 2, 3 m) were dropped
    }

    @Test
    void fixesAreNumberedPerCallUsableOrNot()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 5_000), BASE_LON));
        driver.apply(fix(1, "", FixSource.AML_SMS, LocationQuality.UNUSABLE, 0, 0, 0, 0));
        driver.apply(fix(1, "", FixSource.AML_SMS, BASE_LAT, BASE_LON, 30, 0));

        assertThat(service.call(1).fixCount()).isEqualTo(3);
        assertThat(service.call(1).storedFixCount()).isEqualTo(2);
        assertThat(service.call(2).fixCount()).isEqualTo(1);
    }

    @Test
    void storedFixesAreBoundedAndTheBestIsKept()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 3));
        for (int i = 0; i < Call.MAX_STORED_FIXES + 10; i++)
        {
            driver.apply(fix(1, "", FixSource.SIP_REINVITE, BASE_LAT, BASE_LON, 50, 0));
        }

        assertThat(service.call(1).storedFixCount()).isEqualTo(Call.MAX_STORED_FIXES);
        assertThat(service.call(1).fixCount()).isEqualTo(Call.MAX_STORED_FIXES + 11);
        assertThat(service.call(1).uncertaintyM()).isEqualTo(3);
    }

    @Test
    void invalidCoordinatesInAFixAreUnusable()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.MISSING, 0, 0, 0));

        final List<byte[]> out = driver.apply(fix(1, "", FixSource.AML_HTTPS, BASE_LAT, 200_000_000, 5, 0));

        assertThat(out).extracting(Outputs::templateId).containsExactly(CallUpdatedDecoder.TEMPLATE_ID);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(0));
        assertThat(callUpdated.locationQuality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(callUpdated.locationProblem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(callUpdated.fixCount()).isEqualTo(2);
        assertThat(service.incident(1).locationQuality()).isEqualTo(LocationQuality.MISSING);
    }

    @Test
    void worseFixChangesNothingButTheCount()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 10));

        final List<byte[]> out = driver.apply(fix(1, "", FixSource.AML_HTTPS, north(BASE_LAT, 30), BASE_LON, 40, 0));

        assertThat(out).extracting(Outputs::templateId).containsExactly(CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.callUpdated(out.get(0)).uncertaintyM()).isEqualTo(10);
        assertThat(Outputs.callUpdated(out.get(0)).fixCount()).isEqualTo(2);
    }

    @Test
    void bestFixAccountsForAge()
    {
        // A 10 m fix at t0 grows 1 m/s: 10 s later a 40 m fix is still worse (10 + 10 < 40) ...
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 10));
        driver.advanceSeconds(10);
        assertThat(Outputs.only(driver.apply(fix(1, "", FixSource.SIP_REINVITE, north(BASE_LAT, 30), BASE_LON, 40, 0)),
            IncidentUpdatedDecoder.TEMPLATE_ID)).isEmpty();

        // ... 60 s later it is better (10 + 60 > 40): the caller may have moved.
        driver.advanceSeconds(50);
        final int lat = north(BASE_LAT, 35);
        final List<byte[]> out = driver.apply(fix(1, "", FixSource.SIP_REINVITE, lat, BASE_LON, 40, 0));

        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
        assertThat(updated.location().latMicros()).isEqualTo(lat);
        assertThat(updated.uncertaintyM()).isEqualTo(40);
    }

    @Test
    void sourceReportedFixTimeCounts()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 100));
        driver.advanceSeconds(20);

        // A 10 m fix taken 5 minutes before it arrived: 10 + 300 > 100, not better.
        final long fiveMinutesAgo = driver.nowNs - TimeUnit.MINUTES.toNanos(5);
        final List<byte[]> stale = driver.apply(fix(1, "", FixSource.AML_HTTPS, north(BASE_LAT, 30), BASE_LON, 10, fiveMinutesAgo));
        assertThat(Outputs.only(stale, IncidentUpdatedDecoder.TEMPLATE_ID)).isEmpty();

        // The same fix taken 2 s ago is better; a time in the future counts as now.
        final List<byte[]> fresh = driver.apply(
            fix(1, "", FixSource.AML_HTTPS, north(BASE_LAT, 30), BASE_LON, 10, driver.nowNs + 1_000_000_000_000L));
        assertThat(Outputs.updated(fresh.get(0)).reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
    }

    @Test
    void cellFixServesOnlyUntilSomethingBetterArrives()
    {
        driver.apply(cellCall(1, Agency.FIRE, BASE_LAT, BASE_LON, 2_000));
        assertThat(service.incident(1).uncertaintyM()).isEqualTo(2_000);

        final int lat = north(BASE_LAT, 300);
        driver.advanceSeconds(20);
        driver.apply(aml(callerOf(1), lat, BASE_LON, 12));
        assertThat(service.incident(1).latMicros()).isEqualTo(lat);

        driver.advanceSeconds(30);
        final List<byte[]> out = driver.apply(fix(1, "", FixSource.NETWORK_CELL, BASE_LAT, BASE_LON, 2_000, 0));

        assertThat(Outputs.only(out, IncidentUpdatedDecoder.TEMPLATE_ID)).isEmpty();
        assertThat(service.incident(1).uncertaintyM()).isEqualTo(12);
        assertThat(Outputs.callUpdated(out.get(0)).shape()).isEqualTo(LocationShape.CIRCLE);
    }

    @Test
    void firstUsableLocationBringsRecommendations()
    {
        driver.apply(availableUnit(9, Agency.AMBULANCE, north(BASE_LAT, 700), BASE_LON));
        final List<byte[]> opened = driver.apply(call(1, Agency.AMBULANCE, LocationQuality.MISSING, 0, 0, 0));
        assertThat(Outputs.only(opened, UnitRecommendedDecoder.TEMPLATE_ID)).isEmpty();

        final List<byte[]> out = driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 10));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, UnitRecommendedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(9);
        assertThat(Outputs.recommended(out.get(1)).distanceM()).isBetween(699L, 701L);
    }

    @Test
    void locationMovingFarBringsNewRecommendations()
    {
        driver.apply(availableUnit(9, Agency.FIRE, north(BASE_LAT, 2_000), BASE_LON));
        driver.apply(cellCall(1, Agency.FIRE, BASE_LAT, BASE_LON, 1_500));

        final List<byte[]> near = driver.apply(aml(callerOf(1), north(BASE_LAT, 300), BASE_LON, 10));
        assertThat(Outputs.only(near, UnitRecommendedDecoder.TEMPLATE_ID)).isEmpty();

        final List<byte[]> far = driver.apply(aml(callerOf(1), north(BASE_LAT, 1_500), BASE_LON, 5));
        final List<byte[]> recommended = Outputs.only(far, UnitRecommendedDecoder.TEMPLATE_ID);
        assertThat(recommended).hasSize(1);
        assertThat(Outputs.recommended(recommended.get(0)).distanceM()).isBetween(499L, 501L);
    }

    @Test
    void fixForACallOfAClosedIncidentOnlyUpdatesTheCall()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 100));
        driver.apply(close(1, 3));

        final List<byte[]> out = driver.apply(aml(callerOf(1), BASE_LAT, BASE_LON, 5));

        assertThat(out).extracting(Outputs::templateId).containsExactly(CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(service.incident(1).uncertaintyM()).isEqualTo(100);
    }

    @Test
    void callEndedMarksTheCallAndKeepsTheIncident()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.advanceSeconds(40);

        final List<byte[]> out = driver.apply(callEnded(1));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.CALL_ENDED);
        assertThat(Outputs.updated(out.get(0)).callId()).isEqualTo(1);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.ended()).isEqualTo((short)1);
        assertThat(callUpdated.atNs()).isEqualTo(driver.nowNs);
        assertThat(service.openIncidentCount()).isEqualTo(1);
        assertThat(service.call(1).ended()).isTrue();

        assertThat(driver.apply(callEnded(1))).isEmpty();
        assertThat(driver.apply(callEnded(42))).isEmpty();
    }
}
