package org.beacon.video.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.client.Sources;

/**
 * A worker's one line to the core: the cameras' threads hand it encoded events through a bounded queue, one thread
 * offers them on the ingress stream (retrying while the core is away: detections are not thrown away because the
 * core restarts) and counts the core's Acks. When the queue is full the event is refused to its camera thread and
 * counted: a worker says when it loses something, it never builds an unbounded backlog.
 */
final class DetectionPublisher implements AutoCloseable
{
    /** The camera workers' source id on the ingress stream. */
    static final int SOURCE_ID = Sources.CAMERAS;
    private static final long CORRELATION_BASE = (long)SOURCE_ID << 48;

    private final CoreClient client;
    private final ManyToOneConcurrentArrayQueue<byte[]> queue = new ManyToOneConcurrentArrayQueue<>(4096);
    private final Thread thread;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[0]);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private volatile boolean running = true;
    private long correlationId = CORRELATION_BASE;
    private byte[] pending;

    DetectionPublisher(final NodeContext ctx)
    {
        this.client = CoreClient.connect(ctx.coreAddress(), SOURCE_ID);
        this.thread = new Thread(this::run, "beacon-camera-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param message an encoded SBE event, header first (the publisher keeps it).
     * @return false when the queue is full (counted).
     */
    boolean publish(final byte[] message)
    {
        if (queue.offer(message))
        {
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    private void run()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(5));
        while (running || null != pending || !queue.isEmpty())
        {
            int work = client.poll(this::onFrame, 256);
            if (null == pending)
            {
                pending = queue.poll();
            }
            if (null != pending)
            {
                out.wrap(pending);
                final long result = client.offer(++correlationId, out, 0, pending.length);
                if (result > 0)
                {
                    offered.incrementAndGet();
                    pending = null;
                    work++;
                }
                else if (!running)
                {
                    break;
                }
            }
            idle.idle(work);
        }
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.templateId() != AckDecoder.TEMPLATE_ID || header.schemaId() != AckDecoder.SCHEMA_ID)
        {
            return;
        }
        ack.wrapAndApplyHeader(buffer, offset, header);
        final long id = ack.correlationId();
        if (id > CORRELATION_BASE && id <= correlationId)
        {
            if (ack.codeRaw() == AckCode.JOURNALED.value())
            {
                journaled.incrementAndGet();
            }
            else
            {
                rejected.incrementAndGet();
            }
        }
    }

    /** @return events offered to the core. */
    long offered()
    {
        return offered.get();
    }

    /** @return events the core journaled. */
    long journaled()
    {
        return journaled.get();
    }

    /** @return events the core refused as invalid. */
    long rejected()
    {
        return rejected.get();
    }

    /** @return events refused because the queue was full. */
    long refused()
    {
        return refused.get();
    }

    /** @return whether the core is connected. */
    boolean connected()
    {
        return client.isConnected();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietClose(client);
    }
}
