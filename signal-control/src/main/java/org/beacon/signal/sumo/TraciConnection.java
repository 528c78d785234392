package org.beacon.signal.sumo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The framing and codec side of {@link TraciClient}: the socket with its retrying connect, one request message out
 * and one whole answer message in (length-checked, with a read timeout), the status check, and the typed get and set
 * exchanges the commands are built from. A protocol violation closes the connection; an error status does not. Not
 * thread-safe, like the client.
 */
final class TraciConnection
{
    /** What a connected socket becomes. */
    @FunctionalInterface
    interface Handshake<T>
    {
        /**
         * @param socket        connected, timeouts set
         * @param readTimeoutMs the read timeout
         * @return the connected client
         * @throws IOException when the handshake cannot be done
         */
        T open(Socket socket, long readTimeoutMs) throws IOException;
    }

    private static final long RETRY_PAUSE_MS = 25;
    private static final int MAX_CONNECT_ATTEMPT_MS = 1_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long readTimeoutMs;
    private final String peer;
    private final TraciWriter writer = new TraciWriter();
    private final TraciReader reader = new TraciReader();
    private final byte[] lengthPrefix = new byte[TraciDescriptor.MESSAGE_LENGTH_BYTES];
    private byte[] body = new byte[1024];
    private volatile boolean closed;

