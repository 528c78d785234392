package org.beacon.signal.sumo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.beacon.signal.SignalNetwork;
import org.beacon.signal.controller.Indication;
import org.beacon.signal.controller.RingBarrierController;
import org.beacon.signal.field.FieldControllers;

/**
 * Makes SUMO's traffic lights show what Beacon's field controllers show. For every traffic light of the
 * SUMO network whose id is an intersection id of the {@link SignalNetwork}, the net file's
 * {@code <connection from=… tl=… linkIndex=… dir=…>} elements give, per link index, the incoming edge
 * (hence the approach's NEMA phase, {@link SignalNetwork#approachPhase(int)}) and whether the link turns
 * left or turns around. Each link then shows its phase's vehicle {@link Indication}:
 *
 * <ul>
 *   <li>GREEN: {@code 'G'} (priority), {@code 'g'} for left turns and U-turns (permissive: they yield to
 *       oncoming traffic, as the controllers' permissive left turns do);</li>
 *   <li>YELLOW: {@code 'y'}; RED: {@code 'r'};</li>
 *   <li>FLASHING_RED (flash, fault flash): {@code 's'}, SUMO's stop-then-go, which is what a flashing red means
 *       to a driver (an all-red {@code 'r'} would freeze the simulation for the length of a flash);</li>
 *   <li>FLASHING_YELLOW: {@code 'o'} (blinking, yield); DARK: {@code 'O'} (signal off).</li>
 * </ul>
 *
 * <p>A link whose incoming edge is not an approach of the intersection (or has no phase) shows {@code 'r'}.
 * Traffic lights that are not intersections of the network are left to SUMO's own programs. The mapping is
 * fixed at construction; {@link #apply} sends a light's state only when it changed. Single-threaded.
 *
 * <p>When the network carries signal links ({@link SignalNetwork#signalLinkCount()}, a network read from a
 * real SUMO file), the file's connections are not re-read: each link shows the phase {@link
 * org.beacon.signal.SignalGroups} gave it from the file's conflicts, at the intersection of its own junction (a
 * light joined over several junctions drives each part from that junction's controller), with the minor
 * green {@code 'g'} exactly where the link yields to a link that may be green with it. Positions of a light's
 * state that no mapped link fills show {@code 'r'}.
 */
public final class SumoSignalBridge
{
    /** Shown by a link whose approach has no phase. */
    public static final char NO_PHASE = 'r';

    private final SignalNetwork network;
    private final String[] tlsIds;
    private final int[] intersection;
    private final int[][] linkIntersection;
    private final int[][] linkPhase;
    private final boolean[][] linkLeft;
    private final int[][] linkEdge;
    private final String[] lastSent;
    private final char[] scratch;

    private SumoSignalBridge(final SignalNetwork network, final Map<String, List<int[]>> linksByTls)
    {
        this.network = network;
        final int n = linksByTls.size();
        tlsIds = new String[n];
        intersection = new int[n];
        linkIntersection = new int[n][];
        linkPhase = new int[n][];
        linkLeft = new boolean[n][];
        linkEdge = new int[n][];
        lastSent = new String[n];
        int t = 0;
        int longest = 1;
        for (final Map.Entry<String, List<int[]>> entry : linksByTls.entrySet())
        {
            tlsIds[t] = entry.getKey();
            intersection[t] = entry.getValue().get(0)[4];
            int count = 0;
            for (final int[] link : entry.getValue())
            {
                count = Math.max(count, link[0] + 1);
            }
            linkPhase[t] = new int[count];
            linkIntersection[t] = new int[count];
            Arrays.fill(linkIntersection[t], intersection[t]);
            linkLeft[t] = new boolean[count];
            linkEdge[t] = new int[count];
            Arrays.fill(linkEdge[t], -1);
            final boolean[] seen = new boolean[count];
            for (final int[] link : entry.getValue())
            {
                final int index = link[0];
                if (seen[index])
                {
                    continue; // a link index shared by several connections: the first one decides
                }
                seen[index] = true;
                linkPhase[t][index] = link[1];
                linkLeft[t][index] = link[2] != 0;
                linkEdge[t][index] = link[3];
                linkIntersection[t][index] = link[4];
            }
            longest = Math.max(longest, count);
            t++;
        }
        scratch = new char[longest];
    }

