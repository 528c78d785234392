package org.beacon.dispatch.road;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Drive times to one incident, by a Dijkstra search from the incident backwards over the reversed turn
 * graph, settled one edge at a time so the caller ({@link UnitRanker}) can stop as soon as its answer is
 * final. Everything is preallocated: an indexed binary heap of edge ints keyed by int milliseconds (ties
 * by edge index), and a touched list so a new search resets only what the last one wrote.
 *
 * <p>Label of a settled edge {@code e}: {@code exitMs(e)}, the least time from the <em>end</em> of {@code e}
 * to the incident. A unit at offset {@code o} on {@code e} then needs {@code rest(e, o) + exitMs(e)}, which is
 * never below the label; so once the smallest label still in the heap exceeds the k-th best ETA found,
 * no unit on an unsettled edge can do better. The one exception, a unit on the incident's edge behind the
 * incident, drives straight there: {@link #etaMs} handles it without any search.
 *
 * <p>Costs are integer milliseconds: the part of an edge before an offset is
 * {@link RoadGraph#partialCostMs}, the rest is {@code costMs - partial}, so forward and backward searches
 * add exactly the same integers.
 */
public final class DriveTimeRouter
{
    /** ETA of a position the search has not (yet) reached. */
    public static final int UNREACHED = -1;
    /** Returned by {@link #path} when the output buffer is too small. */
    public static final int BUFFER_TOO_SMALL = -2;

    private static final int INFINITE = Integer.MAX_VALUE;
    private static final int NOT_IN_HEAP = -1;
    private static final int SETTLED = -2;

    private final RoadGraph graph;
    private final int[] exitMs;
    private final int[] next;
    private final int[] heapPos;
    private final int[] heap;
    private final int[] touched;
    private int heapSize;
    private int touchedCount;
    private int incidentEdge = -1;
    private int incidentOffsetCm;
    private int settledCount;

    /**
     * @param graph the graph; its congestion factors are read at each search.
     */
    public DriveTimeRouter(final RoadGraph graph)
    {
        this.graph = graph;
        final int n = graph.edgeCount();
        exitMs = new int[n];
        next = new int[n];
        heapPos = new int[n];
        heap = new int[n];
        touched = new int[n];
        Arrays.fill(exitMs, INFINITE);
        Arrays.fill(heapPos, NOT_IN_HEAP);
        Arrays.fill(next, -1);
    }

    /**
     * @return the graph.
     */
    public RoadGraph graph()
    {
        return graph;
    }

    /**
     * Starts a new search towards an incident position; resets the previous search.
     *
     * @param edge     the incident's edge.
     * @param offsetCm the incident's offset along it.
     */
    public void start(final int edge, final int offsetCm)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            final int e = touched[i];
            exitMs[e] = INFINITE;
            heapPos[e] = NOT_IN_HEAP;
            next[e] = -1;
        }
        touchedCount = 0;
        heapSize = 0;
        settledCount = 0;
        incidentEdge = edge;
        incidentOffsetCm = offsetCm;
        final int toIncident = graph.partialCostMs(edge, offsetCm);
        for (int i = graph.predStart(edge), end = graph.predEnd(edge); i < end; i++)
        {
            relax(graph.predecessor(i), toIncident, edge);
        }
    }

    /**
     * @return the smallest label not yet settled, or {@link #UNREACHED} when the search is exhausted.
     */
    public int peekMs()
    {
        return heapSize == 0 ? UNREACHED : exitMs[heap[0]];
    }

    /**
     * Settles the edge with the smallest label and relaxes its predecessors.
     *
     * @return the settled edge, or -1 when the search is exhausted.
     */
    public int settleNext()
    {
        if (heapSize == 0)
        {
            return -1;
        }
        final int e = heap[0];
        final int last = heap[--heapSize];
        if (heapSize > 0)
        {
            heap[0] = last;
            heapPos[last] = 0;
            siftDown(0);
        }
        heapPos[e] = SETTLED;
        settledCount++;
        final long through = (long)exitMs[e] + graph.costMs(e);
        final int d = (int)StrictMath.min(INFINITE - 1, through);
        for (int i = graph.predStart(e), end = graph.predEnd(e); i < end; i++)
        {
            relax(graph.predecessor(i), d, e);
        }
        return e;
    }

    /**
     * Runs the search to the end (every edge that can reach the incident).
     */
    public void settleAll()
    {
        while (settleNext() >= 0)
        {
            // keep settling
        }
    }

    /**
     * @return edges settled by the current search (the work it did).
     */
    public int settledCount()
    {
        return settledCount;
    }

    /**
     * @param edge an edge.
     * @return whether the current search has settled it.
     */
    public boolean isSettled(final int edge)
    {
        return heapPos[edge] == SETTLED;
    }

    /**
     * ETA from a position to the current incident: exact when the position's edge is settled, or when the
     * position is on the incident's edge behind the incident.
     *
     * @param edge     the unit's edge.
     * @param offsetCm the unit's offset along it.
     * @return milliseconds, or {@link #UNREACHED}.
     */
    public int etaMs(final int edge, final int offsetCm)
    {
        if (edge == incidentEdge && offsetCm <= incidentOffsetCm)
        {
            return graph.partialCostMs(edge, incidentOffsetCm) - graph.partialCostMs(edge, offsetCm);
        }
        if (heapPos[edge] != SETTLED)
        {
            return UNREACHED;
        }
        final long eta = (long)exitMs[edge] + graph.costMs(edge) - graph.partialCostMs(edge, offsetCm);
        return (int)StrictMath.min(INFINITE - 1, eta);
    }

    /**
     * Writes the route from a position to the incident as edge indices, first the unit's edge, last the
     * incident's edge.
     *
     * @param edge     the unit's edge.
     * @param offsetCm the unit's offset along it.
     * @param out      receives the edges.
     * @return the number of edges, {@link #UNREACHED} or {@link #BUFFER_TOO_SMALL}.
     */
    public int path(final int edge, final int offsetCm, final int[] out)
    {
        if (etaMs(edge, offsetCm) == UNREACHED)
        {
            return UNREACHED;
        }
        if (out.length < 1)
        {
            return BUFFER_TOO_SMALL;
        }
        out[0] = edge;
        int length = 1;
        if (edge == incidentEdge && offsetCm <= incidentOffsetCm)
        {
            return length;
        }
        int current = edge;
        do
        {
            current = next[current];
            if (length == out.length)
            {
                return BUFFER_TOO_SMALL;
            }
            out[length++] = current;
        }
        while (current != incidentEdge);
        return length;
    }

    /**
     * Reference answer for tests: a plain, full, allocating forward Dijkstra from one position, with no
     * early exit and no shared state. Never use it on the hot path.
     *
     * @param unitEdge         the unit's edge.
     * @param unitOffsetCm     the unit's offset.
     * @param incidentEdgeArg  the incident's edge.
     * @param incidentOffset   the incident's offset.
     * @return milliseconds, or {@link #UNREACHED}.
     */
    public int bruteForceEta(final int unitEdge, final int unitOffsetCm, final int incidentEdgeArg, final int incidentOffset)
    {
        if (unitEdge == incidentEdgeArg && unitOffsetCm <= incidentOffset)
        {
            return graph.partialCostMs(unitEdge, incidentOffset) - graph.partialCostMs(unitEdge, unitOffsetCm);
        }
        // enter[e]: least time to reach the start of edge e.
        final long[] enter = new long[graph.edgeCount()];
        Arrays.fill(enter, Long.MAX_VALUE);
        final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        final long rest = graph.costMs(unitEdge) - graph.partialCostMs(unitEdge, unitOffsetCm);
        for (final int s : graph.successors(unitEdge))
        {
            if (rest < enter[s])
            {
                enter[s] = rest;
                queue.add(new long[] {rest, s});
            }
        }
        while (!queue.isEmpty())
        {
            final long[] top = queue.poll();
            final int e = (int)top[1];
            if (top[0] != enter[e])
            {
                continue;
            }
            final long through = enter[e] + graph.costMs(e);
            for (final int s : graph.successors(e))
            {
                if (through < enter[s])
                {
                    enter[s] = through;
                    queue.add(new long[] {through, s});
                }
            }
        }
        if (enter[incidentEdgeArg] == Long.MAX_VALUE)
        {
            return UNREACHED;
        }
        return (int)StrictMath.min(INFINITE - 1, enter[incidentEdgeArg] + graph.partialCostMs(incidentEdgeArg, incidentOffset));
    }

    private void relax(final int edge, final int d, final int via)
    {
        final int pos = heapPos[edge];
        if (pos == SETTLED || d >= exitMs[edge])
        {
            return;
        }
        if (exitMs[edge] == INFINITE)
        {
            touched[touchedCount++] = edge;
        }
        exitMs[edge] = d;
        next[edge] = via;
        if (pos == NOT_IN_HEAP)
        {
            heap[heapSize] = edge;
            heapPos[edge] = heapSize;
            heapSize++;
            siftUp(heapSize - 1);
        }
        else
        {
            siftUp(pos);
        }
    }

    private boolean less(final int a, final int b)
    {
        final int da = exitMs[a];
        final int db = exitMs[b];
        return da < db || (da == db && a < b);
    }

    private void siftUp(final int index)
    {
        int i = index;
        final int e = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final int p = heap[parent];
            if (!less(e, p))
            {
                break;
            }
            heap[i] = p;
            heapPos[p] = i;
            i = parent;
        }
        heap[i] = e;
        heapPos[e] = i;
    }

    private void siftDown(final int index)
    {
        int i = index;
        final int e = heap[i];
        final int half = heapSize >>> 1;
        while (i < half)
        {
            int child = 2 * i + 1;
            final int right = child + 1;
            if (right < heapSize && less(heap[right], heap[child]))
            {
                child = right;
            }
            if (!less(heap[child], e))
            {
                break;
            }
            heap[i] = heap[child];
            heapPos[heap[i]] = i;
            i = child;
        }
        heap[i] = e;
        heapPos[e] = i;
    }
}
