package org.beacon.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signalized intersections of the center's fixed road network, as the green-wave planner and
 * the field gateways see them: which routing edge ends at which intersection, and which NEMA phase
 * serves a vehicle arriving on that edge. Built once from the same road network dispatch routes on
 * (edge and junction indices are dispatch's), so a route's edge list maps straight to the signals
 * ahead of a unit. Immutable after {@link Builder#build()}; part of the state machine's fixed
 * configuration like the network itself.
 *
 * <p>Approach phases follow NEMA's through-phase convention for a four-leg junction: travel
 * northbound on phase 2, southbound on 6 (one street, two rings, compatible), eastbound on 4,
 * westbound on 8. {@link #phaseForHeading(double)} is that rule. A network read from a SUMO file also
 * carries its <em>signal links</em>: each controlled link of a traffic light (its state-string position)
 * with the intersection and phase that show it, as {@link SignalGroups} mapped them from the file's
 * conflicts; approaches then take their links' phase.
 */
public final class SignalNetwork
{
    /** Metres per micro-degree of latitude (WGS84 mean). */
    public static final double METRES_PER_MICRODEGREE = 0.1113195;

    private final int[] junctionLat;
    private final int[] junctionLon;
    private final int[] edgeFrom;
    private final int[] edgeTo;
    private final int[] edgeLengthCm;
    private final int[] edgeFreeFlowMs;
    private final int[] edgeIntersection;
    private final int[] edgePhase;
    private final String[] intersectionIds;
    private final int[] intersectionJunction;
    private final int[] intersectionPhaseMask;
    private final int[][] intersectionApproaches;
    private final double[] intersectionSpeedMps;
    private final double cosLat;
    private final String[] linkTls;
    private final int[] linkTlsIndex;
    private final int[] linkIntersection;
    private final int[] linkEdge;
    private final int[] linkPhase;
    private final boolean[] linkMinor;

    private SignalNetwork(final Builder b)
    {
        junctionLat = b.junctionLat;
        junctionLon = b.junctionLon;
        edgeFrom = b.edgeFrom;
        edgeTo = b.edgeTo;
        edgeLengthCm = b.edgeLengthCm;
        edgeFreeFlowMs = b.edgeFreeFlowMs;
        edgeIntersection = b.edgeIntersection;
        edgePhase = b.edgePhase;
        final int n = b.ids.size();
        intersectionIds = b.ids.toArray(new String[0]);
        intersectionJunction = new int[n];
        intersectionPhaseMask = new int[n];
        intersectionApproaches = new int[n][];
        intersectionSpeedMps = new double[n];
        long latSum = 0;
        for (int i = 0; i < n; i++)
        {
            intersectionJunction[i] = b.junctions.get(i);
            latSum += junctionLat[intersectionJunction[i]];
        }
        final int[] counts = new int[n];
        for (int e = 0; e < edgeIntersection.length; e++)
        {
            if (edgeIntersection[e] >= 0)
            {
                counts[edgeIntersection[e]]++;
            }
        }
        for (int i = 0; i < n; i++)
        {
            intersectionApproaches[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int e = 0; e < edgeIntersection.length; e++)
        {
            final int i = edgeIntersection[e];
            if (i >= 0)
            {
                intersectionApproaches[i][counts[i]++] = e;
                intersectionPhaseMask[i] |= 1 << edgePhase[e];
                intersectionSpeedMps[i] = Math.max(intersectionSpeedMps[i], b.edgeSpeedMps[e]);
            }
        }
        final int links = b.linkTls.size();
        linkTls = b.linkTls.toArray(new String[0]);
        linkTlsIndex = new int[links];
        linkIntersection = new int[links];
        linkEdge = new int[links];
        linkPhase = new int[links];
        linkMinor = new boolean[links];
        for (int k = 0; k < links; k++)
        {
            final int[] link = b.links.get(k);
            linkTlsIndex[k] = link[0];
            linkIntersection[k] = link[1];
            linkEdge[k] = link[2];
            linkPhase[k] = link[3];
            linkMinor[k] = link[4] != 0;
            intersectionPhaseMask[link[1]] |= 1 << link[3];
        }
        final double meanLat = n == 0 ? 0 : (double)latSum / n / 1e6;
        cosLat = StrictMath.cos(StrictMath.toRadians(meanLat));
    }

    /**
     * A builder sized for a road network.
     *
     * @param edgeCount     routing edges of the network.
     * @param junctionCount junctions of the network.
     * @return the builder.
     */
    public static Builder builder(final int edgeCount, final int junctionCount)
    {
        return new Builder(edgeCount, junctionCount);
    }

    /**
     * The NEMA through phase of a vehicle travelling on a heading.
     *
     * @param headingDeg direction of travel, degrees clockwise from north.
     * @return 2 (northbound), 4 (eastbound), 6 (southbound) or 8 (westbound).
     */
    public static int phaseForHeading(final double headingDeg)
    {
        final double h = ((headingDeg % 360.0) + 360.0) % 360.0;
        if (h >= 315.0 || h < 45.0)
        {
            return 2;
        }
        if (h < 135.0)
        {
            return 4;
        }
        if (h < 225.0)
        {
            return 6;
        }
        return 8;
    }

    /** @return signalized intersections. */
    public int intersectionCount()
    {
        return intersectionIds.length;
    }

    /** @return routing edges of the network. */
    public int edgeCount()
    {
        return edgeFrom.length;
    }

    /**
     * @param intersection index.
     * @return the junction id of the intersection in the network file.
     */
    public String intersectionId(final int intersection)
    {
        return intersectionIds[intersection];
    }

    /**
     * @param id junction id.
     * @return the intersection index, or -1.
     */
    public int intersectionIndex(final String id)
    {
        for (int i = 0; i < intersectionIds.length; i++)
        {
            if (intersectionIds[i].equals(id))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param intersection index.
     * @return latitude, micro-degrees.
     */
    public int intersectionLatMicros(final int intersection)
    {
        return junctionLat[intersectionJunction[intersection]];
    }

    /**
     * @param intersection index.
     * @return longitude, micro-degrees.
     */
    public int intersectionLonMicros(final int intersection)
    {
        return junctionLon[intersectionJunction[intersection]];
    }

    /**
     * @param intersection index.
     * @return bit p set for every phase p that serves an approach.
     */
    public int phaseMask(final int intersection)
    {
        return intersectionPhaseMask[intersection];
    }

    /**
     * @param intersection index.
     * @return the approach edges, in edge order (do not modify).
     */
    public int[] approaches(final int intersection)
    {
        return intersectionApproaches[intersection];
    }

    /**
     * @param intersection index.
     * @return the highest speed limit of its approaches, m/s (for yellow and red clearance).
     */
    public double approachSpeedMps(final int intersection)
    {
        return intersectionSpeedMps[intersection];
    }

    /**
     * @param edge routing edge.
     * @return the intersection the edge ends at, or -1 when its end junction has no signal.
     */
    public int intersectionAtEnd(final int edge)
    {
        return edge < 0 || edge >= edgeIntersection.length ? -1 : edgeIntersection[edge];
    }

    /**
     * @param edge routing edge.
     * @return the phase serving a vehicle arriving on it, or 0 when it ends at no signal.
     */
    public int approachPhase(final int edge)
    {
        return edge < 0 || edge >= edgePhase.length ? 0 : edgePhase[edge];
    }

    /**
     * @param edge routing edge.
     * @return the junction it starts at.
     */
    public int edgeFrom(final int edge)
    {
        return edgeFrom[edge];
    }

    /**
     * @param edge routing edge.
     * @return the junction it ends at.
     */
    public int edgeTo(final int edge)
    {
        return edgeTo[edge];
    }

    /**
     * @param edge routing edge.
     * @return its length, centimetres.
     */
    public int lengthCm(final int edge)
    {
        return edgeLengthCm[edge];
    }

    /**
     * @param edge routing edge.
     * @return its free-flow drive time, milliseconds.
     */
    public int freeFlowMs(final int edge)
    {
        return edgeFreeFlowMs[edge];
    }

    /**
     * @param junction index.
     * @return latitude, micro-degrees.
     */
    public int junctionLatMicros(final int junction)
    {
        return junctionLat[junction];
    }

    /**
     * @param junction index.
     * @return longitude, micro-degrees.
     */
    public int junctionLonMicros(final int junction)
    {
        return junctionLon[junction];
    }

    /** @return signal links (0 when the network was not mapped link by link). */
    public int signalLinkCount()
    {
        return linkTls.length;
    }

    /**
     * @param link signal link index.
     * @return the traffic light whose state shows it.
     */
    public String signalLinkTls(final int link)
    {
        return linkTls[link];
    }

    /**
     * @param link signal link index.
     * @return its position in the traffic light's state string.
     */
    public int signalLinkTlsIndex(final int link)
    {
        return linkTlsIndex[link];
    }

    /**
     * @param link signal link index.
     * @return the intersection whose controller shows it.
     */
    public int signalLinkIntersection(final int link)
    {
        return linkIntersection[link];
    }

    /**
     * @param link signal link index.
     * @return its incoming routing edge, -1 when it is not one of the road graph's (bus lane, crossing).
     */
    public int signalLinkEdge(final int link)
    {
        return linkEdge[link];
    }

    /**
     * @param link signal link index.
     * @return the phase 1..8 it shows.
     */
    public int signalLinkPhase(final int link)
    {
        return linkPhase[link];
    }

    /**
     * @param link signal link index.
     * @return whether its green is the minor (yielding) green.
     */
    public boolean signalLinkMinor(final int link)
    {
        return linkMinor[link];
    }

    /** @return cosine of the network's mean latitude, for local metric distances. */
    public double cosLat()
    {
        return cosLat;
    }

    /** Collects junctions, edges and the intersections' approaches. */
    public static final class Builder
    {
        private final int[] junctionLat;
        private final int[] junctionLon;
        private final int[] edgeFrom;
        private final int[] edgeTo;
        private final int[] edgeLengthCm;
        private final int[] edgeFreeFlowMs;
        private final double[] edgeSpeedMps;
        private final int[] edgeIntersection;
        private final int[] edgePhase;
        private final List<String> ids = new ArrayList<>();
        private final List<Integer> junctions = new ArrayList<>();
        private final List<String> linkTls = new ArrayList<>();
        private final List<int[]> links = new ArrayList<>();
        private boolean built;

        private Builder(final int edgeCount, final int junctionCount)
        {
            junctionLat = new int[junctionCount];
            junctionLon = new int[junctionCount];
            edgeFrom = new int[edgeCount];
            edgeTo = new int[edgeCount];
            edgeLengthCm = new int[edgeCount];
            edgeFreeFlowMs = new int[edgeCount];
            edgeSpeedMps = new double[edgeCount];
            edgeIntersection = new int[edgeCount];
            edgePhase = new int[edgeCount];
            Arrays.fill(edgeIntersection, -1);
        }

        /**
         * Places a junction.
         *
         * @param junction  index.
         * @param latMicros latitude.
         * @param lonMicros longitude.
         * @return this.
         */
        public Builder junction(final int junction, final int latMicros, final int lonMicros)
        {
            junctionLat[junction] = latMicros;
            junctionLon[junction] = lonMicros;
            return this;
        }

        /**
         * Describes a routing edge.
         *
         * @param edge       index.
         * @param from       junction it starts at.
         * @param to         junction it ends at.
         * @param lengthCm   length.
         * @param freeFlowMs free-flow drive time.
         * @param speedMps   speed limit.
         * @return this.
         */
        public Builder edge(final int edge, final int from, final int to, final int lengthCm, final int freeFlowMs,
            final double speedMps)
        {
            edgeFrom[edge] = from;
            edgeTo[edge] = to;
            edgeLengthCm[edge] = lengthCm;
            edgeFreeFlowMs[edge] = freeFlowMs;
            edgeSpeedMps[edge] = speedMps;
            return this;
        }

        /**
         * Adds a signalized intersection.
         *
         * @param id       its junction id in the network file.
         * @param junction its junction index.
         * @return its intersection index.
         */
        public int intersection(final String id, final int junction)
        {
            ids.add(id);
            junctions.add(junction);
            return ids.size() - 1;
        }

        /**
         * Declares an edge an approach of the intersection at its end, served by a phase.
         *
         * @param edge         the approach edge.
         * @param intersection the intersection index.
         * @param phase        the NEMA phase 1..8.
         * @return this.
         */
        public Builder approach(final int edge, final int intersection, final int phase)
        {
            if (phase < 1 || phase > 8)
            {
                throw new IllegalArgumentException("phase must be 1..8: " + phase);
            }
            if (intersection < 0 || intersection >= ids.size())
            {
                throw new IllegalArgumentException("unknown intersection " + intersection);
            }
            edgeIntersection[edge] = intersection;
            edgePhase[edge] = phase;
            return this;
        }

        /**
         * Adds a signal link: one position of a traffic light's state string and the phase that shows it.
         *
         * @param tls          the traffic light's id.
         * @param tlsIndex     the position in its state string.
         * @param intersection the intersection whose controller shows it.
         * @param edge         its incoming routing edge, or -1.
         * @param phase        the phase 1..8.
         * @param minor        whether its green is the minor green (it yields).
         * @return this.
         */
        public Builder signalLink(final String tls, final int tlsIndex, final int intersection, final int edge, final int phase,
            final boolean minor)
        {
            if (phase < 1 || phase > 8)
            {
                throw new IllegalArgumentException("phase must be 1..8: " + phase);
            }
            if (intersection < 0 || intersection >= ids.size())
            {
                throw new IllegalArgumentException("unknown intersection " + intersection);
            }
            if (tlsIndex < 0)
            {
                throw new IllegalArgumentException("negative link index " + tlsIndex);
            }
            linkTls.add(tls);
            links.add(new int[] {tlsIndex, intersection, edge, phase, minor ? 1 : 0});
            return this;
        }

        /** @return the network; the builder is spent. */
        public SignalNetwork build()
        {
            if (built)
            {
                throw new IllegalStateException("already built");
            }
            built = true;
            return new SignalNetwork(this);
        }
    }
}
