package org.beacon.core.journal;

import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.EventFailures;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * Re-applies an input journal to a state machine, checking the journal as it reads it. The node's
 * recovery, {@code replay verify} and {@code replay show} all go through here, so they see the
 * journal exactly alike.
 */
public final class JournalReplayer
{
    /** Replay reached the end of the journal. */
    public static final int END = 0;
    /** Replay stopped because the listener asked it to. */
    public static final int STOPPED = 1;
    /** Replay stopped at a damaged record. */
    public static final int DAMAGED = -1;

    /** Told of every input before it is applied. */
    @FunctionalInterface
    public interface InputListener
    {
        /**
         * Called before an input is applied.
         *
         * @return false to stop before applying it.
         */
        boolean onInput(long sequence, long timestampNs, DirectBuffer buffer, int offset, int length);
    }

    /** Receives each output the replay produces, numbered as the node numbers them. */
    @FunctionalInterface
    public interface OutputListener
    {
        /**
         * Called for each output.
         *
         * @param outputSequence its number in the output journal.
         * @param inputSequence  the input that produced it.
         * @param timestampNs    that input's timestamp.
         * @param buffer         holding the SBE message.
         * @param offset         of the message.
         * @param length         of the message.
         */
        void onOutput(long outputSequence, long inputSequence, long timestampNs, DirectBuffer buffer, int offset, int length);
    }

    /**
     * How a replay ended.
     *
     * @param status         {@link #END}, {@link #STOPPED} or {@link #DAMAGED}.
     * @param problem        the damage found, or null.
     * @param lastSequence   last input applied.
     * @param lastTimestampNs its timestamp.
     * @param outputSequence outputs numbered so far.
     * @param inputsRead     data records read (applied or skipped).
     * @param sealsVerified  seals whose chained hash matched.
     * @param unsealedRecords records after the last seal.
     */
    public record Result(int status, String problem, long lastSequence, long lastTimestampNs, long outputSequence,
        long inputsRead, long sealsVerified, long unsealedRecords)
    {
    }

    private JournalReplayer()
    {
    }

    /**
     * Replays an input journal.
     *
     * @param inputDir            the input journal's folder.
     * @param stateMachine        already restored to {@code fromSequence} (fresh when 0).
     * @param fromSequence        inputs up to and including this one are not applied; reading starts at the last seal
     *                            before it (the journal's start for 0), so the records from there on are checked and the
     *                            result's counts start there.
     * @param fromOutputSequence  outputs already numbered at {@code fromSequence}.
     * @param inputs              told of each input before it is applied, or null.
     * @param outputs             receives each output, or null.
     * @return how it ended.
     */
    public static Result replay(
        final Path inputDir,
        final StateMachine stateMachine,
        final long fromSequence,
        final long fromOutputSequence,
        final InputListener inputs,
        final OutputListener outputs)
    {
        final EventOutputs sink = new EventOutputs(fromOutputSequence, outputs);
        long lastSequence = fromSequence;
        long lastTimestampNs = 0;
        try (JournalCursor cursor = JournalCursor.openNear(inputDir, JournalRecordDescriptor.TYPE_INPUT, fromSequence))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                final long sequence = cursor.sequence();
                if (sequence <= fromSequence)
                {
                    lastTimestampNs = cursor.timestampNs();
                    continue;
                }
                if (null != inputs && !inputs.onInput(sequence, cursor.timestampNs(), cursor.buffer(),
                    cursor.payloadOffset(), cursor.payloadLength()))
                {
                    return new Result(STOPPED, null, lastSequence, lastTimestampNs, sink.outputSequence, cursor.dataRecords(),
                        cursor.sealsVerified(), cursor.unsealedRecords());
                }
                sink.apply(stateMachine, sequence, cursor.timestampNs(), cursor.buffer(), cursor.payloadOffset(),
                    cursor.payloadLength());
                lastSequence = sequence;
                lastTimestampNs = cursor.timestampNs();
            }
            return new Result(status == JournalCursor.END ? END : DAMAGED, cursor.problem(), lastSequence, lastTimestampNs,
                sink.outputSequence, cursor.dataRecords(), cursor.sealsVerified(), cursor.unsealedRecords());
        }
    }

    /**
     * Applies one event as the node's apply step does: its outputs are held until the state machine returns; when it
     * throws a poison failure ({@link EventFailures#isPoison}) they are dropped and the same {@code EventFailed} output
     * the node journaled takes their place.
     */
    private static final class EventOutputs implements OutputSink
    {
        private final OutputListener listener;
        private final ExpandableArrayBuffer held = new ExpandableArrayBuffer(4096);
        private final UnsafeBuffer failure = new UnsafeBuffer(new byte[1024]);
        private int heldLength;
        private long outputSequence;

        EventOutputs(final long outputSequence, final OutputListener listener)
        {
            this.outputSequence = outputSequence;
            this.listener = listener;
        }

        void apply(final StateMachine stateMachine, final long sequence, final long timestampNs, final DirectBuffer buffer,
            final int offset, final int length)
        {
            heldLength = 0;
            try
            {
                stateMachine.onEvent(sequence, timestampNs, buffer, offset, length, this);
            }
            catch (final Throwable ex)
            {
                if (!EventFailures.isPoison(ex))
                {
                    throw ex;
                }
                heldLength = 0;
                emit(failure, 0, EventFailures.encode(failure, 0, sequence, buffer, offset, length, 0, ex));
            }
            for (int at = 0; at < heldLength; )
            {
                final int outputLength = held.getInt(at);
                outputSequence++;
                if (null != listener)
                {
                    listener.onOutput(outputSequence, sequence, timestampNs, held, at + Integer.BYTES, outputLength);
                }
                at += Integer.BYTES + outputLength;
            }
        }

        @Override
        public void emit(final DirectBuffer buffer, final int offset, final int length)
        {
            held.putInt(heldLength, length);
            held.putBytes(heldLength + Integer.BYTES, buffer, offset, length);
            heldLength += Integer.BYTES + length;
        }
    }
}
