package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The road graph on the real networks Debian's {@code sumo-tools} ships (OpenStreetMap imports with islands,
 * one-way streets, bus lanes, sidewalks, bike paths, pedestrian crossings and joined traffic lights):
 * {@code ./beacon test} installs the package, so a missing file fails the test rather than skipping it.
 */
class RealNetworksTest
{
    /** Where Debian's sumo-tools puts SUMO's tools and their example networks. */
    static final Path TOOLS = Path.of("/usr/share/sumo/tools");

    static Stream<String> networks()
    {
        return Stream.of(
            "sumolib/scenario/scenarios/RealWorld/pasubio/pasubio_buslanes.net.xml",
            "sumolib/scenario/scenarios/RealWorld/acosta/acosta_buslanes.net.xml",
            "sumolib/scenario/scenarios/RealWorld/joined/joined_buslanes.net.xml",
            "game/A10KW/osm.net.xml",
            "game/DRT/osm.net.xml",
            "game/bs3d/bs.net.xml",
            "game/kuehne/kuehne.net.xml");
    }

    static Path net(final String relative)
    {
        final Path file = TOOLS.resolve(relative);
        assertThat(file).as("SUMO network from Debian's sumo-tools (./beacon test installs it)").exists();
        return file;
    }

    @ParameterizedTest
    @MethodSource("networks")
    void everyCoreEdgeReachesEveryOtherWithTheClassesTurnsOnly(final String relative) throws Exception
    {
        final Path file = net(relative);
        final RoadGraph graph = new SumoNetReader().read(file);
        assertThat(graph.edgeCount()).isPositive();
        assertThat(graph.coreSize()).isPositive().isLessThanOrEqualTo(graph.edgeCount());
        // the core is strongly connected: routes both ways between random core edges exist
        final DriveTimeRouter router = new DriveTimeRouter(graph);
        final int[] core = coreEdges(graph);
        final int[] path = new int[graph.edgeCount() + 1];
        final SplittableRandom random = new SplittableRandom(relative.hashCode());
        for (int i = 0; i < 20; i++)
        {
            final int from = core[random.nextInt(core.length)];
            final int to = core[random.nextInt(core.length)];
            router.start(to, graph.lengthCm(to));
            router.settleAll();
            final int n = router.path(from, 0, path);
            assertThat(n).as("route %s -> %s", graph.edgeId(from), graph.edgeId(to)).isPositive();
            for (int k = 0; k + 1 < n; k++)
            {
                assertThat(graph.successors(path[k])).contains(path[k + 1]);
            }
        }
        // and nothing outside the core is reachable from it and back (one search tells which edges reach core[0])
        router.start(core[0], 0);
        router.settleAll();
        final boolean[] reachesCore = new boolean[graph.edgeCount()];
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            reachesCore[e] = router.etaMs(e, 0) != DriveTimeRouter.UNREACHED;
        }
        for (int e = 0, checked = 0; e < graph.edgeCount() && checked < 25; e++)
        {
            if (!graph.inCore(e) && reachesCore[e])
            {
                checked++;
                router.start(e, graph.lengthCm(e));
                router.settleAll();
                assertThat(router.etaMs(core[0], 0)).as("edge %s outside the core", graph.edgeId(e)).isEqualTo(DriveTimeRouter.UNREACHED);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void lanesAndTurnsFollowTheVehicleClass(final String relative) throws Exception
    {
        final Path file = net(relative);
        final RoadGraph emergency = new SumoNetReader().read(file);
        final RoadGraph passenger = SumoNetReader.forClass("passenger").read(file);
        final RoadGraph bus = SumoNetReader.forClass("bus").read(file);
        assertThat(passenger.edgeCount()).isPositive();
        // every turn of a class's graph is a turn some connection of the file allows that class between two of its lanes
        final java.util.Set<String> connected = new java.util.HashSet<>();
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("<connection from=\"([^\"]*)\" to=\"([^\"]*)\"")
            .matcher(Files.readString(file));
        while (m.find())
        {
            connected.add(m.group(1) + " " + m.group(2));
        }
        for (final RoadGraph g : new RoadGraph[] {emergency, passenger, bus})
        {
            for (int e = 0; e < g.edgeCount(); e++)
            {
                for (final int to : g.successors(e))
                {
                    assertThat(connected.contains(g.edgeId(e) + " " + g.edgeId(to))).as("turn %s -> %s", g.edgeId(e), g.edgeId(to)).isTrue();
                }
            }
        }
        if (relative.contains("buslanes"))
        {
            // a bus-only edge carries buses, not cars
            int busOnly = 0;
            for (int e = 0; e < bus.edgeCount(); e++)
            {
                busOnly += passenger.edgeIndex(bus.edgeId(e)) < 0 ? 1 : 0;
            }
            assertThat(busOnly).as("bus-only edges").isPositive();
        }
    }

    @org.junit.jupiter.api.Test
    void aNetworkWithoutRoadsForTheClassReadsAsAnEmptyGraph() throws Exception
    {
        // the hiking game is footpaths and crossings only
        final RoadGraph graph = new SumoNetReader().read(net("game/hiking/hiking.net.xml"));
        assertThat(graph.edgeCount()).isZero();
        assertThat(SumoNetReader.forClass("pedestrian").read(net("game/hiking/hiking.net.xml")).edgeCount()).isPositive();
    }

    static int[] coreEdges(final RoadGraph graph)
    {
        final int[] core = new int[graph.coreSize()];
        int k = 0;
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            if (graph.inCore(e))
            {
                core[k++] = e;
            }
        }
        return core;
    }
}
