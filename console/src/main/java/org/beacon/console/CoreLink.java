package org.beacon.console;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
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
 * The console's line to the core: operators' commands go out on the ingress stream, each with its own
 * correlation id, and the caller learns the journal sequence from the core's {@code Ack}. One thread owns the
 * Aeron client (a {@link CoreClient} is single-threaded); HTTP threads hand it commands through a bounded queue.
 * The thread polls egress all the time, so the console never back-pressures the core's egress, and drops every
 * frame but its own Acks.
 */
public final class CoreLink implements AutoCloseable
{
    /** The console gateway's source id on the ingress stream. */
    public static final int SOURCE_ID = Sources.CONSOLE;
    /** Correlation ids of this gateway start here, away from other gateways' ranges. */
    public static final long CORRELATION_BASE = (long)SOURCE_ID << 48;
    /** How long a command may wait for its Ack. */
    public static final long ACK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /** Why a command did not reach the journal. */
    public static final class CommandFailed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final int httpStatus;

        CommandFailed(final int httpStatus, final String message)
        {
            super(message, null, false, false);
            this.httpStatus = httpStatus;
        }

        /** @return the HTTP status the console answers with. */
        public int httpStatus()
        {
            return httpStatus;
        }
    }

    private record Pending(byte[] message, CompletableFuture<Long> result)
    {
    }

    private record Waiting(CompletableFuture<Long> result, long deadlineNs)
    {
    }

    private final CoreClient client;
    private final ManyToOneConcurrentArrayQueue<Pending> queue = new ManyToOneConcurrentArrayQueue<>(1024);
    private final Long2ObjectHashMap<Waiting> waiting = new Long2ObjectHashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[0]);
    private final Thread thread;
    private volatile boolean running = true;
    private long correlationId = CORRELATION_BASE;

    /**
     * Connects to the core named by the context and starts the link's thread.
     *
     * @param ctx the node's channels and Aeron folder.
     */
    public CoreLink(final NodeContext ctx)
    {
        this.client = CoreClient.connect(ctx.coreAddress(), SOURCE_ID);
        this.thread = new Thread(this::run, "beacon-console-core-link");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return whether the core's ingress and egress are connected. */
    public boolean isConnected()
    {
        return client.isConnected();
    }

    /**
     * Offers one SBE message (header first) for the journal.
     *
     * @param message the encoded message.
     * @return completes with the journal sequence, or exceptionally with a {@link CommandFailed}.
     */
    public CompletableFuture<Long> submit(final byte[] message)
    {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        if (!running)
        {
            result.completeExceptionally(new CommandFailed(503, "the console is shutting down"));
        }
        else if (!queue.offer(new Pending(message, result)))
        {
            result.completeExceptionally(new CommandFailed(503, "too many commands waiting for the core; try again"));
        }
        return result;
    }

    private void run()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        while (running)
        {
            int work = queue.drain(this::send, 64);
            work += client.poll(this::onFrame, 256);
            if (!waiting.isEmpty())
            {
                expire(System.nanoTime());
            }
            idle.idle(work);
        }
        final CommandFailed closing = new CommandFailed(503, "the console is shutting down");
        queue.drain(pending -> pending.result().completeExceptionally(closing));
        waiting.values().forEach(w -> w.result().completeExceptionally(closing));
        waiting.clear();
    }

    private void send(final Pending pending)
    {
        final long id = ++correlationId;
        out.wrap(pending.message());
        final long result = client.offer(id, out, 0, pending.message().length);
        if (result > 0)
        {
            waiting.put(id, new Waiting(pending.result(), System.nanoTime() + ACK_TIMEOUT_NS));
        }
        else
        {
            pending.result().completeExceptionally(new CommandFailed(503, result == CoreClient.NOT_CONNECTED ?
                "the core is not connected; the command was not journaled" : "the core refused the command (" + result + ")"));
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
        final Waiting w = waiting.remove(ack.correlationId());
        if (null == w)
        {
            return;
        }
        if (ack.codeRaw() == AckCode.JOURNALED.value() && ack.sequence() > 0)
        {
            w.result().complete(ack.sequence());
        }
        else
        {
            w.result().completeExceptionally(new CommandFailed(400, "the core rejected the command: " +
                ackName(ack.codeRaw())));
        }
    }

    private static String ackName(final short raw)
    {
        for (final AckCode code : AckCode.values())
        {
            if (code.value() == raw && code != AckCode.NULL_VAL)
            {
                return code.name();
            }
        }
        return "code " + raw;
    }

    private void expire(final long nowNs)
    {
        final Iterator<Waiting> it = waiting.values().iterator();
        while (it.hasNext())
        {
            final Waiting w = it.next();
            if (nowNs - w.deadlineNs() > 0)
            {
                it.remove();
                w.result().completeExceptionally(new CommandFailed(504,
                    "no answer from the core within 5 s; the command may or may not be journaled"));
            }
        }
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
