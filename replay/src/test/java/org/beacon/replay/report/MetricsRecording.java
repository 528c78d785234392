package org.beacon.replay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;

/**
 * A real data folder for the metrics tests: a {@link BeaconNode} hosting the {@link CenterStateMachine}
 * with a clock the test sets, so every input is journaled at an exact time. The scenario, in seconds
 * after {@link #START} (incident letters are the calls' incidents):
 * <pre>
 *   0  units 201 (fire engine), 202 (fire ladder), 301 (ALS ambulance), 101 (police) register AVAILABLE
 *  10  call 1, fire          -> incident A
 *  20  call 2, ambulance     -> incident B
 *  30  call 3, police        -> incident C
 *  40  dispatch 201 to A                     (A: 30 s to dispatch)
 *  50  call 4, fire          -> incident D
 *  60  call 5, police, no location -> incident E (never dispatched)
 *  75.5 dispatch 101 to C                    (C: 45.5 s)
 * 100  201 EN_ROUTE                          (A turnout 60 s)
 * 110  dispatch 301 to B, dispatch 202 to D  (B: 90 s; D: 60 s)
 * 130  301 EN_ROUTE                          (B turnout 20 s)
 * 150  202 EN_ROUTE                          (D turnout 40 s)
 * 200  101 ON_SCENE, never EN_ROUTE          (C: no turnout or travel)
 * 370  301 ON_SCENE                          (B travel 240 s)
 * 400  201 ON_SCENE                          (A travel 300 s)
 * 450  202 ON_SCENE                          (D travel 300 s; never leaves)
 * 500  101 AVAILABLE                         (C on scene 300 s)
 * 670  301 TRANSPORTING                      (B on scene 300 s)
 * 1000 201 AVAILABLE                         (A on scene 600 s)
 * </pre>
 */
final class MetricsRecording
{
    static final Instant START = Instant.parse("2026-11-25T14:00:00Z");
    static final long START_NS = START.getEpochSecond() * 1_000_000_000L;
    static final String CALLER_1 = "sip:+84901234567@ims.beacon.test";

    private final Path dir;
    private final Map<String, Long> sequences;

    private MetricsRecording(final Path dir, final Map<String, Long> sequences)
    {
        this.dir = dir;
        this.sequences = sequences;
    }

    Path dir()
    {
        return dir;
    }

    /** @return the journal sequence of call N's input, which is its incident's id. */
    long incidentOf(final int call)
    {
        return sequences.get("call " + call);
    }

    static long at(final double seconds)
    {
        return START_NS + Math.round(seconds * 1000) * 1_000_000L;
    }

