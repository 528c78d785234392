package org.beacon.console;

import java.nio.file.Path;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * Reads a node's input and output journals together, in the order the state machine saw them: input
 * {@code s}, then every output it produced, then input {@code s + 1}. Works on a live node (the journals
 * grow while they are read: a poll that finds nothing new returns 0 and a later one goes on) and checks
 * every record as {@link JournalCursor} does; the first damage stops it with {@link #problem()}.
 */
final class JournalPairReader implements AutoCloseable
{
    /** Receives records in journal order. */
    interface Sink
    {
        /**
         * One input.
         *
         * @param sequence    its journal sequence.
         * @param timestampNs its sequencer timestamp.
         * @param buffer      holding the SBE message (header first).
         * @param offset      of the message.
         * @param length      of the message.
         */
        void input(long sequence, long timestampNs, DirectBuffer buffer, int offset, int length);

        /**
         * One output.
         *
         * @param inputSequence the input that produced it.
         * @param timestampNs   that input's timestamp.
         * @param buffer        holding the SBE message (header first).
         * @param offset        of the message.
         * @param length        of the message.
         */
        void output(long inputSequence, long timestampNs, DirectBuffer buffer, int offset, int length);
    }

    private final JournalCursor inputs;
    private final JournalCursor outputs;
    private boolean inputHeld;
    private boolean outputHeld;
    private long lastInputSequence;
    private long lastTimestampNs;
    private long firstTimestampNs;
    private long inputCount;
    private long outputCount;
    private String problem;

    JournalPairReader(final Path inputDir, final Path outputDir)
    {
        this.inputs = JournalCursor.open(inputDir, JournalRecordDescriptor.TYPE_INPUT);
        this.outputs = JournalCursor.open(outputDir, JournalRecordDescriptor.TYPE_OUTPUT);
    }

    /**
     * Delivers what is available, up to a number of records and a moment.
     *
     * @param sink    receives the records.
     * @param limit   most records delivered by this call.
     * @param untilNs inputs stamped later than this are not delivered (they wait for a later call with a later moment).
     * @return records delivered.
     */
    int poll(final Sink sink, final int limit, final long untilNs)
    {
        int delivered = 0;
        while (delivered < limit && null == problem)
        {
            final int outs = drainOutputs(sink, limit - delivered);
            delivered += outs;
            if (delivered >= limit)
            {
                break;
            }
            if (!inputHeld)
            {
                final int result = inputs.next();
                if (result == JournalCursor.DAMAGED)
                {
                    problem = "input journal: " + inputs.problem();
                    break;
                }
                if (result == JournalCursor.END)
                {
                    break;
                }
                inputHeld = true;
            }
            if (inputs.timestampNs() > untilNs)
            {
                break;
            }
            inputHeld = false;
            lastInputSequence = inputs.sequence();
            lastTimestampNs = inputs.timestampNs();
            if (0 == inputCount++)
            {
                firstTimestampNs = lastTimestampNs;
            }
            sink.input(inputs.sequence(), inputs.timestampNs(), inputs.buffer(), inputs.payloadOffset(), inputs.payloadLength());
            delivered++;
        }
        return delivered;
    }

    private int drainOutputs(final Sink sink, final int limit)
    {
        int delivered = 0;
        while (delivered < limit)
        {
            if (!outputHeld)
            {
                final int result = outputs.next();
                if (result == JournalCursor.DAMAGED)
                {
                    problem = "output journal: " + outputs.problem();
                    return delivered;
                }
                if (result == JournalCursor.END)
                {
                    return delivered;
                }
                outputHeld = true;
            }
            if (outputs.correlationId() > lastInputSequence)
            {
                return delivered;
            }
            outputHeld = false;
            outputCount++;
            sink.output(outputs.correlationId(), outputs.timestampNs(), outputs.buffer(), outputs.payloadOffset(),
                outputs.payloadLength());
            delivered++;
        }
        return delivered;
    }

    /** @return the last input delivered, 0 before the first. */
    long lastInputSequence()
    {
        return lastInputSequence;
    }

    /** @return the timestamp of the last input delivered, 0 before the first. */
    long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return the timestamp of the first input delivered, 0 before the first. */
    long firstTimestampNs()
    {
        return firstTimestampNs;
    }

    /** @return inputs delivered. */
    long inputCount()
    {
        return inputCount;
    }

    /** @return outputs delivered. */
    long outputCount()
    {
        return outputCount;
    }

    /** @return the damage that stopped the reader, or null. */
    String problem()
    {
        return problem;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(inputs, outputs);
    }
}
