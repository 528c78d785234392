package org.beacon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.EgressFrameDescriptor;
import org.beacon.core.IngressFrameDescriptor;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.VerifyResult;
import org.beacon.replay.compare.JournalCompare;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cluster members as separate processes on loopback UDP, each with its own media driver, archive and folder; a
 * client offering events open loop at a fixed rate through {@link AeronCluster}; {@code kill -9} of the leader in the
 * middle of the stream. The client offers again whatever had no Ack when the new leader shows itself. Then on each
 * survivor: every acknowledged correlation id is in the input journal exactly once, at the sequence its Ack named;
 * {@code replay verify} finds the journals consistent; and the survivors' journals are identical record for record and
 * seal for seal ({@code replay compare}).
 */
class ClusterFailoverSystemTest
{
    private static final int SOURCE = 7;
    private static final int MEMBERS = 3;
    private static final long RATE_PER_SECOND = 500;
    private static final long STREAM_BEFORE_KILL_NS = TimeUnit.SECONDS.toNanos(4);
    private static final long STREAM_AFTER_KILL_NS = TimeUnit.SECONDS.toNanos(5);

    @TempDir
    Path dir;

    private final List<Process> members = new ArrayList<>();
    private MediaDriver clientDriver;
    private AeronCluster client;

    @AfterEach
    void tearDown() throws IOException
    {
        CloseHelper.quietClose(client);
        CloseHelper.quietClose(clientDriver);
        members.forEach(Process::destroyForcibly);
        for (int i = 0; i < MEMBERS; i++)
        {
            final Path log = dir.resolve("member-" + i + ".log");
            if (Files.exists(log))
            {
                final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("---- member " + i + " (last lines) ----");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            }
        }
    }

