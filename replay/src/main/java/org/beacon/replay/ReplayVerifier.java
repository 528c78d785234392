package org.beacon.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.RollingChronicleQueue;
import org.agrona.DirectBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.DataNetwork;
import org.beacon.codecs.EventFailedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.NodeContext;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.replay.VerifyResult.Failure;
import org.beacon.replay.VerifyResult.Journal;
import org.beacon.replay.VerifyResult.Kind;

/**
 * Proves that a data folder's output journal is what its input journal produces: a fresh state
 * machine replays the input journal (through {@link JournalReplayer}, exactly as the node recovers)
 * while a second {@link JournalCursor} reads the recorded output journal in lock step, and every
 * output must match its recorded twin in output sequence, input sequence, timestamp and payload
 * bytes. Both cursors check their journal on the way (CRC, sequence continuity, timestamps, seals and
 * the hash chain). The first problem ends the run and is located by journal and sequence.
 * <p>
 * When replay first diverges from the record, the journals are read on to the seal that covers the
 * divergence: an input or output record altered with a recomputed CRC is only caught by the hash
 * chain, at the end of its block, and the tampering, not its symptom, is then reported.
 */
public final class ReplayVerifier
{
    /** Inputs between two progress reports. */
    public static final int PROGRESS_INTERVAL = 1024;

    private static final String SEQUENCE_PREFIX = "sequence ";

    /** Told how far a verification has read. */
    @FunctionalInterface
    public interface ProgressListener
    {
        /**
         * Called every {@link #PROGRESS_INTERVAL} inputs and once at the end.
         *
         * @param inputsRead input records read so far.
         */
        void onProgress(long inputsRead);
    }


    private ReplayVerifier()
    {
    }

    /**
     * Verifies a center's data folder with a fresh {@link CenterStateMachine} on the folder's road network
     * ({@link DataNetwork}).
     *
     * @param dir the data folder (holding journal/input and journal/output).
     * @return what was found.
     */
    public static VerifyResult verify(final Path dir)
    {
        return verify(dir, DataNetwork.stateMachines(dir), null);
    }

    /**
     * Verifies a data folder written by a node hosting another state machine.
     *
     * @param dir          the data folder.
     * @param stateMachine supplies the fresh state machine to replay with.
     * @return what was found.
     */
    public static VerifyResult verify(final Path dir, final Supplier<? extends StateMachine> stateMachine)
    {
        return verify(dir, stateMachine, null);
    }

    /**
     * Verifies a data folder, reporting progress.
     *
     * @param dir          the data folder.
     * @param stateMachine supplies the fresh state machine to replay with.
     * @param progress     told how many inputs have been read, or null.
     * @return what was found.
     * @throws IllegalArgumentException when the folder holds no journals (see {@link #checkDataDir}).
     */
    public static VerifyResult verify(
        final Path dir, final Supplier<? extends StateMachine> stateMachine, final ProgressListener progress)
    {
        return verify(dir, stateMachine, progress, 0);
    }

