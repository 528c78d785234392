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
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
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
    void callWithinRadiusAndWindowJoinsIncident()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.advanceSeconds(9 * MINUTE_S);

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 150), BASE_LON));

        assertThat(out).hasSize(1);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.incidentId()).isEqualTo(1);
        assertThat(updated.reason()).isEqualTo(UpdateReason.CALL_ADDED);
        assertThat(updated.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(updated.callCount()).isEqualTo(2);
        assertThat(updated.callId()).isEqualTo(2);
        assertThat(updated.unitId()).isZero();
        assertThat(updated.location().latMicros()).isEqualTo(BASE_LAT);
        assertThat(service.incidentCount()).isEqualTo(1);
    }

    @Test
    void callOutsideRadiusOpensNewIncident()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 250), BASE_LON));

        assertThat(Outputs.opened(out.get(0)).incidentId()).isEqualTo(2);
        assertThat(service.incidentCount()).isEqualTo(2);
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
    void callJoinsNearestCandidate()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        driver.apply(call(2, Agency.POLICE, north(BASE_LAT, 300), BASE_LON));

        final List<byte[]> out = driver.apply(call(3, Agency.POLICE, north(BASE_LAT, 190), BASE_LON));

        assertThat(Outputs.updated(out.get(0)).incidentId()).isEqualTo(2);
    }

    @Test
    void equidistantCandidatesResolveToLowerId()
    {
        driver.apply(call(1, Agency.POLICE, north(BASE_LAT, 100), BASE_LON));
        driver.apply(call(2, Agency.FIRE, north(BASE_LAT, -100), BASE_LON));

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

        assertThat(out).hasSize(1);
        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.incidentId()).isEqualTo(3);
        assertThat(opened.locationQuality()).isEqualTo(quality);
        assertThat(opened.priority()).isEqualTo((short)1);
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
    }

    @Test
    void undefinedAgencyIsTreatedAsUnified()
    {
        final byte[] event = call(1, Agency.POLICE, BASE_LAT, BASE_LON);
        new UnsafeBuffer(event).putByte(8 + org.beacon.codecs.CallReceivedEncoder.agencyEncodingOffset(), (byte)7);

        final List<byte[]> out = driver.apply(event);

        assertThat(Outputs.opened(out.get(0)).agency()).isEqualTo(Agency.UNIFIED);
    }
}
