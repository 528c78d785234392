package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.core.client.CoreClient;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class BeaconNodeTest
{
    @TempDir
    Path dir;

    private NodeContext.Pipeline pipeline = NodeContext.Pipeline.SINGLE_THREAD;

    private NodeContext context()
    {
        return new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString()).pipeline(pipeline)
            .stateMachineSupplier(CountingStateMachine::new).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5));
    }

    @ParameterizedTest
    @EnumSource(NodeContext.Pipeline.class)
    void acknowledgesJournaledInputsAndRecoversAfterRestart(final NodeContext.Pipeline pipeline)
    {
        this.pipeline = pipeline;
        final List<long[]> acks = new ArrayList<>();
        final List<Long> outputs = new ArrayList<>();
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient client = CoreClient.connect(context().coreAddress(), 7))
        {
            send(client, 1, 50, acks, outputs);
            assertThat(node.failure()).isNull();
        }
        assertThat(acks).hasSize(50);
        assertThat(outputs).hasSize(50);
        final long lastAckedSequence = acks.get(49)[1];

        final List<Long> outputsAfter = new ArrayList<>();
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient client = CoreClient.connect(context().coreAddress(), 7))
        {
            assertThat(node.recovery().lastSequence()).isGreaterThanOrEqualTo(lastAckedSequence);
            acks.clear();
            send(client, 51, 10, acks, outputsAfter);
            assertThat(acks.get(0)[1]).isGreaterThan(lastAckedSequence);
        }
        // the count carried over the restart through the snapshot: the 60th event is output 60
        assertThat(outputsAfter.get(outputsAfter.size() - 1)).isEqualTo(60L);

        final CountingStateMachine replayed = new CountingStateMachine();
        final List<Long> replayOutputs = new ArrayList<>();
        final UnitRecommendedDecoder decoder = new UnitRecommendedDecoder();
        final JournalReplayer.Result result = JournalReplayer.replay(context().inputJournalDir(), replayed, 0, 0, null,
            (outSeq, inSeq, ts, buffer, offset, length) ->
            {
                decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, UnitRecommendedDecoder.BLOCK_LENGTH, 0);
                replayOutputs.add(decoder.unitId());
            });
        assertThat(result.status()).isEqualTo(JournalReplayer.END);
        assertThat(result.outputSequence()).isEqualTo(60);
        assertThat(replayed.count).isEqualTo(60);
        assertThat(result.sealsVerified()).isPositive();
    }

    @Test
    void rejectsFramesThatAreNotEventsWithAClearCodeAndJournalsNothing()
    {
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient client = CoreClient.connect(context().coreAddress(), 3))
        {
            awaitConnected(client);
            final UnsafeBuffer junk = new UnsafeBuffer(new byte[64]);
            junk.putStringWithoutLengthAscii(0, "this is not an SBE message at all");
            final List<long[]> acks = new ArrayList<>();
            client.offer(99, junk, 0, 40);
            client.offer(100, junk, 0, 3);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            final AckDecoder ack = new AckDecoder();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            while (acks.size() < 2 && System.nanoTime() < deadline)
            {
                client.poll((seq, ts, buffer, offset, length) ->
                {
                    header.wrap(buffer, offset);
                    if (header.templateId() == AckDecoder.TEMPLATE_ID)
                    {
                        ack.wrapAndApplyHeader(buffer, offset, header);
                        acks.add(new long[] {ack.correlationId(), ack.sequence(), ack.code().value()});
                    }
                }, 10);
            }
            assertThat(acks).hasSize(2);
            assertThat(acks.get(0)[1]).isEqualTo(-1);
            assertThat(acks.get(0)[2]).isEqualTo(org.beacon.codecs.AckCode.REJECTED_UNKNOWN_TEMPLATE.value());
            assertThat(acks.get(1)[2]).isEqualTo(org.beacon.codecs.AckCode.REJECTED_MALFORMED.value());
            assertThat(node.counters().rejectedUnknownTemplate()).isEqualTo(1);
            assertThat(node.counters().rejectedMalformed()).isEqualTo(1);
            assertThat(node.counters().outputsEmitted()).isZero();
        }
    }

    static void awaitConnected(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected())
        {
            assertThat(System.nanoTime()).as("client connects").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void send(final CoreClient client, final int first, final int count, final List<long[]> acks,
        final List<Long> outputs)
    {
        awaitConnected(client);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final OperatorCommandEncoder command = new OperatorCommandEncoder();
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        final UnitRecommendedDecoder output = new UnitRecommendedDecoder();
        for (int i = first; i < first + count; i++)
        {
            command.wrapAndApplyHeader(buffer, 0, headerEncoder).incidentId(i).unitId(i * 10L).operatorId(4);
            assertThat(client.offer(i, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH))
                .isPositive();
        }
        final int expectedAcks = acks.size() + count;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((acks.size() < expectedAcks || outputs.size() < expectedAcks) && System.nanoTime() < deadline)
        {
            client.poll((seq, ts, b, offset, length) ->
            {
                header.wrap(b, offset);
                if (header.templateId() == AckDecoder.TEMPLATE_ID)
                {
                    ack.wrapAndApplyHeader(b, offset, header);
                    acks.add(new long[] {ack.correlationId(), ack.sequence()});
                }
                else if (header.templateId() == UnitRecommendedDecoder.TEMPLATE_ID)
                {
                    output.wrapAndApplyHeader(b, offset, header);
                    outputs.add(output.unitId());
                }
            }, 100);
        }
        assertThat(JournalRecordDescriptor.HEADER_LENGTH).isEqualTo(40);
    }
}
