package org.beacon.dispatch;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.BetterFixAvailableEncoder;
import org.beacon.codecs.CallUpdatedEncoder;
import org.beacon.codecs.CommandRejectedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderEncoder;
import org.beacon.codecs.EtaUpdatedEncoder;
import org.beacon.codecs.HospitalAssignedEncoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentOpenedEncoder;
import org.beacon.codecs.IncidentUpdatedEncoder;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.IncidentRetiredEncoder;
import org.beacon.codecs.MoveUpProposedEncoder;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.RouteAssignedEncoder;
import org.beacon.codecs.StatusOverdueEncoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;

/**
 * Every output of the dispatch slice: holds each encoder once and writes each message. The parts decide what to say;
 * this class alone knows how it is encoded.
 */
final class DispatchPublisher
{
    /** uint16 0xFFFF is the null value. */
    static final int MAX_UINT16 = 65_534;
    /** uint32 0xFFFF_FFFF is the null value. */
    static final long MAX_UINT32 = 0xFFFF_FFFEL;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MutableDirectBuffer outBuffer = new UnsafeBuffer(new byte[256]);
    private final ExpandableArrayBuffer routeBuffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final IncidentOpenedEncoder openedEncoder = new IncidentOpenedEncoder();
    private final IncidentUpdatedEncoder updatedEncoder = new IncidentUpdatedEncoder();
    private final UnitRecommendedEncoder recommendedEncoder = new UnitRecommendedEncoder();
    private final DispatchOrderEncoder orderEncoder = new DispatchOrderEncoder();
    private final CommandRejectedEncoder rejectedEncoder = new CommandRejectedEncoder();
    private final UnitStatusChangedEncoder statusChangedEncoder = new UnitStatusChangedEncoder();
    private final CallUpdatedEncoder callUpdatedEncoder = new CallUpdatedEncoder();
    private final BetterFixAvailableEncoder betterFixEncoder = new BetterFixAvailableEncoder();
    private final RouteAssignedEncoder routeEncoder = new RouteAssignedEncoder();
    private final EtaUpdatedEncoder etaEncoder = new EtaUpdatedEncoder();
    private final StatusOverdueEncoder overdueEncoder = new StatusOverdueEncoder();
    private final HospitalAssignedEncoder hospitalAssignedEncoder = new HospitalAssignedEncoder();
    private final MoveUpProposedEncoder moveUpEncoder = new MoveUpProposedEncoder();
    private final IncidentRetiredEncoder retiredEncoder = new IncidentRetiredEncoder();

    void incidentOpened(final Incident incident, final OutputSink outputs)
    {
        openedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .callId(incident.firstCallId)
            .agency(incident.agency)
            .priority(incident.priority)
            .locationQuality(incident.locationQuality);
        openedEncoder.location().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        openedEncoder.uncertaintyM(incident.uncertaintyM).openedAtNs(incident.openedAtNs);
        outputs.emit(outBuffer, 0, HEADER + openedEncoder.encodedLength());
    }

    void incidentUpdated(
        final Incident incident,
        final UpdateReason reason,
        final long callId,
        final long unitId,
        final long otherIncidentId,
        final OutputSink outputs)
    {
        updatedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .reason(reason)
            .status(incident.status)
            .callCount(Math.min(incident.calls.size(), MAX_UINT16))
            .callId(callId)
            .unitId(unitId);
        updatedEncoder.location().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        updatedEncoder.uncertaintyM(incident.uncertaintyM);
        AgencySet.encode(updatedEncoder.agencies(), incident.agencies);
        updatedEncoder.nuisance((short)(incident.nuisanceCalls > 0 ? 1 : 0)).otherIncidentId(otherIncidentId);
        outputs.emit(outBuffer, 0, HEADER + updatedEncoder.encodedLength());
    }

