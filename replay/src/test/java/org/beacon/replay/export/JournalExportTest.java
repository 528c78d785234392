package org.beacon.replay.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayCommand;
import org.beacon.replay.ReplayVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay export} and {@code replay verify FILE} over a real recorded data folder. */
class JournalExportTest
{
    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static Path data;

    @BeforeAll
    static void restoreRecordedFolder() throws IOException
    {
        final Path export = RecordedJournalsTest.copyResource("/recorded/demo.export.gz", shared.resolve("demo.export.gz"));
        data = shared.resolve("data");
        assertThat(ExportReader.read(export, data).problem()).isNull();
    }

    private record Run(int exitCode, String out, String err)
    {
        String lastLine()
        {
            final String[] lines = out.split("\\R");
            return lines[lines.length - 1];
        }
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ReplayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void aWholeExportVerifiesLikeItsFolder()
    {
        final Path file = scratch.resolve("all.gz");

        final Run export = run("export", data.toString(), "--out", file.toString());
        final Run verify = run("verify", file.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.lastLine()).isEqualTo(run("verify", data.toString(), "--no-progress").lastLine());
        assertThat(verify.lastLine()).startsWith("identical: ");
    }

    @Test
    void aPeriodIsExportedInWholeSealedBlocksAnchoredOnTheSealBeforeIt() throws IOException
    {
        final Path file = scratch.resolve("period.gz");

        final Run export = run("export", data.toString(), "--out", file.toString(), "--from", "+20s", "--to", "+30s");
        final ExportReader.Result read = ExportReader.read(file, null);
        final Run verify = run("verify", file.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(read.problem()).isNull();
        assertThat(read.fromStart()).isFalse();
        assertThat(read.inputs().seals()).isPositive();
        assertThat(read.inputs().unsealed()).isZero();
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.lastLine()).startsWith("intact: ").contains(read.inputs().anchorHash());
        assertThat(read.inputs().anchorHash()).isEqualTo(sealHashBefore(read.inputs().anchor().firstSequence()));
    }

    @Test
    void aFlippedByteATruncationOrAnotherFileIsReportedNotIdentical() throws IOException
    {
        final Path file = scratch.resolve("all.gz");
        assertThat(run("export", data.toString(), "--out", file.toString()).exitCode()).isZero();
        final byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file)))
        {
            plain = in.readAllBytes();
        }
        plain[plain.length / 2] ^= 0x10;
        final Path flipped = scratch.resolve("flipped.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(flipped)))
        {
            out.write(plain);
        }
        final byte[] compressed = Files.readAllBytes(file);
        final Path truncated = Files.write(scratch.resolve("truncated.gz"), java.util.Arrays.copyOf(compressed,
            compressed.length / 2));
        final Path other = Files.writeString(scratch.resolve("notes.txt"), "not an export");

        final Run flippedRun = run("verify", flipped.toString());
        final Run truncatedRun = run("verify", truncated.toString());
        final Run otherRun = run("verify", other.toString());

        assertThat(flippedRun.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
        assertThat(flippedRun.lastLine()).startsWith("NOT IDENTICAL: export damaged: ");
        assertThat(truncatedRun.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
        assertThat(truncatedRun.lastLine()).contains("truncated");
        assertThat(otherRun.exitCode()).isEqualTo(ReplayCommand.EXIT_FAILED);
        assertThat(otherRun.lastLine()).contains("not a journal export");
    }

    @Test
    void aMissingFolderIsAUsageError()
    {
        final Run run = run("export", scratch.resolve("nothing").toString(), "--out", scratch.resolve("x.gz").toString());

        assertThat(run.exitCode()).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(run.err()).startsWith("replay export: ");
    }

    /** The hash of the last seal before a sequence, read straight from the input journal's seal records. */
    private static String sealHashBefore(final long sequence)
    {
        String hash = null;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.inputJournalDir(data), JournalRecordDescriptor.TYPE_INPUT))
        {
            int length;
            while ((length = cursor.nextRaw()) >= 0)
            {
                final var record = cursor.buffer();
                if (record.getInt(JournalRecordDescriptor.TYPE_OFFSET) == JournalRecordDescriptor.TYPE_SEAL)
                {
                    final long last = record.getLong(JournalRecordDescriptor.HEADER_LENGTH +
                        JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET);
                    if (last >= sequence)
                    {
                        break;
                    }
                    final byte[] bytes = new byte[JournalRecordDescriptor.HASH_LENGTH];
                    record.getBytes(JournalRecordDescriptor.HEADER_LENGTH + JournalRecordDescriptor.SEAL_HASH_OFFSET, bytes);
                    hash = HexFormat.of().formatHex(bytes);
                }
            }
            assertThat(length).isPositive();
        }
        return hash;
    }
}
