package org.beacon.console;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.beacon.console.model.IntersectionInfo;
import org.beacon.core.NodeContext;

/**
 * Configuration of the console gateway, with defaults and one validation step ({@link #conclude()}).
 */
public final class ConsoleContext
{
    /** Default HTTP(S) port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default largest number of entities waiting for one browser before it is sent a snapshot instead. */
    public static final int DEFAULT_MAX_PENDING = 20_000;

    private NodeContext nodeContext;
    private String bindAddress = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private Path usersFile;
    private Path certificateChain;
    private Path privateKey;
    private byte[] mapJson = "{\"bounds\":[[0,0],[0,0]],\"roads\":[],\"intersections\":[]}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
    private List<IntersectionInfo> intersections = List.of();
    private JournalVerifier verifier;
    private long idleTimeoutMs = org.beacon.console.auth.Sessions.DEFAULT_IDLE_TIMEOUT_MS;
    private long absoluteTimeoutMs = org.beacon.console.auth.Sessions.DEFAULT_ABSOLUTE_TIMEOUT_MS;
    private int maxPending = DEFAULT_MAX_PENDING;
    private Path cropsDir;
    private List<String> origins = List.of();
    private Set<String> normalizedOrigins = Set.of();
    private EpochClock clock = SystemEpochClock.INSTANCE;

