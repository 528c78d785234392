package org.beacon.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalWriter;

/**
 * The three consumers of the ring, in the order every event passes them: journal, state machine,
 * egress. They run either as three gated Disruptor handlers or, through {@link Combined}, one after
 * the other on one thread.
 */
final class PipelineHandlers
{
    private PipelineHandlers()
    {
    }

    /** Appends each input to the input journal, header and CRC written in place. */
    static final class Journal implements EventHandler<RingEvent>
    {
        private final JournalWriter input;
        private final NodeCounters counters;

        Journal(final JournalWriter input, final NodeCounters counters)
        {
            this.input = input;
            this.counters = counters;
        }

        @Override
        public void onEvent(final RingEvent event, final long slot, final boolean endOfBatch)
        {
            if (event.kind == RingEvent.KIND_INPUT)
            {
                input.appendInPlace(event.record, 0, event.payloadLength, event.sequence, event.timestampNs,
                    event.correlationId, event.source);
                if (event.sealAfter)
                {
                    input.seal(event.timestampNs);
                }
                counters.inputsJournaled.lazySet(counters.inputsJournaled.get() + 1);
            }
        }
    }

    /** Applies each input to the state machine and collects its outputs into the slot. */
    static final class Apply implements EventHandler<RingEvent>, OutputSink
    {
        private final StateMachine stateMachine;
        private final SnapshotWriter snapshots;
        private final long snapshotIntervalEvents;
        private final NodeCounters counters;
        private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
        private RingEvent current;
        private long outputSequence;
        private long eventsSinceSnapshot;
        private long lastSequence;
        private long lastTimestampNs;

        Apply(
            final StateMachine stateMachine,
            final SnapshotWriter snapshots,
            final long snapshotIntervalEvents,
            final NodeCounters counters,
            final long outputSequence)
        {
            this.stateMachine = stateMachine;
            this.snapshots = snapshots;
            this.snapshotIntervalEvents = snapshotIntervalEvents;
            this.counters = counters;
            this.outputSequence = outputSequence;
        }

        @Override
        public void onEvent(final RingEvent event, final long slot, final boolean endOfBatch)
        {
            event.outputsLength = 0;
            event.outputCount = 0;
            event.firstOutputSequence = outputSequence + 1;
            if (event.kind != RingEvent.KIND_INPUT)
            {
                return;
            }
            current = event;
            stateMachine.onEvent(event.sequence, event.timestampNs, event.record, JournalRecordDescriptor.HEADER_LENGTH,
                event.payloadLength, this);
            current = null;
            lastSequence = event.sequence;
            lastTimestampNs = event.timestampNs;
            counters.lastAppliedSequence.lazySet(event.sequence);
            if (++eventsSinceSnapshot >= snapshotIntervalEvents || IngressAgent.isSnapshotRequest(event.templateId))
            {
                snapshot();
            }
        }

        @Override
        public void emit(final DirectBuffer buffer, final int offset, final int length)
        {
            final RingEvent event = current;
            final int at = event.outputsLength;
            event.outputs.putInt(at, length);
            event.outputs.putBytes(at + Integer.BYTES, buffer, offset, length);
            event.outputsLength = at + Integer.BYTES + length;
            event.outputCount++;
            outputSequence++;
        }

        void snapshot()
        {
            if (lastSequence == 0)
            {
                return;
            }
            final int length = stateMachine.snapshot(snapshotBuffer, 0);
            snapshots.submit(lastSequence, lastTimestampNs, outputSequence, snapshotBuffer, length);
            eventsSinceSnapshot = 0;
            counters.snapshotsTaken.incrementAndGet();
        }
    }

    /**
     * Journals the outputs, then publishes the Ack and the outputs on egress. With a forcing step (durability
     * {@code sync}) it publishes nothing until the end of the Disruptor batch: there it forces the input and the output
     * journal once (group commit: the events that reached the ring while the previous force ran are this batch), sets
     * {@link NodeCounters#journalForcedSequence()} and only then publishes the batch's Acks and outputs, in order.
     * The batch's slots stay valid until this handler returns from the batch's last event, so they are read in place.
     */
    static final class Egress implements EventHandler<RingEvent>
    {
        private final JournalWriter output;
        private final JournalWriter forcedInput;
        private final Publication publication;
        private final IdleStrategy idle;
        private final NodeCounters counters;
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[64 * 1024]);
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final AckEncoder ackEncoder = new AckEncoder();
        private final int ackLength = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH;
        private final RingEvent[] batch;
        private final ThreadPoolExecutor inputForcer;
        private final Runnable forceInput;
        private int batchSize;

