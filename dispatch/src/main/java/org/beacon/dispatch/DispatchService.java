package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchSnapshotDescriptor.BYTE_ORDER;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_AGENCY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ASSIGNED_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_CALL_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_COUNT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_FIRST_CALL_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_ID_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_ASSIGNED_UNIT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAST_CALL_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LAT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LENGTH;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_LON_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_OPENED_AT_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_PRIORITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_QUALITY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_STATUS_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.INCIDENT_UNCERTAINTY_OFFSET;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.LAYOUT_VERSION;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC;
import static org.beacon.dispatch.DispatchSnapshotDescriptor.MAGIC_OFFSET;
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

import java.util.Objects;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CommandRejectedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderEncoder;
import org.beacon.codecs.IncidentOpenedEncoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedEncoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * The 112 dispatch slice of the state machine: opens incidents from calls, correlates duplicate
 * calls, tracks units and their status, recommends the nearest available units by straight-line
 * distance and carries out operators' dispatch and close commands.
 * <p>
 * Inputs handled: CallReceived, UnitPosition, UnitStatus, OperatorCommand and Tick. Every other
 * template id, and messages of another schema, are ignored without output: the center composes
 * several services over one journal and those events belong to others.
 * <p>
 * Determinism: outputs depend only on the event (sequence, timestamp, payload) and the state. Hash
 * maps serve lookups only; every scan walks entities in ascending id order, and every tie is broken
 * by the lower id. Distances use {@link StrictMath}. Steady state allocates nothing on the event path
 * except one object per new incident or unit (and the amortised growth of their arrays).
 * <p>
 * Not thread-safe: the host calls it from its one logic thread; the query methods for tools must be
 * called from that thread too, or on an instance nobody is applying events to.
 */
public final class DispatchService implements StateMachine
{
    private static final int MAX_CALL_SIGN_LENGTH = 64;
    private static final int MAX_CALL_COUNT = 65_534; // uint16 0xFFFF is the null value
    private static final long MAX_UINT32 = 0xFFFF_FFFEL; // 0xFFFF_FFFF is the null value
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final DispatchConfig config;
    private final long speedMetresPerHour;

    private final Long2ObjectHashMap<Incident> incidentById = new Long2ObjectHashMap<>();
    private final IdSortedList<Incident> incidents = new IdSortedList<>();
    private final IdSortedList<Incident> activeIncidents = new IdSortedList<>();
    private final Long2ObjectHashMap<Unit> unitById = new Long2ObjectHashMap<>();
    private final IdSortedList<Unit> units = new IdSortedList<>();

    private final Unit[] bestUnits;
    private final long[] bestDistances;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CallReceivedDecoder callDecoder = new CallReceivedDecoder();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private final UnitStatusDecoder statusDecoder = new UnitStatusDecoder();
    private final OperatorCommandDecoder commandDecoder = new OperatorCommandDecoder();

    private final MutableDirectBuffer outBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final IncidentOpenedEncoder openedEncoder = new IncidentOpenedEncoder();
    private final IncidentUpdatedEncoder updatedEncoder = new IncidentUpdatedEncoder();
    private final UnitRecommendedEncoder recommendedEncoder = new UnitRecommendedEncoder();
    private final DispatchOrderEncoder orderEncoder = new DispatchOrderEncoder();
    private final CommandRejectedEncoder rejectedEncoder = new CommandRejectedEncoder();
    private final UnitStatusChangedEncoder statusChangedEncoder = new UnitStatusChangedEncoder();

    /**
     * A service with {@link DispatchConfig#DEFAULT}.
     */
    public DispatchService()
    {
        this(DispatchConfig.DEFAULT);
    }

