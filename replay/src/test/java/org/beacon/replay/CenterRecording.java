package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import org.beacon.codecs.SnapshotRequestEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;

/**
 * A real data folder for the replay tests: a {@link BeaconNode} hosting the {@link CenterStateMachine}
 * is launched over a temp folder, a gateway sends units, calls, positions, operator commands and a
 * snapshot request through a {@link CoreClient}, waiting for each Ack, and the node is closed (which
 * seals both journals and writes a last snapshot). The sequencer's clock starts at
 * {@link #START} so that times in the journal read like a real shift.
 */
final class CenterRecording
{
    static final Instant START = Instant.parse("2026-11-25T14:00:00Z");
    static final long START_NS = START.getEpochSecond() * 1_000_000_000L;

    static final long CALL_ID_1 = 0x1122_3344_5566_7701L;
    static final long CALL_ID_2 = 0x1122_3344_5566_7702L;
    static final long CALL_ID_3 = 0x1122_3344_5566_7703L;
    static final long CALL_ID_4 = 0x1122_3344_5566_7704L;
    static final String CALLER_1 = "sip:+84901234567@ims.beacon.test";
    static final String CALLER_2 = "tel:+84907654321";
    static final String CALLER_3 = "sip:+84911112222@ims.beacon.test";
    static final String CALLER_4 = "tel:+84933334444";

    /** Names of the inputs sent, in the order sent. */
    static final String[] EVENTS = {
        "unit 201", "unit 202", "unit 301", "unit 101",
        "call 1", "call 2", "call 3",
        "position 301",
        "dispatch 201 to call 1",
        "snapshot request",
        "dispatch 301 to call 3",
        "201 en route", "201 on scene",
        "call 4",
        "dispatch unknown unit",
        "close call 3"};

    private final Path dir;
    private final Map<String, long[]> inputs;

    private CenterRecording(final Path dir, final Map<String, long[]> inputs)
    {
        this.dir = dir;
        this.inputs = inputs;
    }

    /** @return the data folder. */
    Path dir()
    {
        return dir;
    }

    /** @return the journal sequence of a named input. */
    long sequence(final String name)
    {
        return lookup(name)[0];
    }

    /** @return the sequencer timestamp of a named input. */
    long timestampNs(final String name)
    {
        return lookup(name)[1];
    }

    private long[] lookup(final String name)
    {
        final long[] input = inputs.get(name);
        if (null == input)
        {
            throw new IllegalArgumentException("no input named " + name);
        }
        return input;
    }

