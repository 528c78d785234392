package org.beacon.dispatch.alert.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broadcast gateway against a real in-process node: AlertIssued outputs on egress come back as journaled
 * BroadcastReport inputs; an invalid CAP is reported FAILED with its reason and nothing is broadcast.
 */
class BroadcastGatewayTest
{
    @TempDir
    Path dir;

    /** A decoded BroadcastReport from the journal. */
    record Report(int source, long alertId, int revision, AlertMsgType msgType, BroadcastOutcome outcome, int messageIdInner,
        int messageIdOuter, int serialNumber, long issuedAtNs, long broadcastAtNs, List<Integer> innerCells, List<Integer> outerCells,
        String identifier, String detail)
    {
    }

    private NodeContext nodeContext()
    {
        return new NodeContext().dataDir(dir.resolve("node")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(IssuingStateMachine::new).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static void command(final CoreClient client, final long correlationId, final AlertAction action, final long alertId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final AlertCommandEncoder encoder = new AlertCommandEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .action(action).alertId(alertId).incidentId(1).operatorId(7).revision(1);
        encoder.polygonCount(0);
        assertThat(client.offer(correlationId, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength())).isPositive();
    }

    private List<Report> journaledReports()
    {
        final List<Report> reports = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final BroadcastReportDecoder decoder = new BroadcastReportDecoder();
        try (JournalCursor cursor = JournalCursor.open(nodeContext().inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT))
        {
            int result;
            while ((result = cursor.next()) == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() != BroadcastReportDecoder.TEMPLATE_ID)
                {
                    continue;
                }
                decoder.wrap(cursor.buffer(), cursor.payloadOffset() + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                final List<Integer> inner = new ArrayList<>();
                final List<Integer> outer = new ArrayList<>();
                for (final BroadcastReportDecoder.CellsDecoder cell : decoder.cells())
                {
                    (cell.zone() == AlertZone.INNER ? inner : outer).add(cell.cellId());
                }
                reports.add(new Report(cursor.source(), decoder.alertId(), decoder.revision(), decoder.msgType(), decoder.outcome(),
                    decoder.messageIdInner(), decoder.messageIdOuter(), decoder.serialNumber(), decoder.issuedAtNs(),
                    decoder.broadcastAtNs(), inner, outer, decoder.identifier(), decoder.detail()));
            }
            assertThat(result).as(String.valueOf(cursor.problem())).isEqualTo(JournalCursor.END);
        }
        return reports;
    }

    @Test
    void issuedAlertsComeBackAsJournaledBroadcastReports()
    {
        IssuingStateMachine.REPORTS.set(0);
        final List<BroadcastEvent> events = new CopyOnWriteArrayList<>();
        final Handsets handsets = Handsets.simulated(CellNetworkTest.NETWORK, 20_000, 11);
        try (BeaconNode node = BeaconNode.launch(nodeContext());
            BroadcastGateway gateway = BroadcastGateway.launch(nodeContext().coreAddress(), CellNetworkTest.NETWORK, handsets,
                HandsetDisplay.Policy.GEOFENCED, events::add);
            CoreClient dispatcher = CoreClient.connect(nodeContext().coreAddress(), 99))
        {
            await(() -> gateway.coreConnected() && dispatcher.isConnected(), "the gateway and the dispatcher to reach the core");

            command(dispatcher, 1, AlertAction.APPROVE, 42);
            command(dispatcher, 2, AlertAction.APPROVE, IssuingStateMachine.INVALID);
            command(dispatcher, 3, AlertAction.CANCEL, 42);

            await(() -> IssuingStateMachine.REPORTS.get() == 3, "three broadcast reports journaled");
            await(() -> events.size() == 3, "the listener to hear of three messages");
            assertThat(node.failure()).isNull();
            assertThat(gateway.agent().issuedSeen()).isEqualTo(3);
            assertThat(gateway.agent().failed()).isEqualTo(1);
            assertThat(gateway.agent().reportsOffered()).isEqualTo(3);
            assertThat(gateway.agent().reportsPending()).isZero();
        }

        assertThat(events).hasSize(3);
        final BroadcastEvent alert = events.get(0);
        assertThat(alert.broadcast().outcome()).isEqualTo(BroadcastOutcome.BROADCAST);
        assertThat(alert.delivery().evacuate()).isNotEmpty();
        assertThat(alert.completedNanoTime()).isPositive();
        final BroadcastEvent invalid = events.get(1);
        assertThat(invalid.broadcast().outcome()).isEqualTo(BroadcastOutcome.FAILED);
        assertThat(invalid.delivery().receivers()).isZero();
        assertThat(events.get(2).delivery().allClear()).isNotEmpty();

        final List<Report> reports = journaledReports();
        assertThat(reports).hasSize(3);
        assertThat(reports).allSatisfy(r -> assertThat(r.source()).isEqualTo(BroadcastGateway.SOURCE_ID));
        final Report broadcast = reports.get(0);
        assertThat(broadcast.alertId()).isEqualTo(42);
        assertThat(broadcast.msgType()).isEqualTo(AlertMsgType.ALERT);
        assertThat(broadcast.outcome()).isEqualTo(BroadcastOutcome.BROADCAST);
        assertThat(broadcast.messageIdInner()).isEqualTo(4371);
        assertThat(broadcast.messageIdOuter()).isEqualTo(4375);
        assertThat(SerialNumber.updateNumber(broadcast.serialNumber())).isZero();
        assertThat(broadcast.innerCells()).isNotEmpty();
        assertThat(broadcast.outerCells()).isNotEmpty().doesNotContainAnyElementsOf(broadcast.innerCells());
        assertThat(broadcast.identifier()).isEqualTo("VN-HCM-112-42-1");
        assertThat(broadcast.issuedAtNs()).isPositive();
        assertThat(broadcast.broadcastAtNs()).isGreaterThanOrEqualTo(broadcast.issuedAtNs() - TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(broadcast.detail()).isEmpty();

        final Report failed = reports.get(1);
        assertThat(failed.alertId()).isEqualTo(IssuingStateMachine.INVALID);
        assertThat(failed.outcome()).isEqualTo(BroadcastOutcome.FAILED);
        assertThat(failed.innerCells()).isEmpty();
        assertThat(failed.outerCells()).isEmpty();
        assertThat(failed.broadcastAtNs()).isZero();
        assertThat(failed.detail()).startsWith("invalid CAP: ").contains("is not closed");

        final Report cancelled = reports.get(2);
        assertThat(cancelled.msgType()).isEqualTo(AlertMsgType.CANCEL);
        assertThat(cancelled.outcome()).isEqualTo(BroadcastOutcome.CANCELLED);
        assertThat(SerialNumber.updateNumber(cancelled.serialNumber())).isEqualTo(1);
        assertThat(SerialNumber.messageCode(cancelled.serialNumber())).isEqualTo(SerialNumber.messageCode(broadcast.serialNumber()));
        assertThat(cancelled.identifier()).isEqualTo("VN-HCM-112-42-2");
    }
}
