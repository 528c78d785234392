package org.beacon.console;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.beacon.console.auth.Role;

/**
 * One open console (a WebSocket). While it keeps up, it is handed the feed's update messages as they are, one
 * encoded buffer shared by every console of the same role (no copy per console). When its socket stops taking
 * data (Netty's write buffer is above its high-water mark), further changes coalesce instead: the newest state of
 * each entity waits in a map, an older state waiting to be sent is replaced, so a slow browser holds at most one
 * pending state per entity; when even that exceeds the bound, everything pending is dropped and the browser gets a
 * fresh snapshot instead. All writes happen on the channel's event loop in the order the feed produced them;
 * the feed thread never waits for a browser, it only takes this object's lock for a few puts.
 */
final class ClientConnection
{
    /** Shared messages that may wait for one console before it coalesces instead. */
    static final int MAX_OUTBOX = 64;

    private final Channel channel;
    private final Role role;
    private final String sessionToken;
    private final String user;
    private final int maxPending;
    private final Runnable flushTask = this::flush;

    private final Object lock = new Object();
    private final ArrayDeque<ByteBuf> outbox = new ArrayDeque<>();
    private LinkedHashMap<String, String> pending = new LinkedHashMap<>();
    private String snapshot;
    private boolean resync = true;
    private boolean closed;
    private boolean flushScheduled;
    private long pendingSeq;
    private long pendingTsNs;
    private long pendingOldestTsNs;
    private long resyncs;
    private long messagesSent;

    ClientConnection(final Channel channel, final Role role, final String sessionToken, final String user, final int maxPending)
    {
        this.channel = channel;
        this.role = role;
        this.sessionToken = sessionToken;
        this.user = user;
        this.maxPending = maxPending;
    }

    Role role()
    {
        return role;
    }

    String sessionToken()
    {
        return sessionToken;
    }

    String user()
    {
        return user;
    }

    Channel channel()
    {
        return channel;
    }

    /** @return whether the feed must build a snapshot for this console (new, or fell too far behind). */
    boolean needsSnapshot()
    {
        synchronized (lock)
        {
            return resync && !closed;
        }
    }

    /** @return how many times this console fell behind and was sent a snapshot again. */
    long resyncs()
    {
        synchronized (lock)
        {
            return resyncs;
        }
    }

    /** @return WebSocket messages written. */
    long messagesSent()
    {
        synchronized (lock)
        {
            return messagesSent;
        }
    }

