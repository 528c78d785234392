package org.beacon.benchmarks.greenwave;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.sumo.SumoTripsWriter;

/**
 * One seed's traffic: background trips (Poisson departures between uniformly random edges, SUMO routes
 * them) and emergency vehicles crossing the city at fixed departure times, each on a route computed by
 * dispatch's {@link DriveTimeRouter} so that the planner and SUMO use the same edges. Everything comes from
 * one {@link SplittableRandom} seeded with the seed.
 *
 * <p>On a real network not every edge reaches every other one (islands, one-way stubs at the map's border,
 * bus-only links), and what is reachable depends on the vehicle class. Background trips (SUMO's default
 * {@code passenger} type) are therefore drawn between edges of the largest strongly connected part of the
 * passenger graph, and emergency trips between edges of that part of the responders' graph
 * ({@link RoadGraph#inCore}): each has a route, so SUMO never meets a trip it cannot route.
 */
public final class Scenario
{
    /** Far-apart origin/destination pairs routed per emergency vehicle; the one with the fewest turns wins. */
    static final int EV_CANDIDATES = 12;
    /** Share of the network's extent an emergency trip covers at least, as the crow flies. */
    static final double EV_MIN_SPAN = 0.6;
    /** Random pairs drawn per emergency vehicle at most, to find its candidates. */
    static final int MAX_ATTEMPTS = 10_000;

    /**
     * One emergency vehicle.
     *
     * @param id       SUMO vehicle id.
     * @param unitId   Beacon unit id.
     * @param departS  departure time.
     * @param edges    route edge indices, first to last.
     * @param etaS     free-flow drive time of the route.
     * @param turns    changes of direction along the route.
     */
    public record Ev(String id, long unitId, double departS, int[] edges, int etaS, int turns)
    {
    }

    private final List<Ev> evs;
    private final int backgroundTrips;

    private Scenario(final List<Ev> evs, final int backgroundTrips)
    {
        this.evs = evs;
        this.backgroundTrips = backgroundTrips;
    }

    /** @return the emergency vehicles, in departure order. */
    public List<Ev> evs()
    {
        return evs;
    }

    /** @return background trips written. */
    public int backgroundTrips()
    {
        return backgroundTrips;
    }

