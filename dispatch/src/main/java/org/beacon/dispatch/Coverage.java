package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchPublisher.MAX_UINT32;

import java.util.Arrays;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.road.DriveTimeRouter;

/**
 * The coverage check run on Tick (see {@link CoverageConfig}): for each point and agency (police, fire, ambulance),
 * whether an AVAILABLE unit is within the target drive time, and a MoveUpProposed once per gap. The gaps and the next
 * check time are state ({@link DispatchState#coverageGaps}); the rest is scratch.
 */
final class Coverage
{
    private static final Agency[] AGENCIES = {Agency.POLICE, Agency.FIRE, Agency.AMBULANCE};

    private final DispatchState state;
    private final DispatchRoads roads;
    private final DispatchPublisher publisher;
    private final CoverageConfig coverage;
    private final long[] bestEtaMs = new long[AGENCIES.length];
    private final Unit[] bestUnits = new Unit[AGENCIES.length];

    Coverage(
        final DispatchState state, final DispatchRoads roads, final DispatchPublisher publisher, final CoverageConfig coverage)
    {
        this.state = state;
        this.roads = roads;
        this.publisher = publisher;
        this.coverage = coverage;
    }

    void checkIfDue(final OutputSink outputs)
    {
        if (coverage.pointCount() == 0 || state.clockNs < state.nextCoverageCheckNs)
        {
            return;
        }
        state.nextCoverageCheckNs = state.clockNs + coverage.intervalNs();
        for (int p = 0, points = coverage.pointCount(); p < points; p++)
        {
            checkPoint(p, outputs);
        }
    }

    /**
     * One point: a search from the point settled up to the largest target (enough to decide every agency's
     * gap), continued to the end of the network only when some agency has a gap, to name the nearest unit.
     */
    private void checkPoint(final int point, final OutputSink outputs)
    {
        final int lat = coverage.latMicros(point);
        final int lon = coverage.lonMicros(point);
        boolean routed = false;
        if (null != roads.graph && roads.snapPoint(lat, lon))
        {
            routed = true;
            final DriveTimeRouter router = roads.ranker().router();
            router.start(roads.snap.edge(), roads.snap.offsetCm());
            long maxTargetMs = 0;
            for (int a = 0; a < AGENCIES.length; a++)
            {
                maxTargetMs = StrictMath.max(maxTargetMs, coverage.targetS(a) * 1000L);
            }
            while (router.peekMs() >= 0 && router.peekMs() <= maxTargetMs)
            {
                router.settleNext();
            }
        }
        nearestAvailable(routed, lat, lon);
        boolean anyGap = false;
        for (int a = 0; a < AGENCIES.length; a++)
        {
            anyGap |= bestEtaMs[a] > coverage.targetS(a) * 1000L;
        }
        if (anyGap && routed)
        {
            roads.ranker().router().settleAll();
            nearestAvailable(true, lat, lon);
        }
        final long bit = 1L << point;
        final long[] gaps = state.coverageGaps;
        for (int a = 0; a < AGENCIES.length; a++)
        {
            final long targetMs = coverage.targetS(a) * 1000L;
            if (bestEtaMs[a] <= targetMs)
            {
                gaps[a] &= ~bit;
            }
            else if ((gaps[a] & bit) == 0)
            {
                gaps[a] |= bit;
                final Unit unit = bestUnits[a];
                publisher.moveUpProposed(
                    AGENCIES[a],
                    null == unit ? 0 : unit.id,
                    null == unit ? 0 : StrictMath.min((bestEtaMs[a] + 500) / 1000, MAX_UINT32),
                    coverage.targetS(a),
                    lat,
                    lon,
                    outputs);
            }
            bestUnits[a] = null;
        }
    }

    /** Per agency, the AVAILABLE unit nearest the point by the current search (straight line when off-road). */
    private void nearestAvailable(final boolean routed, final int lat, final int lon)
    {
        Arrays.fill(bestEtaMs, Long.MAX_VALUE);
        Arrays.fill(bestUnits, null);
        final DriveTimeRouter router = null == roads.graph ? null : roads.ranker().router();
        for (int i = 0, size = state.units.size(); i < size; i++)
        {
            final Unit unit = state.units.get(i);
            final int a = agencyIndex(unit.agency);
            if (unit.status != UnitStatusCode.AVAILABLE || a < 0)
            {
                continue;
            }
            long etaMs;
            if (routed && unit.edge >= 0)
            {
                etaMs = router.etaMs(unit.edge, unit.offsetCm);
                if (etaMs < 0)
                {
                    continue;
                }
            }
            else
            {
                etaMs = roads.straightLineMs(unit.latMicros, unit.lonMicros, lat, lon);
            }
            if (etaMs < bestEtaMs[a])
            {
                bestEtaMs[a] = etaMs;
                bestUnits[a] = unit;
            }
        }
    }

    private static int agencyIndex(final Agency agency)
    {
        if (null == agency)
        {
            return -1;
        }
        switch (agency)
        {
            case POLICE:
                return 0;
            case FIRE:
                return 1;
            case AMBULANCE:
                return 2;
            default:
                return -1;
        }
    }
}
