package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchSnapshotDescriptor.BYTE_ORDER;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_BYTES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_CLEARED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_ENTRY_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_ENTRY_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_LAST_ACTIVITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_BEST_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CALLER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CONFIRMED_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_CONFIRMED_SEQUENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_ENDED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FIX_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAGS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAG_ENDED;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_FLAG_NUISANCE;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_INCIDENT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_PROBLEM_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_SHAPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_LAST_SOURCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_RECEIVED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_RECENT_CALLS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CALL_STORED_FIXES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CLOCK_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.CONGESTION_ENTRY_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_CONFIDENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_METHOD_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_NUMBER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SHAPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SOURCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_TIME_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_BEDS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_CAPABILITIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_DIVERTING_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ADDED_AGENCIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_AGENCIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ASSIGNED_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_BEST_CALL_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_BEST_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_FALLBACK_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_FIRST_CALL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_ASSIGNED_UNIT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_CALL_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_CLOSED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_MERGED_INTO_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_OFFERED_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_OPENED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_PIN_CALL_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_PRIORITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RECOMMENDED_MASK_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.LAYOUT_VERSION;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_CALLER_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_CALLER_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_FIX_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_RECEIVED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.PENDING_SEQUENCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_LAST_ETA_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_OVERDUE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.TIMER_SINCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_CALL_SIGN_LENGTH_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_CALL_SIGN_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_COMMITTED_INCIDENT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_TYPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.VERSION_OFFSET;

import org.agrona.DirectBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.RoadGraph;

/**
 * Reads a snapshot in the layout of {@link DispatchSnapshotDescriptor} into a freshly reset state, checking every
 * count, length and reference as it goes: a damaged or foreign snapshot is refused with an
 * {@link IllegalStateException}. Snapped edges are not stored; they are recomputed from the positions.
 */
final class DispatchSnapshotLoader
{
    private final DispatchState state;
    private final DispatchRoads roads;
    private final Recommender recommender;

    DispatchSnapshotLoader(final DispatchState state, final DispatchRoads roads, final Recommender recommender)
    {
        this.state = state;
        this.roads = roads;
        this.recommender = recommender;
    }

    /**
     * Loads a snapshot into a state that {@link DispatchState#clear()} and {@link DispatchRoads#reset()} emptied.
     *
     * @throws IllegalStateException when the bytes are not a snapshot of this layout.
     */
    void load(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH ||
            buffer.getInt(offset + MAGIC_OFFSET, BYTE_ORDER) != MAGIC ||
            buffer.getInt(offset + VERSION_OFFSET, BYTE_ORDER) != LAYOUT_VERSION)
        {
            throw new IllegalStateException("not a dispatch snapshot of layout version " + LAYOUT_VERSION);
        }

