package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.beacon.center.sim.DemoRunner;
import org.beacon.center.sim.RoadCity;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.dispatch.road.RoadSnapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoadDemoTest
{
    /** A fix on the road is off its shape only by micro-degree rounding (about 0.1 m). */
    private static final double ON_ROAD_METRES = 0.5;

    @TempDir
    Path dir;

    @Test
    void unitsDriveAlongTheRoadsToTheirIncidents()
    {
        final NodeContext ctx = new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final DemoRunner runner;
        try (BeaconNode node = BeaconNode.launch(ctx);
            CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            runner = DemoRunner.onRoads(node, client, 7, 30, 5.0, 100, new PrintStream(out, true, StandardCharsets.UTF_8));
            runner.run(TimeUnit.SECONDS.toNanos(8));
            final boolean drained = runner.drain(TimeUnit.SECONDS.toNanos(30));
            assertThat(drained).as("acked %d of %d; %s", runner.acked(), runner.sent(), out.toString(StandardCharsets.UTF_8))
                .isTrue();
            assertThat(node.failure()).isNull();
        }
        assertThat(runner.acked()).isEqualTo(runner.sent());
        assertThat(runner.dispatches()).isPositive();
        assertThat(runner.roadRoutes()).as("every dispatch drove a road route").isEqualTo(runner.dispatches());
        assertThat(runner.enRouteChanges()).isPositive();
        assertThat(runner.arrivals()).isPositive();
        assertThat(runner.onSceneChanges()).isPositive();
        assertThat(runner.meanDriveS()).isPositive();
        final String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("dispatches=").contains("mean-eta=").contains("mean-drive=").contains("units=30");

        // What the node journaled: every fix of a moving unit and every ON_SCENE report lies on a road.
        final RoadCity roads = runner.roads();
        final RoadSnapper.Result snapped = new RoadSnapper.Result();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final UnitPositionDecoder position = new UnitPositionDecoder();
        final UnitStatusDecoder status = new UnitStatusDecoder();
        long movingFixes = 0;
        long onSceneReports = 0;
        double worst = 0;
        try (JournalCursor cursor = JournalCursor.open(ctx.inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                if (cursor.source() != SimulatedCity.SOURCE_ID || cursor.payloadLength() < MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    continue;
                }
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() == UnitPositionDecoder.TEMPLATE_ID)
                {
                    position.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
                    if (position.speedCmPerS() > 0)
                    {
                        movingFixes++;
                        roads.snapper().snap(position.position().latMicros(), position.position().lonMicros(),
                            RoadCity.SNAP_RADIUS_METRES, snapped);
                        worst = Math.max(worst, snapped.distanceMetres());
                    }
                }
                else if (header.templateId() == UnitStatusDecoder.TEMPLATE_ID)
                {
                    status.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
                    if (status.status() == UnitStatusCode.ON_SCENE)
                    {
                        onSceneReports++;
                        roads.snapper().snap(status.position().latMicros(), status.position().lonMicros(),
                            RoadCity.SNAP_RADIUS_METRES, snapped);
                        worst = Math.max(worst, snapped.distanceMetres());
                    }
                }
            }
        }
        assertThat(movingFixes).isPositive();
        assertThat(onSceneReports).isEqualTo(runner.arrivals());
        assertThat(worst).as("farthest fix from the road, metres").isLessThan(ON_ROAD_METRES);
    }

    @Test
    void theRoadCityPlacesUnitsOnTheNetworkAndPointsAlongEdgesSnapBackToThem()
    {
        final RoadCity roads = RoadCity.bundled();
        final SimulatedCity city = roads.newCity(3, 40);
        final RoadSnapper.Result snapped = new RoadSnapper.Result();
        for (int i = 0; i < city.unitCount(); i++)
        {
            assertThat(city.latMicros(i)).isBetween(roads.minLatMicros(), roads.maxLatMicros());
            assertThat(city.lonMicros(i)).isBetween(roads.minLonMicros(), roads.maxLonMicros());
            roads.snapper().snap(city.latMicros(i), city.lonMicros(i), RoadCity.SNAP_RADIUS_METRES, snapped);
            assertThat(snapped.distanceMetres()).isLessThan(ON_ROAD_METRES);
        }
        final int[] point = new int[3];
        for (int e = 0; e < roads.graph().edgeCount(); e += 7)
        {
            final int length = roads.graph().lengthCm(e);
            roads.pointAt(e, length / 3.0, point);
            roads.snapper().snap(point[0], point[1], RoadCity.SNAP_RADIUS_METRES, snapped);
            assertThat(snapped.distanceMetres()).isLessThan(ON_ROAD_METRES);
            assertThat(snapped.offsetCm()).isCloseTo(length / 3, org.assertj.core.api.Assertions.within(Math.max(100, length / 50)));
            assertThat(point[2]).isBetween(0, 3599);
        }
    }
}
