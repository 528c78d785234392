package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.GeoPointDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;

/**
 * The operators' commands: DISPATCH and CLOSE_INCIDENT (version 1), and CONFIRM_LOCATION, ACCEPT_FIX, SPLIT_CALL,
 * MERGE_INCIDENTS, ADD_AGENCY and CLEAR_NUISANCE (version 2). Each either applies in full or answers CommandRejected
 * and changes nothing.
 */
final class OperatorCommands
{
    private static final short CALL_TAKER_CONFIDENCE_PCT = 95;

    private final DispatchState state;
    private final DispatchRoads roads;
    private final DispatchPublisher publisher;
    private final Calls calls;
    private final Recommender recommender;
    private final Fleet fleet;
    private final IdSortedList<Call> movedCalls = new IdSortedList<>();

    OperatorCommands(
        final DispatchState state,
        final DispatchRoads roads,
        final DispatchPublisher publisher,
        final Calls calls,
        final Recommender recommender,
        final Fleet fleet)
    {
        this.state = state;
        this.roads = roads;
        this.publisher = publisher;
        this.calls = calls;
        this.recommender = recommender;
        this.fleet = fleet;
    }

    void onOperatorCommand(
        final OperatorCommandDecoder command, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final short rawType = command.commandTypeRaw();
        final long incidentId = command.incidentId();
        final long unitId = command.unitId();
        final int operatorId = command.operatorId();

        if (rawType == CommandType.DISPATCH.value())
        {
            onDispatch(incidentId, unitId, operatorId, timestampNs, outputs);
            return;
        }
        if (rawType == CommandType.CLOSE_INCIDENT.value())
        {
            onClose(incidentId, unitId, operatorId, outputs);
            return;
        }
        if (command.actingVersion() < 2 ||
            rawType < CommandType.CONFIRM_LOCATION.value() || rawType > CommandType.CLEAR_NUISANCE.value())
        {
            publisher.rejected(CommandType.NULL_VAL, incidentId, unitId, operatorId, RejectReason.INVALID_COMMAND, outputs);
            return;
        }

        final CommandType type = CommandType.get(rawType);
        switch (type)
        {
            case CONFIRM_LOCATION:
            case ACCEPT_FIX:
            case SPLIT_CALL:
            case CLEAR_NUISANCE:
                onCallCommand(command, type, sequence, timestampNs, outputs);
                break;

            case MERGE_INCIDENTS:
                onMerge(command, timestampNs, outputs);
                break;

            case ADD_AGENCY:
                onAddAgency(command, outputs);
                break;

            default:
                publisher.rejected(CommandType.NULL_VAL, incidentId, unitId, operatorId, RejectReason.INVALID_COMMAND, outputs);
                break;
        }
    }

    private void onCallCommand(
        final OperatorCommandDecoder command,
        final CommandType type,
        final long sequence,
        final long timestampNs,
        final OutputSink outputs)
    {
        final Call call = state.callById.get(command.callId());
        final long unitId = command.unitId();
        final int operatorId = command.operatorId();
        if (null == call)
        {
            publisher.rejected(type, command.incidentId(), unitId, operatorId, RejectReason.UNKNOWN_CALL, outputs);
            return;
        }

        final Incident incident = call.incident;
        if (type == CommandType.CLEAR_NUISANCE)
        {
            onClearNuisance(call, timestampNs, outputs);
            return;
        }
        if (!incident.isActive())
        {
            publisher.rejected(type, incident.id, unitId, operatorId, RejectReason.INCIDENT_CLOSED, outputs);
            return;
        }

        final RejectReason reject;
        switch (type)
        {
            case CONFIRM_LOCATION:
                reject = onConfirmLocation(command, call, sequence, timestampNs, outputs);
                break;

            case ACCEPT_FIX:
                reject = onAcceptFix(command, call, sequence, timestampNs, outputs);
                break;

            case SPLIT_CALL:
                reject = onSplit(call, sequence, timestampNs, outputs);
                break;

            default:
                reject = RejectReason.INVALID_COMMAND;
                break;
        }
        if (null != reject)
        {
            publisher.rejected(type, incident.id, unitId, operatorId, reject, outputs);
        }
    }

