package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay compare} over real data folders: a node's folder and its copies agree; a copy that stops early agrees up
 * to where it stops; an altered record (CRC made good again) and another node's recording of the same scenario (other
 * times) are named as the first difference; a damaged copy is named as damaged.
 */
class ReplayCompareTest
{
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static CenterRecording recording;
    private static CenterRecording other;

    @BeforeAll
    static void record()
    {
        recording = CenterRecording.record(shared.resolve("a"));
        other = CenterRecording.record(shared.resolve("b"));
    }

    private static ReplayCommandTest.Run run(final String... args)
    {
        return ReplayCommandTest.run(args);
    }

    private Path copy(final String name) throws IOException
    {
        final Path target = dir.resolve(name);
        try (Stream<Path> paths = Files.walk(recording.dir()))
        {
            for (final Path path : paths.toList())
            {
                final Path to = target.resolve(recording.dir().relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(to);
                }
                else
                {
                    Files.copy(path, to);
                }
            }
        }
        return target;
    }

    @Test
    void copiesOfOneFolderAreIdentical() throws IOException
    {
        final VerifyResult verified = ReplayVerifier.verify(recording.dir());
        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), copy("m1").toString(), copy("m2").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo("identical: " + verified.inputs() + " inputs, " + verified.outputs() +
            " outputs (up to the shortest of 3 folders)");
    }

    @Test
    void aCopyThatStopsEarlyAgreesUpToWhereItStops() throws IOException
    {
        final Path shorter = copy("short");
        final Path input = ReplayVerifier.inputJournalDir(shorter);
        final List<RawJournal.Doc> docs = RawJournal.read(input);
        RawJournal.replace(input, docs.subList(0, docs.size() - 5));
        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), shorter.toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("input: same in " + (docs.size() - 5) + " documents")
            .contains("the longest copy holds " + docs.size());
    }

    @Test
    void anAlteredRecordWithAGoodCrcIsTheFirstDifference() throws IOException
    {
        final Path altered = copy("altered");
        final Path input = ReplayVerifier.inputJournalDir(altered);
        final List<RawJournal.Doc> docs = new java.util.ArrayList<>(RawJournal.read(input));
        final int at = RawJournal.indexOfData(docs, recording.sequence("call 3"));
        final RawJournal.Doc doc = docs.get(at);
        final int callerAt = doc.indexOf(RawJournal.littleEndian(CenterRecording.CALL_ID_3));
        assertThat(callerAt).isPositive();
        docs.set(at, doc.withByte(callerAt, (byte)(doc.bytes()[callerAt] ^ 0x01), true));
        RawJournal.replace(input, docs);

        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), altered.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastLine()).startsWith("different: input journal, document " + at + " (record " +
            recording.sequence("call 3") + " in ").contains("differ in the payload at byte");
    }

    @Test
    void anotherRecordingOfTheSameScenarioDiffersInItsTimes()
    {
        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), other.dir().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastLine()).startsWith("different: input journal, document 0 (record 1 in ").contains("the timestamp");
    }

    @Test
    void aDamagedCopyIsNamedAsDamaged() throws IOException
    {
        final Path damaged = copy("damaged");
        final List<RawJournal.Doc> outputs = RawJournal.read(ReplayVerifier.outputJournalDir(damaged));
        final RawJournal.Doc middle = outputs.stream().filter(d -> !d.isSeal()).skip(outputs.size() / 3).findFirst().orElseThrow();
        RawJournal.flipInFile(ReplayVerifier.outputJournalDir(damaged), middle.bytes(),
            org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH + 1);
        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), damaged.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastLine()).startsWith("different: output journal, " + damaged + " is damaged at sequence").contains("CRC32C");
    }

    @Test
    void aFolderWithoutJournalsIsAUsageError() throws IOException
    {
        final ReplayCommandTest.Run run = run("compare", recording.dir().toString(), Files.createDirectories(dir.resolve("empty")).toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("replay compare: ");
    }
}
