package org.beacon.console.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

class TimelineTextTest
{
    private static final int LAT = 10_776_000;
    private static final int LON = 106_700_000;

    private record Entry(long incidentId, long sequence, long timestampNs, String kind, String text)
    {
    }

    private final Feeder feed = new Feeder(new ConsoleModel(List.of()));

    private List<Entry> describeAll(final boolean withNames)
    {
        final List<Entry> entries = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        for (final Feeder.Record record : feed.records)
        {
            buffer.putBytes(16, record.bytes());
            final TimelineSink sink = (incidentId, sequence, timestampNs, kind, text) ->
                entries.add(new Entry(incidentId, sequence, timestampNs, kind, text));
            if (withNames)
            {
                TimelineText.describe(record.input(), record.sequence(), record.timestampNs(), buffer, 16, record.bytes().length,
                    index -> "J" + index, sink);
            }
            else
            {
                TimelineText.describe(record.input(), record.sequence(), record.timestampNs(), buffer, 16, record.bytes().length, sink);
            }
        }
        return entries;
    }

    private static List<String> texts(final List<Entry> entries, final long incidentId)
    {
        return entries.stream().filter(e -> e.incidentId() == incidentId).map(Entry::text).toList();
    }

    @Test
    void describesASmallScenario()
    {
        feed.callReceived(12, Agency.FIRE, LAT, LON, 35, "+84901234567");
        feed.incidentOpened(1, 12, Agency.FIRE, 2, LAT, LON, 35);
        feed.callUpdated(12, 1, LAT, LON, 35, 1, false);
        feed.recommended(1, 7, 1, 184);
        feed.locationFix(12, LAT, LON, 10, "+84901234567", "452040000000001", "350000000000001");
        feed.callUpdated(12, 1, LAT, LON, 10, 2, false);
        feed.callReceived(13, Agency.POLICE, LAT, LON, 50, "+84907654321");
        feed.incidentUpdated(1, UpdateReason.CALL_ADDED, IncidentStatus.OPEN, 2, 13, 0, 3, 0);
        feed.unitStatus(7, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, LAT, LON, "E-7");
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.AVAILABLE, 0);
        feed.command(CommandType.DISPATCH, 1, 9, 101, 0, 0);
        feed.rejected(CommandType.DISPATCH, 1, 9, 101, RejectReason.UNIT_NOT_AVAILABLE);
        feed.command(CommandType.DISPATCH, 1, 7, 101, 0, 0);
        feed.dispatchOrder(1, 7, 101);
        feed.statusChanged(7, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED, 1);
        feed.incidentUpdated(1, UpdateReason.UNIT_DISPATCHED, IncidentStatus.DISPATCHED, 2, 0, 7, 3, 0);
        feed.route(1, 7, 184, 1, 2, 3);
        feed.wavePlanned(7, 1, 3, 5);
        feed.unitPosition(7, LAT, LON, 1000, 0);
        feed.preemptRequested(3, 7, 1, false);
        feed.tick();
        feed.preemptRequested(3, 7, 1, true);
        feed.intersectionState(3, ControllerModeCode.PREEMPT_DWELL, 0, 7);
        feed.preemptReleased(3, 7, PreemptEnd.PASSED);
        feed.tick();
        feed.statusChanged(7, UnitStatusCode.DISPATCHED, UnitStatusCode.EN_ROUTE, 1);
        feed.statusChanged(7, UnitStatusCode.EN_ROUTE, UnitStatusCode.ON_SCENE, 1);
        feed.incidentOpened(40, 21, Agency.FIRE, 1, LAT, LON, 35);
        feed.command(CommandType.MERGE_INCIDENTS, 1, 0, 101, 0, 40);
        feed.incidentUpdated(1, UpdateReason.MERGED, IncidentStatus.CLOSED, 0, 0, 0, 3, 40);
        feed.incidentUpdated(40, UpdateReason.MERGED, IncidentStatus.DISPATCHED, 3, 0, 0, 3, 1);
        feed.command(CommandType.CLOSE_INCIDENT, 40, 0, 101, 0, 0);
        feed.incidentUpdated(40, UpdateReason.CLOSED, IncidentStatus.CLOSED, 3, 0, 0, 3, 0);