    static MetricsRecording record(final Path dir)
    {
        final AtomicLong now = new AtomicLong(START_NS);
        final NodeContext ctx = new NodeContext()
            .dataDir(dir)
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new)
            .tickIntervalNs(TimeUnit.HOURS.toNanos(1))
            .clock(now::get);
        final Map<String, Long> sequences = new HashMap<>();
        try (BeaconNode node = BeaconNode.launch(ctx);
            CoreClient client = CoreClient.connect(new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString())
                .stateMachineSupplier(CenterStateMachine::new).coreAddress(), 5))
        {
            final Gateway gateway = new Gateway(client, now, sequences);
            gateway.awaitConnected();

            gateway.unit(0, 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, "E-12");
            gateway.unit(0, 202, Agency.FIRE, UnitType.LADDER, UnitStatusCode.AVAILABLE, "L-3");
            gateway.unit(0, 301, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.AVAILABLE, "A-7");
            gateway.unit(0, 101, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE, "P-31");
            gateway.call(10, 1, Agency.FIRE, LocationQuality.USABLE, 10_776_900, 106_700_900, CALLER_1);
            gateway.call(20, 2, Agency.AMBULANCE, LocationQuality.USABLE, 10_740_000, 106_660_000, "tel:+84907654321");
            gateway.call(30, 3, Agency.POLICE, LocationQuality.USABLE, 10_800_000, 106_740_000, "tel:+84911112222");
            gateway.dispatch(40, 1, 201);
            gateway.call(50, 4, Agency.FIRE, LocationQuality.USABLE, 10_830_000, 106_620_000, "tel:+84933334444");
            gateway.call(60, 5, Agency.POLICE, LocationQuality.MISSING, 0, 0, "tel:+84955556666");
            gateway.dispatch(75.5, 3, 101);
            gateway.unit(100, 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.EN_ROUTE, "E-12");
            gateway.dispatch(110, 2, 301);
            gateway.dispatch(110, 4, 202);
            gateway.unit(130, 301, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.EN_ROUTE, "A-7");
            gateway.unit(150, 202, Agency.FIRE, UnitType.LADDER, UnitStatusCode.EN_ROUTE, "L-3");
            gateway.unit(200, 101, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.ON_SCENE, "P-31");
            gateway.unit(370, 301, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.ON_SCENE, "A-7");
            gateway.unit(400, 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.ON_SCENE, "E-12");
            gateway.unit(450, 202, Agency.FIRE, UnitType.LADDER, UnitStatusCode.ON_SCENE, "L-3");
            gateway.unit(500, 101, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE, "P-31");
            gateway.unit(670, 301, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.TRANSPORTING, "A-7");
            gateway.unit(1000, 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, "E-12");
            assertThat(node.failure()).isNull();
        }
        return new MetricsRecording(dir, sequences);
    }

    /**
     * Flips the lowest bit of one byte of a pattern found once in a journal's .cq4 files.
     *
     * @param queueDir the journal's folder.
     * @param text     ASCII text in one record.
     */
    static void flipInJournal(final Path queueDir, final String text)
    {
        final byte[] pattern = text.getBytes(StandardCharsets.US_ASCII);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queueDir, "*.cq4"))
        {
            for (final Path file : files)
            {
                final byte[] content = Files.readAllBytes(file);
                final int at = indexOf(content, pattern);
                if (at >= 0)
                {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
                    {
                        channel.write(ByteBuffer.wrap(new byte[] {(byte)(content[at + 3] ^ 0x01)}), at + 3);
                        channel.force(true);
                    }
                    return;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        throw new IllegalStateException("not found in " + queueDir + ": " + text);
    }

    private static int indexOf(final byte[] content, final byte[] pattern)
    {
        outer:
        for (int i = 0; i <= content.length - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (content[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Sets the clock, then sends one input and waits until it is journaled. */
    private static final class Gateway
    {
        private final CoreClient client;
        private final AtomicLong now;
        private final Map<String, Long> sequences;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final AckDecoder ackDecoder = new AckDecoder();
        private final CallReceivedEncoder call = new CallReceivedEncoder();
        private final UnitStatusEncoder status = new UnitStatusEncoder();
        private final OperatorCommandEncoder command = new OperatorCommandEncoder();
        private long correlationId = 1000;

        Gateway(final CoreClient client, final AtomicLong now, final Map<String, Long> sequences)
        {
            this.client = client;
            this.now = now;
            this.sequences = sequences;
        }

        void awaitConnected()
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected())
            {
                assertThat(System.nanoTime()).as("gateway connects to the node").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }

        void unit(
            final double seconds, final long unitId, final Agency agency, final UnitType type, final UnitStatusCode code,
            final String callSign)
        {
            status.wrapAndApplyHeader(buffer, 0, headerEncoder).unitId(unitId).agency(agency).unitType(type).status(code);
            status.position().latMicros(10_780_000 + (int)unitId).lonMicros(106_695_000);
            status.callSign(callSign);
            send(seconds, "unit " + unitId + " " + code, MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength());
        }

        void call(
            final double seconds,
            final int number,
            final Agency agency,
            final LocationQuality quality,
            final int latMicros,
            final int lonMicros,
            final String caller)
        {
            call.wrapAndApplyHeader(buffer, 0, headerEncoder).callId(0x1122_3344_0000_0000L + number).agency(agency)
                .locationQuality(quality).locationMethod(quality == LocationQuality.USABLE ? LocationMethod.GNSS : LocationMethod.UNKNOWN);
            call.location().latMicros(latMicros).lonMicros(lonMicros);
            call.uncertaintyM(quality == LocationQuality.USABLE ? 35 : 0).confidencePct((short)90).caller(caller);
            send(seconds, "call " + number, MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength());
        }

        void dispatch(final double seconds, final int callNumber, final long unitId)
        {
            command.wrapAndApplyHeader(buffer, 0, headerEncoder).commandType(CommandType.DISPATCH)
                .incidentId(sequences.get("call " + callNumber)).unitId(unitId).operatorId(4);
            send(seconds, "dispatch " + unitId, MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
        }

        private void send(final double seconds, final String name, final int length)
        {
            now.set(at(seconds));
            final long id = ++correlationId;
            assertThat(client.offer(id, buffer, 0, length)).as("offer of " + name).isPositive();
            final long[] ack = {-1};
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ack[0] < 0)
            {
                assertThat(System.nanoTime()).as("Ack of " + name).isLessThan(deadline);
                client.poll((inputSequence, timestampNs, frame, offset, frameLength) ->
                {
                    headerDecoder.wrap(frame, offset);
                    if (headerDecoder.templateId() == AckDecoder.TEMPLATE_ID)
                    {
                        ackDecoder.wrapAndApplyHeader(frame, offset, headerDecoder);
                        if (ackDecoder.correlationId() == id)
                        {
                            assertThat(ackDecoder.code()).as("Ack code of " + name).isEqualTo(AckCode.JOURNALED);
                            ack[0] = ackDecoder.sequence();
                        }
                    }
                }, 100);
            }
            sequences.put(name, ack[0]);
        }
    }
}
