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
            "game/hiking/hiking.net.xml",
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
        // and nothing outside the core is reachable from it and back
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            if (!graph.inCore(e))
            {
                router.start(e, graph.lengthCm(e));
                router.settleAll();
                final boolean reachesCore = router.etaMs(core[0], 0) != DriveTimeRouter.UNREACHED;
                router.start(core[0], 0);
                router.settleAll();
                final boolean reachedFromCore = router.etaMs(e, 0) != DriveTimeRouter.UNREACHED;
                assertThat(reachesCore && reachedFromCore).as("edge %s outside the core", graph.edgeId(e)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void lanesAndTurnsFollowTheVehicleClass(final String relative) throws Exception
    {
        final Path file = net(relative);
        final String xml = Files.readString(file);
        final RoadGraph emergency = new SumoNetReader().read(file);
        final RoadGraph pedestrian = SumoNetReader.forClass("pedestrian").read(file);
        final RoadGraph passenger = SumoNetReader.forClass("passenger").read(file);
        assertThat(passenger.edgeCount()).isPositive();
        if (xml.contains("allow=\"pedestrian\""))
        {
            // a sidewalk-only edge carries pedestrians, not responders
            assertThat(pedestrian.edgeIndex(firstEdgeWithOnly(xml, "pedestrian"))).isGreaterThanOrEqualTo(0);
            assertThat(emergency.edgeIndex(firstEdgeWithOnly(xml, "pedestrian"))).isEqualTo(-1);
        }
        for (int e = 0; e < emergency.edgeCount(); e++)
        {
            for (final int to : emergency.successors(e))
            {
                assertThat(to).isBetween(0, emergency.edgeCount() - 1);
            }
        }
    }

    /** The id of the first normal edge all of whose lanes allow exactly one class. */
    private static String firstEdgeWithOnly(final String xml, final String vehicleClass)
    {
        int at = 0;
        while ((at = xml.indexOf("<edge id=\"", at)) >= 0)
        {
            final int end = xml.indexOf("</edge>", at);
            final String edge = xml.substring(at, end);
            at = end;
            if (edge.contains("function=") || !edge.contains("<lane "))
            {
                continue;
            }
            final String[] lanes = edge.split("<lane ");
            boolean only = true;
            for (int i = 1; i < lanes.length; i++)
            {
                only &= lanes[i].contains("allow=\"" + vehicleClass + "\"");
            }
            if (only)
            {
                return edge.substring(10, edge.indexOf('"', 10));
            }
        }
        throw new AssertionError("no " + vehicleClass + "-only edge");
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
