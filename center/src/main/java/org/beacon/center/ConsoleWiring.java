package org.beacon.center;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.agrona.concurrent.SystemEpochClock;
import org.beacon.console.ConsoleContext;
import org.beacon.console.ConsoleGateway;
import org.beacon.console.auth.User;
import org.beacon.console.auth.UserStore;
import org.beacon.console.model.IntersectionInfo;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.alert.broadcast.CellNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.SignalNetwork;

/**
 * Starts the console gateway of a node: the map it draws is the center's own road network (every edge's
 * shape, as vector data) and signal network, the accounts live in the data folder unless given.
 */
public final class ConsoleWiring
{
    private ConsoleWiring()
    {
    }

    /**
     * The map the consoles draw: {@code bounds}, every road edge's shape and every signalized intersection.
     *
     * @param graph   the road network.
     * @param signals its signal network.
     * @return JSON bytes (see the console README).
     */
    public static byte[] mapJson(final RoadGraph graph, final SignalNetwork signals)
    {
        return mapJson(graph, signals, null);
    }

    /**
     * The map the consoles draw, with the cells of the cell-broadcast network (site, azimuth, width and reach of each
     * sector) so that a dispatcher sees where an alert went out.
     *
     * @param graph   the road network.
     * @param signals its signal network.
     * @param cells   the broadcast network's cells, or null.
     * @return JSON bytes (see the console README).
     */
    public static byte[] mapJson(final RoadGraph graph, final SignalNetwork signals, final CellNetwork cells)
    {
        return mapJson(graph, signals, cells, java.util.Map.of());
    }

