package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.signal.SignalGroups;
import org.beacon.signal.SignalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Each real junction's signal groups mapped to the controllers' phases, checked against SUMO's own foe matrix
 * read here independently of the road reader (a DOM walk over the file, SUMO's link enumeration: incoming lanes in
 * {@code incLanes} order, each lane's connections in file order, none into or out of a walking area but those
 * onto a crossing). No two links that SUMO calls foes may be on phases the controller can show green together,
 * unless SUMO's own program shows them green together (a permissive pair) and the one that gives way shows the
 * minor green. The networks are those of Debian's {@code sumo-tools}, which {@code ./beacon test} installs (the
 * 5 MB DRT game network is left to {@code RealNetworksTest} and the bench: its DOM walk alone takes half a minute).
 */
class RealNetworkSignalsTest
{
    private static final Path TOOLS = Path.of("/usr/share/sumo/tools");

    static Stream<String> networks()
    {
        return Stream.of(
            "sumolib/scenario/scenarios/RealWorld/pasubio/pasubio_buslanes.net.xml",
            "sumolib/scenario/scenarios/RealWorld/acosta/acosta_buslanes.net.xml",
            "sumolib/scenario/scenarios/RealWorld/joined/joined_buslanes.net.xml",
            "game/A10KW/osm.net.xml",
            "game/bs3d/bs.net.xml",
            "game/hiking/hiking.net.xml",
            "game/kuehne/kuehne.net.xml");
    }

    @ParameterizedTest
    @MethodSource("networks")
    void noTwoFoesAreGreenTogetherUnlessSumosOwnProgramLetsOneYield(final String relative) throws Exception
    {
        final Path file = TOOLS.resolve(relative);
        assertThat(file).as("network from Debian's sumo-tools (./beacon test installs it)").exists();
        final RoadGraph graph = new SumoNetReader().read(file);
        final SignalNetwork network = SignalNetworks.fromRoadGraph(graph);
        final Sumo sumo = new Sumo(file);
        assertThat(network.signalLinkCount()).isPositive();
        int checkedPairs = 0;
        int foePairs = 0;
        for (int a = 0; a < network.signalLinkCount(); a++)
        {
            final String ka = network.signalLinkTls(a) + "#" + network.signalLinkTlsIndex(a);
            for (int b = 0; b < network.signalLinkCount(); b++)
            {
                if (a == b || network.signalLinkIntersection(a) != network.signalLinkIntersection(b)
                    || !SignalGroups.greenTogether(network.signalLinkPhase(a), network.signalLinkPhase(b)))
                {
                    continue;
                }
                final String kb = network.signalLinkTls(b) + "#" + network.signalLinkTlsIndex(b);
                checkedPairs++;
                if (sumo.foes(ka, kb))
                {
                    foePairs++;
                    assertThat(sumo.greenTogether(network.signalLinkTls(a), network.signalLinkTlsIndex(a), network.signalLinkTlsIndex(b)))
                        .as("%s and %s are foes green together, and SUMO's program never shows them so", ka, kb).isTrue();
                    assertThat(network.signalLinkMinor(a) || network.signalLinkMinor(b))
                        .as("one of the foes %s, %s gives way", ka, kb).isTrue();
                }
            }
        }
        assertThat(checkedPairs).isPositive();
        // every position of every light Beacon drives is some link's
        final Map<String, Set<Integer>> shown = new HashMap<>();
        for (int k = 0; k < network.signalLinkCount(); k++)
        {
            shown.computeIfAbsent(network.signalLinkTls(k), t -> new HashSet<>()).add(network.signalLinkTlsIndex(k));
        }
        for (final Map.Entry<String, Set<Integer>> light : shown.entrySet())
        {
            assertThat(light.getValue()).as("links of %s", light.getKey()).containsAll(sumo.indices(light.getKey()));
        }
        System.out.printf("%s: intersections=%d signal-links=%d pairs-green-together=%d of-which-permissive-foes=%d%n", relative,
            network.intersectionCount(), network.signalLinkCount(), checkedPairs, foePairs);
    }

    @Test
    void theBundledGridKeepsItsHeadingPhasesEverywhere() throws Exception
    {
        final RoadGraph graph = CenterStateMachine.bundledNetwork();
        final SignalGroups groups = SignalNetworks.groups(graph);
        int lights = 0;
        for (int j = 0; j < graph.junctionCount(); j++)
        {
            if (graph.isTrafficLight(j))
            {
                lights++;
                assertThat(groups.method(j)).isEqualTo(SignalGroups.Method.NEMA_EIGHT);
            }
        }
        assertThat(SignalNetworks.fromRoadGraph(graph).intersectionCount()).isEqualTo(lights);
    }

