package org.beacon.dispatch.intake.aml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.Sources;

/**
 * Configuration of an {@link AmlHttpsGateway}, with defaults and one validation step ({@link #conclude()}).
 * The core is reached through the {@link CoreAddress}'s Aeron folder and channels, unless a
 * {@link #coreClientSupplier(Supplier)} is given.
 */
public final class AmlGatewayContext
{
    /** Default HTTP port. */
    public static final int DEFAULT_PORT = 8081;
    /** Default source id this gateway offers events under. */
    public static final int DEFAULT_SOURCE_ID = Sources.AML;

    private int port = DEFAULT_PORT;
    private String bindAddress = "0.0.0.0";
    private Path certificateChain;
    private Path privateKey;
    private int sourceId = DEFAULT_SOURCE_ID;
    private CoreAddress coreAddress;
    private Supplier<CoreClient> coreClientSupplier;
    private long ackTimeoutNs = TimeUnit.SECONDS.toNanos(2);
    private long reconnectIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private int queueCapacity = 1024;
    private int maxBodyLength = 16 * 1024;
    private int ioThreads = 2;
    private int readTimeoutSeconds = 30;
    private EpochNanoClock epochClock = new SystemEpochNanoClock();

    /**
     * Checks the configuration.
     *
     * @return this.
     * @throws IllegalArgumentException on an invalid setting.
     */
    public AmlGatewayContext conclude()
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be in 0..65535 (0 picks a free one): " + port);
        }
        if ((null == certificateChain) != (null == privateKey))
        {
            throw new IllegalArgumentException("TLS needs both a PEM certificate chain and a PEM private key");
        }
        if (null != certificateChain && (!Files.isReadable(certificateChain) || !Files.isReadable(privateKey)))
        {
            throw new IllegalArgumentException("TLS certificate or key file is not readable: " + certificateChain + ", " + privateKey);
        }
        if (null == coreAddress && null == coreClientSupplier)
        {
            throw new IllegalArgumentException("a core address or a core client supplier is required");
        }
        if (sourceId <= 0 || sourceId > 0x7FFF)
        {
            throw new IllegalArgumentException("source id must be in 1..32767: " + sourceId);
        }
        if (null == epochClock)
        {
            throw new IllegalArgumentException("an epoch clock is required");
        }
        if (ackTimeoutNs <= 0 || reconnectIntervalNs <= 0 || queueCapacity < 2 || maxBodyLength < 256 || ioThreads < 1 ||
            readTimeoutSeconds < 1)
        {
            throw new IllegalArgumentException("timeouts, queue capacity (>= 2), body limit (>= 256) and thread count must be positive");
        }
        return this;
    }

    /** @return the TCP port; 0 picks a free one. */
    public int port()
    {
        return port;
    }

    /** @return this, with the TCP port set. */
    public AmlGatewayContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @return the address to bind to. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /** @return this, with the bind address set. */
    public AmlGatewayContext bindAddress(final String bindAddress)
    {
        this.bindAddress = bindAddress;
        return this;
    }

    /** @return the PEM certificate chain for TLS, or null for plain HTTP. */
    public Path certificateChain()
    {
        return certificateChain;
    }

    /** @return this, with the PEM certificate chain set. */
    public AmlGatewayContext certificateChain(final Path certificateChain)
    {
        this.certificateChain = certificateChain;
        return this;
    }

    /** @return the PEM (PKCS#8) private key for TLS, or null. */
    public Path privateKey()
    {
        return privateKey;
    }

    /** @return this, with the PEM private key set. */
    public AmlGatewayContext privateKey(final Path privateKey)
    {
        this.privateKey = privateKey;
        return this;
    }

    /** @return whether TLS is configured. */
    public boolean tls()
    {
        return null != certificateChain;
    }

    /** @return the source id the gateway's events carry. */
    public int sourceId()
    {
        return sourceId;
    }

    /** @return this, with the source id set. */
    public AmlGatewayContext sourceId(final int sourceId)
    {
        this.sourceId = sourceId;
        return this;
    }

    /** @return where the core is: Aeron folder, channels and streams. */
    public CoreAddress coreAddress()
    {
        return coreAddress;
    }

    /** @return this, with the core's address set. */
    public AmlGatewayContext coreAddress(final CoreAddress coreAddress)
    {
        this.coreAddress = coreAddress;
        return this;
    }

    /** @return the supplier of core clients, or null to connect through the core address. */
    public Supplier<CoreClient> coreClientSupplier()
    {
        return coreClientSupplier;
    }

    /** @return this, with a core client supplier set (called on the gateway thread, again after a failure). */
    public AmlGatewayContext coreClientSupplier(final Supplier<CoreClient> coreClientSupplier)
    {
        this.coreClientSupplier = coreClientSupplier;
        return this;
    }

    /** @return how long a request waits for the core's Ack before it is answered 503. */
    public long ackTimeoutNs()
    {
        return ackTimeoutNs;
    }

    /** @return this, with the Ack timeout set. */
    public AmlGatewayContext ackTimeoutNs(final long ackTimeoutNs)
    {
        this.ackTimeoutNs = ackTimeoutNs;
        return this;
    }

    /** @return the pause between attempts to reach a missing core. */
    public long reconnectIntervalNs()
    {
        return reconnectIntervalNs;
    }

    /** @return this, with the reconnect interval set. */
    public AmlGatewayContext reconnectIntervalNs(final long reconnectIntervalNs)
    {
        this.reconnectIntervalNs = reconnectIntervalNs;
        return this;
    }

    /** @return the number of requests that may wait for the gateway thread; more are answered 503. */
    public int queueCapacity()
    {
        return queueCapacity;
    }

    /** @return this, with the queue capacity set. */
    public AmlGatewayContext queueCapacity(final int queueCapacity)
    {
        this.queueCapacity = queueCapacity;
        return this;
    }

    /** @return the largest request body accepted, bytes; larger gets 413. */
    public int maxBodyLength()
    {
        return maxBodyLength;
    }

    /** @return this, with the body limit set. */
    public AmlGatewayContext maxBodyLength(final int maxBodyLength)
    {
        this.maxBodyLength = maxBodyLength;
        return this;
    }

    /** @return the number of Netty I/O threads. */
    public int ioThreads()
    {
        return ioThreads;
    }

    /** @return this, with the number of Netty I/O threads set. */
    public AmlGatewayContext ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    /** @return seconds a connection may stay silent before it is closed. */
    public int readTimeoutSeconds()
    {
        return readTimeoutSeconds;
    }

    /** @return this, with the read timeout set. */
    public AmlGatewayContext readTimeoutSeconds(final int readTimeoutSeconds)
    {
        this.readTimeoutSeconds = readTimeoutSeconds;
        return this;
    }

    /** @return the clock a time of positioning is checked against (kept only within a day of it). */
    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    /** @return this, with the clock set (a test may set the gateway's "now"). */
    public AmlGatewayContext epochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }
}
