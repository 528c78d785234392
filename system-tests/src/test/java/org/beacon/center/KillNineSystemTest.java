package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.core.snapshot.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a real process, fed over Aeron UDP from this JVM, killed with SIGKILL in the middle of
 * the stream and started again: every acknowledged event must be in the journal with the sequence
 * its Ack named, the restarted node must carry on from the recovered state, and that state must
 * equal a clean replay of the whole journal.
 */
class KillNineSystemTest
{
    private static final int GATEWAY_SOURCE = 5;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final StringBuffer nodeOutput = new StringBuffer();
    private MediaDriver driver;

    @AfterEach
    void tearDown()
    {
        processes.forEach(Process::destroyForcibly);
        System.out.println("---- node output ----\n" + nodeOutput);
        CloseHelper.quietClose(driver);
    }

    @Test
    void everyAcknowledgedEventSurvivesKillNineAndRecoveryEqualsCleanReplay() throws Exception
    {
        final Path data = dir.resolve("data");
        final String ingress = "aeron:udp?endpoint=localhost:" + freeUdpPort();
        final String egress = "aeron:udp?endpoint=localhost:" + freeUdpPort();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron-test").toString())
            .dirDeleteOnStart(true)
            .threadingMode(ThreadingMode.SHARED)
            .publicationTermBufferLength(4 * 1024 * 1024));
        final NodeContext clientCtx = new NodeContext().dataDir(data).aeronDir(driver.aeronDirectoryName())
            .ingressChannel(ingress).egressChannel(egress).stateMachineSupplier(CenterStateMachine::new);

