package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.EventFailedDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalStatusEncoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.core.client.CoreClient;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real poison event through a real client into a real node hosting the {@link org.beacon.center.CenterStateMachine}:
 * a signal status whose phase list claims more entries than the message holds passes the sequencer's header check, is
 * journaled and acknowledged, and makes the signal service throw half-way through it. The node journals an
 * {@code EventFailed}, goes on with the next call, recovers over it from the journal's start after a restart, and
 * {@code replay verify} finds every output identical.
 */
class PoisonEventTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final EventFailedDecoder failed = new EventFailedDecoder();
    private final List<String> failures = new ArrayList<>();
    private final List<Long> outputInputs = new ArrayList<>();
    private long correlationId = 500;

    @Test
    void aPoisonEventIsJournaledAsAFailureTheNodeGoesOnRecoversOverItAndReplaysIdentical() throws IOException
    {
        final long poison;
        final long next;
        try (BeaconNode node = BeaconNode.launch(CenterRecording.context(dir));
            CoreClient client = CoreClient.connect(CenterRecording.context(dir).coreAddress(), 9))
        {
            awaitConnected(client);
            send(client, call(0x5101));
            poison = send(client, poisonSignalStatus());
            next = send(client, call(0x5102));
            awaitOutputFor(client, next);

            assertThat(node.failure()).isNull();
            assertThat(node.counters().eventsFailed()).isEqualTo(1);
            assertThat(failures).singleElement().asString().startsWith("event " + poison + " (template 200, section 2) failed: " +
                "java.lang.IndexOutOfBoundsException: ");
        }
        assertThat(journaledFailures()).containsExactly(failures.get(0));

        // recovery without a snapshot replays the poison event from the journal's start, and the node goes on
        deleteSnapshots();
        failures.clear();
        try (BeaconNode node = BeaconNode.launch(CenterRecording.context(dir));
            CoreClient client = CoreClient.connect(CenterRecording.context(dir).coreAddress(), 9))
        {
            assertThat(node.recovery().lastSequence()).isGreaterThanOrEqualTo(next);
            awaitConnected(client);
            final long after = send(client, call(0x5103));
            awaitOutputFor(client, after);
            assertThat(node.failure()).isNull();
            assertThat(failures).isEmpty();
        }
        assertThat(journaledFailures()).hasSize(1);

        final VerifyResult result = ReplayVerifier.verify(dir);
        assertThat(result.identical()).as(String.valueOf(result.failure())).isTrue();
    }

    private int call(final long callId)
    {
        final CallReceivedEncoder call = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).callId(callId)
            .agency(Agency.FIRE).locationQuality(LocationQuality.USABLE).locationMethod(LocationMethod.GNSS);
        call.location().latMicros(10_776_900).lonMicros(106_700_900);
        call.uncertaintyM(30).confidencePct((short)90).caller("tel:+8490" + callId);
        return MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength();
    }

    /**
     * A field controller's status for intersection 0 that lists four phases but holds two: the signal service writes
     * the first two phases into the intersection's slot, then reads past the message (a half-applied change, undone).
     */
    private int poisonSignalStatus()
    {
        final SignalStatusEncoder status = new SignalStatusEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .intersectionIndex(0).mode(ControllerModeCode.LOCAL).preemptUnitId(0).fieldTimeNs(0).commandResult((byte)0);
        final SignalStatusEncoder.PhasesEncoder phases = status.phasesCount(4);
        for (int phase = 1; phase <= 4; phase++)
        {
            phases.next().phase((short)(phase * 2)).vehicle(SignalIndication.GREEN).ped(PedSignal.DONT_WALK).minEndDs(50)
                .maxEndDs(300);
        }
        status.detectorsCount(0);
        return MessageHeaderEncoder.ENCODED_LENGTH + SignalStatusEncoder.BLOCK_LENGTH + 4 +
            2 * SignalStatusEncoder.PhasesEncoder.sbeBlockLength();
    }

    /** Offers one input and waits for its Ack; answers its journal sequence. */
    private long send(final CoreClient client, final int length)
    {
        final long correlation = ++correlationId;
        assertThat(client.offer(correlation, buffer, 0, length)).isPositive();
        final long[] sequence = {0};
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sequence[0] == 0)
        {
            assertThat(System.nanoTime()).as("Ack of input " + correlation).isLessThan(deadline);
            client.poll((inputSequence, ts, b, offset, l) ->
            {
                header.wrap(b, offset);
                if (header.templateId() == AckDecoder.TEMPLATE_ID)
                {
                    ack.wrapAndApplyHeader(b, offset, header);
                    if (ack.correlationId() == correlation)
                    {
                        assertThat(ack.code()).isEqualTo(AckCode.JOURNALED);
                        sequence[0] = ack.sequence();
                    }
                }
                else
                {
                    onOutput(inputSequence, b, offset);
                }
            }, 10);
        }
        return sequence[0];
    }

    private void awaitOutputFor(final CoreClient client, final long inputSequence)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!outputInputs.contains(inputSequence))
        {
            assertThat(System.nanoTime()).as("an output of input " + inputSequence).isLessThan(deadline);
            client.poll((seq, ts, b, offset, l) ->
            {
                header.wrap(b, offset);
                if (header.templateId() != AckDecoder.TEMPLATE_ID)
                {
                    onOutput(seq, b, offset);
                }
            }, 10);
        }
    }

    private void onOutput(final long inputSequence, final DirectBuffer b, final int offset)
    {
        outputInputs.add(inputSequence);
        header.wrap(b, offset);
        if (header.templateId() == EventFailedDecoder.TEMPLATE_ID)
        {
            failures.add(describe(b, offset));
        }
    }

    private String describe(final DirectBuffer b, final int offset)
    {
        failed.wrapAndApplyHeader(b, offset, new MessageHeaderDecoder());
        return "event " + failed.inputSequence() + " (template " + failed.inputTemplateId() + ", section " + failed.sectionId() +
            ") failed: " + failed.exceptionClass() + ": " + failed.exceptionMessage();
    }

    private List<String> journaledFailures()
    {
        final List<String> found = new ArrayList<>();
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.outputJournalDir(dir), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() == EventFailedDecoder.TEMPLATE_ID)
                {
                    found.add(describe(cursor.buffer(), cursor.payloadOffset()));
                }
            }
        }
        return found;
    }

    private void deleteSnapshots() throws IOException
    {
        final NodeContext ctx = CenterRecording.context(dir);
        try (Stream<Path> files = Files.list(ctx.snapshotDir()))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
    }

    private static void awaitConnected(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected())
        {
            assertThat(System.nanoTime()).as("client connects").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
