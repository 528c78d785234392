package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.RoadCongestionDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;
import org.beacon.dispatch.road.UnitRanker;

/**
 * The dispatch slice's road network (its own copy: the congestion factors are state) and the searches on it: snapping
 * units, incidents and hospitals to edges, the {@link UnitRanker} mirror of the units, drive times of one unit, and
 * the straight-line time used off the network. Without a network {@link #graph} is null and only the straight line
 * applies.
 */
final class DispatchRoads
{
    /** Units beyond this many on the road network are treated as off-road (straight line). */
    static final int MAX_ROUTED_UNITS = 65_536;
    private static final int ALL_TYPES = 0xFE;

    /** This service's own copy of the road network, or null for straight-line dispatch. */
    final RoadGraph graph;
    /** The route of the last {@link UnitRanker#route} or {@link DriveTimeRouter#path} read. */
    final int[] routeScratch;
    final RoadSnapper.Result snap = new RoadSnapper.Result();
    private final DispatchConfig config;
    private final long speedMetresPerHour;
    private final RoadSnapper snapper;
    private UnitRanker ranker;
    /** Where the last {@link #snapIncident} put the incident. */
    int incidentEdge;
    int incidentOffsetCm;

    DispatchRoads(final DispatchConfig config, final RoadGraph roadGraph)
    {
        this.config = config;
        this.speedMetresPerHour = config.unitSpeedKmh() * 1000L;
        if (null == roadGraph)
        {
            graph = null;
            snapper = null;
            routeScratch = null;
        }
        else
        {
            graph = RoadGraphCopy.copy(roadGraph);
            snapper = new RoadSnapper(graph);
            routeScratch = new int[graph.edgeCount() + 1];
            ranker = newRanker();
        }
    }

    private UnitRanker newRanker()
    {
        return new UnitRanker(graph, MAX_ROUTED_UNITS, config.recommendationCount());
    }

    UnitRanker ranker()
    {
        return ranker;
    }

    /** Back to free flow everywhere and an empty ranker, as a new service has. */
    void reset()
    {
        if (null != graph)
        {
            for (int e = 0, edges = graph.edgeCount(); e < edges; e++)
            {
                graph.setCongestion(e, RoadGraph.FREE_FLOW_PERMILLE);
            }
            ranker = newRanker();
        }
    }

    /** A RoadCongestion: an edge of the network and a factor of at least free flow; anything else is ignored. */
    void applyCongestion(final int edge, final int factor)
    {
        if (null != graph && edge >= 0 && edge < graph.edgeCount() && factor >= RoadGraph.FREE_FLOW_PERMILLE &&
            factor != RoadCongestionDecoder.factorPermilleNullValue())
        {
            graph.setCongestion(edge, factor);
        }
    }

    /** Snaps a point within {@link DispatchConfig#maxSnapDistanceM()} into {@link #snap}; false when none is near. */
    boolean snapPoint(final int latMicros, final int lonMicros)
    {
        return RoadSnapper.NOT_FOUND != snapper.snap(latMicros, lonMicros, config.maxSnapDistanceM(), snap);
    }

    boolean snapIncident(final Incident incident)
    {
        if (!incident.hasUsableLocation() || !snapPoint(incident.latMicros, incident.lonMicros))
        {
            return false;
        }
        incidentEdge = snap.edge();
        incidentOffsetCm = snap.offsetCm();
        return true;
    }

    /** Snaps a unit's position and mirrors it, with its availability, into the ranker. */
    void placeUnit(final Unit unit)
    {
        if (null == graph)
        {
            return;
        }
        final boolean known = unit.edge >= 0 || ranker.unitCount() < MAX_ROUTED_UNITS;
        if (!known || !snapPoint(unit.latMicros, unit.lonMicros))
        {
            if (unit.edge >= 0)
            {
                ranker.setAvailable(unit.id, false);
            }
            unit.edge = -1;
            return;
        }
        unit.edge = snap.edge();
        unit.offsetCm = snap.offsetCm();
        ranker.upsertUnit(unit.id, unit.edge, unit.offsetCm, typeBit(unit), unit.status == UnitStatusCode.AVAILABLE);
    }

