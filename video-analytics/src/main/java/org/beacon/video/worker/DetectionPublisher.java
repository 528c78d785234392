package org.beacon.video.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewayRunner;
import org.beacon.core.client.GatewaySession;
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

    private final GatewaySession<Void> session;
    private final ManyToOneConcurrentArrayQueue<byte[]> queue = new ManyToOneConcurrentArrayQueue<>(4096);
    private final GatewayRunner runner;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();

    DetectionPublisher(final CoreAddress address)
    {
        this.session = GatewaySession.<Void>builder(SOURCE_ID)
            .client(CoreClient.connect(address, SOURCE_ID))
            .listener(new GatewaySession.Listener<>()
            {
                @Override
                public void onUntrackedAck(final long correlationId, final boolean wasJournaled, final long sequence)
                {
                    (wasJournaled ? journaled : rejected).incrementAndGet();
                }
            })
            .build();
        this.runner = GatewayRunner.start(new PublisherAgent(),
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(5)),
            ex -> System.err.println("camera publisher: " + ex), true);
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

    /** The publisher's thread: polls Acks, offers the next event; at close, offers what is queued while it can. */
    private final class PublisherAgent implements Agent
    {
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[0]);
        private byte[] pending;

        @Override
        public int doWork()
        {
            int work = session.poll();
            if (null == pending)
            {
                pending = queue.poll();
            }
            if (null != pending && offerPending())
            {
                work++;
            }
            return work;
        }

        private boolean offerPending()
        {
            out.wrap(pending);
            if (session.offer(out, 0, pending.length) > 0)
            {
                offered.incrementAndGet();
                pending = null;
                return true;
            }
            return false;
        }

        @Override
        public void onClose()
        {
            // what the cameras queued before the close goes out too, unless the core does not take it
            while (null != pending || !queue.isEmpty())
            {
                session.poll();
                if (null == pending)
                {
                    pending = queue.poll();
                }
                if (null != pending && !offerPending())
                {
                    break;
                }
            }
            session.close();
        }

        @Override
        public String roleName()
        {
            return "beacon-camera-publisher";
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
        return session.isConnected();
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
