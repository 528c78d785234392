package org.beacon.dispatch.road;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * The best k available units of the needed types for an incident, ranked by drive time (ties by unit id),
 * each with its ETA and route.
 *
 * <p>Units live in preallocated slots, threaded on per-edge doubly linked lists so that moving a unit (an AVL
 * update) costs O(1). {@link #rank} runs one backward {@link DriveTimeRouter} search from the incident and
 * stops as soon as the k-th best ETA is final, so its work grows with how far the k-th unit is, not with the
 * size of the network. Nothing is allocated per call except by the optional {@link #route(int)}.
 *
 * <p>Types are bit masks chosen by the caller (e.g. bit 0 ALS ambulance, bit 1 BLS ambulance, bit 2
 * engine...); a unit matches when its mask shares a bit with the requested mask.
 */
public final class UnitRanker
{
    /** Means "no drive-time limit" for {@link #rank}. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    private final RoadGraph graph;
    private final DriveTimeRouter router;
    private final Long2LongHashMap slotById;
    private final long[] unitId;
    private final int[] unitEdge;
    private final int[] unitOffsetCm;
    private final int[] unitTypes;
    private final boolean[] unitAvailable;
    private final int[] nextOnEdge;
    private final int[] prevOnEdge;
    private final int[] headOnEdge;
    private int unitCount;

    private final long[] resultId;
    private final int[] resultEta;
    private final int[] resultSlot;
    private int resultCount;

    /**
     * @param graph       the road graph.
     * @param maxUnits    capacity in units.
     * @param maxK        the largest k {@link #rank} will be asked for.
     */
    public UnitRanker(final RoadGraph graph, final int maxUnits, final int maxK)
    {
        this.graph = graph;
        this.router = new DriveTimeRouter(graph);
        slotById = new Long2LongHashMap(maxUnits * 2, 0.65f, -1);
        unitId = new long[maxUnits];
        unitEdge = new int[maxUnits];
        unitOffsetCm = new int[maxUnits];
        unitTypes = new int[maxUnits];
        unitAvailable = new boolean[maxUnits];
        nextOnEdge = new int[maxUnits];
        prevOnEdge = new int[maxUnits];
        headOnEdge = new int[graph.edgeCount()];
        Arrays.fill(headOnEdge, -1);
        resultId = new long[maxK];
        resultEta = new int[maxK];
        resultSlot = new int[maxK];
    }

    /**
     * @return the router (its search state is that of the last {@link #rank}).
     */
    public DriveTimeRouter router()
    {
        return router;
    }

    /**
     * @return number of units known.
     */
    public int unitCount()
    {
        return unitCount;
    }

    /**
     * Adds a unit or updates its position, types and availability.
     *
     * @param id        unit id.
     * @param edge      snapped edge.
     * @param offsetCm  offset along it.
     * @param typeMask  the unit's type bits.
     * @param available whether it may be recommended.
     */
    public void upsertUnit(final long id, final int edge, final int offsetCm, final int typeMask, final boolean available)
    {
        if (edge < 0 || edge >= graph.edgeCount())
        {
            throw new IllegalArgumentException("unit " + id + " on unknown edge " + edge);
        }
        int slot = (int)slotById.get(id);
        if (slot < 0)
        {
            if (unitCount == unitId.length)
            {
                throw new IllegalStateException("unit capacity " + unitId.length + " exceeded");
            }
            slot = unitCount++;
            slotById.put(id, slot);
            unitId[slot] = id;
        }
        else
        {
            unlink(slot);
        }
        unitEdge[slot] = edge;
        unitOffsetCm[slot] = StrictMath.max(0, StrictMath.min(graph.lengthCm(edge), offsetCm));
        unitTypes[slot] = typeMask;
        unitAvailable[slot] = available;
        prevOnEdge[slot] = -1;
        nextOnEdge[slot] = headOnEdge[edge];
        if (headOnEdge[edge] >= 0)
        {
            prevOnEdge[headOnEdge[edge]] = slot;
        }
        headOnEdge[edge] = slot;
    }

    /**
     * Marks a known unit available or not.
     *
     * @param id        unit id.
     * @param available the new availability.
     * @return false when the unit is unknown.
     */
    public boolean setAvailable(final long id, final boolean available)
    {
        final int slot = (int)slotById.get(id);
        if (slot < 0)
        {
            return false;
        }
        unitAvailable[slot] = available;
        return true;
    }

    /**
     * Ranks the available units of the wanted types by drive time to an incident position.
     *
     * @param incidentEdge     the incident's snapped edge.
     * @param incidentOffsetCm its offset along the edge.
     * @param typeMask         wanted type bits.
     * @param k                how many units at most (≤ maxK).
     * @param maxEtaMs         ignore units further than this, or {@link #NO_LIMIT}.
     * @return the number of units ranked (≤ k); read them with {@link #unitId}, {@link #etaMs}, {@link #route}.
     */
    public int rank(final int incidentEdge, final int incidentOffsetCm, final int typeMask, final int k, final int maxEtaMs)
    {
        if (k < 0 || k > resultId.length)
        {
            throw new IllegalArgumentException("k out of range: " + k);
        }
        resultCount = 0;
        router.start(incidentEdge, incidentOffsetCm);
        if (k == 0)
        {
            return 0;
        }
        // Units on the incident's edge behind it drive straight there.
        for (int s = headOnEdge[incidentEdge]; s >= 0; s = nextOnEdge[s])
        {
            if (unitOffsetCm[s] <= incidentOffsetCm && matches(s, typeMask))
            {
                offer(s, router.etaMs(incidentEdge, unitOffsetCm[s]), k, maxEtaMs);
            }
        }
        while (true)
        {
            final int key = router.peekMs();
            if (key == DriveTimeRouter.UNREACHED || key > maxEtaMs || (resultCount == k && key > resultEta[k - 1]))
            {
                break;
            }
            final int e = router.settleNext();
            for (int s = headOnEdge[e]; s >= 0; s = nextOnEdge[s])
            {
                if (matches(s, typeMask) && !(e == incidentEdge && unitOffsetCm[s] <= incidentOffsetCm))
                {
                    offer(s, router.etaMs(e, unitOffsetCm[s]), k, maxEtaMs);
                }
            }
        }
        return resultCount;
    }

    /**
     * @param rank 0-based rank from the last {@link #rank} call.
     * @return the unit id.
     */
    public long unitId(final int rank)
    {
        checkRank(rank);
        return resultId[rank];
    }

    /**
     * @param rank 0-based rank from the last {@link #rank} call.
     * @return drive time in milliseconds.
     */
    public int etaMs(final int rank)
    {
        checkRank(rank);
        return resultEta[rank];
    }

    /**
     * Writes the route of a ranked unit; valid until the next {@link #rank} call.
     *
     * @param rank 0-based rank.
     * @param out  receives edge indices, unit's edge first, incident's edge last.
     * @return the number of edges or {@link DriveTimeRouter#BUFFER_TOO_SMALL}.
     */
    public int route(final int rank, final int[] out)
    {
        checkRank(rank);
        final int slot = resultSlot[rank];
        return router.path(unitEdge[slot], unitOffsetCm[slot], out);
    }

    /**
     * Allocating convenience for {@link #route(int, int[])}.
     *
     * @param rank 0-based rank.
     * @return the route's edge indices.
     */
    public int[] route(final int rank)
    {
        int[] buffer = new int[64];
        int length;
        while ((length = route(rank, buffer)) == DriveTimeRouter.BUFFER_TOO_SMALL)
        {
            buffer = new int[buffer.length * 2];
        }
        return Arrays.copyOf(buffer, StrictMath.max(0, length));
    }

    private boolean matches(final int slot, final int typeMask)
    {
        return unitAvailable[slot] && (unitTypes[slot] & typeMask) != 0;
    }

    private void offer(final int slot, final int eta, final int k, final int maxEtaMs)
    {
        if (eta < 0 || eta > maxEtaMs)
        {
            return;
        }
        final long id = unitId[slot];
        if (resultCount == k && !before(eta, id, resultEta[k - 1], resultId[k - 1]))
        {
            return;
        }
        int i = resultCount == k ? k - 1 : resultCount++;
        while (i > 0 && before(eta, id, resultEta[i - 1], resultId[i - 1]))
        {
            resultEta[i] = resultEta[i - 1];
            resultId[i] = resultId[i - 1];
            resultSlot[i] = resultSlot[i - 1];
            i--;
        }
        resultEta[i] = eta;
        resultId[i] = id;
        resultSlot[i] = slot;
    }

    private static boolean before(final int eta, final long id, final int otherEta, final long otherId)
    {
        return eta < otherEta || (eta == otherEta && id < otherId);
    }

    private void unlink(final int slot)
    {
        final int prev = prevOnEdge[slot];
        final int next = nextOnEdge[slot];
        if (prev >= 0)
        {
            nextOnEdge[prev] = next;
        }
        else
        {
            headOnEdge[unitEdge[slot]] = next;
        }
        if (next >= 0)
        {
            prevOnEdge[next] = prev;
        }
    }

    private void checkRank(final int rank)
    {
        if (rank < 0 || rank >= resultCount)
        {
            throw new IndexOutOfBoundsException("rank " + rank + " of " + resultCount);
        }
    }
}
