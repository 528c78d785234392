package org.beacon.signal.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.beacon.signal.controller.Indication;
import org.beacon.signal.controller.RingBarrierController;
import org.beacon.signal.field.FieldControllers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beacon's cabinets drive a real {@code sumo}: on a 3x3 traffic-light grid with traffic in every
 * direction, every light shows exactly the controller's indications after each step, through full cycles and
 * a preemption, and never a green on two conflicting streets.
 */
class SumoSignalBridgeSystemTest
{
    private static final double STEP_S = 0.5;

    @TempDir
    Path dir;

    @Test
    void sumoShowsTheControllersIndications() throws Exception
    {
        assumeTrue(SumoProcess.available(), "sumo is not on PATH");
        assumeTrue(GridNet.onPath("netgenerate"), "netgenerate is not on PATH");
        final GridNet grid = GridNet.generate(dir, 3);
        Files.writeString(dir.resolve("routes.xml"), """
            <routes>
              <flow id="north" begin="0" end="300" period="6" from="B0B1" to="B1B2"/>
              <flow id="south" begin="0" end="300" period="7" from="B2B1" to="B1B0"/>
              <flow id="east" begin="0" end="300" period="5" from="A1B1" to="B1C1"/>
              <flow id="west" begin="0" end="300" period="8" from="C1B1" to="B1A1"/>
              <flow id="turn" begin="0" end="300" period="11" from="A0A1" to="B1B2"/>
            </routes>
            """);
        final SumoSignalBridge bridge = SumoSignalBridge.fromNetFile(grid.netFile, grid.network, grid::edgeIndex);
        final SumoSignalBridge.Detectors detectors = bridge.readDetectors(grid.edgeIds::get);
        final int center = grid.network.intersectionIndex("B1");
        int centerTls = -1;
        for (int t = 0; t < bridge.tlsCount(); t++)
        {
            if (bridge.intersection(t) == center)
            {
                centerTls = t;
            }
        }
        try (SumoProcess sumo = SumoProcess.start(List.of("-n", grid.netFile.getFileName().toString(), "-r", "routes.xml",
            "--step-length", Double.toString(STEP_S), "--no-step-log", "true", "--time-to-teleport", "-1"), dir))
        {
            final TraciClient traci = sumo.client();
            final FieldControllers field = new FieldControllers(grid.network, 0);
            field.step(0);
            assertThat(bridge.apply(field, traci)).isEqualTo(9);
            boolean preempted = false;
            boolean crossGreenInPreempt = false;
            int cycleGreens = 0;
            char lastCenter = ' ';
            int arrived = 0;
            while (traci.simulationTime() < 240.0)
            {
                traci.simulationStep(0);
                final long nowNs = Math.round(traci.simulationTime() * 1e9);
                for (int t = 0; t < bridge.tlsCount(); t++)
                {
                    final String shown = traci.redYellowGreenState(bridge.tlsId(t));
                    assertThat(shown).as("light %s at %d ns", bridge.tlsId(t), nowNs).isEqualTo(bridge.lastSent(t));
                    SumoSignalBridgeTest.assertNoConflictingGreens(bridge, t, shown);
                }
                arrived += traci.arrivedVehicles().size();
                detectors.sample(traci);
                final RingBarrierController controller = field.cabinet(center).controller();
                if (!preempted && nowNs >= 150_000_000_000L && controller.vehicle(2) == Indication.GREEN)
                {
                    // main street green: the cross street is asked for, as a green wave would (the controller may
                    // keep the conflicting green for its pedestrian clearance first, hence the long expiry)
                    assertThat(controller.preempt(77, 4, 1, nowNs, nowNs + 60_000_000_000L)).isEqualTo(RingBarrierController.ACCEPTED);
                    preempted = true;
                }
                field.step(nowNs);
                bridge.apply(field, traci);
                final String state = bridge.lastSent(centerTls);
                final char mainThrough = state.charAt(firstThrough(bridge, centerTls, 2));
                if (mainThrough == 'G' && lastCenter != 'G')
                {
                    cycleGreens++;
                }
                lastCenter = mainThrough;
                if (preempted && controller.activePreemptId() == 77 && controller.vehicle(4) == Indication.GREEN)
                {
                    crossGreenInPreempt = true;
                    assertThat(state.charAt(firstThrough(bridge, centerTls, 4))).isEqualTo('G');
                }
            }
            assertThat(cycleGreens).as("full cycles of the main street").isGreaterThanOrEqualTo(2);
            assertThat(preempted).isTrue();
            assertThat(crossGreenInPreempt).as("the preempted phase went green in SUMO").isTrue();
            assertThat(field.faultTrips()).isZero();
            assertThat(arrived).as("traffic flows through the lights").isGreaterThan(40);
            final int[] edges = new int[16];
            final int[] counts = new int[16];
            final int[] occupancy = new int[16];
            final int[] speeds = new int[16];
            final int readings = detectors.read(center, edges, counts, occupancy, speeds);
            assertThat(readings).isEqualTo(4);
            int vehicles = 0;
            for (int d = 0; d < readings; d++)
            {
                vehicles += counts[d];
                assertThat(occupancy[d]).isBetween(0, 1000);
            }
            assertThat(vehicles).as("approach detectors see the queues").isPositive();
            assertThat(detectors.samples(edges[0])).as("reset by the read").isZero();
        }
    }

    private static int firstThrough(final SumoSignalBridge bridge, final int tls, final int phase)
    {
        for (int link = 0; link < bridge.linkCount(tls); link++)
        {
            if (bridge.linkPhase(tls, link) == phase && !bridge.linkLeft(tls, link))
            {
                return link;
            }
        }
        throw new AssertionError("no through link of phase " + phase);
    }
}
