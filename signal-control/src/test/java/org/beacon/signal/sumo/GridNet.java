package org.beacon.signal.sumo;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import org.beacon.signal.SignalNetwork;

/**
 * Test fixture: a netgenerate traffic-light grid and its {@link SignalNetwork}, built here from the net
 * file (junction coordinates, non-internal edges; approach phase from the edge's direction), the way
 * the center builds it from dispatch's road graph.
 */
final class GridNet
{
    final Path netFile;
    final SignalNetwork network;
    final List<String> edgeIds = new ArrayList<>();
    final Map<String, Integer> edgeIndex = new LinkedHashMap<>();

    private GridNet(final Path netFile) throws Exception
    {
        this.netFile = netFile;
        final Map<String, double[]> junctions = new LinkedHashMap<>();
        final Map<String, Boolean> trafficLight = new LinkedHashMap<>();
        final List<String[]> edges = new ArrayList<>();
        final List<double[]> lanes = new ArrayList<>();
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = Files.newInputStream(netFile))
        {
            final XMLStreamReader r = factory.createXMLStreamReader(in);
            boolean inEdge = false;
            while (r.hasNext())
            {
                final int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT && "edge".equals(r.getLocalName()))
                {
                    inEdge = false;
                }
                if (event != XMLStreamConstants.START_ELEMENT)
                {
                    continue;
                }
                switch (r.getLocalName())
                {
                    case "junction":
                        if (!"internal".equals(r.getAttributeValue(null, "type")))
                        {
                            final String id = r.getAttributeValue(null, "id");
                            junctions.put(id, new double[] {Double.parseDouble(r.getAttributeValue(null, "x")),
                                Double.parseDouble(r.getAttributeValue(null, "y"))});
                            trafficLight.put(id, "traffic_light".equals(r.getAttributeValue(null, "type")));
                        }
                        break;
                    case "edge":
                        if (!"internal".equals(r.getAttributeValue(null, "function")))
                        {
                            edges.add(new String[] {r.getAttributeValue(null, "id"), r.getAttributeValue(null, "from"),
                                r.getAttributeValue(null, "to")});
                            lanes.add(null);
                            inEdge = true;
                        }
                        break;
                    case "lane":
                        if (inEdge && lanes.get(lanes.size() - 1) == null)
                        {
                            lanes.set(lanes.size() - 1, new double[] {Double.parseDouble(r.getAttributeValue(null, "length")),
                                Double.parseDouble(r.getAttributeValue(null, "speed"))});
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        final List<String> junctionIds = new ArrayList<>(junctions.keySet());
        final SignalNetwork.Builder builder = SignalNetwork.builder(edges.size(), junctionIds.size());
        final int[] intersectionOf = new int[junctionIds.size()];
        for (int j = 0; j < junctionIds.size(); j++)
        {
            final double[] xy = junctions.get(junctionIds.get(j));
            builder.junction(j, (int)(10_770_000 + xy[1] / 0.1113195), (int)(106_700_000 + xy[0] / 0.1093));
            intersectionOf[j] = trafficLight.get(junctionIds.get(j)) ? builder.intersection(junctionIds.get(j), j) : -1;
        }
        for (int e = 0; e < edges.size(); e++)
        {
            final String[] edge = edges.get(e);
            edgeIds.add(edge[0]);
            edgeIndex.put(edge[0], e);
            final int from = junctionIds.indexOf(edge[1]);
            final int to = junctionIds.indexOf(edge[2]);
            final double lengthM = lanes.get(e)[0];
            final double speed = lanes.get(e)[1];
            builder.edge(e, from, to, (int)Math.round(lengthM * 100), (int)Math.round(lengthM / speed * 1000), speed);
            if (intersectionOf[to] >= 0)
            {
                final double[] a = junctions.get(edge[1]);
                final double[] b = junctions.get(edge[2]);
                final double heading = Math.toDegrees(Math.atan2(b[0] - a[0], b[1] - a[1]));
                builder.approach(e, intersectionOf[to], SignalNetwork.phaseForHeading(heading));
            }
        }
        network = builder.build();
    }

    /** @return the network's edge index of a SUMO edge id, -1 when none. */
    int edgeIndex(final String id)
    {
        return edgeIndex.getOrDefault(id, -1);
    }

    /**
     * Generates an n x n grid of traffic lights, 200 m blocks, two lanes, in a directory.
     *
     * @param dir where net.xml goes.
     * @param n   junctions per side.
     * @return the fixture.
     */
    static GridNet generate(final Path dir, final int n) throws Exception
    {
        final Path net = dir.resolve("grid" + n + ".net.xml");
        if (!Files.exists(net))
        {
            final Process process = new ProcessBuilder("netgenerate", "--grid", "--grid.number", Integer.toString(n),
                "--grid.length", "200", "--default.lanenumber", "2", "--default-junction-type", "traffic_light",
                "-o", net.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("netgenerate.log").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                process.destroyForcibly();
                throw new IllegalStateException("netgenerate failed: " + Files.readString(dir.resolve("netgenerate.log")));
            }
        }
        return new GridNet(net);
    }

    static boolean onPath(final String tool)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String d : path.split(File.pathSeparator))
        {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool)))
            {
                return true;
            }
        }
        return false;
    }
}
