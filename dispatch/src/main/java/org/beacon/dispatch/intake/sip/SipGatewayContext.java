package org.beacon.dispatch.intake.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.Sources;
import org.beacon.dispatch.location.CellLocator;

/**
 * Configuration of a {@link SipGateway}, with defaults for the embedded center and one validation
 * step ({@link #conclude()}). The core is reached either through a {@link CoreAddress} (the gateway
 * then connects with {@link CoreClient#connect}) or through a supplier of clients.
 */
public final class SipGatewayContext
{
    /** The standard SIP port. */
    public static final int DEFAULT_PORT = 5060;
    /** The gateway's source id on the core's ingress (journal records carry it). */
    public static final int DEFAULT_SOURCE_ID = Sources.SIP;
    /** Largest SIP message accepted, bytes. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;
    /** Most header lines accepted in one message. */
    public static final int DEFAULT_MAX_HEADERS = 128;
    /** Time a TCP message may take from its first byte to its last (64*T1, the span of a client transaction). */
    public static final long DEFAULT_TCP_PARTIAL_MESSAGE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(32);
    /** Time a TCP connection that carries no dialog may stay silent both ways before the gateway closes it. */
    public static final long DEFAULT_TCP_IDLE_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(3);
    /** Most TCP connections from one address: a handset or a proxy needs a few, an attacker wants thousands. */
    public static final int DEFAULT_MAX_TCP_CONNECTIONS_PER_ADDRESS = 64;
    /** Most TCP connections in all. */
    public static final int DEFAULT_MAX_TCP_CONNECTIONS = 10_000;

    private String bindAddress = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private boolean udp = true;
    private boolean tcp = true;
    private String advertisedHost;
    private int ioThreads = 2;
    private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
    private int maxHeaders = DEFAULT_MAX_HEADERS;
    private long tcpPartialMessageTimeoutNs = DEFAULT_TCP_PARTIAL_MESSAGE_TIMEOUT_NS;
    private long tcpIdleTimeoutNs = DEFAULT_TCP_IDLE_TIMEOUT_NS;
    private int maxTcpConnectionsPerAddress = DEFAULT_MAX_TCP_CONNECTIONS_PER_ADDRESS;
    private int maxTcpConnections = DEFAULT_MAX_TCP_CONNECTIONS;
    private int inboundQueueCapacity = 8192;
    private int maxCalls = 20_000;
    private int maxLingeringCalls = 200_000;
    private long coreTimeoutNs = TimeUnit.SECONDS.toNanos(3);
    private long t1Ns = TimeUnit.MILLISECONDS.toNanos(500);
    private long t2Ns = TimeUnit.SECONDS.toNanos(4);
    private long answerDelayNs;
    private long dialogTimeoutNs = TimeUnit.HOURS.toNanos(4);
    private long reconnectIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private int mediaPortMin = 16384;
    private int mediaPortMax = 32766;
    private String serverName = "Beacon-112";
    private int sourceId = DEFAULT_SOURCE_ID;
    private int instanceId;
    private CoreAddress coreAddress;
    private Supplier<CoreClient> coreClientSupplier;
    private Supplier<IdleStrategy> idleStrategy = () -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochNanoClock epochClock = new SystemEpochNanoClock();
    private CellLocator cellLocator;

