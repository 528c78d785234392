package org.beacon.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.beacon.console.auth.PersonalData;
import org.beacon.console.auth.Role;
import org.beacon.console.model.ChangeListener;
import org.beacon.console.model.ConsoleModel;
import org.beacon.console.model.IntersectionInfo;

/**
 * The console's read side: one thread tails the node's input and output journals, folds every record into
 * the {@link ConsoleModel} and hands each changed entity to every open console, as JSON made once per role
 * (callers' numbers, IMSI and IMEI masked as the role requires). New consoles and consoles that fell behind
 * get the whole model as a snapshot, built on this thread so that it and the updates after it are in order.
 */
final class ConsoleFeed implements AutoCloseable
{
    private static final SystemEpochNanoClock CLOCK = new SystemEpochNanoClock();
    private static final long SESSION_CHECK_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int BATCH = 4096;

    private final Path inputDir;
    private final Path outputDir;
    private final ConsoleModel model;
    private final CommandOutcomes outcomes = new CommandOutcomes();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<ClientConnection> clients = new CopyOnWriteArrayList<>();
    private final Predicate<String> sessionValid;
    private final Thread thread;
    private final List<String> changedKeys = new ArrayList<>();
    private final List<ObjectNode> changedNodes = new ArrayList<>();
    private final EnumMap<Role, String> perRole = new EnumMap<>(Role.class);
    private final EnumMap<Role, RoleBatch> roleBatches = new EnumMap<>(Role.class);
    private long batchFirstTsNs;
    private final JournalPairReader.Sink sink = new JournalPairReader.Sink()
    {
        @Override
        public void input(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
        {
            if (0 == batchFirstTsNs)
            {
                batchFirstTsNs = timestampNs;
            }
            model.onInput(sequence, timestampNs, buffer, offset, length);
            outcomes.onInput(sequence, buffer, offset, length);
        }

        @Override
        public void output(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            model.onOutput(inputSequence, timestampNs, buffer, offset, length);
            outcomes.onOutput(inputSequence, buffer, offset, length);
        }
    };
    private final ChangeListener collector = new ChangeListener()
    {
        @Override
        public void changed(final String key, final ObjectNode entity)
        {
            changedKeys.add(key);
            changedNodes.add(entity);
        }

        @Override
        public void removed(final String key)
        {
            changedKeys.add(key);
            changedNodes.add(null);
        }
    };

    private JournalPairReader reader;
    private volatile boolean running = true;
    private volatile String problem;
    private volatile long applied;
    private volatile long firstTimestampNs;
    private volatile long lastTimestampNs;
    private volatile long inputs;
    private volatile long outputs;
    private long nextSessionCheckNs;

    ConsoleFeed(final Path dataDir, final List<IntersectionInfo> intersections, final Predicate<String> sessionValid)
    {
        this.inputDir = dataDir.resolve("journal").resolve("input");
        this.outputDir = dataDir.resolve("journal").resolve("output");
        this.model = new ConsoleModel(intersections);
        this.sessionValid = sessionValid;
        this.thread = new Thread(this::run, "beacon-console-feed");
        thread.setDaemon(true);
    }

    /** @return the wall clock in ns since the epoch, as the sequencer's default clock reads it. */
    static long wallClockNs()
    {
        return CLOCK.nanoTime();
    }

    void start()
    {
        thread.start();
    }

    void add(final ClientConnection client)
    {
        clients.add(client);
    }

    void remove(final ClientConnection client)
    {
        clients.remove(client);
    }

    int clientCount()
    {
        return clients.size();
    }

    /** @return how many times the consoles connected now fell behind and were sent a snapshot instead. */
    long resyncs()
    {
        long total = 0;
        for (final ClientConnection client : clients)
        {
            total += client.resyncs();
        }
        return total;
    }

    /** @return records applied so far. */
    long applied()
    {
        return applied;
    }

    /** @return timestamp of the first input seen, 0 before any. */
    long firstTimestampNs()
    {
        return firstTimestampNs;
    }

    /** @return timestamp of the newest input seen, 0 before any. */
    long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return inputs read. */
    long inputs()
    {
        return inputs;
    }

    /** @return outputs read. */
    long outputs()
    {
        return outputs;
    }

    /**
     * @param alertId an area alert's id.
     * @return the CAP XML of its latest issued message, or null; any thread may ask.
     */
    String capXml(final long alertId)
    {
        return model.capXml(alertId);
    }

    /** @return the state machine's decisions about the operators' commands, as the feed folds them. */
    CommandOutcomes outcomes()
    {
        return outcomes;
    }

    /** @return the journal damage that stopped the feed, or null. */
    String problem()
    {
        return problem;
    }

    private void run()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(200, 20, TimeUnit.MICROSECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(1));
        while (running)
        {
            int work = 0;
            try
            {
                work += poll();
                work += serveSnapshots();
                checkSessions();
            }
            catch (final RuntimeException ex)
            {
                problem = "console feed stopped: " + ex;
                System.err.println(problem);
                ex.printStackTrace();
                break;
            }
            idle.idle(work);
        }
    }