    void callUpdated(final Call call, final long timestampNs, final OutputSink outputs)
    {
        final Fix shown = call.shown();
        final boolean usable = null != shown;
        callUpdatedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .callId(call.id)
            .incidentId(call.incident.id)
            .agency(call.agency)
            .locationQuality(usable ? LocationQuality.USABLE : call.lastQuality)
            .locationProblem(usable ? LocationProblem.NONE : call.lastProblem)
            .shape(usable ? shown.shape : call.lastShape)
            .fixSource(usable ? shown.source : call.lastSource);
        callUpdatedEncoder.location().latMicros(usable ? shown.latMicros : 0).lonMicros(usable ? shown.lonMicros : 0);
        callUpdatedEncoder.uncertaintyM(usable ? shown.uncertaintyM : 0)
            .fixCount(Math.min(call.fixCount, MAX_UINT16))
            .confirmed((short)(null != call.confirmedFix ? 1 : 0))
            .nuisance((short)(call.nuisance ? 1 : 0))
            .recentCallsFromCaller(Math.min(call.recentCalls, MAX_UINT16))
            .ended((short)(call.ended ? 1 : 0))
            .atNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + callUpdatedEncoder.encodedLength());
    }

    void betterFixAvailable(final Call call, final Incident incident, final Fix fix, final Fix pin, final OutputSink outputs)
    {
        betterFixEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .callId(call.id)
            .incidentId(incident.id)
            .fixNumber(fix.number)
            .fixSource(fix.source);
        betterFixEncoder.location().latMicros(fix.latMicros).lonMicros(fix.lonMicros);
        betterFixEncoder.uncertaintyM(fix.uncertaintyM).confirmedUncertaintyM(pin.uncertaintyM);
        outputs.emit(outBuffer, 0, HEADER + betterFixEncoder.encodedLength());
    }

    void unitStatusChanged(final Unit unit, final UnitStatusCode from, final long timestampNs, final OutputSink outputs)
    {
        statusChangedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .unitId(unit.id)
            .from(from)
            .to(unit.status)
            .incidentId(unit.committedIncidentId)
            .atNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + statusChangedEncoder.encodedLength());
    }

    void rejected(
        final CommandType type,
        final long incidentId,
        final long unitId,
        final int operatorId,
        final RejectReason reason,
        final OutputSink outputs)
    {
        rejectedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId)
            .reason(reason);
        outputs.emit(outBuffer, 0, HEADER + rejectedEncoder.encodedLength());
    }

    void unitRecommended(
        final long incidentId,
        final long unitId,
        final int rank,
        final long distanceM,
        final long etaS,
        final long reassignFromIncidentId,
        final OutputSink outputs)
    {
        recommendedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .unitId(unitId)
            .rank((short)rank)
            .distanceM(distanceM)
            .etaS(etaS)
            .reassignFromIncidentId(reassignFromIncidentId);
        outputs.emit(outBuffer, 0, HEADER + recommendedEncoder.encodedLength());
    }

    void dispatchOrder(
        final Incident incident, final long unitId, final int operatorId, final long issuedAtNs, final OutputSink outputs)
    {
        orderEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .unitId(unitId)
            .operatorId(operatorId);
        orderEncoder.destination().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        orderEncoder.issuedAtNs(issuedAtNs);
        outputs.emit(outBuffer, 0, HEADER + orderEncoder.encodedLength());
    }

    /** RouteAssigned with the first {@code length} edges of {@code route}. */
    void routeAssigned(
        final long incidentId, final long unitId, final long etaS, final int[] route, final int length, final OutputSink outputs)
    {
        routeEncoder.wrapAndApplyHeader(routeBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .unitId(unitId)
            .etaS(etaS);
        final RouteAssignedEncoder.RouteEncoder entries = routeEncoder.routeCount(StrictMath.max(0, length));
        for (int i = 0; i < length; i++)
        {
            entries.next().edgeIndex(route[i]);
        }
        outputs.emit(routeBuffer, 0, HEADER + routeEncoder.encodedLength());
    }

    void etaUpdated(final long unitId, final long incidentId, final long etaS, final OutputSink outputs)
    {
        etaEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .unitId(unitId)
            .incidentId(incidentId)
            .etaS(etaS);
        outputs.emit(outBuffer, 0, HEADER + etaEncoder.encodedLength());
    }

    void statusOverdue(final Unit unit, final long overdueS, final OutputSink outputs)
    {
        overdueEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .unitId(unit.id)
            .status(unit.status)
            .sinceNs(unit.statusSinceNs)
            .overdueS(overdueS);
        outputs.emit(outBuffer, 0, HEADER + overdueEncoder.encodedLength());
    }

    void hospitalAssigned(
        final long incidentId,
        final long unitId,
        final long hospitalId,
        final long etaS,
        final HospitalChoice choice,
        final OutputSink outputs)
    {
        hospitalAssignedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .unitId(unitId)
            .hospitalId(hospitalId)
            .etaS(etaS)
            .choice(choice);
        outputs.emit(outBuffer, 0, HEADER + hospitalAssignedEncoder.encodedLength());
    }

    void moveUpProposed(
        final Agency agency,
        final long unitId,
        final long etaS,
        final long targetS,
        final int latMicros,
        final int lonMicros,
        final OutputSink outputs)
    {
        moveUpEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .agency(agency)
            .unitId(unitId)
            .etaS(etaS)
            .targetS(targetS);
        moveUpEncoder.point().latMicros(latMicros).lonMicros(lonMicros);
        outputs.emit(outBuffer, 0, HEADER + moveUpEncoder.encodedLength());
    }

    void incidentRetired(final long incidentId, final long closedAtNs, final int callCount, final OutputSink outputs)
    {
        retiredEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .closedAtNs(closedAtNs)
            .callCount(Math.min(callCount, MAX_UINT16));
        outputs.emit(outBuffer, 0, HEADER + retiredEncoder.encodedLength());
    }
}