    static NodeContext context(final Path dir)
    {
        final long base = System.nanoTime();
        return new NodeContext()
            .dataDir(dir)
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new)
            .tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5))
            .clock(() -> START_NS + (System.nanoTime() - base));
    }

    /**
     * Runs a node over {@code dir} and records the scenario.
     *
     * @param dir an empty folder.
     * @return the recording.
     */
    static CenterRecording record(final Path dir)
    {
        final Map<String, long[]> inputs = new LinkedHashMap<>();
        final NodeContext ctx = context(dir);
        try (BeaconNode node = BeaconNode.launch(ctx);
            CoreClient client = CoreClient.connect(context(dir).coreAddress(), 5))
        {
            final Gateway gateway = new Gateway(client, inputs);
            gateway.awaitConnected();

            gateway.unit("unit 201", 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, 10_780_000, 106_695_000, "E-12");
            gateway.unit("unit 202", 202, Agency.FIRE, UnitType.LADDER, UnitStatusCode.AVAILABLE, 10_770_000, 106_710_000, "L-3");
            gateway.unit("unit 301", 301, Agency.AMBULANCE, UnitType.ALS_AMBULANCE, UnitStatusCode.AVAILABLE,
                10_775_000, 106_702_000, "A-7");
            gateway.unit("unit 101", 101, Agency.POLICE, UnitType.POLICE_PATROL, UnitStatusCode.AVAILABLE,
                10_779_000, 106_699_000, "P-31");
            pause();
            gateway.call("call 1", CALL_ID_1, Agency.FIRE, LocationQuality.USABLE, LocationMethod.GNSS,
                10_776_900, 106_700_900, 35, CALLER_1);
            gateway.call("call 2", CALL_ID_2, Agency.FIRE, LocationQuality.USABLE, LocationMethod.WIFI,
                10_777_200, 106_701_100, 60, CALLER_2);
            pause();
            gateway.call("call 3", CALL_ID_3, Agency.AMBULANCE, LocationQuality.USABLE, LocationMethod.CELL,
                10_762_000, 106_682_000, 1200, CALLER_3);
            gateway.position("position 301", 301, 10_770_500, 106_695_500);
            pause();
            gateway.command("dispatch 201 to call 1", CommandType.DISPATCH, gateway.sequence("call 1"), 201);
            gateway.snapshotRequest("snapshot request");
            pause();
            gateway.command("dispatch 301 to call 3", CommandType.DISPATCH, gateway.sequence("call 3"), 301);
            gateway.unit("201 en route", 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.EN_ROUTE, 10_779_000, 106_697_000, "E-12");
            pause();
            gateway.unit("201 on scene", 201, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.ON_SCENE, 10_776_950, 106_700_950, "E-12");
            gateway.call("call 4", CALL_ID_4, Agency.POLICE, LocationQuality.MISSING, LocationMethod.UNKNOWN, 0, 0, 0, CALLER_4);
            gateway.command("dispatch unknown unit", CommandType.DISPATCH, gateway.sequence("call 1"), 999);
            pause();
            gateway.command("close call 3", CommandType.CLOSE_INCIDENT, gateway.sequence("call 3"), 0);
            pause();
            assertThat(node.failure()).isNull();
        }
        return new CenterRecording(dir, Collections.unmodifiableMap(inputs));
    }

    private static void pause()
    {
        // Lets ticks and seals happen between phases, so the journal has several blocks and moments to ask about.
        try
        {
            Thread.sleep(60);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Copies the recording's journals and snapshots to another folder, for tests that damage them.
     *
     * @param target a folder that does not exist yet or is empty.
     * @return the target.
     */
    Path copyTo(final Path target)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path source : (Iterable<Path>)paths::iterator)
            {
                final Path relative = dir.relativize(source);
                if (relative.startsWith("aeron"))
                {
                    continue;
                }
                final Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(destination);
                }
                else
                {
                    copySparse(source, destination);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return target;
    }

    /** Copies a file, leaving holes where the source has blocks of zeros (Chronicle's files are mostly preallocated zeros). */
    private static void copySparse(final Path source, final Path destination) throws IOException
    {
        final ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
            RandomAccessFile out = new RandomAccessFile(destination.toFile(), "rw"))
        {
            final FileChannel channel = out.getChannel();
            long position = 0;
            while (true)
            {
                block.clear();
                final int read = in.read(block, position);
                if (read <= 0)
                {
                    break;
                }
                block.flip();
                if (!allZero(block))
                {
                    while (block.hasRemaining())
                    {
                        channel.write(block, position + block.position());
                    }
                }
                position += read;
            }
            out.setLength(in.size());
        }
    }

    private static boolean allZero(final ByteBuffer block)
    {
        for (int i = block.position(); i < block.limit(); i++)
        {
            if (block.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Encodes inputs and sends them one at a time, each only after the previous one is acknowledged. */
    private static final class Gateway
    {
        private final CoreClient client;
        private final Map<String, long[]> inputs;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final AckDecoder ackDecoder = new AckDecoder();
        private final CallReceivedEncoder call = new CallReceivedEncoder();
        private final UnitStatusEncoder status = new UnitStatusEncoder();
        private final UnitPositionEncoder position = new UnitPositionEncoder();
        private final OperatorCommandEncoder command = new OperatorCommandEncoder();
        private final SnapshotRequestEncoder snapshot = new SnapshotRequestEncoder();
        private long correlationId = 1000;

        Gateway(final CoreClient client, final Map<String, long[]> inputs)
        {
            this.client = client;
            this.inputs = inputs;
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

        long sequence(final String name)
        {
            return inputs.get(name)[0];
        }

        void unit(
            final String name,
            final long unitId,
            final Agency agency,
            final UnitType type,
            final UnitStatusCode code,
            final int latMicros,
            final int lonMicros,
            final String callSign)
        {
            status.wrapAndApplyHeader(buffer, 0, headerEncoder).unitId(unitId).agency(agency).unitType(type).status(code);
            status.position().latMicros(latMicros).lonMicros(lonMicros);
            status.callSign(callSign);
            send(name, MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength());
        }

        void call(
            final String name,
            final long callId,
            final Agency agency,
            final LocationQuality quality,
            final LocationMethod method,
            final int latMicros,
            final int lonMicros,
            final long uncertaintyM,
            final String caller)
        {
            call.wrapAndApplyHeader(buffer, 0, headerEncoder).callId(callId).agency(agency).locationQuality(quality)
                .locationMethod(method);
            call.location().latMicros(latMicros).lonMicros(lonMicros);
            call.uncertaintyM(uncertaintyM).confidencePct((short)90).caller(caller);
            send(name, MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength());
        }

        void position(final String name, final long unitId, final int latMicros, final int lonMicros)
        {
            position.wrapAndApplyHeader(buffer, 0, headerEncoder).unitId(unitId);
            position.position().latMicros(latMicros).lonMicros(lonMicros);
            position.speedCmPerS(1200).headingDeciDeg(900);
            send(name, MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength());
        }

        void command(final String name, final CommandType type, final long incidentId, final long unitId)
        {
            command.wrapAndApplyHeader(buffer, 0, headerEncoder).commandType(type).incidentId(incidentId).unitId(unitId)
                .operatorId(4);
            send(name, MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength());
        }

        void snapshotRequest(final String name)
        {
            snapshot.wrapAndApplyHeader(buffer, 0, headerEncoder).operatorId(4);
            send(name, MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength());
        }

        private void send(final String name, final int length)
        {
            final long id = ++correlationId;
            assertThat(client.offer(id, buffer, 0, length)).as("offer of " + name).isPositive();
            final long[] ack = {-1, 0};
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
                            ack[1] = timestampNs;
                        }
                    }
                }, 100);
            }
            inputs.put(name, ack);
        }
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
