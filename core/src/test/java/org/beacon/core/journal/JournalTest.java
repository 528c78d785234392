package org.beacon.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest
{
    @TempDir
    Path dir;

    private static UnsafeBuffer payload(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(final Path journal, final int from, final int count, final int blockSize)
    {
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, blockSize))
        {
            for (int i = from; i < from + count; i++)
            {
                final UnsafeBuffer p = payload("event-" + i + "-payload");
                writer.append(i, 1_000L * i, 500 + i, 3, p, 0, p.capacity());
                if (i % 7 == 0)
                {
                    writer.seal(1_000L * i);
                }
            }
        }
    }

    private List<String> readAll(final Path journal, final String[] problem)
    {
        final List<String> texts = new ArrayList<>();
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                texts.add(cursor.buffer().getStringWithoutLengthAscii(cursor.payloadOffset(), cursor.payloadLength()));
                assertThat(cursor.correlationId()).isEqualTo(500 + cursor.sequence());
                assertThat(cursor.source()).isEqualTo(3);
            }
            problem[0] = status == JournalCursor.DAMAGED ? cursor.problem() : null;
        }
        return texts;
    }

    @Test
    void writesReadsAndContinuesTheChainAcrossReopen()
    {
        final Path journal = dir.resolve("in");
        write(journal, 1, 20, 5);
        write(journal, 21, 13, 5);
        final String[] problem = new String[1];
        final List<String> texts = readAll(journal, problem);
        assertThat(problem[0]).isNull();
        assertThat(texts).hasSize(33).startsWith("event-1-payload").endsWith("event-33-payload");
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                assertThat(cursor.timestampNs()).isEqualTo(1_000L * cursor.sequence());
            }
            assertThat(cursor.sealsVerified()).isGreaterThanOrEqualTo(7);
            assertThat(cursor.unsealedRecords()).isZero();
        }
    }

    @Test
    void refusesToAppendOutOfSequence()
    {
        try (JournalWriter writer = JournalWriter.open(dir.resolve("in"), JournalRecordDescriptor.TYPE_INPUT, 100))
        {
            final UnsafeBuffer p = payload("x");
            writer.append(1, 1, 1, 1, p, 0, 1);
            assertThatThrownBy(() -> writer.append(3, 1, 1, 1, p, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFlippedByteOnDiskIsDetectedAndLocated() throws Exception
    {
        final Path journal = dir.resolve("in");
        write(journal, 1, 30, 8);
        final Path file;
        try (Stream<Path> files = Files.list(journal))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] needle = "event-17-payload".getBytes(StandardCharsets.US_ASCII);
        final int at = indexOf(bytes, needle);
        assertThat(at).isPositive();
        bytes[at + 6] ^= 0x01;
        Files.write(file, bytes);
        final String[] problem = new String[1];
        final List<String> texts = readAll(journal, problem);
        assertThat(texts).hasSize(16);
        assertThat(problem[0]).startsWith("sequence 17:").contains("CRC32C");
        // a writer reads only its tail (from the last seal on): damage before that is the auditor's to find, and found
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 8))
        {
            assertThat(writer.lastSequence()).isEqualTo(30);
        }
        assertThat(readAll(journal, problem)).hasSize(16);
        assertThat(problem[0]).startsWith("sequence 17:");
    }

    @Test
    void removedSwappedAndRewrittenRecordsAreDetected()
    {
        final Path journal = dir.resolve("in");
        write(journal, 1, 30, 8);
        final List<byte[]> documents = documents(journal);

        final List<byte[]> removed = new ArrayList<>(documents);
        removed.remove(indexOfSequence(documents, 12));
        assertThat(problemOf(copy("removed", removed))).startsWith("sequence 12:").contains("removed");

        final List<byte[]> swapped = new ArrayList<>(documents);
        final int a = indexOfSequence(documents, 20);
        final int b = indexOfSequence(documents, 21);
        swapped.set(a, documents.get(b));
        swapped.set(b, documents.get(a));
        assertThat(problemOf(copy("swapped", swapped))).startsWith("sequence 20:");

        // an attacker changes a record and recomputes its CRC: only the hash chain notices
        final List<byte[]> rewritten = new ArrayList<>(documents);
        final int c = indexOfSequence(documents, 5);
        final UnsafeBuffer record = new UnsafeBuffer(documents.get(c).clone());
        record.putByte(JournalRecordDescriptor.HEADER_LENGTH + 6, (byte)'X');
        record.putInt(JournalRecordDescriptor.CRC_OFFSET, JournalRecordDescriptor.computeCrc(
            record, 0, record.capacity() - JournalRecordDescriptor.HEADER_LENGTH, new java.util.zip.CRC32C()));
        rewritten.set(c, record.byteArray());
        assertThat(problemOf(copy("rewritten", rewritten))).contains("hash chain broken").contains("1..");
    }

    private String problemOf(final Path journal)
    {
        final String[] problem = new String[1];
        readAll(journal, problem);
        return problem[0];
    }

    private static int indexOfSequence(final List<byte[]> documents, final long sequence)
    {
        for (int i = 0; i < documents.size(); i++)
        {
            final UnsafeBuffer record = new UnsafeBuffer(documents.get(i));
            if (record.getInt(JournalRecordDescriptor.TYPE_OFFSET) == JournalRecordDescriptor.TYPE_INPUT &&
                record.getLong(JournalRecordDescriptor.SEQUENCE_OFFSET) == sequence)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + sequence);
    }

    private static List<byte[]> documents(final Path journal)
    {
        final List<byte[]> documents = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(journal).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return documents;
                    }
                    final byte[] bytes = new byte[(int)dc.wire().bytes().readRemaining()];
                    dc.wire().bytes().read(bytes);
                    documents.add(bytes);
                }
            }
        }
    }

    private Path copy(final String name, final List<byte[]> documents)
    {
        final Path target = dir.resolve(name);
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(target).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] bytes : documents)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(bytes);
                }
            }
        }
        return target;
    }

    static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