        /**
         * @param output      the output journal.
         * @param forcedInput the input journal to force before publishing, or null for durability {@code async}.
         * @param batchLimit  the most events a batch can hold (the ring's size).
         */
        Egress(
            final JournalWriter output,
            final JournalWriter forcedInput,
            final int batchLimit,
            final Publication publication,
            final IdleStrategy idle,
            final NodeCounters counters)
        {
            this.output = output;
            this.forcedInput = forcedInput;
            this.batch = null == forcedInput ? null : new RingEvent[batchLimit];
            this.forceInput = null == forcedInput ? null : forcedInput::force;
            // forces the input journal while this thread forces the output journal; its thread ends when idle for a second
            this.inputForcer = null == forcedInput ? null : new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable ->
                {
                    final Thread thread = new Thread(runnable, "beacon-journal-force");
                    thread.setDaemon(true);
                    return thread;
                });
            if (null != inputForcer)
            {
                inputForcer.allowCoreThreadTimeOut(true);
            }
            this.publication = publication;
            this.idle = idle;
            this.counters = counters;
        }

        @Override
        public void onEvent(final RingEvent event, final long slot, final boolean endOfBatch)
        {
            if (event.kind != RingEvent.KIND_REJECTED)
            {
                journalOutputs(event);
            }
            if (null == batch)
            {
                publish(event);
                return;
            }
            batch[batchSize++] = event;
            if (endOfBatch || batchSize == batch.length)
            {
                commit();
            }
        }

        private void journalOutputs(final RingEvent event)
        {
            final ExpandableArrayBuffer outputs = event.outputs;
            long outputSequence = event.firstOutputSequence;
            for (int at = 0; at < event.outputsLength; )
            {
                final int length = outputs.getInt(at);
                output.append(outputSequence++, event.timestampNs, event.sequence, 0, outputs, at + Integer.BYTES, length);
                at += Integer.BYTES + length;
            }
            if (event.sealAfter)
            {
                output.seal(event.timestampNs);
            }
        }

        /** One group commit: both journals forced (at the same time, on two threads), then the batch published. */
        private void commit()
        {
            final Future<?> input = inputForcer.submit(forceInput);
            try
            {
                output.force();
            }
            finally
            {
                awaitForce(input);
            }
            long forced = 0;
            for (int i = 0; i < batchSize; i++)
            {
                if (batch[i].kind == RingEvent.KIND_INPUT)
                {
                    forced = Math.max(forced, batch[i].sequence);
                }
            }
            if (forced > counters.journalForcedSequence.get())
            {
                counters.journalForcedSequence.set(forced);
            }
            counters.journalForces.lazySet(counters.journalForces.get() + 1);
            for (int i = 0; i < batchSize; i++)
            {
                publish(batch[i]);
                batch[i] = null;
            }
            batchSize = 0;
        }

        private static void awaitForce(final Future<?> force)
        {
            boolean interrupted = false;
            try
            {
                while (true)
                {
                    try
                    {
                        force.get();
                        return;
                    }
                    catch (final InterruptedException ex)
                    {
                        // the force is under way and nothing may be published before it ends: wait on
                        interrupted = true;
                    }
                    catch (final ExecutionException ex)
                    {
                        throw new IllegalStateException("the input journal could not be forced", ex.getCause());
                    }
                }
            }
            finally
            {
                if (interrupted)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void publish(final RingEvent event)
        {
            if (event.kind == RingEvent.KIND_REJECTED)
            {
                publishAck(event, -1, event.rejectCode);
                return;
            }
            if (event.source != 0)
            {
                publishAck(event, event.sequence, AckCode.JOURNALED.value());
            }
            final ExpandableArrayBuffer outputs = event.outputs;
            for (int at = 0; at < event.outputsLength; )
            {
                final int length = outputs.getInt(at);
                frame.putLong(EgressFrameDescriptor.INPUT_SEQUENCE_OFFSET, event.sequence);
                frame.putLong(EgressFrameDescriptor.TIMESTAMP_OFFSET, event.timestampNs);
                frame.putBytes(EgressFrameDescriptor.HEADER_LENGTH, outputs, at + Integer.BYTES, length);
                offer(EgressFrameDescriptor.HEADER_LENGTH + length);
                at += Integer.BYTES + length;
            }
            if (event.outputCount > 0)
            {
                counters.outputsEmitted.lazySet(counters.outputsEmitted.get() + event.outputCount);
            }
        }

        private void publishAck(final RingEvent event, final long sequence, final int code)
        {
            frame.putLong(EgressFrameDescriptor.INPUT_SEQUENCE_OFFSET, sequence);
            frame.putLong(EgressFrameDescriptor.TIMESTAMP_OFFSET, event.timestampNs);
            ackEncoder.wrapAndApplyHeader(frame, EgressFrameDescriptor.HEADER_LENGTH, headerEncoder)
                .correlationId(event.correlationId)
                .sequence(sequence)
                .code(AckCode.get((short)code));
            offer(EgressFrameDescriptor.HEADER_LENGTH + ackLength);
        }

        private void offer(final int length)
        {
            idle.reset();
            while (true)
            {
                final long result = publication.offer(frame, 0, length);
                if (result > 0)
                {
                    return;
                }
                if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
                {
                    counters.egressBackPressured.incrementAndGet();
                    idle.idle();
                    continue;
                }
                // NOT_CONNECTED, CLOSED, MAX_POSITION_EXCEEDED: the frame is in the output journal
                // (or is an Ack the gateway will retry); count it and move on.
                counters.egressNotConnected.incrementAndGet();
                return;
            }
        }
    }

    /** Runs the three handlers one after the other on one thread. */
    static final class Combined implements EventHandler<RingEvent>
    {
        private final Journal journal;
        private final Apply apply;
        private final Egress egress;

        Combined(final Journal journal, final Apply apply, final Egress egress)
        {
            this.journal = journal;
            this.apply = apply;
            this.egress = egress;
        }

        @Override
        public void onEvent(final RingEvent event, final long slot, final boolean endOfBatch)
        {
            journal.onEvent(event, slot, endOfBatch);
            apply.onEvent(event, slot, endOfBatch);
            egress.onEvent(event, slot, endOfBatch);
        }
    }
}
