package org.beacon.console.model;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.AlertCommandRejectedEncoder;
import org.beacon.codecs.AlertIssuedEncoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedEncoder;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedEncoder;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.BroadcastReportEncoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.BetterFixAvailableEncoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CameraRegisteredEncoder;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.IncidentCandidateEncoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistHitEncoder;
import org.beacon.codecs.WatchlistReason;
import org.beacon.codecs.WatchlistUpdatedEncoder;
import org.beacon.codecs.CallUpdatedEncoder;
import org.beacon.codecs.CommandRejectedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.DispatchOrderEncoder;
import org.beacon.codecs.EtaUpdatedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.GreenWavePlannedEncoder;
import org.beacon.codecs.HospitalAssignedEncoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentOpenedEncoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedEncoder;
import org.beacon.codecs.IntersectionStateEncoder;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.MoveUpProposedEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedEncoder;
import org.beacon.codecs.PreemptReleasedEncoder;
import org.beacon.codecs.PreemptRequestedEncoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.RouteAssignedEncoder;
import org.beacon.codecs.SignalAlarmEncoder;
import org.beacon.codecs.SignalCommandIssuedEncoder;
import org.beacon.codecs.SignalCommandRejectedEncoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalOperatorCommandEncoder;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.StatusOverdueEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;

/**
 * Encodes real SBE messages with the generated encoders and feeds them to a model as journal records: an
 * input advances the sequence, outputs belong to the latest input. Every record is kept so a scenario can be
 * replayed through {@link TimelineText}.
 */
final class Feeder
{
    static final int BODY = MessageHeaderEncoder.ENCODED_LENGTH;
    static final long T0 = 1_760_000_000_000_000_000L;

    record Record(boolean input, long sequence, long timestampNs, byte[] bytes)
    {
    }

    final ConsoleModel model;
    final List<Record> records = new ArrayList<>();
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
    final MessageHeaderEncoder header = new MessageHeaderEncoder();
    long sequence;
    long timestampNs = T0;

    Feeder(final ConsoleModel model)
    {
        this.model = model;
    }

    /** Feeds the message encoded at 0 as the next input (one second after the previous). */
    void input(final int length)
    {
        sequence++;
        timestampNs += 1_000_000_000L;
        record(true, length);
        model.onInput(sequence, timestampNs, buffer, 0, length);
    }

    /** Feeds the message encoded at 0 as an output of the latest input. */
    void output(final int length)
    {
        record(false, length);
        model.onOutput(sequence, timestampNs, buffer, 0, length);
    }

    private void record(final boolean input, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        records.add(new Record(input, sequence, timestampNs, bytes));
    }

    long nowMs()
    {
        return timestampNs / 1_000_000L;
    }

    // ------------------------------------------------------------------ inputs

    void tick()
    {
        input(BODY + new TickEncoder().wrapAndApplyHeader(buffer, 0, header).tickNumber(sequence).encodedLength());
    }

    void callReceived(final long callId, final Agency agency, final int lat, final int lon, final long uncertaintyM, final String caller)
    {
        final CallReceivedEncoder e = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .callId(callId).agency(agency)
            .locationQuality(0 == lat && 0 == lon ? LocationQuality.MISSING : LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS);
        e.location().latMicros(lat).lonMicros(lon);
        e.uncertaintyM(uncertaintyM).confidencePct((short)95).shape(LocationShape.CIRCLE)
            .locationProblem(0 == lat && 0 == lon ? LocationProblem.NO_LOCATION : LocationProblem.NONE)
            .fixSource(FixSource.SIP_PIDF_LO)
            .caller(caller).sipCallId("sip-" + callId).emergencyCallId("").locationReference("");
        input(BODY + e.encodedLength());
    }

    void locationFix(final long callId, final int lat, final int lon, final long uncertaintyM, final String caller, final String imsi,
        final String imei)
    {
        final LocationFixEncoder e = new LocationFixEncoder().wrapAndApplyHeader(buffer, 0, header)
            .callId(callId).fixSource(FixSource.AML_HTTPS).locationQuality(LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS).shape(LocationShape.CIRCLE).locationProblem(LocationProblem.NONE);
        e.location().latMicros(lat).lonMicros(lon);
        e.uncertaintyM(uncertaintyM).confidencePct((short)95).fixTimeNs(0).caller(caller).imsi(imsi).imei(imei);
        input(BODY + e.encodedLength());
    }

