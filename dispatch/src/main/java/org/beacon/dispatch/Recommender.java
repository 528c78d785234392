package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchPublisher.MAX_UINT32;

import java.util.ArrayDeque;

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
 * <p>
 * <b>Kept current</b> (when {@link DispatchConfig#keepsRecommendationsCurrent()}): an incident's current
 * recommendation is the units its last full pass named, plus those of the rounds added since; each unit keeps the
 * incidents that name it ({@link Unit#recommendedBy}), so a unit that changes status, commitment or moves far finds
 * the incidents to refresh without a scan. They queue in the order they became due and at most
 * {@link DispatchConfig#refreshesPerEvent()} get a new full pass per event (the same UnitRecommended outputs, rank 1
 * first); the rest wait for the following events. A round ranks an AVAILABLE unit first whenever it can find one: a
 * unit it would take from another incident is proposed after it.
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
    /** Incidents waiting for a new recommendation, in the order they became due; each has {@code refreshPending}. */
    private final ArrayDeque<Incident> refreshQueue = new ArrayDeque<>();

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
        refreshQueue.clear();
    }

    /**
     * A unit changed status, commitment or position: every incident whose current recommendation names it is due for
     * a new one (in ascending incident id), unless it waits already. Only when recommendations are kept current.
     *
     * @param unit the unit.
     */
    void unitChanged(final Unit unit)
    {
        if (!state.config.keepsRecommendationsCurrent())
        {
            return;
        }
        final IdSortedList<Incident> incidents = unit.recommendedBy;
        for (int i = 0; i < incidents.size(); i++)
        {
            final Incident incident = incidents.get(i);
            if (!incident.refreshPending)
            {
                incident.refreshPending = true;
                refreshQueue.addLast(incident);
            }
        }
    }

    /**
     * A unit reported a position: when a recommendation names it and it moved farther than the re-recommend distance
     * from where it was then, its incidents are due for a new one.
     *
     * @param unit the unit, at its new position.
     */
    void unitMoved(final Unit unit)
    {
        if (unit.recommendedBy.size() > 0 &&
            Geo.distanceMetres(unit.recommendedAtLatMicros, unit.recommendedAtLonMicros, unit.latMicros, unit.lonMicros) >
            state.config.rerecommendDistanceM())
        {
            unitChanged(unit);
        }
    }

    /**
     * Gives the incidents that became due a new recommendation, oldest first, at most
     * {@link DispatchConfig#refreshesPerEvent()} per event; the rest wait for the next events (every Tick is one). A
     * closed incident, or one without a usable location, leaves the queue without output.
     *
     * @param outputs where the recommendations go.
     * @return how many were given.
     */
    int refreshDue(final OutputSink outputs)
    {
        int given = 0;
        while (given < state.config.refreshesPerEvent() && !refreshQueue.isEmpty())
        {
            final Incident incident = refreshQueue.pollFirst();
            incident.refreshPending = false;
            if (!incident.isActive() || !incident.hasUsableLocation())
            {
                forget(incident);
                continue;
            }
            recommend(incident, incident.agencies, true, outputs);
            given++;
        }
        return given;
    }

    /** @return the incidents waiting for a refresh, in order (for the snapshot). */
    ArrayDeque<Incident> refreshQueue()
    {
        return refreshQueue;
    }

    /**
     * Drops an incident's current recommendation from the units' index (it closed, retired, or gets a new one).
     *
     * @param incident the incident.
     */
    void forget(final Incident incident)
    {
        forget(state, incident);
    }

    static void forget(final DispatchState state, final Incident incident)
    {
        for (int i = 0; i < incident.recommendedUnitCount; i++)
        {
            final Unit unit = state.unitById.get(incident.recommendedUnitIds[i]);
            if (null != unit)
            {
                unit.recommendedBy.remove(incident.id);
            }
        }
        incident.recommendedUnitCount = 0;
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
            recommend(incident, incident.agencies, true, outputs);
        }
        else if (0 != addedAgencies)
        {
            recommend(incident, addedAgencies, false, outputs);
        }
    }

    /**
     * One pass: a round per agency.
     *
     * @param replace whether it replaces the current recommendation (every needed agency) or adds to it.
     */
    private void recommend(final Incident incident, final int agencies, final boolean replace, final OutputSink outputs)
    {
        if (replace)
        {
            forget(incident);
        }
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

        if (byRoad && count > 0 && state.config.keepsRecommendationsCurrent() && bestUnits[0].status != UnitStatusCode.AVAILABLE)
        {
            availableFirst(incident, typeMask);
        }
        for (int rank = 1; rank <= count; rank++)
        {
            final Unit unit = bestUnits[rank - 1];
            unit.recommendPass = recommendPass;
            note(incident, unit);
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

    /** Notes that the incident's current recommendation names the unit, where the unit is now. */
    private static void note(final Incident incident, final Unit unit)
    {
        unit.recommendedAtLatMicros = unit.latMicros;
        unit.recommendedAtLonMicros = unit.lonMicros;
        if (!incident.recommends(unit.id))
        {
            incident.addRecommendedUnit(unit.id);
            unit.recommendedBy.add(incident);
        }
    }

    /**
     * The list's first unit is one that would be taken from another incident: the nearest AVAILABLE unit goes first
     * instead, the others keep their order after it (the last drops out when the list is full). When the list has no
     * AVAILABLE unit, one more search, of AVAILABLE units alone, finds the nearest; when there is none the round
     * proposes reassignments only.
     */
    private void availableFirst(final Incident incident, final int typeMask)
    {
        int found = -1;
        for (int i = 1; i < count && found < 0; i++)
        {
            if (bestUnits[i].status == UnitStatusCode.AVAILABLE)
            {
                found = i;
            }
        }
        final Unit unit;
        final long measure;
        final long distance;
        if (found >= 0)
        {
            unit = bestUnits[found];
            measure = bestMeasures[found];
            distance = bestDistances[found];
            System.arraycopy(bestUnits, 0, bestUnits, 1, found);
            System.arraycopy(bestMeasures, 0, bestMeasures, 1, found);
            System.arraycopy(bestDistances, 0, bestDistances, 1, found);
        }
        else
        {
            final UnitRanker ranker = roads.ranker();
            Unit best = null;
            long bestMeasure = Long.MAX_VALUE;
            long bestDistance = 0;
            if (ranker.rank(roads.incidentEdge, roads.incidentOffsetCm, typeMask, 1, UnitRanker.NO_LIMIT) > 0)
            {
                best = state.unitById.get(ranker.unitId(0));
                final int length = ranker.route(0, roads.routeScratch);
                bestMeasure = ranker.etaMs(0);
                bestDistance = length > 0 ? roads.routeLengthCm(best, length) : 0;
            }
            for (int i = 0, size = state.units.size(); i < size; i++)
            {
                final Unit candidate = state.units.get(i);
                if (candidate.edge < 0 && candidate.status == UnitStatusCode.AVAILABLE &&
                    candidate.recommendPass != recommendPass && (DispatchRoads.typeBit(candidate) & typeMask) != 0)
                {
                    final long metres = Geo.distanceMetres(incident.latMicros, incident.lonMicros, candidate.latMicros,
                        candidate.lonMicros);
                    final long candidateMeasure = roads.straightLineMs(metres);
                    if (null == best || before(candidateMeasure, candidate.id, bestMeasure, best.id))
                    {
                        best = candidate;
                        bestMeasure = candidateMeasure;
                        bestDistance = metres * 100;
                    }
                }
            }
            if (null == best)
            {
                return;
            }
            unit = best;
            measure = bestMeasure;
            distance = bestDistance;
            final int moved = StrictMath.min(count, bestUnits.length - 1);
            System.arraycopy(bestUnits, 0, bestUnits, 1, moved);
            System.arraycopy(bestMeasures, 0, bestMeasures, 1, moved);
            System.arraycopy(bestDistances, 0, bestDistances, 1, moved);
            count = moved + 1;
        }
        bestUnits[0] = unit;
        bestMeasures[0] = measure;
        bestDistances[0] = distance;
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