        final List<Entry> entries = describeAll(false);
        assertThat(texts(entries, 1)).containsExactly(
            "incident opened, priority 2, FIRE, call 12, location USABLE ±35 m",
            "call 12 (FIRE), location USABLE ±35 m, SIP_PIDF_LO, 1 fix",
            "unit 7 recommended rank 1, ETA 184 s, 1840 m",
            "call 12 (FIRE), location USABLE ±10 m, SIP_PIDF_LO, 2 fixes",
            "call 13 added (2 calls)",
            "operator 101: DISPATCH unit 9",
            "command rejected: DISPATCH unit 9, UNIT_NOT_AVAILABLE (operator 101)",
            "operator 101: DISPATCH unit 7",
            "dispatch: unit 7 by operator 101",
            "unit 7 AVAILABLE → DISPATCHED",
            "unit 7 dispatched",
            "route: unit 7, ETA 184 s, 3 edges",
            "green wave: unit 7, 2 intersections",
            "preemption requested at intersection 3 for unit 7",
            "unit 7 DISPATCHED → EN_ROUTE",
            "unit 7 EN_ROUTE → ON_SCENE",
            "operator 101: MERGE_INCIDENTS incident 1 into incident 40",
            "merged into incident 40");
        assertThat(texts(entries, 40)).containsExactly(
            "incident opened, priority 1, FIRE, call 21, location USABLE ±35 m",
            "operator 101: MERGE_INCIDENTS incident 1 into incident 40",
            "incident 1 merged into this one (3 calls)",
            "operator 101: CLOSE_INCIDENT",
            "closed");
        assertThat(entries).allSatisfy(e ->
        {
            assertThat(e.text()).doesNotContain("+8490").doesNotContain("45204").doesNotContain("35000");
            assertThat(e.kind()).isNotBlank();
        });

        final Entry opened = entries.get(0);
        assertThat(opened.kind()).isEqualTo("opened");
        assertThat(opened.sequence()).isEqualTo(1);
        assertThat(opened.timestampNs()).isEqualTo(Feeder.T0 + 1_000_000_000L);
        assertThat(entries.stream().filter(e -> e.text().startsWith("call 13 added")).findFirst().orElseThrow().kind())
            .isEqualTo("call-added");

