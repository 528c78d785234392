package org.beacon.core;

import java.util.ArrayDeque;
import java.util.List;

import com.lmax.disruptor.RingBuffer;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.JournalRepairedEncoder;
import org.beacon.codecs.StorageAlarmEncoder;
import org.beacon.codecs.StorageLevel;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.SnapshotRequestDecoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.TornTail;

/**
 * The sequencer: polls the ingress subscription, checks each frame, and claims a ring slot for it,
 * stamping it once with its journal sequence and timestamp. It also journals a {@code Tick} at a
 * fixed rate. Sole producer of the ring. Before it admits an input it asks the {@link DiskGuard}; it
 * journals a {@code JournalRepaired} for each torn tail cut at start and a {@code StorageAlarm} whenever
 * the free-space level changes.
 */
final class IngressAgent implements Agent, ControlledFragmentHandler
{
    static final int FRAGMENT_LIMIT = 64;
    static final int SEAL_EVERY_TICKS = 10;
    static final int MAX_INPUT_TEMPLATE_ID = 99;
    static final int FIRST_DOMAIN_TEMPLATE_ID = 200;
    static final int LAST_DOMAIN_TEMPLATE_ID = 1000;
    static final int DOMAIN_RANGE = 100;
    static final int DOMAIN_INPUTS_PER_RANGE = 50;
    static final int MAX_PROBLEM_LENGTH = 256;

    private final Subscription subscription;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final RingBuffer<RingEvent> ring;
    private final EpochNanoClock clock;
    private final long tickIntervalNs;
    private final int maxPayloadLength;
    private final NodeCounters counters;
    private final MessageView view = new MessageView();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TickEncoder tickEncoder = new TickEncoder();
    private final JournalRepairedEncoder repairedEncoder = new JournalRepairedEncoder();
    private final StorageAlarmEncoder alarmEncoder = new StorageAlarmEncoder();
    private final DiskGuard disk;
    private final ArrayDeque<TornTail.Repair> repairs;
    private boolean alarmPending;
    private long noticeSlot = -1;
    private long nowNs;
    private final java.util.function.BooleanSupplier halted;
    private long nextSequence;
    private long lastTimestampNs;
    private long nextTickNs;
    private long tickNumber;

    IngressAgent(
        final Subscription subscription,
        final RingBuffer<RingEvent> ring,
        final EpochNanoClock clock,
        final long tickIntervalNs,
        final int maxPayloadLength,
        final NodeCounters counters,
        final long lastSequence,
        final long lastTimestampNs,
        final java.util.function.BooleanSupplier halted,
        final DiskGuard disk,
        final List<TornTail.Repair> repairs)
    {
        this.halted = halted;
        this.disk = disk;
        this.repairs = new ArrayDeque<>(repairs);
        this.subscription = subscription;
        this.ring = ring;
        this.clock = clock;
        this.tickIntervalNs = tickIntervalNs;
        this.maxPayloadLength = maxPayloadLength;
        this.counters = counters;
        this.nextSequence = lastSequence + 1;
        this.lastTimestampNs = lastTimestampNs;
    }

