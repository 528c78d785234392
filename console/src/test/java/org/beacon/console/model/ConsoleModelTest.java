package org.beacon.console.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedEncoder;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedEncoder;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentOpenedEncoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IntersectionStateEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

class ConsoleModelTest
{
    private static final int LAT = 10_776_000;
    private static final int LON = 106_700_000;
    private static final int FIRE = 2;
    private static final int POLICE_FIRE = 3;

    private final ConsoleModel model = new ConsoleModel(List.of(
        new IntersectionInfo(0, "J0", 10.77, 106.70),
        new IntersectionInfo(3, "J3", 10.78, 106.71),
        new IntersectionInfo(5, "J5", 10.79, 106.72)));
    final Feeder feed = new Feeder(model);

    /** Call 11 opens incident 1 (at sequence 1, as the state machine numbers incidents). */
    private void openFirstIncident()
    {
        feed.callReceived(11, Agency.FIRE, LAT, LON, 35, "+84901234567");
        feed.incidentOpened(1, 11, Agency.FIRE, 1, LAT, LON, 35);
        feed.callUpdated(11, 1, LAT, LON, 35, 1, false);
    }

    private List<String> drainKeys()
    {
        final List<String> keys = new ArrayList<>();
        model.drainChanges(new ChangeListener()
        {
            @Override
            public void changed(final String key, final ObjectNode entity)
            {
                keys.add(key);
            }

            @Override
            public void removed(final String key)
            {
                keys.add("-" + key);
            }
        });
        return keys;
    }

    private static List<Long> longs(final JsonNode array)
    {
        final List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }

    @Test
    void intersectionsOfTheNetworkExistFromTheStart()
    {
        assertThat(model.size()).isEqualTo(3);
        final ObjectNode j3 = model.entity("intersection:3");
        assertThat(j3.get("kind").asText()).isEqualTo("intersection");
        assertThat(j3.get("id").asText()).isEqualTo("J3");
        assertThat(j3.get("lat").asDouble()).isEqualTo(10.78);
        assertThat(j3.get("mode").asText()).isEqualTo("UNKNOWN");
        assertThat(j3.get("faults").size()).isZero();
        assertThat(j3.get("alarm").asBoolean()).isFalse();
        assertThat(j3.get("lastCommand").isNull()).isTrue();
        assertThat(drainKeys()).containsExactly("intersection:0", "intersection:3", "intersection:5");
    }

    @Test
    void aRetiredIncidentLeavesTheConsolesWithItsCalls()
    {
        openFirstIncident();
        feed.incidentUpdated(1, UpdateReason.CLOSED, IncidentStatus.CLOSED, 1, 0, 0, 0, 0);
        drainKeys();

        feed.incidentRetired(1, 1);

        assertThat(model.entity("incident:1")).isNull();
        assertThat(model.entity("call:11")).isNull();
        assertThat(drainKeys()).containsExactly("-call:11", "-incident:1");
    }