    /** SUMO's link enumeration, foe matrix and programs, read with the JDK's DOM. */
    private static final class Sumo
    {
        private final Map<String, String> linkAt = new HashMap<>();
        private final Map<String, String[]> foeRows = new HashMap<>();
        private final Map<String, List<String>> states = new HashMap<>();
        private final Map<String, Set<Integer>> indices = new HashMap<>();

        Sumo(final Path file) throws Exception
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            final Document doc = factory.newDocumentBuilder().parse(file.toFile());
            final Map<String, String> function = new HashMap<>();
            final NodeList edges = doc.getElementsByTagName("edge");
            for (int i = 0; i < edges.getLength(); i++)
            {
                final Element e = (Element)edges.item(i);
                function.put(e.getAttribute("id"), e.getAttribute("function"));
            }
            final Map<String, List<Element>> byLane = new HashMap<>();
            final NodeList connections = doc.getElementsByTagName("connection");
            for (int i = 0; i < connections.getLength(); i++)
            {
                final Element c = (Element)connections.item(i);
                final String from = function.getOrDefault(c.getAttribute("from"), "");
                final String to = function.getOrDefault(c.getAttribute("to"), "");
                if ("internal".equals(from) || "walkingarea".equals(to) || ("walkingarea".equals(from) && !"crossing".equals(to)))
                {
                    continue;
                }
                byLane.computeIfAbsent(c.getAttribute("from") + "_" + c.getAttribute("fromLane"), k -> new ArrayList<>()).add(c);
            }
            final NodeList junctions = doc.getElementsByTagName("junction");
            for (int i = 0; i < junctions.getLength(); i++)
            {
                readJunction((Element)junctions.item(i), byLane);
            }
            final NodeList logics = doc.getElementsByTagName("tlLogic");
            for (int i = 0; i < logics.getLength(); i++)
            {
                final Element logic = (Element)logics.item(i);
                final NodeList phases = logic.getElementsByTagName("phase");
                for (int p = 0; p < phases.getLength(); p++)
                {
                    states.computeIfAbsent(logic.getAttribute("id"), k -> new ArrayList<>()).add(((Element)phases.item(p)).getAttribute("state"));
                }
            }
        }

        private void readJunction(final Element junction, final Map<String, List<Element>> byLane)
        {
            if ("internal".equals(junction.getAttribute("type")))
            {
                return;
            }
            final String id = junction.getAttribute("id");
            int k = 0;
            for (final String lane : junction.getAttribute("incLanes").trim().split("\\s+"))
            {
                for (final Element c : byLane.getOrDefault(lane, List.of()))
                {
                    if (c.hasAttribute("tl") && !"-1".equals(c.getAttribute("linkIndex")))
                    {
                        linkAt.put(c.getAttribute("tl") + "#" + c.getAttribute("linkIndex"), id + "#" + k);
                        indices.computeIfAbsent(c.getAttribute("tl"), t -> new HashSet<>()).add(Integer.parseInt(c.getAttribute("linkIndex")));
                    }
                    k++;
                }
            }
            final NodeList requests = junction.getElementsByTagName("request");
            final String[] rows = new String[requests.getLength()];
            for (int r = 0; r < rows.length; r++)
            {
                final Element request = (Element)requests.item(r);
                rows[Integer.parseInt(request.getAttribute("index"))] = request.getAttribute("foes");
            }
            foeRows.put(id, rows);
        }

        boolean foes(final String tlsLinkA, final String tlsLinkB)
        {
            final String[] a = linkAt.get(tlsLinkA).split("#");
            final String[] b = linkAt.get(tlsLinkB).split("#");
            if (!a[0].equals(b[0]))
            {
                return false;
            }
            final String[] rows = foeRows.get(a[0]);
            return bit(rows, Integer.parseInt(a[1]), Integer.parseInt(b[1])) || bit(rows, Integer.parseInt(b[1]), Integer.parseInt(a[1]));
        }

        private static boolean bit(final String[] rows, final int row, final int column)
        {
            final String foes = rows[row];
            return foes.charAt(foes.length() - 1 - column) == '1';
        }

        boolean greenTogether(final String tls, final int a, final int b)
        {
            for (final String state : states.getOrDefault(tls, List.of()))
            {
                if ("Gg".indexOf(state.charAt(a)) >= 0 && "Gg".indexOf(state.charAt(b)) >= 0)
                {
                    return true;
                }
            }
            return false;
        }

        Set<Integer> indices(final String tls)
        {
            return indices.get(tls);
        }
    }
}
