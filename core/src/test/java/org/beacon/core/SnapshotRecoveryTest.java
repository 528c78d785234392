package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.core.client.CoreClient;
import org.beacon.core.snapshot.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real node over a real data folder whose newest snapshot had a header byte changed on disk: the node passes it
 * over, logs why, and recovers the same state from the journal.
 */
class SnapshotRecoveryTest
{
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger storeLogger = (Logger)LoggerFactory.getLogger(SnapshotStore.class);

    @BeforeEach
    void captureTheStoresLog()
    {
        log.start();
        storeLogger.addAppender(log);
        storeLogger.setLevel(Level.WARN);
    }

    @AfterEach
    void release()
    {
        storeLogger.detachAppender(log);
    }

    private NodeContext context()
    {
        return new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CountingStateMachine::new).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(5));
    }

    @Test
    void aSnapshotWithAChangedHeaderIsSkippedWithALoggedReasonAndTheJournalReplayed() throws Exception
    {
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient client = CoreClient.connect(context().coreAddress(), 7))
        {
            send(client, 40);
        }
        final List<Path> files = new SnapshotStore(context().snapshotDir(), 3).list();
        assertThat(files).as("the node snapshots on close").isNotEmpty();
        final Path newest = files.get(files.size() - 1);
        final SnapshotStore.Snapshot before = SnapshotStore.read(newest);
        assertThat(before.sequence()).isPositive();
        for (final Path older : files.subList(0, files.size() - 1))
        {
            Files.delete(older);
        }

        // the sequence, in the header: a lower one would have made the node re-apply inputs the state already holds
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[8] ^= 0x01;
        Files.write(newest, bytes);

        try (BeaconNode node = BeaconNode.launch(context().snapshotOnClose(false)))
        {
            assertThat(node.failure()).isNull();
            // nothing restored: every input read from the journal's start
            assertThat(node.recovery().inputsRead()).isGreaterThanOrEqualTo(40);
            assertThat(node.recovery().lastSequence()).isEqualTo(before.sequence());
            assertThat(node.recovery().outputSequence()).isEqualTo(before.outputSequence());
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(line -> assertThat(line).contains(newest.getFileName().toString()).contains("skipped: damaged: CRC32C"));
    }

    @Test
    void aRestartReadsOnlyTheJournalAfterItsNewestSnapshot() throws Exception
    {
        try (BeaconNode node = BeaconNode.launch(context());
            CoreClient client = CoreClient.connect(context().coreAddress(), 7))
        {
            send(client, 3_000);
        }
        final long snapshotSequence;
        final long journalEnd;
        try (BeaconNode node = BeaconNode.launch(context().snapshotOnClose(false));
            CoreClient client = CoreClient.connect(context().coreAddress(), 7))
        {
            snapshotSequence = node.recovery().lastSequence();
            send(client, 100);
            // the ticks of a few more seconds: the tail holds seals again
            Thread.sleep(300);
            journalEnd = node.counters().journalForcedSequence.get();
        }
        try (BeaconNode node = BeaconNode.launch(context().snapshotOnClose(false)))
        {
            final long end = node.recovery().lastSequence();
            assertThat(end).isGreaterThanOrEqualTo(journalEnd).isGreaterThan(snapshotSequence + 100);
            // read from the seal before the snapshot's sequence: its tail and at most a block before it, not the 3,000 before
            assertThat(node.recovery().inputsRead()).isLessThan(end - snapshotSequence + 1_000).isLessThan(end / 2);
            // and to the same place a replay from the journal's start reaches
            final org.beacon.core.journal.JournalReplayer.Result full = org.beacon.core.journal.JournalReplayer.replay(
                context().inputJournalDir(), new CountingStateMachine(), 0, 0, (sequence, timestampNs, buffer, offset, length) ->
                sequence <= end, null);
            assertThat(full.lastSequence()).isEqualTo(end);
            assertThat(node.recovery().outputSequence()).isEqualTo(full.outputSequence());
        }
    }

    private static void send(final CoreClient client, final int count)
    {
        BeaconNodeTest.awaitConnected(client);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final OperatorCommandEncoder command = new OperatorCommandEncoder();
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (int i = 1; i <= count; i++)
        {
            command.wrapAndApplyHeader(buffer, 0, headerEncoder).incidentId(i).unitId(i * 10L).operatorId(4);
            assertThat(client.offer(i, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH))
                .isPositive();
        }
        final int[] acks = {0};
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acks[0] < count && System.nanoTime() < deadline)
        {
            client.poll((seq, ts, b, offset, length) ->
            {
                header.wrap(b, offset);
                if (header.templateId() == AckDecoder.TEMPLATE_ID)
                {
                    acks[0]++;
                }
            }, 100);
        }
        assertThat(acks[0]).isEqualTo(count);
    }
}
