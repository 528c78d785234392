package org.beacon.dispatch;

import java.util.Arrays;

import org.beacon.codecs.Agency;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;

/**
 * Mutable state of one incident; owned by {@link DispatchService} and never handed out.
 * <p>
 * Its location (latMicros, lonMicros, uncertaintyM, locationQuality) is what it shows: the pinned call's
 * confirmed fix when a call-taker confirmed one, else the best fix among its calls, else nothing usable.
 */
final class Incident extends Entity
{
    static final long NO_OFFER = Long.MAX_VALUE;
    private static final long[] NO_UNITS = new long[0];

    long firstCallId;
    Agency agency;
    short priority;
    IncidentStatus status;
    LocationQuality locationQuality;
    LocationQuality fallbackQuality;
    int latMicros;
    int lonMicros;
    long uncertaintyM;
    long openedAtNs;
    long lastCallAtNs;
    int assignedUnitCount;
    long lastAssignedUnitId;
    long mergedIntoId;
    /** When it closed (event time), or -1 while open: it leaves the live state {@link DispatchConfig#retentionNs} later. */
    long closedAtNs = -1;

    final IdSortedList<Call> calls = new IdSortedList<>();
    int nuisanceCalls;

    /** Agencies needed: the calls' agencies plus those a dispatcher added; see {@link AgencySet}. */
    int agencies;
    int addedAgencies;

    /** Agencies recommended so far ({@link AgencySet#RECOMMENDED} once any round ran) and where. */
    int recommendedMask;
    int recommendedLatMicros;
    int recommendedLonMicros;
    /**
     * The units its current recommendation names (every round since the last full pass), in the order they were
     * named; each of them lists this incident in its {@link Unit#recommendedBy}.
     */
    long[] recommendedUnitIds = NO_UNITS;
    int recommendedUnitCount;
    /** Whether it waits in the refresh queue ({@link Recommender}) for a new recommendation. */
    boolean refreshPending;

    Call bestCall;
    Fix bestFix;
    Call pinCall;
    long offeredUncertaintyM = NO_OFFER;

    /**
     * @param unitId a unit.
     * @return whether the current recommendation names it.
     */
    boolean recommends(final long unitId)
    {
        for (int i = 0; i < recommendedUnitCount; i++)
        {
            if (recommendedUnitIds[i] == unitId)
            {
                return true;
            }
        }
        return false;
    }

    /** Notes a unit as named by the current recommendation (the caller checked it is not already). */
    void addRecommendedUnit(final long unitId)
    {
        if (recommendedUnitCount == recommendedUnitIds.length)
        {
            recommendedUnitIds = Arrays.copyOf(recommendedUnitIds, Math.max(4, recommendedUnitCount * 2));
        }
        recommendedUnitIds[recommendedUnitCount++] = unitId;
    }

    boolean isActive()
    {
        return status != IncidentStatus.CLOSED;
    }

    boolean hasUsableLocation()
    {
        return locationQuality == LocationQuality.USABLE;
    }

    int callCount()
    {
        return calls.size();
    }

    /**
     * Sets the shown location from the pin, the best fix or nothing.
     *
     * @return whether the shown location changed.
     */
    boolean refreshLocation()
    {
        final Fix fix = null != pinCall ? pinCall.confirmedFix : bestFix;
        final LocationQuality quality = null != fix ? LocationQuality.USABLE : fallbackQuality;
        final int lat = null != fix ? fix.latMicros : 0;
        final int lon = null != fix ? fix.lonMicros : 0;
        final long uncertainty = null != fix ? fix.uncertaintyM : 0;
        final boolean changed = quality != locationQuality || lat != latMicros || lon != lonMicros || uncertainty != uncertaintyM;
        locationQuality = quality;
        latMicros = lat;
        lonMicros = lon;
        uncertaintyM = uncertainty;
        return changed;
    }

    IncidentView view()
    {
        return new IncidentView(
            id, firstCallId, agency, priority, status, locationQuality, latMicros, lonMicros, uncertaintyM,
            calls.size(), openedAtNs, lastCallAtNs, assignedUnitCount, lastAssignedUnitId,
            AgencySet.toSet(agencies), nuisanceCalls > 0, null != pinCall, mergedIntoId);
    }
}