    /**
     * Builds a seed's traffic and writes its background trips.
     *
     * @param graph          the road network of the emergency vehicles (class emergency).
     * @param cars           the same network for the background traffic (class passenger).
     * @param network        its signal network.
     * @param seed           the seed.
     * @param durationS      background departures run from 0 to this.
     * @param vehPerHour     background demand.
     * @param evCount        emergency vehicles.
     * @param tripsFile      where the {@code <trip>} file goes.
     * @return the scenario.
     * @throws IOException if the file cannot be written.
     */
    public static Scenario create(final RoadGraph graph, final RoadGraph cars, final SignalNetwork network, final long seed,
        final double durationS, final double vehPerHour, final int evCount, final Path tripsFile) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int edges = graph.edgeCount();
        final int[] carEdges = core(cars);
        final int[] evEdges = core(graph);
        if (carEdges.length < 2 || evEdges.length < 2)
        {
            throw new IllegalStateException("the network has no two connected edges for passenger cars and emergency vehicles");
        }
        final int trips;
        try (SumoTripsWriter out = new SumoTripsWriter(tripsFile, "max"))
        {
            double t = 0;
            final double meanGapS = 3600.0 / Math.max(1e-6, vehPerHour);
            while (true)
            {
                t += -Math.log(1.0 - random.nextDouble()) * meanGapS;
                if (t >= durationS)
                {
                    break;
                }
                final int from = random.nextInt(carEdges.length);
                int to = random.nextInt(carEdges.length);
                if (to == from)
                {
                    to = (to + 1) % carEdges.length;
                }
                out.trip(t, cars.edgeId(carEdges[from]), cars.edgeId(carEdges[to]));
            }
            trips = out.count();
        }
        final DriveTimeRouter router = new DriveTimeRouter(graph);
        final double extentM = extentMetres(network, evEdges);
        final List<Ev> evs = new ArrayList<>();
        final double warmupS = Math.min(180.0, durationS * 0.2);
        final double lastS = Math.max(warmupS, durationS - 60.0);
        final int[] path = new int[edges];
        for (int i = 0; i < evCount; i++)
        {
            final double departS = evCount == 1 ? warmupS : warmupS + (lastS - warmupS) * i / (evCount - 1);
            int[] best = null;
            int bestTurns = Integer.MAX_VALUE;
            double bestSpan = 0;
            int candidates = 0;
            for (int attempt = 0; attempt < MAX_ATTEMPTS && candidates < EV_CANDIDATES; attempt++)
            {
                final int from = evEdges[random.nextInt(evEdges.length)];
                final int to = evEdges[random.nextInt(evEdges.length)];
                final double span = distanceMetres(network, network.edgeFrom(from), network.edgeTo(to));
                if (from == to || span < EV_MIN_SPAN * extentM)
                {
                    continue;
                }
                router.start(to, graph.lengthCm(to));
                router.settleAll();
                final int n = router.path(from, 0, path);
                if (n < 2)
                {
                    continue;
                }
                candidates++;
                final int[] route = Arrays.copyOf(path, n);
                final int turns = turns(network, route);
                if (turns < bestTurns || (turns == bestTurns && span > bestSpan))
                {
                    best = route;
                    bestTurns = turns;
                    bestSpan = span;
                }
            }
            if (null == best)
            {
                throw new IllegalStateException("no emergency route found for seed " + seed + " (network too small?)");
            }
            long freeMs = 0;
            for (final int e : best)
            {
                freeMs += graph.freeFlowMs(e);
            }
            evs.add(new Ev("ev" + i, 1000 + i, departS, best, (int)Math.max(1, (freeMs + 999) / 1000), bestTurns));
        }
        return new Scenario(List.copyOf(evs), trips);
    }

    /** The edges of a graph's largest strongly connected part, in edge order. */
    static int[] core(final RoadGraph graph)
    {
        final int[] core = new int[graph.coreSize()];
        for (int e = 0, k = 0; e < graph.edgeCount(); e++)
        {
            if (graph.inCore(e))
            {
                core[k++] = e;
            }
        }
        return core;
    }

    private static int turns(final SignalNetwork network, final int[] route)
    {
        int turns = 0;
        int last = -1;
        for (final int e : route)
        {
            final int from = network.edgeFrom(e);
            final int to = network.edgeTo(e);
            final double dx = (network.junctionLonMicros(to) - network.junctionLonMicros(from)) * network.cosLat();
            final double dy = network.junctionLatMicros(to) - network.junctionLatMicros(from);
            final int direction = SignalNetwork.phaseForHeading(StrictMath.toDegrees(StrictMath.atan2(dx, dy)));
            if (last >= 0 && direction != last)
            {
                turns++;
            }
            last = direction;
        }
        return turns;
    }

    private static double distanceMetres(final SignalNetwork network, final int a, final int b)
    {
        final double dx = (network.junctionLonMicros(b) - network.junctionLonMicros(a)) * network.cosLat();
        final double dy = network.junctionLatMicros(b) - network.junctionLatMicros(a);
        return Math.hypot(dx, dy) * SignalNetwork.METRES_PER_MICRODEGREE;
    }

    private static double extentMetres(final SignalNetwork network, final int[] edges)
    {
        int minLat = Integer.MAX_VALUE;
        int maxLat = Integer.MIN_VALUE;
        int minLon = Integer.MAX_VALUE;
        int maxLon = Integer.MIN_VALUE;
        for (final int e : edges)
        {
            final int j = network.edgeFrom(e);
            minLat = Math.min(minLat, network.junctionLatMicros(j));
            maxLat = Math.max(maxLat, network.junctionLatMicros(j));
            minLon = Math.min(minLon, network.junctionLonMicros(j));
            maxLon = Math.max(maxLon, network.junctionLonMicros(j));
        }
        final double w = (maxLon - minLon) * network.cosLat() * SignalNetwork.METRES_PER_MICRODEGREE;
        final double h = (maxLat - minLat) * SignalNetwork.METRES_PER_MICRODEGREE;
        return Math.max(w, h);
    }
}
