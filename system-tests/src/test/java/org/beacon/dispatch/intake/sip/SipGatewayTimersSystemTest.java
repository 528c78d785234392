package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.intake.sip.SipTestSupport.await;
import static org.beacon.dispatch.intake.sip.SipTestSupport.journal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.CallEndReason;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.intake.sip.SipTestSupport.Journal;
import org.beacon.dispatch.intake.sip.SipTestSupport.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's timers against a real node, with a raw UDP caller and a short T1 (20 ms, so 64*T1
 * is 1.28 s): a 2xx that is never acknowledged and a dialog that falls silent both end the call
 * with a journaled CallEnded(TIMEOUT) and a BYE to the caller.
 */
class SipGatewayTimersSystemTest
{
    @TempDir
    static Path dir;

    private static NodeContext nodeContext;
    private static BeaconNode node;
    private static SipGateway gateway;

    @BeforeAll
    static void start()
    {
        nodeContext = new NodeContext()
            .dataDir(dir.resolve("node"))
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(DispatchService::new);
        node = BeaconNode.launch(nodeContext);
        gateway = SipGateway.launch(new SipGatewayContext()
            .bindAddress("127.0.0.1")
            .port(0)
            .tcp(false)
            .coreAddress(nodeContext.coreAddress())
            .t1Ns(TimeUnit.MILLISECONDS.toNanos(20))
            .t2Ns(TimeUnit.MILLISECONDS.toNanos(160))
            .dialogTimeoutNs(TimeUnit.MILLISECONDS.toNanos(1500)));
        await(gateway::coreConnected, "gateway connects to the core");
    }

    @AfterAll
    static void stop()
    {
        if (null != gateway)
        {
            gateway.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    @Test
    void endsACallWhoseAnswerIsNeverAcknowledged() throws Exception
    {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            udp.setSoTimeout(5000);
            send(udp, invite("noack@test", udp.getLocalPort()));
            final List<String> seen = receiveUntil(udp, "BYE ");
            final long oks = seen.stream().filter(s -> s.startsWith("SIP/2.0 200 ")).count();
            // 200 at 0, then T1 doubling to T2: 20, 40, 80, 160, 160... ms until 64*T1
            assertThat(oks).isGreaterThanOrEqualTo(6);
            final String bye = seen.get(seen.size() - 1);
            assertThat(bye).startsWith("BYE sip:caller@127.0.0.1:" + udp.getLocalPort() + " SIP/2.0\r\n")
                .contains("Call-ID: noack@test\r\n").contains("CSeq: 1 BYE\r\n").contains("From: <urn:service:sos>;tag=b");
        }
        final Journal journal = journaledWithEndOf("noack@test");
        final Received call = journal.call("noack@test");
        assertThat(journal.endsOf(call.view().callId())).extracting(SipTestSupport.Ended::reason).containsExactly(CallEndReason.TIMEOUT);
        await(() -> gateway.counters().timeouts() >= 1, "timeout counted");
    }

    @Test
    void endsADialogThatFallsSilent() throws Exception
    {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            udp.setSoTimeout(5000);
            send(udp, invite("silent@test", udp.getLocalPort()));
            final List<String> seen = receiveUntil(udp, "SIP/2.0 200 ");
            final String ok = seen.get(seen.size() - 1);
            final String toTag = ok.substring(ok.indexOf(";tag=", ok.indexOf("\r\nTo: ")) + 5).split("[\r;>]")[0];
            send(udp, ("ACK sip:beacon@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + udp.getLocalPort() +
                ";branch=z9hG4bK-ack-silent;rport\r\nFrom: <sip:+84912345678@127.0.0.1>;tag=c1\r\nTo: <urn:service:sos>;tag=" + toTag +
                "\r\nCall-ID: silent@test\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final long acked = System.nanoTime();
            final List<String> after = receiveUntil(udp, "BYE ");
            assertThat(System.nanoTime() - acked).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
            assertThat(after.get(after.size() - 1)).contains("Call-ID: silent@test\r\n");
        }
        final Journal journal = journaledWithEndOf("silent@test");
        final Received call = journal.call("silent@test");
        assertThat(journal.endsOf(call.view().callId())).extracting(SipTestSupport.Ended::reason).containsExactly(CallEndReason.TIMEOUT);
    }

    /** @return the journal once the call's CallEnded is in it (it is offered as the BYE leaves, so it may trail by a moment). */
    private static Journal journaledWithEndOf(final String sipCallId)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Journal journal = journal(nodeContext.inputJournalDir());
        while (System.nanoTime() < deadline &&
            (!journal.hasCall(sipCallId) || journal.endsOf(journal.call(sipCallId).view().callId()).isEmpty()))
        {
            journal = journal(nodeContext.inputJournalDir());
        }
        return journal;
    }

    private static byte[] invite(final String callId, final int localPort)
    {
        final String sdp = "v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
        return ("INVITE urn:service:sos SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId.hashCode() + ";rport\r\n" +
            "From: <sip:+84912345678@127.0.0.1>;tag=c1\r\n" +
            "To: <urn:service:sos>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Contact: <sip:caller@127.0.0.1:" + localPort + ">\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp).getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(final DatagramSocket udp, final byte[] bytes) throws IOException
    {
        udp.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port())));
    }

    private static List<String> receiveUntil(final DatagramSocket udp, final String startOfLast) throws IOException
    {
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            final DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
            try
            {
                udp.receive(packet);
            }
            catch (final SocketTimeoutException ex)
            {
                break;
            }
            final String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            seen.add(text);
            if (text.startsWith(startOfLast))
            {
                return seen;
            }
        }
        throw new AssertionError("never received " + startOfLast + "; got " + seen);
    }
}
