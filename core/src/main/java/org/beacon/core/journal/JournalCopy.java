package org.beacon.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Writes journal records into a new journal folder exactly as they are, header, CRC and seals included: the way
 * an exported period becomes a journal again that {@link JournalCursor} and replay read like the node's own.
 * Nothing is checked or recomputed here; whoever reads the copy checks it.
 */
public final class JournalCopy implements AutoCloseable
{
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;

    private JournalCopy(final Path dir)
    {
        this.queue = JournalWriter.openQueue(dir, false);
        this.appender = queue.createAppender();
    }

    /**
     * Creates the journal folder.
     *
     * @param dir a folder that does not exist or is empty.
     * @return the copy, ready for {@link #write}.
     */
    public static JournalCopy create(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
            try (var entries = Files.list(dir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException(dir + " is not empty");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new JournalCopy(dir);
    }

    /**
     * Appends one record as one document.
     *
     * @param record the record's bytes.
     * @param offset where it starts.
     * @param length its length.
     */
    public void write(final byte[] record, final int offset, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(record, offset, length);
        }
    }

    @Override
    public void close()
    {
        appender.close();
        queue.close();
    }
}
