package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.VerifyResult.Failure;
import org.beacon.replay.VerifyResult.Journal;
import org.beacon.replay.VerifyResult.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage done to real journals on disk must be detected and located: by the CRC for a damaged
 * record, by sequence continuity for a removed or reordered one, by the hash chain for a record
 * altered with a recomputed CRC, and by lock-step comparison for the output journal.
 */
class JournalDamageTest
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
        assertThat(ReplayVerifier.verify(recording.dir()).identical()).isTrue();
    }

    private Path copy()
    {
        return recording.copyTo(scratch.resolve("data"));
    }

    @Test
    void aByteFlippedInAnInputRecordOnDiskIsCaughtByItsCrcAtItsSequence()
    {
        final Path dir = copy();
        RawJournal.flipInFile(ReplayVerifier.inputJournalDir(dir), CenterRecording.ascii(CenterRecording.CALLER_3), 5);

        final VerifyResult result = ReplayVerifier.verify(dir);

        final long call3 = recording.sequence("call 3");
        assertDamaged(result, Journal.INPUT, call3);
        assertThat(result.failure().description())
            .startsWith("input journal damaged: sequence " + call3 + ": CRC32C mismatch")
            .endsWith("(replay applied inputs up to " + (call3 - 1) + ")");
        // replay got as far as the record before
        assertThat(result.inputs()).isEqualTo(call3 - 1);
    }

    @Test
    void aRemovedInputRecordIsLocated()
    {
        final Path dir = copy();
        final long removed = recording.sequence("call 2");
        final List<RawJournal.Doc> docs = new ArrayList<>(inputDocs);
        docs.remove(RawJournal.indexOfData(docs, removed));
        RawJournal.replace(ReplayVerifier.inputJournalDir(dir), docs);

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertDamaged(result, Journal.INPUT, removed);
        assertThat(result.failure().description()).contains("sequence " + (removed + 1) + " follows " + (removed - 1))
            .contains("removed");
    }

    @Test
    void twoSwappedInputRecordsAreLocated()
    {
        final Path dir = copy();
        final List<RawJournal.Doc> docs = new ArrayList<>(inputDocs);
        int first = RawJournal.indexOfData(docs, recording.sequence("call 3"));
        while (docs.get(first).isSeal() || docs.get(first + 1).isSeal())
        {
            first++;
        }
        final long swapped = docs.get(first).sequence();
        final RawJournal.Doc a = docs.get(first);
        docs.set(first, docs.get(first + 1));
        docs.set(first + 1, a);
        RawJournal.replace(ReplayVerifier.inputJournalDir(dir), docs);

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertDamaged(result, Journal.INPUT, swapped);
        assertThat(result.failure().description()).contains("sequence " + (swapped + 1) + " follows " + (swapped - 1));
    }

    @Test
    void anInputRecordAlteredWithARecomputedCrcIsCaughtByTheHashChainOfItsBlock()
    {
        final Path dir = copy();
        final long altered = recording.sequence("call 3");
        final List<RawJournal.Doc> docs = new ArrayList<>(inputDocs);
        final int index = RawJournal.indexOfData(docs, altered);
        final RawJournal.Doc original = docs.get(index);
        // the caller's number is no part of any output: only the chain can tell
        final int at = original.indexOf(CenterRecording.ascii(CenterRecording.CALLER_3)) + "sip:+8491".length();
        assertThat(original.bytes()[at]).isEqualTo((byte)'1');
        docs.set(index, original.withByte(at, (byte)'7', true));
        RawJournal.replace(ReplayVerifier.inputJournalDir(dir), docs);
        final RawJournal.Doc seal = RawJournal.sealCovering(inputDocs, altered);

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertDamaged(result, Journal.INPUT, seal.sealFirst());
        assertThat(seal.sealFirst()).isLessThanOrEqualTo(altered);
        assertThat(result.failure().description()).contains("hash chain broken in block " + seal.sequence() +
            " (sequences " + seal.sealFirst() + ".." + seal.sealLast() + ")").doesNotContain("CRC32C");
    }

    @Test
    void anAlteredInputThatChangesOutputsIsReportedAsTheInputDamageNotTheSymptom()
    {
        final Path dir = copy();
        final long altered = recording.sequence("call 1");
        final List<RawJournal.Doc> docs = new ArrayList<>(inputDocs);
        final int index = RawJournal.indexOfData(docs, altered);
        final int latitude = JournalRecordDescriptor.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH +
            CallReceivedDecoder.locationEncodingOffset();
        final RawJournal.Doc original = docs.get(index);
        docs.set(index, original.withByte(latitude + 1, (byte)(original.bytes()[latitude + 1] + 3), true));
        RawJournal.replace(ReplayVerifier.inputJournalDir(dir), docs);
        final RawJournal.Doc seal = RawJournal.sealCovering(inputDocs, altered);

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertDamaged(result, Journal.INPUT, seal.sealFirst());
        assertThat(result.failure().description()).contains("hash chain broken")
            .contains("replay first differs at output ")
            .contains("(from input " + altered + "): recorded IncidentOpened differs from replayed at byte");
    }

    @Test
    void aByteFlippedInAnOutputRecordOnDiskNamesTheOutputAndItsInput()
    {
        final Path dir = copy();
        final RawJournal.Doc opened = incidentOpenedOfCall3();
        // the whole record is the pattern: its call id alone also stands in the call's CallUpdated
        RawJournal.flipInFile(ReplayVerifier.outputJournalDir(dir), opened.bytes(),
            JournalRecordDescriptor.HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH + 8);

        final VerifyResult result = ReplayVerifier.verify(dir);

        assertDamaged(result, Journal.OUTPUT, opened.sequence());
        assertThat(result.failure().outputSequence()).isEqualTo(opened.sequence());
        assertThat(result.failure().inputSequence()).isEqualTo(recording.sequence("call 3"));
        assertThat(result.failure().description())
            .startsWith("output journal damaged: sequence " + opened.sequence() + ": CRC32C mismatch")
            .endsWith("(replay makes output " + opened.sequence() + " from input " + recording.sequence("call 3") + ")");
    }

    @Test
    void anOutputRecordAlteredWithARecomputedCrcNamesTheOutputItsInputAndTheByte()
    {
        final Path dir = copy();
        final RawJournal.Doc opened = incidentOpenedOfCall3();
        final List<RawJournal.Doc> docs = new ArrayList<>(outputDocs);
        final int index = RawJournal.indexOfData(docs, opened.sequence());
        final int priority = MessageHeaderDecoder.ENCODED_LENGTH + IncidentOpenedDecoder.priorityEncodingOffset();
        docs.set(index, opened.withByte(JournalRecordDescriptor.HEADER_LENGTH + priority, (byte)5, true));
        RawJournal.replace(ReplayVerifier.outputJournalDir(dir), docs);
        final RawJournal.Doc seal = RawJournal.sealCovering(outputDocs, opened.sequence());

        final VerifyResult result = ReplayVerifier.verify(dir);

        // the comparison finds the difference; the output journal's own chain proves it was tampered with
        assertDamaged(result, Journal.OUTPUT, seal.sealFirst());
        assertThat(result.failure().description())
            .contains("hash chain broken in block " + seal.sequence())
            .contains("output " + opened.sequence() + " (from input " + recording.sequence("call 3") +
                "): recorded IncidentOpened differs from replayed at byte " + priority + " (field priority");
    }

    @Test
    void anUnsealedOutputTailAlteredWithARecomputedCrcIsADifference()
    {
        final Path dir = copy();
        final RawJournal.Doc opened = incidentOpenedOfCall3();
        // drop every seal from the altered record on: nothing but replay can catch it now
        final List<RawJournal.Doc> docs = new ArrayList<>();
        final int priority = MessageHeaderDecoder.ENCODED_LENGTH + IncidentOpenedDecoder.priorityEncodingOffset();
        for (final RawJournal.Doc doc : outputDocs)
        {
            if (doc.isSeal() && doc.sealLast() >= opened.sequence())
            {
                continue;
            }
            docs.add(doc.isSeal() || doc.sequence() != opened.sequence() ? doc :
                doc.withByte(JournalRecordDescriptor.HEADER_LENGTH + priority, (byte)5, true));
        }
        RawJournal.replace(ReplayVerifier.outputJournalDir(dir), docs);

        final VerifyResult result = ReplayVerifier.verify(dir);

        final Failure failure = result.failure();
        assertThat(failure.journal()).isEqualTo(Journal.OUTPUT);
        assertThat(failure.kind()).isEqualTo(Kind.DIFFERENT);
        assertThat(failure.sequence()).isEqualTo(opened.sequence());
        assertThat(failure.inputSequence()).isEqualTo(recording.sequence("call 3"));
        assertThat(failure.description()).isEqualTo("output " + opened.sequence() + " (from input " +
            recording.sequence("call 3") + "): recorded IncidentOpened differs from replayed at byte " + priority +
            String.format(" (field priority: recorded 0x05, replayed 0x%02x)", opened.bytes()[JournalRecordDescriptor.HEADER_LENGTH + priority]));
    }

    @Test
    void anyRemovedRecordIsLocatedAtItsSequenceOrAtItsBlock()
    {
        // seeded property over the whole journal: whichever data record goes missing, verify names its
        // sequence; when it was the last of its block, the seal's range gives it away and the block is named
        final SplittableRandom random = new SplittableRandom(112);
        final List<Integer> dataIndexes = new ArrayList<>();
        for (int i = 0; i < inputDocs.size(); i++)
        {
            if (!inputDocs.get(i).isSeal())
            {
                dataIndexes.add(i);
            }
        }
        for (int trial = 0; trial < 6; trial++)
        {
            final int index = dataIndexes.get(random.nextInt(dataIndexes.size()));
            final long removed = inputDocs.get(index).sequence();
            final RawJournal.Doc seal = RawJournal.sealCovering(inputDocs, removed);
            final Path dir = recording.copyTo(scratch.resolve("trial-" + trial));
            final List<RawJournal.Doc> docs = new ArrayList<>(inputDocs);
            docs.remove(index);
            RawJournal.replace(ReplayVerifier.inputJournalDir(dir), docs);

            final VerifyResult result = ReplayVerifier.verify(dir);

            assertDamaged(result, Journal.INPUT, removed == seal.sealLast() ? seal.sealFirst() : removed);
            assertThat(result.failure().description()).contains("removed");
            RawJournal.deleteTree(dir);
        }
    }

    private static RawJournal.Doc incidentOpenedOfCall3()
    {
        return outputDocs.stream()
            .filter(doc -> !doc.isSeal() && doc.indexOf(RawJournal.littleEndian(CenterRecording.CALL_ID_3)) >= 0)
            .findFirst().orElseThrow();
    }

    private static void assertDamaged(final VerifyResult result, final Journal journal, final long sequence)
    {
        assertThat(result.identical()).isFalse();
        final Failure failure = result.failure();
        assertThat(failure).isNotNull();
        assertThat(failure.journal()).as(failure.description()).isEqualTo(journal);
        assertThat(failure.kind()).as(failure.description()).isEqualTo(Kind.DAMAGED);
        assertThat(failure.sequence()).as(failure.description()).isEqualTo(sequence);
    }
}
