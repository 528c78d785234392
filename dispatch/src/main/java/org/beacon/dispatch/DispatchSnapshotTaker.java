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
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SHAPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_SOURCE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_TIME_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.FIX_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_BEDS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_CAPABILITIES_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_DIVERTING_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HOSPITAL_RESERVED_OFFSET;
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
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_RESERVED_OFFSET;
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
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_RESERVED_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.UNIT_TYPE_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.VERSION_OFFSET;

import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.beacon.dispatch.road.RoadGraph;

/**
 * Writes the dispatch slice's state in the layout of {@link DispatchSnapshotDescriptor}: every collection in its
 * fixed order, so that the same state always gives the same bytes.
 */
final class DispatchSnapshotTaker
{
    private final DispatchState state;
    /** The network whose congestion is written, or null. */
    private final RoadGraph graph;
    private final Recommender recommender;

    DispatchSnapshotTaker(final DispatchState state, final RoadGraph graph, final Recommender recommender)
    {
        this.state = state;
        this.graph = graph;
        this.recommender = recommender;
    }

    int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        final long[] callIds = state.sortedCallIds();
        final CallerRecord[] records = state.callers.sortedRecords();
        final List<PendingFix> pending = state.callers.pendingInOrder();
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        buffer.putInt(offset + VERSION_OFFSET, LAYOUT_VERSION, BYTE_ORDER);
        buffer.putLong(offset + CLOCK_OFFSET, state.clockNs, BYTE_ORDER);
        buffer.putInt(offset + INCIDENT_COUNT_OFFSET, state.incidents.size(), BYTE_ORDER);
        buffer.putInt(offset + UNIT_COUNT_OFFSET, state.units.size(), BYTE_ORDER);
        buffer.putInt(offset + CALL_COUNT_OFFSET, callIds.length, BYTE_ORDER);
        buffer.putInt(offset + CALLER_COUNT_OFFSET, records.length, BYTE_ORDER);
        buffer.putInt(offset + PENDING_COUNT_OFFSET, pending.size(), BYTE_ORDER);
        buffer.putInt(offset + HEADER_RESERVED_OFFSET, 0, BYTE_ORDER);

