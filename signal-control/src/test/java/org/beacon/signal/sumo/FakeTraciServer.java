package org.beacon.signal.sumo;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted TraCI peer on 127.0.0.1: answers the version handshake, then each request with the
 * next canned reply. Once the script is exhausted it acknowledges a close command and stays silent
 * on anything else, so a client waiting for more must hit its read timeout.
 */
final class FakeTraciServer implements AutoCloseable
{
    /** A canned reply; {@code hangUp} closes the socket right after writing it. */
    record Reply(byte[] bytes, boolean hangUp)
    {
    }

    private final ServerSocket server;
    private final List<Reply> script = new ArrayList<>();
    private final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final Thread thread;
    private volatile Socket socket;

    FakeTraciServer(final Reply... replies) throws IOException
    {
        this(Wire.version(), replies);
    }

    FakeTraciServer(final byte[] versionAnswer, final Reply... replies) throws IOException
    {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        script.add(new Reply(versionAnswer, false));
        script.addAll(List.of(replies));
        thread = new Thread(this::serve, "fake-traci-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static Reply reply(final byte[] bytes)
    {
        return new Reply(bytes, false);
    }

    static Reply hangUpAfter(final byte[] bytes)
    {
        return new Reply(bytes, true);
    }

    int port()
    {
        return server.getLocalPort();
    }

    TraciClient connect() throws IOException
    {
        return TraciClient.connect("127.0.0.1", port(), 2_000, 400);
    }

    /** The next request the client sent, whole (with its length prefix). */
    byte[] nextRequest() throws InterruptedException
    {
        final byte[] request = requests.poll(2, TimeUnit.SECONDS);
        if (request == null)
        {
            throw new AssertionError("no request arrived");
        }
        return request;
    }

    boolean awaitClientGone() throws InterruptedException
    {
        return clientGone.await(2, TimeUnit.SECONDS);
    }

    private void serve()
    {
        try (Socket s = server.accept())
        {
            socket = s;
            final DataInputStream in = new DataInputStream(s.getInputStream());
            final OutputStream out = s.getOutputStream();
            for (final Reply reply : script)
            {
                final byte[] request = readRequest(in);
                if (request == null)
                {
                    return;
                }
                requests.add(request);
                out.write(reply.bytes());
                out.flush();
                if (reply.hangUp())
                {
                    return;
                }
            }
            while (true)
            {
                final byte[] request = readRequest(in);
                if (request == null)
                {
                    return;
                }
                requests.add(request);
                if (request.length == 6 && (request[5] & 0xFF) == TraciDescriptor.CMD_CLOSE)
                {
                    out.write(Wire.msg(Wire.ok(TraciDescriptor.CMD_CLOSE)));
                    out.flush();
                }
            }
        }
        catch (final IOException ex)
        {
            // The client closing mid-script is what several tests provoke.
        }
        finally
        {
            clientGone.countDown();
        }
    }

    private static byte[] readRequest(final InputStream stream) throws IOException
    {
        final DataInputStream in = (DataInputStream)stream;
        try
        {
            final int length = in.readInt();
            final byte[] request = new byte[length];
            request[0] = (byte)(length >>> 24);
            request[1] = (byte)(length >>> 16);
            request[2] = (byte)(length >>> 8);
            request[3] = (byte)length;
            in.readFully(request, 4, length - 4);
            return request;
        }
        catch (final EOFException | java.net.SocketException ex)
        {
            return null;
        }
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        final Socket s = socket;
        if (s != null)
        {
            s.close();
        }
    }
}