    private int poll()
    {
        if (null == reader)
        {
            if (!Files.isDirectory(inputDir) || !Files.isDirectory(outputDir))
            {
                return 0;
            }
            reader = new JournalPairReader(inputDir, outputDir);
        }
        if (null != problem)
        {
            return 0;
        }
        final int n = reader.poll(sink, BATCH, Long.MAX_VALUE);
        if (null != reader.problem())
        {
            problem = reader.problem();
            System.err.println("console feed: " + problem);
        }
        if (n > 0)
        {
            applied += n;
            inputs = reader.inputCount();
            outputs = reader.outputCount();
            firstTimestampNs = reader.firstTimestampNs();
            lastTimestampNs = reader.lastTimestampNs();
            broadcast();
        }
        return n;
    }

    private void broadcast()
    {
        changedKeys.clear();
        changedNodes.clear();
        model.drainChanges(collector);
        final long oldestTsNs = batchFirstTsNs;
        batchFirstTsNs = 0;
        if (changedKeys.isEmpty() || clients.isEmpty())
        {
            return;
        }
        final long seq = model.lastSequence();
        final long tsNs = model.lastTimestampNs();
        roleBatches.clear();
        for (final ClientConnection client : clients)
        {
            final RoleBatch batch = roleBatches.computeIfAbsent(client.role(), role -> roleBatch(role, seq, tsNs, oldestTsNs));
            client.deliver(batch.message, changedKeys, batch.json, seq, tsNs);
        }
        for (final RoleBatch batch : roleBatches.values())
        {
            batch.message.release();
        }
    }

    /** One batch as a role sees it: each entity's JSON and the whole update message, encoded once. */
    private record RoleBatch(List<String> json, ByteBuf message)
    {
    }

    private RoleBatch roleBatch(final Role role, final long seq, final long tsNs, final long oldestTsNs)
    {
        final List<String> json = new ArrayList<>(changedKeys.size());
        final java.util.LinkedHashMap<String, String> byKey = new java.util.LinkedHashMap<>();
        for (int i = 0; i < changedKeys.size(); i++)
        {
            final ObjectNode node = changedNodes.get(i);
            final String text = null == node ? null : json(node, role);
            json.add(text);
            byKey.remove(changedKeys.get(i));
            byKey.put(changedKeys.get(i), text);
        }
        final String message = ClientConnection.updateMessage(byKey, seq, tsNs, oldestTsNs);
        return new RoleBatch(json, Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8)));
    }

    private int serveSnapshots()
    {
        int work = 0;
        perRole.clear();
        for (final ClientConnection client : clients)
        {
            if (client.needsSnapshot())
            {
                client.snapshot(perRole.computeIfAbsent(client.role(), this::snapshotMessage));
                work++;
            }
        }
        return work;
    }

    private void checkSessions()
    {
        final long now = System.nanoTime();
        if (now - nextSessionCheckNs < 0)
        {
            return;
        }
        nextSessionCheckNs = now + SESSION_CHECK_NS;
        for (final ClientConnection client : clients)
        {
            if (!sessionValid.test(client.sessionToken()))
            {
                clients.remove(client);
                client.close();
                client.channel().writeAndFlush(new CloseWebSocketFrame(4401, "session ended"))
                    .addListener(f -> client.channel().close());
            }
        }
    }

    /** The whole model as one snapshot message for a role. */
    String snapshotMessage(final Role role)
    {
        return snapshotJson(model.entities(), model.lastSequence(), role);
    }

    /**
     * A snapshot message of entities, as the browser reads it.
     *
     * @param entities the model's entities (not modified).
     * @param seq      the last input sequence folded in.
     * @param role     whose view (masking).
     * @return the JSON text.
     */
    String snapshotJson(final List<ObjectNode> entities, final long seq, final Role role)
    {
        final StringBuilder sb = new StringBuilder(256 + entities.size() * 256);
        sb.append("{\"t\":\"snapshot\",\"seq\":").append(seq).append(",\"entities\":[");
        for (int i = 0; i < entities.size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(json(entities.get(i), role));
        }
        return sb.append("]}").toString();
    }

    /**
     * One entity as a role sees it.
     *
     * @param node the model's entity (not modified).
     * @param role the viewer's role.
     * @return JSON text.
     */
    String json(final ObjectNode node, final Role role)
    {
        try
        {
            final com.fasterxml.jackson.databind.JsonNode kind = node.get("kind");
            if (null != kind && "call".equals(kind.asText()))
            {
                final ObjectNode copy = node.deepCopy();
                PersonalData.apply(role, copy);
                return mapper.writeValueAsString(copy);
            }
            return mapper.writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
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
        CloseHelper.quietClose(reader);
    }
}