    /**
     * Reads the links of a net file.
     *
     * @param netFile   a SUMO {@code .net.xml}.
     * @param network   the signal network whose intersection ids are SUMO traffic-light ids.
     * @param edgeIndex the network's edge index of a SUMO edge id, negative when it has none.
     * @return the bridge.
     * @throws IOException if the file cannot be read or is not a net file.
     */
    public static SumoSignalBridge fromNetFile(final Path netFile, final SignalNetwork network,
        final ToIntFunction<String> edgeIndex) throws IOException
    {
        try (InputStream in = Files.newInputStream(netFile))
        {
            return fromNet(in, network, edgeIndex);
        }
    }

    /**
     * Reads the links of a net file from a stream (DTDs and external entities are refused).
     *
     * @param in        the {@code .net.xml} content.
     * @param network   the signal network whose intersection ids are SUMO traffic-light ids.
     * @param edgeIndex the network's edge index of a SUMO edge id, negative when it has none.
     * @return the bridge.
     * @throws IOException if the stream cannot be read or is not a net file.
     */
    public static SumoSignalBridge fromNet(final InputStream in, final SignalNetwork network,
        final ToIntFunction<String> edgeIndex) throws IOException
    {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        final Map<String, List<int[]>> linksByTls = new TreeMap<>();
        boolean sawNet = false;
        try
        {
            final XMLStreamReader r = factory.createXMLStreamReader(in);
            try
            {
                while (r.hasNext())
                {
                    if (r.next() != XMLStreamConstants.START_ELEMENT)
                    {
                        continue;
                    }
                    final String name = r.getLocalName();
                    if ("net".equals(name))
                    {
                        sawNet = true;
                    }
                    else if ("connection".equals(name))
                    {
                        final String tl = r.getAttributeValue(null, "tl");
                        final String link = r.getAttributeValue(null, "linkIndex");
                        final int intersectionIndex = null == tl ? -1 : network.intersectionIndex(tl);
                        if (null == link || intersectionIndex < 0)
                        {
                            continue;
                        }
                        final int linkIndex = parseLinkIndex(link, tl);
                        final String from = r.getAttributeValue(null, "from");
                        final int edge = null == from ? -1 : edgeIndex.applyAsInt(from);
                        final int phase = edge >= 0 && edge < network.edgeCount() &&
                            network.intersectionAtEnd(edge) == intersectionIndex ? network.approachPhase(edge) : 0;
                        final String dir = r.getAttributeValue(null, "dir");
                        final boolean left = "l".equals(dir) || "L".equals(dir) || "t".equals(dir);
                        linksByTls.computeIfAbsent(tl, k -> new ArrayList<>())
                            .add(new int[] {linkIndex, Math.max(0, phase), left ? 1 : 0, edge, intersectionIndex});
                    }
                }
            }
            finally
            {
                r.close();
            }
        }
        catch (final XMLStreamException ex)
        {
            throw new IOException("not a readable SUMO net file: " + ex.getMessage(), ex);
        }
        if (!sawNet)
        {
            throw new IOException("not a SUMO net file: no <net> element");
        }
        if (network.signalLinkCount() > 0)
        {
            linksByTls.clear();
            for (int k = 0; k < network.signalLinkCount(); k++)
            {
                linksByTls.computeIfAbsent(network.signalLinkTls(k), id -> new ArrayList<>()).add(new int[] {
                    network.signalLinkTlsIndex(k), network.signalLinkPhase(k), network.signalLinkMinor(k) ? 1 : 0,
                    network.signalLinkEdge(k), network.signalLinkIntersection(k)});
            }
        }
        return new SumoSignalBridge(network, linksByTls);
    }

    private static int parseLinkIndex(final String value, final String tl) throws IOException
    {
        try
        {
            final int index = Integer.parseInt(value);
            if (index < 0 || index > 4096)
            {
                throw new IOException("traffic light " + tl + ": linkIndex out of range: " + value);
            }
            return index;
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException("traffic light " + tl + ": linkIndex is not a number: " + value, ex);
        }
    }