    /**
     * The map the consoles draw, with the street names of the road network (each road's {@code n}, when the network
     * names its edge) and the cells of the cell-broadcast network.
     *
     * @param graph   the road network.
     * @param signals its signal network.
     * @param cells   the broadcast network's cells, or null.
     * @param names   street name by edge id ({@link StreetNames}).
     * @return JSON bytes (see the console README).
     */
    public static byte[] mapJson(
        final RoadGraph graph, final SignalNetwork signals, final CellNetwork cells, final java.util.Map<String, String> names)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(graph.edgeCount() * 96);
        try (JsonGenerator json = new JsonFactory().createGenerator(out))
        {
            int minLat = Integer.MAX_VALUE;
            int minLon = Integer.MAX_VALUE;
            int maxLat = Integer.MIN_VALUE;
            int maxLon = Integer.MIN_VALUE;
            for (int j = 0; j < graph.junctionCount(); j++)
            {
                minLat = Math.min(minLat, graph.junctionLatMicros(j));
                maxLat = Math.max(maxLat, graph.junctionLatMicros(j));
                minLon = Math.min(minLon, graph.junctionLonMicros(j));
                maxLon = Math.max(maxLon, graph.junctionLonMicros(j));
            }
            json.writeStartObject();
            json.writeArrayFieldStart("bounds");
            json.writeStartArray();
            json.writeNumber(minLat / 1e6);
            json.writeNumber(minLon / 1e6);
            json.writeEndArray();
            json.writeStartArray();
            json.writeNumber(maxLat / 1e6);
            json.writeNumber(maxLon / 1e6);
            json.writeEndArray();
            json.writeEndArray();
            roads(json, graph, names);
            json.writeArrayFieldStart("intersections");
            for (final IntersectionInfo info : intersections(signals))
            {
                json.writeStartObject();
                json.writeNumberField("i", info.index());
                json.writeStringField("id", info.id());
                json.writeNumberField("lat", info.lat());
                json.writeNumberField("lon", info.lon());
                // the phases an operator may hold: those that serve an approach (the planner refuses others)
                json.writeArrayFieldStart("approachPhases");
                final java.util.TreeSet<Integer> phases = new java.util.TreeSet<>();
                for (final int edge : signals.approaches(info.index()))
                {
                    phases.add(signals.approachPhase(edge));
                }
                for (final int phase : phases)
                {
                    json.writeNumber(phase);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (null != cells)
            {
                json.writeArrayFieldStart("cells");
                for (final CellNetwork.Cell cell : cells.cells())
                {
                    json.writeStartObject();
                    json.writeNumberField("c", cell.cellId());
                    json.writeNumberField("lat", Math.round(cells.plane().lat(cell.siteY()) * 1e6) / 1e6);
                    json.writeNumberField("lon", Math.round(cells.plane().lon(cell.siteX()) * 1e6) / 1e6);
                    json.writeNumberField("az", Math.round(cell.azimuthDeg() * 10) / 10.0);
                    json.writeNumberField("w", Math.round(cell.widthDeg() * 10) / 10.0);
                    json.writeNumberField("r", Math.round(cell.reachM()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * @param signals the signal network.
     * @return its intersections in index order.
     */
    public static List<IntersectionInfo> intersections(final SignalNetwork signals)
    {
        final List<IntersectionInfo> list = new ArrayList<>(signals.intersectionCount());
        for (int i = 0; i < signals.intersectionCount(); i++)
        {
            list.add(new IntersectionInfo(i, signals.intersectionId(i), signals.intersectionLatMicros(i) / 1e6,
                signals.intersectionLonMicros(i) / 1e6));
        }
        return list;
    }

    /**
     * A console context for a node on a network.
     *
     * @param node    the node.
     * @param network the data folder's network, or null for the bundled one.
     * @return a context with map, intersections and accounts file (port and TLS left to the caller).
     */
    public static ConsoleContext context(final NodeContext node, final DataNetwork network)
    {
        return context(node, network, null);
    }

    private static void roads(final JsonGenerator json, final RoadGraph graph, final java.util.Map<String, String> names)
        throws IOException
    {
        json.writeArrayFieldStart("roads");
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            json.writeStartObject();
            json.writeNumberField("e", e);
            json.writeStringField("id", graph.edgeId(e));
            final String name = names.get(graph.edgeId(e));
            if (null != name)
            {
                json.writeStringField("n", name);
            }
            json.writeArrayFieldStart("p");
            for (int p = 0; p < graph.shapePointCount(e); p++)
            {
                json.writeStartArray();
                json.writeNumber(graph.shapeLatMicros(e, p) / 1e6);
                json.writeNumber(graph.shapeLonMicros(e, p) / 1e6);
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * The street names of the node's network: its data folder's network file, or the bundled one. A file that cannot
     * be read gives no names (the map then shows the roads without them; the node itself reads the file too).
     *
     * @param node    the node.
     * @param network the data folder's network, or null for the bundled one.
     * @return street name by edge id.
     */
    public static java.util.Map<String, String> streetNames(final NodeContext node, final DataNetwork network)
    {
        try
        {
            if (null != network && null != node && null != node.dataDir())
            {
                return StreetNames.read(DataNetwork.file(node.dataDir()));
            }
            try (java.io.InputStream in = CenterStateMachine.class.getResourceAsStream(CenterStateMachine.BUNDLED_NETWORK))
            {
                return null == in ? java.util.Map.of() : StreetNames.read(in);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("console map: no street names (" + ex.getMessage() + ")");
            return java.util.Map.of();
        }
    }

    /**
     * A console context for a node on a network, with the cells alerts are broadcast in.
     *
     * @param node    the node.
     * @param network the data folder's network, or null for the bundled one.
     * @param cells   the cell-broadcast network, or null.
     * @return a context with map, intersections and accounts file (port and TLS left to the caller).
     */
    public static ConsoleContext context(final NodeContext node, final DataNetwork network, final CellNetwork cells)
    {
        final RoadGraph graph = null == network ? CenterStateMachine.bundledNetwork() : network.graph();
        final SignalNetwork signals = DataNetwork.signalNetwork(network);
        return new ConsoleContext()
            .nodeContext(node)
            .mapJson(mapJson(graph, signals, cells, streetNames(node, network)))
            .intersections(intersections(signals));
    }

    /**
     * Makes sure someone can log in: with no account yet, the demo creates one per role, a node an admin only,
     * each with a fresh random password printed once.
     *
     * @param usersFile the accounts file.
     * @param demo      whether to create the demo's four accounts.
     */
    public static void ensureAccounts(final Path usersFile, final boolean demo)
    {
        final UserStore store = new UserStore(usersFile, SystemEpochClock.INSTANCE);
        if (!store.isEmpty())
        {
            return;
        }
        if (demo)
        {
            UserStore.withDemoUsers(usersFile, SystemEpochClock.INSTANCE, ConsoleWiring::printAccount);
        }
        else
        {
            final char[] password = UserStore.randomPassword(UserStore.DEMO_PASSWORD_LENGTH);
            store.put("admin", org.beacon.console.auth.Role.ADMIN, 901, password);
            printAccount(store.user("admin").orElseThrow(), new String(password));
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static void printAccount(final User user, final String password)
    {
        System.out.println("console account: " + user.name() + " / " + password + " (" + user.role().json() +
            ", operator " + user.operatorId() + ") - shown once; stored hashed in the accounts file");
    }

    /**
     * Launches the console for a node and prints where it listens.
     *
     * @param ctx a context from {@link #context(NodeContext, DataNetwork)} with port, bind address and TLS set.
     * @return the running gateway.
     */
    public static ConsoleGateway launch(final ConsoleContext ctx)
    {
        final ConsoleGateway gateway = ConsoleGateway.launch(ctx);
        System.out.println("console: " + (gateway.tls() ? "https" : "http") + "://" +
            ("0.0.0.0".equals(ctx.bindAddress()) ? "localhost" : ctx.bindAddress().toLowerCase(Locale.ROOT)) + ":" + gateway.port() +
            "/ (accounts: " + ctx.usersFile() + (ctx.origins().isEmpty() ? "" : "; WebSocket also from " +
            String.join(", ", ctx.origins())) + ")");
        return gateway;
    }
}