    /**
     * Checks the configuration and fills defaults.
     *
     * @return this.
     */
    public ConsoleContext conclude()
    {
        Objects.requireNonNull(nodeContext, "nodeContext");
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if ((null == certificateChain) != (null == privateKey))
        {
            throw new IllegalArgumentException("HTTPS needs both a certificate chain and a private key");
        }
        if (null == usersFile)
        {
            usersFile = nodeContext.dataDir().resolve("console-users");
        }
        if (null == cropsDir)
        {
            cropsDir = nodeContext.dataDir().resolve("crops");
        }
        if (maxPending < 16)
        {
            throw new IllegalArgumentException("maxPending must be at least 16");
        }
        final Set<String> normalized = new LinkedHashSet<>();
        for (final String origin : origins)
        {
            final String one = Origins.normalize(null == origin ? null : origin.strip());
            if (null == one)
            {
                throw new IllegalArgumentException("console origin '" + origin +
                    "' is not an origin: write scheme://host[:port] with scheme http or https, e.g. https://console.example:8443");
            }
            normalized.add(one);
        }
        normalizedOrigins = Set.copyOf(normalized);
        Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** @return the node the console talks to. */
    public NodeContext nodeContext()
    {
        return nodeContext;
    }

    /**
     * @param nodeContext the node the console talks to (its Aeron channels and data folder).
     * @return this.
     */
    public ConsoleContext nodeContext(final NodeContext nodeContext)
    {
        this.nodeContext = nodeContext;
        return this;
    }

    /** @return the address the server binds. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /**
     * @param bindAddress the address the server binds.
     * @return this.
     */
    public ConsoleContext bindAddress(final String bindAddress)
    {
        this.bindAddress = bindAddress;
        return this;
    }

    /** @return the port (0 = any free port). */
    public int port()
    {
        return port;
    }

    /**
     * @param port the port (0 = any free port).
     * @return this.
     */
    public ConsoleContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @return the accounts file. */
    public Path usersFile()
    {
        return usersFile;
    }

    /**
     * @param usersFile the accounts file (default {@code DATA/console-users}).
     * @return this.
     */
    public ConsoleContext usersFile(final Path usersFile)
    {
        this.usersFile = usersFile;
        return this;
    }

    /** @return the PEM certificate chain, or null for plain HTTP. */
    public Path certificateChain()
    {
        return certificateChain;
    }

    /**
     * @param certificateChain PEM certificate chain; with {@link #privateKey(Path)} the console speaks HTTPS only.
     * @return this.
     */
    public ConsoleContext certificateChain(final Path certificateChain)
    {
        this.certificateChain = certificateChain;
        return this;
    }

    /** @return the PEM PKCS#8 private key, or null. */
    public Path privateKey()
    {
        return privateKey;
    }

    /**
     * @param privateKey the PEM PKCS#8 private key of the certificate.
     * @return this.
     */
    public ConsoleContext privateKey(final Path privateKey)
    {
        this.privateKey = privateKey;
        return this;
    }

    /** @return the road network and intersections as the map draws them (JSON, see the README). */
    public byte[] mapJson()
    {
        return mapJson;
    }

    /**
     * @param mapJson the road network and intersections as the map draws them.
     * @return this.
     */
    public ConsoleContext mapJson(final byte[] mapJson)
    {
        this.mapJson = mapJson;
        return this;
    }

    /** @return the intersections of the signal network. */
    public List<IntersectionInfo> intersections()
    {
        return intersections;
    }

    /**
     * @param intersections the intersections of the signal network, index order.
     * @return this.
     */
    public ConsoleContext intersections(final List<IntersectionInfo> intersections)
    {
        this.intersections = List.copyOf(intersections);
        return this;
    }

    /** @return what runs {@code replay verify}, or null when this deployment has none. */
    public JournalVerifier verifier()
    {
        return verifier;
    }

    /**
     * @param verifier what runs {@code replay verify} for the auditor.
     * @return this.
     */
    public ConsoleContext verifier(final JournalVerifier verifier)
    {
        this.verifier = verifier;
        return this;
    }

    /** @return a session's idle timeout. */
    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    /**
     * @param idleTimeoutMs a session's idle timeout.
     * @return this.
     */
    public ConsoleContext idleTimeoutMs(final long idleTimeoutMs)
    {
        this.idleTimeoutMs = idleTimeoutMs;
        return this;
    }

    /** @return a session's absolute lifetime. */
    public long absoluteTimeoutMs()
    {
        return absoluteTimeoutMs;
    }

    /**
     * @param absoluteTimeoutMs a session's absolute lifetime.
     * @return this.
     */
    public ConsoleContext absoluteTimeoutMs(final long absoluteTimeoutMs)
    {
        this.absoluteTimeoutMs = absoluteTimeoutMs;
        return this;
    }

    /** @return where the camera workers write their crops. */
    public Path cropsDir()
    {
        return cropsDir;
    }

    /**
     * @param cropsDir where the camera workers write their crops (default {@code DATA/crops}).
     * @return this.
     */
    public ConsoleContext cropsDir(final Path cropsDir)
    {
        this.cropsDir = cropsDir;
        return this;
    }

    /** @return the most entities that may wait for one browser. */
    public int maxPending()
    {
        return maxPending;
    }

    /**
     * @param maxPending the most entities that may wait for one browser before it gets a snapshot instead.
     * @return this.
     */
    public ConsoleContext maxPending(final int maxPending)
    {
        this.maxPending = maxPending;
        return this;
    }

    /** @return the origins allowed to open the WebSocket besides the console's own, as given. */
    public List<String> origins()
    {
        return origins;
    }

    /**
     * @param origins origins ({@code scheme://host[:port]}) whose pages may open the console's WebSocket besides the
     *                console's own origin, e.g. the address a reverse proxy serves the pages under.
     * @return this.
     */
    public ConsoleContext origins(final List<String> origins)
    {
        this.origins = null == origins ? List.of() : List.copyOf(origins);
        return this;
    }

    /** @return the configured origins normalized ({@code scheme://host:port}, lower case), after {@link #conclude()}. */
    Set<String> normalizedOrigins()
    {
        return normalizedOrigins;
    }

    /** @return the wall clock of sessions and the log-in throttle. */
    public EpochClock clock()
    {
        return clock;
    }

    /**
     * @param clock the wall clock of sessions and the log-in throttle (default the system's; tests hold it still).
     * @return this.
     */
    public ConsoleContext clock(final EpochClock clock)
    {
        this.clock = clock;
        return this;
    }
}
