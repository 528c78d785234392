package org.beacon.core.client;

import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link GatewaySession}'s settings ({@link GatewaySession#builder}).
 *
 * @param <T> what an offer is about.
 */
public final class GatewaySessionBuilder<T>
{
    final int source;
    CoreClient client;
    Supplier<CoreClient> clients;
    ExecutorService connector;
    LongSupplier nanoClock = System::nanoTime;
    long reconnectIntervalNs = 1_000_000_000L;
    int fragmentLimit = 256;
    long offerTimeoutNs = Long.MAX_VALUE;
    boolean failOnDisconnect;
    int capacity = 1024;
    int encodeBufferLength = 8192;
    long firstSequence;
    GatewaySession.Listener<T> listener;
    GatewaySession.Encoder<T> encoder;
    CoreClient.EgressListener egress;

    GatewaySessionBuilder(final int source)
    {
        if (source <= 0 || source > 0x7FFF)
        {
            throw new IllegalArgumentException("source ids are 1..32767: " + source);
        }
        this.source = source;
    }

    /**
     * @param fixed a client the session uses for its whole life (and closes), never replaced.
     * @return this.
     */
    public GatewaySessionBuilder<T> client(final CoreClient fixed)
    {
        this.client = fixed;
        return this;
    }

    /**
     * @param supplier makes a client (null: no core to connect to yet); a failed client is replaced.
     * @return this.
     */
    public GatewaySessionBuilder<T> clients(final Supplier<CoreClient> supplier)
    {
        this.clients = supplier;
        return this;
    }

    /**
     * @param executor makes clients on its thread, so a blocking connect never stalls the duty cycle (null:
     *                 on the owning thread).
     * @return this.
     */
    public GatewaySessionBuilder<T> connector(final ExecutorService executor)
    {
        this.connector = executor;
        return this;
    }

    /**
     * @param clock the clock of deadlines and reconnects.
     * @return this.
     */
    public GatewaySessionBuilder<T> nanoClock(final LongSupplier clock)
    {
        this.nanoClock = clock;
        return this;
    }

    /**
     * @param intervalNs the wait between attempts to make a client.
     * @return this.
     */
    public GatewaySessionBuilder<T> reconnectIntervalNs(final long intervalNs)
    {
        this.reconnectIntervalNs = intervalNs;
        return this;
    }

    /**
     * @param limit egress fragments read per poll.
     * @return this.
     */
    public GatewaySessionBuilder<T> fragmentLimit(final int limit)
    {
        this.fragmentLimit = limit;
        return this;
    }

    /**
     * @param timeoutNs how long one offer retries back pressure ({@link Long#MAX_VALUE}: until it goes).
     * @return this.
     */
    public GatewaySessionBuilder<T> offerTimeoutNs(final long timeoutNs)
    {
        this.offerTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * @param fail whether the offers waiting for an Ack fail ({@link GatewaySession.Failure#DISCONNECTED}) when the client is lost.
     * @return this.
     */
    public GatewaySessionBuilder<T> failOnDisconnect(final boolean fail)
    {
        this.failOnDisconnect = fail;
        return this;
    }

    /**
     * @param entries most tracked offers waiting at once (rounded up to a power of two).
     * @return this.
     */
    public GatewaySessionBuilder<T> capacity(final int entries)
    {
        this.capacity = entries;
        return this;
    }

    /**
     * @param length the encoder's buffer, in bytes.
     * @return this.
     */
    public GatewaySessionBuilder<T> encodeBufferLength(final int length)
    {
        this.encodeBufferLength = length;
        return this;
    }

    /**
     * @param sequence the correlation sequence the first offer follows (a restarted gateway that starts from the
     *                 wall clock never reuses an id still pending).
     * @return this.
     */
    public GatewaySessionBuilder<T> firstSequence(final long sequence)
    {
        this.firstSequence = sequence;
        return this;
    }

    /**
     * @param l told of outcomes and of the connection.
     * @return this.
     */
    public GatewaySessionBuilder<T> listener(final GatewaySession.Listener<T> l)
    {
        this.listener = l;
        return this;
    }

    /**
     * @param e encodes queued offers ({@link GatewaySession#enqueue}).
     * @return this.
     */
    public GatewaySessionBuilder<T> encoder(final GatewaySession.Encoder<T> e)
    {
        this.encoder = e;
        return this;
    }

    /**
     * @param l gets every egress frame but the session's own Acks.
     * @return this.
     */
    public GatewaySessionBuilder<T> egress(final CoreClient.EgressListener l)
    {
        this.egress = l;
        return this;
    }

    /** @return the session (connecting at its first poll, unless given a client). */
    public GatewaySession<T> build()
    {
        if ((null == client) == (null == clients))
        {
            throw new IllegalArgumentException("a session needs either a client or a client supplier");
        }
        return new GatewaySession<>(this);
    }
}
