package org.beacon.console;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.core.client.AckView;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewayRunner;
import org.beacon.core.client.GatewaySession;
import org.beacon.core.client.Sources;

/**
 * The console's line to the core: operators' commands go out on the ingress stream, each with its own
 * correlation id, and the caller learns the journal sequence from the core's {@code Ack}. One thread owns the
 * {@link GatewaySession} (a {@link CoreClient} is single-threaded); HTTP threads hand it commands through a bounded
 * queue. The thread polls egress all the time, so the console never back-pressures the core's egress, and drops
 * every frame but its own Acks.
 */
public final class CoreLink implements AutoCloseable
{
    /** The console gateway's source id on the ingress stream. */
    public static final int SOURCE_ID = Sources.CONSOLE;
    /** Correlation ids of this gateway start here, away from other gateways' ranges. */
    public static final long CORRELATION_BASE = Sources.correlationBase(SOURCE_ID);
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

    private final GatewaySession<CompletableFuture<Long>> session;
    private final ManyToOneConcurrentArrayQueue<Pending> queue = new ManyToOneConcurrentArrayQueue<>(1024);
    private final GatewayRunner runner;
    private volatile boolean running = true;

    /**
     * Connects to the core at the address and starts the link's thread.
     *
     * @param address the node's channels and Aeron folder.
     */
    public CoreLink(final CoreAddress address)
    {
        this.session = GatewaySession.<CompletableFuture<Long>>builder(SOURCE_ID)
            .client(CoreClient.connect(address, SOURCE_ID))
            .capacity(16 * 1024)
            .listener(new Outcomes())
            .build();
        this.runner = GatewayRunner.start(new LinkAgent(),
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
            ex -> System.err.println("console core link: " + ex), true);
    }

    /** @return whether the core's ingress and egress are connected. */
    public boolean isConnected()
    {
        return session.isConnected();
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

    /** The link's thread: hands queued commands to the session and polls it. */
    private final class LinkAgent implements Agent
    {
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[0]);

        @Override
        public int doWork()
        {
            int work = queue.drain(this::send, 64);
            work += session.poll();
            return work;
        }

        private void send(final Pending pending)
        {
            out.wrap(pending.message());
            final long result = session.offer(pending.result(), 0, out, 0, pending.message().length,
                System.nanoTime() + ACK_TIMEOUT_NS);
            if (result <= 0)
            {
                pending.result().completeExceptionally(new CommandFailed(503, result == CoreClient.NOT_CONNECTED ?
                    "the core is not connected; the command was not journaled" : "the core refused the command (" + result + ")"));
            }
        }

        @Override
        public void onClose()
        {
            final CommandFailed closing = new CommandFailed(503, "the console is shutting down");
            queue.drain(pending -> pending.result().completeExceptionally(closing));
            session.failAll(GatewaySession.Failure.CLOSING);
            session.close();
        }

        @Override
        public String roleName()
        {
            return "beacon-console-core-link";
        }
    }

    /** What became of a command. */
    private static final class Outcomes implements GatewaySession.Listener<CompletableFuture<Long>>
    {
        @Override
        public void onJournaled(final CompletableFuture<Long> result, final int kind, final long sequence)
        {
            if (sequence > 0)
            {
                result.complete(sequence);
            }
            else
            {
                onRejected(result, kind, AckCode.JOURNALED.value());
            }
        }

        @Override
        public void onRejected(final CompletableFuture<Long> result, final int kind, final short code)
        {
            result.completeExceptionally(new CommandFailed(400, "the core rejected the command: " + AckView.codeName(code)));
        }

        @Override
        public void onFailed(final CompletableFuture<Long> result, final int kind, final GatewaySession.Failure failure)
        {
            result.completeExceptionally(failure == GatewaySession.Failure.CLOSING ?
                new CommandFailed(503, "the console is shutting down") :
                new CommandFailed(504, "no answer from the core within 5 s; the command may or may not be journaled"));
        }
    }

    @Override
    public void close()
    {
        running = false;
        runner.close();
    }
}
