package org.beacon.dispatch;

import java.util.Arrays;

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
        unitById.clear();
        units.clear();
        callById.clear();
        callers.clear();
        clockNs = 0;
        hospitalById.clear();
        hospitals.clear();
        Arrays.fill(coverageGaps, 0);
        nextCoverageCheckNs = Long.MIN_VALUE;
    }
}
