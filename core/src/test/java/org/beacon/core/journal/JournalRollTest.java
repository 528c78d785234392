package org.beacon.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal over several days: the Queue starts a file per day, the seal chain runs on across the files, and a reader
 * picked up near a sequence (a node's start-up, a writer's open) reads from the seal before it, not from the start.
 */
class JournalRollTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
    private static final int DAYS = 4;
    private static final int PER_DAY = 500;
    private static final int BLOCK = 64;

    @TempDir
    Path dir;

    private final SetTimeProvider time = new SetTimeProvider(1_796_083_200_000L * 1_000_000L);

    /** Writes DAYS days of records, a writer opened afresh each day, the clock moved a day between them. */
    private Path writeDays()
    {
        final Path journal = dir.resolve("input");
        long sequence = 0;
        for (int day = 0; day < DAYS; day++)
        {
            try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, BLOCK, time))
            {
                assertThat(writer.lastSequence()).isEqualTo(sequence);
                for (int i = 0; i < PER_DAY; i++)
                {
                    sequence++;
                    final UnsafeBuffer payload = payload(sequence);
                    writer.append(sequence, 1_000L * sequence, sequence, 1, payload, 0, payload.capacity());
                    if (sequence % 37 == 0)
                    {
                        writer.seal(1_000L * sequence);
                    }
                    if (i == PER_DAY / 2)
                    {
                        // the day changes while the writer is open, between two seals: the block spans two files
                        time.advanceMillis(DAY_MS / 2);
                    }
                }
            }
            time.advanceMillis(DAY_MS / 2);
        }
        return journal;
    }

    private static UnsafeBuffer payload(final long sequence)
    {
        return new UnsafeBuffer(("record-" + sequence).getBytes(StandardCharsets.US_ASCII));
    }

    private static List<Path> cycleFiles(final Path journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void theSealChainRunsOnAcrossTheDailyFiles() throws Exception
    {
        final Path journal = writeDays();
        assertThat(cycleFiles(journal)).as("one file per day").hasSizeGreaterThanOrEqualTo(DAYS);
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            long expected = 0;
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                expected++;
                assertThat(cursor.sequence()).isEqualTo(expected);
                assertThat(cursor.buffer().getStringWithoutLengthAscii(cursor.payloadOffset(), cursor.payloadLength()))
                    .isEqualTo("record-" + expected);
            }
            assertThat(status).as(cursor.problem()).isEqualTo(JournalCursor.END);
            assertThat(expected).isEqualTo((long)DAYS * PER_DAY);
            assertThat(cursor.unsealedRecords()).isZero();
            assertThat(cursor.sealsVerified()).isGreaterThan((long)DAYS * PER_DAY / BLOCK);
        }
    }

    @Test
    void aRecordAlteredInALaterDaysFileBreaksTheChainThere() throws Exception
    {
        final Path journal = writeDays();
        final Path third = cycleFiles(journal).get(2);
        final byte[] bytes = Files.readAllBytes(third);
        final byte[] needle = "record-".getBytes(StandardCharsets.US_ASCII);
        final int at = JournalTest.indexOf(bytes, needle);
        assertThat(at).as("a record in the third file").isPositive();
        final long sequence = Long.parseLong(new String(bytes, at + needle.length, 4, StandardCharsets.US_ASCII).replaceAll("\\D.*", ""));
        bytes[at + 2] ^= 0x20;
        Files.write(third, bytes);
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            do
            {
                status = cursor.next();
            }
            while (status == JournalCursor.RECORD);
            assertThat(status).isEqualTo(JournalCursor.DAMAGED);
            assertThat(cursor.problemSequence()).isEqualTo(sequence);
        }
    }

    @Test
    void aCursorNearASequenceStartsAtTheSealBeforeItInWhicheverDaysFile()
    {
        final Path journal = writeDays();
        final long last = (long)DAYS * PER_DAY;
        for (final long near : new long[] {1, 36, 37, 38, PER_DAY - 1, PER_DAY + 3, 2 * PER_DAY + 250, last - 1, last,
            Long.MAX_VALUE})
        {
            try (JournalCursor cursor = JournalCursor.openNear(journal, JournalRecordDescriptor.TYPE_INPUT, near))
            {
                if (near >= last)
                {
                    // the journal ends sealed: past its last seal there is nothing more to read
                    assertThat(cursor.next()).as(cursor.problem()).isEqualTo(JournalCursor.END);
                    assertThat(cursor.sequence()).isEqualTo(last);
                    continue;
                }
                assertThat(cursor.next()).isEqualTo(JournalCursor.RECORD);
                final long first = cursor.sequence();
                assertThat(first).as("starts at or before %d", near).isLessThanOrEqualTo(near + 1);
                assertThat(near - first).as("within one block of %d", near).isLessThan(BLOCK);
                long expected = first;
                int status;
                while ((status = cursor.next()) == JournalCursor.RECORD)
                {
                    expected++;
                    assertThat(cursor.sequence()).isEqualTo(expected);
                }
                assertThat(status).as(cursor.problem()).isEqualTo(JournalCursor.END);
                assertThat(expected).isEqualTo(last);
            }
        }
    }

    @Test
    void aWriterReopensFromItsTailAndTheChainStillHoldsFromTheStart()
    {
        final Path journal = writeDays();
        final long last = (long)DAYS * PER_DAY;
        try (JournalCursor tail = JournalCursor.openNear(journal, JournalRecordDescriptor.TYPE_INPUT, Long.MAX_VALUE))
        {
            while (tail.next() == JournalCursor.RECORD)
            {
                assertThat(tail.sequence()).isLessThanOrEqualTo(last);
            }
            assertThat(tail.problem()).isNull();
            assertThat(tail.documentIndex()).as("documents read from the last seal on").isLessThan(BLOCK);
            assertThat(tail.sequence()).isEqualTo(last);
        }
        time.advanceMillis(DAY_MS);
        try (JournalWriter writer = JournalWriter.open(journal, JournalRecordDescriptor.TYPE_INPUT, BLOCK, time))
        {
            assertThat(writer.lastSequence()).isEqualTo(last);
            for (long sequence = last + 1; sequence <= last + 10; sequence++)
            {
                final UnsafeBuffer payload = payload(sequence);
                writer.append(sequence, 1_000L * sequence, sequence, 1, payload, 0, payload.capacity());
            }
        }
        try (JournalCursor cursor = JournalCursor.open(journal, JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            do
            {
                status = cursor.next();
            }
            while (status == JournalCursor.RECORD);
            assertThat(status).as(cursor.problem()).isEqualTo(JournalCursor.END);
            assertThat(cursor.sequence()).isEqualTo(last + 10);
            assertThat(cursor.unsealedRecords()).isZero();
        }
    }
}