        final int limit = offset + length;
        state.clockNs = buffer.getLong(offset + CLOCK_OFFSET, BYTE_ORDER);
        final int incidentCount = buffer.getInt(offset + INCIDENT_COUNT_OFFSET, BYTE_ORDER);
        final int unitCount = buffer.getInt(offset + UNIT_COUNT_OFFSET, BYTE_ORDER);
        final int callCount = buffer.getInt(offset + CALL_COUNT_OFFSET, BYTE_ORDER);
        final int callerCount = buffer.getInt(offset + CALLER_COUNT_OFFSET, BYTE_ORDER);
        final int pendingCount = buffer.getInt(offset + PENDING_COUNT_OFFSET, BYTE_ORDER);
        if (incidentCount < 0 || unitCount < 0 || callCount < 0 || callerCount < 0 || pendingCount < 0)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: negative count");
        }

        int position = offset + HEADER_LENGTH;
        final int incidentsAt = position;
        checkRemaining(position, incidentCount * (long)INCIDENT_LENGTH, limit);
        for (int i = 0; i < incidentCount; i++)
        {
            state.addIncident(readIncident(buffer, position));
            position += INCIDENT_LENGTH;
        }
        for (int i = 0; i < unitCount; i++)
        {
            position = readUnit(buffer, position, limit);
        }
        for (int i = 0; i < callCount; i++)
        {
            position = readCall(buffer, position, limit);
        }
        linkIncidents(buffer, incidentsAt, incidentCount);
        for (int i = 0; i < callerCount; i++)
        {
            position = readCaller(buffer, position, limit);
        }
        for (int i = 0; i < pendingCount; i++)
        {
            position = readPending(buffer, position, limit);
        }
        state.callers.finishRestore();

        position = readTimersAndCongestion(buffer, position, limit, unitCount);
        position = readHospitals(buffer, position, limit);
        state.nextCoverageCheckNs = buffer.getLong(position, BYTE_ORDER);
        position += 8;
        for (int a = 0; a < state.coverageGaps.length; a++)
        {
            state.coverageGaps[a] = buffer.getLong(position, BYTE_ORDER);
            position += 8;
        }

        readRecommendations(buffer, position, limit);

        for (int i = 0; i < unitCount; i++)
        {
            roads.placeUnit(state.units.get(i));
        }
    }

    /** The current recommendations, rebuilding each unit's index of the incidents that name it, and the refresh queue. */
    private void readRecommendations(final DirectBuffer buffer, final int at, final int limit)
    {
        int position = at;
        for (int i = 0, size = state.incidents.size(); i < size; i++)
        {
            final Incident incident = state.incidents.get(i);
            checkRemaining(position, 4, limit);
            final int count = buffer.getInt(position, BYTE_ORDER);
            position += 4;
            if (count < 0 || count > state.units.size())
            {
                throw new IllegalStateException("corrupt dispatch snapshot: " + count + " units recommended");
            }
            checkRemaining(position, 8L * count, limit);
            for (int u = 0; u < count; u++)
            {
                final long unitId = buffer.getLong(position, BYTE_ORDER);
                position += 8;
                final Unit unit = state.unitById.get(unitId);
                if (null == unit || incident.recommends(unitId))
                {
                    throw new IllegalStateException("corrupt dispatch snapshot: recommended unit " + unitId);
                }
                incident.addRecommendedUnit(unitId);
                unit.recommendedBy.add(incident);
            }
        }
        checkRemaining(position, 8L * state.units.size() + 4, limit);
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            unit.recommendedAtLatMicros = buffer.getInt(position, BYTE_ORDER);
            unit.recommendedAtLonMicros = buffer.getInt(position + 4, BYTE_ORDER);
            position += 8;
        }
        final int queued = buffer.getInt(position, BYTE_ORDER);
        position += 4;
        if (queued < 0 || queued > state.incidents.size())
        {
            throw new IllegalStateException("corrupt dispatch snapshot: " + queued + " incidents queued");
        }
        checkRemaining(position, 8L * queued, limit);
        for (int q = 0; q < queued; q++)
        {
            final Incident incident = state.incidentById.get(buffer.getLong(position, BYTE_ORDER));
            position += 8;
            if (null == incident || incident.refreshPending)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: refresh queue");
            }
            incident.refreshPending = true;
            recommender.refreshQueue().addLast(incident);
        }
    }

    private static Incident readIncident(final DirectBuffer buffer, final int position)
    {
        final Incident incident = new Incident();
        incident.id = buffer.getLong(position + INCIDENT_ID_OFFSET, BYTE_ORDER);
        incident.firstCallId = buffer.getLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, BYTE_ORDER);
        incident.openedAtNs = buffer.getLong(position + INCIDENT_OPENED_AT_OFFSET, BYTE_ORDER);
        incident.lastCallAtNs = buffer.getLong(position + INCIDENT_LAST_CALL_AT_OFFSET, BYTE_ORDER);
        incident.lastAssignedUnitId = buffer.getLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, BYTE_ORDER);
        incident.mergedIntoId = buffer.getLong(position + INCIDENT_MERGED_INTO_OFFSET, BYTE_ORDER);
        incident.offeredUncertaintyM = buffer.getLong(position + INCIDENT_OFFERED_UNCERTAINTY_OFFSET, BYTE_ORDER);
        incident.latMicros = buffer.getInt(position + INCIDENT_LAT_OFFSET, BYTE_ORDER);
        incident.lonMicros = buffer.getInt(position + INCIDENT_LON_OFFSET, BYTE_ORDER);
        incident.uncertaintyM = buffer.getInt(position + INCIDENT_UNCERTAINTY_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        incident.assignedUnitCount = buffer.getInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, BYTE_ORDER);
        incident.recommendedLatMicros = buffer.getInt(position + INCIDENT_RECOMMENDED_LAT_OFFSET, BYTE_ORDER);
        incident.recommendedLonMicros = buffer.getInt(position + INCIDENT_RECOMMENDED_LON_OFFSET, BYTE_ORDER);
        incident.agency = Agency.get(uint8(buffer, position + INCIDENT_AGENCY_OFFSET));
        incident.priority = uint8(buffer, position + INCIDENT_PRIORITY_OFFSET);
        incident.status = IncidentStatus.get(uint8(buffer, position + INCIDENT_STATUS_OFFSET));
        incident.locationQuality = LocationQuality.get(uint8(buffer, position + INCIDENT_QUALITY_OFFSET));
        incident.fallbackQuality = LocationQuality.get(uint8(buffer, position + INCIDENT_FALLBACK_QUALITY_OFFSET));
        incident.addedAgencies = uint8(buffer, position + INCIDENT_ADDED_AGENCIES_OFFSET);
        incident.agencies = uint8(buffer, position + INCIDENT_AGENCIES_OFFSET);
        incident.recommendedMask = uint8(buffer, position + INCIDENT_RECOMMENDED_MASK_OFFSET);
        incident.closedAtNs = buffer.getLong(position + INCIDENT_CLOSED_AT_OFFSET, BYTE_ORDER);
        return incident;
    }

    /** Once the calls are read: each incident's best call and fix, and its pin, from the incident records. */
    private void linkIncidents(final DirectBuffer buffer, final int incidentsAt, final int incidentCount)
    {
        int position = incidentsAt;
        for (int i = 0; i < incidentCount; i++)
        {
            final Incident incident = state.incidents.get(i);
            final long bestCallId = buffer.getLong(position + INCIDENT_BEST_CALL_OFFSET, BYTE_ORDER);
            final int bestFixNumber = buffer.getInt(position + INCIDENT_BEST_FIX_OFFSET, BYTE_ORDER);
            final long pinCallId = buffer.getLong(position + INCIDENT_PIN_CALL_OFFSET, BYTE_ORDER);
            if (0 != bestCallId)
            {
                incident.bestCall = requireCall(bestCallId);
                incident.bestFix = incident.bestCall.storedFix(bestFixNumber);
                if (null == incident.bestFix)
                {
                    throw new IllegalStateException("corrupt dispatch snapshot: no fix " + bestFixNumber);
                }
            }
            if (0 != pinCallId)
            {
                incident.pinCall = requireCall(pinCallId);
                if (null == incident.pinCall.confirmedFix)
                {
                    throw new IllegalStateException("corrupt dispatch snapshot: pin without confirmation");
                }
            }
            position += INCIDENT_LENGTH;
        }
    }

    private int readUnit(final DirectBuffer buffer, final int position, final int limit)
    {
        checkRemaining(position, UNIT_CALL_SIGN_OFFSET, limit);
        final Unit unit = new Unit();
        unit.id = buffer.getLong(position + UNIT_ID_OFFSET, BYTE_ORDER);
        unit.committedIncidentId = buffer.getLong(position + UNIT_COMMITTED_INCIDENT_OFFSET, BYTE_ORDER);
        unit.latMicros = buffer.getInt(position + UNIT_LAT_OFFSET, BYTE_ORDER);
        unit.lonMicros = buffer.getInt(position + UNIT_LON_OFFSET, BYTE_ORDER);
        unit.agency = Agency.get(uint8(buffer, position + UNIT_AGENCY_OFFSET));
        unit.unitType = UnitType.get(uint8(buffer, position + UNIT_TYPE_OFFSET));
        unit.status = UnitStatusCode.get(uint8(buffer, position + UNIT_STATUS_OFFSET));
        final int callSignLength = buffer.getInt(position + UNIT_CALL_SIGN_LENGTH_OFFSET, BYTE_ORDER);
        if (callSignLength < 0 || callSignLength > Unit.MAX_CALL_SIGN_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call sign length " + callSignLength);
        }
        checkRemaining(position, UNIT_CALL_SIGN_OFFSET + callSignLength, limit);
        if (callSignLength > 0)
        {
            unit.callSign = new byte[callSignLength];
            buffer.getBytes(position + UNIT_CALL_SIGN_OFFSET, unit.callSign);
        }
        state.unitById.put(unit.id, unit);
        state.units.add(unit);
        return position + UNIT_CALL_SIGN_OFFSET + callSignLength;
    }

    private int readCall(final DirectBuffer buffer, final int position, final int limit)
    {
        checkRemaining(position, CALL_CALLER_OFFSET, limit);
        final Call call = new Call();
        call.id = buffer.getLong(position + CALL_ID_OFFSET, BYTE_ORDER);
        final long incidentId = buffer.getLong(position + CALL_INCIDENT_OFFSET, BYTE_ORDER);
        call.receivedAtNs = buffer.getLong(position + CALL_RECEIVED_AT_OFFSET, BYTE_ORDER);
        call.endedAtNs = buffer.getLong(position + CALL_ENDED_AT_OFFSET, BYTE_ORDER);
        call.confirmedSequence = buffer.getLong(position + CALL_CONFIRMED_SEQUENCE_OFFSET, BYTE_ORDER);
        call.fixCount = buffer.getInt(position + CALL_FIX_COUNT_OFFSET, BYTE_ORDER);
        final int bestNumber = buffer.getInt(position + CALL_BEST_FIX_OFFSET, BYTE_ORDER);
        final int confirmedNumber = buffer.getInt(position + CALL_CONFIRMED_FIX_OFFSET, BYTE_ORDER);
        call.recentCalls = buffer.getInt(position + CALL_RECENT_CALLS_OFFSET, BYTE_ORDER);
        call.agency = Agency.get(uint8(buffer, position + CALL_AGENCY_OFFSET));
        final int flags = uint8(buffer, position + CALL_FLAGS_OFFSET);
        call.ended = (flags & CALL_FLAG_ENDED) != 0;
        call.nuisance = (flags & CALL_FLAG_NUISANCE) != 0;
        call.lastQuality = LocationQuality.get(uint8(buffer, position + CALL_LAST_QUALITY_OFFSET));
        call.lastProblem = LocationProblem.get(uint8(buffer, position + CALL_LAST_PROBLEM_OFFSET));
        call.lastShape = LocationShape.get(uint8(buffer, position + CALL_LAST_SHAPE_OFFSET));
        call.lastSource = FixSource.get(uint8(buffer, position + CALL_LAST_SOURCE_OFFSET));
        final int storedFixes = uint8(buffer, position + CALL_STORED_FIXES_OFFSET);
        final int callerLength = uint8(buffer, position + CALL_CALLER_LENGTH_OFFSET);
        if (storedFixes > Call.MAX_STORED_FIXES || callerLength > CallerHistory.MAX_CALLER_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call record at " + position);
        }
        checkRemaining(position, CALL_CALLER_OFFSET + callerLength + (long)storedFixes * FIX_LENGTH, limit);
        if (callerLength > 0)
        {
            call.caller = new byte[callerLength];
            buffer.getBytes(position + CALL_CALLER_OFFSET, call.caller);
        }
        int next = position + CALL_CALLER_OFFSET + callerLength;
        for (int i = 0; i < storedFixes; i++)
        {
            call.store(readFix(buffer, next));
            next += FIX_LENGTH;
        }
        call.best = 0 == bestNumber ? null : call.storedFix(bestNumber);
        call.confirmedFix = 0 == confirmedNumber ? null : call.storedFix(confirmedNumber);
        final Incident incident = state.incidentById.get(incidentId);
        if (null == incident || (0 != bestNumber && null == call.best) || (0 != confirmedNumber && null == call.confirmedFix))
        {
            throw new IllegalStateException("corrupt dispatch snapshot: call " + call.id);
        }
        call.incident = incident;
        incident.calls.add(call);
        incident.nuisanceCalls += call.nuisance ? 1 : 0;
        state.callById.put(call.id, call);
        return next;
    }

    private static Fix readFix(final DirectBuffer buffer, final int position)
    {
        final Fix fix = new Fix();
        fix.number = buffer.getInt(position + FIX_NUMBER_OFFSET, BYTE_ORDER);
        fix.latMicros = buffer.getInt(position + FIX_LAT_OFFSET, BYTE_ORDER);
        fix.lonMicros = buffer.getInt(position + FIX_LON_OFFSET, BYTE_ORDER);
        fix.uncertaintyM = buffer.getInt(position + FIX_UNCERTAINTY_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        fix.fixTimeNs = buffer.getLong(position + FIX_TIME_OFFSET, BYTE_ORDER);
        fix.source = FixSource.get(uint8(buffer, position + FIX_SOURCE_OFFSET));
        fix.shape = LocationShape.get(uint8(buffer, position + FIX_SHAPE_OFFSET));
        fix.method = LocationMethod.get(uint8(buffer, position + FIX_METHOD_OFFSET));
        fix.confidencePct = uint8(buffer, position + FIX_CONFIDENCE_OFFSET);
        return fix;
    }

    private int readCaller(final DirectBuffer buffer, final int at, final int limit)
    {
        checkRemaining(at, CALLER_BYTES_OFFSET, limit);
        final int entryCount = buffer.getInt(at + CALLER_ENTRY_COUNT_OFFSET, BYTE_ORDER);
        final int callerLength = buffer.getInt(at + CALLER_LENGTH_OFFSET, BYTE_ORDER);
        if (entryCount < 0 || entryCount > CallerHistory.MAX_ENTRIES ||
            callerLength <= 0 || callerLength > CallerHistory.MAX_CALLER_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: caller record at " + at);
        }
        checkRemaining(at, CALLER_BYTES_OFFSET + callerLength + (long)entryCount * CALLER_ENTRY_LENGTH, limit);
        final byte[] caller = new byte[callerLength];
        buffer.getBytes(at + CALLER_BYTES_OFFSET, caller);
        final CallerRecord record = state.callers.restoreRecord(
            caller,
            buffer.getLong(at + CALLER_CLEARED_AT_OFFSET, BYTE_ORDER),
            buffer.getLong(at + CALLER_LAST_ACTIVITY_OFFSET, BYTE_ORDER));
        int position = at + CALLER_BYTES_OFFSET + callerLength;
        for (int e = 0; e < entryCount; e++)
        {
            record.addEntry(buffer.getLong(position, BYTE_ORDER), buffer.getLong(position + 8, BYTE_ORDER));
            position += CALLER_ENTRY_LENGTH;
        }
        return position;
    }

    private int readPending(final DirectBuffer buffer, final int position, final int limit)
    {
        checkRemaining(position, PENDING_CALLER_OFFSET, limit);
        final int callerLength = buffer.getInt(position + PENDING_CALLER_LENGTH_OFFSET, BYTE_ORDER);
        if (callerLength <= 0 || callerLength > CallerHistory.MAX_CALLER_LENGTH)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: pending fix at " + position);
        }
        checkRemaining(position, PENDING_CALLER_OFFSET + callerLength, limit);
        final byte[] caller = new byte[callerLength];
        buffer.getBytes(position + PENDING_CALLER_OFFSET, caller);
        state.callers.restorePending(
            caller,
            buffer.getLong(position + PENDING_SEQUENCE_OFFSET, BYTE_ORDER),
            buffer.getLong(position + PENDING_RECEIVED_AT_OFFSET, BYTE_ORDER),
            readFix(buffer, position + PENDING_FIX_OFFSET));
        return position + PENDING_CALLER_OFFSET + callerLength;
    }

    private int readTimersAndCongestion(final DirectBuffer buffer, final int at, final int limit, final int unitCount)
    {
        int position = at;
        checkRemaining(position, (long)unitCount * TIMER_LENGTH + 4, limit);
        for (int i = 0; i < unitCount; i++)
        {
            final Unit unit = state.units.get(i);
            unit.statusSinceNs = buffer.getLong(position + TIMER_SINCE_OFFSET, BYTE_ORDER);
            unit.lastEtaS = buffer.getInt(position + TIMER_LAST_ETA_OFFSET, BYTE_ORDER);
            unit.overdueRaised = 0 != buffer.getInt(position + TIMER_OVERDUE_OFFSET, BYTE_ORDER);
            position += TIMER_LENGTH;
        }
        final RoadGraph graph = roads.graph;
        final int congested = buffer.getInt(position, BYTE_ORDER);
        position += 4;
        if (congested < 0 || (congested > 0 && null == graph))
        {
            throw new IllegalStateException("corrupt dispatch snapshot: congestion count " + congested);
        }
        checkRemaining(position, (long)congested * CONGESTION_ENTRY_LENGTH, limit);
        for (int i = 0; i < congested; i++)
        {
            final int edge = buffer.getInt(position, BYTE_ORDER);
            final int factor = buffer.getInt(position + 4, BYTE_ORDER);
            if (edge < 0 || edge >= graph.edgeCount() || factor < RoadGraph.FREE_FLOW_PERMILLE)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: congestion of edge " + edge);
            }
            graph.setCongestion(edge, factor);
            position += CONGESTION_ENTRY_LENGTH;
        }
        return position;
    }

    /** The hospitals; checks that the coverage state after them is there too. */
    private int readHospitals(final DirectBuffer buffer, final int at, final int limit)
    {
        checkRemaining(at, 4, limit);
        final int hospitalCount = buffer.getInt(at, BYTE_ORDER);
        int position = at + 4;
        if (hospitalCount < 0 || hospitalCount > Hospitals.MAX_HOSPITALS)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: hospital count " + hospitalCount);
        }
        checkRemaining(position, (long)hospitalCount * HOSPITAL_LENGTH + 8L * (1 + state.coverageGaps.length), limit);
        for (int i = 0; i < hospitalCount; i++)
        {
            final Hospital hospital = new Hospital();
            hospital.id = buffer.getLong(position + HOSPITAL_ID_OFFSET, BYTE_ORDER);
            hospital.latMicros = buffer.getInt(position + HOSPITAL_LAT_OFFSET, BYTE_ORDER);
            hospital.lonMicros = buffer.getInt(position + HOSPITAL_LON_OFFSET, BYTE_ORDER);
            hospital.capabilities = buffer.getInt(position + HOSPITAL_CAPABILITIES_OFFSET, BYTE_ORDER);
            hospital.availableBeds = buffer.getInt(position + HOSPITAL_BEDS_OFFSET, BYTE_ORDER);
            hospital.diverting = 0 != buffer.getInt(position + HOSPITAL_DIVERTING_OFFSET, BYTE_ORDER);
            if (hospital.id <= 0 || null != state.hospitalById.get(hospital.id))
            {
                throw new IllegalStateException("corrupt dispatch snapshot: hospital " + hospital.id);
            }
            state.hospitalById.put(hospital.id, hospital);
            state.hospitals.add(hospital);
            roads.placeHospital(hospital);
            position += HOSPITAL_LENGTH;
        }
        return position;
    }

    private Call requireCall(final long callId)
    {
        final Call call = state.callById.get(callId);
        if (null == call)
        {
            throw new IllegalStateException("corrupt dispatch snapshot: unknown call " + callId);
        }
        return call;
    }

    private static void checkRemaining(final int position, final long needed, final int limit)
    {
        if (position + needed > limit)
        {
            throw new IllegalStateException("truncated dispatch snapshot at " + position);
        }
    }

    private static short uint8(final DirectBuffer buffer, final int index)
    {
        return (short)(buffer.getByte(index) & 0xFF);
    }
}
