package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.core.snapshot.SnapshotStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayVerifierTest
{
    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static CenterRecording recording;
    private static List<RawJournal.Doc> inputDocs;
    private static List<RawJournal.Doc> outputDocs;

    @BeforeAll
    static void record()
    {
        recording = CenterRecording.record(shared.resolve("data"));
        inputDocs = RawJournal.read(ReplayVerifier.inputJournalDir(recording.dir()));
        outputDocs = RawJournal.read(ReplayVerifier.outputJournalDir(recording.dir()));
    }

    @Test
    void aRecordedCenterVerifiesAsIdenticalWithEveryCountRight()
    {
        final VerifyResult result = ReplayVerifier.verify(recording.dir());

        assertThat(result.failure()).isNull();
        assertThat(result.identical()).isTrue();
        assertThat(result.inputs()).isEqualTo(RawJournal.dataCount(inputDocs))
            .isGreaterThan(CenterRecording.EVENTS.length);
        assertThat(result.outputs()).isEqualTo(RawJournal.dataCount(outputDocs)).isEqualTo(result.recordedOutputs());
        assertThat(result.inputSealsVerified()).isEqualTo(RawJournal.sealCount(inputDocs)).isGreaterThan(1);
        assertThat(result.outputSealsVerified()).isEqualTo(RawJournal.sealCount(outputDocs)).isPositive();
        // a clean close seals both journals
        assertThat(result.inputUnsealedRecords()).isZero();
        assertThat(result.outputUnsealedRecords()).isZero();
        assertThat(result.summary()).isEqualTo("identical: " + result.inputs() + " inputs, " + result.outputs() + " outputs");
        // the scenario's outputs are there: 4 units registered, 3 incidents opened, 1 call added, 2 orders ...
        assertThat(result.outputs()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void verifyingTwiceGivesTheSameResult()
    {
        assertThat(ReplayVerifier.verify(recording.dir())).isEqualTo(ReplayVerifier.verify(recording.dir()));
    }

    @Test
    void recordedOutputsCarryTheInputThatProducedThem()
    {
        final RawJournal.Doc opened = outputDocs.stream()
            .filter(doc -> doc.indexOf(RawJournal.littleEndian(CenterRecording.CALL_ID_3)) >= 0)
            .findFirst().orElseThrow();
        assertThat(opened.correlationId()).isEqualTo(recording.sequence("call 3"));
        assertThat(opened.timestampNs()).isEqualTo(recording.timestampNs("call 3"));
    }

    @Test
    void reportsProgressUpToTheInputCount()
    {
        final List<Long> reports = new ArrayList<>();
        final VerifyResult result = ReplayVerifier.verify(recording.dir(), CenterStateMachine::new, reports::add);

        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1)).isEqualTo(result.inputs());
        assertThat(reports).isSorted();
        assertThat(ReplayVerifier.estimateInputs(recording.dir())).isGreaterThanOrEqualTo(result.inputs());
    }

    @Test
    void snapshotPlusTailReplaysToTheSameStateAsReplayFromTheStart()
    {
        final List<Path> files = new SnapshotStore(recording.dir().resolve("snapshots"), Integer.MAX_VALUE).list();
        final List<SnapshotStore.Snapshot> snapshots = files.stream().map(SnapshotStore::read).collect(Collectors.toList());
        assertThat(snapshots).doesNotContainNull();
        // one at the SnapshotRequest, one on close
        assertThat(snapshots).extracting(SnapshotStore.Snapshot::sequence).contains(recording.sequence("snapshot request"));
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2);

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final CenterStateMachine full = new CenterStateMachine();
        final JournalReplayer.Result fullResult = JournalReplayer.replay(
            ReplayVerifier.inputJournalDir(recording.dir()), full, 0, 0, null, null);
        assertThat(fullResult.status()).isEqualTo(JournalReplayer.END);
        final byte[] finalState = SnapshotVerifier.stateBytes(full, buffer);

        for (final SnapshotStore.Snapshot snapshot : snapshots)
        {
            final CenterStateMachine restored = new CenterStateMachine();
            restored.restore(snapshot.state(), 0, snapshot.state().capacity());
            final JournalReplayer.Result tail = JournalReplayer.replay(ReplayVerifier.inputJournalDir(recording.dir()), restored,
                snapshot.sequence(), snapshot.outputSequence(), null, null);
            assertThat(tail.status()).isEqualTo(JournalReplayer.END);
            assertThat(tail.outputSequence()).isEqualTo(fullResult.outputSequence());
            assertThat(SnapshotVerifier.stateBytes(restored, buffer)).as("snapshot at " + snapshot.sequence() + " + tail")
                .isEqualTo(finalState);

            final CenterStateMachine upTo = new CenterStateMachine();
            JournalReplayer.replay(ReplayVerifier.inputJournalDir(recording.dir()), upTo, 0, 0,
                (sequence, timestampNs, b, offset, length) -> sequence <= snapshot.sequence(), null);
            final byte[] state = new byte[snapshot.state().capacity()];
            snapshot.state().getBytes(0, state);
            assertThat(SnapshotVerifier.stateBytes(upTo, buffer)).as("replay stopped at " + snapshot.sequence()).isEqualTo(state);
        }

        final List<SnapshotVerifier.SnapshotCheck> checks = SnapshotVerifier.verifySnapshots(recording.dir(), CenterStateMachine::new);
        assertThat(checks).hasSize(snapshots.size()).allMatch(SnapshotVerifier.SnapshotCheck::ok);
    }

    @Test
    void aSnapshotThatDoesNotMatchReplayIsReported() throws Exception
    {
        final Path dir = recording.copyTo(scratch.resolve("data"));
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), Integer.MAX_VALUE);
        final SnapshotStore.Snapshot mid = SnapshotStore.read(store.list().get(0));
        assertThat(mid.sequence()).isEqualTo(recording.sequence("snapshot request"));
        // a snapshot claiming to be taken before the dispatch its state already holds
        final long claimed = recording.sequence("dispatch 201 to call 1") - 1;
        store.write(claimed, mid.timestampNs(), mid.outputSequence(), mid.state(), mid.state().capacity());

        final List<SnapshotVerifier.SnapshotCheck> checks = SnapshotVerifier.verifySnapshots(dir, CenterStateMachine::new);
        assertThat(checks).filteredOn(check -> check.sequence() == claimed).singleElement()
            .satisfies(check -> assertThat(check.matchesReplay()).isFalse())
            .satisfies(check -> assertThat(check.problem()).startsWith("differs from a replay stopped at input " + claimed));
        assertThat(checks).filteredOn(check -> check.sequence() != claimed).allMatch(SnapshotVerifier.SnapshotCheck::ok);
    }

    @Test
    void aDifferentStateMachineIsCaughtAtTheFirstDifferingByteAndField()
    {
        final RawJournal.Doc opened = outputDocs.stream()
            .filter(doc -> doc.indexOf(RawJournal.littleEndian(CenterRecording.CALL_ID_3)) >= 0)
            .findFirst().orElseThrow();
        final long outputSequence = opened.sequence();
        final int byteIndex = MessageHeaderDecoder.ENCODED_LENGTH + IncidentOpenedDecoder.priorityEncodingOffset();

        final VerifyResult result = ReplayVerifier.verify(recording.dir(),
            () -> new AlteringStateMachine(new CenterStateMachine(), outputSequence, byteIndex));

        assertThat(result.identical()).isFalse();
        final VerifyResult.Failure failure = result.failure();
        assertThat(failure.journal()).isEqualTo(VerifyResult.Journal.OUTPUT);
        assertThat(failure.kind()).isEqualTo(VerifyResult.Kind.DIFFERENT);
        assertThat(failure.sequence()).isEqualTo(outputSequence);
        assertThat(failure.outputSequence()).isEqualTo(outputSequence);
        assertThat(failure.inputSequence()).isEqualTo(recording.sequence("call 3"));
        assertThat(failure.description()).startsWith("output " + outputSequence + " (from input " + recording.sequence("call 3") +
            "): recorded IncidentOpened differs from replayed at byte " + byteIndex + " (field priority");
        // replay stops at the first difference
        assertThat(result.inputs()).isLessThan(RawJournal.dataCount(inputDocs));
    }

    @Test
    void outputsTheReplayDoesNotProduceAreCounted()
    {
        final long total = RawJournal.dataCount(outputDocs);
        final long kept = total - 3;
        final VerifyResult result = ReplayVerifier.verify(recording.dir(),
            () -> new TruncatingStateMachine(new CenterStateMachine(), kept));

        assertThat(result.identical()).isFalse();
        assertThat(result.failure().kind()).isEqualTo(VerifyResult.Kind.EXTRA);
        assertThat(result.failure().sequence()).isEqualTo(kept + 1);
        assertThat(result.failure().description()).startsWith("recorded output journal has 3 outputs more than replay produces");
        assertThat(result.outputs()).isEqualTo(kept);
        assertThat(result.recordedOutputs()).isEqualTo(total);
    }

    @Test
    void anOutputTheRecordedJournalLacksIsNamed()
    {
        final Path dir = recording.copyTo(scratch.resolve("data"));
        final long total = RawJournal.dataCount(outputDocs);
        // the recorded output journal lost its tail: the last two outputs and every seal after them
        final List<RawJournal.Doc> truncated = new ArrayList<>();
        for (final RawJournal.Doc doc : outputDocs)
        {
            if (!doc.isSeal() && doc.sequence() > total - 2)
            {
                break;
            }
            truncated.add(doc);
        }
        RawJournal.replace(ReplayVerifier.outputJournalDir(dir), truncated);
        final long lostInput = outputDocs.get(RawJournal.indexOfData(outputDocs, total - 1)).correlationId();

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertThat(result.identical()).isFalse();
        assertThat(result.failure().kind()).isEqualTo(VerifyResult.Kind.MISSING);
        assertThat(result.failure().sequence()).isEqualTo(total - 1);
        assertThat(result.failure().inputSequence()).isEqualTo(lostInput);
        assertThat(result.failure().description())
            .startsWith("replay produced output " + (total - 1) + " (from input " + lostInput + ", ")
            .contains(") that the recorded journal lacks; the recorded journal ends at output " + (total - 2));
    }

    @Test
    void aStateMachineThatThrowsIsReportedAtItsInput()
    {
        final long badInput = recording.sequence("call 2");
        final VerifyResult result = ReplayVerifier.verify(recording.dir(), () -> new ThrowingStateMachine(new CenterStateMachine(), badInput));
        assertThat(result.identical()).isFalse();
        assertThat(result.failure().kind()).isEqualTo(VerifyResult.Kind.REPLAY_FAILED);
        assertThat(result.failure().inputSequence()).isEqualTo(badInput);
        assertThat(result.failure().description()).contains("input " + badInput).contains("boom");
    }

    @Test
    void aFolderWithoutJournalsIsRefusedWithoutCreatingAnything() throws Exception
    {
        final Path missing = scratch.resolve("nowhere");
        assertThat(ReplayVerifier.checkDataDir(missing)).startsWith("no such folder");
        assertThatThrownBy(() -> ReplayVerifier.verify(missing)).isInstanceOf(IllegalArgumentException.class);
        assertThat(missing).doesNotExist();

        final Path empty = Files.createDirectories(scratch.resolve("empty"));
        assertThat(ReplayVerifier.checkDataDir(empty)).startsWith("no input journal");
        assertThatThrownBy(() -> ReplayVerifier.verify(empty)).isInstanceOf(IllegalArgumentException.class);
        assertThat(empty.resolve("journal")).doesNotExist();
    }

    @Test
    void problemSequenceIsReadFromTheCursorsDescription()
    {
        assertThat(ReplayVerifier.problemSequence("sequence 17: CRC32C mismatch")).isEqualTo(17);
        assertThat(ReplayVerifier.problemSequence("something else")).isEqualTo(-1);
        assertThat(ReplayVerifier.problemSequence(null)).isEqualTo(-1);
    }

    @Test
    void catalogNamesTemplatesAndFields()
    {
        final SbeCatalog catalog = SbeCatalog.schema();
        assertThat(catalog.templateName(IncidentOpenedDecoder.TEMPLATE_ID)).isEqualTo("IncidentOpened");
        assertThat(catalog.templateName(1)).isEqualTo("CallReceived");
        assertThat(catalog.templateName(4242)).isEqualTo("template 4242");
        assertThat(catalog.fieldAt(IncidentOpenedDecoder.TEMPLATE_ID, IncidentOpenedDecoder.BLOCK_LENGTH,
            MessageHeaderDecoder.ENCODED_LENGTH + IncidentOpenedDecoder.openedAtNsEncodingOffset() + 3))
            .isEqualTo("field openedAtNs");
        assertThat(catalog.fieldAt(IncidentOpenedDecoder.TEMPLATE_ID, IncidentOpenedDecoder.BLOCK_LENGTH, 2))
            .isEqualTo("header templateId");
        final UnsafeBuffer tooShort = new UnsafeBuffer(new byte[4]);
        assertThat(catalog.messageName(tooShort, 0, 4)).isEqualTo("a 4-byte message");
        assertThat(JournalRecordDescriptor.HEADER_LENGTH).isEqualTo(40);
    }

    /** Flips the lowest bit of one byte of one output: a state machine that is not the one recorded. */
    static final class AlteringStateMachine implements StateMachine
    {
        private final StateMachine delegate;
        private final long outputToAlter;
        private final int byteIndex;
        private final ExpandableArrayBuffer copy = new ExpandableArrayBuffer();
        private long outputs;

        AlteringStateMachine(final StateMachine delegate, final long outputToAlter, final int byteIndex)
        {
            this.delegate = delegate;
            this.outputToAlter = outputToAlter;
            this.byteIndex = byteIndex;
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink sink)
        {
            delegate.onEvent(sequence, timestampNs, buffer, offset, length, (out, at, outLength) ->
            {
                if (++outputs == outputToAlter)
                {
                    copy.putBytes(0, out, at, outLength);
                    copy.putByte(byteIndex, (byte)(copy.getByte(byteIndex) ^ 0x01));
                    sink.emit(copy, 0, outLength);
                }
                else
                {
                    sink.emit(out, at, outLength);
                }
            });
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            return delegate.snapshot(buffer, offset);
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.restore(buffer, offset, length);
        }
    }

    /** Throws on one input. */
    static final class ThrowingStateMachine implements StateMachine
    {
        private final StateMachine delegate;
        private final long badInput;

        ThrowingStateMachine(final StateMachine delegate, final long badInput)
        {
            this.delegate = delegate;
            this.badInput = badInput;
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink sink)
        {
            if (sequence == badInput)
            {
                throw new IllegalStateException("boom");
            }
            delegate.onEvent(sequence, timestampNs, buffer, offset, length, sink);
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            return delegate.snapshot(buffer, offset);
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.restore(buffer, offset, length);
        }
    }

    /** Emits only the first {@code kept} outputs. */
    static final class TruncatingStateMachine implements StateMachine
    {
        private final StateMachine delegate;
        private final long kept;
        private long outputs;

        TruncatingStateMachine(final StateMachine delegate, final long kept)
        {
            this.delegate = delegate;
            this.kept = kept;
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink sink)
        {
            delegate.onEvent(sequence, timestampNs, buffer, offset, length, (out, at, outLength) ->
            {
                if (++outputs <= kept)
                {
                    sink.emit(out, at, outLength);
                }
            });
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            return delegate.snapshot(buffer, offset);
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.restore(buffer, offset, length);
        }
    }
}
