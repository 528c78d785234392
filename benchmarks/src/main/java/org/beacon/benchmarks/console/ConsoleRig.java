package org.beacon.benchmarks.console;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.benchmarks.BenchSupport;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.ConsoleWiring;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.console.ConsoleGateway;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.UserStore;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;

/**
 * How fast a change reaches the open consoles: a node and its console gateway in this process, N WebSocket
 * consoles logged in as dispatchers (Java's HTTP client, one connection each), and the simulated city's event mix
 * (calls, AVL fixes, unit status) offered open loop at a fixed rate. For every update message a console
 * receives, the delay from the sequencer's stamp of the oldest change in it to its arrival is recorded
 * (HdrHistogram): journal, model, per-console queue, WebSocket and the client's own thread together.
 */
public final class ConsoleRig
{
    private static final SystemEpochNanoClock CLOCK = new SystemEpochNanoClock();
    private static final String PASSWORD = "bench-password-1";
    /** Oldest change → the server's write of the message: the part of the delay spent before the socket. */
    private static final Recorder SERVER = new Recorder(3);

    /**
     * The figures of one run.
     *
     * @param clients    consoles connected.
     * @param rate       events offered per second.
     * @param updates    update messages received (all consoles).
     * @param histogram  delays in microseconds.
     * @param snapshots  snapshot messages received after the first one per console (a console fell behind).
     */
    public record Result(int clients, int rate, long updates, Histogram histogram, long snapshots)
    {
        /** @return the summary line. */
        public String summary()
        {
            return String.format(Locale.ROOT, "console clients=%d rate=%d/s updates=%d p50=%.1fms p99=%.1fms p99.9=%.1fms " +
                "max=%.1fms resyncs=%d", clients, rate, updates, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMaxValue() / 1000.0, snapshots);
        }
    }

    private ConsoleRig()
    {
    }