        final Long2LongHashMap acked = new Long2LongHashMap(-1);
        final SimulatedCity city = new SimulatedCity(9, 200);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        long correlationId = 0;
        Process node = startNodeAndWait(data, ingress, egress);
        final long firstRecovered;
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            CoreClient client = new CoreClient(aeron, false, clientCtx.coreAddress(), GATEWAY_SOURCE))
        {
            awaitConnected(client);
            for (int i = 0; i < city.unitCount(); i++)
            {
                assertThat(client.offer(++correlationId, buffer, 0, city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0)))
                    .isPositive();
            }
            // stream until well over a thousand events are acknowledged, then kill -9 mid-stream
            while (acked.size() < 1500)
            {
                if (client.offer(++correlationId, buffer, 0, city.encodeNext(buffer, 0)) < 0)
                {
                    correlationId--;
                }
                pollAcks(client, acked);
            }
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(node.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            final long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < drainUntil)
            {
                pollAcks(client, acked);
            }
            final long ackedBeforeKill = acked.size();

            node = startNode(data, ingress, egress);
            firstRecovered = recoveredInputs(node);
            awaitConnected(client);
            final int more = 500;
            final long target = ackedBeforeKill + more;
            final long sendDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // offers made before the client notices the old node is gone are lost unacknowledged, as a
            // gateway would see them; it keeps offering until the new node acknowledges enough
            while (acked.size() < target && System.nanoTime() < sendDeadline)
            {
                client.offer(++correlationId, buffer, 0, city.encodeCall(buffer, 0));
                pollAcks(client, acked);
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            assertThat((long)acked.size()).as("events after restart acknowledged").isGreaterThanOrEqualTo(target);
        }
        node.destroy();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("clean stop on SIGTERM").isIn(0, 143);

        // 1. every acknowledged event is in the journal, at the sequence its Ack named, from this gateway
        final Long2LongHashMap journaled = new Long2LongHashMap(-1);
        long lastSequence = 0;
        try (JournalCursor cursor = JournalCursor.open(data.resolve("journal/input"), JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                if (cursor.source() == GATEWAY_SOURCE)
                {
                    journaled.put(cursor.correlationId(), cursor.sequence());
                }
                lastSequence = cursor.sequence();
            }
            assertThat(status).as(String.valueOf(cursor.problem())).isEqualTo(JournalCursor.END);
            assertThat(cursor.unsealedRecords()).as("clean stop seals the journal").isZero();
        }
        assertThat(firstRecovered).isGreaterThan(0);
        acked.forEach((corr, seq) -> assertThat(journaled.get(corr)).as("acked correlation " + corr).isEqualTo(seq));

        // 2. a clean replay reproduces the recorded output journal, byte for byte
        final CenterStateMachine clean = new CenterStateMachine();
        final List<String> differences = new ArrayList<>();
        try (JournalCursor outputs = JournalCursor.open(data.resolve("journal/output"), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            final JournalReplayer.Result result = JournalReplayer.replay(data.resolve("journal/input"), clean, 0, 0, null,
                (outSeq, inSeq, ts, b, offset, length) ->
                {
                    if (outputs.next() != JournalCursor.RECORD || outputs.sequence() != outSeq ||
                        outputs.correlationId() != inSeq || outputs.payloadLength() != length ||
                        !equalBytes(outputs.buffer(), outputs.payloadOffset(), b, offset, length))
                    {
                        differences.add("output " + outSeq + " from input " + inSeq);
                    }
                });
            assertThat(result.status()).isEqualTo(JournalReplayer.END);
            assertThat(result.lastSequence()).isEqualTo(lastSequence);
            assertThat(outputs.next()).as("no extra recorded outputs").isEqualTo(JournalCursor.END);
        }
        assertThat(differences).isEmpty();

        // 3. the state the restarted node ended with (its close-time snapshot) equals the clean replay's
        final SnapshotStore.Snapshot last = new SnapshotStore(data.resolve("snapshots"), 3).latest(Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(last).isNotNull();
        assertThat(last.sequence()).isEqualTo(lastSequence);
        final ExpandableArrayBuffer cleanState = new ExpandableArrayBuffer();
        final int cleanLength = clean.snapshot(cleanState, 0);
        assertThat(cleanLength).isEqualTo(last.state().capacity());
        assertThat(equalBytes(cleanState, 0, last.state(), 0, cleanLength)).as("recovered state equals clean replay").isTrue();
    }

    private static boolean equalBytes(
        final org.agrona.DirectBuffer a, final int aOffset, final org.agrona.DirectBuffer b, final int bOffset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static void pollAcks(final CoreClient client, final Long2LongHashMap acked)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        client.poll((seq, ts, b, offset, length) ->
        {
            header.wrap(b, offset);
            if (header.templateId() == AckDecoder.TEMPLATE_ID)
            {
                ack.wrapAndApplyHeader(b, offset, header);
                if (ack.sequence() > 0)
                {
                    acked.put(ack.correlationId(), ack.sequence());
                }
            }
        }, 256);
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

    private Process startNode(final Path data, final String ingress, final String egress) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(CenterMain.class.getName());
        command.addAll(List.of("node", "--data", data.toString(), "--aeron-dir", data.getParent().resolve("aeron-node").toString(),
            "--ingress-channel", ingress, "--egress-channel", egress, "--tick-ms", "20", "--snapshot-every", "700", "--aml-port", "-1", "--sip-port", "-1",
            "--http-port", "-1", "--signal-field", "NONE", "--broadcast", "NONE"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    private long recoveredInputs(final Process node) throws Exception
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        final CompletableFuture<Long> recovered = new CompletableFuture<>();
        final Thread pump = new Thread(() ->
        {
            try
            {
                String line;
                long inputs = -1;
                while ((line = reader.readLine()) != null)
                {
                    nodeOutput.append(line).append('\n');
                    if (line.startsWith("recovered: "))
                    {
                        inputs = Long.parseLong(line.substring("recovered: ".length(), line.indexOf(' ', 11)));
                    }
                    if (line.equals("node ready"))
                    {
                        recovered.complete(inputs);
                    }
                }
                recovered.completeExceptionally(new IllegalStateException("node exited before it was ready"));
            }
            catch (final IOException ex)
            {
                recovered.completeExceptionally(ex);
            }
        }, "node-output");
        pump.setDaemon(true);
        pump.start();
        return recovered.get(90, TimeUnit.SECONDS);
    }

    private Process startNodeAndWait(final Path data, final String ingress, final String egress) throws Exception
    {
        final Process process = startNode(data, ingress, egress);
        recoveredInputs(process);
        return process;
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
