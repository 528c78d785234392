package org.beacon.dispatch.road;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a SUMO network ({@code .net.xml}) into a {@link RoadGraph} for one vehicle class (by default SUMO's
 * {@code emergency}, the responders). Start-up work, never on the hot path.
 *
 * <ul>
 *   <li>{@code <location>}: {@code netOffset} and {@code projParameter} give the way back to WGS84 (see
 *       {@link NetProjection}); a network without projection ("!") is placed around a configured origin.</li>
 *   <li>{@code <edge>}: only normal edges (internal lanes, crossings and walking areas belong to junctions); an
 *       edge is kept when one of its lanes admits the class (SUMO's {@code allow}/{@code disallow} rule), its
 *       speed is the fastest such lane, its length and shape those of the first such lane. A bus lane, a bike
 *       path or a sidewalk therefore carries no responder.</li>
 *   <li>{@code <junction>}: position; {@code traffic_light*} types mark signalized junctions.</li>
 *   <li>{@code <connection>}: a turn (from edge, to edge) exists when some connection joins a lane of the one to a
 *       lane of the other and both lanes (and the connection's own permissions, if any) admit the class: a turn
 *       that only the bike lane makes is no turn for a fire engine. The few metres inside the junction
 *       ({@code via} lanes) are not charged.</li>
 *   <li>Signal-controlled connections and the junctions' foe matrices become the graph's {@link SignalLinks}.</li>
 * </ul>
 *
 * <p>The parser refuses DTDs and external entities (no XXE).
 */
public final class SumoNetReader
{
    /** Default origin for networks without projection: Ben Thanh market, central Ho Chi Minh City. */
    public static final double DEFAULT_ORIGIN_LAT = 10.7725;
    /** Default origin longitude for networks without projection. */
    public static final double DEFAULT_ORIGIN_LON = 106.6980;
    /** SUMO's vehicle class of the responders, the class the center's road graph is read for. */
    public static final String RESPONDER_CLASS = "emergency";

    private static final String NORMAL = "normal";
    private static final String WALKING_AREA = "walkingarea";
    private static final int MAX_LINK_INDEX = 1 << 16;

    private final double originLatDeg;
    private final double originLonDeg;
    private final String vehicleClass;
    private NetProjection projection;

    /**
     * A reader placing unprojected networks at {@link #DEFAULT_ORIGIN_LAT}, {@link #DEFAULT_ORIGIN_LON}.
     */
    public SumoNetReader()
    {
        this(DEFAULT_ORIGIN_LAT, DEFAULT_ORIGIN_LON);
    }

    /**
     * @param originLatDeg origin latitude for networks with {@code projParameter="!"}.
     * @param originLonDeg origin longitude for networks with {@code projParameter="!"}.
     */
    public SumoNetReader(final double originLatDeg, final double originLonDeg)
    {
        this(originLatDeg, originLonDeg, RESPONDER_CLASS);
    }

    /**
     * @param originLatDeg origin latitude for networks with {@code projParameter="!"}.
     * @param originLonDeg origin longitude for networks with {@code projParameter="!"}.
     * @param vehicleClass the SUMO vehicle class whose lanes and turns the graph holds (e.g. {@code passenger}).
     */
    public SumoNetReader(final double originLatDeg, final double originLonDeg, final String vehicleClass)
    {
        if (null == vehicleClass || vehicleClass.isBlank() || vehicleClass.trim().contains(" "))
        {
            throw new IllegalArgumentException("one SUMO vehicle class expected, got '" + vehicleClass + "'");
        }
        this.originLatDeg = originLatDeg;
        this.originLonDeg = originLonDeg;
        this.vehicleClass = vehicleClass.trim();
    }

    /**
     * A reader for one vehicle class placing unprojected networks at the default origin.
     *
     * @param vehicleClass the SUMO vehicle class.
     * @return the reader.
     */
    public static SumoNetReader forClass(final String vehicleClass)
    {
        return new SumoNetReader(DEFAULT_ORIGIN_LAT, DEFAULT_ORIGIN_LON, vehicleClass);
    }

    /**
     * @return the projection of the last network read, or null before the first read.
     */
    public NetProjection projection()
    {
        return projection;
    }

    /**
     * Reads a network file.
     *
     * @param file the {@code .net.xml}.
     * @return the graph.
     * @throws IOException on I/O or format errors.
     */
    public RoadGraph read(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return read(in);
        }
    }

    /**
     * Reads a network from a stream (not closed).
     *
     * @param in the XML.
     * @return the graph.
     * @throws IOException on I/O or format errors.
     */
    public RoadGraph read(final InputStream in) throws IOException
    {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        final Parsed net = new Parsed();
        projection = NetProjection.fromLocation(null, "!", originLatDeg, originLonDeg);
        try
        {
            final XMLStreamReader r = factory.createXMLStreamReader(in);
            while (r.hasNext())
            {
                final int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT)
                {
                    startElement(r, net);
                }
                else if (event == XMLStreamConstants.END_ELEMENT)
                {
                    if ("edge".equals(r.getLocalName()))
                    {
                        net.edge = null;
                    }
                    else if ("junction".equals(r.getLocalName()))
                    {
                        net.junction = null;
                    }
                    else if ("tlLogic".equals(r.getLocalName()))
                    {
                        net.tlLogic = null;
                    }
                }
            }
            r.close();
        }
        catch (final XMLStreamException | RuntimeException ex)
        {
            throw new IOException("malformed SUMO network: " + ex.getMessage(), ex);
        }
        try
        {
            return build(net);
        }
        catch (final IllegalArgumentException ex)
        {
            // a number that is not one, a shape point without its comma, a duplicate id: the builder's own refusals
            throw new IOException("malformed SUMO network: " + ex.getMessage(), ex);
        }
    }

    private void startElement(final XMLStreamReader r, final Parsed net)
    {
        switch (r.getLocalName())
        {
            case "location":
                projection = NetProjection.fromLocation(
                    r.getAttributeValue(null, "netOffset"), r.getAttributeValue(null, "projParameter"),
                    originLatDeg, originLonDeg);
                break;
            case "edge":
                final String function = r.getAttributeValue(null, "function");
                final String edgeId = required(r, "id");
                net.edgeFunction.put(edgeId, null == function ? NORMAL : function);
                net.edge = null;
                // internal lanes, crossings and walking areas belong to junctions; connectors to districts
                if (null == function || NORMAL.equals(function))
                {
                    net.edge = new EdgeRecord(edgeId, required(r, "from"), required(r, "to"), r.getAttributeValue(null, "shape"));
                    net.edges.add(net.edge);
                }
                break;
            case "lane":
                if (net.edge != null)
                {
                    net.edge.lane(r, vehicleClass, net.admittedLanes);
                }
                break;
            case "junction":
                final String type = r.getAttributeValue(null, "type");
                net.junction = null;
                if (!"internal".equals(type))
                {
                    net.junction = new JunctionRecord(required(r, "id"), required(r, "x"), required(r, "y"),
                        type == null ? "" : type, r.getAttributeValue(null, "incLanes"));
                    net.junctions.add(net.junction);
                }
                break;
            case "request":
                if (net.junction != null)
                {
                    net.junction.requests.add(new String[] {
                        required(r, "index"), required(r, "foes"), r.getAttributeValue(null, "response")});
                }
                break;
            case "connection":
                net.connections.add(new ConnectionRecord(r));
                break;
            case "tlLogic":
                net.tlLogic = required(r, "id");
                break;
            case "phase":
                if (null != net.tlLogic)
                {
                    net.programPhases.add(new String[] {net.tlLogic, required(r, "state")});
                }
                break;
            default:
                break;
        }
    }

    private RoadGraph build(final Parsed net) throws IOException
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        for (final JunctionRecord j : net.junctions)
        {
            final double x = number(j.x, "junction " + j.id + " x");
            final double y = number(j.y, "junction " + j.id + " y");
            final double[] ll = projection.toLatLonDeg(x, y);
            b.addJunction(j.id, NetProjection.toMicros(ll[0]), NetProjection.toMicros(ll[1]), j.type.startsWith("traffic_light"));
        }
        for (final EdgeRecord e : net.edges)
        {
            if (e.speed <= 0)
            {
                continue;
            }
            final int from = b.junctionIndex(e.from);
            final int to = b.junctionIndex(e.to);
            if (from < 0 || to < 0)
            {
                throw new IOException("edge " + e.id + " references an unknown junction");
            }
            addEdge(b, e, from, to);
        }
        for (final ConnectionRecord c : net.connections)
        {
            final int from = b.edgeIndex(c.from);
            final int to = b.edgeIndex(c.to);
            if (from >= 0 && to >= 0 && c.admits(vehicleClass, net.admittedLanes))
            {
                b.addTurn(from, to);
            }
        }
        b.signalLinks(signalLinks(net, b));
        return b.build();
    }

    private void addEdge(final RoadGraph.Builder b, final EdgeRecord e, final int from, final int to)
    {
        int[] lat = null;
        int[] lon = null;
        final String shape = e.laneShape != null ? e.laneShape : e.edgeShape;
        if (shape != null && !shape.isBlank())
        {
            final String[] points = shape.trim().split("\\s+");
            lat = new int[points.length];
            lon = new int[points.length];
            for (int i = 0; i < points.length; i++)
            {
                final String[] xy = points[i].split(",", -1);
                if (xy.length < 2)
                {
                    throw new IllegalArgumentException("edge " + e.id + " shape point '" + points[i] + "' is not x,y");
                }
                final double[] ll = projection.toLatLonDeg(number(xy[0], "edge " + e.id + " shape x"),
                    number(xy[1], "edge " + e.id + " shape y"));
                lat[i] = NetProjection.toMicros(ll[0]);
                lon[i] = NetProjection.toMicros(ll[1]);
            }
        }
        b.addEdge(e.id, from, to, e.length, e.speed, lat, lon);
    }

    /**
     * The signal-controlled links and each of their junctions' foe matrix (see {@link SignalLinks} for the
     * enumeration that gives a link its row). A junction whose {@code <request>} rows do not match its links is kept
     * without matrix, which {@link SignalLinks} reads conservatively (every pair from different edges conflicts).
     */
    private static SignalLinks signalLinks(final Parsed net, final RoadGraph.Builder b)
    {
        final Map<String, List<ConnectionRecord>> byLane = new HashMap<>();
        for (final ConnectionRecord c : net.connections)
        {
            final String fromFunction = net.edgeFunction.getOrDefault(c.from, NORMAL);
            final String toFunction = net.edgeFunction.getOrDefault(c.to, NORMAL);
            if ("internal".equals(fromFunction) || WALKING_AREA.equals(toFunction)
                || (WALKING_AREA.equals(fromFunction) && !"crossing".equals(toFunction)))
            {
                continue;
            }
            byLane.computeIfAbsent(c.from + "_" + c.fromLane, k -> new ArrayList<>()).add(c);
        }
        final SignalLinks.Builder links = new SignalLinks.Builder();
        for (final String[] phase : net.programPhases)
        {
            links.programPhase(phase[0], phase[1]);
        }
        for (final JunctionRecord j : net.junctions)
        {
            if (null == j.incLanes || j.incLanes.isBlank())
            {
                continue;
            }
            final int junction = b.junctionIndex(j.id);
            int k = 0;
            boolean controlled = false;
            for (final String lane : j.incLanes.trim().split("\\s+"))
            {
                for (final ConnectionRecord c : byLane.getOrDefault(lane, List.of()))
                {
                    if (null != c.tl && null != c.linkIndex && !"-1".equals(c.linkIndex.trim()))
                    {
                        links.link(c.tl, linkIndex(c.linkIndex, c.tl), junction, k, c.from, b.edgeIndex(c.from), c.to, b.edgeIndex(c.to),
                            null == c.dir || c.dir.isEmpty() ? '?' : c.dir.charAt(0));
                        controlled = true;
                    }
                    k++;
                }
            }
            if (controlled && j.requests.size() == k)
            {
                links.matrix(junction, j.matrix(k, 1), j.matrix(k, 2));
            }
        }
        return links.build();
    }

    private static int linkIndex(final String value, final String tl)
    {
        final int index;
        try
        {
            index = Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("traffic light " + tl + ": linkIndex is not a number: '" + value + "'", ex);
        }
        if (index < 0 || index > MAX_LINK_INDEX)
        {
            throw new IllegalArgumentException("traffic light " + tl + ": linkIndex out of range: " + value);
        }
        return index;
    }

    /** A finite number, or the builder's kind of refusal naming what it is. */
    private static double number(final String text, final String what)
    {
        final double value;
        try
        {
            value = Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " is not a number: '" + text + "'", ex);
        }
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException(what + " is not a finite number: '" + text + "'");
        }
        return value;
    }

    private static String required(final XMLStreamReader r, final String name)
    {
        final String value = r.getAttributeValue(null, name);
        if (value == null)
        {
            throw new IllegalArgumentException("<" + r.getLocalName() + "> without " + name + " at line "
                + r.getLocation().getLineNumber());
        }
        return value;
    }

    /**
     * Whether a lane's {@code allow}/{@code disallow} lists admit emergency vehicles (the responders).
     *
     * @param allow    the {@code allow} attribute, may be null.
     * @param disallow the {@code disallow} attribute, may be null.
     * @return whether class {@code emergency} may use the lane.
     */
    static boolean admitsResponders(final String allow, final String disallow)
    {
        return admits(allow, disallow, RESPONDER_CLASS);
    }

    /**
     * SUMO's permission rule: a non-empty {@code allow} list admits exactly its classes ({@code all}: every class);
     * otherwise a {@code disallow} list admits every class but its own ({@code all}: none); no list admits all.
     *
     * @param allow        the {@code allow} attribute, may be null.
     * @param disallow     the {@code disallow} attribute, may be null.
     * @param vehicleClass the class asked about.
     * @return whether the class may use the lane.
     */
    public static boolean admits(final String allow, final String disallow, final String vehicleClass)
    {
        if (allow != null && !allow.isBlank())
        {
            return hasClass(allow, "all") || hasClass(allow, vehicleClass);
        }
        if (disallow != null && !disallow.isBlank())
        {
            return !hasClass(disallow, "all") && !hasClass(disallow, vehicleClass);
        }
        return true;
    }

    private static boolean hasClass(final String list, final String vehicleClass)
    {
        for (final String token : list.trim().split("\\s+"))
        {
            if (token.equals(vehicleClass))
            {
                return true;
            }
        }
        return false;
    }

    /** What the parse collected, in file order. */
    private static final class Parsed
    {
        final List<EdgeRecord> edges = new ArrayList<>();
        final List<JunctionRecord> junctions = new ArrayList<>();
        final List<ConnectionRecord> connections = new ArrayList<>();
        final Map<String, String> edgeFunction = new HashMap<>();
        final Set<String> admittedLanes = new HashSet<>();
        final List<String[]> programPhases = new ArrayList<>();
        EdgeRecord edge;
        JunctionRecord junction;
        String tlLogic;
    }

    private static final class EdgeRecord
    {
        final String id;
        final String from;
        final String to;
        final String edgeShape;
        String laneShape;
        double length;
        double speed;

        EdgeRecord(final String id, final String from, final String to, final String edgeShape)
        {
            this.id = id;
            this.from = from;
            this.to = to;
            this.edgeShape = edgeShape;
        }

        void lane(final XMLStreamReader r, final String vehicleClass, final Set<String> admittedLanes)
        {
            if (!admits(r.getAttributeValue(null, "allow"), r.getAttributeValue(null, "disallow"), vehicleClass))
            {
                return;
            }
            final String laneId = r.getAttributeValue(null, "id");
            if (null != laneId)
            {
                admittedLanes.add(laneId);
            }
            final double laneSpeed = number(required(r, "speed"), "lane speed");
            if (laneShape == null)
            {
                laneShape = r.getAttributeValue(null, "shape");
                length = number(required(r, "length"), "lane length");
            }
            speed = StrictMath.max(speed, laneSpeed);
        }
    }

    private static final class JunctionRecord
    {
        final String id;
        final String x;
        final String y;
        final String type;
        final String incLanes;
        final List<String[]> requests = new ArrayList<>();

        JunctionRecord(final String id, final String x, final String y, final String type, final String incLanes)
        {
            this.id = id;
            this.x = x;
            this.y = y;
            this.type = type;
            this.incLanes = incLanes;
        }

        /**
         * Rows of one matrix of the junction's requests ({@code column} 1: foes, 2: response) as bit sets; the
         * request string's last character is link 0.
         */
        long[][] matrix(final int links, final int column)
        {
            final long[][] rows = new long[links][];
            for (final String[] request : requests)
            {
                final int index = (int)number(request[0], "junction " + id + " request index");
                if (index < 0 || index >= links || rows[index] != null)
                {
                    throw new IllegalArgumentException("junction " + id + ": request index " + request[0] + " out of range or repeated");
                }
                final String bits = null == request[column] ? "" : request[column].trim();
                final long[] row = new long[(links + 63) / 64];
                for (int k = 0; k < bits.length() && k < links; k++)
                {
                    final char c = bits.charAt(bits.length() - 1 - k);
                    if (c == '1')
                    {
                        row[k >>> 6] |= 1L << (k & 63);
                    }
                    else if (c != '0')
                    {
                        throw new IllegalArgumentException("junction " + id + ": request " + index + " holds '" + c + "', not 0 or 1");
                    }
                }
                rows[index] = row;
            }
            return rows;
        }
    }

    private static final class ConnectionRecord
    {
        final String from;
        final String to;
        final String fromLane;
        final String toLane;
        final String tl;
        final String linkIndex;
        final String dir;
        final String allow;
        final String disallow;

        ConnectionRecord(final XMLStreamReader r)
        {
            from = required(r, "from");
            to = required(r, "to");
            fromLane = r.getAttributeValue(null, "fromLane");
            toLane = r.getAttributeValue(null, "toLane");
            tl = r.getAttributeValue(null, "tl");
            linkIndex = r.getAttributeValue(null, "linkIndex");
            dir = r.getAttributeValue(null, "dir");
            allow = r.getAttributeValue(null, "allow");
            disallow = r.getAttributeValue(null, "disallow");
        }

        /** Whether the class may make this lane-to-lane move (both lanes and the connection's own permissions). */
        boolean admits(final String vehicleClass, final Set<String> admittedLanes)
        {
            if (null != fromLane && !admittedLanes.contains(from + "_" + fromLane))
            {
                return false;
            }
            if (null != toLane && !admittedLanes.contains(to + "_" + toLane))
            {
                return false;
            }
            return (null == allow && null == disallow) || SumoNetReader.admits(allow, disallow, vehicleClass);
        }
    }
}