    @Override
    public int doWork()
    {
        if (halted.getAsBoolean())
        {
            throw new org.agrona.concurrent.AgentTerminationException("pipeline halted; ingress stops");
        }
        nowNs = clock.nanoTime();
        int work = publishNotices();
        work += subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
        final long now = clock.nanoTime();
        nowNs = now;
        if (now >= nextTickNs && ring.hasAvailableCapacity(1))
        {
            publishTick();
            nextTickNs = Math.max(nextTickNs + tickIntervalNs, now);
            work++;
        }
        return work;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!ring.hasAvailableCapacity(1))
        {
            // the ring is full: leave the fragment in Aeron's log so back pressure reaches the gateways
            return Action.ABORT;
        }
        final long correlationId = length >= IngressFrameDescriptor.HEADER_LENGTH ?
            buffer.getLong(offset + IngressFrameDescriptor.CORRELATION_ID_OFFSET) : -1;
        final int code = check(buffer, offset, length);
        if (code != AckCode.JOURNALED.value())
        {
            reject(correlationId, code);
            return Action.CONTINUE;
        }
        final int source = buffer.getInt(offset + IngressFrameDescriptor.SOURCE_OFFSET);
        final int payloadLength = length - IngressFrameDescriptor.HEADER_LENGTH;
        final long slot = ring.next();
        final RingEvent event = ring.get(slot);
        event.kind = RingEvent.KIND_INPUT;
        event.sequence = nextSequence++;
        event.timestampNs = stamp();
        event.correlationId = correlationId;
        event.source = source;
        event.payloadLength = payloadLength;
        event.templateId = view.templateId();
        event.sealAfter = false;
        event.record.putBytes(JournalRecordDescriptor.HEADER_LENGTH, buffer, offset + IngressFrameDescriptor.HEADER_LENGTH, payloadLength);
        ring.publish(slot);
        return Action.CONTINUE;
    }

    private int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < IngressFrameDescriptor.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.rejectedMalformed.incrementAndGet();
            return AckCode.REJECTED_MALFORMED.value();
        }
        final int payloadLength = length - IngressFrameDescriptor.HEADER_LENGTH;
        if (payloadLength > maxPayloadLength)
        {
            counters.rejectedTooLarge.incrementAndGet();
            return AckCode.REJECTED_TOO_LARGE.value();
        }
        final int templateId = view.inspect(buffer, offset + IngressFrameDescriptor.HEADER_LENGTH, payloadLength);
        if (MessageView.NOT_A_MESSAGE == templateId || view.version() > MessageHeaderDecoder.SCHEMA_VERSION ||
            !isInputTemplate(templateId) || templateId == TickEncoder.TEMPLATE_ID)
        {
            counters.rejectedUnknownTemplate.incrementAndGet();
            return AckCode.REJECTED_UNKNOWN_TEMPLATE.value();
        }
        if (isCoreNotice(templateId))
        {
            counters.rejectedUnknownTemplate.incrementAndGet();
            return AckCode.REJECTED_UNKNOWN_TEMPLATE.value();
        }
        if (!view.blockFits())
        {
            counters.rejectedMalformed.incrementAndGet();
            return AckCode.REJECTED_MALFORMED.value();
        }
        return disk.admit(nowNs, templateId, length);
    }

    /** @return true for the core control inputs only the sequencer journals. */
    static boolean isCoreNotice(final int templateId)
    {
        return templateId == JournalRepairedEncoder.TEMPLATE_ID || templateId == StorageAlarmEncoder.TEMPLATE_ID;
    }

    private int publishNotices()
    {
        disk.poll(nowNs);
        alarmPending |= disk.takeLevelChange();
        int work = 0;
        if (!repairs.isEmpty() && ring.hasAvailableCapacity(1))
        {
            final TornTail.Repair repair = repairs.poll();
            final String problem = repair.problem().length() > MAX_PROBLEM_LENGTH ?
                repair.problem().substring(0, MAX_PROBLEM_LENGTH) : repair.problem();
            repairedEncoder.wrapAndApplyHeader(ringRecordOfNext(), JournalRecordDescriptor.HEADER_LENGTH, headerEncoder)
                .journalType(repair.dataType())
                .cutSequence(repair.cutSequence())
                .cutBytes(repair.cutBytes())
                .problem(problem);
            publishNotice(MessageHeaderEncoder.ENCODED_LENGTH + repairedEncoder.encodedLength(), JournalRepairedEncoder.TEMPLATE_ID);
            work++;
        }
        if (alarmPending && ring.hasAvailableCapacity(1))
        {
            alarmPending = false;
            alarmEncoder.wrapAndApplyHeader(ringRecordOfNext(), JournalRecordDescriptor.HEADER_LENGTH, headerEncoder)
                .level(StorageLevel.get((short)disk.level()))
                .freeBytes(Math.max(0, disk.measuredFree()))
                .lowWaterBytes(disk.settings().lowWaterBytes())
                .reserveBytes(disk.settings().reserveBytes());
            publishNotice(MessageHeaderEncoder.ENCODED_LENGTH + StorageAlarmEncoder.BLOCK_LENGTH, StorageAlarmEncoder.TEMPLATE_ID);
            work++;
        }
        return work;
    }

    private UnsafeBuffer ringRecordOfNext()
    {
        noticeSlot = ring.next();
        return ring.get(noticeSlot).record;
    }

    private void publishNotice(final int payloadLength, final int templateId)
    {
        final RingEvent event = ring.get(noticeSlot);
        event.kind = RingEvent.KIND_INPUT;
        event.sequence = nextSequence++;
        event.timestampNs = stamp();
        event.correlationId = 0;
        event.source = 0;
        event.payloadLength = payloadLength;
        event.templateId = templateId;
        event.sealAfter = false;
        ring.publish(noticeSlot);
        disk.wrote(nowNs, JournalRecordDescriptor.HEADER_LENGTH + payloadLength);
    }

    private void reject(final long correlationId, final int code)
    {
        final long slot = ring.next();
        final RingEvent event = ring.get(slot);
        event.kind = RingEvent.KIND_REJECTED;
        event.sequence = -1;
        event.timestampNs = lastTimestampNs;
        event.correlationId = correlationId;
        event.source = -1;
        event.payloadLength = 0;
        event.rejectCode = code;
        event.sealAfter = false;
        ring.publish(slot);
    }

    private void publishTick()
    {
        final long slot = ring.next();
        final RingEvent event = ring.get(slot);
        final UnsafeBuffer record = event.record;
        tickEncoder.wrapAndApplyHeader(record, JournalRecordDescriptor.HEADER_LENGTH, headerEncoder).tickNumber(++tickNumber);
        event.kind = RingEvent.KIND_INPUT;
        event.sequence = nextSequence++;
        event.timestampNs = stamp();
        event.correlationId = 0;
        event.source = 0;
        event.payloadLength = MessageHeaderEncoder.ENCODED_LENGTH + TickEncoder.BLOCK_LENGTH;
        event.templateId = TickEncoder.TEMPLATE_ID;
        event.sealAfter = tickNumber % SEAL_EVERY_TICKS == 0;
        ring.publish(slot);
        disk.wrote(nowNs, JournalRecordDescriptor.HEADER_LENGTH + event.payloadLength);
        counters.ticks.lazySet(tickNumber);
    }

    private long stamp()
    {
        final long now = clock.nanoTime();
        if (now > lastTimestampNs)
        {
            lastTimestampNs = now;
        }
        return lastTimestampNs;
    }

    /**
     * Input template ids, as the schema's numbering rules define them: 1..99, and in each domain range of a
     * hundred from 200 to 999, its first fifty; every other id is an output and never an input.
     */
    static boolean isInputTemplate(final int templateId)
    {
        if (templateId >= 1 && templateId <= MAX_INPUT_TEMPLATE_ID)
        {
            return true;
        }
        return templateId >= FIRST_DOMAIN_TEMPLATE_ID && templateId < LAST_DOMAIN_TEMPLATE_ID &&
            templateId % DOMAIN_RANGE < DOMAIN_INPUTS_PER_RANGE;
    }

    static boolean isSnapshotRequest(final int templateId)
    {
        return templateId == SnapshotRequestDecoder.TEMPLATE_ID;
    }

    @Override
    public String roleName()
    {
        return "beacon-ingress";
    }
}