    /** Feed thread: the whole model, replacing anything pending. */
    void snapshot(final String message)
    {
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            releaseOutbox();
            snapshot = message;
            pending.clear();
            pendingOldestTsNs = 0;
            resync = false;
        }
        schedule();
    }

    /**
     * Feed thread: one batch of changes.
     *
     * @param shared the batch's update message for this console's role, encoded once (not consumed here).
     * @param keys   the changed keys, in the batch's order.
     * @param json   each key's JSON for this console's role, or null where the entity was removed.
     * @param seq    the last input sequence in the batch.
     * @param tsNs   its timestamp.
     */
    void deliver(final ByteBuf shared, final List<String> keys, final List<String> json, final long seq, final long tsNs)
    {
        synchronized (lock)
        {
            if (resync || closed)
            {
                return;
            }
            if (pending.isEmpty() && null == snapshot && outbox.size() < MAX_OUTBOX && channel.isWritable())
            {
                outbox.add(shared.retainedDuplicate());
            }
            else
            {
                for (int i = 0; i < keys.size(); i++)
                {
                    pending.remove(keys.get(i));
                    pending.put(keys.get(i), json.get(i));
                }
                pendingSeq = seq;
                pendingTsNs = Math.max(pendingTsNs, tsNs);
                if (0 == pendingOldestTsNs)
                {
                    pendingOldestTsNs = tsNs;
                }
                if (pending.size() > maxPending)
                {
                    pending.clear();
                    pendingOldestTsNs = 0;
                    releaseOutbox();
                    snapshot = null;
                    resync = true;
                    resyncs++;
                    return;
                }
            }
        }
        schedule();
    }

    private void releaseOutbox()
    {
        ByteBuf buf;
        while (null != (buf = outbox.poll()))
        {
            buf.release();
        }
    }

    /** The connection is gone: frees what waits for it. */
    void close()
    {
        synchronized (lock)
        {
            closed = true;
            releaseOutbox();
            pending.clear();
            snapshot = null;
        }
    }

    /** Asks the event loop to write what is pending. */
    void schedule()
    {
        synchronized (lock)
        {
            if (flushScheduled || closed || (null == snapshot && outbox.isEmpty() && pending.isEmpty()))
            {
                return;
            }
            flushScheduled = true;
        }
        channel.eventLoop().execute(flushTask);
    }

    /** Event loop: writes what is pending when the socket can take it (called again when it becomes writable). */
    void flush()
    {
        final String first;
        final ByteBuf[] frames;
        final LinkedHashMap<String, String> batch;
        final long seq;
        final long tsNs;
        final long oldestTsNs;
        synchronized (lock)
        {
            flushScheduled = false;
            if (closed || !channel.isActive() || !channel.isWritable())
            {
                return;
            }
            first = snapshot;
            snapshot = null;
            frames = outbox.isEmpty() ? null : outbox.toArray(new ByteBuf[0]);
            outbox.clear();
            if (pending.isEmpty())
            {
                batch = null;
            }
            else
            {
                batch = pending;
                pending = new LinkedHashMap<>();
            }
            seq = pendingSeq;
            tsNs = pendingTsNs;
            oldestTsNs = pendingOldestTsNs;
            pendingTsNs = 0;
            pendingOldestTsNs = 0;
            messagesSent += (null == first ? 0 : 1) + (null == frames ? 0 : frames.length) + (null == batch ? 0 : 1);
        }
        if (null != first)
        {
            channel.write(new TextWebSocketFrame(first));
        }
        if (null != frames)
        {
            for (final ByteBuf frame : frames)
            {
                channel.write(new TextWebSocketFrame(frame));
            }
        }
        if (null != batch)
        {
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(ByteBufUtil.encodeString(
                channel.alloc(), java.nio.CharBuffer.wrap(updateMessage(batch, seq, tsNs, oldestTsNs)),
                java.nio.charset.StandardCharsets.UTF_8))));
        }
        channel.flush();
    }

    /**
     * The update message of a set of changes.
     *
     * @param batch      key → JSON, or null for a removal.
     * @param seq        the last input sequence in it.
     * @param tsNs       the newest change's timestamp.
     * @param oldestTsNs the oldest change's timestamp.
     * @return the message text.
     */
    static String updateMessage(final Map<String, String> batch, final long seq, final long tsNs, final long oldestTsNs)
    {
        final StringBuilder sb = new StringBuilder(64 + batch.size() * 256);
        sb.append("{\"t\":\"upd\",\"seq\":").append(seq).append(",\"tsNs\":").append(tsNs).append(",\"oldestTsNs\":")
            .append(oldestTsNs).append(",\"sentNs\":").append(ConsoleFeed.wallClockNs()).append(",\"entities\":[");
        boolean firstEntity = true;
        for (final Map.Entry<String, String> e : batch.entrySet())
        {
            if (null != e.getValue())
            {
                sb.append(firstEntity ? "" : ",").append(e.getValue());
                firstEntity = false;
            }
        }
        sb.append("],\"removed\":[");
        boolean firstRemoved = true;
        for (final Map.Entry<String, String> e : batch.entrySet())
        {
            if (null == e.getValue())
            {
                sb.append(firstRemoved ? "\"" : ",\"").append(e.getKey()).append('"');
                firstRemoved = false;
            }
        }
        return sb.append("]}").toString();
    }
}
