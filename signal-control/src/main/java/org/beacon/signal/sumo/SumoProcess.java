package org.beacon.signal.sumo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code sumo} process serving TraCI on a free loopback port, with a connected
 * {@link TraciClient}. SUMO's console output goes to a log file in the work directory so a full
 * pipe can never stall it. The binary is {@code sumo} from {@code PATH} unless the system property
 * {@value #BINARY_PROPERTY} or the environment variable {@value #BINARY_ENV} names another. When
 * {@code SUMO_HOME} is unset and the Debian layout {@code /usr/share/sumo} exists, SUMO gets that.
 */
public final class SumoProcess implements AutoCloseable
{
    /** System property naming the sumo binary. */
    public static final String BINARY_PROPERTY = "beacon.sumo.binary";
    /** Environment variable naming the sumo binary (the property wins). */
    public static final String BINARY_ENV = "SUMO_BINARY";
    /** Default time for SUMO to load the network and accept the TraCI connection. */
    public static final long DEFAULT_START_TIMEOUT_MS = 20_000;

    private static final String SUMO_HOME_ENV = "SUMO_HOME";
    private static final String DEBIAN_SUMO_HOME = "/usr/share/sumo";
    private static final int PORT_ATTEMPTS = 3;
    private static final long EXIT_WAIT_MS = 5_000;
    private static final long KILL_WAIT_MS = 2_000;
    private static final int LOG_TAIL_CHARS = 2_000;

    private final Process process;
    private final TraciClient client;
    private final int port;
    private final Path logFile;
    private boolean closed;

    private SumoProcess(final Process process, final TraciClient client, final int port, final Path logFile)
    {
        this.process = process;
        this.client = client;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts the default sumo binary with the given arguments plus {@code --remote-port}, and connects.
     *
     * @param sumoArgs arguments, e.g. {@code -n net.xml -r routes.xml --step-length 0.1 --no-step-log true}
     * @param workDir  working directory for SUMO (relative paths in the arguments resolve here) and its log
     * @return the running process with a connected client
     * @throws IOException if SUMO cannot be started or does not accept the connection in time
     */
    public static SumoProcess start(final List<String> sumoArgs, final Path workDir) throws IOException
    {
        return start(binary(), sumoArgs, workDir, DEFAULT_START_TIMEOUT_MS);
    }

    /**
     * Starts a given sumo binary and connects.
     *
     * @param binary         the sumo executable (a name looked up on PATH or a path)
     * @param sumoArgs       arguments without {@code --remote-port}
     * @param workDir        working directory for SUMO and its log
     * @param startTimeoutMs how long SUMO may take to accept the connection
     * @return the running process with a connected client
     * @throws IOException if SUMO cannot be started or does not accept the connection in time
     */
    public static SumoProcess start(final String binary, final List<String> sumoArgs, final Path workDir, final long startTimeoutMs)
        throws IOException
    {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(workDir, "workDir");
        if (sumoArgs.contains("--remote-port"))
        {
            throw new IllegalArgumentException("--remote-port is chosen by SumoProcess; do not pass it");
        }
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++)
        {
            try
            {
                return startOnce(binary, sumoArgs, workDir, startTimeoutMs);
            }
            catch (final PortTakenException ex)
            {
                // The free port we probed was taken before SUMO bound it; another port will do.
                last = ex;
            }
        }
        throw last;
    }

    private static SumoProcess startOnce(final String binary, final List<String> sumoArgs, final Path workDir, final long startTimeoutMs)
        throws IOException
    {
        final int port = freeLoopbackPort();
        final List<String> command = new ArrayList<>(sumoArgs.size() + 3);
        command.add(binary);
        command.addAll(sumoArgs);
        command.add("--remote-port");
        command.add(Integer.toString(port));
        final Path logFile = workDir.resolve("sumo-" + port + ".log");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
        // Without SUMO_HOME, SUMO cannot find its XML schemas locally and warns (or fetches them from the web).
        if (!builder.environment().containsKey(SUMO_HOME_ENV) && Files.isDirectory(Path.of(DEBIAN_SUMO_HOME)))
        {
            builder.environment().put(SUMO_HOME_ENV, DEBIAN_SUMO_HOME);
        }
        final Process process = builder.start();
        try
        {
            final TraciClient client = TraciClient.connect(
                InetAddress.getLoopbackAddress().getHostAddress(), port, startTimeoutMs, TraciClient.DEFAULT_READ_TIMEOUT_MS,
                () -> !process.isAlive());
            return new SumoProcess(process, client, port, logFile);
        }
        catch (final IOException | RuntimeException ex)
        {
            destroy(process);
            final String log = logTail(logFile);
            final String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
            final String message = "SUMO did not serve TraCI on port " + port + " (" + exit + "): " + String.join(" ", command)
                + System.lineSeparator() + "--- " + logFile + " ---" + System.lineSeparator() + log;
            if (log.toLowerCase(Locale.ROOT).contains("address already in use"))
            {
                throw new PortTakenException(message, ex);
            }
            throw new IOException(message, ex);
        }
    }

    /**
     * Whether the configured sumo binary exists and is executable (for skipping system tests).
     *
     * @return true if it can be started
     */
    public static boolean available()
    {
        final String binary = binary();
        if (binary.contains(File.separator))
        {
            return Files.isExecutable(Path.of(binary));
        }
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The sumo binary this class starts by default.
     *
     * @return the property, else the environment variable, else {@code "sumo"}
     */
    public static String binary()
    {
        final String property = System.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank())
        {
            return property;
        }
        final String env = System.getenv(BINARY_ENV);
        return env != null && !env.isBlank() ? env : "sumo";
    }

    /**
     * The connected client.
     *
     * @return the client
     */
    public TraciClient client()
    {
        return client;
    }

    /**
     * The TraCI port SUMO listens on.
     *
     * @return the port
     */
    public int port()
    {
        return port;
    }

    /**
     * File receiving SUMO's stdout and stderr.
     *
     * @return the log path
     */
    public Path logFile()
    {
        return logFile;
    }

    /**
     * Whether the SUMO process is still running.
     *
     * @return true while alive
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Sends TraCI close, waits for SUMO to exit and destroys it if it does not within a few seconds.
     * Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        client.close();
        try
        {
            if (!process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                destroy(process);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString()
    {
        return "SumoProcess[port=" + port + ", pid=" + process.pid() + (process.isAlive() ? "]" : ", exited]");
    }

    private static void destroy(final Process process)
    {
        process.destroy();
        try
        {
            if (!process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freeLoopbackPort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return probe.getLocalPort();
        }
    }

    private static String logTail(final Path logFile)
    {
        try
        {
            final String log = Files.readString(logFile, StandardCharsets.UTF_8);
            return log.length() <= LOG_TAIL_CHARS ? log : "..." + log.substring(log.length() - LOG_TAIL_CHARS);
        }
        catch (final IOException ex)
        {
            return "(log unreadable: " + ex + ")";
        }
    }

    private static final class PortTakenException extends IOException
    {
        private static final long serialVersionUID = 1L;

        PortTakenException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }
}
