package org.beacon.dispatch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeSet;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The state of the dispatch slice that its parts share and its snapshot holds (the road network's congestion aside,
 * which {@link DispatchRoads} owns): incidents, units, calls, caller numbers, hospitals, the coverage gaps and the
 * monotonic event clock. Hash maps serve lookups only; the id-sorted lists give every scan its order.
 */
final class DispatchState
{
    /** The agencies coverage is checked for, in the order of {@link #coverageGaps}. */
    static final int COVERAGE_AGENCY_COUNT = 3;

    /** Closed incidents looked at per event for retirement: the work per event stays bounded. */
    static final int MAX_RETIREMENTS_PER_EVENT = 64;

    private static final Comparator<Incident> BY_CLOSING =
        Comparator.comparingLong((Incident incident) -> incident.closedAtNs).thenComparingLong(incident -> incident.id);

    final DispatchConfig config;
    final Long2ObjectHashMap<Incident> incidentById = new Long2ObjectHashMap<>();
    final IdSortedList<Incident> incidents = new IdSortedList<>();
    final IdSortedList<Incident> activeIncidents = new IdSortedList<>();
    final Long2ObjectHashMap<Unit> unitById = new Long2ObjectHashMap<>();
    final IdSortedList<Unit> units = new IdSortedList<>();
    final Long2ObjectHashMap<Call> callById = new Long2ObjectHashMap<>();
    final CallerHistory callers;
    final Long2ObjectHashMap<Hospital> hospitalById = new Long2ObjectHashMap<>();
    final IdSortedList<Hospital> hospitals = new IdSortedList<>();
    /** Per agency (police, fire, ambulance): bit i set while point i has a proposal outstanding. */
    final long[] coverageGaps = new long[COVERAGE_AGENCY_COUNT];
    long nextCoverageCheckNs = Long.MIN_VALUE;
    /** The largest event timestamp seen. */
    long clockNs;
    /** Closed incidents in the order they leave the live state: by closing time, then id. */
    final TreeSet<Incident> closed = new TreeSet<>(BY_CLOSING);

    DispatchState(final DispatchConfig config)
    {
        this.config = config;
        this.callers = new CallerHistory(config);
    }

    void addIncident(final Incident incident)
    {
        incidentById.put(incident.id, incident);
        incidents.add(incident);
        if (incident.isActive())
        {
            activeIncidents.add(incident);
        }
        else if (incident.closedAtNs >= 0)
        {
            closed.add(incident);
        }
    }

    /**
     * Marks an incident closed now: it is retired from the live state the configured retention later.
     *
     * @param incident the incident, already CLOSED.
     */
    void closed(final Incident incident)
    {
        incident.closedAtNs = clockNs;
        closed.add(incident);
    }

    /**
     * Retires, in closing order, the closed incidents whose retention has passed, with their calls: they leave every
     * table (the journal keeps them). One still named by a unit's commitment waits until the unit is released. At most
     * {@link #MAX_RETIREMENTS_PER_EVENT} are looked at; nothing is allocated while none is due.
     *
     * @param publisher writes the {@code IncidentRetired} of each.
     * @param outputs   where it goes.
     * @return how many were retired.
     */
    int retireDue(final DispatchPublisher publisher, final org.beacon.core.OutputSink outputs)
    {
        if (closed.isEmpty() || closed.first().closedAtNs > clockNs - config.retentionNs())
        {
            return 0;
        }
        int looked = 0;
        int retired = 0;
        final Iterator<Incident> due = closed.iterator();
        while (due.hasNext() && looked < MAX_RETIREMENTS_PER_EVENT)
        {
            final Incident incident = due.next();
            if (incident.closedAtNs > clockNs - config.retentionNs())
            {
                break;
            }
            looked++;
            if (committed(incident.id))
            {
                continue;
            }
            due.remove();
            retire(incident);
            publisher.incidentRetired(incident.id, incident.closedAtNs, incident.calls.size(), outputs);
            retired++;
        }
        return retired;
    }

    private boolean committed(final long incidentId)
    {
        for (int i = 0; i < units.size(); i++)
        {
            if (units.get(i).committedIncidentId == incidentId)
            {
                return true;
            }
        }
        return false;
    }

    private void retire(final Incident incident)
    {
        Recommender.forget(this, incident);
        incidentById.remove(incident.id);
        incidents.remove(incident.id);
        for (int i = 0; i < incident.calls.size(); i++)
        {
            callById.remove(incident.calls.get(i).id);
        }
    }

    long[] sortedCallIds()
    {
        final long[] ids = new long[callById.size()];
        int count = 0;
        final Long2ObjectHashMap<Call>.KeyIterator iterator = callById.keySet().iterator();
        while (iterator.hasNext())
        {
            ids[count++] = iterator.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }

    /** Forgets every entity and returns the clock and the coverage state to those of a new service. */
    void clear()
    {
        incidentById.clear();
        incidents.clear();
        activeIncidents.clear();
        for (int i = 0; i < units.size(); i++)
        {
            units.get(i).recommendedBy.clear();
        }
        unitById.clear();
        units.clear();
        callById.clear();
        closed.clear();
        callers.clear();
        clockNs = 0;
        hospitalById.clear();
        hospitals.clear();
        Arrays.fill(coverageGaps, 0);
        nextCoverageCheckNs = Long.MIN_VALUE;
    }
}
