package org.beacon.signal.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real {@code sumo}: a 3x3 traffic-light grid made by netgenerate at test time
 * (200 m blocks; node A0 at the origin, letters east, digits north), 0.1 s steps.
 */
class SumoSystemTest
{
    private static final double STEP_S = 0.1;

    @TempDir
    static Path dir;

    private SumoProcess sumo;

    @BeforeAll
    static void generateNetwork() throws Exception
    {
        assumeTrue(SumoProcess.available(), "sumo is not on PATH");
        assumeTrue(onPath("netgenerate") && onPath("netconvert"), "netgenerate/netconvert are not on PATH");
        run("netgenerate", "--grid", "--grid.number", "3", "--grid.length", "200",
            "--default-junction-type", "traffic_light", "-o", "net.xml");
        Files.writeString(dir.resolve("routes.xml"), """
            <routes>
              <route id="background" edges="A0B0 B0C0"/>
              <vehicle id="bg0" route="background" depart="0"/>
            </routes>
            """);
        // Nodes in lon/lat (Ho Chi Minh City); --proj.utm projects them and stores the projection in the net.
        Files.writeString(dir.resolve("geo.nod.xml"), """
            <nodes>
              <node id="w" x="106.700" y="10.770"/>
              <node id="e" x="106.702" y="10.770"/>
            </nodes>
            """);
        Files.writeString(dir.resolve("geo.edg.xml"), """
            <edges>
              <edge id="we" from="w" to="e" numLanes="1" speed="13.9"/>
            </edges>
            """);
        run("netconvert", "--node-files", "geo.nod.xml", "--edge-files", "geo.edg.xml", "--proj.utm", "true", "-o", "geo.net.xml");
    }

    @AfterEach
    void stopSumo()
    {
        if (sumo != null)
        {
            sumo.close();
        }
    }

    private TraciClient startGrid() throws IOException
    {
        sumo = SumoProcess.start(List.of("-n", "net.xml", "-r", "routes.xml", "--step-length", Double.toString(STEP_S),
            "--no-step-log", "true"), dir);
        return sumo.client();
    }

