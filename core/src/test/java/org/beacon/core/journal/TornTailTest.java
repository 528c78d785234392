package org.beacon.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torn last record is cut at open (and logged and kept); damage anywhere else is still refused. */
class TornTailTest
{
    @TempDir
    Path dir;

    private static UnsafeBuffer payload(final long i)
    {
        return new UnsafeBuffer(("event-" + i).getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(final Path journal, final long from, final long to)
    {
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
        {
            for (long i = from; i <= to; i++)
            {
                final UnsafeBuffer p = payload(i);
                writer.append(i, 1_000L * i, i, 1, p, 0, p.capacity());
            }
        }
    }

    /** Appends raw documents, as a faulting write leaves them: Chronicle completes the document with what was written. */
    private static void appendRaw(final Path journal, final byte[]... documents)
    {
        try (ChronicleQueue queue = JournalWriter.openQueue(journal, false); ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] document : documents)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(document);
                }
            }
        }
    }

    private static byte[] record(final long sequence, final long timestampNs)
    {
        final UnsafeBuffer p = payload(sequence);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalRecordDescriptor.HEADER_LENGTH + p.capacity()]);
        buffer.putBytes(JournalRecordDescriptor.HEADER_LENGTH, p, 0, p.capacity());
        JournalRecordDescriptor.writeHeader(buffer, 0, JournalRecordDescriptor.TYPE_INPUT, p.capacity(), sequence, timestampNs,
            sequence, 1, new CRC32C());
        return buffer.byteArray();
    }

    private static long checkedRecords(final Path journal)
    {
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            int result;
            do
            {
                result = cursor.next();
            }
            while (result == JournalCursor.RECORD);
            assertThat(cursor.problem()).isNull();
            return cursor.dataRecords();
        }
    }

    @Test
    void aThreeByteLastRecordIsCutKeptAndTheJournalGoesOn() throws Exception
    {
        final Path journal = dir.resolve("input");
        write(journal, 1, 10);
        appendRaw(journal, new byte[] {1, 0, 0});
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
        {
            final TornTail.Repair repair = writer.repair();
            assertThat(repair).isNotNull();
            assertThat(repair.cutSequence()).isEqualTo(11);
            assertThat(repair.cutBytes()).isEqualTo(3);
            assertThat(repair.problem()).contains("shorter than a header");
            assertThat(Files.readAllBytes(repair.savedTo())).containsExactly(1, 0, 0);
            assertThat(writer.lastSequence()).isEqualTo(10);
            final UnsafeBuffer p = payload(11);
            writer.append(11, 11_000, 11, 1, p, 0, p.capacity());
        }
        assertThat(checkedRecords(journal)).isEqualTo(11);
        assertThat(Files.exists(dir.resolve("input.old"))).isFalse();
        assertThat(Files.exists(dir.resolve("input.repair"))).isFalse();
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
        {
            assertThat(writer.repair()).isNull();
        }
    }

    @Test
    void aLastRecordCutShortOfItsLengthOrCrcIsTorn()
    {
        final Path journal = dir.resolve("input");
        write(journal, 1, 5);
        final byte[] whole = record(6, 6_000);
        final byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        appendRaw(journal, cut);
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
        {
            assertThat(writer.repair().cutSequence()).isEqualTo(6);
            assertThat(writer.lastSequence()).isEqualTo(5);
        }
        final byte[] zeroed = record(6, 6_000);
        zeroed[zeroed.length - 1] ^= 0x55;
        appendRaw(journal, zeroed);
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
        {
            assertThat(writer.repair().problem()).contains("CRC32C");
        }
        assertThat(checkedRecords(journal)).isEqualTo(5);
    }

    @Test
    void aTornRecordThatIsNotTheLastIsRefused()
    {
        final Path journal = dir.resolve("input");
        write(journal, 1, 5);
        appendRaw(journal, new byte[] {1, 0, 0}, record(6, 6_000));
        assertThatThrownBy(() -> JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged at sequence 6");
    }

    @Test
    void aWholeLastRecordOutOfPlaceIsRefusedNotCut()
    {
        final Path journal = dir.resolve("input");
        write(journal, 1, 5);
        appendRaw(journal, record(9, 9_000));
        assertThatThrownBy(() -> JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, 4))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("removed");
    }
}
