package org.beacon.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitRecommendedEncoder;

/**
 * A domain-free state machine for the core's tests: it keeps a running sum over every non-tick
 * event's bytes and emits one output per such event carrying the count and the sum.
 */
final class CountingStateMachine implements StateMachine
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UnitRecommendedEncoder encoder = new UnitRecommendedEncoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
    long count;
    long sum;
    long ticks;

    @Override
    public void onEvent(
        final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == TickDecoder.TEMPLATE_ID)
        {
            ticks++;
            return;
        }
        count++;
        for (int i = 0; i < length; i++)
        {
            sum = sum * 31 + buffer.getByte(offset + i);
        }
        encoder.wrapAndApplyHeader(out, 0, headerEncoder).incidentId(sequence).unitId(count).rank((short)1)
            .distanceM(sum & 0xFFFFFFFFL).etaS(timestampNs & 0xFFFF);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + UnitRecommendedEncoder.BLOCK_LENGTH);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putLong(offset, count);
        buffer.putLong(offset + 8, sum);
        buffer.putLong(offset + 16, ticks);
        return 24;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        count = buffer.getLong(offset);
        sum = buffer.getLong(offset + 8);
        ticks = buffer.getLong(offset + 16);
    }
}