    /**
     * Verifies the data folder of a node that is running: the journals grow while they are read, so an output
     * that replay produces for the newest input may not be written yet; it is waited for up to {@code tailWaitNs}
     * before it counts as missing. What is verified is everything written when the replay reached it.
     *
     * @param dir          the data folder.
     * @param stateMachine supplies the fresh state machine to replay with.
     * @param progress     told how many inputs have been read, or null.
     * @param tailWaitNs   how long to wait for a recorded output that is not there yet; 0 for a stopped node.
     * @return what was found.
     * @throws IllegalArgumentException when the folder holds no journals (see {@link #checkDataDir}).
     */
    public static VerifyResult verify(
        final Path dir, final Supplier<? extends StateMachine> stateMachine, final ProgressListener progress, final long tailWaitNs)
    {
        Objects.requireNonNull(stateMachine, "stateMachine");
        final String missing = checkDataDir(dir);
        if (null != missing)
        {
            throw new IllegalArgumentException(missing);
        }
        final Path inputDir = inputJournalDir(dir);
        final Path outputDir = outputJournalDir(dir);
        try (JournalCursor recorded = JournalCursor.open(outputDir, JournalRecordDescriptor.TYPE_OUTPUT))
        {
            final Run run = new Run(recorded, progress, tailWaitNs);
            JournalReplayer.Result result = null;
            try
            {
                // a state machine that throws is caught by the replayer as by the node: an EventFailed output
                result = JournalReplayer.replay(inputDir, stateMachine.get(), 0, 0, run, run);
            }
            catch (final RuntimeException ex)
            {
                if (null == run.failure)
                {
                    run.fail(Journal.INPUT, Kind.DAMAGED, run.currentInput + 1, run.currentInput + 1, -1,
                        "input journal unreadable after sequence " + run.currentInput + ": " + ex);
                }
            }

            if (null == run.failure && null != result)
            {
                if (result.status() == JournalReplayer.DAMAGED)
                {
                    final long sequence = problemSequence(result.problem());
                    run.fail(Journal.INPUT, Kind.DAMAGED, sequence, sequence, -1, "input journal damaged: " + result.problem() +
                        " (replay applied inputs up to " + result.lastSequence() + ")");
                }
                else
                {
                    run.drainRecorded();
                }
            }
            else if (null != run.failure && run.failure.kind() != Kind.DAMAGED)
            {
                run.failure = diagnose(run, inputDir, outputDir);
            }

            final long inputs = null == result ? run.inputsSeen : result.inputsRead();
            final long outputs = null == result ? run.lastReplayedOutput : result.outputSequence();
            if (null != progress)
            {
                progress.onProgress(inputs);
            }
            return new VerifyResult(null == run.failure, inputs, outputs, recorded.dataRecords(),
                null == result ? 0 : result.sealsVerified(), recorded.sealsVerified(),
                null == result ? 0 : result.unsealedRecords(), recorded.unsealedRecords(), run.failure);
        }
    }


