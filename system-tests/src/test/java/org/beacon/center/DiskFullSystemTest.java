package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.aeron.Aeron;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.JournalRepairedDecoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.StorageAlarmDecoder;
import org.beacon.codecs.StorageLevel;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.core.client.CoreClient;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.VerifyResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a real process on a real, small filesystem (a 16 MB tmpfs this test mounts; it needs root,
 * and is skipped with a message without it), fed by a burst of AVL and calls from this JVM while a filler
 * file eats the disk: every Ack names a record that is whole on disk; under the low-water mark AVL is
 * refused with {@code REJECTED_LOW_DISK} and calls still go in; under the reserve everything is refused
 * with {@code REJECTED_DISK_FULL}; on a truly full disk the process exits non-zero instead of hanging;
 * after room is made a restart cuts a torn tail (if the last write tore one) and goes on; and
 * {@code replay verify} of the folder is identical.
 */
class DiskFullSystemTest
{
    private static final int GATEWAY_SOURCE = 6;
    private static final long MB = 1L << 20;
    private static final long LOW_WATER = 6 * MB;
    private static final long RESERVE = 3 * MB;
    private static final int AVL = 1;
    private static final int CALL = 2;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final StringBuffer nodeOutput = new StringBuffer();
    private final Long2LongHashMap acked = new Long2LongHashMap(-1);
    private final Long2LongHashMap refused = new Long2LongHashMap(-1);
    private final Long2LongHashMap kinds = new Long2LongHashMap(-1);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private Path mount;
    /** This client's correlation ids start far from the gateways' own. */
    private long correlationId = 1L << 56;
    private long amlJournaled;
    private long floor;
    private int sipPort;
    private int amlPort;

