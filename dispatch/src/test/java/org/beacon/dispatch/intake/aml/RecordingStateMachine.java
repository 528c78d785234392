package org.beacon.dispatch.intake.aml;

import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * A state machine for gateway tests: counts the LocationFix events it applies and, when told to,
 * stalls on them so that the gateway's Ack timeout can be seen.
 */
final class RecordingStateMachine implements StateMachine
{
    static final AtomicInteger FIXES = new AtomicInteger();
    static volatile long stallMs;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Override
    public void onEvent(
        final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == LocationFixDecoder.TEMPLATE_ID)
        {
            if (stallMs > 0)
            {
                try
                {
                    Thread.sleep(stallMs);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            FIXES.incrementAndGet();
        }
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return 0;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