    /**
     * Runs the rig.
     *
     * @param clients consoles.
     * @param rate    events per second.
     * @param units   units of the simulated fleet.
     * @param seconds recorded duration.
     * @param warmup  unrecorded warm-up, seconds.
     * @param out     progress and the summary (last line).
     * @return the figures.
     */
    public static Result run(final int clients, final int rate, final int units, final int seconds, final int warmup,
        final PrintStream out) throws IOException, InterruptedException
    {
        final Path dir = BenchSupport.tempDir("beacon-bench-console");
        try
        {
            final NodeContext ctx = new NodeContext()
                .dataDir(dir.resolve("data"))
                .aeronDir(dir.resolve("aeron").toString())
                .stateMachineSupplier(CenterStateMachine::new);
            final Path usersFile = dir.resolve("users");
            new UserStore(usersFile, SystemEpochClock.INSTANCE).put("bench", Role.DISPATCHER, 101, PASSWORD.toCharArray());
            try (BeaconNode node = BeaconNode.launch(ctx);
                ConsoleGateway console = ConsoleGateway.launch(ConsoleWiring.context(ctx, null).bindAddress("127.0.0.1").port(0)
                    .usersFile(usersFile));
                CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
            {
                final Recorder recorder = new Recorder(3);
                final AtomicLong updates = new AtomicLong();
                final AtomicLong snapshots = new AtomicLong();
                final List<WebSocket> sockets = connectConsoles(console, clients, recorder, updates, snapshots, out);

                final SimulatedCity city = new SimulatedCity(112, units);
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
                long correlation = 0;
                for (int i = 0; i < units; i++)
                {
                    final int length = city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0);
                    offer(client, ++correlation, buffer, length);
                }
                final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
                final long start = System.nanoTime();
                final long recordFrom = start + TimeUnit.SECONDS.toNanos(warmup);
                final long end = recordFrom + TimeUnit.SECONDS.toNanos(seconds);
                long next = start;
                boolean recording = false;
                long sent = 0;
                while (next < end)
                {
                    final long now = System.nanoTime();
                    if (now < next)
                    {
                        // park, not spin: on two cores a spinning generator would starve the consoles it measures
                        if (client.poll((s, t, b, o, l) -> { }, 256) == 0)
                        {
                            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(next - now, 200_000));
                        }
                        continue;
                    }
                    if (!recording && now >= recordFrom)
                    {
                        recorder.getIntervalHistogram();
                        SERVER.getIntervalHistogram();
                        updates.set(0);
                        snapshots.set(0);
                        recording = true;
                    }
                    final int length = city.encodeNext(buffer, 0);
                    offer(client, ++correlation, buffer, length);
                    sent++;
                    next += intervalNs;
                    client.poll((s, t, b, o, l) -> { }, 256);
                }
                Thread.sleep(500);
                final Histogram histogram = recorder.getIntervalHistogram();
                final Histogram server = SERVER.getIntervalHistogram();
                out.printf(Locale.ROOT, "# of which before the server's write: p50=%.1fms p99=%.1fms max=%.1fms%n",
                    server.getValueAtPercentile(50) / 1000.0, server.getValueAtPercentile(99) / 1000.0, server.getMaxValue() / 1000.0);
                for (final WebSocket socket : sockets)
                {
                    socket.abort();
                }
                if (null != node.failure())
                {
                    throw new IllegalStateException("node failed", node.failure());
                }
                out.printf(Locale.ROOT, "# %d events offered, %d records in the consoles' model, feed problem: %s%n", sent,
                    console.recordsApplied(), console.feedProblem());
                final Result result = new Result(clients, rate, updates.get(), histogram, snapshots.get());
                out.println(result.summary());
                return result;
            }
            catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
            {
                throw new IOException("a console could not connect: " + ex, ex);
            }
        }
        finally
        {
            BenchSupport.deleteRecursively(dir);
        }
    }

    /**
     * Logs in as the bench dispatcher and opens the consoles, each with its listener, and waits (up to 10 s) until every
     * one holds its first snapshot.
     *
     * @return the consoles' sockets.
     */
    private static List<WebSocket> connectConsoles(final ConsoleGateway console, final int clients, final Recorder recorder,
        final AtomicLong updates, final AtomicLong snapshots, final PrintStream out)
        throws IOException, InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final String base = "http://127.0.0.1:" + console.port();
        final HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"bench\",\"password\":\"" + PASSWORD + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200)
        {
            throw new IllegalStateException("log-in failed: " + login.body());
        }
        final String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        final List<WebSocket> sockets = new ArrayList<>();
        final List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < clients; i++)
        {
            final Listener listener = new Listener(recorder, updates, snapshots);
            listeners.add(listener);
            sockets.add(http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create("ws://127.0.0.1:" + console.port() + "/ws"), listener).get(10, TimeUnit.SECONDS));
        }
        final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listeners.stream().anyMatch(l -> !l.snapshotSeen) && System.nanoTime() < connectDeadline)
        {
            Thread.sleep(10);
        }
        out.printf(Locale.ROOT, "# %d consoles connected and holding the first snapshot%n", console.consoles());
        return sockets;
    }

    private static void offer(final CoreClient client, final long correlation, final UnsafeBuffer buffer, final int length)
    {
        if (client.offer(correlation, buffer, 0, length) < 0)
        {
            throw new IllegalStateException("the core is not connected");
        }
    }

    /** One console: reads the stamps of each update, never parses the rest. */
    private static final class Listener implements WebSocket.Listener
    {
        private final Recorder recorder;
        private final AtomicLong updates;
        private final AtomicLong snapshots;
        private final StringBuilder text = new StringBuilder();
        private volatile boolean snapshotSeen;

        Listener(final Recorder recorder, final AtomicLong updates, final AtomicLong snapshots)
        {
            this.recorder = recorder;
            this.updates = updates;
            this.snapshots = snapshots;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                final long arrivedNs = CLOCK.nanoTime();
                onMessage(arrivedNs);
                text.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        private void onMessage(final long arrivedNs)
        {
            if (text.indexOf("{\"t\":\"snapshot\"") == 0)
            {
                if (snapshotSeen)
                {
                    snapshots.incrementAndGet();
                }
                snapshotSeen = true;
                return;
            }
            if (text.indexOf("{\"t\":\"upd\"") != 0)
            {
                return;
            }
            final long oldest = field(text, "\"oldestTsNs\":");
            final long sent = field(text, "\"sentNs\":");
            if (oldest > 0)
            {
                recorder.recordValue(Math.max(0, (arrivedNs - oldest) / 1000));
                SERVER.recordValue(Math.max(0, (sent - oldest) / 1000));
                updates.incrementAndGet();
            }
        }

        private static long field(final StringBuilder sb, final String name)
        {
            final int at = sb.indexOf(name);
            if (at < 0)
            {
                return -1;
            }
            long value = 0;
            for (int i = at + name.length(); i < sb.length() && Character.isDigit(sb.charAt(i)); i++)
            {
                value = value * 10 + (sb.charAt(i) - '0');
            }
            return value;
        }
    }
}