    @AfterEach
    void tearDown() throws Exception
    {
        processes.forEach(Process::destroyForcibly);
        for (final Process process : processes)
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.println("---- node output ----\n" + nodeOutput);
        if (null != mount)
        {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** No floor: the last tick runs into the full disk, its mapped write faults, the restart cuts the torn record. */
    @Test
    void aFaultingWriteOnAFullDiskExitsAndTheRestartCutsTheTornTail() throws Exception
    {
        floor = 0;
        fillAndRestart(0);
        assertThat(nodeOutput).as("the mapped write faulted").contains("InternalError");
    }

    /** A floor of 1 MB: the node stops on its own before any write can fault; nothing is torn. */
    @Test
    void theFloorStopsTheNodeBeforeAWriteCanFault() throws Exception
    {
        floor = MB;
        fillAndRestart(MB / 2);
        assertThat(nodeOutput).as("stopped by the floor").contains("disk full: ").doesNotContain("cut its torn last record");
    }

    private void fillAndRestart(final long finalFree) throws Exception
    {
        mount = dir.resolve("disk");
        Files.createDirectories(mount);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "DiskFullSystemTest mounts a tmpfs and needs root (CI runs as root); skipped as " + System.getProperty("user.name"));
        final int mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString()).inheritIO()
            .start().waitFor();
        Assumptions.assumeTrue(mounted == 0, "mount -t tmpfs failed (exit " + mounted + "): skipped");
        final FileStore store = Files.getFileStore(mount);
        final Path data = mount.resolve("data");
        final Path filler = mount.resolve("filler");
        sipPort = freeUdpPort();
        amlPort = freeTcpPort();
        // the node's own gateways (SIP, AML) subscribe to its egress too, so this client joins them on the node's media
        // driver over IPC, as a gateway on the node's host would (a UDP endpoint binds in one process only)
        final String aeronDir = dir.resolve("aeron-node").toString();
        final NodeContext clientCtx = new NodeContext().dataDir(data).aeronDir(aeronDir).stateMachineSupplier(CenterStateMachine::new);
        final SimulatedCity city = new SimulatedCity(15, 50);

        Process node = startNode(data);
        awaitReady(node);
        assertThat(Files.size(data.resolve(BeaconNode.DISK_BALLAST))).as("the ballast is written in full").isEqualTo(MB);
        final int exitCode;
        try (Aeron aeron = Aeron.connect(clientContext(aeronDir));
            CoreClient client = new CoreClient(aeron, false, clientCtx.coreAddress(), GATEWAY_SOURCE))
        {
            awaitConnected(client);
            for (int i = 0; i < city.unitCount(); i++)
            {
                send(client, CALL, city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
            }
            // 1. room enough: the AVL burst is journaled
            for (int i = 0; i < 2000; i++)
            {
                send(client, AVL, city.encodePosition(i % city.unitCount(), 900, buffer, 0));
            }
            awaitAnswers(client);
            assertThat(refused.size()).as("nothing refused with room on the disk").isZero();

            // 2. under the low-water mark: AVL refused with its reason, calls still journaled
            fill(filler, store, LOW_WATER - MB);
            final long avlRefusedAt = burstUntilRefused(client, city, AVL, AckCode.REJECTED_LOW_DISK);
            final long firstCall = correlationId + 1;
            for (int i = 0; i < 20; i++)
            {
                send(client, CALL, city.encodeCall(buffer, 0));
            }
            send(client, AVL, city.encodePosition(0, 900, buffer, 0));
            awaitAnswers(client);
            for (long c = firstCall; c < firstCall + 20; c++)
            {
                assertThat(acked.get(c)).as("call " + c + " journaled under the low-water mark").isPositive();
            }
            assertThat(refused.get(correlationId)).as("AVL after the calls").isEqualTo(AckCode.REJECTED_LOW_DISK.value());
            assertThat(avlRefusedAt).isPositive();
            final HttpResponse<String> amlLow = postAml();
            assertThat(amlLow.statusCode()).as("an AML fix under the low-water mark: " + amlLow.body()).isEqualTo(200);
            amlJournaled = Long.parseLong(amlLow.body().trim().substring("journaled ".length()));

            // 3. under the reserve: everything refused, the ballast given up for the records in flight
            fill(filler, store, RESERVE - MB / 2);
            burstUntilRefused(client, city, CALL, AckCode.REJECTED_DISK_FULL);
            assertThat(Files.exists(data.resolve(BeaconNode.DISK_BALLAST))).as("ballast deleted under the reserve").isFalse();
            final HttpResponse<String> amlFull = postAml();
            assertThat(amlFull.statusCode()).as("AML under the reserve: " + amlFull.body()).isEqualTo(503);
            assertThat(amlFull.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(amlFull.body()).contains("REJECTED_DISK_FULL");
            final String sip = inviteFinalResponse();
            assertThat(sip).as("SIP INVITE under the reserve").startsWith("SIP/2.0 503 Service Unavailable (Centre Storage Full)")
                .contains("Retry-After: 30");

            // 4. (nearly) full, another writer took the room: the node must exit non-zero, not live on without ports
            fill(filler, store, finalFree);
            final long filledNs = System.nanoTime();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node exits on a full disk").isTrue();
            System.out.println("node exited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - filledNs) +
                " ms after the disk filled, code " + node.exitValue());
            exitCode = node.exitValue();
            pollAcks(client);
        }
        assertThat(exitCode).as("exit code on a full disk (EX_IOERR)").isEqualTo(74);

        // 5. room made: the restart cuts a torn tail if there is one, journals the repair, and takes calls again
        Files.delete(filler);
        node = startNode(data);
        awaitReady(node);
        try (Aeron aeron = Aeron.connect(clientContext(aeronDir));
            CoreClient client = new CoreClient(aeron, false, clientCtx.coreAddress(), GATEWAY_SOURCE))
        {
            awaitConnected(client);
            final long first = correlationId + 1;
            for (int i = 0; i < 50; i++)
            {
                send(client, CALL, city.encodeCall(buffer, 0));
            }
            awaitAnswers(client);
            for (long c = first; c < first + 50; c++)
            {
                assertThat(acked.get(c)).as("call " + c + " after the restart").isPositive();
            }
        }
        node.destroy();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("clean stop on SIGTERM").isIn(0, 143);

        checkJournal(data);
        final VerifyResult result = ReplayVerifier.verify(data, CenterStateMachine::new);
        assertThat(result.identical()).as(result.summary()).isTrue();
    }

    /** Every Ack names a whole record of this gateway at that sequence; the alarms and any repair are journaled. */
    private void checkJournal(final Path data)
    {
        final Long2LongHashMap journaled = new Long2LongHashMap(-1);
        final Int2IntHashMap levels = new Int2IntHashMap(0);
        int repairs = 0;
        int amlTemplate = -1;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final StorageAlarmDecoder alarm = new StorageAlarmDecoder();
        try (JournalCursor cursor = JournalCursor.open(data.resolve("journal/input"), JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                if (cursor.source() == GATEWAY_SOURCE)
                {
                    journaled.put(cursor.correlationId(), cursor.sequence());
                }
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() == StorageAlarmDecoder.TEMPLATE_ID)
                {
                    alarm.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
                    levels.put(alarm.level().value(), levels.get(alarm.level().value()) + 1);
                }
                if (header.templateId() == JournalRepairedDecoder.TEMPLATE_ID)
                {
                    repairs++;
                }
                if (cursor.sequence() == amlJournaled)
                {
                    amlTemplate = header.templateId();
                }
            }
            assertThat(status).as(String.valueOf(cursor.problem())).isEqualTo(JournalCursor.END);
        }
        acked.forEach((corr, seq) -> assertThat(journaled.get(corr)).as("acked correlation " + corr).isEqualTo(seq));
        refused.forEach((corr, code) -> assertThat(journaled.containsKey(corr)).as("refused correlation " + corr).isFalse());
        assertThat(amlTemplate).as("the AML fix answered 200 journaled " + amlJournaled + " is whole at that sequence")
            .isEqualTo(LocationFixDecoder.TEMPLATE_ID);
        assertThat(levels.get(StorageLevel.LOW.value())).as("a LOW alarm journaled").isPositive();
        assertThat(levels.get(StorageLevel.CRITICAL.value())).as("a CRITICAL alarm journaled").isPositive();
        final boolean cut = nodeOutput.indexOf("cut its torn last record") >= 0;
        System.out.println("torn tail cut at restart: " + cut + "; JournalRepaired records: " + repairs);
        assertThat(repairs > 0).as("a JournalRepaired for every cut").isEqualTo(cut);
    }

    private void send(final CoreClient client, final int kind, final int length)
    {
        final long corr = ++correlationId;
        kinds.put(corr, kind);
        while (client.offer(corr, buffer, 0, length) < 0)
        {
            pollAcks(client);
            LockSupport.parkNanos(50_000);
        }
        pollAcks(client);
    }

    private long burstUntilRefused(final CoreClient client, final SimulatedCity city, final int kind, final AckCode code)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            send(client, kind, kind == AVL ? city.encodePosition(1, 900, buffer, 0) : city.encodeCall(buffer, 0));
            LockSupport.parkNanos(200_000);
            for (long c = correlationId; c > correlationId - 50 && c > 0; c--)
            {
                if (refused.get(c) == code.value())
                {
                    awaitAnswers(client);
                    return c;
                }
            }
        }
        throw new AssertionError("no " + code + " within 60 s; node output:\n" + nodeOutput);
    }

    private void awaitAnswers(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acked.size() + refused.size() < kinds.size() && System.nanoTime() < deadline)
        {
            pollAcks(client);
        }
        assertThat(acked.size() + refused.size()).as("every offer answered").isEqualTo(kinds.size());
    }

    private void pollAcks(final CoreClient client)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        client.poll((seq, ts, b, offset, length) ->
        {
            header.wrap(b, offset);
            if (header.templateId() == AckDecoder.TEMPLATE_ID)
            {
                ack.wrapAndApplyHeader(b, offset, header);
                if (!kinds.containsKey(ack.correlationId()))
                {
                    // egress is shared: the node's own SIP and AML gateways' Acks come here too
                    return;
                }
                if (ack.code() == AckCode.JOURNALED)
                {
                    acked.put(ack.correlationId(), ack.sequence());
                }
                else
                {
                    refused.put(ack.correlationId(), ack.code().value());
                }
            }
        }, 256);
    }

    /** Grows the filler until the filesystem has at most {@code free} bytes usable (0: until it is full). */
    private static void fill(final Path filler, final FileStore store, final long free) throws IOException
    {
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND))
        {
            final ByteBuffer chunk = ByteBuffer.allocate(4096);
            while (store.getUsableSpace() > free)
            {
                chunk.clear();
                try
                {
                    channel.write(chunk);
                }
                catch (final IOException full)
                {
                    return;
                }
            }
        }
    }

    private static void awaitConnected(final CoreClient client)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!client.isConnected())
        {
            assertThat(System.nanoTime()).as("client connects to the node").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private Process startNode(final Path data) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(CenterMain.class.getName());
        command.addAll(List.of("node", "--data", data.toString(), "--aeron-dir", dir.resolve("aeron-node").toString(),
            "--tick-ms", "20", "--snapshot-every", "1000000",
            "--aml-port", Integer.toString(amlPort), "--sip-port", Integer.toString(sipPort), "--sip-bind", "127.0.0.1",
            "--http-port", "-1", "--signal-field", "NONE", "--broadcast", "NONE",
            "--disk-low-water", Long.toString(LOW_WATER), "--disk-reserve", Long.toString(RESERVE), "--disk-ballast", "1m",
            "--disk-floor", Long.toString(floor)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    private void awaitReady(final Process node) throws Exception
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        final Thread pump = new Thread(() ->
        {
            try
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    nodeOutput.append(line).append('\n');
                    if (line.equals("node ready"))
                    {
                        ready.complete(true);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("node exited before it was ready:\n" + nodeOutput));
            }
            catch (final IOException ex)
            {
                ready.completeExceptionally(ex);
            }
        }, "node-output");
        pump.setDaemon(true);
        pump.start();
        ready.get(90, TimeUnit.SECONDS);
    }

    /** Posts an AML SMS fix (positioned now) to the node's AML endpoint. */
    private HttpResponse<String> postAml() throws Exception
    {
        final String top = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        final String head = "A\"ML=1;lt=+10.77250;lg=+106.69800;rd=25;top=" + top +
            ";lc=68;pm=G;si=452041234567890;ei=356708041746734;mcc=452;mnc=04;ml=";
        final int length = head.length() + 3;
        final String sms = head + length;
        assertThat(sms.length()).isEqualTo(length);
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + amlPort + "/aml?from=%2B84901234567"))
            .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(sms)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends an NG112 INVITE over UDP and returns the first final response (or what came, after 15 s). */
    private String inviteFinalResponse() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            final int port = socket.getLocalPort();
            final String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            final String invite = "INVITE urn:service:sos SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKdiskfull1;rport\r\n" +
                "Max-Forwards: 70\r\n" +
                "To: <urn:service:sos>\r\n" +
                "From: \"Caller\" <sip:+84901234567@127.0.0.1>;tag=diskfull\r\n" +
                "Call-ID: diskfull-1@127.0.0.1\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:+84901234567@127.0.0.1:" + port + ">\r\n" +
                "Content-Type: application/sdp\r\n" +
                "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
            final byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            socket.setSoTimeout(15_000);
            final byte[] in = new byte[8192];
            String last = "";
            while (true)
            {
                final DatagramPacket packet = new DatagramPacket(in, in.length);
                try
                {
                    socket.receive(packet);
                }
                catch (final java.net.SocketTimeoutException ex)
                {
                    return last;
                }
                last = new String(in, 0, packet.getLength(), StandardCharsets.UTF_8);
                if (!last.startsWith("SIP/2.0 1"))
                {
                    return last;
                }
            }
        }
    }

    /** A client of the node's driver that outlives it: Aeron's default error handler exits the JVM when the driver goes. */
    private static Aeron.Context clientContext(final String aeronDir)
    {
        return new Aeron.Context().aeronDirectoryName(aeronDir)
            .errorHandler(error -> System.out.println("test client: " + error));
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
