package org.beacon.replay.camera;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.sim.DemoCameras;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistEntryEncoder;
import org.beacon.codecs.WatchlistHitDecoder;
import org.beacon.codecs.WatchlistReason;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.VerifyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera worker as its own process (the real {@code cameras} command) against a real node: a generated video of a
 * car with a listed plate and OpenCV's vtest.avi with a crowd zone; the node turns the worker's PlateRead into a
 * WatchlistHit at the camera's place and its CrowdAlarm into an IncidentCandidate at the zone's place; crops are on
 * disk; replay reproduces every output. A bad registry is refused with its reason.
 */
class CameraWorkerSystemTest
{
    private static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    @TempDir
    Path dir;

    private Process worker(final Path config, final Path data, final String aeronDir) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("org.beacon.video.worker.CameraWorkerMain");
        command.addAll(List.of("--config", config.toString(), "--data", data.toString(), "--aeron-dir", aeronDir, "--speed", "0",
            "--status-seconds", "2"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
    }

    @Test
    void aListedPlateAndAGatheringCrowdReachTheDispatchersAsHitAndCandidate() throws Exception
    {
        // the demo's own gate video: one car with a generated plate drifting through the frame
        final DemoCameras.Setup gate = DemoCameras.prepare(dir, 21, 1, 10.7725, 106.698);
        final String video = gate.cameras().get(0).source();
        final String plate = gate.plates().get(0);
        assertThat(VTEST).as("opencv-doc's vtest.avi (./beacon test installs opencv-doc)").exists();
        final Path data = dir.resolve("data");
        final String aeronDir = dir.resolve("aeron").toString();
        final Path config = dir.resolve("cameras.json");
        Files.writeString(config, """
            {"cameras": [
              {"id": 7, "name": "Ben Thanh gate", "lat": 10.7725, "lon": 106.698, "headingDeg": 90, "source": "%s",
               "analysisFps": 30, "plates": true, "crowd": false},
              {"id": 8, "name": "Nguyen Hue square", "lat": 10.7740, "lon": 106.7030, "source": "%s", "analysisFps": 10,
               "plates": false, "crowd": true,
               "crowdRules": {"countThreshold": 3, "holdS": 1, "riseBy": 50, "realarmGapS": 600},
               "zones": [{"id": 1, "name": "square", "polygon": [[0, 0], [768, 0], [768, 576], [0, 576]],
                          "lat": 10.7741, "lon": 106.7031, "radiusM": 60}]}
            ]}""".formatted(video, VTEST));
        final NodeContext ctx = new NodeContext().dataDir(data).aeronDir(aeronDir).stateMachineSupplier(CenterStateMachine::new);
        final String log;
        try (BeaconNode node = BeaconNode.launch(ctx);
            CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
        {
            final long connect = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected() && System.nanoTime() < connect)
            {
                Thread.sleep(5);
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + new WatchlistEntryEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).action(WatchlistAction.ADD).reason(WatchlistReason.STOLEN)
                .incidentId(0).operatorId(101).plate(plate).note("reported stolen").encodedLength();
            assertThat(client.offer(1, buffer, 0, length)).isPositive();

            final Process process = worker(config, data, aeronDir);
            assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the worker finishes its files").isTrue();
            log = Files.readString(dir.resolve("worker.log"), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(log).isZero();
            assertThat(log).contains("camera 7: decoded=30").contains("rejected=0");
            Thread.sleep(500);
            assertThat(node.failure()).isNull();
        }

        final List<String> hits = new ArrayList<>();
        final List<String> candidates = new ArrayList<>();
        final List<String> crops = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalCursor cursor = JournalCursor.open(data.resolve("journal").resolve("output"), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() == WatchlistHitDecoder.TEMPLATE_ID)
                {
                    final WatchlistHitDecoder hit = new WatchlistHitDecoder().wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(),
                        header);
                    hits.add(hit.cameraId() + " " + hit.position().latMicros() + " " + hit.position().lonMicros() + " " +
                        hit.reason() + " " + hit.plate() + " " + hit.listedPlate());
                    crops.add(hit.cropRef());
                }
                else if (header.templateId() == IncidentCandidateDecoder.TEMPLATE_ID)
                {
                    final IncidentCandidateDecoder c = new IncidentCandidateDecoder().wrapAndApplyHeader(cursor.buffer(),
                        cursor.payloadOffset(), header);
                    candidates.add(c.cameraId() + " " + c.zoneId() + " " + c.place().latMicros() + " " + c.place().lonMicros() + " " +
                        c.radiusM() + " " + c.rule() + " " + (c.count() >= 3));
                    crops.add(c.cropRef());
                }
            }
        }
        final List<String> reads = new ArrayList<>();
        try (JournalCursor cursor = JournalCursor.open(data.resolve("journal").resolve("input"), JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() == org.beacon.codecs.PlateReadDecoder.TEMPLATE_ID)
                {
                    reads.add(new org.beacon.codecs.PlateReadDecoder().wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header)
                        .plate());
                }
            }
        }
        assertThat(hits).as("watchlist hits for " + plate + "; the worker read " + reads).isNotEmpty();
        assertThat(hits.get(0)).startsWith("7 10772500 106698000 STOLEN ").endsWith(" " + plate);
        assertThat(candidates).as("crowd candidates; the worker said:\n" + log).isNotEmpty();
        assertThat(candidates.get(0)).isEqualTo("8 1 10774100 106703100 60 COUNT_HELD true");
        for (final String crop : crops)
        {
            assertThat(crop).isNotEmpty();
            assertThat(data.resolve("crops").resolve(crop)).exists();
        }
        final VerifyResult verify = ReplayVerifier.verify(data);
        assertThat(verify.identical()).as(verify.summary()).isTrue();
    }

    @Test
    void aBadRegistryIsRefusedWithItsReason() throws Exception
    {
        final Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"cameras\": [{\"id\": 3, \"lat\": 95, \"lon\": 106.7, \"source\": \"x.mp4\"}]}");
        final Process process = worker(config, dir.resolve("data"), dir.resolve("aeron").toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("worker.log"))).contains("camera 3: \"lat\" must be a number from -90.0 to 90.0");
        Files.writeString(config, "{\"cameras\": [ {\"id\": 3,, ]}");
        final Process garbage = worker(config, dir.resolve("data"), dir.resolve("aeron").toString());
        assertThat(garbage.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(garbage.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("worker.log"))).contains("not valid JSON");
        assertThat(new File(dir.toFile(), "data/journal").exists()).isFalse();
    }
}