    void unitStatus(final long unitId, final Agency agency, final UnitType type, final UnitStatusCode status, final int lat, final int lon,
        final String callSign)
    {
        final UnitStatusEncoder e = new UnitStatusEncoder().wrapAndApplyHeader(buffer, 0, header)
            .unitId(unitId).agency(agency).unitType(type).status(status);
        e.position().latMicros(lat).lonMicros(lon);
        e.callSign(callSign);
        input(BODY + e.encodedLength());
    }

    void unitPosition(final long unitId, final int lat, final int lon, final long speedCmPerS, final int headingDeciDeg)
    {
        final UnitPositionEncoder e = new UnitPositionEncoder().wrapAndApplyHeader(buffer, 0, header).unitId(unitId);
        e.position().latMicros(lat).lonMicros(lon);
        e.speedCmPerS(speedCmPerS).headingDeciDeg(headingDeciDeg);
        input(BODY + e.encodedLength());
    }

    void command(final CommandType type, final long incidentId, final long unitId, final int operatorId, final long callId,
        final long targetIncidentId)
    {
        final OperatorCommandEncoder e = new OperatorCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).incidentId(incidentId).unitId(unitId).operatorId(operatorId).callId(callId)
            .targetIncidentId(targetIncidentId).agency(Agency.FIRE);
        e.location().latMicros(0).lonMicros(0);
        e.uncertaintyM(0).fixNumber(0);
        input(BODY + e.encodedLength());
    }

    void signalCommand(final SignalCommandType type, final int intersection, final int operatorId)
    {
        input(BODY + new SignalOperatorCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).intersectionIndex(intersection).phase((short)2).operatorId(operatorId).durationS(60).encodedLength());
    }

    // ------------------------------------------------------------------ outputs

    void incidentOpened(final long incidentId, final long callId, final Agency agency, final int priority, final int lat, final int lon,
        final long uncertaintyM)
    {
        final IncidentOpenedEncoder e = new IncidentOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).callId(callId).agency(agency).priority((short)priority)
            .locationQuality(0 == lat && 0 == lon ? LocationQuality.MISSING : LocationQuality.USABLE);
        e.location().latMicros(lat).lonMicros(lon);
        e.uncertaintyM(uncertaintyM).openedAtNs(timestampNs);
        output(BODY + e.encodedLength());
    }

    void incidentUpdated(final long incidentId, final UpdateReason reason, final IncidentStatus status, final int callCount,
        final long callId, final long unitId, final int agencies, final long otherIncidentId)
    {
        final IncidentUpdatedEncoder e = new IncidentUpdatedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).reason(reason).status(status).callCount(callCount).callId(callId).unitId(unitId);
        e.location().latMicros(10_770_000).lonMicros(106_700_000);
        e.uncertaintyM(30).nuisance((short)0).otherIncidentId(otherIncidentId);
        buffer.putByte(BODY + IncidentUpdatedEncoder.agenciesEncodingOffset(), (byte)agencies);
        output(BODY + e.encodedLength());
    }

    void recommended(final long incidentId, final long unitId, final int rank, final long etaS)
    {
        output(BODY + new UnitRecommendedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).unitId(unitId).rank((short)rank).distanceM(etaS * 10).etaS(etaS).reassignFromIncidentId(0)
            .encodedLength());
    }

    void dispatchOrder(final long incidentId, final long unitId, final int operatorId)
    {
        final DispatchOrderEncoder e = new DispatchOrderEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).unitId(unitId).operatorId(operatorId);
        e.destination().latMicros(10_770_000).lonMicros(106_700_000);
        e.issuedAtNs(timestampNs);
        output(BODY + e.encodedLength());
    }

    void rejected(final CommandType type, final long incidentId, final long unitId, final int operatorId, final RejectReason reason)
    {
        output(BODY + new CommandRejectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).incidentId(incidentId).unitId(unitId).operatorId(operatorId).reason(reason).encodedLength());
    }

    void statusChanged(final long unitId, final UnitStatusCode from, final UnitStatusCode to, final long incidentId)
    {
        output(BODY + new UnitStatusChangedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .unitId(unitId).from(from).to(to).incidentId(incidentId).atNs(timestampNs).encodedLength());
    }

    void callUpdated(final long callId, final long incidentId, final int lat, final int lon, final long uncertaintyM, final int fixCount,
        final boolean confirmed)
    {
        final CallUpdatedEncoder e = new CallUpdatedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .callId(callId).incidentId(incidentId).agency(Agency.FIRE)
            .locationQuality(0 == lat && 0 == lon ? LocationQuality.MISSING : LocationQuality.USABLE)
            .locationProblem(LocationProblem.NONE).shape(LocationShape.CIRCLE)
            .fixSource(confirmed ? FixSource.CALL_TAKER : FixSource.SIP_PIDF_LO);
        e.location().latMicros(lat).lonMicros(lon);
        e.uncertaintyM(uncertaintyM).fixCount(fixCount).confirmed((short)(confirmed ? 1 : 0)).nuisance((short)0)
            .recentCallsFromCaller(1).ended((short)0).atNs(timestampNs);
        output(BODY + e.encodedLength());
    }

    void betterFix(final long callId, final long incidentId, final int fixNumber)
    {
        final BetterFixAvailableEncoder e = new BetterFixAvailableEncoder().wrapAndApplyHeader(buffer, 0, header)
            .callId(callId).incidentId(incidentId).fixNumber(fixNumber).fixSource(FixSource.AML_HTTPS);
        e.location().latMicros(10_771_000).lonMicros(106_701_000);
        e.uncertaintyM(8).confirmedUncertaintyM(50);
        output(BODY + e.encodedLength());
    }

    void route(final long incidentId, final long unitId, final long etaS, final int... edges)
    {
        final RouteAssignedEncoder e = new RouteAssignedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).unitId(unitId).etaS(etaS);
        final RouteAssignedEncoder.RouteEncoder group = e.routeCount(edges.length);
        for (final int edge : edges)
        {
            group.next().edgeIndex(edge);
        }
        output(BODY + e.encodedLength());
    }

    void eta(final long unitId, final long incidentId, final long etaS)
    {
        output(BODY + new EtaUpdatedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .unitId(unitId).incidentId(incidentId).etaS(etaS).encodedLength());
    }

    void overdue(final long unitId, final UnitStatusCode status, final long overdueS)
    {
        output(BODY + new StatusOverdueEncoder().wrapAndApplyHeader(buffer, 0, header)
            .unitId(unitId).status(status).sinceNs(timestampNs - 600_000_000_000L).overdueS(overdueS).encodedLength());
    }

    void hospital(final long incidentId, final long unitId, final long hospitalId, final HospitalChoice choice)
    {
        output(BODY + new HospitalAssignedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).unitId(unitId).hospitalId(hospitalId).etaS(hospitalId > 0 ? 420 : 0).choice(choice)
            .encodedLength());
    }

    void incidentRetired(final long incidentId, final int callCount)
    {
        output(BODY + new org.beacon.codecs.IncidentRetiredEncoder().wrapAndApplyHeader(buffer, 0, header)
            .incidentId(incidentId).closedAtNs(0).callCount(callCount).encodedLength());
    }

    void moveUp(final long unitId)
    {
        final MoveUpProposedEncoder e = new MoveUpProposedEncoder().wrapAndApplyHeader(buffer, 0, header).agency(Agency.FIRE);
        e.point().latMicros(10_780_000).lonMicros(106_690_000);
        e.unitId(unitId).etaS(620).targetS(480);
        output(BODY + e.encodedLength());
    }

    void wavePlanned(final long unitId, final long incidentId, final int... intersections)
    {
        final GreenWavePlannedEncoder e = new GreenWavePlannedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .unitId(unitId).incidentId(incidentId).priority((short)1);
        final GreenWavePlannedEncoder.IntersectionsEncoder group = e.intersectionsCount(intersections.length);
        long eta = timestampNs;
        for (final int index : intersections)
        {
            eta += 20_000_000_000L;
            group.next().intersectionIndex(index).phase((short)2).etaAtNs(eta);
        }
        output(BODY + e.encodedLength());
    }

    void preemptRequested(final int intersection, final long unitId, final long incidentId, final boolean refresh)
    {
        output(BODY + new PreemptRequestedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).phase((short)2).unitId(unitId).incidentId(incidentId).priority((short)1)
            .requester(PreemptRequester.GREEN_WAVE).operatorId(0).etaAtNs(timestampNs + 15_000_000_000L)
            .expiresAtNs(timestampNs + 30_000_000_000L).refresh((short)(refresh ? 1 : 0)).encodedLength());
    }

    void preemptQueued(final int intersection, final long unitId, final long behindUnitId)
    {
        output(BODY + new PreemptQueuedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).unitId(unitId).phase((short)2).behindUnitId(behindUnitId)
            .etaAtNs(timestampNs + 10_000_000_000L).encodedLength());
    }

    void preemptReleased(final int intersection, final long unitId, final PreemptEnd reason)
    {
        output(BODY + new PreemptReleasedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).unitId(unitId).reason(reason).heldMs(12_000).encodedLength());
    }

    void signalIssued(final SignalCommandType type, final int intersection, final int operatorId)
    {
        output(BODY + new SignalCommandIssuedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).intersectionIndex(intersection).phase((short)2).operatorId(operatorId).expiresAtNs(0).encodedLength());
    }

    void signalRejected(final SignalCommandType type, final int intersection, final int operatorId, final SignalRejectReason reason)
    {
        output(BODY + new SignalCommandRejectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).intersectionIndex(intersection).phase((short)2).operatorId(operatorId).reason(reason).encodedLength());
    }

    void alarm(final int intersection, final int faults, final ControllerModeCode mode, final boolean raised)
    {
        final int length = BODY + new SignalAlarmEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).mode(mode).raised((short)(raised ? 1 : 0)).atNs(timestampNs).encodedLength();
        buffer.putShort(BODY + SignalAlarmEncoder.faultsEncodingOffset(), (short)faults, ByteOrder.LITTLE_ENDIAN);
        output(length);
    }

    void intersectionState(final int intersection, final ControllerModeCode mode, final int faults, final long preemptUnitId)
    {
        final IntersectionStateEncoder e = new IntersectionStateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).mode(mode).preemptUnitId(preemptUnitId).atNs(timestampNs);
        buffer.putShort(BODY + IntersectionStateEncoder.faultsEncodingOffset(), (short)faults, ByteOrder.LITTLE_ENDIAN);
        final IntersectionStateEncoder.PhasesEncoder group = e.phasesCount(2);
        group.next().phase((short)2).vehicle(SignalIndication.GREEN).ped(PedSignal.WALK).minEndDs(50).maxEndDs(65_535);
        group.next().phase((short)4).vehicle(SignalIndication.RED).ped(PedSignal.DONT_WALK).minEndDs(120).maxEndDs(300);
        output(BODY + e.encodedLength());
    }

    // ------------------------------------------------------------------ area alerts

    /** The CAP XML an AlertIssued of this feeder carries. */
    static String capXml(final String identifier, final AlertMsgType msgType)
    {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>" +
            identifier + "</identifier><msgType>" + (msgType == AlertMsgType.ALERT ? "Alert" : msgType == AlertMsgType.UPDATE ?
            "Update" : "Cancel") + "</msgType><note>thành phố</note></alert>";
    }

    void alertCommand(final AlertAction action, final long alertId, final long incidentId, final long candidateId, final int operatorId,
        final int revision, final Hazard hazard, final int lat, final int lon, final long innerRadiusM, final long ringM,
        final int... polygon)
    {
        final AlertCommandEncoder e = new AlertCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
            .action(action).alertId(alertId).incidentId(incidentId).candidateId(candidateId).operatorId(operatorId).revision(revision)
            .hazard(hazard);
        e.center().latMicros(lat).lonMicros(lon);
        e.innerRadiusM(innerRadiusM).ringM(ringM);
        final AlertCommandEncoder.PolygonEncoder group = e.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            group.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        input(BODY + e.encodedLength());
    }

    void broadcastReport(final long alertId, final int revision, final AlertMsgType msgType, final BroadcastOutcome outcome,
        final String identifier, final long issuedAtNs, final long latencyNs, final int innerCells, final int outerCells,
        final String detail)
    {
        final BroadcastReportEncoder e = new BroadcastReportEncoder().wrapAndApplyHeader(buffer, 0, header)
            .alertId(alertId).revision(revision).msgType(msgType).outcome(outcome).messageIdInner(4370).messageIdOuter(4371)
            .serialNumber(17).issuedAtNs(issuedAtNs).broadcastAtNs(issuedAtNs + latencyNs);
        final BroadcastReportEncoder.CellsEncoder cells = e.cellsCount(innerCells + outerCells);
        for (int i = 0; i < innerCells; i++)
        {
            cells.next().cellId(1000 + i).zone(AlertZone.INNER);
        }
        for (int i = 0; i < outerCells; i++)
        {
            cells.next().cellId(2000 + i).zone(AlertZone.OUTER);
        }
        e.identifier(identifier).detail(detail);
        input(BODY + e.encodedLength());
    }

    void alertProposed(final long alertId, final long incidentId, final long candidateId, final int revision, final Hazard hazard,
        final ProposalReason reason, final int lat, final int lon, final long innerRadiusM, final long ringM, final boolean autoIssue,
        final boolean active, final int operatorId, final int... polygon)
    {
        final AlertProposedEncoder e = new AlertProposedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .alertId(alertId).incidentId(incidentId).candidateId(candidateId).revision(revision).hazard(hazard).reason(reason);
        e.center().latMicros(lat).lonMicros(lon);
        e.innerRadiusM(innerRadiusM).ringM(ringM).autoIssue((short)(autoIssue ? 1 : 0)).active((short)(active ? 1 : 0))
            .operatorId(operatorId).atNs(timestampNs);
        final AlertProposedEncoder.PolygonEncoder group = e.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            group.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        output(BODY + e.encodedLength());
    }

    void alertIssued(final long alertId, final long incidentId, final int revision, final AlertMsgType msgType, final Hazard hazard,
        final int operatorId, final String identifier, final int lat, final int lon, final long innerRadiusM, final long ringM)
    {
        final AlertIssuedEncoder e = new AlertIssuedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .alertId(alertId).incidentId(incidentId).revision(revision).msgType(msgType).hazard(hazard).operatorId(operatorId)
            .issuedAtNs(timestampNs).expiresAtNs(timestampNs + 3_600_000_000_000L);
        e.center().latMicros(lat).lonMicros(lon);
        e.innerRadiusM(innerRadiusM).ringM(ringM);
        e.polygonCount(0);
        e.identifier(identifier).capXml(capXml(identifier, msgType));
        output(BODY + e.encodedLength());
    }

    void alertState(final long alertId, final long incidentId, final AlertState state, final int revision, final int operatorId)
    {
        output(BODY + new AlertStateChangedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .alertId(alertId).incidentId(incidentId).state(state).revision(revision).operatorId(operatorId).atNs(timestampNs)
            .encodedLength());
    }

    void alertRejected(final AlertAction action, final long alertId, final long incidentId, final int operatorId,
        final AlertRejectReason reason)
    {
        output(BODY + new AlertCommandRejectedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .action(action).alertId(alertId).incidentId(incidentId).operatorId(operatorId).reason(reason).encodedLength());
    }

    // ------------------------------------------------------------------ cameras

    void cameraRegistered(final int cameraId, final int lat, final int lon, final String name, final int... zones)
    {
        final CameraRegisteredEncoder e = new CameraRegisteredEncoder().wrapAndApplyHeader(buffer, 0, header).cameraId(cameraId);
        e.position().latMicros(lat).lonMicros(lon);
        e.headingDeciDeg(900);
        final CameraRegisteredEncoder.ZonesEncoder group = e.zonesCount(zones.length);
        for (final int zone : zones)
        {
            final CameraRegisteredEncoder.ZonesEncoder z = group.next().zoneId(zone);
            z.place().latMicros(lat + zone).lonMicros(lon - zone);
            z.radiusM(25 + zone);
        }
        e.name(name);
        input(BODY + e.encodedLength());
    }

    void watchlistHit(final int cameraId, final String plate, final String listed, final long incidentId)
    {
        final WatchlistHitEncoder e = new WatchlistHitEncoder().wrapAndApplyHeader(buffer, 0, header).cameraId(cameraId);
        e.position().latMicros(10_776_100).lonMicros(106_700_100);
        e.headingDeciDeg(450).reason(WatchlistReason.STOLEN).incidentId(incidentId).confidencePermille(930)
            .exact((short)(plate.equals(listed) ? 1 : 0)).readAtNs(timestampNs).plate(plate).listedPlate(listed).cropRef("crop-" + plate);
        output(BODY + e.encodedLength());
    }

    void incidentCandidate(final long candidateId, final int cameraId, final int zoneId, final int count)
    {
        final IncidentCandidateEncoder e = new IncidentCandidateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .candidateId(candidateId).cameraId(cameraId).zoneId(zoneId);
        e.place().latMicros(10_776_200).lonMicros(106_700_200);
        e.radiusM(30).rule(CrowdRule.COUNT_HELD).count(count).occupancyPermille(640).atNs(timestampNs).cropRef("crowd-" + candidateId);
        output(BODY + e.encodedLength());
    }

    void watchlistUpdated(final WatchlistAction action, final boolean accepted, final String plate, final long incidentId)
    {
        output(BODY + new WatchlistUpdatedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .action(action).reason(WatchlistReason.WANTED).incidentId(incidentId).operatorId(7).accepted((short)(accepted ? 1 : 0))
            .entries(1).plate(plate).encodedLength());
    }
}