    private RejectReason onConfirmLocation(
        final OperatorCommandDecoder command, final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = call.incident;
        final GeoPointDecoder location = command.location();
        final int latMicros = location.latMicros();
        final int lonMicros = location.lonMicros();
        final Fix fix = new Fix();
        fix.source = FixSource.CALL_TAKER;
        fix.confidencePct = CALL_TAKER_CONFIDENCE_PCT;
        fix.fixTimeNs = timestampNs;
        fix.method = LocationMethod.MANUAL;
        if ((0 == latMicros && 0 == lonMicros) ||
            latMicros == GeoPointDecoder.latMicrosNullValue() || lonMicros == GeoPointDecoder.lonMicrosNullValue())
        {
            final Fix current = call.shown();
            if (null != current)
            {
                fix.latMicros = current.latMicros;
                fix.lonMicros = current.lonMicros;
                fix.uncertaintyM = current.uncertaintyM;
                fix.shape = current.shape;
            }
            else if (incident.hasUsableLocation())
            {
                fix.latMicros = incident.latMicros;
                fix.lonMicros = incident.lonMicros;
                fix.uncertaintyM = incident.uncertaintyM;
                fix.shape = LocationShape.CIRCLE;
            }
            else
            {
                return RejectReason.INVALID_COMMAND;
            }
        }
        else
        {
            if (!Geo.isValid(latMicros, lonMicros))
            {
                return RejectReason.INVALID_COMMAND;
            }
            final long uncertaintyM = command.uncertaintyM();
            fix.latMicros = latMicros;
            fix.lonMicros = lonMicros;
            fix.uncertaintyM = uncertaintyM == OperatorCommandDecoder.uncertaintyMNullValue() ? 0 : uncertaintyM;
            fix.shape = 0 == fix.uncertaintyM ? LocationShape.POINT : LocationShape.CIRCLE;
        }

        calls.addFix(call, fix, LocationQuality.USABLE, LocationProblem.NONE, fix.shape, fix.source);
        confirm(call, fix, sequence, timestampNs, outputs);
        return null;
    }

    private RejectReason onAcceptFix(
        final OperatorCommandDecoder command, final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Fix fix = call.storedFix(command.fixNumber());
        if (null == fix)
        {
            return RejectReason.NO_SUCH_FIX;
        }
        confirm(call, fix, sequence, timestampNs, outputs);
        return null;
    }

    /** Pins the call's incident to the fix and says so. */
    private void confirm(final Call call, final Fix fix, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = call.incident;
        Calls.pin(incident, call, fix, sequence);
        publisher.incidentUpdated(incident, UpdateReason.LOCATION_CONFIRMED, call.id, 0, 0, outputs);
        recommender.recommendIfDue(incident, 0, outputs);
        publisher.callUpdated(call, timestampNs, outputs);
    }

    private RejectReason onSplit(final Call call, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final Incident from = call.incident;
        if (from.calls.size() < 2 || null != state.incidentById.get(sequence))
        {
            return RejectReason.INVALID_COMMAND;
        }

        from.calls.remove(call.id);
        calls.recompute(from, call);
        final Incident created = calls.openIncident(sequence, call, timestampNs, outputs);
        publisher.incidentUpdated(from, UpdateReason.CALL_SPLIT, call.id, 0, created.id, outputs);
        publisher.incidentUpdated(created, UpdateReason.CALL_SPLIT, call.id, 0, from.id, outputs);
        recommender.recommendIfDue(created, 0, outputs);
        recommender.recommendIfDue(from, 0, outputs);
        publisher.callUpdated(call, timestampNs, outputs);
        return null;
    }