    /**
     * Tells what, if anything, keeps a folder from being verified, without creating anything in it.
     *
     * @param dir the data folder.
     * @return why it cannot be verified, or null when it holds an input and an output journal.
     */
    public static String checkDataDir(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return "no such folder: " + dir;
        }
        if (!Files.isDirectory(dir))
        {
            return "not a folder: " + dir;
        }
        final Path input = inputJournalDir(dir);
        if (!hasQueueFiles(input))
        {
            return "no input journal in " + dir + " (expected Chronicle Queue files in " + input + ")";
        }
        final Path output = outputJournalDir(dir);
        if (!Files.isDirectory(output))
        {
            return "no output journal in " + dir + " (expected the folder " + output + ")";
        }
        return null;
    }

    private static boolean hasQueueFiles(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4"))
        {
            return files.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Estimates the number of input records, for progress bars: Chronicle's count of documents, seals
     * included, so a little high.
     *
     * @param dir the data folder, already checked with {@link #checkDataDir}.
     * @return the estimate; 0 for an empty journal, -1 when unknown.
     */
    public static long estimateInputs(final Path dir)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(inputJournalDir(dir)).readOnly(true).build())
        {
            return queue instanceof RollingChronicleQueue rolling ? rolling.entryCount() : -1;
        }
    }

    /**
     * The input journal's folder in a data folder.
     *
     * @param dir the data folder.
     * @return DIR/journal/input.
     */
    public static Path inputJournalDir(final Path dir)
    {
        return new NodeContext().dataDir(dir).inputJournalDir();
    }

    /**
     * The output journal's folder in a data folder.
     *
     * @param dir the data folder.
     * @return DIR/journal/output.
     */
    public static Path outputJournalDir(final Path dir)
    {
        return new NodeContext().dataDir(dir).outputJournalDir();
    }

    /**
     * The sequence a {@link JournalCursor#problem()} names ("sequence N: ...").
     *
     * @param problem the description.
     * @return N, or -1 when the description names none.
     */
    static long problemSequence(final String problem)
    {
        if (null == problem || !problem.startsWith(SEQUENCE_PREFIX))
        {
            return -1;
        }
        final int end = problem.indexOf(':', SEQUENCE_PREFIX.length());
        try
        {
            return Long.parseLong(problem.substring(SEQUENCE_PREFIX.length(), end < 0 ? problem.length() : end).trim());
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /**
     * Replay diverged from the record: when one of the journals fails its own checks at or before the
     * divergence (its block's seal lies just after), that damage is the cause and is reported instead.
     */
    private static Failure diagnose(final Run run, final Path inputDir, final Path outputDir)
    {
        final Failure divergence = run.failure;
        final long inputSequence = divergence.inputSequence() > 0 ? divergence.inputSequence() : run.currentInput;
        final Damage input = firstDamage(inputDir, JournalRecordDescriptor.TYPE_INPUT, inputSequence);
        if (null != input)
        {
            return new Failure(Journal.INPUT, Kind.DAMAGED, input.sequence(), input.sequence(), -1,
                "input journal damaged: " + input.problem() + "; replay first differs at " + divergence.description());
        }
        final long outputSequence = divergence.outputSequence() > 0 ? divergence.outputSequence() : run.lastReplayedOutput;
        final Damage output = firstDamage(outputDir, JournalRecordDescriptor.TYPE_OUTPUT, outputSequence);
        if (null != output)
        {
            return run.outputDamage(output.sequence(), output.problem() + "; replay first differs at " + divergence.description());
        }
        return divergence;
    }

    private record Damage(long sequence, String problem)
    {
    }

    /**
     * Reads a journal until the seal covering {@code upTo} is verified, and returns damage located at or
     * before {@code upTo}, or null.
     */
    private static Damage firstDamage(final Path dir, final int type, final long upTo)
    {
        try (JournalCursor cursor = JournalCursor.open(dir, type))
        {
            long sealsAtUpTo = -1;
            while (true)
            {
                final int status = cursor.next();
                if (status == JournalCursor.END)
                {
                    return null;
                }
                if (status == JournalCursor.DAMAGED)
                {
                    return cursor.problemSequence() <= upTo ? new Damage(cursor.problemSequence(), cursor.problem()) : null;
                }
                if (cursor.sequence() >= upTo)
                {
                    if (sealsAtUpTo < 0)
                    {
                        sealsAtUpTo = cursor.sealsVerified();
                    }
                    else if (cursor.sealsVerified() > sealsAtUpTo)
                    {
                        return null;
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            return new Damage(upTo, "sequence " + upTo + ": unreadable: " + ex);
        }
    }

    /** One verification: compares replayed outputs with the recorded ones as they come. */
    private static final class Run implements JournalReplayer.InputListener, JournalReplayer.OutputListener
    {
        private final JournalCursor recorded;
        private final ProgressListener progress;
        private final SbeCatalog catalog = SbeCatalog.schema();
        private long inputsSeen;
        private long currentInput;
        private long lastReplayedOutput;
        private Failure failure;

        // The input of each output since the recorded journal's last verified seal, so that damage the
        // chain finds in that block can be traced back to the input whose outputs it holds.
        private long blockBase = 1;
        private long[] blockInputs = new long[256];
        private int blockCount;
        private long seals;

        private final long tailWaitNs;

        Run(final JournalCursor recorded, final ProgressListener progress, final long tailWaitNs)
        {
            this.recorded = recorded;
            this.progress = progress;
            this.tailWaitNs = tailWaitNs;
        }

        private int nextRecorded()
        {
            int status = recorded.next();
            if (status == JournalCursor.END && tailWaitNs > 0)
            {
                final long deadline = System.nanoTime() + tailWaitNs;
                while (status == JournalCursor.END && System.nanoTime() - deadline < 0)
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    status = recorded.next();
                }
            }
            return status;
        }

        @Override
        public boolean onInput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (null != failure)
            {
                return false;
            }
            currentInput = sequence;
            inputsSeen++;
            if (null != progress && inputsSeen % PROGRESS_INTERVAL == 0)
            {
                progress.onProgress(inputsSeen);
            }
            return true;
        }

        @Override
        public void onOutput(
            final long outputSequence,
            final long inputSequence,
            final long timestampNs,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            if (null != failure)
            {
                return;
            }
            lastReplayedOutput = outputSequence;
            int status;
            try
            {
                status = nextRecorded();
            }
            catch (final RuntimeException ex)
            {
                remember(outputSequence, inputSequence);
                fail(Journal.OUTPUT, Kind.DAMAGED, outputSequence, inputSequence, outputSequence,
                    "output journal unreadable at output " + outputSequence + " (from input " + inputSequence + "): " + ex);
                return;
            }
            if (recorded.sealsVerified() != seals)
            {
                seals = recorded.sealsVerified();
                blockBase = outputSequence;
                blockCount = 0;
            }
            remember(outputSequence, inputSequence);

            if (status == JournalCursor.END)
            {
                fail(Journal.OUTPUT, Kind.MISSING, outputSequence, inputSequence, outputSequence,
                    "replay produced output " + outputSequence + " (from input " + inputSequence + ", " +
                    catalog.messageName(buffer, offset, length) + ") that the recorded journal lacks; the recorded journal ends " +
                    "at output " + recorded.sequence() + " (a node stopped abruptly writes missing outputs when it restarts)");
            }
            else if (status == JournalCursor.DAMAGED)
            {
                failure = outputDamage(recorded.problemSequence(), recorded.problem());
            }
            else
            {
                compare(outputSequence, inputSequence, timestampNs, buffer, offset, length);
            }
        }

        private void compare(
            final long outputSequence,
            final long inputSequence,
            final long timestampNs,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            final String replayedName = catalog.messageName(buffer, offset, length);
            final String at = "output " + outputSequence + " (from input " + inputSequence + "): ";
            if (recorded.sequence() != outputSequence)
            {
                fail(Journal.OUTPUT, Kind.DIFFERENT, outputSequence, inputSequence, outputSequence,
                    at + "the recorded journal numbers it " + recorded.sequence());
                return;
            }
            if (recorded.correlationId() != inputSequence)
            {
                fail(Journal.OUTPUT, Kind.DIFFERENT, outputSequence, inputSequence, outputSequence,
                    "output " + outputSequence + ": recorded as produced by input " + recorded.correlationId() +
                    ", replay produces it (" + replayedName + ") from input " + inputSequence);
                return;
            }
            if (recorded.timestampNs() != timestampNs)
            {
                fail(Journal.OUTPUT, Kind.DIFFERENT, outputSequence, inputSequence, outputSequence,
                    at + "recorded timestamp " + recorded.timestampNs() + " ns, replayed " + timestampNs + " ns");
                return;
            }

            final DirectBuffer recordedBuffer = recorded.buffer();
            final int recordedOffset = recorded.payloadOffset();
            final int recordedLength = recorded.payloadLength();
            final int index = firstDifference(recordedBuffer, recordedOffset, recordedLength, buffer, offset, length);
            if (index < 0)
            {
                return;
            }
            final String recordedName = catalog.messageName(recordedBuffer, recordedOffset, recordedLength);
            if (templateOf(buffer, offset, length) == EventFailedDecoder.TEMPLATE_ID &&
                templateOf(recordedBuffer, recordedOffset, recordedLength) != EventFailedDecoder.TEMPLATE_ID)
            {
                final EventFailedDecoder failed = new EventFailedDecoder().wrapAndApplyHeader(buffer, offset,
                    new MessageHeaderDecoder());
                fail(Journal.INPUT, Kind.REPLAY_FAILED, inputSequence, inputSequence, outputSequence,
                    "replay failed at input " + inputSequence + ": the state machine threw " + failed.exceptionClass() + ": " +
                    failed.exceptionMessage() + " where the node had written output " + outputSequence + " (" + recordedName + ")");
                return;
            }
            final StringBuilder what = new StringBuilder(at).append("recorded ").append(recordedName)
                .append(" differs from replayed");
            if (!recordedName.equals(replayedName))
            {
                what.append(' ').append(replayedName);
            }
            if (index < Math.min(recordedLength, length))
            {
                what.append(" at byte ").append(index);
                final String field = fieldAt(buffer, offset, length, index);
                what.append(" (").append(null == field ? "" : field + ": ")
                    .append(String.format("recorded 0x%02x, replayed 0x%02x)",
                    recordedBuffer.getByte(recordedOffset + index) & 0xFF, buffer.getByte(offset + index) & 0xFF));
            }
            else
            {
                what.append(": recorded is ").append(recordedLength).append(" bytes, replayed ").append(length).append(" bytes");
            }
            fail(Journal.OUTPUT, Kind.DIFFERENT, outputSequence, inputSequence, outputSequence, what.toString());
        }

        private static int templateOf(final DirectBuffer buffer, final int offset, final int length)
        {
            return length < MessageHeaderDecoder.ENCODED_LENGTH ? -1 :
                buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        }

        private String fieldAt(final DirectBuffer buffer, final int offset, final int length, final int index)
        {
            if (length < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                return null;
            }
            final int blockLength = buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
                MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
            return catalog.fieldAt(templateId, blockLength, index);
        }

        /** Reads what the recorded journal holds beyond the last replayed output: extra outputs or damage. */
        void drainRecorded()
        {
            long extra = 0;
            long firstSequence = -1;
            long firstInput = -1;
            String firstName = null;
            while (true)
            {
                final int status;
                try
                {
                    status = recorded.next();
                }
                catch (final RuntimeException ex)
                {
                    fail(Journal.OUTPUT, Kind.DAMAGED, recorded.sequence() + 1, -1, recorded.sequence() + 1,
                        "output journal unreadable after output " + recorded.sequence() + ": " + ex);
                    return;
                }
                if (status == JournalCursor.END)
                {
                    break;
                }
                if (status == JournalCursor.DAMAGED)
                {
                    failure = outputDamage(recorded.problemSequence(), recorded.problem());
                    return;
                }
                if (tailWaitNs > 0 && recorded.correlationId() > currentInput)
                {
                    // a running node: outputs of inputs written after the replay reached the end are not extra
                    break;
                }
                if (0 == extra++)
                {
                    firstSequence = recorded.sequence();
                    firstInput = recorded.correlationId();
                    firstName = catalog.messageName(recorded.buffer(), recorded.payloadOffset(), recorded.payloadLength());
                }
            }
            if (extra > 0)
            {
                fail(Journal.OUTPUT, Kind.EXTRA, firstSequence, firstInput, firstSequence,
                    "recorded output journal has " + extra + " output" + (extra == 1 ? "" : "s") +
                    " more than replay produces (the first: output " + firstSequence + ", " + firstName +
                    ", recorded as from input " + firstInput + ")");
            }
        }

        Failure outputDamage(final long sequence, final String problem)
        {
            final long input = inputOf(sequence);
            return new Failure(Journal.OUTPUT, Kind.DAMAGED, sequence, input, sequence, "output journal damaged: " + problem +
                (input > 0 ? " (replay makes output " + sequence + " from input " + input + ")" : ""));
        }

        void fail(
            final Journal journal,
            final Kind kind,
            final long sequence,
            final long inputSequence,
            final long outputSequence,
            final String description)
        {
            if (null == failure)
            {
                failure = new Failure(journal, kind, sequence, inputSequence, outputSequence, description);
            }
        }

        private void remember(final long outputSequence, final long inputSequence)
        {
            final long index = outputSequence - blockBase;
            if (index < 0 || index > Integer.MAX_VALUE - 8)
            {
                return;
            }
            if (index >= blockInputs.length)
            {
                blockInputs = Arrays.copyOf(blockInputs, (int)Math.max(index + 1, blockInputs.length * 2L));
            }
            blockInputs[(int)index] = inputSequence;
            blockCount = Math.max(blockCount, (int)index + 1);
        }

        private long inputOf(final long outputSequence)
        {
            final long index = outputSequence - blockBase;
            return index >= 0 && index < blockCount ? blockInputs[(int)index] : -1;
        }
    }

    private static int firstDifference(
        final DirectBuffer a, final int aOffset, final int aLength, final DirectBuffer b, final int bOffset, final int bLength)
    {
        final int common = Math.min(aLength, bLength);
        for (int i = 0; i < common; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return i;
            }
        }
        return aLength == bLength ? -1 : common;
    }
}