        assertThat(texts(describeAll(true), 1)).contains("preemption requested at J3 for unit 7");
    }

    @Test
    void messagesThatConcernNoIncidentMakeNoEntry()
    {
        feed.callReceived(12, Agency.FIRE, LAT, LON, 35, "+84901234567");
        feed.unitPosition(7, LAT, LON, 1000, 0);
        feed.tick();
        feed.intersectionState(3, ControllerModeCode.LOCAL, 0, 0);
        feed.alarm(3, 1, ControllerModeCode.FAULT_FLASH, true);
        feed.overdue(7, UnitStatusCode.EN_ROUTE, 60);
        feed.moveUp(7);
        feed.statusChanged(7, UnitStatusCode.ON_SCENE, UnitStatusCode.AVAILABLE, 0);
        assertThat(describeAll(false)).isEmpty();
    }

    @Test
    void describesAnAreaAlertsLife()
    {
        feed.callReceived(12, Agency.FIRE, LAT, LON, 35, "+84901234567");
        feed.incidentOpened(1, 12, Agency.FIRE, 1, LAT, LON, 35);
        feed.alertCommand(AlertAction.CLASSIFY, 0, 1, 0, 101, 0, Hazard.FIRE, 0, 0, 250, 0);
        feed.alertProposed(2, 1, 0, 1, Hazard.FIRE, ProposalReason.NEW, LAT, LON, 300, 700, false, false, 101);
        feed.alertCommand(AlertAction.EDIT, 2, 0, 0, 101, 1, Hazard.NONE, 0, 0, 400, 0);
        feed.alertProposed(2, 1, 0, 2, Hazard.FIRE, ProposalReason.EDITED, LAT, LON, 400, 700, false, false, 101);
        feed.alertCommand(AlertAction.APPROVE, 2, 0, 0, 101, 1, Hazard.NONE, 0, 0, 0, 0);
        feed.alertRejected(AlertAction.APPROVE, 2, 1, 101, AlertRejectReason.STALE_REVISION);
        feed.alertCommand(AlertAction.APPROVE, 2, 0, 0, 101, 2, Hazard.NONE, 0, 0, 0, 0);
        final long issuedNs = feed.timestampNs;
        feed.alertState(2, 1, AlertState.ACTIVE, 2, 101);
        feed.alertIssued(2, 1, 2, AlertMsgType.ALERT, Hazard.FIRE, 101, "beacon-2-1", LAT, LON, 400, 700);
        feed.broadcastReport(2, 2, AlertMsgType.ALERT, BroadcastOutcome.BROADCAST, "beacon-2-1", issuedNs, 850_000_000L, 3, 2, "");
        feed.alertCommand(AlertAction.CANCEL, 2, 0, 0, 101, 0, Hazard.NONE, 0, 0, 0, 0);
        feed.alertIssued(2, 1, 2, AlertMsgType.CANCEL, Hazard.FIRE, 101, "beacon-2-2", LAT, LON, 400, 700);
        feed.alertState(2, 1, AlertState.CANCELLED, 2, 101);
        feed.broadcastReport(2, 2, AlertMsgType.CANCEL, BroadcastOutcome.NO_CELLS, "beacon-2-2", issuedNs, 0, 0, 0, "no cell reached");
        // a camera candidate's alert concerns no incident
        feed.alertCommand(AlertAction.PROPOSE, 0, 0, 77, 101, 0, Hazard.CROWD, 0, 0, 0, 0);
        feed.alertProposed(30, 0, 77, 1, Hazard.CROWD, ProposalReason.NEW, LAT, LON, 100, 200, false, false, 101);

        final List<Entry> entries = describeAll(new AlertIncidents());
        assertThat(texts(entries, 1)).containsExactly(
            "incident opened, priority 1, FIRE, call 12, location USABLE ±35 m",
            "operator 101: ALERT_CLASSIFY FIRE, extent 250 m",
            "area alert 2 proposed: FIRE, inner 300 m, ring 700 m around 10.776, 106.7, by operator 101",
            "operator 101: ALERT_EDIT alert 2 revision 1: inner 400 m",
            "area alert 2 revision 2 (EDITED), inner 400 m, ring 700 m around 10.776, 106.7, by operator 101",
            "operator 101: ALERT_APPROVE alert 2 revision 1",
            "alert command rejected: ALERT_APPROVE alert 2, STALE_REVISION (operator 101)",
            "operator 101: ALERT_APPROVE alert 2 revision 2",
            "area alert 2 ACTIVE (revision 2, operator 101)",
            "area alert 2 issued: CAP ALERT beacon-2-1, revision 2, approved by operator 101, expires in 60 min",
            "area alert 2 ALERT broadcast to 5 cells (3 inner, 2 outer) in 850 ms, beacon-2-1",
            "operator 101: ALERT_CANCEL alert 2",
            "area alert 2 issued: CAP CANCEL beacon-2-2, revision 2, approved by operator 101",
            "area alert 2 CANCELLED (revision 2, operator 101)",
            "area alert 2 CANCEL not broadcast: NO_CELLS (no cell reached), beacon-2-2");
        assertThat(entries.stream().filter(e -> e.incidentId() != 1)).isEmpty();
        assertThat(entries.stream().filter(e -> e.text().startsWith("area alert 2 issued")).map(Entry::kind))
            .containsOnly("alert-issued");
        assertThat(entries.stream().filter(e -> e.text().contains("broadcast to")).map(Entry::kind)).containsOnly("alert-broadcast");

        // without what the outputs said, inputs naming only the alert make no entry; the outputs still do
        final List<String> stateless = texts(describeAll(null), 1);
        assertThat(stateless).contains("area alert 2 ACTIVE (revision 2, operator 101)", "operator 101: ALERT_CLASSIFY FIRE, extent 250 m");
        assertThat(stateless).noneMatch(t -> t.startsWith("operator 101: ALERT_EDIT") || t.contains("broadcast to"));
    }

    private List<Entry> describeAll(final AlertIncidents alerts)
    {
        final List<Entry> entries = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
        for (final Feeder.Record record : feed.records)
        {
            buffer.putBytes(16, record.bytes());
            TimelineText.describe(record.input(), record.sequence(), record.timestampNs(), buffer, 16, record.bytes().length, null, alerts,
                (incidentId, sequence, timestampNs, kind, text) -> entries.add(new Entry(incidentId, sequence, timestampNs, kind, text)));
        }
        return entries;
    }
}
