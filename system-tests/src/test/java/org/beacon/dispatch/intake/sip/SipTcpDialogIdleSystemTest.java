package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.intake.sip.SipTestSupport.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.DispatchService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP idle timeout against a real node: a connection that carries a call's dialog is kept however long it is
 * silent, and is closed like any idle connection once the dialog has ended.
 */
class SipTcpDialogIdleSystemTest
{
    @TempDir
    Path dir;

    @Test
    void aSilentConnectionWithADialogIsKeptAndClosedOnceTheDialogEnds() throws Exception
    {
        final NodeContext nodeContext = new NodeContext().dataDir(dir.resolve("node")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(DispatchService::new);
        try (BeaconNode node = BeaconNode.launch(nodeContext);
            SipGateway gateway = SipGateway.launch(new SipGatewayContext().bindAddress("127.0.0.1").port(0).udp(false)
                .coreAddress(nodeContext.coreAddress()).tcpIdleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)));
            Socket tcp = new Socket())
        {
            await(gateway::coreConnected, "gateway connects to the core");
            tcp.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            tcp.setSoTimeout(30_000);
            final int local = tcp.getLocalPort();
            final String sdp = "v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
            write(tcp, "INVITE urn:service:sos SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:" + local + ";branch=z9hG4bK-tcp-inv\r\n" +
                "From: <sip:+84912345678@127.0.0.1>;tag=c1\r\nTo: <urn:service:sos>\r\nCall-ID: tcp-idle@test\r\nCSeq: 1 INVITE\r\n" +
                "Contact: <sip:caller@127.0.0.1:" + local + ";transport=tcp>\r\nMax-Forwards: 70\r\n" +
                "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
            String ok = read(tcp.getInputStream());
            while (!ok.startsWith("SIP/2.0 200 "))
            {
                ok = read(tcp.getInputStream());
            }
            final String toTag = ok.substring(ok.indexOf(";tag=", ok.indexOf("\r\nTo: ")) + 5).split("[\r;>]")[0];
            final String dialog = "From: <sip:+84912345678@127.0.0.1>;tag=c1\r\nTo: <urn:service:sos>;tag=" + toTag +
                "\r\nCall-ID: tcp-idle@test\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n";
            write(tcp, "ACK sip:beacon@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:" + local + ";branch=z9hG4bK-tcp-ack\r\n" +
                dialog + "CSeq: 1 ACK\r\n\r\n");

            // silent for many idle timeouts: the dialog keeps the connection
            Thread.sleep(2_000);
            assertThat(gateway.counters().tcpIdleClosed()).isZero();
            write(tcp, "BYE sip:beacon@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:" + local + ";branch=z9hG4bK-tcp-bye\r\n" +
                dialog + "CSeq: 2 BYE\r\n\r\n");
            assertThat(read(tcp.getInputStream())).startsWith("SIP/2.0 200 ").contains("CSeq: 2 BYE");

            // the dialog is over: the connection is now idle like any other
            assertThat(tcp.getInputStream().read()).isEqualTo(-1);
            assertThat(gateway.counters().tcpIdleClosed()).isEqualTo(1);
            assertThat(gateway.counters().callsEnded()).isEqualTo(1);
        }
    }

    private static void write(final Socket tcp, final String message) throws IOException
    {
        tcp.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one message: the header section, then Content-Length bytes. */
    private static String read(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1)
        {
            out.write(b);
            final String text = out.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n"))
            {
                final int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
                final int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 17, text.indexOf('\r', at + 2)).trim());
                return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("connection closed mid-message: " + out.toString(StandardCharsets.ISO_8859_1));
    }
}