    @Test
    void incidentLifecycleFromFirstCallToClose()
    {
        openFirstIncident();
        ObjectNode incident = model.entity("incident:1");
        assertThat(incident.get("k").asText()).isEqualTo("incident:1");
        assertThat(incident.get("kind").asText()).isEqualTo("incident");
        assertThat(incident.get("agency").asText()).isEqualTo("FIRE");
        assertThat(incident.get("agencies").toString()).isEqualTo("[\"FIRE\"]");
        assertThat(incident.get("priority").asInt()).isEqualTo(1);
        assertThat(incident.get("status").asText()).isEqualTo("OPEN");
        assertThat(incident.get("locationQuality").asText()).isEqualTo("USABLE");
        assertThat(incident.get("lat").asDouble()).isEqualTo(10.776);
        assertThat(incident.get("lon").asDouble()).isEqualTo(106.7);
        assertThat(incident.get("uncertaintyM").asLong()).isEqualTo(35);
        assertThat(incident.get("openedAtMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(longs(incident.get("calls"))).containsExactly(11L);
        assertThat(incident.get("callCount").asInt()).isEqualTo(1);
        assertThat(incident.get("mergedInto").asLong()).isZero();
        assertThat(incident.get("lastReason").isNull()).isTrue();

        final ObjectNode call = model.entity("call:11");
        assertThat(call.get("incidentId").asLong()).isEqualTo(1);
        assertThat(call.get("caller").asText()).isEqualTo("+84901234567");
        assertThat(call.get("receivedAtMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(call.get("fixCount").asInt()).isEqualTo(1);
        assertThat(call.get("fixes").size()).isEqualTo(1);
        assertThat(call.has("imsi")).isFalse();
        assertThat(call.get("betterFix").isNull()).isTrue();

        // a second call joins
        feed.callReceived(12, Agency.POLICE, LAT + 100, LON, 20, "+84907654321");
        feed.incidentUpdated(1, UpdateReason.CALL_ADDED, IncidentStatus.OPEN, 2, 12, 0, POLICE_FIRE, 0);
        feed.callUpdated(12, 1, LAT + 100, LON, 20, 1, false);
        incident = model.entity("incident:1");
        assertThat(longs(incident.get("calls"))).containsExactly(11L, 12L);
        assertThat(incident.get("callCount").asInt()).isEqualTo(2);
        assertThat(incident.get("agencies").toString()).isEqualTo("[\"POLICE\",\"FIRE\"]");
        assertThat(incident.get("lastReason").asText()).isEqualTo("CALL_ADDED");

        // recommendation, then the dispatcher's order
        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON + 1000, "E-7");
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.AVAILABLE, 0);
        feed.tick();
        feed.recommended(1, 7, 1, 184);
        assertThat(model.entity("incident:1").get("recommendations").get(0).get("unitId").asLong()).isEqualTo(7);
        feed.command(CommandType.DISPATCH, 1, 7, 101, 0, 0);
        feed.dispatchOrder(1, 7, 101);
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        feed.incidentUpdated(1, UpdateReason.UNIT_DISPATCHED, IncidentStatus.DISPATCHED, 2, 0, 7, POLICE_FIRE, 0);
        incident = model.entity("incident:1");
        assertThat(incident.get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(longs(incident.get("units"))).containsExactly(7L);
        assertThat(incident.get("recommendations").size()).isZero();
        assertThat(incident.get("updatedAtMs").asLong()).isEqualTo(feed.nowMs());
        final ObjectNode unit = model.entity("unit:7");
        assertThat(unit.get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(unit.get("incidentId").asLong()).isEqualTo(1);

        // closed incidents stay
        feed.command(CommandType.CLOSE_INCIDENT, 1, 0, 101, 0, 0);
        feed.incidentUpdated(1, UpdateReason.CLOSED, IncidentStatus.CLOSED, 2, 0, 0, POLICE_FIRE, 0);
        feed.statusChanged(7, UnitStatusCode.DISPATCHED, UnitStatusCode.AVAILABLE, 0);
        incident = model.entity("incident:1");
        assertThat(incident.get("status").asText()).isEqualTo("CLOSED");
        assertThat(incident.get("lastReason").asText()).isEqualTo("CLOSED");
        assertThat(longs(incident.get("units"))).as("the units that served it stay listed").containsExactly(7L);
        assertThat(model.entity("unit:7").get("incidentId").asLong()).isZero();
        assertThat(model.lastSequence()).isEqualTo(feed.sequence);
        assertThat(model.lastTimestampNs()).isEqualTo(feed.timestampNs);
    }

    @Test
    void mergeMovesCallsAndMarksTheClosedOne()
    {
        openFirstIncident();
        feed.callReceived(21, Agency.FIRE, LAT + 50_000, LON, 35, "+84900000021");
        feed.incidentOpened(4, 21, Agency.FIRE, 1, LAT + 50_000, LON, 35);
        feed.callUpdated(21, 4, LAT + 50_000, LON, 35, 1, false);
        feed.unitStatus(9, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-9");
        feed.dispatchOrder(4, 9, 101);
        feed.statusChanged(9, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 4);

        feed.command(CommandType.MERGE_INCIDENTS, 4, 0, 101, 0, 1);
        feed.incidentUpdated(4, UpdateReason.MERGED, IncidentStatus.CLOSED, 0, 0, 0, FIRE, 1);
        feed.incidentUpdated(1, UpdateReason.MERGED, IncidentStatus.DISPATCHED, 2, 0, 0, FIRE, 4);
        feed.statusChanged(9, UnitStatusCode.DISPATCHED, UnitStatusCode.DISPATCHED, 1);
        feed.callUpdated(21, 1, LAT + 50_000, LON, 35, 1, false);

        final ObjectNode source = model.entity("incident:4");
        assertThat(source.get("status").asText()).isEqualTo("CLOSED");
        assertThat(source.get("mergedInto").asLong()).isEqualTo(1);
        assertThat(source.get("calls").size()).isZero();
        final ObjectNode target = model.entity("incident:1");
        assertThat(target.get("mergedInto").asLong()).isZero();
        assertThat(longs(target.get("calls"))).containsExactly(11L, 21L);
        assertThat(longs(target.get("units"))).containsExactly(9L);
        assertThat(model.entity("call:21").get("incidentId").asLong()).isEqualTo(1);
        assertThat(model.entity("unit:9").get("incidentId").asLong()).isEqualTo(1);
        assertThat(model.entity("unit:9").get("status").asText()).isEqualTo("DISPATCHED");
    }

    @Test
    void splitMovesTheCallToTheIncidentItOpens()
    {
        openFirstIncident();
        feed.callReceived(12, Agency.FIRE, LAT + 100, LON, 20, "+84907654321");
        feed.incidentUpdated(1, UpdateReason.CALL_ADDED, IncidentStatus.OPEN, 2, 12, 0, FIRE, 0);
        feed.callUpdated(12, 1, LAT + 100, LON, 20, 1, false);

        feed.command(CommandType.SPLIT_CALL, 1, 0, 101, 12, 0);
        final long created = feed.sequence;
        feed.incidentOpened(created, 12, Agency.FIRE, 1, LAT + 100, LON, 20);
        feed.incidentUpdated(1, UpdateReason.CALL_SPLIT, IncidentStatus.OPEN, 1, 12, 0, FIRE, created);
        feed.incidentUpdated(created, UpdateReason.CALL_SPLIT, IncidentStatus.OPEN, 1, 12, 0, FIRE, 1);
        feed.callUpdated(12, created, LAT + 100, LON, 20, 1, false);

        assertThat(longs(model.entity("incident:1").get("calls"))).containsExactly(11L);
        assertThat(model.entity("incident:1").get("callCount").asInt()).isEqualTo(1);
        assertThat(longs(model.entity("incident:" + created).get("calls"))).containsExactly(12L);
        assertThat(model.entity("call:12").get("incidentId").asLong()).isEqualTo(created);
    }

    @Test
    void callKeepsTheNewestTwentyFixesAndTheRawPersonalData()
    {
        openFirstIncident();
        for (int i = 1; i <= 25; i++)
        {
            feed.locationFix(11, LAT + i, LON, 100 - i, "", "452040000000" + i, "35000000000000" + i);
            feed.callUpdated(11, 1, LAT + i, LON, 100 - i, 1 + i, false);
        }
        final ObjectNode call = model.entity("call:11");
        assertThat(call.get("fixes").size()).isEqualTo(ConsoleModel.MAX_FIXES);
        final JsonNode newest = call.get("fixes").get(ConsoleModel.MAX_FIXES - 1);
        assertThat(newest.get("lat").asDouble()).isEqualTo((LAT + 25) / 1e6);
        assertThat(newest.get("uncertaintyM").asLong()).isEqualTo(75);
        assertThat(newest.get("source").asText()).isEqualTo("AML_HTTPS");
        assertThat(newest.get("shape").asText()).isEqualTo("CIRCLE");
        assertThat(newest.get("quality").asText()).isEqualTo("USABLE");
        assertThat(newest.get("atMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(call.get("fixes").get(0).get("lat").asDouble()).isEqualTo((LAT + 6) / 1e6);
        assertThat(call.get("fixCount").asInt()).isEqualTo(26);
        assertThat(call.get("caller").asText()).isEqualTo("+84901234567");
        assertThat(call.get("imsi").asText()).isEqualTo("45204000000025");
        assertThat(call.get("imei").asText()).isEqualTo("3500000000000025");
    }

    @Test
    void fixMatchedByTheCallersNumberJoinsTheCallItsCallUpdatedCounts()
    {
        openFirstIncident();
        feed.locationFix(0, LAT + 7, LON, 9, "+84901234567", "452041111111111", "");
        assertThat(model.entity("call:11").get("fixes").size()).isEqualTo(1);
        feed.callUpdated(11, 1, LAT + 7, LON, 9, 2, false);
        final ObjectNode call = model.entity("call:11");
        assertThat(call.get("fixes").size()).isEqualTo(2);
        assertThat(call.get("fixes").get(1).get("uncertaintyM").asLong()).isEqualTo(9);
        assertThat(call.get("imsi").asText()).isEqualTo("452041111111111");
        assertThat(call.has("imei")).as("absent when unknown").isFalse();

        // an AML fix no call matches stays out of every call
        feed.locationFix(0, LAT, LON, 9, "+84909999999", "", "");
        feed.tick();
        feed.callUpdated(11, 1, LAT + 7, LON, 9, 3, false);
        assertThat(model.entity("call:11").get("fixes").size()).isEqualTo(2);
    }

    @Test
    void betterFixIsOfferedThenClearedByAConfirmation()
    {
        openFirstIncident();
        feed.betterFix(11, 1, 3);
        JsonNode offer = model.entity("call:11").get("betterFix");
        assertThat(offer.get("fixNumber").asInt()).isEqualTo(3);
        assertThat(offer.get("source").asText()).isEqualTo("AML_HTTPS");
        assertThat(offer.get("uncertaintyM").asLong()).isEqualTo(8);
        assertThat(offer.get("confirmedUncertaintyM").asLong()).isEqualTo(50);
        assertThat(offer.get("lat").asDouble()).isEqualTo(10.771);
        final ObjectNode notice = model.entity("notice:1");
        assertThat(notice.get("kind").asText()).isEqualTo("notice");
        assertThat(notice.get("noticeKind").asText()).isEqualTo("better-fix");
        assertThat(notice.get("level").asText()).isEqualTo("info");
        assertThat(notice.get("incidentId").asLong()).isEqualTo(1);

        feed.command(CommandType.CONFIRM_LOCATION, 0, 0, 101, 11, 0);
        feed.callUpdated(11, 1, LAT + 3, LON + 3, 5, 2, true);
        final ObjectNode call = model.entity("call:11");
        assertThat(call.get("betterFix").isNull()).isTrue();
        assertThat(call.get("confirmed").asBoolean()).isTrue();
        assertThat(call.get("fixes").size()).isEqualTo(2);
        assertThat(call.get("fixes").get(1).get("source").asText()).isEqualTo("CALL_TAKER");
        assertThat(call.get("fixes").get(1).get("uncertaintyM").asLong()).isEqualTo(5);
    }

    @Test
    void unitPositionStatusRouteEtaOverdueAndHospital()
    {
        feed.unitStatus(7, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.AVAILABLE, LAT, LON, "A-7");
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.AVAILABLE, 0);
        ObjectNode unit = model.entity("unit:7");
        assertThat(unit.get("kind").asText()).isEqualTo("unit");
        assertThat(unit.get("callSign").asText()).isEqualTo("A-7");
        assertThat(unit.get("agency").asText()).isEqualTo("AMBULANCE");
        assertThat(unit.get("type").asText()).isEqualTo("ALS_AMBULANCE");
        assertThat(unit.get("status").asText()).isEqualTo("AVAILABLE");
        assertThat(unit.get("lat").asDouble()).isEqualTo(10.776);
        assertThat(unit.get("route").size()).isZero();
        assertThat(unit.get("overdue").isNull()).isTrue();

        feed.unitPosition(7, LAT + 10, LON + 20, 1_000, 905);
        unit = model.entity("unit:7");
        assertThat(unit.get("lat").asDouble()).isEqualTo(10.77601);
        assertThat(unit.get("lon").asDouble()).isEqualTo(106.70002);
        assertThat(unit.get("speedKmh").asDouble()).isEqualTo(36.0);
        assertThat(unit.get("headingDeg").asDouble()).isEqualTo(90.5);

        feed.dispatchOrder(1, 7, 0);
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        feed.route(1, 7, 184, 4, 8, 15, 16, 23, 42);
        unit = model.entity("unit:7");
        assertThat(longs(unit.get("route"))).containsExactly(4L, 8L, 15L, 16L, 23L, 42L);
        assertThat(unit.get("etaS").asLong()).isEqualTo(184);
        assertThat(unit.get("incidentId").asLong()).isEqualTo(1);
        assertThat(unit.get("statusSinceMs").asLong()).isEqualTo(feed.nowMs());

        feed.tick();
        feed.eta(7, 1, 150);
        assertThat(model.entity("unit:7").get("etaS").asLong()).isEqualTo(150);

        feed.tick();
        feed.overdue(7, UnitStatusCode.DISPATCHED, 120);
        unit = model.entity("unit:7");
        assertThat(unit.get("overdue").get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(unit.get("overdue").get("overdueS").asLong()).isEqualTo(120);
        assertThat(unit.get("overdue").get("atMs").asLong()).isEqualTo(feed.nowMs());
        final ObjectNode overdueNotice = model.entity("notice:1");
        assertThat(overdueNotice.get("noticeKind").asText()).isEqualTo("overdue");
        assertThat(overdueNotice.get("level").asText()).isEqualTo("warning");
        assertThat(overdueNotice.get("unitId").asLong()).isEqualTo(7);
        assertThat(overdueNotice.get("incidentId").asLong()).isEqualTo(1);
        assertThat(overdueNotice.get("text").asText()).contains("A-7").contains("DISPATCHED").contains("120 s");

        feed.tick();
        feed.statusChanged(7, UnitStatusCode.DISPATCHED, UnitStatusCode.ON_SCENE, 1);
        unit = model.entity("unit:7");
        assertThat(unit.get("overdue").isNull()).as("a new status is not overdue").isTrue();
        assertThat(unit.get("route").size()).isZero();
        assertThat(unit.get("etaS").asLong()).isZero();

        feed.tick();
        feed.statusChanged(7, UnitStatusCode.ON_SCENE, UnitStatusCode.TRANSPORTING, 1);
        feed.hospital(1, 7, 0, HospitalChoice.NONE_WITH_CAPACITY);
        assertThat(model.entity("notice:2").get("level").asText()).isEqualTo("warning");
        assertThat(model.entity("notice:2").get("noticeKind").asText()).isEqualTo("hospital");
        feed.hospital(1, 7, 3, HospitalChoice.ASSIGNED);
        assertThat(model.entity("unit:7").get("hospitalId").asLong()).isEqualTo(3);
        assertThat(model.entity("unit:7").get("etaS").asLong()).isEqualTo(420);
        assertThat(model.entity("notice:3").get("level").asText()).isEqualTo("info");

        feed.moveUp(7);
        assertThat(model.entity("notice:4").get("noticeKind").asText()).isEqualTo("move-up");
        assertThat(model.entity("notice:4").get("text").asText()).contains("FIRE").contains("480 s");

        feed.tick();
        feed.statusChanged(7, UnitStatusCode.TRANSPORTING, UnitStatusCode.AVAILABLE, 0);
        unit = model.entity("unit:7");
        assertThat(unit.get("hospitalId").asLong()).isZero();
        assertThat(unit.get("incidentId").asLong()).isZero();
    }

    @Test
    void positionsOfUnregisteredUnitsAndUnitsOfUnknownAgencyAreIgnored()
    {
        feed.unitPosition(99, LAT, LON, 100, 0);
        assertThat(model.entity("unit:99")).isNull();
        feed.unitStatus(98, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-98");
        assertThat(model.entity("unit:98")).isNotNull();
        // the same report for another unit, of an agency the schema does not have
        feed.buffer.putLong(Feeder.BODY + UnitStatusEncoder.unitIdEncodingOffset(), 96, ByteOrder.LITTLE_ENDIAN);
        feed.buffer.putByte(Feeder.BODY + UnitStatusEncoder.agencyEncodingOffset(), (byte)42);
        feed.input(feed.records.get(feed.records.size() - 1).bytes().length);
        assertThat(model.entity("unit:96")).isNull();
    }

    @Test
    void aNewFirstRankReplacesTheRecommendations()
    {
        openFirstIncident();
        feed.recommended(1, 7, 1, 100);
        feed.recommended(1, 9, 3, 300);
        feed.recommended(1, 8, 2, 200);
        assertThat(model.entity("incident:1").get("recommendations").findValuesAsText("unitId")).containsExactly("7", "8", "9");
        final JsonNode first = model.entity("incident:1").get("recommendations").get(0);
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("etaS").asLong()).isEqualTo(100);
        assertThat(first.get("distanceM").asLong()).isEqualTo(1000);
        assertThat(first.get("reassignFromIncidentId").asLong()).isZero();

        feed.tick();
        feed.recommended(1, 12, 1, 90);
        feed.recommended(1, 7, 2, 100);
        assertThat(model.entity("incident:1").get("recommendations").findValuesAsText("unitId")).containsExactly("12", "7");
    }

    @Test
    void greenWaveFromPlanToRelease()
    {
        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-7");
        feed.command(CommandType.DISPATCH, 1, 7, 101, 0, 0);
        feed.dispatchOrder(1, 7, 101);
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        feed.wavePlanned(7, 1, 3, 5);
        drainKeys();
        ObjectNode wave = model.entity("wave:7");
        assertThat(wave.get("kind").asText()).isEqualTo("wave");
        assertThat(wave.get("unitId").asLong()).isEqualTo(7);
        assertThat(wave.get("incidentId").asLong()).isEqualTo(1);
        assertThat(wave.get("intersections").findValuesAsText("state")).containsExactly("PLANNED", "PLANNED");
        assertThat(wave.get("intersections").get(0).get("index").asInt()).isEqualTo(3);
        assertThat(wave.get("intersections").get(0).get("etaMs").asLong()).isEqualTo(feed.nowMs() + 20_000);
        assertThat(wave.get("intersections").get(0).get("endReason").isNull()).isTrue();

        feed.unitPosition(7, LAT, LON, 1_000, 0);
        feed.preemptRequested(3, 7, 1, false);
        feed.preemptQueued(5, 7, 8);
        wave = model.entity("wave:7");
        assertThat(wave.get("intersections").findValuesAsText("state")).containsExactly("REQUESTED", "QUEUED");
        assertThat(drainKeys()).containsExactly("unit:7", "wave:7");

        feed.unitPosition(7, LAT + 500, LON, 1_000, 0);
        feed.preemptReleased(3, 7, PreemptEnd.PASSED);
        wave = model.entity("wave:7");
        assertThat(wave.get("intersections").findValuesAsText("state")).containsExactly("RELEASED", "QUEUED");
        assertThat(wave.get("intersections").get(0).get("endReason").asText()).isEqualTo("PASSED");
        feed.preemptRequested(5, 7, 1, false);
        feed.unitPosition(7, LAT + 900, LON, 1_000, 0);
        feed.preemptReleased(5, 7, PreemptEnd.PASSED);
        assertThat(model.entity("wave:7")).isNull();
        assertThat(drainKeys()).containsExactly("unit:7", "-wave:7");
    }

    @Test
    void aWaveEndsWhenItsUnitStopsOrItsPlanIsEmpty()
    {
        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-7");
        feed.tick();
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        feed.wavePlanned(7, 1, 3, 5);
        feed.preemptRequested(3, 7, 1, false);
        feed.tick();
        feed.statusChanged(7, UnitStatusCode.DISPATCHED, UnitStatusCode.ON_SCENE, 1);
        feed.preemptReleased(3, 7, PreemptEnd.UNIT_STOPPED);
        assertThat(model.entity("wave:7")).isNull();

        feed.tick();
        feed.wavePlanned(7, 1, 3);
        assertThat(model.entity("wave:7")).isNotNull();
        feed.tick();
        feed.wavePlanned(7, 1);
        assertThat(model.entity("wave:7")).isNull();

        // an operator's preemption outside any plan
        feed.tick();
        feed.preemptRequested(5, 8, 2, false);
        assertThat(model.entity("wave:8").get("intersections").findValuesAsText("state")).containsExactly("REQUESTED");
        assertThat(model.entity("wave:8").get("incidentId").asLong()).isEqualTo(2);

        // a release the replaced plan owed is not the new plan's
        feed.tick();
        feed.wavePlanned(8, 2, 5, 0);
        feed.preemptReleased(5, 8, PreemptEnd.ROUTE_CHANGED);
        assertThat(model.entity("wave:8").get("intersections").findValuesAsText("state")).containsExactly("PLANNED", "PLANNED");
    }

    @Test
    void intersectionStateCommandsAlarmsAndNotices()
    {
        feed.signalCommand(SignalCommandType.HOLD, 3, 201);
        JsonNode command = model.entity("intersection:3").get("lastCommand");
        assertThat(command.get("type").asText()).isEqualTo("HOLD");
        assertThat(command.get("operatorId").asInt()).isEqualTo(201);
        assertThat(command.get("atMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(command.get("accepted").isNull()).isTrue();
        feed.signalIssued(SignalCommandType.HOLD, 3, 201);
        assertThat(model.entity("intersection:3").get("lastCommand").get("accepted").asBoolean()).isTrue();

        feed.signalCommand(SignalCommandType.ADVANCE, 3, 201);
        feed.signalRejected(SignalCommandType.ADVANCE, 3, 201, SignalRejectReason.PREEMPTION_ACTIVE);
        command = model.entity("intersection:3").get("lastCommand");
        assertThat(command.get("accepted").asBoolean()).isFalse();
        assertThat(command.get("reason").asText()).isEqualTo("PREEMPTION_ACTIVE");
        ObjectNode notice = model.entity("notice:1");
        assertThat(notice.get("noticeKind").asText()).isEqualTo("signal-rejected");
        assertThat(notice.get("level").asText()).isEqualTo("warning");
        assertThat(notice.get("intersection").asInt()).isEqualTo(3);
        assertThat(notice.get("operatorId").asInt()).isEqualTo(201);
        assertThat(notice.get("text").asText()).contains("J3").contains("ADVANCE").contains("PREEMPTION_ACTIVE");

        feed.tick();
        feed.intersectionState(3, ControllerModeCode.PREEMPT_DWELL, 0, 7);
        ObjectNode j3 = model.entity("intersection:3");
        assertThat(j3.get("mode").asText()).isEqualTo("PREEMPT_DWELL");
        assertThat(j3.get("preemptUnitId").asLong()).isEqualTo(7);
        assertThat(j3.get("atMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(j3.get("phases").toString()).isEqualTo(
            "[{\"phase\":2,\"vehicle\":\"GREEN\",\"ped\":\"WALK\",\"minEndDs\":50,\"maxEndDs\":null}," +
            "{\"phase\":4,\"vehicle\":\"RED\",\"ped\":\"DONT_WALK\",\"minEndDs\":120,\"maxEndDs\":300}]");

        feed.tick();
        feed.alarm(3, 0b1_0001_0001, ControllerModeCode.FAULT_FLASH, true);
        j3 = model.entity("intersection:3");
        assertThat(j3.get("alarm").asBoolean()).isTrue();
        assertThat(j3.get("faults").toString()).isEqualTo("[\"conflict\",\"dark\",\"detector\"]");
        notice = model.entity("notice:2");
        assertThat(notice.get("noticeKind").asText()).isEqualTo("signal-alarm");
        assertThat(notice.get("level").asText()).isEqualTo("alarm");
        feed.alarm(3, 0, ControllerModeCode.LOCAL, false);
        assertThat(model.entity("intersection:3").get("alarm").asBoolean()).isFalse();
        assertThat(model.entity("notice:3").get("level").asText()).isEqualTo("info");

        // an intersection the static list lacks appears with its first state
        feed.intersectionState(40, ControllerModeCode.LOCAL, 0, 0);
        assertThat(model.entity("intersection:40").get("id").isNull()).isTrue();
        assertThat(model.entity("intersection:40").has("lat")).isFalse();
    }

    @Test
    void keepsTheNewestNoticesAndReportsEvictedOnesAsRemoved()
    {
        for (int i = 1; i <= ConsoleModel.MAX_NOTICES; i++)
        {
            feed.rejected(CommandType.DISPATCH, 1, 7, 101, RejectReason.UNIT_NOT_AVAILABLE);
        }
        drainKeys();
        final ObjectNode first = model.entity("notice:1");
        assertThat(first.get("n").asLong()).isEqualTo(1);
        assertThat(first.get("noticeKind").asText()).isEqualTo("rejected");
        assertThat(first.get("level").asText()).isEqualTo("warning");
        assertThat(first.get("text").asText()).isEqualTo("DISPATCH rejected: UNIT_NOT_AVAILABLE (incident 1, unit 7, operator 101)");
        assertThat(first.get("intersection").isNull()).isTrue();

        for (int i = 1; i <= 5; i++)
        {
            feed.rejected(CommandType.CLOSE_INCIDENT, 2, 0, 102, RejectReason.INCIDENT_CLOSED);
        }
        final List<String> keys = drainKeys();
        assertThat(keys).containsExactlyInAnyOrder(
            "-notice:1", "-notice:2", "-notice:3", "-notice:4", "-notice:5",
            "notice:201", "notice:202", "notice:203", "notice:204", "notice:205");
        assertThat(model.entity("notice:5")).isNull();
        assertThat(model.entity("notice:6")).isNotNull();
        assertThat(model.entities().stream().filter(e -> "notice".equals(e.get("kind").asText()))).hasSize(ConsoleModel.MAX_NOTICES);
    }

    @Test
    void drainReportsEachChangedKeyOnceInKeyOrderThenNothing()
    {
        drainKeys();
        assertThat(drainKeys()).isEmpty();
        openFirstIncident();
        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-7");
        for (int i = 0; i < 10; i++)
        {
            feed.unitPosition(7, LAT + i, LON, 500, 0);
        }
        final List<String> keys = drainKeys();
        assertThat(keys).containsExactly("call:11", "incident:1", "unit:7");
        assertThat(keys).isSorted();
        assertThat(drainKeys()).isEmpty();
        feed.tick();
        assertThat(drainKeys()).isEmpty();
        feed.callUpdated(11, 1, LAT, LON, 35, 1, false);
        assertThat(drainKeys()).as("a call that stays in its incident leaves the incident alone").containsExactly("call:11");
        final List<ObjectNode> all = model.entities();
        assertThat(all).extracting(e -> e.get("k").asText()).isSorted().hasSize(model.size());
    }

    @Test
    void manyPositionsChangeOnlyTheirUnits()
    {
        for (int u = 1; u <= 5_000; u++)
        {
            feed.unitStatus(u, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE, LAT, LON, "P-" + u);
        }
        drainKeys();
        final int size = model.size();
        for (int u = 1; u <= 5_000; u++)
        {
            feed.unitPosition(u, LAT + u, LON - u, 800, 1800);
        }
        assertThat(model.size()).isEqualTo(size);
        assertThat(drainKeys()).hasSize(5_000);
    }

    /** Incident 1 is classified FIRE (input 2: alert 2), edited, approved (stale, then right), broadcast, revised, cancelled. */
    @Test
    void areaAlertFromProposalToCancel()
    {
        openFirstIncident();
        feed.alertCommand(AlertAction.CLASSIFY, 0, 1, 0, 101, 0, Hazard.FIRE, 0, 0, 0, 0);
        assertThat(model.entity("incident:1").get("hazard").asText()).isEqualTo("FIRE");
        feed.alertProposed(2, 1, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 101);
        ObjectNode alert = model.entity("alert:2");
        assertThat(alert.get("kind").asText()).isEqualTo("alert");
        assertThat(alert.get("id").asLong()).isEqualTo(2);
        assertThat(alert.get("incidentId").asLong()).isEqualTo(1);
        assertThat(alert.get("candidateId").asLong()).isZero();
        assertThat(alert.get("hazard").asText()).isEqualTo("FIRE");
        assertThat(alert.get("state").asText()).isEqualTo("PROPOSED");
        assertThat(alert.get("revision").asInt()).isEqualTo(1);
        assertThat(alert.get("autoIssue").asBoolean()).isFalse();
        assertThat(alert.get("proposedBy").asInt()).isEqualTo(101);
        assertThat(alert.get("proposedAtMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(alert.get("current").isNull()).isTrue();
        JsonNode pending = alert.get("pending");
        assertThat(pending.get("revision").asInt()).isEqualTo(1);
        assertThat(pending.get("reason").asText()).isEqualTo("NEW");
        assertThat(pending.get("lat").asDouble()).isEqualTo(10.776);
        assertThat(pending.get("lon").asDouble()).isEqualTo(106.7);
        assertThat(pending.get("innerRadiusM").asLong()).isEqualTo(300);
        assertThat(pending.get("ringM").asLong()).isEqualTo(700);
        assertThat(pending.get("polygon").size()).isZero();
        assertThat(longs(model.entity("incident:1").get("alerts"))).containsExactly(2L);
        assertThat(drainKeys()).contains("alert:2", "incident:1");

        feed.alertCommand(AlertAction.EDIT, 2, 0, 0, 101, 1, Hazard.NONE, 0, 0, 400, 0);
        feed.alertProposed(2, 1, 0, 2, Hazard.FIRE, ProposalReason.EDITED, LAT, LON, 400, 700, false, false, 101);
        alert = model.entity("alert:2");
        assertThat(alert.get("revision").asInt()).isEqualTo(2);
        assertThat(alert.get("editedBy").asInt()).isEqualTo(101);
        assertThat(alert.get("pending").get("revision").asInt()).isEqualTo(2);
        assertThat(alert.get("pending").get("reason").asText()).isEqualTo("EDITED");
        assertThat(alert.get("pending").get("innerRadiusM").asLong()).isEqualTo(400);

        feed.alertCommand(AlertAction.APPROVE, 2, 0, 0, 102, 1, Hazard.NONE, 0, 0, 0, 0);
        feed.alertRejected(AlertAction.APPROVE, 2, 1, 102, AlertRejectReason.STALE_REVISION);
        assertThat(model.entity("alert:2").get("state").asText()).isEqualTo("PROPOSED");
        final ObjectNode notice = model.entities().stream().filter(e -> "notice".equals(e.get("kind").asText()))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(notice.get("noticeKind").asText()).isEqualTo("rejected");
        assertThat(notice.get("level").asText()).isEqualTo("warning");
        assertThat(notice.get("text").asText()).isEqualTo("ALERT_APPROVE rejected: STALE_REVISION (alert 2, incident 1, operator 102)");
        assertThat(notice.get("incidentId").asLong()).isEqualTo(1);
        assertThat(notice.get("operatorId").asInt()).isEqualTo(102);

        feed.alertCommand(AlertAction.APPROVE, 2, 0, 0, 102, 2, Hazard.NONE, 0, 0, 0, 0);
        final long approvedNs = feed.timestampNs;
        feed.alertState(2, 1, AlertState.ACTIVE, 2, 102);
        feed.alertIssued(2, 1, 2, AlertMsgType.ALERT, Hazard.FIRE, 102, "beacon-2-1", LAT, LON, 400, 700);
        alert = model.entity("alert:2");
        assertThat(alert.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(alert.get("pending").isNull()).isTrue();
        assertThat(alert.get("current").get("revision").asInt()).isEqualTo(2);
        assertThat(alert.get("current").get("innerRadiusM").asLong()).isEqualTo(400);
        assertThat(alert.get("current").get("ringM").asLong()).isEqualTo(700);
        assertThat(alert.get("approvedBy").asInt()).isEqualTo(102);
        assertThat(alert.get("approvedAtMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(alert.get("stateBy").asInt()).isEqualTo(102);
        assertThat(alert.get("identifier").asText()).isEqualTo("beacon-2-1");
        assertThat(alert.get("msgType").asText()).isEqualTo("ALERT");
        assertThat(alert.get("expiresAtMs").asLong()).isEqualTo(feed.nowMs() + 3_600_000);
        assertThat(alert.get("issued").size()).isEqualTo(1);
        final JsonNode issued = alert.get("issued").get(0);
        assertThat(issued.get("identifier").asText()).isEqualTo("beacon-2-1");
        assertThat(issued.get("msgType").asText()).isEqualTo("ALERT");
        assertThat(issued.get("revision").asInt()).isEqualTo(2);
        assertThat(issued.get("sentAtMs").asLong()).isEqualTo(feed.nowMs());
        assertThat(issued.get("outcome").isNull()).isTrue();
        // the CAP message is kept beside the entity, not in it
        assertThat(model.capXml(2)).isEqualTo(Feeder.capXml("beacon-2-1", AlertMsgType.ALERT));
        assertThat(alert.toString()).doesNotContain("<alert").doesNotContain("capXml");
        assertThat(model.capXml(99)).isNull();

        feed.broadcastReport(2, 2, AlertMsgType.ALERT, BroadcastOutcome.BROADCAST, "beacon-2-1", approvedNs, 850_000_000L, 3, 2, "");
        alert = model.entity("alert:2");
        final JsonNode broadcast = alert.get("broadcast");
        assertThat(broadcast.get("outcome").asText()).isEqualTo("BROADCAST");
        assertThat(broadcast.get("identifier").asText()).isEqualTo("beacon-2-1");
        assertThat(broadcast.get("msgType").asText()).isEqualTo("ALERT");
        assertThat(broadcast.get("messageIdInner").asInt()).isEqualTo(4370);
        assertThat(broadcast.get("messageIdOuter").asInt()).isEqualTo(4371);
        assertThat(broadcast.get("innerCells").asInt()).isEqualTo(3);
        assertThat(broadcast.get("outerCells").asInt()).isEqualTo(2);
        assertThat(longs(broadcast.get("inner"))).containsExactly(1000L, 1001L, 1002L);
        assertThat(longs(broadcast.get("outer"))).containsExactly(2000L, 2001L);
        assertThat(broadcast.get("latencyMs").asLong()).isEqualTo(850);
        assertThat(broadcast.get("issuedAtMs").asLong()).isEqualTo(approvedNs / 1_000_000);
        assertThat(alert.get("issued").get(0).get("outcome").asText()).isEqualTo("BROADCAST");
        assertThat(alert.get("issued").get(0).get("innerCells").asInt()).isEqualTo(3);
        assertThat(alert.get("issued").get(0).get("latencyMs").asLong()).isEqualTo(850);

        // the incident moved: a revision of the alert that is out waits for a decision; rejecting it keeps the alert out
        feed.tick();
        feed.alertProposed(2, 1, 0, 3, Hazard.FIRE, ProposalReason.LOCATION_CHANGED, LAT + 2000, LON, 400, 700, false, true, 0);
        alert = model.entity("alert:2");
        assertThat(alert.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(alert.get("pending").get("revision").asInt()).isEqualTo(3);
        assertThat(alert.get("pending").get("operatorId").asInt()).isZero();
        assertThat(alert.get("current").get("revision").asInt()).isEqualTo(2);
        feed.alertCommand(AlertAction.REJECT, 2, 0, 0, 101, 3, Hazard.NONE, 0, 0, 0, 0);
        feed.alertState(2, 1, AlertState.ACTIVE, 2, 101);
        alert = model.entity("alert:2");
        assertThat(alert.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(alert.get("pending").isNull()).isTrue();
        assertThat(alert.get("current").get("revision").asInt()).isEqualTo(2);

        feed.alertCommand(AlertAction.CANCEL, 2, 0, 0, 101, 0, Hazard.NONE, 0, 0, 0, 0);
        feed.alertIssued(2, 1, 3, AlertMsgType.CANCEL, Hazard.FIRE, 101, "beacon-2-2", LAT, LON, 400, 700);
        feed.alertState(2, 1, AlertState.CANCELLED, 3, 101);
        alert = model.entity("alert:2");
        assertThat(alert.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(alert.get("stateBy").asInt()).isEqualTo(101);
        assertThat(alert.get("issued").size()).isEqualTo(2);
        assertThat(alert.get("issued").get(1).get("msgType").asText()).isEqualTo("CANCEL");
        assertThat(alert.get("approvedBy").asInt()).isEqualTo(102);
        assertThat(model.capXml(2)).contains("<msgType>Cancel</msgType>");
        assertThat(alert.get("k").asText()).isEqualTo("alert:2");
    }

    @Test
    void aRefusedClassificationLeavesTheHazardAsItWas()
    {
        openFirstIncident();
        feed.alertCommand(AlertAction.CLASSIFY, 0, 1, 0, 101, 0, Hazard.FLOOD, 0, 0, 250, 0);
        assertThat(model.entity("incident:1").get("hazard").asText()).isEqualTo("FLOOD");
        feed.alertCommand(AlertAction.CLASSIFY, 0, 1, 0, 101, 0, Hazard.CHEMICAL, 0, 0, 0, 0);
        feed.alertRejected(AlertAction.CLASSIFY, 0, 1, 101, AlertRejectReason.INCIDENT_CLOSED);
        assertThat(model.entity("incident:1").get("hazard").asText()).isEqualTo("FLOOD");
        // an incident the model does not know is not made up by an input
        feed.alertCommand(AlertAction.CLASSIFY, 0, 77, 0, 101, 0, Hazard.FIRE, 0, 0, 0, 0);
        assertThat(model.entity("incident:77")).isNull();
        // a fresh incident has no hazard
        feed.incidentOpened(3, 0, Agency.POLICE, 3, LAT, LON, 10);
        assertThat(model.entity("incident:3").get("hazard").asText()).isEqualTo("NONE");
        assertThat(model.entity("incident:3").get("alerts").size()).isZero();
    }

    @Test
    void aCameraCandidatesAlertHasItsPolygonAndNoIncident()
    {
        feed.alertCommand(AlertAction.PROPOSE, 0, 0, 77, 101, 0, Hazard.CROWD, 0, 0, 0, 0);
        feed.alertProposed(1, 0, 77, 1, Hazard.CROWD, ProposalReason.NEW, LAT, LON, 120, 300, true, false, 101,
            LAT, LON, LAT + 1000, LON, LAT, LON + 1000, 0, 0);
        final ObjectNode alert = model.entity("alert:1");
        assertThat(alert.get("incidentId").asLong()).isZero();
        assertThat(alert.get("candidateId").asLong()).isEqualTo(77);
        assertThat(alert.get("hazard").asText()).isEqualTo("CROWD");
        assertThat(alert.get("autoIssue").asBoolean()).isTrue();
        // 0,0 is no corner
        assertThat(alert.get("pending").get("polygon").toString()).isEqualTo("[[10.776,106.7],[10.777,106.7],[10.776,106.701]]");
        feed.alertState(1, 0, AlertState.EXPIRED, 1, 0);
        assertThat(model.entity("alert:1").get("state").asText()).isEqualTo("EXPIRED");
        // a report about an alert nobody issued changes nothing
        final int before = model.size();
        feed.broadcastReport(555, 1, AlertMsgType.ALERT, BroadcastOutcome.FAILED, "x", feed.timestampNs, 0, 0, 0, "no gateway");
        assertThat(model.size()).isEqualTo(before);
        assertThat(model.entity("alert:555")).isNull();
    }

    @Test
    void keepsTheNewestClosedAlertsAndEveryOpenOne()
    {
        feed.alertProposed(1, 0, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 0);
        for (int i = 0; i < ConsoleModel.MAX_CLOSED_ALERTS + 5; i++)
        {
            final long alertId = 100 + i;
            feed.tick();
            feed.alertProposed(alertId, 0, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 0);
            feed.alertIssued(alertId, 0, 1, AlertMsgType.ALERT, Hazard.FIRE, 101, "id-" + alertId, LAT, LON, 300, 700);
            feed.alertState(alertId, 0, AlertState.CANCELLED, 1, 101);
        }
        drainKeys();
        assertThat(model.entity("alert:1")).isNotNull();
        assertThat(model.entity("alert:100")).isNull();
        assertThat(model.entity("alert:104")).isNull();
        assertThat(model.capXml(104)).isNull();
        assertThat(model.entity("alert:105")).isNotNull();
        assertThat(model.capXml(105)).contains("id-105");
        assertThat(model.entities().stream().filter(e -> "alert".equals(e.get("kind").asText())).count())
            .isEqualTo(ConsoleModel.MAX_CLOSED_ALERTS + 1);
    }

    @Test
    void damagedAlertRecordsDoNotThrowAndUnknownValuesReadUnknown()
    {
        openFirstIncident();
        final UnsafeBuffer buffer = feed.buffer;
        feed.alertProposed(2, 1, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 101);
        buffer.putByte(Feeder.BODY + AlertProposedEncoder.hazardEncodingOffset(), (byte)99);
        buffer.putByte(Feeder.BODY + AlertProposedEncoder.reasonEncodingOffset(), (byte)98);
        feed.output(feed.records.get(feed.records.size() - 1).bytes().length);
        assertThat(model.entity("alert:2").get("hazard").asText()).isEqualTo("UNKNOWN");
        assertThat(model.entity("alert:2").get("pending").get("reason").asText()).isEqualTo("UNKNOWN");
        // the incident keeps the hazard it had rather than UNKNOWN
        assertThat(model.entity("incident:1").get("hazard").asText()).isEqualTo("FIRE");

        // an issued message whose CAP XML claims more bytes than the record has: the entity still learns of it
        feed.alertIssued(2, 1, 1, AlertMsgType.ALERT, Hazard.FIRE, 101, "beacon-2-1", LAT, LON, 300, 700);
        final int length = feed.records.get(feed.records.size() - 1).bytes().length;
        final long malformedBefore = model.malformedRecords();
        assertThatCode(() -> feed.output(length - 10)).doesNotThrowAnyException();
        assertThat(model.malformedRecords()).isEqualTo(malformedBefore);
        // an unknown state is ignored
        feed.alertState(2, 1, AlertState.ACTIVE, 1, 101);
        buffer.putByte(Feeder.BODY + AlertStateChangedEncoder.stateEncodingOffset(), (byte)77);
        feed.output(Feeder.BODY + AlertStateChangedEncoder.BLOCK_LENGTH);
        assertThat(model.entity("alert:2").get("state").asText()).isEqualTo("ACTIVE");
        // a polygon group claiming more corners than the record holds
        feed.alertProposed(3, 1, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 101, LAT, LON, LAT, LON + 9,
            LAT + 9, LON);
        buffer.putShort(Feeder.BODY + AlertProposedEncoder.BLOCK_LENGTH + 2, (short)5000, ByteOrder.LITTLE_ENDIAN);
        final long before = model.malformedRecords();
        assertThatCode(() -> feed.output(feed.records.get(feed.records.size() - 1).bytes().length)).doesNotThrowAnyException();
        assertThat(model.malformedRecords()).isGreaterThan(before);
    }

    @Test
    void unknownTemplatesEnumValuesAndDamagedRecordsDoNotThrow()
    {
        openFirstIncident();
        final UnsafeBuffer buffer = feed.buffer;

        // an unknown template id
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(4_321).schemaId(112).version(3);
        buffer.putLong(Feeder.BODY, 1);
        assertThatCode(() -> feed.input(Feeder.BODY + 8)).doesNotThrowAnyException();
        assertThatCode(() -> feed.output(Feeder.BODY + 8)).doesNotThrowAnyException();

        // unknown enum values: the fields read UNKNOWN
        feed.incidentOpened(30, 11, Agency.FIRE, 2, LAT, LON, 10);
        buffer.putByte(Feeder.BODY + IncidentOpenedEncoder.agencyEncodingOffset(), (byte)77);
        buffer.putByte(Feeder.BODY + IncidentOpenedEncoder.locationQualityEncodingOffset(), (byte)66);
        feed.output(Feeder.BODY + IncidentOpenedEncoder.BLOCK_LENGTH);
        assertThat(model.entity("incident:30").get("agency").asText()).isEqualTo("UNKNOWN");
        assertThat(model.entity("incident:30").get("locationQuality").asText()).isEqualTo("UNKNOWN");
        assertThat(model.entity("incident:30").get("agencies").size()).isZero();

        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-7");
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        buffer.putByte(Feeder.BODY + UnitStatusChangedEncoder.toEncodingOffset(), (byte)200);
        feed.output(Feeder.BODY + UnitStatusChangedEncoder.BLOCK_LENGTH);
        assertThat(model.entity("unit:7").get("status").asText()).isEqualTo("UNKNOWN");

        feed.intersectionState(3, ControllerModeCode.LOCAL, 0xFFFF, 0);
        final int length = feed.records.get(feed.records.size() - 1).bytes().length;
        buffer.putByte(Feeder.BODY + IntersectionStateEncoder.modeEncodingOffset(), (byte)99);
        buffer.putByte(Feeder.BODY + IntersectionStateEncoder.BLOCK_LENGTH + 4 + 1, (byte)99);
        feed.output(length);
        assertThat(model.entity("intersection:3").get("mode").asText()).isEqualTo("UNKNOWN");
        assertThat(model.entity("intersection:3").get("phases").get(0).get("vehicle").asText()).isEqualTo("UNKNOWN");
        assertThat(model.entity("intersection:3").get("faults").size()).isEqualTo(9);

        // another schema, a header alone, a length past the buffer, nothing at all
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(101).schemaId(7).version(3);
        assertThatCode(() -> feed.output(Feeder.BODY + 8)).doesNotThrowAnyException();
        assertThatCode(() -> model.onOutput(99, 0, buffer, 0, 3)).doesNotThrowAnyException();
        assertThatCode(() -> model.onOutput(99, 0, buffer, buffer.capacity() - 4, 100)).doesNotThrowAnyException();
        assertThatCode(() -> model.onInput(99, 0, null, 0, 0)).doesNotThrowAnyException();
        assertThat(model.malformedRecords()).isGreaterThan(0);
    }

    @Test
    void everyRecordOfAScenarioTruncatedOrScrambledDoesNotThrow()
    {
        final ConsoleModelTest test = new ConsoleModelTest();
        test.incidentLifecycleFromFirstCallToClose();
        test.greenWaveFromPlanToRelease();
        test.intersectionStateCommandsAlarmsAndNotices();
        test.callKeepsTheNewestTwentyFixesAndTheRawPersonalData();
        test.areaAlertFromProposalToCancel();
        test.aCameraCandidatesAlertHasItsPolygonAndNoIncident();
        final List<Feeder.Record> records = test.feed.records;

        final Random random = new Random(42);
        final ConsoleModel victim = new ConsoleModel(List.of(new IntersectionInfo(3, "J3", 0, 0)));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
        for (final Feeder.Record record : records)
        {
            final byte[] bytes = record.bytes();
            for (int cut = 0; cut <= bytes.length; cut++)
            {
                buffer.putBytes(0, bytes, 0, cut);
                feedBoth(victim, record, buffer, cut);
            }
            for (int round = 0; round < 20; round++)
            {
                buffer.putBytes(0, bytes);
                for (int flips = 0; flips < 3; flips++)
                {
                    final int at = random.nextInt(bytes.length);
                    buffer.putByte(at, (byte)random.nextInt(256));
                }
                // the header's schema id is kept most of the time, so the bodies get decoded
                if (random.nextBoolean())
                {
                    buffer.putShort(4, (short)112, ByteOrder.LITTLE_ENDIAN);
                }
                feedBoth(victim, record, buffer, bytes.length);
            }
        }
        victim.drainChanges(new ChangeListener()
        {
            @Override
            public void changed(final String key, final ObjectNode entity)
            {
                assertThat(entity.get("k").asText()).isEqualTo(key);
            }

            @Override
            public void removed(final String key)
            {
                assertThat(victim.entity(key)).isNull();
            }
        });
    }

    private static void feedBoth(final ConsoleModel model, final Feeder.Record record, final UnsafeBuffer buffer, final int length)
    {
        assertThatCode(() ->
        {
            if (record.input())
            {
                model.onInput(record.sequence(), record.timestampNs(), buffer, 0, length);
            }
            else
            {
                model.onOutput(record.sequence(), record.timestampNs(), buffer, 0, length);
            }
            TimelineText.describe(record.input(), record.sequence(), record.timestampNs(), buffer, 0, length, (i, s, t, k, x) ->
            {
            });
        }).doesNotThrowAnyException();
    }
}
