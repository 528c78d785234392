package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewaySession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySessionTest
{
    private static final int SOURCE = 9;

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();

    private NodeContext context()
    {
        return new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString()).pipeline(NodeContext.Pipeline.SINGLE_THREAD)
            .stateMachineSupplier(CountingStateMachine::new).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5));
    }

    private final class Recorder implements GatewaySession.Listener<String>
    {
        @Override
        public void onJournaled(final String token, final int kind, final long sequence)
        {
            events.add(token + " journaled " + (sequence > 0));
        }

        @Override
        public void onRejected(final String token, final int kind, final short code)
        {
            events.add(token + " rejected " + code);
        }

        @Override
        public void onFailed(final String token, final int kind, final GatewaySession.Failure failure)
        {
            events.add(token + " " + failure);
        }

        @Override
        public void onOffered(final String token, final int kind)
        {
            events.add(token + " offered");
        }

        @Override
        public void onUntrackedAck(final long correlationId, final boolean journaled, final long sequence)
        {
            events.add("untracked " + (correlationId >>> 48) + " " + journaled);
        }

        @Override
        public void onConnectFailed(final Throwable cause)
        {
            events.add("connect failed " + cause.getMessage());
        }
    }

    private static int command(final MutableDirectBuffer buffer, final long incident)
    {
        new OperatorCommandEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).incidentId(incident).unitId(1)
            .operatorId(4);
        return MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH;
    }

    private static int unknownTemplate(final MutableDirectBuffer buffer)
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(9_999).schemaId(MessageHeaderEncoder.SCHEMA_ID)
            .version(MessageHeaderEncoder.SCHEMA_VERSION);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + 8;
    }

    private void pollUntil(final GatewaySession<String> session, final int eventCount)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.size() < eventCount && System.nanoTime() < deadline)
        {
            session.poll();
        }
    }

    private static void awaitConnected(final GatewaySession<String> session)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!session.isConnected())
        {
            assertThat(System.nanoTime()).as("session connects").isLessThan(deadline);
            session.poll();
        }
    }

    @Test
    void answersEachTrackedOfferWithItsAck()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        try (BeaconNode node = BeaconNode.launch(context());
            GatewaySession<String> session = GatewaySession.<String>builder(SOURCE)
                .client(CoreClient.connect(context().coreAddress(), SOURCE)).listener(new Recorder()).build())
        {
            awaitConnected(session);
            assertThat(session.offer("a", 0, buffer, 0, command(buffer, 1), Long.MAX_VALUE) >>> 48).isEqualTo(SOURCE);
            assertThat(session.offer("b", 0, buffer, 0, unknownTemplate(buffer), Long.MAX_VALUE)).isPositive();
            assertThat(session.offer("c", 0, buffer, 0, command(buffer, 2), Long.MAX_VALUE)).isPositive();
            pollUntil(session, 3);
            assertThat(events).containsExactly("a journaled true", "b rejected " + AckCode.REJECTED_UNKNOWN_TEMPLATE.value(),
                "c journaled true");
            assertThat(session.outstanding()).isZero();
        }
    }

    @Test
    void offersQueuedInputsInOrderOnceACoreIsThere()
    {
        final NodeContext ctx = context();
        try (BeaconNode node = BeaconNode.launch(ctx);
            GatewaySession<String> session = GatewaySession.<String>builder(SOURCE)
                .clients(() -> CoreClient.connect(ctx.coreAddress(), SOURCE))
                .encoder((token, kind, buffer) -> command(buffer, kind))
                .listener(new Recorder()).build())
        {
            assertThat(session.enqueue("a", 1, Long.MAX_VALUE)).isTrue();
            assertThat(session.enqueue("b", 2, Long.MAX_VALUE)).isTrue();
            pollUntil(session, 4);
            assertThat(events).containsExactly("a offered", "b offered", "a journaled true", "b journaled true");
        }
    }

    @Test
    void countsTheAcksOfUntrackedOffersInItsOwnRange()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient other = CoreClient.connect(context().coreAddress(), SOURCE + 1);
            GatewaySession<String> session = GatewaySession.<String>builder(SOURCE)
                .client(CoreClient.connect(context().coreAddress(), SOURCE)).listener(new Recorder()).build())
        {
            awaitConnected(session);
            // another gateway's Ack on the shared egress is not the session's
            assertThat(other.offer((long)(SOURCE + 1) << 48 | 1, buffer, 0, command(buffer, 3))).isPositive();
            assertThat(session.offer(buffer, 0, command(buffer, 4))).isPositive();
            pollUntil(session, 1);
            assertThat(events).containsExactly("untracked " + SOURCE + " true");
        }
    }

    @Test
    void queuedInputsWaitForACoreAndFailAtTheirDeadline()
    {
        final long[] now = {1_000};
        final int[] attempts = {0};
        try (GatewaySession<String> session = GatewaySession.<String>builder(SOURCE)
            .clients(() ->
            {
                if (attempts[0]++ == 0)
                {
                    throw new IllegalStateException("no driver");
                }
                return null;
            })
            .nanoClock(() -> now[0])
            .reconnectIntervalNs(100)
            .encoder((token, kind, buffer) -> command(buffer, kind))
            .listener(new Recorder()).build())
        {
            assertThat(session.enqueue("a", 1, 1_500)).isTrue();
            session.poll();
            assertThat(events).containsExactly("connect failed no driver");
            now[0] = 1_050;
            session.poll();
            assertThat(attempts[0]).as("waits out the reconnect interval").isEqualTo(1);
            now[0] = 1_100;
            session.poll();
            assertThat(attempts[0]).isEqualTo(2);
            assertThat(session.hasClient()).isFalse();
            assertThat(session.outstanding()).isEqualTo(1);
            now[0] = 1_500;
            session.poll();
            assertThat(events).containsExactly("connect failed no driver", "a TIMEOUT");
            assertThat(session.outstanding()).isZero();
        }
    }
}