    /**
     * The state character of one link.
     *
     * @param indication its phase's vehicle indication, or null when the link has no phase.
     * @param leftTurn   whether the link turns left or turns around.
     * @return the SUMO signal state character.
     */
    public static char stateChar(final Indication indication, final boolean leftTurn)
    {
        if (null == indication)
        {
            return NO_PHASE;
        }
        switch (indication)
        {
            case GREEN:
                return leftTurn ? 'g' : 'G';
            case YELLOW:
                return 'y';
            case RED:
                return 'r';
            case FLASHING_RED:
                return 's';
            case FLASHING_YELLOW:
                return 'o';
            case DARK:
                return 'O';
            default:
                return NO_PHASE;
        }
    }

    /** @return the traffic lights the bridge drives. */
    public int tlsCount()
    {
        return tlsIds.length;
    }

    /**
     * @param tls bridge index.
     * @return its SUMO traffic-light id.
     */
    public String tlsId(final int tls)
    {
        return tlsIds[tls];
    }

    /**
     * @param tls bridge index.
     * @return the signal network's intersection index of the light.
     */
    public int intersection(final int tls)
    {
        return intersection[tls];
    }

    /**
     * @param tls bridge index.
     * @return the light's link count (the length of its state string).
     */
    public int linkCount(final int tls)
    {
        return linkPhase[tls].length;
    }

    /**
     * @param tls  bridge index.
     * @param link link index.
     * @return the NEMA phase of the link's approach, 0 when none.
     */
    public int linkPhase(final int tls, final int link)
    {
        return linkPhase[tls][link];
    }

    /**
     * @param tls  bridge index.
     * @param link link index.
     * @return the intersection whose controller shows the link.
     */
    public int linkIntersection(final int tls, final int link)
    {
        return linkIntersection[tls][link];
    }

    /**
     * @param tls  bridge index.
     * @param link link index.
     * @return whether the link's green is the minor green (it turns left or around, or, with signal links,
     *         yields to a link that may be green with it).
     */
    public boolean linkLeft(final int tls, final int link)
    {
        return linkLeft[tls][link];
    }

    /**
     * @param tls  bridge index.
     * @param link link index.
     * @return the network edge index of the link's incoming edge, -1 when the network has none.
     */
    public int linkEdge(final int tls, final int link)
    {
        return linkEdge[tls][link];
    }

    /**
     * The state string a light should show for a controller.
     *
     * @param tls        bridge index.
     * @param controller the light's intersection's controller.
     * @return one character per link.
     */
    public String state(final int tls, final RingBarrierController controller)
    {
        final int[] phases = linkPhase[tls];
        final boolean[] left = linkLeft[tls];
        for (int i = 0; i < phases.length; i++)
        {
            scratch[i] = phases[i] == 0 ? NO_PHASE : stateChar(controller.vehicle(phases[i]), left[i]);
        }
        return new String(scratch, 0, phases.length);
    }

    /**
     * The state string a light should show, each link from its own intersection's controller.
     *
     * @param tls   bridge index.
     * @param field the cabinets, one per intersection of the bridge's network.
     * @return one character per link.
     */
    public String state(final int tls, final FieldControllers field)
    {
        final int[] phases = linkPhase[tls];
        final boolean[] left = linkLeft[tls];
        final int[] at = linkIntersection[tls];
        for (int i = 0; i < phases.length; i++)
        {
            scratch[i] = phases[i] == 0 || at[i] < 0 ? NO_PHASE : stateChar(field.cabinet(at[i]).controller().vehicle(phases[i]), left[i]);
        }
        return new String(scratch, 0, phases.length);
    }

    /**
     * Sends each light its controller's current indications, skipping lights whose state did not change
     * since the last call. Call after {@link FieldControllers#step(long)}; SUMO shows the state from its next step.
     *
     * @param field the cabinets, one per intersection of the bridge's network.
     * @param traci the connection to SUMO.
     * @return lights whose state was sent.
     */
    public int apply(final FieldControllers field, final TraciClient traci)
    {
        int sent = 0;
        for (int t = 0; t < tlsIds.length; t++)
        {
            final String state = state(t, field);
            if (!state.equals(lastSent[t]))
            {
                traci.setRedYellowGreenState(tlsIds[t], state);
                lastSent[t] = state;
                sent++;
            }
        }
        return sent;
    }

