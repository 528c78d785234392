package org.beacon.core.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One gateway's session with the core, owned and polled by one thread: it holds the {@link CoreClient} (connecting,
 * and replacing it when it fails, when made from a supplier), numbers the gateway's offers with correlation ids of
 * its own range ({@link Sources#correlationBase}), keeps the offers that wait for their Ack, each with a deadline,
 * and tells the gateway what became of each: journaled at sequence N, rejected, or failed (no Ack in time, Ack
 * lost, core gone).
 *
 * <p>Offers are either <em>tracked</em> (each waits for its Ack) or <em>untracked</em> (Acks of the own range are
 * only counted, through {@link Listener#onUntrackedAck}); a session uses one kind. Tracked offers are made at
 * once ({@link #offer(Object, int, DirectBuffer, int, int, long)}: refused when no core is there) or queued
 * ({@link #enqueue}: encoded by the {@link Encoder} and offered in order as soon as a core is connected). The core
 * acknowledges one gateway's inputs in the order they were offered, so an Ack is for the oldest waiting offer; older
 * ones whose Ack never came (the core restarted in between, or an Ack was dropped) have failed ({@link Failure#LOST}).
 *
 * <p>Egress frames other than the session's own Acks go to the egress listener, if any.
 *
 * @param <T> what an offer is about, handed back with its outcome (a call, a request, ...).
 */
public final class GatewaySession<T> implements AutoCloseable
{
    /** Why a tracked offer was not journaled (as far as the gateway can tell). */
    public enum Failure
    {
        /** No Ack came before its deadline (it may or may not be journaled). */
        TIMEOUT,
        /** A later offer's Ack came first: its own Ack is lost (it may or may not be journaled). */
        LOST,
        /** The client failed while it waited ({@link GatewaySessionBuilder#failOnDisconnect}). */
        DISCONNECTED,
        /** The gateway is closing ({@link #failAll}). */
        CLOSING
    }

    /** What the gateway hears from its session; every method has a do-nothing default. */
    public interface Listener<T>
    {
        /**
         * The core journaled the input.
         *
         * @param token    the offer's token.
         * @param kind     the offer's kind.
         * @param sequence its journal sequence.
         */
        default void onJournaled(final T token, final int kind, final long sequence)
        {
        }

        /**
         * The core refused the input.
         *
         * @param token the offer's token.
         * @param kind  the offer's kind.
         * @param code  the Ack's raw code ({@link AckView#codeName}).
         */
        default void onRejected(final T token, final int kind, final short code)
        {
        }

        /**
         * The input got no Ack.
         *
         * @param token   the offer's token.
         * @param kind    the offer's kind.
         * @param failure why.
         */
        default void onFailed(final T token, final int kind, final Failure failure)
        {
        }

        /**
         * A queued offer has been offered.
         *
         * @param token the offer's token.
         * @param kind  the offer's kind.
         */
        default void onOffered(final T token, final int kind)
        {
        }

        /**
         * An Ack of the session's own range for no tracked offer (untracked offers).
         *
         * @param correlationId the id.
         * @param journaled     whether the input was journaled.
         * @param sequence      the journal sequence (journaled inputs).
         */
        default void onUntrackedAck(final long correlationId, final boolean journaled, final long sequence)
        {
        }

        /** A client has been made. */
        default void onConnected()
        {
        }

        /**
         * Making a client failed; it is tried again after the reconnect interval.
         *
         * @param cause why.
         */
        default void onConnectFailed(final Throwable cause)
        {
        }

        /**
         * The client failed and has been dropped; a new one is made after the reconnect interval.
         *
         * @param cause the exception, or null when the client refused an offer for good (closed) or was reported
         *     failed ({@link #clientFailed()}).
         */
        default void onLost(final Throwable cause)
        {
        }
    }

    /** Encodes a queued offer when its turn comes. */
    @FunctionalInterface
    public interface Encoder<T>
    {
        /**
         * Encodes an input.
         *
         * @param token  the offer's token.
         * @param kind   the offer's kind.
         * @param buffer to encode into, at 0, SBE header first.
         * @return the length, or -1 when it cannot be encoded: it is never offered and fails at the next Ack or its
         *     deadline.
         */
        int encode(T token, int kind, MutableDirectBuffer buffer);
    }

    /** {@link #offer(Object, int, DirectBuffer, int, int, long)}: not offered, too many offers wait for their Ack. */
    public static final long FULL = -100;

    private static final long SEQUENCE_MASK = 0x0000_FFFF_FFFF_FFFFL;

    private final int source;
    private final long correlationBase;
    private final Supplier<CoreClient> clients;
    private final ExecutorService connector;
    private final LongSupplier nanoClock;
    private final long reconnectIntervalNs;
    private final int fragmentLimit;
    private final long offerTimeoutNs;
    private final boolean failOnDisconnect;
    private final Listener<T> listener;
    private final Encoder<T> encoder;
    private final CoreClient.EgressListener egress;
    private final OfferRing<T> ring;
    private final UnsafeBuffer sendBuffer;
    private final AckView ack = new AckView();
    private final CoreClient.EgressListener frames = this::onFrame;
    private final long firstSequence;
    private volatile CoreClient client;
    private Future<CoreClient> connecting;
    private long nextConnectNs;
    private long correlationSequence;
    private volatile boolean hasClient;
    private volatile boolean connected;
    private volatile boolean clientFailed;

    GatewaySession(final GatewaySessionBuilder<T> b)
    {
        this.source = b.source;
        this.correlationBase = Sources.correlationBase(b.source);
        this.clients = b.clients;
        this.connector = b.connector;
        this.nanoClock = b.nanoClock;
        this.reconnectIntervalNs = b.reconnectIntervalNs;
        this.fragmentLimit = b.fragmentLimit;
        this.offerTimeoutNs = b.offerTimeoutNs;
        this.failOnDisconnect = b.failOnDisconnect;
        this.listener = null == b.listener ? new Listener<T>() { } : b.listener;
        this.encoder = b.encoder;
        this.egress = b.egress;
        this.ring = new OfferRing<>(b.capacity);
        this.sendBuffer = new UnsafeBuffer(new byte[b.encodeBufferLength]);
        this.firstSequence = b.firstSequence & SEQUENCE_MASK;
        this.correlationSequence = firstSequence;
        this.client = b.client;
        this.hasClient = null != b.client;
        this.nextConnectNs = nanoClock.getAsLong();
    }

    /**
     * Starts a session's settings.
     *
     * @param source the gateway's source id ({@link Sources}), 1..32767.
     * @param <T>    what an offer is about.
     * @return the builder.
     */
    public static <T> GatewaySessionBuilder<T> builder(final int source)
    {
        return new GatewaySessionBuilder<>(source);
    }

    /** @return the gateway's source id. */
    public int source()
    {
        return source;
    }

    /** @return whether the session holds a client; read from any thread. */
    public boolean hasClient()
    {
        return hasClient;
    }

    /** @return whether its client was connected both ways at the last poll (or offer); read from any thread. */
    public boolean connected()
    {
        return connected;
    }

    /** @return whether its client is connected both ways now; read from any thread. */
    public boolean isConnected()
    {
        final CoreClient c = client;
        return null != c && c.isConnected();
    }

    /** Called from the client's own threads when it has failed for good; the owning thread replaces it. */
    public void clientFailed()
    {
        clientFailed = true;
    }

    /** @return tracked offers waiting (queued or for their Ack). */
    public int outstanding()
    {
        return ring.size();
    }

    /**
     * One duty cycle: makes a client when there is none (and it is time), polls egress for Acks and frames, offers
     * the queued inputs, and fails the offers whose deadline has passed.
     *
     * @return the work done.
     */
    public int poll()
    {
        final long nowNs = nanoClock.getAsLong();
        int work = 0;
        if (clientFailed)
        {
            clientFailed = false;
            if (null != client)
            {
                lose(null, nowNs);
            }
        }
        work += connect(nowNs);
        if (null != client)
        {
            try
            {
                connected = client.isConnected();
                work += client.poll(frames, fragmentLimit);
            }
            catch (final RuntimeException ex)
            {
                lose(ex, nowNs);
            }
        }
        work += pump();
        work += expire(nowNs);
        return work;
    }

    /**
     * Offers an input at once and tracks it until its Ack.
     *
     * @param token      handed back with the outcome.
     * @param kind       handed back with the outcome.
     * @param buffer     holding the SBE message.
     * @param offset     of its header.
     * @param length     of the message.
     * @param deadlineNs when it fails without an Ack, on the session's clock.
     * @return its correlation id (positive), or a negative {@link Publication} code when it was not offered (not
     *     connected, closed, back-pressured past the offer timeout), or {@link #FULL}; then no outcome follows.
     */
    public long offer(final T token, final int kind, final DirectBuffer buffer, final int offset, final int length,
        final long deadlineNs)
    {
        if (ring.hasUnsent())
        {
            throw new IllegalStateException("a session either queues its offers or offers them at once");
        }
        if (ring.full())
        {
            return FULL;
        }
        final long result = offerNow(buffer, offset, length);
        if (result > 0)
        {
            ring.add(token, kind, deadlineNs);
            ring.markSent(result);
        }
        return result;
    }

    /**
     * Offers an input at once, not tracked: its Ack goes to {@link Listener#onUntrackedAck}.
     *
     * @param buffer holding the SBE message.
     * @param offset of its header.
     * @param length of the message.
     * @return its correlation id (positive), or a negative {@link Publication} code when it was not offered.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offerNow(buffer, offset, length);
    }

    /**
     * Queues an input: it is encoded and offered, after every input queued before it, as soon as a core is
     * connected, and fails when no Ack came by its deadline.
     *
     * @param token      handed to the encoder and back with the outcome.
     * @param kind       handed to the encoder and back with the outcome.
     * @param deadlineNs when it fails without an Ack, on the session's clock.
     * @return false when the queue is full (nothing follows).
     */
    public boolean enqueue(final T token, final int kind, final long deadlineNs)
    {
        return ring.add(token, kind, deadlineNs);
    }

    /**
     * Fails every tracked offer still waiting.
     *
     * @param failure the reason they are given.
     */
    public void failAll(final Failure failure)
    {
        while (!ring.isEmpty())
        {
            final T token = ring.oldestToken();
            final int kind = ring.oldestKind();
            ring.removeOldest();
            listener.onFailed(token, kind, failure);
        }
    }

    private long offerNow(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == client)
        {
            return CoreClient.NOT_CONNECTED;
        }
        final long correlationId = correlationBase | (++correlationSequence & SEQUENCE_MASK);
        final long result;
        try
        {
            result = client.offer(correlationId, buffer, offset, length, offerTimeoutNs);
        }
        catch (final RuntimeException ex)
        {
            lose(ex, nanoClock.getAsLong());
            return CoreClient.CLOSED;
        }
        if (result > 0)
        {
            return correlationId;
        }
        if (result != CoreClient.NOT_CONNECTED && result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
        {
            // closed, or the stream is used up: only a new client helps
            lose(null, nanoClock.getAsLong());
        }
        return result;
    }

    private int pump()
    {
        int work = 0;
        while (null != client && ring.hasUnsent())
        {
            final T token = ring.unsentToken();
            final int kind = ring.unsentKind();
            final int length = encoder.encode(token, kind, sendBuffer);
            if (length < 0)
            {
                // never offered: correlation 0 sorts before every Ack, so the entry fails at the next Ack or its deadline
                ring.markSent(0);
                continue;
            }
            final long result = offerNow(sendBuffer, 0, length);
            if (result <= 0)
            {
                break;
            }
            ring.markSent(result);
            listener.onOffered(token, kind);
            work++;
        }
        return work;
    }

    private int expire(final long nowNs)
    {
        int work = 0;
        while (!ring.isEmpty() && ring.oldestDeadline() - nowNs <= 0)
        {
            final T token = ring.oldestToken();
            final int kind = ring.oldestKind();
            ring.removeOldest();
            listener.onFailed(token, kind, Failure.TIMEOUT);
            work++;
        }
        return work;
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (ack.wrap(buffer, offset, length) && (ack.correlationId() & ~SEQUENCE_MASK) == correlationBase)
        {
            onAck(ack.correlationId());
        }
        else if (null != egress)
        {
            egress.onFrame(inputSequence, timestampNs, buffer, offset, length);
        }
    }

    private void onAck(final long correlationId)
    {
        while (ring.hasOutstanding())
        {
            final long oldest = ring.oldestCorrelation();
            if (oldest > correlationId)
            {
                return;
            }
            final T token = ring.oldestToken();
            final int kind = ring.oldestKind();
            ring.removeOldest();
            if (oldest < correlationId)
            {
                // its Ack never came (the core restarted between offer and journal): it failed
                listener.onFailed(token, kind, Failure.LOST);
                continue;
            }
            if (ack.journaled())
            {
                listener.onJournaled(token, kind, ack.sequence());
            }
            else
            {
                listener.onRejected(token, kind, ack.codeRaw());
            }
            return;
        }
        final long sequence = correlationId & SEQUENCE_MASK;
        if (sequence > firstSequence && sequence <= (correlationSequence & SEQUENCE_MASK))
        {
            listener.onUntrackedAck(correlationId, ack.journaled(), ack.sequence());
        }
    }

    private int connect(final long nowNs)
    {
        if (null != client || null == clients)
        {
            return 0;
        }
        if (null != connecting)
        {
            if (!connecting.isDone())
            {
                return 0;
            }
            try
            {
                connected(connecting.get(), nowNs);
            }
            catch (final Exception ex)
            {
                listener.onConnectFailed(ex);
                nextConnectNs = nowNs + reconnectIntervalNs;
            }
            connecting = null;
            return 1;
        }
        if (nowNs - nextConnectNs < 0)
        {
            return 0;
        }
        if (null != connector)
        {
            // connecting can block: a helper thread does it
            connecting = connector.submit(clients::get);
            return 1;
        }
        try
        {
            connected(clients.get(), nowNs);
        }
        catch (final RuntimeException ex)
        {
            listener.onConnectFailed(ex);
            nextConnectNs = nowNs + reconnectIntervalNs;
        }
        return 1;
    }

    private void connected(final CoreClient made, final long nowNs)
    {
        if (null == made)
        {
            // nothing to connect to yet
            nextConnectNs = nowNs + reconnectIntervalNs;
            return;
        }
        client = made;
        hasClient = true;
        connected = made.isConnected();
        listener.onConnected();
    }

    private void lose(final Throwable cause, final long nowNs)
    {
        final CoreClient lost = client;
        if (null == clients || null == lost)
        {
            // a client given from outside is kept: Aeron reconnects its publication and subscription by itself
            return;
        }
        client = null;
        hasClient = false;
        connected = false;
        nextConnectNs = nowNs + reconnectIntervalNs;
        listener.onLost(cause);
        if (failOnDisconnect)
        {
            failAll(Failure.DISCONNECTED);
        }
        try
        {
            lost.close();
        }
        catch (final RuntimeException ignore)
        {
            // closing a broken client may fail as well; it is dropped either way
        }
    }

    /** Closes the client (and one still being made); outstanding offers are left as they are (see {@link #failAll}). */
    @Override
    public void close()
    {
        connected = false;
        hasClient = false;
        if (null != client)
        {
            try
            {
                client.close();
            }
            catch (final RuntimeException ignore)
            {
                // closing anyway
            }
            client = null;
        }
        if (null != connecting)
        {
            if (connecting.isDone() && !connecting.isCancelled())
            {
                try
                {
                    final CoreClient made = connecting.get();
                    if (null != made)
                    {
                        made.close();
                    }
                }
                catch (final Exception ignore)
                {
                    // it failed to connect: nothing to close
                }
            }
            connecting.cancel(true);
            connecting = null;
        }
    }
}
