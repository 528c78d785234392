package org.beacon.dispatch.road;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact, immutable-topology routing graph over a road network.
 *
 * <p>Model: the <em>edge-based</em> (line) graph. Every routing node is one directed road edge of the
 * network (a SUMO {@code <edge>}), and an arc {@code a -> b} exists only when a {@code <connection>} lets a
 * vehicle turn from edge {@code a} onto edge {@code b}. A junction graph cannot express "no left turn
 * here" or "no U-turn"; the line graph expresses them exactly and costs only one int per allowed turn.
 * The cost of an arc {@code a -> b} is the travel time of {@code b}; a position is an edge plus an offset
 * along it, so the partial first and last edges are charged pro rata.
 *
 * <p>Arrays are CSR: successors of edge {@code e} are {@code succ[succStart[e] .. succStart[e+1])}, sorted
 * ascending; predecessors likewise in {@code pred}. Junction positions and edge shapes are fixed-point
 * micro-degrees. The only mutable part is the per-edge congestion factor (permille, 1000 = free flow),
 * which changes the effective cost {@link #costMs(int)}.
 */
public final class RoadGraph
{
    /** Congestion factor of a free-flowing edge. */
    public static final int FREE_FLOW_PERMILLE = 1000;

    private final String[] edgeIds;
    private final int[] edgeFrom;
    private final int[] edgeTo;
    private final int[] lengthCm;
    private final int[] speedCmPerS;
    private final int[] freeFlowMs;
    private final int[] congestionPermille;
    private final int[] costMs;
    private final int[] succStart;
    private final int[] succ;
    private final int[] predStart;
    private final int[] pred;
    private final int[] shapeStart;
    private final int[] shapeLat;
    private final int[] shapeLon;
    private final String[] junctionIds;
    private final int[] junctionLat;
    private final int[] junctionLon;
    private final boolean[] junctionTrafficLight;
    private final Map<String, Integer> edgeIndexById;
    private final SignalLinks signalLinks;
    private final boolean[] core;
    private final int coreSize;

    private RoadGraph(final Builder b)
    {
        final int edges = b.edgeIds.size();
        edgeIds = b.edgeIds.toArray(new String[0]);
        edgeFrom = Arrays.copyOf(b.edgeFrom, edges);
        edgeTo = Arrays.copyOf(b.edgeTo, edges);
        lengthCm = Arrays.copyOf(b.lengthCm, edges);
        speedCmPerS = Arrays.copyOf(b.speedCmPerS, edges);
        freeFlowMs = new int[edges];
        congestionPermille = new int[edges];
        costMs = new int[edges];
        for (int e = 0; e < edges; e++)
        {
            final long ms = (lengthCm[e] * 1000L + speedCmPerS[e] / 2) / speedCmPerS[e];
            freeFlowMs[e] = (int)StrictMath.min(Integer.MAX_VALUE / 4, ms);
            congestionPermille[e] = FREE_FLOW_PERMILLE;
            costMs[e] = freeFlowMs[e];
        }

        final int junctions = b.junctionIds.size();
        junctionIds = b.junctionIds.toArray(new String[0]);
        junctionLat = Arrays.copyOf(b.junctionLat, junctions);
        junctionLon = Arrays.copyOf(b.junctionLon, junctions);
        junctionTrafficLight = Arrays.copyOf(b.junctionTrafficLight, junctions);

        shapeStart = Arrays.copyOf(b.shapeStart, edges + 1);
        shapeStart[edges] = b.shapeCount;
        shapeLat = Arrays.copyOf(b.shapeLat, b.shapeCount);
        shapeLon = Arrays.copyOf(b.shapeLon, b.shapeCount);

        // Turns as (from << 32 | to) longs: sorting gives CSR order and removes per-lane duplicates.
        final long[] turns = Arrays.copyOf(b.turns, b.turnCount);
        Arrays.sort(turns);
        int unique = 0;
        for (int i = 0; i < turns.length; i++)
        {
            if (i == 0 || turns[i] != turns[i - 1])
            {
                turns[unique++] = turns[i];
            }
        }
        succStart = new int[edges + 1];
        succ = new int[unique];
        predStart = new int[edges + 1];
        pred = new int[unique];
        for (int i = 0; i < unique; i++)
        {
            succStart[(int)(turns[i] >>> 32) + 1]++;
            predStart[(int)turns[i] + 1]++;
        }
        for (int e = 0; e < edges; e++)
        {
            succStart[e + 1] += succStart[e];
            predStart[e + 1] += predStart[e];
        }
        final int[] fill = Arrays.copyOf(predStart, edges);
        for (int i = 0; i < unique; i++)
        {
            final int from = (int)(turns[i] >>> 32);
            final int to = (int)turns[i];
            succ[i] = to;
            pred[fill[to]++] = from;
        }

        edgeIndexById = new HashMap<>(edges * 2);
        for (int e = 0; e < edges; e++)
        {
            edgeIndexById.put(edgeIds[e], e);
        }
        signalLinks = b.signalLinks;
        core = largestStrongComponent(edges, succStart, succ);
        int size = 0;
        for (final boolean in : core)
        {
            size += in ? 1 : 0;
        }
        coreSize = size;
    }

    /**
     * The edges of the largest strongly connected component of the turn graph (ties: the component holding the
     * lowest edge index): from each of them every other one is reachable. Real networks have islands (a car park
     * joined by a one-way exit only, a stretch cut off by a bus-only link, the map's border); a vehicle put
     * outside the core may never reach or leave it. Iterative Tarjan, in edge order, so the result is fixed by
     * the graph alone.
     */
    private static boolean[] largestStrongComponent(final int edges, final int[] succStart, final int[] succ)
    {
        final int[] index = new int[edges];
        final int[] low = new int[edges];
        final boolean[] onStack = new boolean[edges];
        final int[] stack = new int[edges];
        final int[] callEdge = new int[edges];
        final int[] callNext = new int[edges];
        final int[] component = new int[edges];
        Arrays.fill(index, -1);
        int counter = 0;
        int top = 0;
        int components = 0;
        int bestComponent = -1;
        int bestSize = 0;
        int bestMin = Integer.MAX_VALUE;
        for (int root = 0; root < edges; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            int depth = 0;
            callEdge[0] = root;
            callNext[0] = succStart[root];
            index[root] = counter;
            low[root] = counter++;
            stack[top++] = root;
            onStack[root] = true;
            while (depth >= 0)
            {
                final int v = callEdge[depth];
                if (callNext[depth] < succStart[v + 1])
                {
                    final int w = succ[callNext[depth]++];
                    if (index[w] < 0)
                    {
                        index[w] = counter;
                        low[w] = counter++;
                        stack[top++] = w;
                        onStack[w] = true;
                        depth++;
                        callEdge[depth] = w;
                        callNext[depth] = succStart[w];
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v])
                {
                    int size = 0;
                    int min = Integer.MAX_VALUE;
                    int w;
                    do
                    {
                        w = stack[--top];
                        onStack[w] = false;
                        component[w] = components;
                        size++;
                        min = Math.min(min, w);
                    }
                    while (w != v);
                    if (size > bestSize || (size == bestSize && min < bestMin))
                    {
                        bestComponent = components;
                        bestSize = size;
                        bestMin = min;
                    }
                    components++;
                }
                depth--;
                if (depth >= 0)
                {
                    final int parent = callEdge[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        final boolean[] in = new boolean[edges];
        for (int e = 0; e < edges; e++)
        {
            in[e] = component[e] == bestComponent;
        }
        return in;
    }

    /**
     * @param edge edge index.
     * @return whether the edge is in the network's largest strongly connected part (every edge of which reaches
     *         every other).
     */
    public boolean inCore(final int edge)
    {
        return core[edge];
    }

    /** @return edges in the largest strongly connected part. */
    public int coreSize()
    {
        return coreSize;
    }

    /** @return the network's signal-controlled links and foe matrices ({@link SignalLinks#NONE} when none were read). */
    public SignalLinks signalLinks()
    {
        return signalLinks;
    }

    /**
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return number of directed edges (routing nodes).
     */
    public int edgeCount()
    {
        return edgeIds.length;
    }

    /**
     * @return number of allowed turns (routing arcs).
     */
    public int turnCount()
    {
        return succ.length;
    }

    /**
     * @return number of junctions.
     */
    public int junctionCount()
    {
        return junctionIds.length;
    }

    /**
     * @param edgeId a SUMO edge id.
     * @return its index, or -1 when unknown.
     */
    public int edgeIndex(final String edgeId)
    {
        final Integer index = edgeIndexById.get(edgeId);
        return index == null ? -1 : index;
    }

    /**
     * @param edge edge index.
     * @return the SUMO edge id.
     */
    public String edgeId(final int edge)
    {
        return edgeIds[edge];
    }

    /**
     * @param edge edge index.
     * @return junction index the edge leaves.
     */
    public int edgeFrom(final int edge)
    {
        return edgeFrom[edge];
    }

    /**
     * @param edge edge index.
     * @return junction index the edge enters.
     */
    public int edgeTo(final int edge)
    {
        return edgeTo[edge];
    }

    /**
     * @param edge edge index.
     * @return length in centimetres.
     */
    public int lengthCm(final int edge)
    {
        return lengthCm[edge];
    }

    /**
     * @param edge edge index.
     * @return length in metres.
     */
    public double lengthMetres(final int edge)
    {
        return lengthCm[edge] / 100.0;
    }

    /**
     * @param edge edge index.
     * @return free-flow speed in metres per second.
     */
    public double speedMetresPerSecond(final int edge)
    {
        return speedCmPerS[edge] / 100.0;
    }

    /**
     * @param edge edge index.
     * @return free-flow travel time in milliseconds.
     */
    public int freeFlowMs(final int edge)
    {
        return freeFlowMs[edge];
    }

    /**
     * @param edge edge index.
     * @return current travel time in milliseconds (free flow times the congestion factor).
     */
    public int costMs(final int edge)
    {
        return costMs[edge];
    }

    /**
     * @param edge edge index.
     * @return the congestion factor in permille.
     */
    public int congestionPermille(final int edge)
    {
        return congestionPermille[edge];
    }

    /**
     * Sets the live congestion factor of an edge, e.g. 2500 when traffic moves at 40% of free flow.
     *
     * @param edge             edge index.
     * @param factorPermille   1000 = free flow; must be at least 1.
     */
    public void setCongestion(final int edge, final int factorPermille)
    {
        if (factorPermille < 1)
        {
            throw new IllegalArgumentException("congestion factor must be >= 1 permille: " + factorPermille);
        }
        congestionPermille[edge] = factorPermille;
        final long cost = (freeFlowMs[edge] * (long)factorPermille + FREE_FLOW_PERMILLE / 2) / FREE_FLOW_PERMILLE;
        costMs[edge] = (int)StrictMath.min(Integer.MAX_VALUE / 4, cost);
    }

    /**
     * Cost of the part of an edge from its start to an offset, rounded down; the rest is {@code costMs - partial}
     * so that the two parts always add up to the whole edge.
     *
     * @param edge     edge index.
     * @param offsetCm offset from the edge's start, clamped to the edge.
     * @return milliseconds.
     */
    public int partialCostMs(final int edge, final int offsetCm)
    {
        final int len = lengthCm[edge];
        if (len <= 0)
        {
            return 0;
        }
        final long offset = StrictMath.max(0, StrictMath.min(len, offsetCm));
        return (int)(costMs[edge] * offset / len);
    }

    /**
     * @return first index into {@link #successor(int)} for the edge; successors are in ascending order.
     */
    int succStart(final int edge)
    {
        return succStart[edge];
    }

    int succEnd(final int edge)
    {
        return succStart[edge + 1];
    }

    int successor(final int index)
    {
        return succ[index];
    }

    int predStart(final int edge)
    {
        return predStart[edge];
    }

    int predEnd(final int edge)
    {
        return predStart[edge + 1];
    }

    int predecessor(final int index)
    {
        return pred[index];
    }

    /**
     * @param edge edge index.
     * @return edges a vehicle may turn onto from this edge, ascending.
     */
    public int[] successors(final int edge)
    {
        return Arrays.copyOfRange(succ, succStart[edge], succStart[edge + 1]);
    }

    /**
     * @param edge edge index.
     * @return number of shape points of the edge (at least two).
     */
    public int shapePointCount(final int edge)
    {
        return shapeStart[edge + 1] - shapeStart[edge];
    }

    /**
     * @param edge  edge index.
     * @param point shape point index.
     * @return latitude in micro-degrees.
     */
    public int shapeLatMicros(final int edge, final int point)
    {
        return shapeLat[shapeStart[edge] + point];
    }

    /**
     * @param edge  edge index.
     * @param point shape point index.
     * @return longitude in micro-degrees.
     */
    public int shapeLonMicros(final int edge, final int point)
    {
        return shapeLon[shapeStart[edge] + point];
    }

    /**
     * @param junction junction index.
     * @return the SUMO junction id.
     */
    public String junctionId(final int junction)
    {
        return junctionIds[junction];
    }

    /**
     * @param junction junction index.
     * @return latitude in micro-degrees.
     */
    public int junctionLatMicros(final int junction)
    {
        return junctionLat[junction];
    }

    /**
     * @param junction junction index.
     * @return longitude in micro-degrees.
     */
    public int junctionLonMicros(final int junction)
    {
        return junctionLon[junction];
    }

    /**
     * @param junction junction index.
     * @return whether the junction is controlled by a traffic light.
     */
    public boolean isTrafficLight(final int junction)
    {
        return junctionTrafficLight[junction];
    }

    /**
     * @return ids of the traffic-light junctions, in junction order.
     */
    public List<String> trafficLightJunctionIds()
    {
        final List<String> ids = new ArrayList<>();
        for (int j = 0; j < junctionIds.length; j++)
        {
            if (junctionTrafficLight[j])
            {
                ids.add(junctionIds[j]);
            }
        }
        return ids;
    }

    /**
     * Collects junctions, edges and turns; edge and junction indices are the order of addition.
     */
    public static final class Builder
    {
        private final List<String> junctionIds = new ArrayList<>();
        private final Map<String, Integer> junctionIndex = new HashMap<>();
        private int[] junctionLat = new int[16];
        private int[] junctionLon = new int[16];
        private boolean[] junctionTrafficLight = new boolean[16];

        private final List<String> edgeIds = new ArrayList<>();
        private final Map<String, Integer> edgeIndex = new HashMap<>();
        private int[] edgeFrom = new int[16];
        private int[] edgeTo = new int[16];
        private int[] lengthCm = new int[16];
        private int[] speedCmPerS = new int[16];
        private int[] shapeStart = new int[17];
        private int[] shapeLat = new int[32];
        private int[] shapeLon = new int[32];
        private int shapeCount;
        private long[] turns = new long[32];
        private int turnCount;
        private SignalLinks signalLinks = SignalLinks.NONE;

        private Builder()
        {
        }

        /**
         * Adds a junction.
         *
         * @param id           unique id.
         * @param latMicros    latitude, micro-degrees.
         * @param lonMicros    longitude, micro-degrees.
         * @param trafficLight whether a signal controls it.
         * @return its index.
         */
        public int addJunction(final String id, final int latMicros, final int lonMicros, final boolean trafficLight)
        {
            if (junctionIndex.containsKey(id))
            {
                throw new IllegalArgumentException("duplicate junction " + id);
            }
            final int j = junctionIds.size();
            if (j == junctionLat.length)
            {
                junctionLat = Arrays.copyOf(junctionLat, j * 2);
                junctionLon = Arrays.copyOf(junctionLon, j * 2);
                junctionTrafficLight = Arrays.copyOf(junctionTrafficLight, j * 2);
            }
            junctionIds.add(id);
            junctionIndex.put(id, j);
            junctionLat[j] = latMicros;
            junctionLon[j] = lonMicros;
            junctionTrafficLight[j] = trafficLight;
            return j;
        }

        /**
         * @param id junction id.
         * @return its index, or -1.
         */
        public int junctionIndex(final String id)
        {
            final Integer j = junctionIndex.get(id);
            return j == null ? -1 : j;
        }

        /**
         * @param id edge id.
         * @return its index, or -1.
         */
        public int edgeIndex(final String id)
        {
            final Integer e = edgeIndex.get(id);
            return e == null ? -1 : e;
        }

        /**
         * Adds a directed edge with its shape (at least two points; when fewer are given the junction
         * positions are used).
         *
         * @param id           unique id.
         * @param from         junction index it leaves.
         * @param to           junction index it enters.
         * @param lengthMetres length, metres (> 0).
         * @param speedMps     free-flow speed, metres per second (> 0).
         * @param latMicros    shape latitudes, micro-degrees, may be null.
         * @param lonMicros    shape longitudes, micro-degrees, may be null.
         * @return its index.
         */
        public int addEdge(
            final String id,
            final int from,
            final int to,
            final double lengthMetres,
            final double speedMps,
            final int[] latMicros,
            final int[] lonMicros)
        {
            if (edgeIndex.containsKey(id))
            {
                throw new IllegalArgumentException("duplicate edge " + id);
            }
            if (from < 0 || from >= junctionIds.size() || to < 0 || to >= junctionIds.size())
            {
                throw new IllegalArgumentException("edge " + id + " has an unknown junction");
            }
            if (!(speedMps > 0) || !(lengthMetres >= 0))
            {
                throw new IllegalArgumentException("edge " + id + " needs a positive speed and length");
            }
            final int e = edgeIds.size();
            if (e == edgeFrom.length)
            {
                edgeFrom = Arrays.copyOf(edgeFrom, e * 2);
                edgeTo = Arrays.copyOf(edgeTo, e * 2);
                lengthCm = Arrays.copyOf(lengthCm, e * 2);
                speedCmPerS = Arrays.copyOf(speedCmPerS, e * 2);
                shapeStart = Arrays.copyOf(shapeStart, e * 2 + 1);
            }
            edgeIds.add(id);
            edgeIndex.put(id, e);
            edgeFrom[e] = from;
            edgeTo[e] = to;
            lengthCm[e] = (int)StrictMath.max(1, StrictMath.round(lengthMetres * 100.0));
            speedCmPerS[e] = (int)StrictMath.max(1, StrictMath.round(speedMps * 100.0));
            shapeStart[e] = shapeCount;
            if (latMicros != null && lonMicros != null && latMicros.length >= 2 && latMicros.length == lonMicros.length)
            {
                for (int i = 0; i < latMicros.length; i++)
                {
                    addShapePoint(latMicros[i], lonMicros[i]);
                }
            }
            else
            {
                addShapePoint(junctionLat[from], junctionLon[from]);
                addShapePoint(junctionLat[to], junctionLon[to]);
            }
            return e;
        }

        /**
         * Allows the turn from one edge onto another; duplicates (one per lane pair in SUMO) are merged.
         *
         * @param fromEdge edge index.
         * @param toEdge   edge index.
         * @return this.
         */
        public Builder addTurn(final int fromEdge, final int toEdge)
        {
            if (fromEdge < 0 || fromEdge >= edgeIds.size() || toEdge < 0 || toEdge >= edgeIds.size())
            {
                throw new IllegalArgumentException("turn between unknown edges " + fromEdge + " -> " + toEdge);
            }
            if (turnCount == turns.length)
            {
                turns = Arrays.copyOf(turns, turnCount * 2);
            }
            turns[turnCount++] = ((long)fromEdge << 32) | toEdge;
            return this;
        }

        /**
         * Attaches the network's signal links.
         *
         * @param links the links, indexed by this builder's edges and junctions.
         * @return this.
         */
        public Builder signalLinks(final SignalLinks links)
        {
            signalLinks = null == links ? SignalLinks.NONE : links;
            return this;
        }

        /**
         * @return the graph.
         */
        public RoadGraph build()
        {
            return new RoadGraph(this);
        }

        private void addShapePoint(final int lat, final int lon)
        {
            if (shapeCount == shapeLat.length)
            {
                shapeLat = Arrays.copyOf(shapeLat, shapeCount * 2);
                shapeLon = Arrays.copyOf(shapeLon, shapeCount * 2);
            }
            shapeLat[shapeCount] = lat;
            shapeLon[shapeCount] = lon;
            shapeCount++;
        }
    }
}
