package org.beacon.dispatch.alert.broadcast;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.beacon.core.IngressFrameDescriptor;

/**
 * Offers events on the core's ingress like {@code CoreClient.offer}, framed per {@link IngressFrameDescriptor}, but
 * retries on back pressure and admin actions for a bounded time only: the broadcast gateway must never block forever,
 * it keeps what the core did not take and offers it again on a later duty cycle.
 */
final class BoundedIngress implements BroadcastAgent.ReportSink
{
    private final Publication publication;
    private final int source;
    private final long timeoutNs;
    private final IdleStrategy idle = new YieldingIdleStrategy();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[64 * 1024]);

    BoundedIngress(final Publication publication, final int source, final long timeoutNs)
    {
        this.publication = publication;
        this.source = source;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public long offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (IngressFrameDescriptor.HEADER_LENGTH + length > frame.capacity())
        {
            throw new IllegalArgumentException("a report of " + length + " bytes does not fit a frame");
        }
        frame.putLong(IngressFrameDescriptor.CORRELATION_ID_OFFSET, correlationId);
        frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET, source);
        frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET + Integer.BYTES, 0);
        frame.putBytes(IngressFrameDescriptor.HEADER_LENGTH, buffer, offset, length);
        final long deadline = System.nanoTime() + timeoutNs;
        idle.reset();
        while (true)
        {
            final long result = publication.offer(frame, 0, IngressFrameDescriptor.HEADER_LENGTH + length);
            if (result > 0 || result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED || System.nanoTime() - deadline >= 0)
            {
                return result;
            }
            idle.idle();
        }
    }
}