    @Test
    void killingTheLeaderLosesNothingAcknowledgedAndTheSurvivorsJournalsAreIdentical() throws Exception
    {
        final int basePort = freeBasePort();
        final Path data = dir.resolve("data");
        for (int i = 0; i < MEMBERS; i++)
        {
            members.add(startMember(i, basePort, data));
        }
        clientDriver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron-client").toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 500_000))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1024 * 1024));
        final Acks acks = new Acks();
        awaitStarted();
        final long connectStart = System.nanoTime();
        client = connect(basePort, acks);
        System.out.printf("connected to leader %d after %.1f s%n", client.leaderMemberId(),
            (System.nanoTime() - connectStart) / 1e9);

        final SimulatedCity city = new SimulatedCity(17, 100);
        final Stream stream = new Stream(city);
        for (int i = 0; i < city.unitCount(); i++)
        {
            stream.add(i);
        }
        final long start = System.nanoTime();
        stream.run(acks, start, start + STREAM_BEFORE_KILL_NS);
        // the leader the client names is the live one only while its Acks arrive (a loaded machine can cause an election)
        final long steadyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - acks.lastAckNs > TimeUnit.MILLISECONDS.toNanos(50) && System.nanoTime() < steadyDeadline)
        {
            stream.run(acks, System.nanoTime(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
        }
        final int leader = client.leaderMemberId();
        final long ackedBeforeKill = acks.acked.size();
        final long killNs = System.nanoTime();
        members.get(leader).destroyForcibly();
        assertThat(members.get(leader).waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(members.get(leader).exitValue()).as("the leader killed by SIGKILL").isEqualTo(137);
        acks.killNs = killNs;
        stream.run(acks, System.nanoTime(), System.nanoTime() + STREAM_AFTER_KILL_NS);
        stream.drain(acks, System.nanoTime() + TimeUnit.SECONDS.toNanos(15));

        final long failoverNs = acks.firstAckAfterNewLeaderNs - killNs;
        System.out.printf("killed leader %d after %d acks; new leader %d seen after %.1f ms, first Ack from it %.1f ms after " +
            "the kill; %d acked, %d offered again, %d refused%n", leader, ackedBeforeKill, client.leaderMemberId(),
            (acks.newLeaderNs - killNs) / 1e6, failoverNs / 1e6, acks.acked.size(), stream.resent, acks.refused);
        assertThat(acks.refused).as("refused offers").isZero();
        assertThat(acks.newLeaderNs).as("the client saw a new leader").isGreaterThan(killNs);
        assertThat(acks.acked.size()).as("acknowledged events").isGreaterThan((int)ackedBeforeKill + 100);
        assertThat(stream.inFlight).as("offers never acknowledged").isEmpty();
        client.close();

        final List<Path> survivors = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++)
        {
            if (i != leader)
            {
                members.get(i).destroy();
                assertThat(members.get(i).waitFor(30, TimeUnit.SECONDS)).isTrue();
                survivors.add(data.resolve("member-" + i));
            }
        }
        for (final Path survivor : survivors)
        {
            assertJournaledOnce(survivor, acks.acked);
            final VerifyResult verified = ReplayVerifier.verify(survivor, CenterStateMachine::new);
            assertThat(verified.identical()).as("replay verify " + survivor + ": " + verified).isTrue();
        }
        final List<String> names = survivors.stream().map(Path::toString).toList();
        final JournalCompare.Result inputs = JournalCompare.compare(survivors.stream().map(ReplayVerifier::inputJournalDir).toList(),
            names, JournalRecordDescriptor.TYPE_INPUT);
        final JournalCompare.Result outputs = JournalCompare.compare(
            survivors.stream().map(ReplayVerifier::outputJournalDir).toList(), names, JournalRecordDescriptor.TYPE_OUTPUT);
        System.out.println("compare: inputs " + inputs + ", outputs " + outputs);
        assertThat(inputs.identical()).as("input journals: " + inputs.difference()).isTrue();
        assertThat(outputs.identical()).as("output journals: " + outputs.difference()).isTrue();
        assertThat(inputs.records()).as("inputs compared").isGreaterThanOrEqualTo(acks.acked.size());
        assertThat(inputs.seals()).as("seals compared").isPositive();
    }

    private AeronCluster connect(final int basePort, final Acks acks)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                return AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(clientDriver.aeronDirectoryName())
                    .ingressChannel("aeron:udp")
                    .ingressEndpoints(ClusterMember.Settings.ingressEndpoints(new String[] {"localhost", "localhost", "localhost"},
                        basePort))
                    .egressChannel("aeron:udp?endpoint=localhost:0")
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                    .egressListener(acks));
            }
            catch (final io.aeron.exceptions.TimeoutException ex)
            {
                // the members are still electing (their JVMs start slowly on a shared machine)
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
            }
        }
    }

    /** Waits until every member's process has started its cluster node. */
    private void awaitStarted() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int i = 0; i < MEMBERS; i++)
        {
            final Path log = dir.resolve("member-" + i + ".log");
            while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("member " + i + " started")))
            {
                assertThat(members.get(i).isAlive()).as("member " + i + " alive").isTrue();
                assertThat(System.nanoTime()).as("member " + i + " started in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** Every acknowledged correlation id of the source is in the input journal once, at the sequence its Ack named. */
    private static void assertJournaledOnce(final Path member, final Long2LongHashMap acked)
    {
        final Long2LongHashMap journaled = new Long2LongHashMap(-1);
        long repeats = 0;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.inputJournalDir(member), JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                if (cursor.source() == SOURCE && journaled.put(cursor.correlationId(), cursor.sequence()) != -1)
                {
                    repeats++;
                }
            }
            assertThat(status).as(member + " journal ends cleanly: " + cursor.problem()).isEqualTo(JournalCursor.END);
        }
        assertThat(repeats).as(member + ": correlation ids journaled twice").isZero();
        final Long2LongHashMap.KeyIterator ids = acked.keySet().iterator();
        while (ids.hasNext())
        {
            final long id = ids.nextValue();
            assertThat(journaled.get(id)).as(member + ": acknowledged " + id).isEqualTo(acked.get(id));
        }
    }

    /** The client's side: Acks by correlation id and when the new leader and its first Ack came. */
    private static final class Acks implements EgressListener
    {
        final Long2LongHashMap acked = new Long2LongHashMap(-1);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder ack = new AckDecoder();
        long refused;
        long killNs = Long.MAX_VALUE;
        long newLeaderNs;
        long lastAckNs;
        long firstAckAfterNewLeaderNs;
        boolean leaderChanged;

        @Override
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header h)
        {
            header.wrap(buffer, offset + EgressFrameDescriptor.HEADER_LENGTH);
            if (header.templateId() != AckDecoder.TEMPLATE_ID)
            {
                return;
            }
            ack.wrap(buffer, offset + EgressFrameDescriptor.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version());
            if (ack.code() != AckCode.JOURNALED)
            {
                refused++;
                return;
            }
            acked.put(ack.correlationId(), ack.sequence());
            lastAckNs = System.nanoTime();
            if (leaderChanged && 0 == firstAckAfterNewLeaderNs)
            {
                firstAckAfterNewLeaderNs = System.nanoTime();
            }
        }

        @Override
        public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
            final String ingressEndpoints)
        {
            if (System.nanoTime() > killNs && !leaderChanged)
            {
                newLeaderNs = System.nanoTime();
                leaderChanged = true;
            }
            resendAll = true;
        }

        boolean resendAll;
    }

    /** The gateway's side: frames made at a fixed rate, offered in order, kept until acknowledged. */
    private final class Stream
    {
        final SimulatedCity city;
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
        final ArrayDeque<Long> toSend = new ArrayDeque<>();
        final TreeMap<Long, byte[]> frames = new TreeMap<>();
        final TreeMap<Long, Long> inFlight = new TreeMap<>();
        long correlationId;
        long resent;

        Stream(final SimulatedCity city)
        {
            this.city = city;
        }

        void add(final int unitIndex)
        {
            final int length = city.encodeStatus(unitIndex, UnitStatusCode.AVAILABLE, frame, IngressFrameDescriptor.HEADER_LENGTH);
            keep(length);
        }

        private void keep(final int sbeLength)
        {
            final long id = ++correlationId;
            frame.putLong(IngressFrameDescriptor.CORRELATION_ID_OFFSET, id);
            frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET, SOURCE);
            frame.putInt(IngressFrameDescriptor.SOURCE_OFFSET + Integer.BYTES, 0);
            final byte[] bytes = new byte[IngressFrameDescriptor.HEADER_LENGTH + sbeLength];
            frame.getBytes(0, bytes);
            frames.put(id, bytes);
            toSend.add(id);
        }

        /** Open loop: one new event every 1/RATE s whether or not the cluster keeps up. */
        void run(final Acks acks, final long from, final long until)
        {
            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
            long next = from;
            while (System.nanoTime() < until)
            {
                while (System.nanoTime() >= next)
                {
                    keep(city.encodeNext(frame, IngressFrameDescriptor.HEADER_LENGTH));
                    next += intervalNs;
                }
                offerAndPoll(acks);
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }

        /** Offers what is left until everything is acknowledged or the deadline passes. */
        void drain(final Acks acks, final long deadline)
        {
            long resendAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while ((!inFlight.isEmpty() || !toSend.isEmpty()) && System.nanoTime() < deadline)
            {
                if (System.nanoTime() > resendAt)
                {
                    acks.resendAll = true;
                    resendAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
                offerAndPoll(acks);
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }

        private void offerAndPoll(final Acks acks)
        {
            client.pollEgress();
            for (final Map.Entry<Long, Long> e : new ArrayList<>(inFlight.entrySet()))
            {
                if (acks.acked.containsKey(e.getKey()))
                {
                    inFlight.remove(e.getKey());
                }
            }
            if (acks.resendAll)
            {
                acks.resendAll = false;
                // offered but not acknowledged: the old leader may or may not have committed them; offer again, in order
                final ArrayDeque<Long> again = new ArrayDeque<>(inFlight.keySet());
                resent += again.size();
                inFlight.clear();
                again.addAll(toSend);
                toSend.clear();
                toSend.addAll(again);
            }
            while (!toSend.isEmpty())
            {
                final long id = toSend.peekFirst();
                final byte[] bytes = frames.get(id);
                final long result = client.offer(new UnsafeBuffer(bytes), 0, bytes.length);
                if (result < 0)
                {
                    break;
                }
                toSend.pollFirst();
                inFlight.put(id, System.nanoTime());
            }
            client.pollEgress();
        }
    }

    private Process startMember(final int member, final int basePort, final Path data) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=" + logbackConfig()));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(ClusterMember.class.getName());
        command.addAll(List.of("--member", Integer.toString(member), "--members", Integer.toString(MEMBERS),
            "--data", data.toString(), "--base-port", Integer.toString(basePort), "--tick-ms", "100",
            "--state-machine", CenterStateMachine.class.getName()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("member-" + member + ".log").toFile()).start();
        return process;
    }

    /** A logback configuration showing the cluster host's own lines (role changes, snapshots) in the member's log. */
    private String logbackConfig() throws IOException
    {
        final Path file = dir.resolve("logback-member.xml");
        if (!Files.exists(file))
        {
            Files.writeString(file, "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">" +
                "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>" +
                "<logger name=\"org.beacon.cluster\" level=\"INFO\"/><root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>" +
                "</configuration>");
        }
        return file.toString();
    }

    /** A base port whose members' ports are all free on loopback now. */
    private static int freeBasePort() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 21000 + 10 * ThreadLocalRandom.current().nextInt(1000);
            if (allFree(base))
            {
                return base;
            }
        }
        throw new IOException("no free range of " + MEMBERS * ClusterMember.PORTS_PER_MEMBER + " UDP ports found");
    }

    private static boolean allFree(final int base)
    {
        for (int port = base; port < base + MEMBERS * ClusterMember.PORTS_PER_MEMBER; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("localhost", port)))
            {
                socket.getLocalPort();
            }
            catch (final IOException ex)
            {
                return false;
            }
        }
        return true;
    }
}