    /**
     * A service with the given configuration.
     *
     * @param config fixed parameters; not part of the snapshot.
     */
    public DispatchService(final DispatchConfig config)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.speedMetresPerHour = config.unitSpeedKmh() * 1000L;
        this.bestUnits = new Unit[config.recommendationCount()];
        this.bestDistances = new long[config.recommendationCount()];
    }

    /**
     * The configuration this service was built with.
     *
     * @return the configuration.
     */
    public DispatchConfig config()
    {
        return config;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        if (length < HEADER)
        {
            return;
        }

        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != SCHEMA_ID)
        {
            return;
        }

        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + HEADER;
        final int bodyLength = length - HEADER;
        if (blockLength > bodyLength)
        {
            return;
        }

        switch (headerDecoder.templateId())
        {
            case CallReceivedDecoder.TEMPLATE_ID:
                if (blockLength >= CallReceivedDecoder.BLOCK_LENGTH)
                {
                    callDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onCallReceived(sequence, timestampNs, outputs);
                }
                break;

            case UnitPositionDecoder.TEMPLATE_ID:
                if (blockLength >= UnitPositionDecoder.BLOCK_LENGTH)
                {
                    positionDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onUnitPosition();
                }
                break;

            case UnitStatusDecoder.TEMPLATE_ID:
                if (blockLength >= UnitStatusDecoder.BLOCK_LENGTH)
                {
                    statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onUnitStatus(timestampNs, offset + length, outputs);
                }
                break;

            case OperatorCommandDecoder.TEMPLATE_ID:
                if (blockLength >= OperatorCommandDecoder.BLOCK_LENGTH)
                {
                    commandDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onOperatorCommand(timestampNs, outputs);
                }
                break;

            case TickDecoder.TEMPLATE_ID:
                // No event-time timers in this slice yet.
                break;

            default:
                // Other services' templates.
                break;
        }
    }

    private void onCallReceived(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final long callId = callDecoder.callId();
        final Agency agency = agency(callDecoder.agencyRaw(), Agency.UNIFIED);
        final int latMicros = callDecoder.location().latMicros();
        final int lonMicros = callDecoder.location().lonMicros();
        LocationQuality quality = locationQuality(callDecoder.locationQualityRaw());
        if (quality == LocationQuality.USABLE && !Geo.isValid(latMicros, lonMicros))
        {
            quality = LocationQuality.UNUSABLE;
        }
        final long uncertaintyM = callDecoder.uncertaintyM();

        if (quality == LocationQuality.USABLE)
        {
            final Incident duplicateOf = findDuplicate(agency, latMicros, lonMicros, timestampNs);
            if (null != duplicateOf)
            {
                if (duplicateOf.callCount < MAX_CALL_COUNT)
                {
                    duplicateOf.callCount++;
                }
                duplicateOf.lastCallAtNs = timestampNs;
                emitIncidentUpdated(duplicateOf, UpdateReason.CALL_ADDED, callId, 0, outputs);
                return;
            }
        }

        final Incident incident = new Incident();
        incident.id = sequence;
        incident.firstCallId = callId;
        incident.agency = agency;
        incident.priority = priority(agency);
        incident.status = IncidentStatus.OPEN;
        incident.locationQuality = quality;
        incident.latMicros = latMicros;
        incident.lonMicros = lonMicros;
        incident.uncertaintyM = uncertaintyM;
        incident.callCount = 1;
        incident.openedAtNs = timestampNs;
        incident.lastCallAtNs = timestampNs;
        addIncident(incident);

        emitIncidentOpened(incident, outputs);
        if (incident.hasUsableLocation())
        {
            recommend(incident, outputs);
        }
    }

    /**
     * The nearest active incident this call duplicates, ties to the lower id, or null. A linear scan
     * over active incidents: bounded by the incidents open at once (hundreds in a 10x surge, at most
     * a few thousand), which costs microseconds; a spatial grid can replace it without changing any
     * output because the choice is fully ordered by (distance, id).
     */
    private Incident findDuplicate(final Agency agency, final int latMicros, final int lonMicros, final long timestampNs)
    {
        Incident best = null;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0, size = activeIncidents.size(); i < size; i++)
        {
            final Incident incident = activeIncidents.get(i);
            if (incident.hasUsableLocation() &&
                agencyMatches(incident.agency, agency) &&
                timestampNs - incident.lastCallAtNs <= config.duplicateWindowNs())
            {
                final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, latMicros, lonMicros);
                if (distance <= config.duplicateRadiusM() && distance < bestDistance)
                {
                    best = incident;
                    bestDistance = distance;
                }
            }
        }

        return best;
    }

    /**
     * Emits up to k recommendations, nearest first, ties to the lower unit id. A linear scan over all
     * units (at most ~5,000 in the city) with a k-sized insertion list: bounded, allocation-free, and a
     * few tens of microseconds per new incident. Road-network ETAs will replace the straight line
     * through a precomputed structure, not a search on this path.
     */
    private void recommend(final Incident incident, final OutputSink outputs)
    {
        final int k = bestUnits.length;
        if (0 == k)
        {
            return;
        }

        int count = 0;
        for (int i = 0, size = units.size(); i < size; i++)
        {
            final Unit unit = units.get(i);
            if (unit.status != UnitStatusCode.AVAILABLE || !agencyMatches(incident.agency, unit.agency))
            {
                continue;
            }

            final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, unit.latMicros, unit.lonMicros);
            if (count == k && distance >= bestDistances[k - 1])
            {
                continue;
            }

            // Units arrive in ascending id order, so a strict comparison keeps the lower id ahead on ties.
            int position = count < k ? count : k - 1;
            while (position > 0 && bestDistances[position - 1] > distance)
            {
                bestDistances[position] = bestDistances[position - 1];
                bestUnits[position] = bestUnits[position - 1];
                position--;
            }
            bestDistances[position] = distance;
            bestUnits[position] = unit;
            if (count < k)
            {
                count++;
            }
        }

        for (int rank = 1; rank <= count; rank++)
        {
            final Unit unit = bestUnits[rank - 1];
            final long distance = StrictMath.min(bestDistances[rank - 1], MAX_UINT32);
            final long etaS = StrictMath.min((distance * 3600L + speedMetresPerHour / 2) / speedMetresPerHour, MAX_UINT32);
            recommendedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
                .incidentId(incident.id)
                .unitId(unit.id)
                .rank((short)rank)
                .distanceM(distance)
                .etaS(etaS);
            outputs.emit(outBuffer, 0, HEADER + recommendedEncoder.encodedLength());
            bestUnits[rank - 1] = null;
        }
    }

    private void onUnitPosition()
    {
        final Unit unit = unitById.get(positionDecoder.unitId());
        if (null != unit)
        {
            unit.latMicros = positionDecoder.position().latMicros();
            unit.lonMicros = positionDecoder.position().lonMicros();
        }
    }

    private void onUnitStatus(final long timestampNs, final int messageLimit, final OutputSink outputs)
    {
        final long unitId = statusDecoder.unitId();
        final UnitStatusCode status = unitStatus(statusDecoder.statusRaw());
        if (null == status)
        {
            return;
        }

        final int latMicros = statusDecoder.position().latMicros();
        final int lonMicros = statusDecoder.position().lonMicros();
        Unit unit = unitById.get(unitId);
        if (null == unit)
        {
            final Agency agency = agency(statusDecoder.agencyRaw(), null);
            final UnitType unitType = unitType(statusDecoder.unitTypeRaw());
            if (null == agency || null == unitType)
            {
                return;
            }

            unit = new Unit();
            unit.id = unitId;
            unit.agency = agency;
            unit.unitType = unitType;
            unit.status = status;
            unit.latMicros = latMicros;
            unit.lonMicros = lonMicros;
            unit.callSign = readCallSign(messageLimit);
            unitById.put(unitId, unit);
            units.add(unit);
            emitUnitStatusChanged(unit, status, timestampNs, outputs);
            return;
        }

        // Agency, type and call sign are fixed at registration; later reports move and re-status the unit.
        unit.latMicros = latMicros;
        unit.lonMicros = lonMicros;
        final UnitStatusCode from = unit.status;
        if (from != status)
        {
            unit.status = status;
            if (status == UnitStatusCode.AVAILABLE)
            {
                unit.committedIncidentId = 0;
            }
            emitUnitStatusChanged(unit, from, timestampNs, outputs);
        }
    }

    private byte[] readCallSign(final int messageLimit)
    {
        final int limit = statusDecoder.limit();
        if (limit + UnitStatusDecoder.callSignHeaderLength() > messageLimit)
        {
            return Unit.NO_CALL_SIGN;
        }

        final int available = messageLimit - limit - UnitStatusDecoder.callSignHeaderLength();
        final int length = StrictMath.min(statusDecoder.callSignLength(), StrictMath.min(available, MAX_CALL_SIGN_LENGTH));
        if (length <= 0)
        {
            return Unit.NO_CALL_SIGN;
        }

        final byte[] callSign = new byte[length];
        statusDecoder.getCallSign(callSign, 0, length);
        return callSign;
    }

    private void onOperatorCommand(final long timestampNs, final OutputSink outputs)
    {
        final short rawType = commandDecoder.commandTypeRaw();
        final long incidentId = commandDecoder.incidentId();
        final long unitId = commandDecoder.unitId();
        final int operatorId = commandDecoder.operatorId();

        if (rawType == CommandType.DISPATCH.value())
        {
            onDispatch(incidentId, unitId, operatorId, timestampNs, outputs);
        }
        else if (rawType == CommandType.CLOSE_INCIDENT.value())
        {
            onClose(incidentId, unitId, operatorId, outputs);
        }
        else
        {
            emitRejected(CommandType.NULL_VAL, incidentId, unitId, operatorId, RejectReason.INVALID_COMMAND, outputs);
        }
    }

    private void onDispatch(
        final long incidentId, final long unitId, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = incidentById.get(incidentId);
        final RejectReason reject;
        final Unit unit = unitById.get(unitId);
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
        else if (unit.status != UnitStatusCode.AVAILABLE)
        {
            reject = RejectReason.UNIT_NOT_AVAILABLE;
        }
        else
        {
            reject = null;
        }

        if (null != reject)
        {
            emitRejected(CommandType.DISPATCH, incidentId, unitId, operatorId, reject, outputs);
            return;
        }

        orderEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId);
        orderEncoder.destination().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        orderEncoder.issuedAtNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + orderEncoder.encodedLength());

        final UnitStatusCode from = unit.status;
        unit.status = UnitStatusCode.DISPATCHED;
        unit.committedIncidentId = incidentId;
        emitUnitStatusChanged(unit, from, timestampNs, outputs);

        incident.status = IncidentStatus.DISPATCHED;
        incident.assignedUnitCount++;
        incident.lastAssignedUnitId = unitId;
        emitIncidentUpdated(incident, UpdateReason.UNIT_DISPATCHED, 0, unitId, outputs);
    }

    private void onClose(final long incidentId, final long unitId, final int operatorId, final OutputSink outputs)
    {
        final Incident incident = incidentById.get(incidentId);
        if (null == incident)
        {
            emitRejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.UNKNOWN_INCIDENT, outputs);
            return;
        }
        if (incident.status == IncidentStatus.CLOSED)
        {
            emitRejected(CommandType.CLOSE_INCIDENT, incidentId, unitId, operatorId, RejectReason.INCIDENT_CLOSED, outputs);
            return;
        }

        // Committed units keep their status and commitment: they report AVAILABLE themselves.
        incident.status = IncidentStatus.CLOSED;
        activeIncidents.remove(incidentId);
        emitIncidentUpdated(incident, UpdateReason.CLOSED, 0, 0, outputs);
    }

    private void emitIncidentOpened(final Incident incident, final OutputSink outputs)
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

    private void emitIncidentUpdated(
        final Incident incident, final UpdateReason reason, final long callId, final long unitId, final OutputSink outputs)
    {
        updatedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .incidentId(incident.id)
            .reason(reason)
            .status(incident.status)
            .callCount(incident.callCount)
            .callId(callId)
            .unitId(unitId);
        updatedEncoder.location().latMicros(incident.latMicros).lonMicros(incident.lonMicros);
        updatedEncoder.uncertaintyM(incident.uncertaintyM);
        outputs.emit(outBuffer, 0, HEADER + updatedEncoder.encodedLength());
    }

    private void emitUnitStatusChanged(
        final Unit unit, final UnitStatusCode from, final long timestampNs, final OutputSink outputs)
    {
        statusChangedEncoder.wrapAndApplyHeader(outBuffer, 0, headerEncoder)
            .unitId(unit.id)
            .from(from)
            .to(unit.status)
            .incidentId(unit.committedIncidentId)
            .atNs(timestampNs);
        outputs.emit(outBuffer, 0, HEADER + statusChangedEncoder.encodedLength());
    }

    private void emitRejected(
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

    private void addIncident(final Incident incident)
    {
        incidentById.put(incident.id, incident);
        incidents.add(incident);
        if (incident.isActive())
        {
            activeIncidents.add(incident);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        final int incidentCount = incidents.size();
        final int unitCount = units.size();
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        buffer.putInt(offset + VERSION_OFFSET, LAYOUT_VERSION, BYTE_ORDER);
        buffer.putInt(offset + INCIDENT_COUNT_OFFSET, incidentCount, BYTE_ORDER);
        buffer.putInt(offset + UNIT_COUNT_OFFSET, unitCount, BYTE_ORDER);

        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < incidentCount; i++)
        {
            final Incident incident = incidents.get(i);
            buffer.putLong(position + INCIDENT_ID_OFFSET, incident.id, BYTE_ORDER);
            buffer.putLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, incident.firstCallId, BYTE_ORDER);
            buffer.putLong(position + INCIDENT_OPENED_AT_OFFSET, incident.openedAtNs, BYTE_ORDER);
            buffer.putLong(position + INCIDENT_LAST_CALL_AT_OFFSET, incident.lastCallAtNs, BYTE_ORDER);
            buffer.putLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, incident.lastAssignedUnitId, BYTE_ORDER);
            buffer.putInt(position + INCIDENT_LAT_OFFSET, incident.latMicros, BYTE_ORDER);
            buffer.putInt(position + INCIDENT_LON_OFFSET, incident.lonMicros, BYTE_ORDER);
            buffer.putInt(position + INCIDENT_UNCERTAINTY_OFFSET, (int)incident.uncertaintyM, BYTE_ORDER);
            buffer.putInt(position + INCIDENT_CALL_COUNT_OFFSET, incident.callCount, BYTE_ORDER);
            buffer.putInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, incident.assignedUnitCount, BYTE_ORDER);
            buffer.putByte(position + INCIDENT_AGENCY_OFFSET, (byte)incident.agency.value());
            buffer.putByte(position + INCIDENT_PRIORITY_OFFSET, (byte)incident.priority);
            buffer.putByte(position + INCIDENT_STATUS_OFFSET, (byte)incident.status.value());
            buffer.putByte(position + INCIDENT_QUALITY_OFFSET, (byte)incident.locationQuality.value());
            position += INCIDENT_LENGTH;
        }

        for (int i = 0; i < unitCount; i++)
        {
            final Unit unit = units.get(i);
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
            position += UNIT_CALL_SIGN_OFFSET + unit.callSign.length;
        }

        return position - offset;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the bytes are not a snapshot of this layout.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        clear();
        if (length < HEADER_LENGTH ||
            buffer.getInt(offset + MAGIC_OFFSET, BYTE_ORDER) != MAGIC ||
            buffer.getInt(offset + VERSION_OFFSET, BYTE_ORDER) != LAYOUT_VERSION)
        {
            throw new IllegalStateException("not a dispatch snapshot of layout version " + LAYOUT_VERSION);
        }

        final int limit = offset + length;
        final int incidentCount = buffer.getInt(offset + INCIDENT_COUNT_OFFSET, BYTE_ORDER);
        final int unitCount = buffer.getInt(offset + UNIT_COUNT_OFFSET, BYTE_ORDER);
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < incidentCount; i++)
        {
            checkRemaining(position, INCIDENT_LENGTH, limit);
            final Incident incident = new Incident();
            incident.id = buffer.getLong(position + INCIDENT_ID_OFFSET, BYTE_ORDER);
            incident.firstCallId = buffer.getLong(position + INCIDENT_FIRST_CALL_ID_OFFSET, BYTE_ORDER);
            incident.openedAtNs = buffer.getLong(position + INCIDENT_OPENED_AT_OFFSET, BYTE_ORDER);
            incident.lastCallAtNs = buffer.getLong(position + INCIDENT_LAST_CALL_AT_OFFSET, BYTE_ORDER);
            incident.lastAssignedUnitId = buffer.getLong(position + INCIDENT_LAST_ASSIGNED_UNIT_OFFSET, BYTE_ORDER);
            incident.latMicros = buffer.getInt(position + INCIDENT_LAT_OFFSET, BYTE_ORDER);
            incident.lonMicros = buffer.getInt(position + INCIDENT_LON_OFFSET, BYTE_ORDER);
            incident.uncertaintyM = buffer.getInt(position + INCIDENT_UNCERTAINTY_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
            incident.callCount = buffer.getInt(position + INCIDENT_CALL_COUNT_OFFSET, BYTE_ORDER);
            incident.assignedUnitCount = buffer.getInt(position + INCIDENT_ASSIGNED_COUNT_OFFSET, BYTE_ORDER);
            incident.agency = Agency.get(uint8(buffer, position + INCIDENT_AGENCY_OFFSET));
            incident.priority = uint8(buffer, position + INCIDENT_PRIORITY_OFFSET);
            incident.status = IncidentStatus.get(uint8(buffer, position + INCIDENT_STATUS_OFFSET));
            incident.locationQuality = LocationQuality.get(uint8(buffer, position + INCIDENT_QUALITY_OFFSET));
            addIncident(incident);
            position += INCIDENT_LENGTH;
        }

        for (int i = 0; i < unitCount; i++)
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
            if (callSignLength < 0 || callSignLength > MAX_CALL_SIGN_LENGTH)
            {
                throw new IllegalStateException("corrupt dispatch snapshot: call sign length " + callSignLength);
            }
            checkRemaining(position, UNIT_CALL_SIGN_OFFSET + callSignLength, limit);
            if (callSignLength > 0)
            {
                unit.callSign = new byte[callSignLength];
                buffer.getBytes(position + UNIT_CALL_SIGN_OFFSET, unit.callSign);
            }
            unitById.put(unit.id, unit);
            units.add(unit);
            position += UNIT_CALL_SIGN_OFFSET + callSignLength;
        }
    }

    private void clear()
    {
        incidentById.clear();
        incidents.clear();
        activeIncidents.clear();
        unitById.clear();
        units.clear();
    }

    /**
     * Number of incidents ever opened (closed ones included).
     *
     * @return the number of incidents.
     */
    public int incidentCount()
    {
        return incidents.size();
    }

    /**
     * Number of incidents not closed (status OPEN or DISPATCHED).
     *
     * @return the number of active incidents.
     */
    public int openIncidentCount()
    {
        return activeIncidents.size();
    }

    /**
     * Number of registered units.
     *
     * @return the number of units.
     */
    public int unitCount()
    {
        return units.size();
    }

    /**
     * Number of units whose status is AVAILABLE.
     *
     * @return the number of available units.
     */
    public int availableUnitCount()
    {
        int count = 0;
        for (int i = 0, size = units.size(); i < size; i++)
        {
            if (units.get(i).status == UnitStatusCode.AVAILABLE)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Visits a copy of every incident in ascending id order. For tools; allocates one view per incident.
     *
     * @param consumer receives each incident.
     */
    public void forEachIncident(final Consumer<IncidentView> consumer)
    {
        for (int i = 0, size = incidents.size(); i < size; i++)
        {
            consumer.accept(incidents.get(i).view());
        }
    }

    /**
     * Visits a copy of every unit in ascending id order. For tools; allocates one view per unit.
     *
     * @param consumer receives each unit.
     */
    public void forEachUnit(final Consumer<UnitView> consumer)
    {
        for (int i = 0, size = units.size(); i < size; i++)
        {
            consumer.accept(units.get(i).view());
        }
    }

    /**
     * A copy of one incident, for tools.
     *
     * @param incidentId the incident's id (the journal sequence of its opening call).
     * @return the incident, or null when unknown.
     */
    public IncidentView incident(final long incidentId)
    {
        final Incident incident = incidentById.get(incidentId);
        return null == incident ? null : incident.view();
    }

    /**
     * A copy of one unit, for tools.
     *
     * @param unitId the unit's id.
     * @return the unit, or null when unknown.
     */
    public UnitView unit(final long unitId)
    {
        final Unit unit = unitById.get(unitId);
        return null == unit ? null : unit.view();
    }

    private static void checkRemaining(final int position, final int needed, final int limit)
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

    static boolean agencyMatches(final Agency a, final Agency b)
    {
        return a == b || a == Agency.UNIFIED || b == Agency.UNIFIED;
    }

    static short priority(final Agency agency)
    {
        switch (agency)
        {
            case FIRE:
            case AMBULANCE:
                return 1;
            case POLICE:
                return 2;
            default:
                return 3;
        }
    }

    private static Agency agency(final short raw, final Agency otherwise)
    {
        switch (raw)
        {
            case 112:
                return Agency.UNIFIED;
            case 113:
                return Agency.POLICE;
            case 114:
                return Agency.FIRE;
            case 115:
                return Agency.AMBULANCE;
            default:
                return otherwise;
        }
    }

    /**
     * Gateways validate, but a value this version does not know must not throw on the event path:
     * treat it as a location that may not be used.
     */
    private static LocationQuality locationQuality(final short raw)
    {
        switch (raw)
        {
            case 0:
                return LocationQuality.USABLE;
            case 1:
                return LocationQuality.MISSING;
            case 3:
                return LocationQuality.BY_REFERENCE;
            default:
                return LocationQuality.UNUSABLE;
        }
    }

    private static UnitStatusCode unitStatus(final short raw)
    {
        return raw >= 0 && raw <= 6 ? UnitStatusCode.get(raw) : null;
    }

    private static UnitType unitType(final short raw)
    {
        return raw >= 1 && raw <= 6 ? UnitType.get(raw) : null;
    }
}
