package org.beacon.signal.sumo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * Jazzer target: what SUMO answers, decoded by the real {@link TraciClient} and {@link TraciConnection} over a socket
 * whose input is the fuzzer's bytes (no network). The first byte gives how many requests follow (0..15), the next bytes
 * which ones (version handshake first, then time, counts, id lists, a light's state, its controlled links, positions,
 * a step, sets...), the rest is SUMO's byte stream. The contract: each request returns a value or throws
 * {@link TraciException} (SUMO's error status) or {@link TraciProtocolException} (and then the client is closed); no
 * other exception, and no allocation a length field asks for beyond the bytes present.
 */
public final class TraciAnswersFuzzer
{
    private static final int REQUESTS = 16;

    private TraciAnswersFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the fuzzer's bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        if (data.length == 0)
        {
            return;
        }
        final int count = Math.min(data[0] & 0x0F, data.length - 1);
        final byte[] requests = Arrays.copyOfRange(data, 1, 1 + count);
        final byte[] stream = Arrays.copyOfRange(data, 1 + count, data.length);
        final TraciClient client;
        try
        {
            client = TraciClient.handshake(new MemorySocket(stream), 1_000);
        }
        catch (final TraciException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("an in-memory socket cannot fail", ex);
        }
        for (final byte request : requests)
        {
            if (client.isClosed())
            {
                return;
            }
            try
            {
                ask(client, (request & 0xFF) % REQUESTS);
            }
            catch (final TraciProtocolException ex)
            {
                if (!client.isClosed())
                {
                    throw new AssertionError("a protocol failure must close the client", ex);
                }
            }
            catch (final TraciException ex)
            {
                // SUMO's own error status: the connection goes on
            }
        }
    }

    private static void ask(final TraciClient client, final int request)
    {
        switch (request)
        {
            case 0 -> client.simulationTime();
            case 1 -> client.minExpectedVehicles();
            case 2 -> client.departedVehicles();
            case 3 -> client.trafficLightIds();
            case 4 -> client.redYellowGreenState("J1");
            case 5 -> client.controlledLinks("J1");
            case 6 -> client.vehiclePosition("v0");
            case 7 -> client.simulationStep(0);
            case 8 -> client.phase("J1");
            case 9 -> client.lonLat(1, 2);
            case 10 -> client.setPhase("J1", 1);
            case 11 -> client.vehicleIds();
            case 12 -> client.edgeMeanSpeed("e1");
            case 13 -> client.vehicleSpeed("v0");
            case 14 -> client.program("J1");
            default -> client.setRedYellowGreenState("J1", "GrGr");
        }
    }

    /** A socket whose peer's bytes are fixed and whose own writes go nowhere. */
    private static final class MemorySocket extends Socket
    {
        private final InputStream in;
        private final OutputStream out = new ByteArrayOutputStream();

        MemorySocket(final byte[] stream)
        {
            this.in = new ByteArrayInputStream(stream);
        }

        @Override
        public InputStream getInputStream()
        {
            return in;
        }

        @Override
        public OutputStream getOutputStream()
        {
            return out;
        }

        @Override
        public SocketAddress getRemoteSocketAddress()
        {
            return InetSocketAddress.createUnresolved("sumo.fuzz", 8813);
        }

        @Override
        public synchronized void close()
        {
            // nothing to release
        }
    }
}