    /**
     * Checks the configuration and fills derived defaults.
     *
     * @return this.
     * @throws IllegalArgumentException on an invalid setting.
     */
    public SipGatewayContext conclude()
    {
        require(port >= 0 && port <= 65535, "port must be 0..65535: " + port);
        require(udp || tcp, "at least one of UDP and TCP must be enabled");
        require(ioThreads >= 1, "ioThreads must be at least 1");
        require(maxMessageLength >= 1024 && maxMessageLength <= 64 * 1024, "maxMessageLength must be 1 KiB..64 KiB");
        require(maxHeaders >= 16 && maxHeaders <= 1024, "maxHeaders must be 16..1024");
        require(tcpPartialMessageTimeoutNs >= TimeUnit.MILLISECONDS.toNanos(10) && tcpIdleTimeoutNs >= TimeUnit.MILLISECONDS.toNanos(10),
            "the TCP partial-message and idle timeouts must be at least 10 ms");
        require(maxTcpConnections >= 1 && maxTcpConnectionsPerAddress >= 1 && maxTcpConnectionsPerAddress <= maxTcpConnections,
            "maxTcpConnectionsPerAddress must be 1..maxTcpConnections");
        require(inboundQueueCapacity >= 16, "inboundQueueCapacity must be at least 16");
        require(maxCalls >= 1 && maxLingeringCalls >= 1, "maxCalls and maxLingeringCalls must be positive");
        require(coreTimeoutNs > 0 && t1Ns > 0 && t2Ns >= t1Ns, "timers must be positive, T2 >= T1");
        require(answerDelayNs >= 0 && answerDelayNs < 32 * t1Ns, "answerDelay must be 0.. 32*T1 (the caller's Timer B)");
        require(dialogTimeoutNs > 64 * t1Ns, "dialogTimeout must exceed 64*T1");
        require(mediaPortMin >= 1024 && mediaPortMax <= 65534 && mediaPortMin + 2 <= mediaPortMax,
            "media ports must be a range within 1024..65534");
        require(instanceId >= 0 && instanceId <= SipCallIds.MAX_INSTANCE_ID, "instanceId must be 0.." + SipCallIds.MAX_INSTANCE_ID);
        require(sourceId >= 1 && sourceId <= 0x7FFF, "sourceId must be 1..32767");
        require(null != serverName && !serverName.isBlank(), "serverName is required");
        if (null == coreClientSupplier)
        {
            require(null != coreAddress, "a CoreAddress or a CoreClient supplier is required");
            final CoreAddress address = coreAddress;
            final int source = sourceId;
            coreClientSupplier = () -> CoreClient.connect(address, source);
        }
        if (null == advertisedHost)
        {
            advertisedHost = defaultAdvertisedHost(bindAddress);
        }
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private static String defaultAdvertisedHost(final String bindAddress)
    {
        try
        {
            final InetAddress bind = InetAddress.getByName(bindAddress);
            if (!bind.isAnyLocalAddress())
            {
                return bind.getHostAddress();
            }
            return InetAddress.getLocalHost().getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            return "127.0.0.1";
        }
    }

    /** @return the address the sockets bind to. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /** @return this, with the bind address set. */
    public SipGatewayContext bindAddress(final String bindAddress)
    {
        this.bindAddress = bindAddress;
        return this;
    }

    /** @return the UDP and TCP port; 0 picks a free one (the same number for both). */
    public int port()
    {
        return port;
    }

    /** @return this, with the port set. */
    public SipGatewayContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @return whether UDP is served. */
    public boolean udp()
    {
        return udp;
    }

    /** @return this, with UDP on or off. */
    public SipGatewayContext udp(final boolean udp)
    {
        this.udp = udp;
        return this;
    }

    /** @return whether TCP is served. */
    public boolean tcp()
    {
        return tcp;
    }

    /** @return this, with TCP on or off. */
    public SipGatewayContext tcp(final boolean tcp)
    {
        this.tcp = tcp;
        return this;
    }

    /** @return the host written in Contact and SDP (the bind address unless it is a wildcard). */
    public String advertisedHost()
    {
        return advertisedHost;
    }

    /** @return this, with the advertised host set. */
    public SipGatewayContext advertisedHost(final String advertisedHost)
    {
        this.advertisedHost = advertisedHost;
        return this;
    }

    /** @return Netty I/O threads. */
    public int ioThreads()
    {
        return ioThreads;
    }

    /** @return this, with the Netty I/O threads set. */
    public SipGatewayContext ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    /** @return the largest message accepted, bytes. */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /** @return this, with the largest message set. */
    public SipGatewayContext maxMessageLength(final int maxMessageLength)
    {
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    /** @return the most header lines accepted. */
    public int maxHeaders()
    {
        return maxHeaders;
    }

    /** @return this, with the header limit set. */
    public SipGatewayContext maxHeaders(final int maxHeaders)
    {
        this.maxHeaders = maxHeaders;
        return this;
    }

    /** @return time a TCP message may take from its first byte to its last before the connection is closed, nanoseconds. */
    public long tcpPartialMessageTimeoutNs()
    {
        return tcpPartialMessageTimeoutNs;
    }

    /** @return this, with the partial-message timeout set (default 32 s, 64*T1). */
    public SipGatewayContext tcpPartialMessageTimeoutNs(final long tcpPartialMessageTimeoutNs)
    {
        this.tcpPartialMessageTimeoutNs = tcpPartialMessageTimeoutNs;
        return this;
    }

    /** @return time a TCP connection without a dialog may carry nothing either way before it is closed, nanoseconds. */
    public long tcpIdleTimeoutNs()
    {
        return tcpIdleTimeoutNs;
    }

    /** @return this, with the idle timeout set (default 3 minutes; keep-alive pings, RFC 5626, count as traffic). */
    public SipGatewayContext tcpIdleTimeoutNs(final long tcpIdleTimeoutNs)
    {
        this.tcpIdleTimeoutNs = tcpIdleTimeoutNs;
        return this;
    }

    /** @return most TCP connections accepted from one IP address; a further one is closed at once and counted. */
    public int maxTcpConnectionsPerAddress()
    {
        return maxTcpConnectionsPerAddress;
    }

    /** @return this, with the per-address connection limit set (default 64). */
    public SipGatewayContext maxTcpConnectionsPerAddress(final int maxTcpConnectionsPerAddress)
    {
        this.maxTcpConnectionsPerAddress = maxTcpConnectionsPerAddress;
        return this;
    }

    /** @return most TCP connections in all; a further one is closed at once and counted as overload. */
    public int maxTcpConnections()
    {
        return maxTcpConnections;
    }

    /** @return this, with the connection limit set (default 10,000). */
    public SipGatewayContext maxTcpConnections(final int maxTcpConnections)
    {
        this.maxTcpConnections = maxTcpConnections;
        return this;
    }

    /** @return capacity of the queue from the I/O threads to the gateway thread; when full, requests get 503. */
    public int inboundQueueCapacity()
    {
        return inboundQueueCapacity;
    }

    /** @return this, with the hand-over queue's capacity set. */
    public SipGatewayContext inboundQueueCapacity(final int inboundQueueCapacity)
    {
        this.inboundQueueCapacity = inboundQueueCapacity;
        return this;
    }

    /** @return calls in progress at once; more get 503. */
    public int maxCalls()
    {
        return maxCalls;
    }

    /** @return this, with the call limit set. */
    public SipGatewayContext maxCalls(final int maxCalls)
    {
        this.maxCalls = maxCalls;
        return this;
    }

    /** @return ended calls remembered to absorb retransmissions; the oldest are forgotten first. */
    public int maxLingeringCalls()
    {
        return maxLingeringCalls;
    }

    /** @return this, with the lingering limit set. */
    public SipGatewayContext maxLingeringCalls(final int maxLingeringCalls)
    {
        this.maxLingeringCalls = maxLingeringCalls;
        return this;
    }

    /** @return how long an input may wait for the core's Ack before the request is answered 503. */
    public long coreTimeoutNs()
    {
        return coreTimeoutNs;
    }

    /** @return this, with the core timeout set. */
    public SipGatewayContext coreTimeoutNs(final long coreTimeoutNs)
    {
        this.coreTimeoutNs = coreTimeoutNs;
        return this;
    }

    /** @return RFC 3261 T1, the round-trip estimate (500 ms). */
    public long t1Ns()
    {
        return t1Ns;
    }

    /** @return this, with T1 set. */
    public SipGatewayContext t1Ns(final long t1Ns)
    {
        this.t1Ns = t1Ns;
        return this;
    }

    /** @return RFC 3261 T2, the longest retransmit interval (4 s). */
    public long t2Ns()
    {
        return t2Ns;
    }

    /** @return this, with T2 set. */
    public SipGatewayContext t2Ns(final long t2Ns)
    {
        this.t2Ns = t2Ns;
        return this;
    }

    /** @return time between 180 Ringing and 200 OK (0: answer at once once journaled). */
    public long answerDelayNs()
    {
        return answerDelayNs;
    }

    /** @return this, with the ringing time set. */
    public SipGatewayContext answerDelayNs(final long answerDelayNs)
    {
        this.answerDelayNs = answerDelayNs;
        return this;
    }

    /** @return how long an established dialog may stay silent before it is ended with TIMEOUT. */
    public long dialogTimeoutNs()
    {
        return dialogTimeoutNs;
    }

    /** @return this, with the dialog timeout set. */
    public SipGatewayContext dialogTimeoutNs(final long dialogTimeoutNs)
    {
        this.dialogTimeoutNs = dialogTimeoutNs;
        return this;
    }

    /** @return pause between attempts to reach a core that is not there. */
    public long reconnectIntervalNs()
    {
        return reconnectIntervalNs;
    }

    /** @return this, with the reconnect pause set. */
    public SipGatewayContext reconnectIntervalNs(final long reconnectIntervalNs)
    {
        this.reconnectIntervalNs = reconnectIntervalNs;
        return this;
    }

    /** @return lowest RTP port written in SDP answers. */
    public int mediaPortMin()
    {
        return mediaPortMin;
    }

    /** @return highest RTP port written in SDP answers. */
    public int mediaPortMax()
    {
        return mediaPortMax;
    }

    /** @return this, with the RTP port range set. */
    public SipGatewayContext mediaPorts(final int min, final int max)
    {
        this.mediaPortMin = min;
        this.mediaPortMax = max;
        return this;
    }

    /** @return the Server / User-Agent value. */
    public String serverName()
    {
        return serverName;
    }

    /** @return this, with the server name set. */
    public SipGatewayContext serverName(final String serverName)
    {
        this.serverName = serverName;
        return this;
    }

    /** @return the source id on the core's ingress. */
    public int sourceId()
    {
        return sourceId;
    }

    /** @return this, with the source id set. */
    public SipGatewayContext sourceId(final int sourceId)
    {
        this.sourceId = sourceId;
        return this;
    }

    /** @return this gateway's number among SIP gateways of one center (0..15), folded into call ids. */
    public int instanceId()
    {
        return instanceId;
    }

    /** @return this, with the instance number set. */
    public SipGatewayContext instanceId(final int instanceId)
    {
        this.instanceId = instanceId;
        return this;
    }

    /** @return where the core is, when no client supplier is given. */
    public CoreAddress coreAddress()
    {
        return coreAddress;
    }

    /** @return this, with the core's address set. */
    public SipGatewayContext coreAddress(final CoreAddress coreAddress)
    {
        this.coreAddress = coreAddress;
        return this;
    }

    /** @return how the gateway thread gets its core client (called on a helper thread, again after a loss). */
    public Supplier<CoreClient> coreClientSupplier()
    {
        return coreClientSupplier;
    }

    /** @return this, with the client supplier set. */
    public SipGatewayContext coreClientSupplier(final Supplier<CoreClient> coreClientSupplier)
    {
        this.coreClientSupplier = coreClientSupplier;
        return this;
    }

    /** @return how the gateway thread idles when there is nothing to do. */
    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy;
    }

    /** @return this, with the idle strategy set. */
    public SipGatewayContext idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** @return the clock for SIP timers. */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /** @return this, with the timer clock set. */
    public SipGatewayContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /** @return the wall clock call ids are drawn from. */
    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    /** @return this, with the wall clock set. */
    public SipGatewayContext epochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /** @return the cell locator for P-Access-Network-Info, or null to skip network cell fixes. */
    public CellLocator cellLocator()
    {
        return cellLocator;
    }

    /** @return this, with the cell locator set. */
    public SipGatewayContext cellLocator(final CellLocator cellLocator)
    {
        this.cellLocator = cellLocator;
        return this;
    }
}