        int position = offset + HEADER_LENGTH;
        for (int i = 0, size = state.incidents.size(); i < size; i++)
        {
            writeIncident(buffer, position, state.incidents.get(i));
            position += INCIDENT_LENGTH;
        }
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            position = writeUnit(buffer, position, state.units.get(i));
        }
        for (final long callId : callIds)
        {
            position = writeCall(buffer, position, state.callById.get(callId));
        }
        for (final CallerRecord record : records)
        {
            position = writeCaller(buffer, position, record);
        }
        for (final PendingFix fix : pending)
        {
            position = writePending(buffer, position, fix);
        }
        position = writeTimers(buffer, position);
        position = writeCongestion(buffer, position);
        position = writeHospitals(buffer, position);
        buffer.putLong(position, state.nextCoverageCheckNs, BYTE_ORDER);
        position += 8;
        for (final long gaps : state.coverageGaps)
        {
            buffer.putLong(position, gaps, BYTE_ORDER);
            position += 8;
        }
        position = writeRecommendations(buffer, position);

        return position - offset;
    }

    /** The current recommendations (incidents' order), where each unit was named (units' order), the refresh queue. */
    private int writeRecommendations(final ExpandableArrayBuffer buffer, final int at)
    {
        int position = at;
        for (int i = 0, size = state.incidents.size(); i < size; i++)
        {
            final Incident incident = state.incidents.get(i);
            buffer.putInt(position, incident.recommendedUnitCount, BYTE_ORDER);
            position += 4;
            for (int u = 0; u < incident.recommendedUnitCount; u++)
            {
                buffer.putLong(position, incident.recommendedUnitIds[u], BYTE_ORDER);
                position += 8;
            }
        }
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            buffer.putInt(position, unit.recommendedAtLatMicros, BYTE_ORDER);
            buffer.putInt(position + 4, unit.recommendedAtLonMicros, BYTE_ORDER);
            position += 8;
        }
        buffer.putInt(position, recommender.refreshQueue().size(), BYTE_ORDER);
        position += 4;
        for (final Incident incident : recommender.refreshQueue())
        {
            buffer.putLong(position, incident.id, BYTE_ORDER);
            position += 8;
        }
        return position;
    }

    private static void writeIncident(final ExpandableArrayBuffer buffer, final int position, final Incident incident)
    {
        buffer.putLong(position + INCIDENT_ID_OFFSET, incident.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, incident.firstCallId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_OPENED_AT_OFFSET, incident.openedAtNs, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_LAST_CALL_AT_OFFSET, incident.lastCallAtNs, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, incident.lastAssignedUnitId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_MERGED_INTO_OFFSET, incident.mergedIntoId, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_BEST_CALL_OFFSET, null == incident.bestCall ? 0 : incident.bestCall.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_PIN_CALL_OFFSET, null == incident.pinCall ? 0 : incident.pinCall.id, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_OFFERED_UNCERTAINTY_OFFSET, incident.offeredUncertaintyM, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_LAT_OFFSET, incident.latMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_LON_OFFSET, incident.lonMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_UNCERTAINTY_OFFSET, (int)incident.uncertaintyM, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_BEST_FIX_OFFSET, null == incident.bestFix ? 0 : incident.bestFix.number, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, incident.assignedUnitCount, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_RECOMMENDED_LAT_OFFSET, incident.recommendedLatMicros, BYTE_ORDER);
        buffer.putInt(position + INCIDENT_RECOMMENDED_LON_OFFSET, incident.recommendedLonMicros, BYTE_ORDER);
        buffer.putByte(position + INCIDENT_AGENCY_OFFSET, (byte)incident.agency.value());
        buffer.putByte(position + INCIDENT_PRIORITY_OFFSET, (byte)incident.priority);
        buffer.putByte(position + INCIDENT_STATUS_OFFSET, (byte)incident.status.value());
        buffer.putByte(position + INCIDENT_QUALITY_OFFSET, (byte)incident.locationQuality.value());
        buffer.putByte(position + INCIDENT_FALLBACK_QUALITY_OFFSET, (byte)incident.fallbackQuality.value());
        buffer.putByte(position + INCIDENT_ADDED_AGENCIES_OFFSET, (byte)incident.addedAgencies);
        buffer.putByte(position + INCIDENT_AGENCIES_OFFSET, (byte)incident.agencies);
        buffer.putByte(position + INCIDENT_RECOMMENDED_MASK_OFFSET, (byte)incident.recommendedMask);
        buffer.putInt(position + INCIDENT_RESERVED_OFFSET, 0, BYTE_ORDER);
        buffer.putLong(position + INCIDENT_CLOSED_AT_OFFSET, incident.closedAtNs, BYTE_ORDER);
    }

    private static int writeUnit(final ExpandableArrayBuffer buffer, final int position, final Unit unit)
    {
        buffer.putLong(position + UNIT_ID_OFFSET, unit.id, BYTE_ORDER);
        buffer.putLong(position + UNIT_COMMITTED_INCIDENT_OFFSET, unit.committedIncidentId, BYTE_ORDER);
        buffer.putInt(position + UNIT_LAT_OFFSET, unit.latMicros, BYTE_ORDER);
        buffer.putInt(position + UNIT_LON_OFFSET, unit.lonMicros, BYTE_ORDER);
        buffer.putByte(position + UNIT_AGENCY_OFFSET, (byte)unit.agency.value());
        buffer.putByte(position + UNIT_TYPE_OFFSET, (byte)unit.unitType.value());
        buffer.putByte(position + UNIT_STATUS_OFFSET, (byte)unit.status.value());
        buffer.putByte(position + UNIT_RESERVED_OFFSET, (byte)0);
        buffer.putInt(position + UNIT_CALL_SIGN_LENGTH_OFFSET, unit.callSign.length, BYTE_ORDER);
        buffer.putBytes(position + UNIT_CALL_SIGN_OFFSET, unit.callSign);
        return position + UNIT_CALL_SIGN_OFFSET + unit.callSign.length;
    }

    private static int writeCall(final ExpandableArrayBuffer buffer, final int position, final Call call)
    {
        buffer.putLong(position + CALL_ID_OFFSET, call.id, BYTE_ORDER);
        buffer.putLong(position + CALL_INCIDENT_OFFSET, call.incident.id, BYTE_ORDER);
        buffer.putLong(position + CALL_RECEIVED_AT_OFFSET, call.receivedAtNs, BYTE_ORDER);
        buffer.putLong(position + CALL_ENDED_AT_OFFSET, call.endedAtNs, BYTE_ORDER);
        buffer.putLong(position + CALL_CONFIRMED_SEQUENCE_OFFSET, call.confirmedSequence, BYTE_ORDER);
        buffer.putInt(position + CALL_FIX_COUNT_OFFSET, call.fixCount, BYTE_ORDER);
        buffer.putInt(position + CALL_BEST_FIX_OFFSET, null == call.best ? 0 : call.best.number, BYTE_ORDER);
        buffer.putInt(position + CALL_CONFIRMED_FIX_OFFSET, null == call.confirmedFix ? 0 : call.confirmedFix.number, BYTE_ORDER);
        buffer.putInt(position + CALL_RECENT_CALLS_OFFSET, call.recentCalls, BYTE_ORDER);
        buffer.putByte(position + CALL_AGENCY_OFFSET, (byte)call.agency.value());
        buffer.putByte(position + CALL_FLAGS_OFFSET,
            (byte)((call.ended ? CALL_FLAG_ENDED : 0) | (call.nuisance ? CALL_FLAG_NUISANCE : 0)));
        buffer.putByte(position + CALL_LAST_QUALITY_OFFSET, (byte)call.lastQuality.value());
        buffer.putByte(position + CALL_LAST_PROBLEM_OFFSET, (byte)call.lastProblem.value());
        buffer.putByte(position + CALL_LAST_SHAPE_OFFSET, (byte)call.lastShape.value());
        buffer.putByte(position + CALL_LAST_SOURCE_OFFSET, (byte)call.lastSource.value());
        buffer.putByte(position + CALL_STORED_FIXES_OFFSET, (byte)call.storedFixes);
        buffer.putByte(position + CALL_CALLER_LENGTH_OFFSET, (byte)call.caller.length);
        buffer.putBytes(position + CALL_CALLER_OFFSET, call.caller);
        int next = position + CALL_CALLER_OFFSET + call.caller.length;
        for (int i = 0; i < call.storedFixes; i++)
        {
            writeFix(buffer, next, call.fixes[i]);
            next += FIX_LENGTH;
        }
        return next;
    }

    private static void writeFix(final ExpandableArrayBuffer buffer, final int position, final Fix fix)
    {
        buffer.putInt(position + FIX_NUMBER_OFFSET, fix.number, BYTE_ORDER);
        buffer.putInt(position + FIX_LAT_OFFSET, fix.latMicros, BYTE_ORDER);
        buffer.putInt(position + FIX_LON_OFFSET, fix.lonMicros, BYTE_ORDER);
        buffer.putInt(position + FIX_UNCERTAINTY_OFFSET, (int)fix.uncertaintyM, BYTE_ORDER);
        buffer.putLong(position + FIX_TIME_OFFSET, fix.fixTimeNs, BYTE_ORDER);
        buffer.putByte(position + FIX_SOURCE_OFFSET, (byte)fix.source.value());
        buffer.putByte(position + FIX_SHAPE_OFFSET, (byte)fix.shape.value());
        buffer.putByte(position + FIX_METHOD_OFFSET, (byte)fix.method.value());
        buffer.putByte(position + FIX_CONFIDENCE_OFFSET, (byte)fix.confidencePct);
        buffer.putInt(position + FIX_RESERVED_OFFSET, 0, BYTE_ORDER);
    }

    private static int writeCaller(final ExpandableArrayBuffer buffer, final int at, final CallerRecord record)
    {
        buffer.putLong(at + CALLER_CLEARED_AT_OFFSET, record.clearedAtNs, BYTE_ORDER);
        buffer.putLong(at + CALLER_LAST_ACTIVITY_OFFSET, record.lastActivityNs, BYTE_ORDER);
        buffer.putInt(at + CALLER_ENTRY_COUNT_OFFSET, record.entryCount, BYTE_ORDER);
        buffer.putInt(at + CALLER_LENGTH_OFFSET, record.caller.length, BYTE_ORDER);
        buffer.putBytes(at + CALLER_BYTES_OFFSET, record.caller);
        int position = at + CALLER_BYTES_OFFSET + record.caller.length;
        for (int i = 0; i < record.entryCount; i++)
        {
            buffer.putLong(position, record.entryAtNs(i), BYTE_ORDER);
            buffer.putLong(position + 8, record.entryCallId(i), BYTE_ORDER);
            position += CALLER_ENTRY_LENGTH;
        }
        return position;
    }

    private static int writePending(final ExpandableArrayBuffer buffer, final int position, final PendingFix fix)
    {
        buffer.putLong(position + PENDING_SEQUENCE_OFFSET, fix.sequence, BYTE_ORDER);
        buffer.putLong(position + PENDING_RECEIVED_AT_OFFSET, fix.receivedAtNs, BYTE_ORDER);
        writeFix(buffer, position + PENDING_FIX_OFFSET, fix.fix);
        buffer.putInt(position + PENDING_CALLER_LENGTH_OFFSET, fix.record.caller.length, BYTE_ORDER);
        buffer.putBytes(position + PENDING_CALLER_OFFSET, fix.record.caller);
        return position + PENDING_CALLER_OFFSET + fix.record.caller.length;
    }

    private int writeTimers(final ExpandableArrayBuffer buffer, final int at)
    {
        int position = at;
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            buffer.putLong(position + TIMER_SINCE_OFFSET, unit.statusSinceNs, BYTE_ORDER);
            buffer.putInt(position + TIMER_LAST_ETA_OFFSET, (int)unit.lastEtaS, BYTE_ORDER);
            buffer.putInt(position + TIMER_OVERDUE_OFFSET, unit.overdueRaised ? 1 : 0, BYTE_ORDER);
            position += TIMER_LENGTH;
        }
        return position;
    }

    /** The count, then each edge whose factor is not free flow, in ascending edge index. */
    private int writeCongestion(final ExpandableArrayBuffer buffer, final int countPosition)
    {
        int congested = 0;
        int position = countPosition + 4;
        for (int e = 0, edges = null == graph ? 0 : graph.edgeCount(); e < edges; e++)
        {
            if (graph.congestionPermille(e) != RoadGraph.FREE_FLOW_PERMILLE)
            {
                buffer.putInt(position, e, BYTE_ORDER);
                buffer.putInt(position + 4, graph.congestionPermille(e), BYTE_ORDER);
                position += CONGESTION_ENTRY_LENGTH;
                congested++;
            }
        }
        buffer.putInt(countPosition, congested, BYTE_ORDER);
        return position;
    }

    private int writeHospitals(final ExpandableArrayBuffer buffer, final int at)
    {
        buffer.putInt(at, state.hospitals.size(), BYTE_ORDER);
        int position = at + 4;
        for (int i = 0, size = state.hospitals.size(); i < size; i++)
        {
            final Hospital hospital = state.hospitals.get(i);
            buffer.putLong(position + HOSPITAL_ID_OFFSET, hospital.id, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_LAT_OFFSET, hospital.latMicros, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_LON_OFFSET, hospital.lonMicros, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_CAPABILITIES_OFFSET, hospital.capabilities, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_BEDS_OFFSET, hospital.availableBeds, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_DIVERTING_OFFSET, hospital.diverting ? 1 : 0, BYTE_ORDER);
            buffer.putInt(position + HOSPITAL_RESERVED_OFFSET, 0, BYTE_ORDER);
            position += HOSPITAL_LENGTH;
        }
        return position;
    }
}
