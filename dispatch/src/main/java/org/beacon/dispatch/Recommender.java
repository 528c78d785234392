package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchPublisher.MAX_UINT32;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.road.UnitRanker;

/**
 * Unit recommendations: k units per needed agency, nearest first, ties to the lower unit id, ranks from 1 per agency,
 * a unit named at most once per pass.
 * <p>
 * One algorithm measures units in one of two ways. <b>Straight line</b> (no network, or the incident does not snap):
 * the AVAILABLE units of the agency (or UNIFIED), measured in metres. <b>By road</b>: one bounded {@link UnitRanker}
 * search over the snapped units (reassignable ones opened for this search only) gives drive times and route lengths,
 * then the off-road units of the agency's types are merged in by their straight-line time. Either way the k best are
 * kept in one insertion list ordered by (measure, unit id): a linear scan over all units (at most ~5,000 in the city),
 * bounded and allocation-free.
 */
final class Recommender
{
    private final DispatchState state;
    private final DispatchRoads roads;
    private final DispatchPublisher publisher;
    private final Unit[] bestUnits;
    /** Straight line: metres; by road: milliseconds. The order of the list. */
    private final long[] bestMeasures;
    /** Straight line: metres; by road: centimetres. */
    private final long[] bestDistances;
    private int count;
    private int recommendPass;

    Recommender(final DispatchState state, final DispatchRoads roads, final DispatchPublisher publisher)
    {
        this.state = state;
        this.roads = roads;
        this.publisher = publisher;
        final int k = state.config.recommendationCount();
        this.bestUnits = new Unit[k];
        this.bestMeasures = new long[k];
        this.bestDistances = new long[k];
    }

    /** As a new service: no pass ran yet. */
    void reset()
    {
        recommendPass = 0;
    }

    /**
     * Recommends for an active incident with a usable location: every needed agency when it never had
     * recommendations or its location moved far from where they were made, else the newly needed ones.
     */
    void recommendIfDue(final Incident incident, final int addedAgencies, final OutputSink outputs)
    {
        if (!incident.isActive() || !incident.hasUsableLocation())
        {
            return;
        }

        if (0 == incident.recommendedMask ||
            Geo.distanceMetres(incident.recommendedLatMicros, incident.recommendedLonMicros, incident.latMicros, incident.lonMicros) >
            state.config.rerecommendDistanceM())
        {
            recommend(incident, incident.agencies, outputs);
        }
        else if (0 != addedAgencies)
        {
            recommend(incident, addedAgencies, outputs);
        }
    }

    private void recommend(final Incident incident, final int agencies, final OutputSink outputs)
    {
        incident.recommendedMask |= agencies | AgencySet.RECOMMENDED;
        incident.recommendedLatMicros = incident.latMicros;
        incident.recommendedLonMicros = incident.lonMicros;
        if (0 == bestUnits.length)
        {
            return;
        }

        recommendPass++;
        if (0 == agencies)
        {
            recommendRound(incident, null, outputs);
            return;
        }
        for (final int bit : AgencySet.BITS)
        {
            if ((agencies & bit) != 0)
            {
                recommendRound(incident, AgencySet.agency(bit), outputs);
            }
        }
    }

    /** Emits up to k recommendations of one agency (or any, when null). */
    private void recommendRound(final Incident incident, final Agency agency, final OutputSink outputs)
    {
        final boolean byRoad = null != roads.graph && roads.snapIncident(incident);
        final int typeMask = DispatchRoads.typeMask(agency);
        count = byRoad ? rankOnRoads(incident, typeMask) : 0;
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            if (byRoad ? !offRoadCandidate(unit, incident, typeMask) : !straightLineCandidate(unit, agency))
            {
                continue;
            }
            final long metres = Geo.distanceMetres(incident.latMicros, incident.lonMicros, unit.latMicros, unit.lonMicros);
            offer(unit, byRoad ? roads.straightLineMs(metres) : metres, byRoad ? metres * 100 : metres);
        }

