package org.beacon.replay;

import static org.beacon.core.journal.JournalRecordDescriptor.CORRELATION_ID_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.CRC_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_FIRST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TIMESTAMP_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * Test surgery on journals: the raw documents of a Chronicle queue as byte arrays, read and written
 * without the journal classes, so tests can remove, swap and alter records the way an attacker or a
 * failing disk would; and byte searches in the .cq4 files themselves.
 */
final class RawJournal
{
    private RawJournal()
    {
    }

    /** One raw document with its journal header decoded. */
    record Doc(byte[] bytes)
    {
        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(bytes);
        }

        int type()
        {
            return buffer().getInt(TYPE_OFFSET);
        }

        long sequence()
        {
            return buffer().getLong(SEQUENCE_OFFSET);
        }

        long timestampNs()
        {
            return buffer().getLong(TIMESTAMP_OFFSET);
        }

        long correlationId()
        {
            return buffer().getLong(CORRELATION_ID_OFFSET);
        }

        boolean isSeal()
        {
            return type() == TYPE_SEAL;
        }

        long sealFirst()
        {
            return buffer().getLong(HEADER_LENGTH + SEAL_FIRST_SEQUENCE_OFFSET);
        }

        long sealLast()
        {
            return buffer().getLong(HEADER_LENGTH + SEAL_LAST_SEQUENCE_OFFSET);
        }

        /** @return the index of a byte pattern in the payload (from the record's start), or -1. */
        int indexOf(final byte[] pattern)
        {
            return RawJournal.indexOf(bytes, pattern, HEADER_LENGTH);
        }

        /** @return a copy with one byte changed and, when asked, the CRC recomputed. */
        Doc withByte(final int index, final byte value, final boolean recomputeCrc)
        {
            final byte[] copy = bytes.clone();
            copy[index] = value;
            if (recomputeCrc)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(copy);
                buffer.putInt(CRC_OFFSET, JournalRecordDescriptor.computeCrc(buffer, 0, buffer.getInt(LENGTH_OFFSET), new CRC32C()));
            }
            return new Doc(copy);
        }
    }

    static List<Doc> read(final Path queueDir)
    {
        final List<Doc> docs = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final byte[] doc = new byte[(int)bytes.readRemaining()];
                    bytes.read(doc);
                    docs.add(new Doc(doc));
                }
            }
        }
        return docs;
    }

    static void write(final Path queueDir, final List<Doc> docs)
    {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (final Doc doc : docs)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(doc.bytes());
                }
            }
        }
    }

    /** Replaces a journal folder with a new queue holding the given documents. */
    static void replace(final Path queueDir, final List<Doc> docs)
    {
        deleteTree(queueDir);
        write(queueDir, docs);
    }

    static int indexOfData(final List<Doc> docs, final long sequence)
    {
        for (int i = 0; i < docs.size(); i++)
        {
            if (!docs.get(i).isSeal() && docs.get(i).sequence() == sequence)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no data record " + sequence);
    }

    /** @return the seal whose block holds a sequence. */
    static Doc sealCovering(final List<Doc> docs, final long sequence)
    {
        for (final Doc doc : docs)
        {
            if (doc.isSeal() && doc.sealFirst() <= sequence && sequence <= doc.sealLast())
            {
                return doc;
            }
        }
        throw new IllegalArgumentException("no seal covers " + sequence);
    }

    static long dataCount(final List<Doc> docs)
    {
        return docs.stream().filter(doc -> !doc.isSeal()).count();
    }

    static long sealCount(final List<Doc> docs)
    {
        return docs.stream().filter(Doc::isSeal).count();
    }

    /**
     * Flips the lowest bit of the byte at {@code offsetInPattern} of the one occurrence of a pattern in
     * a queue's .cq4 files, writing the file in place.
     *
     * @return the file changed.
     */
    static Path flipInFile(final Path queueDir, final byte[] pattern, final int offsetInPattern)
    {
        Path found = null;
        long position = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queueDir, "*.cq4"))
        {
            for (final Path file : files)
            {
                final byte[] content = Files.readAllBytes(file);
                int at = indexOf(content, pattern, 0);
                while (at >= 0)
                {
                    if (null != found)
                    {
                        throw new IllegalStateException("pattern found more than once");
                    }
                    found = file;
                    position = at;
                    at = indexOf(content, pattern, at + 1);
                }
            }
            if (null == found)
            {
                throw new IllegalStateException("pattern not found in " + queueDir);
            }
            try (FileChannel channel = FileChannel.open(found, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, position + offsetInPattern);
                one.flip();
                final byte flipped = (byte)(one.get(0) ^ 0x01);
                channel.write(ByteBuffer.wrap(new byte[] {flipped}), position + offsetInPattern);
                channel.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return found;
    }

    static int indexOf(final byte[] content, final byte[] pattern, final int from)
    {
        outer:
        for (int i = from; i <= content.length - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (content[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] littleEndian(final long value)
    {
        final byte[] bytes = new byte[Long.BYTES];
        new UnsafeBuffer(bytes).putLong(0, value);
        return bytes;
    }

    static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir))
        {
            final List<Path> all = new ArrayList<>();
            paths.forEach(all::add);
            for (int i = all.size() - 1; i >= 0; i--)
            {
                Files.delete(all.get(i));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
