package org.beacon.signal.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.beacon.signal.controller.Indication;
import org.beacon.signal.controller.RingBarrierController;
import org.beacon.signal.field.FieldControllers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link mapping and state strings on a netgenerate 3x3 grid, without running SUMO. */
class SumoSignalBridgeTest
{
    private static final long STEP_NS = 500_000_000L;

    @TempDir
    static Path dir;

    private static GridNet grid;
    private static SumoSignalBridge bridge;

    @BeforeAll
    static void generate() throws Exception
    {
        assumeTrue(GridNet.onPath("netgenerate"), "netgenerate is not on PATH");
        grid = GridNet.generate(dir, 3);
        bridge = SumoSignalBridge.fromNetFile(grid.netFile, grid.network, grid::edgeIndex);
    }

    @Test
    void stateCharacters()
    {
        assertThat(SumoSignalBridge.stateChar(Indication.GREEN, false)).isEqualTo('G');
        assertThat(SumoSignalBridge.stateChar(Indication.GREEN, true)).isEqualTo('g');
        assertThat(SumoSignalBridge.stateChar(Indication.YELLOW, false)).isEqualTo('y');
        assertThat(SumoSignalBridge.stateChar(Indication.YELLOW, true)).isEqualTo('y');
        assertThat(SumoSignalBridge.stateChar(Indication.RED, true)).isEqualTo('r');
        assertThat(SumoSignalBridge.stateChar(Indication.FLASHING_RED, false)).isEqualTo('s');
        assertThat(SumoSignalBridge.stateChar(Indication.FLASHING_YELLOW, false)).isEqualTo('o');
        assertThat(SumoSignalBridge.stateChar(Indication.DARK, false)).isEqualTo('O');
        assertThat(SumoSignalBridge.stateChar(null, false)).isEqualTo('r');
    }

    @Test
    void everyLightOfTheGridIsMappedLinkByLink()
    {
        assertThat(bridge.tlsCount()).isEqualTo(9);
        final int center = tls("B1");
        assertThat(bridge.intersection(center)).isEqualTo(grid.network.intersectionIndex("B1"));
        // B1 has four approaches of two lanes: right+straight on lane 0, straight+left+U-turn on lane 1
        assertThat(bridge.linkCount(center)).isGreaterThanOrEqualTo(16);
        int lefts = 0;
        for (int link = 0; link < bridge.linkCount(center); link++)
        {
            assertThat(bridge.linkPhase(center, link)).isIn(2, 4, 6, 8);
            if (bridge.linkLeft(center, link))
            {
                lefts++;
            }
        }
        assertThat(lefts).isEqualTo(8); // a left turn and a U-turn per approach
        // the approach from the west (A1B1) drives east: phase 4; from the south (B0B1) north: phase 2
        assertThat(phasesOfApproach(center, "A1B1")).isEqualTo(4);
        assertThat(phasesOfApproach(center, "B0B1")).isEqualTo(2);
        assertThat(phasesOfApproach(center, "B2B1")).isEqualTo(6);
        assertThat(phasesOfApproach(center, "C1B1")).isEqualTo(8);
    }

    @Test
    void stateFollowsTheControllerThroughACycleAndNeverGreensConflictingStreets()
    {
        final FieldControllers field = new FieldControllers(grid.network, 0);
        final int center = tls("B1");
        boolean sawMainGreen = false;
        boolean sawCrossGreen = false;
        boolean sawYellow = false;
        for (long now = 0; now <= 200_000_000_000L; now += STEP_NS)
        {
            field.step(now);
            for (int t = 0; t < bridge.tlsCount(); t++)
            {
                final RingBarrierController controller = field.cabinet(bridge.intersection(t)).controller();
                final String state = bridge.state(t, controller);
                assertThat(state).hasSize(bridge.linkCount(t));
                assertNoConflictingGreens(bridge, t, state);
                for (int link = 0; link < state.length(); link++)
                {
                    final Indication indication = controller.vehicle(bridge.linkPhase(t, link));
                    assertThat(state.charAt(link)).isEqualTo(SumoSignalBridge.stateChar(indication, bridge.linkLeft(t, link)));
                }
                if (t == center)
                {
                    sawMainGreen |= controller.vehicle(2) == Indication.GREEN;
                    sawCrossGreen |= controller.vehicle(4) == Indication.GREEN;
                    sawYellow |= state.indexOf('y') >= 0;
                }
            }
        }
        assertThat(sawMainGreen).isTrue();
        assertThat(sawCrossGreen).isTrue();
        assertThat(sawYellow).isTrue();
    }

    @Test
    void refusesANonNetAndExternalEntities()
    {
        final String xxe = "<?xml version=\"1.0\"?><!DOCTYPE net [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<net><connection from=\"&x;\" to=\"b\" tl=\"B1\" linkIndex=\"0\" dir=\"s\"/></net>";
        assertThatThrownBy(() -> SumoSignalBridge.fromNet(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)),
            grid.network, grid::edgeIndex)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SumoSignalBridge.fromNet(new ByteArrayInputStream("<routes/>".getBytes(StandardCharsets.UTF_8)),
            grid.network, grid::edgeIndex)).isInstanceOf(IOException.class).hasMessageContaining("no <net>");
    }

    /** No link of a north/south approach shows green while a link of an east/west approach does. */
    static void assertNoConflictingGreens(final SumoSignalBridge bridge, final int tls, final String state)
    {
        boolean northSouth = false;
        boolean eastWest = false;
        for (int link = 0; link < state.length(); link++)
        {
            final char c = state.charAt(link);
            if (c != 'G' && c != 'g')
            {
                continue;
            }
            final int phase = bridge.linkPhase(tls, link);
            northSouth |= phase == 2 || phase == 6;
            eastWest |= phase == 4 || phase == 8;
        }
        assertThat(northSouth && eastWest).as("conflicting greens at %s: %s", bridge.tlsId(tls), state).isFalse();
    }

    private static int tls(final String id)
    {
        for (int t = 0; t < bridge.tlsCount(); t++)
        {
            if (bridge.tlsId(t).equals(id))
            {
                return t;
            }
        }
        throw new AssertionError("no light " + id);
    }

    /** The one phase every link from an approach edge shows. */
    private static int phasesOfApproach(final int tls, final String edgeId)
    {
        final int edge = grid.edgeIndex(edgeId);
        assertThat(edge).isNotNegative();
        int phase = -1;
        int links = 0;
        for (int link = 0; link < bridge.linkCount(tls); link++)
        {
            if (bridge.linkEdge(tls, link) == edge)
            {
                assertThat(phase == -1 || phase == bridge.linkPhase(tls, link)).isTrue();
                phase = bridge.linkPhase(tls, link);
                links++;
            }
        }
        assertThat(links).as("links from " + edgeId).isGreaterThanOrEqualTo(4);
        return phase;
    }
}
