package org.beacon.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.MessageHeaderDecoder;

/**
 * Jazzer target: an ingress frame (the 16-byte frame header, then an SBE message) as the sequencer receives it from
 * Aeron, through {@link IngressAgent#onFragment} (its check, {@link MessageView#inspect}, and the copy into a ring slot).
 * The contract: every frame is either journaled, as an input template whose block lies within the message and whose
 * payload fits the ring slot, or refused with one of the sequencer's own reject codes; nothing throws. Then the
 * {@link MessageView} checks a decoder relies on ({@code varDataFits}, {@code groupFits}, {@code groupHeaderFits}) are
 * asked with arbitrary numbers: they answer, never throw, and never let a field run past the message.
 */
public final class IngressFrameFuzzer
{
    private static final int MAX_PAYLOAD = 4096;
    private static final RingBuffer<RingEvent> RING = RingBuffer.createSingleProducer(() -> new RingEvent(MAX_PAYLOAD), 8);
    private static final NodeCounters COUNTERS = new NodeCounters();
    private static final java.nio.file.Path DIR = tempDir();
    private static final IngressAgent AGENT = new IngressAgent(null, RING, System::nanoTime, 1_000_000_000L, MAX_PAYLOAD, COUNTERS,
        0, 0, () -> false, new DiskGuard(DiskGuard.Settings.defaults(), DIR.resolve("ballast"), COUNTERS, DIR), java.util.List.of());
    private static final MessageView VIEW = new MessageView();

    private IngressFrameFuzzer()
    {
    }

    private static java.nio.file.Path tempDir()
    {
        try
        {
            final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ingress-fuzz-");
            dir.toFile().deleteOnExit();
            return dir;
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * One input.
     *
     * @param data the fuzzer's bytes.
     */
    public static void fuzzerTestOneInput(final FuzzedDataProvider data)
    {
        final int lead = data.consumeInt(0, 8);
        final int[] checks = {data.consumeInt(), data.consumeInt(), data.consumeInt(), data.consumeInt()};
        final byte[] frame = data.consumeRemainingAsBytes();
        final byte[] placed = new byte[lead + frame.length];
        System.arraycopy(frame, 0, placed, lead, frame.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(placed);
        final long before = RING.getCursor();
        AGENT.onFragment(buffer, lead, frame.length, null);
        final long slot = RING.getCursor();
        if (slot != before + 1)
        {
            throw new AssertionError("a frame must claim exactly one ring slot, claimed " + (slot - before));
        }
        final RingEvent event = RING.get(slot);
        if (event.kind == RingEvent.KIND_INPUT)
        {
            journaled(event, frame);
        }
        else if (event.kind == RingEvent.KIND_REJECTED)
        {
            final int code = event.rejectCode;
            if (code != AckCode.REJECTED_MALFORMED.value() && code != AckCode.REJECTED_TOO_LARGE.value() &&
                code != AckCode.REJECTED_UNKNOWN_TEMPLATE.value())
            {
                throw new AssertionError("refused with a code the sequencer does not document: " + code);
            }
        }
        else
        {
            throw new AssertionError("ring event of kind " + event.kind);
        }
        if (frame.length >= MessageView.BODY)
        {
            fits(buffer, lead + Math.min(frame.length, 16), Math.max(0, frame.length - 16), checks);
        }
    }

    private static void journaled(final RingEvent event, final byte[] frame)
    {
        final int payload = frame.length - 16;
        if (event.payloadLength != payload || payload > MAX_PAYLOAD)
        {
            throw new AssertionError("journaled a payload of " + event.payloadLength + " bytes from a frame of " + frame.length);
        }
        final int templateId = VIEW.wrap(event.record, org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH, payload);
        if (templateId == MessageView.NOT_A_MESSAGE || templateId != event.templateId || !IngressAgent.isInputTemplate(templateId) ||
            VIEW.version() > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw new AssertionError("journaled something that is not an input of this schema: template " + templateId);
        }
        if (MessageView.BODY + VIEW.blockLength() > payload)
        {
            throw new AssertionError("journaled a message whose block runs past its end");
        }
    }

    private static void fits(final UnsafeBuffer buffer, final int offset, final int length, final int[] checks)
    {
        if (VIEW.wrap(buffer, offset, length) == MessageView.NOT_A_MESSAGE)
        {
            return;
        }
        final int limit = checks[0];
        if (VIEW.varDataFits(limit, checks[1]) && ((long)limit + 4 + checks[1] > length || limit < MessageView.BODY || checks[1] < 0))
        {
            throw new AssertionError("varDataFits let a field of " + checks[1] + " at " + limit + " through a message of " + length);
        }
        if (VIEW.groupFits(limit, checks[1], checks[2], Math.abs(checks[3] % 64)) &&
            (checks[1] < 0 || (long)limit + (long)checks[1] * checks[2] > length))
        {
            throw new AssertionError("groupFits let " + checks[1] + " entries of " + checks[2] + " at " + limit + " through");
        }
        if (VIEW.groupHeaderFits(limit) && (long)limit + 4 > length)
        {
            throw new AssertionError("groupHeaderFits let a group header at " + limit + " through a message of " + length);
        }
    }
}
