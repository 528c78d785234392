package org.beacon.console;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.beacon.console.auth.Role;

/**
 * One open console (a WebSocket). The feed thread puts the newest JSON of each changed entity here; the
 * channel's event loop writes them out when the socket can take more. Updates of the same entity coalesce
 * (an older state waiting to be sent is replaced by the newer one), so a slow browser holds at most one
 * pending state per entity; when even that exceeds {@link #maxPending}, the pending updates are dropped and
 * the browser gets a fresh snapshot instead. Nothing here ever waits for the browser: the feed thread only
 * takes this object's lock for a map put.
 */
final class ClientConnection
{
    private final Channel channel;
    private final Role role;
    private final String sessionToken;
    private final String user;
    private final int maxPending;
    private final Runnable flushTask = this::flush;

    private final Object lock = new Object();
    private LinkedHashMap<String, String> pending = new LinkedHashMap<>();
    private String snapshot;
    private boolean resync = true;
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
            return resync;
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
            snapshot = message;
            pending.clear();
            pendingOldestTsNs = 0;
            resync = false;
        }
        schedule();
    }

    /**
     * Feed thread: the newest state of one entity, or its removal.
     *
     * @param key  the entity's key.
     * @param json its JSON, or null when it was removed.
     */
    void update(final String key, final String json, final long seq, final long tsNs)
    {
        synchronized (lock)
        {
            if (resync)
            {
                return;
            }
            pending.remove(key);
            pending.put(key, json);
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
                snapshot = null;
                resync = true;
                resyncs++;
            }
        }
    }

    /** Feed thread: asks the event loop to write what is pending. */
    void schedule()
    {
        synchronized (lock)
        {
            if (flushScheduled || (null == snapshot && pending.isEmpty()))
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
        final LinkedHashMap<String, String> batch;
        final long seq;
        final long tsNs;
        final long oldestTsNs;
        synchronized (lock)
        {
            flushScheduled = false;
            if (!channel.isActive() || !channel.isWritable())
            {
                return;
            }
            first = snapshot;
            snapshot = null;
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
            messagesSent += (null == first ? 0 : 1) + (null == batch ? 0 : 1);
        }
        if (null != first)
        {
            channel.write(new TextWebSocketFrame(first));
        }
        if (null != batch)
        {
            channel.write(new TextWebSocketFrame(updateMessage(batch, seq, tsNs, oldestTsNs)));
        }
        if (null != first || null != batch)
        {
            channel.flush();
        }
    }

    private static String updateMessage(final Map<String, String> batch, final long seq, final long tsNs, final long oldestTsNs)
    {
        final StringBuilder sb = new StringBuilder(64 + batch.size() * 256);
        sb.append("{\"t\":\"upd\",\"seq\":").append(seq).append(",\"tsNs\":").append(tsNs).append(",\"oldestTsNs\":")
            .append(oldestTsNs).append(",\"sentNs\":")
            .append(ConsoleFeed.wallClockNs()).append(",\"entities\":[");
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
