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
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DispatchServiceTest
{
    private static final long MINUTE_S = 60;

    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Nested
    class Units
    {
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

    @Nested
    class Calls
    {
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

    @Nested
    class Recommendations
    {
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

            assertThat(out).hasSize(4);
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

            assertThat(out).hasSize(4);
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

            assertThat(out).hasSize(4);
            assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(12);
            assertThat(Outputs.recommended(out.get(2)).unitId()).isEqualTo(25);
            assertThat(Outputs.recommended(out.get(3)).unitId()).isEqualTo(31);
        }

        @Test
        void fewerUnitsThanKGiveFewerRecommendations()
        {
            driver.apply(availableUnit(1, Agency.AMBULANCE, north(BASE_LAT, 500), BASE_LON));

            final List<byte[]> out = driver.apply(call(1, Agency.AMBULANCE, BASE_LAT, BASE_LON));

            assertThat(out).hasSize(2);
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

            assertThat(out).hasSize(2);
            assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(1);
            assertThat(Outputs.recommended(out.get(1)).etaS()).isEqualTo(60);
        }

        @Test
        void noRecommendationForJoinedCall()
        {
            driver.apply(availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON));
            driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

            assertThat(driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON))).hasSize(1);
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

    @Nested
    class Commands
    {
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

            assertThat(out).hasSize(2);
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

    @Nested
    class OtherEvents
    {
        @Test
        void tickAndForeignTemplatesEmitNothingAndChangeNothing()
        {
            driver.applyAll(
                availableUnit(1, Agency.POLICE, BASE_LAT, BASE_LON),
                call(1, Agency.POLICE, BASE_LAT, BASE_LON));
            final byte[] before = driver.snapshot();

            assertThat(driver.apply(TestEvents.tick(1))).isEmpty();
            assertThat(driver.apply(TestEvents.snapshotRequest(3))).isEmpty();
            assertThat(driver.apply(TestEvents.foreignSchema(call(2, Agency.POLICE, BASE_LAT, BASE_LON)))).isEmpty();
            assertThat(driver.apply(TestEvents.foreignSchema(close(2, 1)))).isEmpty();
            assertThat(driver.apply(new byte[]{1, 2, 3})).isEmpty();

            assertThat(driver.snapshot()).isEqualTo(before);
        }

        @Test
        void truncatedMessageIsIgnored()
        {
            final byte[] event = call(1, Agency.POLICE, BASE_LAT, BASE_LON);
            final byte[] truncated = java.util.Arrays.copyOf(event, 20);

            assertThat(driver.apply(truncated)).isEmpty();
            assertThat(service.incidentCount()).isZero();
        }
    }

    @Nested
    class Snapshots
    {
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

    @Nested
    class Configuration
    {
        @Test
        void defaults()
        {
            assertThat(new DispatchService().config()).isEqualTo(
                new DispatchConfig(200, TimeUnit.MINUTES.toNanos(10), 40, 3));
        }

        @Test
        void rejectsOutOfRangeValues()
        {
            assertThatThrownBy(() -> new DispatchConfig(-1, 0, 40, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DispatchConfig(200, -1, 40, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DispatchConfig(200, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DispatchConfig(200, 0, 40, 255)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
