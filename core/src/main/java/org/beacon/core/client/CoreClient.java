package org.beacon.core.client;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.beacon.core.EgressFrameDescriptor;
import org.beacon.core.IngressFrameDescriptor;

/**
 * What a gateway uses to talk to the core: it offers framed SBE events on the ingress stream and
 * polls the egress stream for Acks and outputs. Offers retry on back pressure; a missing core is
 * reported to the caller, never swallowed. One instance per gateway thread.
 */
public final class CoreClient implements AutoCloseable
{
    /** The offer could not be made because no core is connected. */
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    /** The publication is closed. */
    public static final long CLOSED = Publication.CLOSED;

    /** Receives egress frames. */
    @FunctionalInterface
    public interface EgressListener
    {
        /**
         * Called for each egress frame.
         *
         * @param inputSequence the input the frame answers or was produced by (-1 for a rejection).
         * @param timestampNs   that input's timestamp.
         * @param buffer        holding the SBE message.
         * @param offset        of the SBE message header.
         * @param length        of the SBE message.
         */
        void onFrame(long inputSequence, long timestampNs, DirectBuffer buffer, int offset, int length);
    }

    private final Aeron aeron;
    private final boolean ownsAeron;
    private final Publication ingress;
    private final Subscription egress;
    private final int source;
    private final IdleStrategy idle = new YieldingIdleStrategy();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[64 * 1024]);
    private EgressListener listener;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);

    /**
     * Connects to a core.
     *
     * @param aeron     a connected client (owned by the caller unless {@code ownsAeron}).
     * @param ownsAeron whether {@link #close()} closes the Aeron client too.
     * @param address   the node's channels and streams.
     * @param source    this gateway's id, 1 or more (see {@link Sources}).
     */
    public CoreClient(final Aeron aeron, final boolean ownsAeron, final CoreAddress address, final int source)
    {
        if (source <= 0)
        {
            throw new IllegalArgumentException("source ids start at 1; 0 is the core's own");
        }
        this.aeron = aeron;
        this.ownsAeron = ownsAeron;
        this.source = source;
        this.ingress = aeron.addPublication(address.ingressChannel(), address.ingressStreamId());
        this.egress = aeron.addSubscription(address.egressChannel(), address.egressStreamId());
    }

    /**
     * Connects to the core at an address.
     *
     * @param address the node's Aeron folder, channels and streams.
     * @param source  this gateway's id (see {@link Sources}).
     * @return a client that owns its Aeron connection.
     */
    public static CoreClient connect(final CoreAddress address, final int source)
    {
        // Aeron's default handler exits the JVM when the media driver goes away; a gateway must
        // survive a node restart and report NOT_CONNECTED / CLOSED instead
        final Aeron aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(address.aeronDir())
            .errorHandler(throwable -> System.err.println("beacon core client: " + throwable)));
        return new CoreClient(aeron, true, address, source);
    }

    /** @return whether the core's ingress subscription and this client's egress subscription are both connected. */
    public boolean isConnected()
    {
        return ingress.isConnected() && egress.isConnected();
    }

    /**
     * Offers one event, retrying while back-pressured.
     *
     * @param correlationId echoed in the Ack.
     * @param buffer        holding the SBE message.
     * @param offset        of the message header.
     * @param length        of the message.
     * @return the new stream position (positive), or {@link #NOT_CONNECTED} / {@link #CLOSED}.
     */
    public long offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(correlationId, buffer, offset, length, Long.MAX_VALUE);
    }

    /**
     * Offers one event, retrying while back-pressured for at most {@code timeoutNs}: for a gateway that must not
     * stall its own duty cycle when the core is slow.
     *
     * @param correlationId echoed in the Ack.
     * @param buffer        holding the SBE message.
     * @param offset        of the message header.
     * @param length        of the message.
     * @param timeoutNs     how long to retry back pressure ({@link Long#MAX_VALUE}: until it goes).
     * @return the new stream position (positive), {@link #NOT_CONNECTED} / {@link #CLOSED}, or Aeron's back-pressure
     *     code when the time ran out.
     */
    public long offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length, final long timeoutNs)
    {
        frame.putLong(IngressFrameDescriptor.CORRELATION_ID_OFFSET, correlationId);
        frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET, source);
        frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET + Integer.BYTES, 0);
        frame.putBytes(IngressFrameDescriptor.HEADER_LENGTH, buffer, offset, length);
        return offerFrame(frame, 0, IngressFrameDescriptor.HEADER_LENGTH + length, timeoutNs);
    }

    /**
     * Offers an already framed message (see {@link IngressFrameDescriptor}) as is.
     *
     * @return the new stream position (positive), or {@link #NOT_CONNECTED} / {@link #CLOSED}.
     */
    public long offerFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        return offerFrame(buffer, offset, length, Long.MAX_VALUE);
    }

    private long offerFrame(final DirectBuffer buffer, final int offset, final int length, final long timeoutNs)
    {
        final long start = timeoutNs == Long.MAX_VALUE ? 0 : System.nanoTime();
        idle.reset();
        while (true)
        {
            final long result = ingress.offer(buffer, offset, length);
            if (result > 0 || result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED || (timeoutNs != Long.MAX_VALUE && System.nanoTime() - start >= timeoutNs))
            {
                return result;
            }
            idle.idle();
        }
    }

    /**
     * Polls egress.
     *
     * @return the number of fragments read.
     */
    public int poll(final EgressListener listener, final int fragmentLimit)
    {
        this.listener = listener;
        return egress.poll(assembler, fragmentLimit);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        listener.onFrame(
            buffer.getLong(offset + EgressFrameDescriptor.INPUT_SEQUENCE_OFFSET),
            buffer.getLong(offset + EgressFrameDescriptor.TIMESTAMP_OFFSET),
            buffer,
            offset + EgressFrameDescriptor.HEADER_LENGTH,
            length - EgressFrameDescriptor.HEADER_LENGTH);
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(ingress, egress);
        if (ownsAeron)
        {
            CloseHelper.quietClose(aeron);
        }
    }
}