    private void onMerge(final OperatorCommandDecoder command, final long timestampNs, final OutputSink outputs)
    {
        final long sourceId = command.incidentId();
        final long targetId = command.targetIncidentId();
        final Incident source = state.incidentById.get(sourceId);
        final Incident target = state.incidentById.get(targetId);
        if (rejectMerge(sourceId, targetId, source, target, command.unitId(), command.operatorId(), outputs))
        {
            return;
        }

        final int added = absorb(target, source);
        closeMerged(source, target);

        publisher.incidentUpdated(source, UpdateReason.MERGED, 0, 0, target.id, outputs);
        publisher.incidentUpdated(target, UpdateReason.MERGED, 0, 0, source.id, outputs);
        if (0 != added)
        {
            publisher.incidentUpdated(target, UpdateReason.AGENCY_ADDED, 0, 0, 0, outputs);
        }
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            if (unit.committedIncidentId == source.id)
            {
                unit.committedIncidentId = target.id;
                publisher.unitStatusChanged(unit, unit.status, timestampNs, outputs);
                recommender.unitChanged(unit);
            }
        }
        recommender.recommendIfDue(target, added, outputs);
        for (int i = 0, size = movedCalls.size(); i < size; i++)
        {
            publisher.callUpdated(movedCalls.get(i), timestampNs, outputs);
        }
        movedCalls.clear();
    }

    /**
     * Answers CommandRejected, with the id that failed, when a merge cannot apply.
     *
     * @return whether it was rejected.
     */
    private boolean rejectMerge(
        final long sourceId,
        final long targetId,
        final Incident source,
        final Incident target,
        final long unitId,
        final int operatorId,
        final OutputSink outputs)
    {
        final long failedId;
        final RejectReason reject;
        if (null == source || null == target)
        {
            failedId = null == source ? sourceId : targetId;
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (source == target)
        {
            failedId = sourceId;
            reject = RejectReason.INVALID_COMMAND;
        }
        else if (!source.isActive() || !target.isActive())
        {
            failedId = !source.isActive() ? sourceId : targetId;
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else
        {
            return false;
        }
        publisher.rejected(CommandType.MERGE_INCIDENTS, failedId, unitId, operatorId, reject, outputs);
        return true;
    }

    /**
     * Moves every call of the source into the target (noting them in {@link #movedCalls}) with what the target derives
     * from them: agencies, best fix, pin (the target's kept), assignments and status.
     *
     * @return the agencies the target did not need before.
     */
    private int absorb(final Incident target, final Incident source)
    {
        for (int i = 0, size = source.calls.size(); i < size; i++)
        {
            final Call call = source.calls.get(i);
            call.incident = target;
            target.calls.add(call);
            movedCalls.add(call);
        }
        source.calls.clear();
        target.lastCallAtNs = Math.max(target.lastCallAtNs, source.lastCallAtNs);
        target.nuisanceCalls += source.nuisanceCalls;
        target.addedAgencies |= source.addedAgencies;
        final int added = Calls.addAgencies(target, source.agencies);
        if (calls.better(source.bestFix, source.bestCall, target.bestFix, target.bestCall))
        {
            target.bestCall = source.bestCall;
            target.bestFix = source.bestFix;
        }
        if (null == target.pinCall && null != source.pinCall)
        {
            target.pinCall = source.pinCall;
            target.offeredUncertaintyM = source.offeredUncertaintyM;
        }
        target.refreshLocation();
        target.assignedUnitCount += source.assignedUnitCount;
        if (0 == target.lastAssignedUnitId)
        {
            target.lastAssignedUnitId = source.lastAssignedUnitId;
        }
        if (source.status == IncidentStatus.DISPATCHED)
        {
            target.status = IncidentStatus.DISPATCHED;
        }
        return added;
    }

    private void closeMerged(final Incident source, final Incident target)
    {
        source.status = IncidentStatus.CLOSED;
        source.mergedIntoId = target.id;
        source.nuisanceCalls = 0;
        source.bestCall = null;
        source.bestFix = null;
        source.pinCall = null;
        state.activeIncidents.remove(source.id);
        state.closed(source);
        recommender.forget(source);
    }

    private void onAddAgency(final OperatorCommandDecoder command, final OutputSink outputs)
    {
        final long incidentId = command.incidentId();
        final Incident incident = state.incidentById.get(incidentId);
        final int bit = AgencySet.bit(Agencies.ofNumber(command.agencyRaw(), Agency.UNIFIED));
        final RejectReason reject;
        if (null == incident)
        {
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (!incident.isActive())
        {
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else if (0 == bit)
        {
            reject = RejectReason.INVALID_COMMAND;
        }
        else
        {
            reject = null;
        }
        if (null != reject)
        {
            publisher.rejected(CommandType.ADD_AGENCY, incidentId, command.unitId(), command.operatorId(), reject, outputs);
            return;
        }

        incident.addedAgencies |= bit;
        final int added = Calls.addAgencies(incident, bit);
        publisher.incidentUpdated(incident, UpdateReason.AGENCY_ADDED, 0, 0, 0, outputs);
        recommender.recommendIfDue(incident, added, outputs);
    }

    private void onClearNuisance(final Call call, final long timestampNs, final OutputSink outputs)
    {
        if (call.nuisance)
        {
            call.nuisance = false;
            call.incident.nuisanceCalls--;
        }
        if (call.caller.length > 0)
        {
            final CallerRecord record = state.callers.find(call.caller, call.caller.length);
            if (null != record)
            {
                record.clearedAtNs = state.clockNs;
            }
        }
        publisher.callUpdated(call, timestampNs, outputs);
    }

    private void onDispatch(
        final long incidentId, final long unitId, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = state.incidentById.get(incidentId);
        final RejectReason reject;
        final Unit unit = state.unitById.get(unitId);
        if (null == incident)
        {
            reject = RejectReason.UNKNOWN_INCIDENT;
        }
        else if (incident.status == IncidentStatus.CLOSED)
        {
            reject = RejectReason.INCIDENT_CLOSED;
        }
        else if (null == unit)
        {
            reject = RejectReason.UNKNOWN_UNIT;
        }
        else if (unit.status != UnitStatusCode.AVAILABLE && !(null != roads.graph && recommender.isReassignable(unit, incident)))
        {
            reject = RejectReason.UNIT_NOT_AVAILABLE;
        }
        else
        {
            reject = null;
        }

        if (null != reject)
        {
            publisher.rejected(CommandType.DISPATCH, incidentId, unitId, operatorId, reject, outputs);
            return;
        }

        publisher.dispatchOrder(incident, unitId, operatorId, timestampNs, outputs);
        if (null != roads.graph)
        {
            fleet.routeAssigned(incident, unit, outputs);
        }

        final UnitStatusCode from = unit.status;
        unit.status = UnitStatusCode.DISPATCHED;
        unit.statusSinceNs = timestampNs;
        unit.overdueRaised = false;
        unit.committedIncidentId = incidentId;
        roads.syncAvailability(unit);
        publisher.unitStatusChanged(unit, from, timestampNs, outputs);
        recommender.unitChanged(unit);

        incident.status = IncidentStatus.DISPATCHED;
        incident.assignedUnitCount++;
        incident.lastAssignedUnitId = unitId;
        publisher.incidentUpdated(incident, UpdateReason.UNIT_DISPATCHED, 0, unitId, 0, outputs);
    }

    private void onClose(final long incidentId, final long unitId, final int operatorId, final OutputSink outputs)
    {
        final Incident incident = state.incidentById.get(incidentId);
        if (null == incident)
        {
            publisher.rejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.UNKNOWN_INCIDENT, outputs);
            return;
        }
        if (incident.status == IncidentStatus.CLOSED)
        {
            publisher.rejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.INCIDENT_CLOSED, outputs);
            return;
        }

        // Committed units keep their status and commitment: they report AVAILABLE themselves.
        incident.status = IncidentStatus.CLOSED;
        state.activeIncidents.remove(incidentId);
        state.closed(incident);
        recommender.forget(incident);
        publisher.incidentUpdated(incident, UpdateReason.CLOSED, 0, 0, 0, outputs);
    }
}