    /**
     * The state last sent to a light.
     *
     * @param tls bridge index.
     * @return the state, or null before the first {@link #apply}.
     */
    public String lastSent(final int tls)
    {
        return lastSent[tls];
    }

    /**
     * Approach detectors measured by SUMO on the network's approach edges: call {@link Detectors#sample}
     * after every simulation step; {@link FieldControllers#report} reads them.
     *
     * @param sumoEdgeId the SUMO edge id of a network edge index.
     * @return the detectors.
     */
    public Detectors readDetectors(final IntFunction<String> sumoEdgeId)
    {
        return new Detectors(network, sumoEdgeId);
    }

    /**
     * Per-approach readings from SUMO's per-edge last-step vehicle count and mean speed, aggregated over the
     * steps since an intersection's previous reading: count is the mean number of vehicles on the approach
     * (rounded up), occupancy the share of the approach's length they cover (7.5 m per vehicle, one lane),
     * speed the vehicle-weighted mean speed, 65535 when no vehicle was seen.
     */
    public static final class Detectors implements FieldControllers.DetectorSource
    {
        private static final double METRES_PER_VEHICLE = 7.5;
        private static final int UNKNOWN_SPEED = 0xFFFF;

        private final SignalNetwork network;
        private final int[] edges;
        private final String[] ids;
        private final long[] vehicleSteps;
        private final double[] speedSum;
        private final long[] steps;

        private Detectors(final SignalNetwork network, final IntFunction<String> sumoEdgeId)
        {
            this.network = network;
            int count = 0;
            for (int i = 0; i < network.intersectionCount(); i++)
            {
                count += network.approaches(i).length;
            }
            edges = new int[count];
            ids = new String[network.edgeCount()];
            int k = 0;
            for (int i = 0; i < network.intersectionCount(); i++)
            {
                for (final int edge : network.approaches(i))
                {
                    edges[k++] = edge;
                    ids[edge] = sumoEdgeId.apply(edge);
                }
            }
            vehicleSteps = new long[network.edgeCount()];
            speedSum = new double[network.edgeCount()];
            steps = new long[network.edgeCount()];
        }

        /**
         * Samples every approach edge once (two TraCI calls per edge).
         *
         * @param traci the connection to SUMO, after a simulation step.
         */
        public void sample(final TraciClient traci)
        {
            for (final int edge : edges)
            {
                final String id = ids[edge];
                if (null == id)
                {
                    continue;
                }
                final int vehicles = traci.edgeVehicleCount(id);
                steps[edge]++;
                if (vehicles > 0)
                {
                    vehicleSteps[edge] += vehicles;
                    speedSum[edge] += vehicles * traci.edgeMeanSpeed(id);
                }
            }
        }

        /**
         * @param edge network edge index.
         * @return steps sampled since its last reading.
         */
        public long samples(final int edge)
        {
            return steps[edge];
        }

        @Override
        public int read(final int intersection, final int[] outEdges, final int[] counts, final int[] occupancy,
            final int[] speedsCmPerS)
        {
            final int[] approaches = network.approaches(intersection);
            int n = 0;
            for (int d = 0; d < approaches.length && n < outEdges.length; d++)
            {
                final int edge = approaches[d];
                if (null == ids[edge] || steps[edge] == 0)
                {
                    continue;
                }
                final double meanVehicles = (double)vehicleSteps[edge] / steps[edge];
                outEdges[n] = edge;
                counts[n] = (int)Math.ceil(meanVehicles);
                final double lengthM = Math.max(1.0, network.lengthCm(edge) / 100.0);
                occupancy[n] = (int)Math.min(1000, Math.round(meanVehicles * METRES_PER_VEHICLE * 1000.0 / lengthM));
                speedsCmPerS[n] = vehicleSteps[edge] == 0 ? UNKNOWN_SPEED :
                    (int)Math.min(UNKNOWN_SPEED - 1, Math.round(speedSum[edge] / vehicleSteps[edge] * 100.0));
                vehicleSteps[edge] = 0;
                speedSum[edge] = 0;
                steps[edge] = 0;
                n++;
            }
            return n;
        }

        /** @return the approach edges sampled, in intersection order. */
        public int[] edges()
        {
            return Arrays.copyOf(edges, edges.length);
        }
    }
}
