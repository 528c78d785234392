package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;

/**
 * The gateway on loopback, with real sockets and no core (OPTIONS and refusals need none): idle and half-open TCP
 * connections are closed after the idle timeout, a message that does not complete in time closes its connection, one
 * address gets at most its share of connections, and a malformed header (a non-UTF-8 Call-ID) is answered 400.
 */
class SipTcpLimitsTest
{
    private static final String LOOPBACK = "127.0.0.1";

    private static SipGatewayContext context()
    {
        return new SipGatewayContext().bindAddress(LOOPBACK).port(0).ioThreads(1)
            .coreAddress(new NodeContext().coreAddress());
    }

    private static String options(final String callId, final String transport)
    {
        return "OPTIONS sip:112@beacon.test SIP/2.0\r\n" +
            "Via: SIP/2.0/" + transport + " 127.0.0.1:5999;rport;branch=z9hG4bKopt1\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:probe@test>;tag=p1\r\nTo: <sip:112@beacon.test>\r\n" +
            "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private static Socket connect(final String from, final int port) throws IOException
    {
        final Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** @return whether the gateway closed the connection (end of stream or reset) before sending anything. */
    private static boolean closedByGateway(final Socket socket) throws IOException
    {
        try
        {
            return socket.getInputStream().read() == -1;
        }
        catch (final java.net.SocketException reset)
        {
            return true;
        }
    }

    /** Reads one response (header section; these responses have no body). */
    private static String readResponse(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1)
        {
            out.write(b);
            final byte[] bytes = out.toByteArray();
            final int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
            {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void threeHundredIdleHalfOpenConnectionsAreClosedAfterTheIdleTimeout() throws Exception
    {
        final List<Socket> sockets = new ArrayList<>();
        try (SipGateway gateway = SipGateway.launch(context().tcpIdleTimeoutNs(TimeUnit.SECONDS.toNanos(1))))
        {
            // five source addresses of 60 connections each, under the per-address limit of 64
            for (int i = 0; i < 300; i++)
            {
                sockets.add(connect("127.0.0." + (2 + i / 60), gateway.port()));
            }
            SipTestSupport.await(() -> gateway.counters().tcpConnections() + gateway.counters().tcpIdleClosed() == 300,
                "300 connections accepted");
            for (final Socket socket : sockets)
            {
                // connected, never a byte sent: the gateway ends it
                assertThat(closedByGateway(socket)).isTrue();
            }
            SipTestSupport.await(() -> gateway.counters().tcpConnections() == 0, "every connection closed");
            assertThat(gateway.counters().tcpIdleClosed()).isEqualTo(300);
            assertThat(gateway.counters().tcpRefusedPerAddress()).isZero();
        }
        finally
        {
            for (final Socket socket : sockets)
            {
                socket.close();
            }
        }
    }

    @Test
    void aMessageThatDoesNotCompleteWithinThePartialTimeoutClosesItsConnection() throws Exception
    {
        final SipGatewayContext ctx = context().tcpPartialMessageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
            .tcpIdleTimeoutNs(TimeUnit.MINUTES.toNanos(5));
        try (SipGateway gateway = SipGateway.launch(ctx);
            Socket complete = connect(LOOPBACK, gateway.port());
            Socket trickling = connect(LOOPBACK, gateway.port()))
        {
            // a complete message is answered, and its timer ends with it: the connection outlives the partial timeout
            complete.getOutputStream().write(options("complete@test", "TCP").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(complete.getInputStream())).startsWith("SIP/2.0 200 ");

            // a peer that sends the start of a message and then a byte now and then, never the end
            final byte[] start = options("partial@test", "TCP").getBytes(StandardCharsets.US_ASCII);
            trickling.getOutputStream().write(start, 0, 60);
            int sent = 60;
            boolean closed = false;
            trickling.setSoTimeout(100);
            while (!closed && sent < start.length - 4)
            {
                try
                {
                    trickling.getOutputStream().write(start[sent++]);
                    closed = trickling.getInputStream().read() == -1;
                }
                catch (final java.net.SocketTimeoutException stillOpen)
                {
                    // nothing yet: send the next byte
                }
                catch (final java.net.SocketException reset)
                {
                    closed = true;
                }
            }
            assertThat(closed).as("closed before the message could complete").isTrue();
            assertThat(gateway.counters().tcpPartialTimeouts()).isEqualTo(1);

            // the complete connection is still there after more than the partial timeout
            complete.getOutputStream().write(options("complete-again@test", "TCP").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(complete.getInputStream())).startsWith("SIP/2.0 200 ");
            assertThat(gateway.counters().tcpIdleClosed()).isZero();
        }
    }

    @Test
    void oneAddressGetsAtMostItsShareTheSixtyFifthIsClosedAndCounted() throws Exception
    {
        final List<Socket> sockets = new ArrayList<>();
        try (SipGateway gateway = SipGateway.launch(context()))
        {
            assertThat(gateway.context().maxTcpConnectionsPerAddress()).isEqualTo(64);
            for (int i = 0; i < 64; i++)
            {
                sockets.add(connect(LOOPBACK, gateway.port()));
            }
            SipTestSupport.await(() -> gateway.counters().tcpConnections() == 64, "64 connections accepted");
            final Socket sixtyFifth = connect(LOOPBACK, gateway.port());
            sockets.add(sixtyFifth);
            assertThat(closedByGateway(sixtyFifth)).isTrue();
            assertThat(gateway.counters().tcpRefusedPerAddress()).isEqualTo(1);

            // another address is not affected, and the 64 still work
            final Socket other = connect("127.0.0.9", gateway.port());
            sockets.add(other);
            other.getOutputStream().write(options("other@test", "TCP").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(other.getInputStream())).startsWith("SIP/2.0 200 ");
            final Socket first = sockets.get(0);
            first.getOutputStream().write(options("first@test", "TCP").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(first.getInputStream())).startsWith("SIP/2.0 200 ");

            // a closed connection frees its place (a reset: a peer's FIN alone leaves the connection half-open, to the idle timeout)
            first.setSoLinger(true, 0);
            first.close();
            SipTestSupport.await(() -> gateway.counters().tcpConnections() == 64, "the first connection's close seen");
            final Socket again = connect(LOOPBACK, gateway.port());
            sockets.add(again);
            again.getOutputStream().write(options("again@test", "TCP").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(again.getInputStream())).startsWith("SIP/2.0 200 ");
            assertThat(gateway.counters().tcpRefusedPerAddress()).isEqualTo(1);
        }
        finally
        {
            for (final Socket socket : sockets)
            {
                socket.close();
            }
        }
    }

    @Test
    void anOptionsWithANonUtf8CallIdIsAnswered400OverUdpAndTcp() throws Exception
    {
        // "caf\xE9@test": Latin-1, not UTF-8
        final byte[] callId = {'c', 'a', 'f', (byte)0xE9, '@', 't', 'e', 's', 't'};
        try (SipGateway gateway = SipGateway.launch(context());
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            Socket tcp = connect(LOOPBACK, gateway.port()))
        {
            udp.setSoTimeout(30_000);
            final byte[] request = withCallId(options("CALLID", "UDP"), callId);
            udp.send(new DatagramPacket(request, request.length, InetAddress.getByName(LOOPBACK), gateway.port()));
            final DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            udp.receive(answer);
            final String udpResponse = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
            assertThat(udpResponse).startsWith("SIP/2.0 400 Malformed UTF-8 In Header\r\n")
                .contains("Call-ID: caf\u00e9@test\r\n").contains("CSeq: 1 OPTIONS\r\n");

            tcp.getOutputStream().write(withCallId(options("CALLID", "TCP"), callId));
            assertThat(readResponse(tcp.getInputStream())).startsWith("SIP/2.0 400 Malformed UTF-8 In Header\r\n")
                .contains("Call-ID: caf\u00e9@test\r\n");

            // a non-UTF-8 display name in From is as malformed; well-formed UTF-8 there is fine
            tcp.getOutputStream().write(options("name@test", "TCP").replace("From: <sip:", "From: \"CALLID\" <sip:")
                .replace("CALLID", "X").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(tcp.getInputStream())).startsWith("SIP/2.0 200 ");
            tcp.getOutputStream().write(withCallId(options("name2@test", "TCP").replace("From: <sip:", "From: \"CALLID\" <sip:"),
                new byte[] {'J', (byte)0xC3, 'r'}));
            assertThat(readResponse(tcp.getInputStream())).startsWith("SIP/2.0 400 Malformed UTF-8 In Header\r\n");
            tcp.getOutputStream().write(withCallId(options("name3@test", "TCP").replace("From: <sip:", "From: \"CALLID\" <sip:"),
                "J\u00f6rg".getBytes(StandardCharsets.UTF_8)));
            assertThat(readResponse(tcp.getInputStream())).startsWith("SIP/2.0 200 ");

            assertThat(gateway.counters().badRequests()).isEqualTo(3);
            assertThat(gateway.counters().unanswerable()).isZero();
        }
    }

    /** @return the request's bytes with the placeholder CALLID replaced by raw bytes. */
    private static byte[] withCallId(final String request, final byte[] raw)
    {
        final int at = request.indexOf("CALLID");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(request.substring(0, at).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(raw);
        out.writeBytes(request.substring(at + "CALLID".length()).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