    TraciConnection(final Socket socket, final long readTimeoutMs) throws IOException
    {
        this.socket = socket;
        this.readTimeoutMs = readTimeoutMs;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /**
     * Connects, retrying until the server listens or the timeout passes, and hands the socket to the handshake.
     *
     * @param <T>           what the handshake makes of the socket
     * @param host          host name or address
     * @param port          TraCI port
     * @param timeoutMs     how long to keep trying to connect
     * @param readTimeoutMs longest wait for one complete answer, 1..{@link Integer#MAX_VALUE}
     * @param giveUp        asked after each failed attempt; true stops trying
     * @param handshake     what to do with a connected socket
     * @return the handshake's result
     * @throws IOException if the server did not accept a connection in time
     */
    static <T> T connect(
        final String host,
        final int port,
        final long timeoutMs,
        final long readTimeoutMs,
        final BooleanSupplier giveUp,
        final Handshake<T> handshake)
        throws IOException
    {
        Objects.requireNonNull(host, "host");
        if (readTimeoutMs <= 0 || readTimeoutMs > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("readTimeoutMs must be 1.." + Integer.MAX_VALUE + ", was " + readTimeoutMs);
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        IOException last = null;
        while (true)
        {
            final Socket socket = new Socket();
            try
            {
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                socket.connect(new InetSocketAddress(host, port), (int)Math.max(1, Math.min(leftMs, MAX_CONNECT_ATTEMPT_MS)));
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int)readTimeoutMs);
                return handshake.open(socket, readTimeoutMs);
            }
            catch (final ConnectException | SocketTimeoutException ex)
            {
                // SUMO opens its port only after loading the network, so refusals are expected for a while.
                closeQuietly(socket);
                last = ex;
            }
            if (giveUp.getAsBoolean() || System.nanoTime() - deadline >= 0)
            {
                throw new IOException("SUMO TraCI server at " + host + ":" + port + " did not accept a connection within "
                    + timeoutMs + " ms", last);
            }
            try
            {
                Thread.sleep(RETRY_PAUSE_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to SUMO at " + host + ":" + port);
            }
        }
    }

    /** @return where the next request's content is built. */
    TraciWriter writer()
    {
        return writer;
    }

    /** @return the server's address, for messages. */
    String peer()
    {
        return peer;
    }

    /** @return true once closed. */
    boolean isClosed()
    {
        return closed;
    }

    double getDouble(final int domain, final int variable, final String objectId)
    {
        return get(domain, variable, objectId, TraciDescriptor.TYPE_DOUBLE, r -> r.float64("value"));
    }

    int getInt(final int domain, final int variable, final String objectId)
    {
        return get(domain, variable, objectId, TraciDescriptor.TYPE_INTEGER, r -> r.int32("value"));
    }

    String getString(final int domain, final int variable, final String objectId)
    {
        return get(domain, variable, objectId, TraciDescriptor.TYPE_STRING, r -> r.string("value"));
    }

    List<String> getStringList(final int domain, final int variable, final String objectId)
    {
        return get(domain, variable, objectId, TraciDescriptor.TYPE_STRINGLIST, r -> Collections.unmodifiableList(r.stringList("value")));
    }

    <T> T get(final int domain, final int variable, final String objectId, final int type, final Function<TraciReader, T> value)
    {
        writer.begin().ubyte(variable).string(objectId);
        return getFramed(domain, variable, objectId, type, value);
    }

    /** A get whose request content is already in the writer. */
    <T> T getFramed(
        final int domain, final int variable, final String objectId, final int type, final Function<TraciReader, T> value)
    {
        final TraciReader r = exchange(domain);
        return guarded(() ->
        {
            r.getResponse(domain, variable, objectId);
            r.expectType(type, "value");
            final T result = value.apply(r);
            r.endCommand("response");
            r.endMessage("response");
            return result;
        });
    }

    void set(final int domain, final int variable, final String objectId, final Consumer<TraciWriter> value)
    {
        Objects.requireNonNull(objectId, "objectId");
        writer.begin().ubyte(variable).string(objectId);
        value.accept(writer);
        statusOnly(domain);
    }

    void statusOnly(final int command)
    {
        final TraciReader r = exchange(command);
        guarded(() ->
        {
            r.endMessage("status-only answer");
            return null;
        });
    }

    /**
     * Sends the command built in the writer, reads one whole answer message and checks its status.
     *
     * @return the reader positioned after the status command
     */
    TraciReader exchange(final int command)
    {
        if (closed)
        {
            throw new IllegalStateException("TraCI connection to " + peer + " is closed");
        }
        final ByteBuffer message = writer.frame(command);
        final int bodyLength;
        try
        {
            out.write(message.array(), 0, message.limit());
            out.flush();
            bodyLength = readMessage(command);
        }
        catch (final TraciProtocolException ex)
        {
            closeSocket();
            throw ex;
        }
        catch (final IOException ex)
        {
            closeSocket();
            throw new TraciProtocolException(command, "I/O failure talking to SUMO at " + peer + ": " + ex, ex);
        }
        reader.reset(ByteBuffer.wrap(body, 0, bodyLength).slice(), command);
        guarded(() ->
        {
            reader.status(command);
            return null;
        });
        return reader;
    }

    int readMessage(final int command) throws IOException
    {
        final int prefixRead = readFully(lengthPrefix, lengthPrefix.length, command, "message length");
        if (prefixRead == 0)
        {
            throw new TraciProtocolException(command, "SUMO closed the connection instead of answering");
        }
        if (prefixRead < lengthPrefix.length)
        {
            throw new TraciProtocolException(command, String.format(
                "truncated: stream ended after %d of the 4 message length bytes", prefixRead));
        }
        final int length = ByteBuffer.wrap(lengthPrefix).getInt();
        if (length < TraciDescriptor.MESSAGE_LENGTH_BYTES || length > TraciDescriptor.MAX_MESSAGE_LENGTH)
        {
            throw new TraciProtocolException(command, String.format(
                "message length %d outside the valid range %d..%d", length,
                TraciDescriptor.MESSAGE_LENGTH_BYTES, TraciDescriptor.MAX_MESSAGE_LENGTH));
        }
        final int bodyLength = length - TraciDescriptor.MESSAGE_LENGTH_BYTES;
        if (body.length < bodyLength)
        {
            body = new byte[Math.max(bodyLength, Math.min(body.length * 2, TraciDescriptor.MAX_MESSAGE_LENGTH))];
        }
        final int bodyRead = readFully(body, bodyLength, command, "message body");
        if (bodyRead < bodyLength)
        {
            throw new TraciProtocolException(command, String.format(
                "truncated: message declared %d bytes, stream ended after %d", length, TraciDescriptor.MESSAGE_LENGTH_BYTES + bodyRead));
        }
        return bodyLength;
    }

    /** Reads until {@code length} bytes or end of stream; returns how many arrived. */
    int readFully(final byte[] into, final int length, final int command, final String what) throws IOException
    {
        int read = 0;
        while (read < length)
        {
            final int n;
            try
            {
                n = in.read(into, read, length - read);
            }
            catch (final SocketTimeoutException ex)
            {
                throw new TraciProtocolException(command, String.format(
                    "no complete answer within the %d ms read timeout (%s: %d of %d bytes arrived)",
                    readTimeoutMs, what, read, length), ex);
            }
            if (n < 0)
            {
                break;
            }
            read += n;
        }
        return read;
    }

    <T> T guarded(final Supplier<T> parse)
    {
        try
        {
            return parse.get();
        }
        catch (final TraciProtocolException ex)
        {
            closeSocket();
            throw ex;
        }
    }

    void closeSocket()
    {
        closed = true;
        closeQuietly(socket);
    }

    static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignored)
        {
            // Nothing useful to do about a failing close of a socket we are abandoning.
        }
    }
}
