package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.alert.cap.CapValidator;
import org.beacon.replay.alerts.AlertsCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replay alerts DIR --out FOLDER} over a real node's journals: a chemical release that goes out at once and is
 * cancelled when its incident closes, and a fire approved, edited and approved again (an Update).
 */
class ReplayAlertsTest
{
    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static Path data;
    private static long chemicalAlert;
    private static long fireAlert;

    @BeforeAll
    static void record()
    {
        data = shared.resolve("data");
        try (BeaconNode node = BeaconNode.launch(CenterRecording.context(data));
            CoreClient client = CoreClient.connect(CenterRecording.context(data).coreAddress(), 5))
        {
            final Sender sender = new Sender(client);
            final long chemicalIncident = sender.call(1, 10_776_900, 106_700_900);
            chemicalAlert = sender.alert(AlertAction.CLASSIFY, 0, chemicalIncident, 0, Hazard.CHEMICAL, 0);
            final long fireIncident = sender.call(2, 10_790_000, 106_680_000);
            fireAlert = sender.alert(AlertAction.CLASSIFY, 0, fireIncident, 0, Hazard.FIRE, 0);
            sender.alert(AlertAction.APPROVE, fireAlert, 0, 1, Hazard.NONE, 0);
            sender.alert(AlertAction.EDIT, fireAlert, 0, 1, Hazard.NONE, 400);
            sender.alert(AlertAction.APPROVE, fireAlert, 0, 2, Hazard.NONE, 0);
            sender.close(chemicalIncident);
            sleep(100);
            assertThat(node.failure()).isNull();
        }
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ReplayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void everyMessageSentIsWrittenOnceNamedByItsIdentifierAndValid() throws Exception
    {
        final Path out = scratch.resolve("cap");
        final Run run = run("alerts", data.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> names;
        try (Stream<Path> files = Files.list(out))
        {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactlyInAnyOrder(
            "VN-HCM-112-" + chemicalAlert + "-1.xml", "VN-HCM-112-" + chemicalAlert + "-2.xml",
            "VN-HCM-112-" + fireAlert + "-1.xml", "VN-HCM-112-" + fireAlert + "-2.xml");
        final String chemicalCancel = Files.readString(out.resolve("VN-HCM-112-" + chemicalAlert + "-2.xml"), StandardCharsets.UTF_8);
        assertThat(chemicalCancel).contains("<msgType>Cancel</msgType>").contains("VN-HCM-112-" + chemicalAlert + "-1,");
        final String fireUpdate = Files.readString(out.resolve("VN-HCM-112-" + fireAlert + "-2.xml"), StandardCharsets.UTF_8);
        assertThat(fireUpdate).contains("<msgType>Update</msgType>").contains(" 0.400</circle>");
        for (final String name : names)
        {
            assertThat(CapValidator.validate(Files.readString(out.resolve(name), StandardCharsets.UTF_8))).as(name).isEmpty();
        }
        final String[] lines = run.out().split("\\R");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("VN-HCM-112-" + chemicalAlert + "-1 ALERT 2026-11-25T21:00:");
        assertThat(lines[4]).isEqualTo("alerts written=4 invalid=0 folder=" + out);
        // and the journal these came from replays to the same decisions
        assertThat(run("verify", data.toString()).exitCode()).isZero();
    }

    @Test
    void showListsTheAlertsAsOfTheEnd()
    {
        final Run show = run("show", data.toString(), "--at", "+1h");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("area alerts: 2");
        final String chemical = show.out().lines().filter(l -> l.trim().startsWith(chemicalAlert + " ")).findFirst().orElseThrow();
        assertThat(chemical).contains("CHEMICAL").contains("CANCELLED").contains("VN-HCM-112-" + chemicalAlert + "-2");
        final String fire = show.out().lines().filter(l -> l.trim().startsWith(fireAlert + " ")).findFirst().orElseThrow();
        assertThat(fire).contains("FIRE").contains("ACTIVE").contains("r=400m ring=350m").contains("VN-HCM-112-" + fireAlert + "-2");
    }

    @Test
    void usageErrorsSayWhatIsWrongAndWriteNothing()
    {
        final Run noOut = run("alerts", data.toString());
        assertThat(noOut.exitCode()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        final Run empty = run("alerts", scratch.resolve("nothing").toString(), "--out", scratch.resolve("x").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).startsWith("replay alerts: ");
        assertThat(Files.exists(scratch.resolve("x"))).isFalse();
    }

    @Test
    void identifiersBecomeSafeFileNames()
    {
        assertThat(AlertsCommand.fileName("VN-HCM-112-42-1")).isEqualTo("VN-HCM-112-42-1.xml");
        assertThat(AlertsCommand.fileName("urn:oid:2.49.0.1/../x")).isEqualTo("urn_oid_2.49.0.1_.._x.xml");
        assertThat(AlertsCommand.fileName("..")).isEqualTo("_...xml");
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Offers inputs and waits for each one's Ack; answers its journal sequence. */
    private static final class Sender
    {
        private final CoreClient client;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private long correlationId;

        Sender(final CoreClient client)
        {
            this.client = client;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected())
            {
                assertThat(System.nanoTime()).as("connected").isLessThan(deadline);
                sleep(5);
            }
        }

        long call(final long callId, final int lat, final int lon)
        {
            final CallReceivedEncoder call = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, header)
                .callId(callId).agency(Agency.FIRE).locationQuality(LocationQuality.USABLE).locationMethod(LocationMethod.GNSS);
            call.location().latMicros(lat).lonMicros(lon);
            call.uncertaintyM(20).confidencePct((short)95).caller("tel:+8490000000" + callId).sipCallId("").emergencyCallId("")
                .locationReference("");
            return send(MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength());
        }

        long alert(final AlertAction action, final long alertId, final long incidentId, final int revision, final Hazard hazard,
            final long innerRadiusM)
        {
            final AlertCommandEncoder command = new AlertCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
                .action(action).alertId(alertId).incidentId(incidentId).candidateId(0).operatorId(9).revision(revision).hazard(hazard);
            command.center().latMicros(0).lonMicros(0);
            command.innerRadiusM(innerRadiusM).ringM(0).polygonCount(0);
            return send(MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
        }

        void close(final long incidentId)
        {
            final OperatorCommandEncoder command = new OperatorCommandEncoder().wrapAndApplyHeader(buffer, 0, header)
                .commandType(CommandType.CLOSE_INCIDENT).incidentId(incidentId).unitId(0).operatorId(9);
            send(MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
        }

        private long send(final int length)
        {
            final long id = ++correlationId;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (client.offer(id, buffer, 0, length) <= 0)
            {
                assertThat(System.nanoTime()).as("offer").isLessThan(deadline);
                sleep(1);
            }
            final long[] sequence = {-1};
            final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
            final AckDecoder ack = new AckDecoder();
            while (sequence[0] < 0)
            {
                assertThat(System.nanoTime()).as("Ack").isLessThan(deadline);
                client.poll((inputSequence, timestampNs, frame, offset, frameLength) ->
                {
                    headerDecoder.wrap(frame, offset);
                    if (headerDecoder.templateId() == AckDecoder.TEMPLATE_ID)
                    {
                        ack.wrapAndApplyHeader(frame, offset, headerDecoder);
                        if (ack.correlationId() == id)
                        {
                            assertThat(ack.code()).isEqualTo(AckCode.JOURNALED);
                            sequence[0] = ack.sequence();
                        }
                    }
                }, 100);
            }
            return sequence[0];
        }
    }
}
