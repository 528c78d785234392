package org.beacon.dispatch.road;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a SUMO network ({@code .net.xml}) into a {@link RoadGraph}. Start-up work, never on the hot path.
 *
 * <ul>
 *   <li>{@code <location>}: {@code netOffset} and {@code projParameter} give the way back to WGS84 (see
 *       {@link NetProjection}); a network without projection ("!") is placed around a configured origin.</li>
 *   <li>{@code <edge>}: internal edges ({@code function="internal"}, the lanes inside junctions) are skipped;
 *       an edge is kept when one of its lanes admits emergency or passenger vehicles; its speed is the
 *       fastest such lane, its length and shape those of the first such lane.</li>
 *   <li>{@code <junction>}: position; {@code traffic_light*} types mark signalized junctions.</li>
 *   <li>{@code <connection>}: one allowed turn per (from edge, to edge) pair between kept edges. The few
 *       metres inside the junction ({@code via} lanes) are not charged.</li>
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

    private final double originLatDeg;
    private final double originLonDeg;
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
        this.originLatDeg = originLatDeg;
        this.originLonDeg = originLonDeg;
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
        final List<EdgeRecord> edges = new ArrayList<>();
        final List<String[]> junctions = new ArrayList<>();
        final List<String[]> connections = new ArrayList<>();
        projection = NetProjection.fromLocation(null, "!", originLatDeg, originLonDeg);
        try
        {
            final XMLStreamReader r = factory.createXMLStreamReader(in);
            EdgeRecord current = null;
            while (r.hasNext())
            {
                final int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT)
                {
                    switch (r.getLocalName())
                    {
                        case "location":
                            projection = NetProjection.fromLocation(
                                r.getAttributeValue(null, "netOffset"), r.getAttributeValue(null, "projParameter"),
                                originLatDeg, originLonDeg);
                            break;
                        case "edge":
                            current = null;
                            if (!"internal".equals(r.getAttributeValue(null, "function")))
                            {
                                current = new EdgeRecord(
                                    required(r, "id"), required(r, "from"), required(r, "to"), r.getAttributeValue(null, "shape"));
                                edges.add(current);
                            }
                            break;
                        case "lane":
                            if (current != null)
                            {
                                current.lane(r);
                            }
                            break;
                        case "junction":
                            final String type = r.getAttributeValue(null, "type");
                            if (!"internal".equals(type))
                            {
                                junctions.add(new String[] {
                                    required(r, "id"), required(r, "x"), required(r, "y"), type == null ? "" : type});
                            }
                            break;
                        case "connection":
                            connections.add(new String[] {required(r, "from"), required(r, "to")});
                            break;
                        default:
                            break;
                    }
                }
                else if (event == XMLStreamConstants.END_ELEMENT && "edge".equals(r.getLocalName()))
                {
                    current = null;
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
            return build(edges, junctions, connections);
        }
        catch (final IllegalArgumentException ex)
        {
            // a number that is not one, a shape point without its comma, a duplicate id: the builder's own refusals
            throw new IOException("malformed SUMO network: " + ex.getMessage(), ex);
        }
    }

    private RoadGraph build(final List<EdgeRecord> edges, final List<String[]> junctions, final List<String[]> connections)
        throws IOException
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        for (final String[] j : junctions)
        {
            final double x = number(j[1], "junction " + j[0] + " x");
            final double y = number(j[2], "junction " + j[0] + " y");
            final double[] ll = projection.toLatLonDeg(x, y);
            b.addJunction(j[0], NetProjection.toMicros(ll[0]), NetProjection.toMicros(ll[1]), j[3].startsWith("traffic_light"));
        }
        for (final EdgeRecord e : edges)
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
        for (final String[] c : connections)
        {
            final int from = b.edgeIndex(c[0]);
            final int to = b.edgeIndex(c[1]);
            if (from >= 0 && to >= 0)
            {
                b.addTurn(from, to);
            }
        }
        return b.build();
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
     * Whether a lane's {@code allow}/{@code disallow} lists admit emergency or passenger vehicles.
     */
    static boolean admitsResponders(final String allow, final String disallow)
    {
        if (allow != null && !allow.isBlank())
        {
            return hasClass(allow, "all") || hasClass(allow, "emergency") || hasClass(allow, "passenger");
        }
        if (disallow != null && !disallow.isBlank())
        {
            return !hasClass(disallow, "all") && !(hasClass(disallow, "emergency") && hasClass(disallow, "passenger"));
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

        void lane(final XMLStreamReader r)
        {
            if (!admitsResponders(r.getAttributeValue(null, "allow"), r.getAttributeValue(null, "disallow")))
            {
                return;
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
}
