package org.beacon.cluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckEncoder;
import org.beacon.codecs.JournalRepairedEncoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.StorageAlarmEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.core.EgressFrameDescriptor;
import org.beacon.core.EventFailures;
import org.beacon.core.IngressFrameDescriptor;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts a {@link StateMachine} as an Aeron Cluster service. Every member runs one, applying the committed log in the
 * same order, so every member writes the same input and output journals (today's format, hash-chained and sealed) and
 * {@code beacon replay verify} works on any member's folder.
 *
 * <ul>
 * <li>A session message carries an ingress frame ({@link IngressFrameDescriptor}: correlation id, source, SBE input).
 * It is checked as the single node's sequencer checks it (a refused one gets an Ack with its reason and is not
 * journaled), given the next input sequence and the log's timestamp (the leader's clock as the log recorded it, in
 * nanoseconds; never decreasing), journaled, applied, its outputs journaled, and the Ack is sent on the client's
 * egress in the node's egress frame ({@link EgressFrameDescriptor}). Only the leader's replies leave the member.</li>
 * <li>A repeat of a (source, correlation id) already applied is not applied again: the client gets the first Ack
 * again ({@link DuplicateFilter}).</li>
 * <li>The {@code Tick} is a cluster timer: its event is in the log, so every member journals the same ticks. Blocks
 * are sealed every {@link #SEAL_EVERY_TICKS} ticks and every {@code maxBlockRecords} records, never on a clock or a
 * stop, so the members' journals are equal seal for seal.</li>
 * <li>Snapshots are the cluster's: the journal sequences, the tick count, the duplicate filter and the state machine's
 * own snapshot bytes. The journals are forced before a snapshot is written, so a member's journals always reach its
 * newest snapshot.</li>
 * </ul>
 *
 * <p>After a restart the cluster replays the log from the snapshot; the inputs and outputs that the member's journals
 * already hold are applied without being appended again.
 */
public final class StateMachineService implements ClusteredService
{
    /** Ticks between seals, as on the single node. */
    public static final int SEAL_EVERY_TICKS = 10;
    /** The timer that produces the Tick. */
    static final long TICK_TIMER = 1;
    static final int SNAPSHOT_MAGIC = 0x42434C53;
    static final int SNAPSHOT_VERSION = 1;
    static final int SNAPSHOT_HEADER_LENGTH = 2 * Integer.BYTES + 4 * Long.BYTES + 4 * Integer.BYTES + Long.BYTES;
    static final int MAX_INPUT_TEMPLATE_ID = 99;
    static final int FIRST_DOMAIN_TEMPLATE_ID = 200;
    static final int LAST_DOMAIN_TEMPLATE_ID = 1000;
    static final int DOMAIN_RANGE = 100;
    static final int DOMAIN_INPUTS_PER_RANGE = 50;
    private static final int OFFER_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(StateMachineService.class);

    private final Path inputJournalDir;
    private final Path outputJournalDir;
    private final Supplier<? extends StateMachine> stateMachineSupplier;
    private final long tickIntervalNs;
    private final int maxPayloadLength;
    private final int maxBlockRecords;
    private final ServiceCounters counters = new ServiceCounters();
    private final DuplicateFilter duplicates = new DuplicateFilter();
    private final MessageView view = new MessageView();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TickEncoder tickEncoder = new TickEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final UnsafeBuffer record;
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[EgressFrameDescriptor.HEADER_LENGTH + 64]);
    private final UnsafeBuffer failureBuffer = new UnsafeBuffer(new byte[1024]);
    private final ExpandableArrayBuffer outputs = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final OutputSink sink = this::collect;
    private Cluster cluster;
    private StateMachine stateMachine;
    private JournalWriter input;
    private JournalWriter output;
    private int outputsLength;
    private long lastSequence;
    private long lastTimestampNs;
    private long outputSequence;
    private long tickNumber;
    private boolean tickScheduled;
    private long tickDeadline;

    /**
     * @param inputJournalDir      the member's input journal.
     * @param outputJournalDir     the member's output journal.
     * @param stateMachineSupplier a fresh state machine.
     * @param tickIntervalNs       time between ticks.
     * @param maxPayloadLength     the largest SBE input taken.
     * @param maxBlockRecords      records after which a journal block is sealed.
     */
    public StateMachineService(
        final Path inputJournalDir,
        final Path outputJournalDir,
        final Supplier<? extends StateMachine> stateMachineSupplier,
        final long tickIntervalNs,
        final int maxPayloadLength,
        final int maxBlockRecords)
    {
        this.inputJournalDir = inputJournalDir;
        this.outputJournalDir = outputJournalDir;
        this.stateMachineSupplier = stateMachineSupplier;
        this.tickIntervalNs = tickIntervalNs;
        this.maxPayloadLength = maxPayloadLength;
        this.maxBlockRecords = maxBlockRecords;
        this.record = new UnsafeBuffer(new byte[JournalRecordDescriptor.HEADER_LENGTH + maxPayloadLength]);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        stateMachine = stateMachineSupplier.get();
        input = JournalWriter.open(inputJournalDir, JournalRecordDescriptor.TYPE_INPUT, maxBlockRecords);
        output = JournalWriter.open(outputJournalDir, JournalRecordDescriptor.TYPE_OUTPUT, maxBlockRecords);
        if (null != snapshotImage)
        {
            restore(SnapshotImages.read(snapshotImage, cluster.idleStrategy()));
        }
        if (input.lastSequence() < lastSequence || output.lastSequence() < outputSequence)
        {
            throw new IllegalStateException("the journals (input " + input.lastSequence() + ", output " + output.lastSequence() +
                ") end before the cluster snapshot (input " + lastSequence + ", output " + outputSequence + ") of member " +
                cluster.memberId() + ": they cannot be completed from the log");
        }
        LOG.info("{}: starts at input {} (journaled {}), output {} (journaled {}), tick {}", inputJournalDir,
            lastSequence, input.lastSequence(), outputSequence, output.lastSequence(), tickNumber);
    }

    /**
     * The first term's start, an event of the log, schedules the first tick (the cluster's time unit is known only from
     * here); each tick schedules the next. A timer is in the consensus module's snapshot, so a member restored from a
     * snapshot has it already, and one replaying the whole log schedules it again at the same place in the log.
     */
    @Override
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        if (!tickScheduled)
        {
            tickScheduled = true;
            tickDeadline = timestamp + timeUnit.convert(tickIntervalNs, TimeUnit.NANOSECONDS);
            cluster.scheduleTimer(TICK_TIMER, tickDeadline);
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        LOG.info("client session {} opened", session.id());
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        LOG.info("client session {} closed: {}", session.id(), closeReason);
    }

    @Override
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final long timestampNs = stamp(timestamp);
        final long correlationId = length >= IngressFrameDescriptor.HEADER_LENGTH ?
            buffer.getLong(offset + IngressFrameDescriptor.CORRELATION_ID_OFFSET) : -1;
        final int code = check(buffer, offset, length);
        if (code != AckCode.JOURNALED.value())
        {
            counters.rejected++;
            replyAck(session, correlationId, -1, timestampNs, code);
            return;
        }
        final int source = buffer.getInt(offset + IngressFrameDescriptor.SOURCE_OFFSET);
        final long appliedAt = duplicates.appliedAt(source, correlationId);
        if (appliedAt != DuplicateFilter.NOT_APPLIED)
        {
            counters.duplicates++;
            replyAck(session, correlationId, appliedAt, timestampNs, AckCode.JOURNALED.value());
            return;
        }
        final int payloadLength = length - IngressFrameDescriptor.HEADER_LENGTH;
        record.putBytes(JournalRecordDescriptor.HEADER_LENGTH, buffer, offset + IngressFrameDescriptor.HEADER_LENGTH, payloadLength);
        final long sequence = lastSequence + 1;
        apply(sequence, timestampNs, correlationId, source, payloadLength, false);
        duplicates.applied(source, correlationId, sequence);
        replyAck(session, correlationId, sequence, timestampNs, AckCode.JOURNALED.value());
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (TICK_TIMER != correlationId)
        {
            return;
        }
        final long timestampNs = stamp(timestamp);
        tickNumber++;
        tickEncoder.wrapAndApplyHeader(record, JournalRecordDescriptor.HEADER_LENGTH, headerEncoder).tickNumber(tickNumber);
        apply(lastSequence + 1, timestampNs, 0, 0, MessageHeaderEncoder.ENCODED_LENGTH + TickEncoder.BLOCK_LENGTH,
            tickNumber % SEAL_EVERY_TICKS == 0);
        // the next deadline follows the previous one, not this firing (which comes late by a commit's round trip), and
        // is never in the past, as the single node's ticker: a fixed rate with no burst after a pause
        tickDeadline = Math.max(tickDeadline + clusterTime(tickIntervalNs), timestamp);
        cluster.scheduleTimer(TICK_TIMER, tickDeadline);
    }

    /**
     * Journals one input (unless the journal holds it already), applies it, journals its outputs and seals when told.
     * Its payload is at {@link JournalRecordDescriptor#HEADER_LENGTH} in {@link #record}.
     */
    private void apply(
        final long sequence,
        final long timestampNs,
        final long correlationId,
        final int source,
        final int payloadLength,
        final boolean sealAfter)
    {
        if (sequence > input.lastSequence())
        {
            input.appendInPlace(record, 0, payloadLength, sequence, timestampNs, correlationId, source);
        }
        if (sealAfter && sequence == input.lastSequence())
        {
            // a no-op when the journal already holds this seal (a replay after a restart)
            input.seal(timestampNs);
        }
        outputsLength = 0;
        final long firstOutput = outputSequence + 1;
        try
        {
            stateMachine.onEvent(sequence, timestampNs, record, JournalRecordDescriptor.HEADER_LENGTH, payloadLength, sink);
        }
        catch (final Throwable ex)
        {
            if (!EventFailures.isPoison(ex))
            {
                throw ex;
            }
            LOG.error("event {} failed in the state machine; journaled as EventFailed, the member goes on", sequence, ex);
            outputsLength = 0;
            final int length = EventFailures.encode(failureBuffer, 0, sequence, record, JournalRecordDescriptor.HEADER_LENGTH,
                payloadLength, 0, ex);
            collect(failureBuffer, 0, length);
        }
        long outputSeq = firstOutput;
        for (int at = 0; at < outputsLength; )
        {
            final int length = outputs.getInt(at);
            if (outputSeq > output.lastSequence())
            {
                output.append(outputSeq, timestampNs, sequence, 0, outputs, at + Integer.BYTES, length);
            }
            outputSeq++;
            at += Integer.BYTES + length;
        }
        outputSequence = outputSeq - 1;
        if (sealAfter && outputSequence == output.lastSequence())
        {
            output.seal(timestampNs);
        }
        lastSequence = sequence;
        counters.applied++;
    }

    private void collect(final DirectBuffer buffer, final int offset, final int length)
    {
        final int at = outputsLength;
        outputs.putInt(at, length);
        outputs.putBytes(at + Integer.BYTES, buffer, offset, length);
        outputsLength = at + Integer.BYTES + length;
    }

    /** The single node's sequencer checks, but for the disk guard (a member's free space is not in the log). */
    private int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < IngressFrameDescriptor.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH ||
            buffer.getInt(offset + IngressFrameDescriptor.SOURCE_OFFSET) <= 0)
        {
            return AckCode.REJECTED_MALFORMED.value();
        }
        final int payloadLength = length - IngressFrameDescriptor.HEADER_LENGTH;
        if (payloadLength > maxPayloadLength)
        {
            return AckCode.REJECTED_TOO_LARGE.value();
        }
        final int templateId = view.inspect(buffer, offset + IngressFrameDescriptor.HEADER_LENGTH, payloadLength);
        if (MessageView.NOT_A_MESSAGE == templateId || view.version() > MessageHeaderDecoder.SCHEMA_VERSION ||
            !isInputTemplate(templateId) || templateId == TickEncoder.TEMPLATE_ID ||
            templateId == JournalRepairedEncoder.TEMPLATE_ID || templateId == StorageAlarmEncoder.TEMPLATE_ID)
        {
            return AckCode.REJECTED_UNKNOWN_TEMPLATE.value();
        }
        if (!view.blockFits() || !duplicates.hasRoomFor(buffer.getInt(offset + IngressFrameDescriptor.SOURCE_OFFSET)))
        {
            return AckCode.REJECTED_MALFORMED.value();
        }
        return AckCode.JOURNALED.value();
    }

    /** Input template ids as the schema numbers them (the single node's rule): 1..99 and the first fifty of each domain range. */
    static boolean isInputTemplate(final int templateId)
    {
        if (templateId >= 1 && templateId <= MAX_INPUT_TEMPLATE_ID)
        {
            return true;
        }
        return templateId >= FIRST_DOMAIN_TEMPLATE_ID && templateId < LAST_DOMAIN_TEMPLATE_ID &&
            templateId % DOMAIN_RANGE < DOMAIN_INPUTS_PER_RANGE;
    }

    private void replyAck(final ClientSession session, final long correlationId, final long sequence, final long timestampNs,
        final int code)
    {
        reply.putLong(EgressFrameDescriptor.INPUT_SEQUENCE_OFFSET, sequence);
        reply.putLong(EgressFrameDescriptor.TIMESTAMP_OFFSET, timestampNs);
        ackEncoder.wrapAndApplyHeader(reply, EgressFrameDescriptor.HEADER_LENGTH, headerEncoder)
            .correlationId(correlationId)
            .sequence(sequence)
            .code(AckCode.get((short)code));
        final int length = EgressFrameDescriptor.HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH;
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
        {
            final long result = session.offer(reply, 0, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER)
            {
                return;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                break;
            }
            cluster.idleStrategy().idle();
        }
        // the event is committed and journaled; the client offers it again and gets this Ack from the duplicate filter
        counters.acksNotSent++;
    }

    /** The log's timestamp in nanoseconds, never before the previous one (a new leader's clock may be behind). */
    private long stamp(final long clusterTimestamp)
    {
        final long ns = cluster.timeUnit().toNanos(clusterTimestamp);
        if (ns > lastTimestampNs)
        {
            lastTimestampNs = ns;
        }
        return lastTimestampNs;
    }

    private long clusterTime(final long ns)
    {
        return cluster.timeUnit().convert(ns, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        // the journals reach the snapshot's sequences on disk before the snapshot exists
        input.force();
        output.force();
        int at = SNAPSHOT_HEADER_LENGTH;
        final int filterLength = duplicates.snapshot(snapshotBuffer, at);
        at += filterLength;
        final int stateLength = stateMachine.snapshot(snapshotBuffer, at);
        snapshotBuffer.putInt(0, SNAPSHOT_MAGIC);
        snapshotBuffer.putInt(4, SNAPSHOT_VERSION);
        snapshotBuffer.putLong(8, lastSequence);
        snapshotBuffer.putLong(16, lastTimestampNs);
        snapshotBuffer.putLong(24, outputSequence);
        snapshotBuffer.putLong(32, tickNumber);
        snapshotBuffer.putInt(40, filterLength);
        snapshotBuffer.putInt(44, stateLength);
        snapshotBuffer.putInt(48, tickScheduled ? 1 : 0);
        snapshotBuffer.putInt(52, 0);
        snapshotBuffer.putLong(56, tickDeadline);
        SnapshotImages.write(snapshotPublication, snapshotBuffer, at + stateLength, cluster.idleStrategy());
        counters.snapshots++;
        LOG.info("member {} snapshot at input {}, output {}: {} bytes", cluster.memberId(), lastSequence, outputSequence,
            at + stateLength);
    }

    private void restore(final DirectBuffer snapshot)
    {
        if (snapshot.capacity() < SNAPSHOT_HEADER_LENGTH || snapshot.getInt(0) != SNAPSHOT_MAGIC ||
            snapshot.getInt(4) != SNAPSHOT_VERSION)
        {
            throw new IllegalStateException("not a Beacon cluster snapshot (version " + SNAPSHOT_VERSION + ")");
        }
        lastSequence = snapshot.getLong(8);
        lastTimestampNs = snapshot.getLong(16);
        outputSequence = snapshot.getLong(24);
        tickNumber = snapshot.getLong(32);
        final int filterLength = snapshot.getInt(40);
        final int stateLength = snapshot.getInt(44);
        tickScheduled = snapshot.getInt(48) != 0;
        tickDeadline = snapshot.getLong(56);
        duplicates.restore(snapshot, SNAPSHOT_HEADER_LENGTH, filterLength);
        stateMachine.restore(snapshot, SNAPSHOT_HEADER_LENGTH + filterLength, stateLength);
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        LOG.info("member {} is now {} at input {}", cluster.memberId(), newRole, lastSequence);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    /** Forces and closes the journals, leaving their open blocks unsealed (a seal here would differ between members). */
    void close()
    {
        final JournalWriter in = input;
        final JournalWriter out = output;
        input = null;
        output = null;
        if (null != in)
        {
            CloseHelper.quietClose(in::closeUnsealed);
        }
        if (null != out)
        {
            CloseHelper.quietClose(out::closeUnsealed);
        }
    }

    /** @return what the service has done, for its member's log and tests. */
    public ServiceCounters counters()
    {
        return counters;
    }

    /** @return the last input sequence applied. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** What one member's service has done (read from its own thread, or after it stopped). */
    public static final class ServiceCounters
    {
        long applied;
        long duplicates;
        long rejected;
        long acksNotSent;
        long snapshots;

        /** @return inputs applied (ticks included, replay after a restart included). */
        public long applied()
        {
            return applied;
        }

        /** @return repeats of an applied (source, correlation id) answered without applying them. */
        public long duplicates()
        {
            return duplicates;
        }

        /** @return offers refused by the checks. */
        public long rejected()
        {
            return rejected;
        }

        /** @return Acks the leader could not send (the client will offer again). */
        public long acksNotSent()
        {
            return acksNotSent;
        }

        /** @return snapshots written. */
        public long snapshots()
        {
            return snapshots;
        }
    }
}