        for (int rank = 1; rank <= count; rank++)
        {
            final Unit unit = bestUnits[rank - 1];
            unit.recommendPass = recommendPass;
            final long distanceM;
            final long etaS;
            if (byRoad)
            {
                distanceM = StrictMath.min((bestDistances[rank - 1] + 50) / 100, MAX_UINT32);
                etaS = StrictMath.min((bestMeasures[rank - 1] + 500) / 1000, MAX_UINT32);
            }
            else
            {
                distanceM = StrictMath.min(bestDistances[rank - 1], MAX_UINT32);
                etaS = StrictMath.min(roads.straightLineS(distanceM), MAX_UINT32);
            }
            publisher.unitRecommended(incident.id, unit.id, rank, distanceM, etaS,
                unit.status == UnitStatusCode.AVAILABLE ? 0 : unit.committedIncidentId, outputs);
            bestUnits[rank - 1] = null;
        }
    }

    private boolean straightLineCandidate(final Unit unit, final Agency agency)
    {
        return unit.status == UnitStatusCode.AVAILABLE &&
            unit.recommendPass != recommendPass &&
            (null == agency || unit.agency == agency || unit.agency == Agency.UNIFIED);
    }

    private boolean offRoadCandidate(final Unit unit, final Incident incident, final int typeMask)
    {
        return unit.edge < 0 &&
            unit.recommendPass != recommendPass &&
            (DispatchRoads.typeBit(unit) & typeMask) != 0 &&
            (unit.status == UnitStatusCode.AVAILABLE || isReassignable(unit, incident));
    }

    /**
     * Fills the list from one ranker search stopped at the k-th unit's drive time, in the ranker's order.
     *
     * @return the number of units it ranked.
     */
    private int rankOnRoads(final Incident incident, final int typeMask)
    {
        final UnitRanker ranker = roads.ranker();
        openReassignable(incident, true);
        final int ranked = ranker.rank(roads.incidentEdge, roads.incidentOffsetCm, typeMask, bestUnits.length, UnitRanker.NO_LIMIT);
        for (int r = 0; r < ranked; r++)
        {
            final Unit unit = state.unitById.get(ranker.unitId(r));
            final int length = ranker.route(r, roads.routeScratch);
            bestUnits[r] = unit;
            bestMeasures[r] = ranker.etaMs(r);
            bestDistances[r] = length > 0 ? roads.routeLengthCm(unit, length) : 0;
        }
        openReassignable(incident, false);
        return ranked;
    }

    private void openReassignable(final Incident incident, final boolean open)
    {
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            if (unit.edge >= 0 && isReassignable(unit, incident))
            {
                roads.ranker().setAvailable(unit.id, open);
            }
        }
    }

    /** Inserts a unit into the k-best list when it ranks before the last kept, by (measure, unit id). */
    private void offer(final Unit unit, final long measure, final long distance)
    {
        final int k = bestUnits.length;
        if (count == k && !before(measure, unit.id, bestMeasures[k - 1], bestUnits[k - 1].id))
        {
            return;
        }
        int position = count < k ? count : k - 1;
        while (position > 0 && before(measure, unit.id, bestMeasures[position - 1], bestUnits[position - 1].id))
        {
            bestMeasures[position] = bestMeasures[position - 1];
            bestDistances[position] = bestDistances[position - 1];
            bestUnits[position] = bestUnits[position - 1];
            position--;
        }
        bestMeasures[position] = measure;
        bestDistances[position] = distance;
        bestUnits[position] = unit;
        if (count < k)
        {
            count++;
        }
    }

    private static boolean before(final long measure, final long id, final long otherMeasure, final long otherId)
    {
        return measure < otherMeasure || (measure == otherMeasure && id < otherId);
    }

    /**
     * A unit on its way to an incident of lower priority (a greater priority number) than this one may be
     * proposed for reassignment; one on scene or later is not.
     */
    boolean isReassignable(final Unit unit, final Incident incident)
    {
        if ((unit.status != UnitStatusCode.DISPATCHED && unit.status != UnitStatusCode.EN_ROUTE) ||
            0 == unit.committedIncidentId || unit.committedIncidentId == incident.id)
        {
            return false;
        }
        final Incident committed = state.incidentById.get(unit.committedIncidentId);
        return null != committed && committed.isActive() && committed.priority > incident.priority;
    }
}
