package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchPublisher.MAX_UINT16;
import static org.beacon.dispatch.DispatchPublisher.MAX_UINT32;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.codecs.UnitType;
import org.beacon.core.OutputSink;

/**
 * The fleet and each unit's lifecycle: registration and status reports (UnitStatus), AVL positions (UnitPosition) with
 * the ETA updates of a unit on its way, the overdue-status timers run on Tick, and the route of a dispatched unit.
 */
final class Fleet
{
    private final DispatchState state;
    private final DispatchRoads roads;
    private final DispatchPublisher publisher;
    private final Hospitals hospitals;
    private final Recommender recommender;

    Fleet(
        final DispatchState state,
        final DispatchRoads roads,
        final DispatchPublisher publisher,
        final Hospitals hospitals,
        final Recommender recommender)
    {
        this.state = state;
        this.roads = roads;
        this.publisher = publisher;
        this.hospitals = hospitals;
        this.recommender = recommender;
    }

    void onUnitStatus(final UnitStatusDecoder decoder, final long timestampNs, final int messageLimit, final OutputSink outputs)
    {
        final long unitId = decoder.unitId();
        final UnitStatusCode status = InputValues.unitStatus(decoder.statusRaw());
        if (null == status)
        {
            return;
        }

        final int latMicros = decoder.position().latMicros();
        final int lonMicros = decoder.position().lonMicros();
        Unit unit = state.unitById.get(unitId);
        if (null == unit)
        {
            final Agency agency = Agencies.ofNumber(decoder.agencyRaw(), null);
            final UnitType unitType = InputValues.unitType(decoder.unitTypeRaw());
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
            unit.callSign = readCallSign(decoder, messageLimit);
            unit.statusSinceNs = timestampNs;
            state.unitById.put(unitId, unit);
            state.units.add(unit);
            roads.placeUnit(unit);
            publisher.unitStatusChanged(unit, status, timestampNs, outputs);
            return;
        }

        // Agency, type and call sign are fixed at registration; later reports move and re-status the unit.
        unit.latMicros = latMicros;
        unit.lonMicros = lonMicros;
        final UnitStatusCode from = unit.status;
        if (from != status)
        {
            unit.status = status;
            unit.statusSinceNs = timestampNs;
            unit.overdueRaised = false;
            if (status == UnitStatusCode.AVAILABLE)
            {
                unit.committedIncidentId = 0;
                unit.lastEtaS = -1;
            }
        }
        roads.placeUnit(unit);
        if (from != status)
        {
            publisher.unitStatusChanged(unit, from, timestampNs, outputs);
            if (status == UnitStatusCode.TRANSPORTING && isAmbulance(unit))
            {
                hospitals.assignHospital(unit, Hospitals.CAPABILITY_GENERAL, outputs);
            }
            recommender.unitChanged(unit);
        }
        else
        {
            recommender.unitMoved(unit);
        }
    }

    private static boolean isAmbulance(final Unit unit)
    {
        return unit.unitType == UnitType.ALS_AMBULANCE || unit.unitType == UnitType.BLS_AMBULANCE;
    }

    private static byte[] readCallSign(final UnitStatusDecoder decoder, final int messageLimit)
    {
        final int limit = decoder.limit();
        if (limit + UnitStatusDecoder.callSignHeaderLength() > messageLimit)
        {
            return Unit.NO_CALL_SIGN;
        }

        final int available = messageLimit - limit - UnitStatusDecoder.callSignHeaderLength();
        final int length = StrictMath.min(decoder.callSignLength(), StrictMath.min(available, Unit.MAX_CALL_SIGN_LENGTH));
        if (length <= 0)
        {
            return Unit.NO_CALL_SIGN;
        }

        final byte[] callSign = new byte[length];
        decoder.getCallSign(callSign, 0, length);
        return callSign;
    }

    void onUnitPosition(final UnitPositionDecoder decoder, final OutputSink outputs)
    {
        final Unit unit = state.unitById.get(decoder.unitId());
        if (null == unit)
        {
            return;
        }
        unit.latMicros = decoder.position().latMicros();
        unit.lonMicros = decoder.position().lonMicros();
        recommender.unitMoved(unit);
        if (null == roads.graph)
        {
            return;
        }
        roads.placeUnit(unit);
        if ((unit.status != UnitStatusCode.DISPATCHED && unit.status != UnitStatusCode.EN_ROUTE) ||
            unit.lastEtaS < 0 || unit.edge < 0)
        {
            return;
        }
        final Incident incident = state.incidentById.get(unit.committedIncidentId);
        if (null == incident || !incident.isActive() || !roads.snapIncident(incident))
        {
            return;
        }
        final int etaMs = roads.driveTimeMs(unit);
        if (etaMs < 0)
        {
            return;
        }
        final long etaS = StrictMath.min((etaMs + 500L) / 1000, MAX_UINT32);
        if (StrictMath.abs(etaS - unit.lastEtaS) >= state.config.etaUpdateThresholdS())
        {
            unit.lastEtaS = etaS;
            publisher.etaUpdated(unit.id, incident.id, etaS, outputs);
        }
    }

    /** Raises StatusOverdue once per status, in unit id order; a linear scan per Tick, event time only. */
    void checkOverdue(final OutputSink outputs)
    {
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            if (unit.overdueRaised)
            {
                continue;
            }
            final long threshold = state.config.overdueNs(unit.status);
            final long elapsed = state.clockNs - unit.statusSinceNs;
            if (threshold == Long.MAX_VALUE || elapsed <= threshold)
            {
                continue;
            }
            unit.overdueRaised = true;
            publisher.statusOverdue(unit, StrictMath.min((elapsed - threshold) / 1_000_000_000L, MAX_UINT32), outputs);
        }
    }

    /** RouteAssigned for a unit just dispatched, when both it and the incident are on the network and it can get there. */
    void routeAssigned(final Incident incident, final Unit unit, final OutputSink outputs)
    {
        unit.lastEtaS = -1;
        if (unit.edge < 0 || !roads.snapIncident(incident))
        {
            return;
        }
        final int etaMs = roads.driveTimeMs(unit);
        if (etaMs < 0)
        {
            return;
        }
        final int length = StrictMath.min(roads.ranker().router().path(unit.edge, unit.offsetCm, roads.routeScratch), MAX_UINT16);
        final long etaS = StrictMath.min((etaMs + 500L) / 1000, MAX_UINT32);
        unit.lastEtaS = etaS;
        publisher.routeAssigned(incident.id, unit.id, etaS, roads.routeScratch, length, outputs);
    }
}
