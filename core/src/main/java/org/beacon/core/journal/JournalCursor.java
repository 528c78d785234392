package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.CORRELATION_ID_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SOURCE_OFFSET;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal from its start and checks every record as it goes: the CRC of each record, the
 * record type, that sequences run on without a gap, that timestamps never go back, and at every seal
 * that the chained hash matches. Seals are checked and consumed; {@link #next()} stops on data
 * records. The first problem ends the walk with {@link #DAMAGED} and a description naming the
 * sequence where it was found.
 */
public final class JournalCursor implements AutoCloseable
{
    /** A data record is available through the accessors. */
    public static final int RECORD = 1;
    /** No more records. */
    public static final int END = 0;
    /** The journal is damaged; see {@link #problem()}. */
    public static final int DAMAGED = -1;

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RecordChain chain;
    private byte[] scratch = new byte[4096];
    private final UnsafeBuffer record = new UnsafeBuffer(scratch);
    private long documentIndex = -1;
    private int documentLength = -1;
    private long queueIndex = -1;

    private JournalCursor(final Path dir, final int dataType, final long nearSequence)
    {
        this.queue = JournalWriter.openQueue(dir, java.nio.file.Files.isDirectory(dir));
        this.tailer = queue.createTailer();
        final JournalAnchors.Start start = JournalAnchors.before(queue, nearSequence);
        this.chain = new RecordChain(dataType, start.anchor());
        if (start.sealIndex() >= 0)
        {
            // the anchoring seal itself was checked by the search (its CRC); the chain goes on after it
            tailer.moveToIndex(start.sealIndex());
            readDocument();
            documentIndex = -1;
        }
    }

    /**
     * Opens a cursor at the start of a journal.
     *
     * @param dir      the journal's folder.
     * @param dataType {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @return the cursor.
     */
    public static JournalCursor open(final Path dir, final int dataType)
    {
        return new JournalCursor(dir, dataType, 0);
    }

    /**
     * Opens a cursor at the last seal whose block ends at or before {@code sequence} (the journal's start when there
     * is none): {@link #next()} returns the records after that seal, checked from the seal's chained hash on exactly
     * as a cursor from the start checks them. The records before the seal are not read, so the cost is the tail's,
     * not the journal's age: a node's start-up reads from its snapshot's sequence, a writer from the journal's end
     * ({@code Long.MAX_VALUE}). Proving the whole chain is the auditor's {@code replay verify}, which reads from the start.
     *
     * @param dir      the journal's folder.
     * @param dataType {@link JournalRecordDescriptor#TYPE_INPUT} or {@link JournalRecordDescriptor#TYPE_OUTPUT}.
     * @param sequence the data sequence the reader needs; records after the seal up to it are returned too.
     * @return the cursor.
     */
    public static JournalCursor openNear(final Path dir, final int dataType, final long sequence)
    {
        return new JournalCursor(dir, dataType, sequence);
    }

    /**
     * Moves to the next data record, checking it and any seal before it.
     *
     * @return {@link #RECORD}, {@link #END} or {@link #DAMAGED}.
     */
    public int next()
    {
        if (null != chain.problem())
        {
            return DAMAGED;
        }
        while (true)
        {
            final int length = readDocument();
            if (length < 0)
            {
                return END;
            }
            final int result = chain.next(record, length, "document " + documentIndex);
            if (result == RecordChain.DATA)
            {
                return RECORD;
            }
            if (result == RecordChain.DAMAGED)
            {
                return DAMAGED;
            }
        }
    }

    /**
     * Moves to the next document without checking it: for tools that copy a journal's records as they are.
     *
     * @return the document's length (its bytes are in {@link #buffer()} from offset 0), or -1 at the end.
     */
    public int nextRaw()
    {
        return readDocument();
    }

    private int readDocument()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            documentIndex++;
            queueIndex = dc.index();
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int)bytes.readRemaining();
            if (length > scratch.length)
            {
                scratch = Arrays.copyOf(scratch, Math.max(length, scratch.length * 2));
                record.wrap(scratch);
            }
            bytes.read(scratch, 0, length);
            documentLength = length;
            return length;
        }
    }

    /** @return the description of the first problem found, or null. */
    public String problem()
    {
        return chain.problem();
    }

    /**
     * @return the number (from 0, counted from where the cursor started) of the last document read: after
     *     {@link #DAMAGED}, the damaged one.
     */
    public long documentIndex()
    {
        return documentIndex;
    }

    /** @return the Queue's index of the last document read (a cycle and a number within it), or -1. */
    public long queueIndex()
    {
        return queueIndex;
    }

    /** @return the length of the last document read (its bytes are in {@link #buffer()} from offset 0), or -1. */
    public int documentLength()
    {
        return documentLength;
    }

    /** @return the sequence where the first problem was found, or -1. */
    public long problemSequence()
    {
        return chain.problemSequence();
    }

    /** @return the current record's sequence. */
    public long sequence()
    {
        return chain.lastSequence();
    }

    /** @return the current record's timestamp. */
    public long timestampNs()
    {
        return chain.lastTimestampNs();
    }

    /** @return the current record's correlation id. */
    public long correlationId()
    {
        return record.getLong(CORRELATION_ID_OFFSET);
    }

    /** @return the current record's source. */
    public int source()
    {
        return record.getInt(SOURCE_OFFSET);
    }

    /** @return the buffer holding the current record, header at offset 0. */
    public UnsafeBuffer buffer()
    {
        return record;
    }

    /** @return the offset of the current record's payload in {@link #buffer()}. */
    public int payloadOffset()
    {
        return HEADER_LENGTH;
    }

    /** @return the current record's payload length. */
    public int payloadLength()
    {
        return record.getInt(LENGTH_OFFSET);
    }

    /** @return data records read so far. */
    public long dataRecords()
    {
        return chain.dataRecords();
    }

    /** @return seals verified so far. */
    public long sealsVerified()
    {
        return chain.sealNumber();
    }

    /** @return data records read after the last seal: checked by CRC and sequence, not yet by the chain. */
    public long unsealedRecords()
    {
        return chain.unsealedRecords();
    }

    /** @return hash of the last verified seal (the genesis hash when none). */
    byte[] chainHash()
    {
        return chain.chainHash();
    }

    /** @return a copy of the running digest of the open block, for a writer to continue. */
    MessageDigest openBlockDigest()
    {
        return chain.openBlockDigest();
    }

    long blockFirstSequence()
    {
        return chain.blockFirstSequence();
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