    void syncAvailability(final Unit unit)
    {
        if (null != graph && unit.edge >= 0)
        {
            ranker.setAvailable(unit.id, unit.status == UnitStatusCode.AVAILABLE);
        }
    }

    void placeHospital(final Hospital hospital)
    {
        hospital.edge = -1;
        if (null != graph && snapPoint(hospital.latMicros, hospital.lonMicros))
        {
            hospital.edge = snap.edge();
            hospital.offsetCm = snap.offsetCm();
        }
    }

    /**
     * Drive time of a snapped unit to the snapped incident ({@link #incidentEdge}): one backward search from the
     * incident, stopped as soon as the unit's edge is settled. Leaves the route readable with
     * {@link DriveTimeRouter#path}.
     *
     * @return milliseconds, or {@link DriveTimeRouter#UNREACHED}.
     */
    int driveTimeMs(final Unit unit)
    {
        final DriveTimeRouter router = ranker.router();
        router.start(incidentEdge, incidentOffsetCm);
        if (unit.edge == incidentEdge && unit.offsetCm <= incidentOffsetCm)
        {
            return router.etaMs(unit.edge, unit.offsetCm);
        }
        while (!router.isSettled(unit.edge))
        {
            if (router.settleNext() < 0)
            {
                return DriveTimeRouter.UNREACHED;
            }
        }
        return router.etaMs(unit.edge, unit.offsetCm);
    }

    /** Settles the current search until the edge is settled; returns the ETA or -1 when it is unreachable. */
    int settledEtaMs(final int edge, final int offsetCm)
    {
        final DriveTimeRouter router = ranker.router();
        int eta = router.etaMs(edge, offsetCm);
        while (eta < 0)
        {
            if (router.settleNext() < 0)
            {
                return -1;
            }
            eta = router.etaMs(edge, offsetCm);
        }
        return eta;
    }

    /**
     * Driving distance of the route in {@link #routeScratch}: the rest of the unit's edge, the whole edges
     * between, and the incident's edge up to the incident.
     */
    long routeLengthCm(final Unit unit, final int length)
    {
        if (1 == length)
        {
            return StrictMath.max(0, incidentOffsetCm - unit.offsetCm);
        }
        long cm = graph.lengthCm(routeScratch[0]) - (long)unit.offsetCm;
        for (int i = 1; i < length - 1; i++)
        {
            cm += graph.lengthCm(routeScratch[i]);
        }
        return cm + incidentOffsetCm;
    }

    /** Milliseconds to cover a straight-line distance at {@link DispatchConfig#unitSpeedKmh()}, rounded. */
    long straightLineMs(final long distanceMetres)
    {
        return (distanceMetres * 3_600_000L + speedMetresPerHour / 2) / speedMetresPerHour;
    }

    long straightLineMs(final int lat1, final int lon1, final int lat2, final int lon2)
    {
        return straightLineMs(Geo.distanceMetres(lat1, lon1, lat2, lon2));
    }

    /** Seconds to cover a straight-line distance at {@link DispatchConfig#unitSpeedKmh()}, rounded. */
    long straightLineS(final long distanceMetres)
    {
        return (distanceMetres * 3600L + speedMetresPerHour / 2) / speedMetresPerHour;
    }

    static int typeBit(final Unit unit)
    {
        return 1 << unit.unitType.value();
    }

    /** The unit types an agency needs; a round for no agency (UNIFIED) takes every type. */
    static int typeMask(final Agency agency)
    {
        if (null == agency)
        {
            return ALL_TYPES;
        }
        switch (agency)
        {
            case POLICE:
                return 1 << UnitType.POLICE_PATROL.value();
            case FIRE:
                return (1 << UnitType.ENGINE.value()) | (1 << UnitType.LADDER.value()) | (1 << UnitType.RESCUE.value());
            case AMBULANCE:
                return (1 << UnitType.ALS_AMBULANCE.value()) | (1 << UnitType.BLS_AMBULANCE.value());
            default:
                return ALL_TYPES;
        }
    }
}
