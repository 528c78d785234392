package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.core.client.CoreClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durable acknowledgements against a real node and a real client: thousands of inputs sent as fast as the client
 * can, and for every Ack the node's forced position sampled the moment the Ack is read.
 */
class DurableAckTest
{
    private static final int INPUTS = 5_000;

    @TempDir
    Path dir;

    private NodeContext context(final NodeContext.Pipeline pipeline, final NodeContext.Durability durability)
    {
        return new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString()).pipeline(pipeline)
            .durability(durability).stateMachineSupplier(CountingStateMachine::new)
            .tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5));
    }

    @ParameterizedTest
    @EnumSource(NodeContext.Pipeline.class)
    void inSyncModeNoAckNamesASequenceAboveTheForcedPosition(final NodeContext.Pipeline pipeline)
    {
        final NodeContext.Durability sync = NodeContext.Durability.SYNC;
        assertThat(new NodeContext().durability()).as("sync is the default").isEqualTo(sync);
        try (BeaconNode node = BeaconNode.launch(context(pipeline, sync));
            CoreClient client = CoreClient.connect(context(pipeline, sync).coreAddress(), 7))
        {
            final AckStats stats = sendAndWatch(node, client);
            assertThat(node.failure()).isNull();
            assertThat(stats.acks).isEqualTo(INPUTS);
            assertThat(stats.acksAboveForced).as("Acks naming a sequence the disk does not hold yet").isZero();
            assertThat(node.counters().journalForcedSequence()).isGreaterThanOrEqualTo(stats.lastAckedSequence);
            // group commit: records that arrive while a force runs share the next one
            assertThat(node.counters().journalForces()).isPositive().isLessThan(INPUTS);
        }
    }

    @Test
    void inAsyncModeAcksRunAheadOfTheForcedPosition()
    {
        final NodeContext.Pipeline pipeline = NodeContext.Pipeline.SHARED_THREAD;
        final NodeContext.Durability async = NodeContext.Durability.ASYNC;
        try (BeaconNode node = BeaconNode.launch(context(pipeline, async));
            CoreClient client = CoreClient.connect(context(pipeline, async).coreAddress(), 7))
        {
            final AckStats stats = sendAndWatch(node, client);
            assertThat(node.failure()).isNull();
            assertThat(stats.acks).isEqualTo(INPUTS);
            // async promises the page cache only: the forced position is where start-up left it (an empty journal)
            assertThat(stats.acksAboveForced).isEqualTo(INPUTS);
            assertThat(node.counters().journalForcedSequence()).isZero();
            assertThat(node.counters().journalForces()).isZero();
        }
    }

    @Test
    void aRestartStartsWithWhatItFoundForced()
    {
        final NodeContext.Pipeline pipeline = NodeContext.Pipeline.SHARED_THREAD;
        long lastAcked;
        try (BeaconNode node = BeaconNode.launch(context(pipeline, NodeContext.Durability.ASYNC));
            CoreClient client = CoreClient.connect(context(pipeline, NodeContext.Durability.ASYNC).coreAddress(), 7))
        {
            lastAcked = sendAndWatch(node, client).lastAckedSequence;
        }
        try (BeaconNode node = BeaconNode.launch(context(pipeline, NodeContext.Durability.SYNC)))
        {
            assertThat(node.counters().journalForcedSequence()).isGreaterThanOrEqualTo(lastAcked)
                .isEqualTo(node.recovery().lastSequence());
        }
    }

    /** What the client saw. */
    private static final class AckStats
    {
        long acks;
        long acksAboveForced;
        long lastAckedSequence;
    }

    private static AckStats sendAndWatch(final BeaconNode node, final CoreClient client)
    {
        BeaconNodeTest.awaitConnected(client);
        final AckStats stats = new AckStats();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final OperatorCommandEncoder command = new OperatorCommandEncoder();
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        final CoreClient.EgressListener listener = (seq, ts, b, offset, length) ->
        {
            header.wrap(b, offset);
            if (header.templateId() == AckDecoder.TEMPLATE_ID)
            {
                // read the forced position first: it may only grow, so a later read would flatter the node
                final long forced = node.counters().journalForcedSequence();
                ack.wrapAndApplyHeader(b, offset, header);
                assertThat(ack.code()).isEqualTo(AckCode.JOURNALED);
                stats.acks++;
                stats.lastAckedSequence = Math.max(stats.lastAckedSequence, ack.sequence());
                if (ack.sequence() > forced)
                {
                    stats.acksAboveForced++;
                }
            }
        };
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH;
        int sent = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((sent < INPUTS || stats.acks < INPUTS) && System.nanoTime() < deadline)
        {
            if (sent < INPUTS)
            {
                command.wrapAndApplyHeader(buffer, 0, headerEncoder).incidentId(sent).unitId(sent * 10L).operatorId(4);
                if (client.offer(sent + 1, buffer, 0, length) > 0)
                {
                    sent++;
                }
            }
            client.poll(listener, 100);
        }
        return stats;
    }
}
