package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.north;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CallCorrelationTest
{
    private static final long MINUTE_S = 60;

    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Test
    void callOpensIncidentWithSequenceAsId()
    {
        driver.apply(availableUnit(1, Agency.FIRE, north(BASE_LAT, 2_000), BASE_LON));
        driver.advanceSeconds(5);

        final List<byte[]> out = driver.apply(call(
            555, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 35));

        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.incidentId()).isEqualTo(2);
        assertThat(opened.callId()).isEqualTo(555);
        assertThat(opened.agency()).isEqualTo(Agency.FIRE);
        assertThat(opened.priority()).isEqualTo((short)1);
        assertThat(opened.locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(opened.location().latMicros()).isEqualTo(BASE_LAT);
        assertThat(opened.location().lonMicros()).isEqualTo(BASE_LON);
        assertThat(opened.uncertaintyM()).isEqualTo(35);
        assertThat(opened.openedAtNs()).isEqualTo(driver.nowNs);

        final IncidentView incident = service.incident(2);
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.callCount()).isEqualTo(1);
        assertThat(service.incidentCount()).isEqualTo(1);
        assertThat(service.openIncidentCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"FIRE,1", "AMBULANCE,1", "POLICE,2", "UNIFIED,3"})
    void priorityFollowsAgency(final Agency agency, final short priority)
    {
        final List<byte[]> out = driver.apply(call(1, agency, BASE_LAT, BASE_LON));

        assertThat(Outputs.opened(out.get(0)).priority()).isEqualTo(priority);
    }

    @Test
    void callWithinThresholdAndWindowJoinsIncident()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.advanceSeconds(9 * MINUTE_S);

        // Two 15 m fixes: threshold 80 + ceil(sqrt(15^2 + 15^2)) = 102 m.
        final int lat = north(BASE_LAT, 100);
        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, lat, BASE_LON));

        // The new 15 m fix beats the first one, 9 minutes older (15 + 540 m): the incident moves to it.
        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.updated(out.get(1)).reason()).isEqualTo(UpdateReason.LOCATION_IMPROVED);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.incidentId()).isEqualTo(1);
        assertThat(updated.reason()).isEqualTo(UpdateReason.CALL_ADDED);
        assertThat(updated.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(updated.callCount()).isEqualTo(2);
        assertThat(updated.callId()).isEqualTo(2);
        assertThat(updated.unitId()).isZero();
        assertThat(updated.location().latMicros()).isEqualTo(lat);
        assertThat(updated.agencies().pOLICE()).isTrue();
        assertThat(updated.agencies().fIRE()).isFalse();
        assertThat(updated.nuisance()).isZero();
        assertThat(updated.otherIncidentId()).isZero();
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(2));
        assertThat(callUpdated.callId()).isEqualTo(2);
        assertThat(callUpdated.incidentId()).isEqualTo(1);
        assertThat(service.incidentCount()).isEqualTo(1);
    }

    @Test
    void callOutsideThresholdOpensNewIncident()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 110), BASE_LON));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(2);
        assertThat(service.incidentCount()).isEqualTo(2);
    }

    @Test
    void thresholdGrowsWithBothUncertainties()
    {
        // Two 100 m Wi-Fi fixes: threshold 80 + ceil(141.4) = 222 m, so 200 m apart is one event.
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 100));
        assertThat(Outputs.templateId(driver.apply(
            call(2, Agency.FIRE, LocationQuality.USABLE, north(BASE_LAT, 200), BASE_LON, 100)).get(0)))
            .isEqualTo(IncidentUpdatedDecoder.TEMPLATE_ID);

        // The same 200 m with two precise fixes is two events.
        final int farLat = north(BASE_LAT, 5_000);
        driver.apply(call(3, Agency.FIRE, farLat, BASE_LON));
        assertThat(Outputs.templateId(driver.apply(call(4, Agency.FIRE, north(farLat, 200), BASE_LON)).get(0)))
            .isEqualTo(IncidentOpenedDecoder.TEMPLATE_ID);
    }

    @Test
    void uncertaintyTermIsCapped()
    {
        // 600 m and 15 m: threshold 80 + min(601, 250) = 330 m.
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        assertThat(Outputs.updated(driver.apply(
            call(2, Agency.POLICE, LocationQuality.USABLE, north(BASE_LAT, 320), BASE_LON, 600)).get(0)).incidentId())
            .isEqualTo(1);

        final List<byte[]> out = driver.apply(call(3, Agency.POLICE, LocationQuality.USABLE, north(BASE_LAT, 340), BASE_LON, 600));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(3);
    }

    @Test
    void cellFixNeverJoinsOnItsOwn()
    {
        driver.apply(call(1, Agency.AMBULANCE, BASE_LAT, BASE_LON));

        // Right on top of the incident, but 2 km wide: cannot tell two events in one cell apart.
        final List<byte[]> cell = driver.apply(TestEvents.cellCall(2, Agency.AMBULANCE, BASE_LAT, BASE_LON, 2_000));
        assertThat(Outputs.opened(cell.get(0)).incidentId()).isEqualTo(2);
        assertThat(Outputs.opened(cell.get(0)).uncertaintyM()).isEqualTo(2_000);

        // Nor does a precise call join an incident that only has the cell fix.
        driver.apply(close(1, 1));
        final List<byte[]> precise = driver.apply(call(3, Agency.AMBULANCE, BASE_LAT, BASE_LON));
        assertThat(Outputs.opened(precise.get(0)).incidentId()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} incident, {1} call: joins {2}")
    @CsvSource({
        "UNIFIED,UNIFIED,true", "UNIFIED,POLICE,true", "UNIFIED,FIRE,true", "UNIFIED,AMBULANCE,true",
        "POLICE,UNIFIED,true", "POLICE,POLICE,true", "POLICE,FIRE,false", "POLICE,AMBULANCE,true",
        "FIRE,UNIFIED,true", "FIRE,POLICE,false", "FIRE,FIRE,true", "FIRE,AMBULANCE,true",
        "AMBULANCE,UNIFIED,true", "AMBULANCE,POLICE,true", "AMBULANCE,FIRE,true", "AMBULANCE,AMBULANCE,true"})
    void compatibilityTable(final Agency incidentAgency, final Agency callAgency, final boolean joins)
    {
        driver.apply(call(1, incidentAgency, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(2, callAgency, north(BASE_LAT, 30), BASE_LON));

        assertThat(Outputs.templateId(out.get(0)))
            .isEqualTo(joins ? IncidentUpdatedDecoder.TEMPLATE_ID : IncidentOpenedDecoder.TEMPLATE_ID);
    }

    @Test
    void compatibilityLooksAtEveryAgencyTheIncidentNeeds()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.AMBULANCE, BASE_LAT, BASE_LON));

        // FIRE does not match POLICE, but the crash now needs an ambulance, and FIRE matches that.
        final List<byte[]> out = driver.apply(call(3, Agency.FIRE, BASE_LAT, BASE_LON));

        assertThat(Outputs.updated(out.get(0)).incidentId()).isEqualTo(1);
        assertThat(service.incident(1).agencies()).containsExactlyInAnyOrder(Agency.POLICE, Agency.FIRE, Agency.AMBULANCE);
    }

    @Test
    void windowCountsFromTheLastCall()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.advanceSeconds(9 * MINUTE_S);
        assertThat(Outputs.updated(driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON)).get(0)).callCount()).isEqualTo(2);
        driver.advanceSeconds(10 * MINUTE_S);
        assertThat(Outputs.updated(driver.apply(call(3, Agency.POLICE, BASE_LAT, BASE_LON)).get(0)).callCount()).isEqualTo(3);
        driver.advanceSeconds(10 * MINUTE_S + 1);

        final List<byte[]> out = driver.apply(call(4, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(4);
        assertThat(service.incident(1).callCount()).isEqualTo(3);
    }

    @Test
    void differentAgencyOpensNewIncident()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(2);
    }

    @Test
    void unifiedCallJoinsAnyAgencyAndAnyCallJoinsUnified()
    {
        driver.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        assertThat(Outputs.updated(driver.apply(call(2, Agency.UNIFIED, BASE_LAT, BASE_LON)).get(0)).incidentId())
            .isEqualTo(1);

        final int farLat = north(BASE_LAT, 5_000);
        driver.apply(call(3, Agency.UNIFIED, farLat, BASE_LON));
        assertThat(Outputs.updated(driver.apply(call(4, Agency.AMBULANCE, farLat, BASE_LON)).get(0)).incidentId())
            .isEqualTo(3);
    }

    @Test
    void callJoinsSmallestNormalizedDistanceNotNearest()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.FIRE, LocationQuality.USABLE, north(BASE_LAT, 200), BASE_LON, 200));

        // 90 m from incident 1 (threshold 102 m: 0.88) and 110 m from incident 2 (threshold 281 m: 0.39).
        final List<byte[]> out = driver.apply(call(3, Agency.UNIFIED, north(BASE_LAT, 90), BASE_LON));

        assertThat(Outputs.updated(out.get(0)).incidentId()).isEqualTo(2);
    }

    @Test
    void equidistantCandidatesResolveToLowerId()
    {
        driver.apply(call(1, Agency.POLICE, north(BASE_LAT, 60), BASE_LON));
        driver.apply(call(2, Agency.FIRE, north(BASE_LAT, -60), BASE_LON));

        final List<byte[]> out = driver.apply(call(3, Agency.UNIFIED, BASE_LAT, BASE_LON));

        assertThat(Outputs.updated(out.get(0)).incidentId()).isEqualTo(1);
    }

    @Test
    void dispatchedIncidentStillCollectsCallsButClosedDoesNot()
    {
        driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(dispatch(2, 1, 9));

        final IncidentUpdatedDecoder joined = Outputs.updated(driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON)).get(0));
        assertThat(joined.incidentId()).isEqualTo(2);
        assertThat(joined.status()).isEqualTo(IncidentStatus.DISPATCHED);

        driver.apply(close(2, 9));
        final List<byte[]> out = driver.apply(call(3, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(Outputs.templateId(out.get(0))).isEqualTo(IncidentOpenedDecoder.TEMPLATE_ID);
    }

    @ParameterizedTest
    @EnumSource(value = LocationQuality.class, names = {"MISSING", "UNUSABLE", "BY_REFERENCE"})
    void callWithoutUsableLocationOpensIncidentWithoutRecommendation(final LocationQuality quality)
    {
        driver.apply(availableUnit(1, Agency.AMBULANCE, BASE_LAT, BASE_LON));
        driver.apply(call(1, Agency.AMBULANCE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(2, Agency.AMBULANCE, quality, BASE_LAT, BASE_LON, 0));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentOpenedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.incidentId()).isEqualTo(3);
        assertThat(opened.locationQuality()).isEqualTo(quality);
        assertThat(opened.priority()).isEqualTo((short)1);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.locationQuality()).isEqualTo(quality);
        assertThat(callUpdated.locationProblem()).isEqualTo(TestEvents.problemFor(quality));
        assertThat(callUpdated.location().latMicros()).isZero();
    }

    @Test
    void usableCallNeverJoinsIncidentWithoutLocation()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.MISSING, BASE_LAT, BASE_LON, 0));

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(2);
    }

    @Test
    void coordinatesOutOfRangeAreTreatedAsUnusable()
    {
        final List<byte[]> out = driver.apply(call(1, Agency.POLICE, 95_000_000, BASE_LON));

        assertThat(Outputs.opened(out.get(0)).locationQuality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(Outputs.opened(out.get(0)).location().latMicros()).isZero();
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.locationQuality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(callUpdated.locationProblem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(callUpdated.fixCount()).isEqualTo(1);
    }

    @Test
    void undefinedAgencyIsTreatedAsUnified()
    {
        final byte[] event = call(1, Agency.POLICE, BASE_LAT, BASE_LON);
        new UnsafeBuffer(event).putByte(8 + org.beacon.codecs.CallReceivedEncoder.agencyEncodingOffset(), (byte)7);

        final List<byte[]> out = driver.apply(event);

        assertThat(Outputs.opened(out.get(0)).agency()).isEqualTo(Agency.UNIFIED);
    }

    @Test
    void knownCallIdIsIgnored()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        final byte[] before = driver.snapshot();

        assertThat(driver.apply(call(1, Agency.FIRE, north(BASE_LAT, 5_000), BASE_LON))).isEmpty();
        assertThat(driver.apply(call(0, Agency.FIRE, BASE_LAT, BASE_LON))).isEmpty();
        assertThat(driver.snapshot()).isEqualTo(before);
    }

    @Test
    void versionOneCallIsReadWithDefaults()
    {
        final List<byte[]> out = driver.apply(TestEvents.callV1(5, Agency.FIRE, BASE_LAT, BASE_LON, 40));

        assertThat(Outputs.opened(out.get(0)).uncertaintyM()).isEqualTo(40);
        final CallUpdatedDecoder callUpdated = Outputs.callUpdated(out.get(1));
        assertThat(callUpdated.locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(callUpdated.fixSource()).isEqualTo(FixSource.NONE);
        assertThat(callUpdated.shape()).isEqualTo(LocationShape.NONE);

        // The caller was read: a second v1 call from the number is counted.
        driver.apply(TestEvents.callV1(5_000_000, Agency.FIRE, north(BASE_LAT, 5_000), BASE_LON, 40));
        assertThat(service.callerHistoryCount()).isEqualTo(2);
    }
}