    @Test
    void versionTrafficLightsAndSignalControl() throws Exception
    {
        final TraciClient client = startGrid();
        client.setOrder(1);
        assertThat(client.apiVersion()).isGreaterThanOrEqualTo(20);
        assertThat(client.sumoVersion()).startsWith("SUMO 1.");
        assertThat(client.trafficLightIds()).containsExactlyInAnyOrder("A0", "A1", "A2", "B0", "B1", "B2", "C0", "C1", "C2");

        final String state = client.redYellowGreenState("B1");
        final List<List<TraciClient.ControlledLink>> links = client.controlledLinks("B1");
        assertThat(links).hasSize(state.length());
        final List<String> edges = client.edgeIds();
        for (final List<TraciClient.ControlledLink> signal : links)
        {
            assertThat(signal).isNotEmpty();
            for (final TraciClient.ControlledLink link : signal)
            {
                final String incomingEdge = edgeOf(link.incomingLane());
                assertThat(incomingEdge).matches("[A-C][0-2]B1").isIn(edges);
                assertThat(edgeOf(link.outgoingLane())).matches("B1[A-C][0-2]").isIn(edges);
                assertThat(link.viaLane()).startsWith(":B1_");
            }
        }

        final String allRed = "r".repeat(state.length());
        client.setRedYellowGreenState("B1", allRed);
        assertThat(client.redYellowGreenState("B1")).isEqualTo(allRed);
        client.simulationStep(0);
        assertThat(client.redYellowGreenState("B1")).as("held across a step").isEqualTo(allRed);
        assertThat(client.program("B1")).isEqualTo("online");

        client.setProgram("B1", "0");
        client.setPhase("B1", 2);
        assertThat(client.program("B1")).isEqualTo("0");
        assertThat(client.phase("B1")).isEqualTo(2);
        client.simulationStep(5.0);
        assertThat(client.simulationTime()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void emergencyVehicleDrivesItsRouteAndArrives() throws Exception
    {
        final TraciClient client = startGrid();
        client.copyVehicleType("DEFAULT_VEHTYPE", "ambulance");
        client.setVehicleTypeClass("ambulance", "emergency");
        client.setVehicleTypeColor("ambulance", 255, 0, 0, 255);
        assertThat(client.vehicleTypeClass("ambulance")).isEqualTo("emergency");
        client.addRoute("amb-route", List.of("A0A1", "A1B1", "B1C1"));
        client.addVehicle("amb1", "amb-route", "ambulance", "now", "best", "max");

        stepUntil(client, 20, () -> client.departedVehicles().contains("amb1"));
        assertThat(client.vehicleIds()).contains("amb1", "bg0");
        assertThat(client.vehicleRoadId("amb1")).isEqualTo("A0A1");
        final double[] start = client.vehiclePosition("amb1");
        final double startLanePos = client.vehicleLanePosition("amb1");
        client.simulationStep(client.simulationTime() + 3.0);
        final double[] later = client.vehiclePosition("amb1");
        assertThat(later[1]).as("drives north on A0A1").isGreaterThan(start[1] + 10);
        assertThat(later[0]).isCloseTo(start[0], within(0.5));
        assertThat(client.vehicleLanePosition("amb1")).isGreaterThan(startLanePos + 10);
        assertThat(client.vehicleSpeed("amb1")).isGreaterThan(1.0);
        assertThat(client.edgeVehicleCount("A0A1")).isGreaterThanOrEqualTo(1);
        assertThat(client.edgeMeanSpeed("A0A1")).isGreaterThan(0.0);
        assertThat(client.vehicleTimeLoss("amb1")).isGreaterThanOrEqualTo(0.0);
        assertThat(client.vehicleWaitingTime("amb1")).isGreaterThanOrEqualTo(0.0);
        final double[] lonLat = client.vehicleLonLat("amb1");
        assertThat(lonLat).hasSize(2);
        assertThat(Double.isFinite(lonLat[0]) && Double.isFinite(lonLat[1])).as("finite lon/lat").isTrue();

        // Divert it: at A1 it now turns onto A1A2 instead of heading east.
        client.setVehicleRoute("amb1", List.of("A0A1", "A1A2"));
        final List<String> roads = new ArrayList<>();
        stepUntil(client, 1_000, () ->
        {
            if (client.arrivedVehicles().contains("amb1"))
            {
                return true;
            }
            final String road = client.vehicleRoadId("amb1");
            if (!road.startsWith(":") && (roads.isEmpty() || !roads.get(roads.size() - 1).equals(road)))
            {
                roads.add(road);
            }
            return false;
        });
        assertThat(roads).containsExactly("A0A1", "A1A2");
        assertThat(client.vehicleIds()).doesNotContain("amb1");
        stepUntil(client, 1_000, () -> client.minExpectedVehicles() == 0);
    }

    @Test
    void redLightStopsAVehicleAndGreenReleasesIt() throws Exception
    {
        final TraciClient client = startGrid();
        client.addRoute("east", List.of("A1B1", "B1C1"));
        client.addVehicle("car", "east", "DEFAULT_VEHTYPE", "now", "best", "max");
        stepUntil(client, 20, () -> client.departedVehicles().contains("car"));
        final int links = client.redYellowGreenState("B1").length();
        client.setRedYellowGreenState("B1", "r".repeat(links));

        stepUntil(client, 400, () -> client.vehicleSpeed("car") < 0.05);
        assertThat(client.vehicleRoadId("car")).isEqualTo("A1B1");
        // A1B1_0 is 185.6 m long; the car stops with its front just before the stop line.
        assertThat(client.vehicleLanePosition("car")).isBetween(170.0, 185.6);
        client.simulationStep(client.simulationTime() + 3.0);
        assertThat(client.vehicleSpeed("car")).isLessThan(0.05);
        assertThat(client.vehicleRoadId("car")).isEqualTo("A1B1");
        assertThat(client.vehicleWaitingTime("car")).isGreaterThan(2.0);

        client.setRedYellowGreenState("B1", "G".repeat(links));
        stepUntil(client, 200, () -> client.vehicleRoadId("car").equals("B1C1"));
        assertThat(client.vehicleSpeed("car")).isGreaterThan(0.5);
    }

    @Test
    void errorFromSumoLeavesTheConnectionUsable() throws Exception
    {
        final TraciClient client = startGrid();
        assertThatThrownBy(() -> client.redYellowGreenState("nope"))
            .isExactlyInstanceOf(TraciException.class)
            .satisfies(ex ->
            {
                final TraciException te = (TraciException)ex;
                assertThat(te.commandId()).isEqualTo(TraciDescriptor.CMD_GET_TL_VARIABLE);
                assertThat(te.status()).isEqualTo(TraciDescriptor.RTYPE_ERR);
                assertThat(te.description()).contains("'nope'").contains("not known");
            });
        assertThatThrownBy(() -> client.vehicleSpeed("ghost"))
            .isExactlyInstanceOf(TraciException.class)
            .hasMessageContaining("ghost");
        assertThatThrownBy(() -> client.addRoute("broken", List.of("A0A1", "no-such-edge")))
            .isExactlyInstanceOf(TraciException.class);
        assertThat(client.isClosed()).isFalse();
        client.simulationStep(0);
        assertThat(client.simulationTime()).isCloseTo(STEP_S, within(1e-9));
        assertThat(client.trafficLightIds()).hasSize(9);
    }

    @Test
    void lonLatUsesTheNetworkProjection() throws Exception
    {
        sumo = SumoProcess.start(List.of("-n", "geo.net.xml", "--step-length", "1", "--no-step-log", "true"), dir);
        final TraciClient client = sumo.client();
        client.addRoute("r", List.of("we"));
        client.addVehicle("v", "r", "DEFAULT_VEHTYPE", "now", "best", "max");
        client.simulationStep(0);
        client.simulationStep(0);
        final double[] lonLat = client.vehicleLonLat("v");
        assertThat(lonLat[0]).isBetween(106.6999, 106.7021);
        assertThat(lonLat[1]).isCloseTo(10.770, within(0.0002));
        final double[] west = client.lonLat(0, 0);
        assertThat(west[0]).isCloseTo(106.700, within(0.0001));
    }

    @Test
    void closeEndsTheProcess() throws Exception
    {
        final TraciClient client = startGrid();
        client.simulationStep(0);
        final long startNs = System.nanoTime();
        sumo.close();
        assertThat(sumo.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).as("exited on TraCI close, not killed").isLessThan(4_000);
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(client::simulationTime).isInstanceOf(IllegalStateException.class);
        sumo.close();
    }

    @Test
    void startFailureReportsSumosOwnMessage()
    {
        assertThatThrownBy(() -> SumoProcess.start(List.of("-n", "missing.net.xml"), dir))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("missing.net.xml")
            .hasMessageContaining("exit code");
    }

    private static void stepUntil(final TraciClient client, final int maxSteps, final BooleanSupplier done)
    {
        for (int i = 0; i < maxSteps; i++)
        {
            client.simulationStep(0);
            if (done.getAsBoolean())
            {
                return;
            }
        }
        throw new AssertionError("condition not reached within " + maxSteps + " steps (t=" + client.simulationTime() + " s)");
    }

    private static String edgeOf(final String laneId)
    {
        return laneId.substring(0, laneId.lastIndexOf('_'));
    }

    private static boolean onPath(final String tool)
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

    private static void run(final String... command) throws Exception
    {
        final Path log = dir.resolve(command[0] + ".log");
        final Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(command[0] + " hung");
        }
        assertThat(process.exitValue()).as(command[0] + ": " + Files.readString(log)).isZero();
    }
}
