package org.beacon.core.journal;

import static org.beacon.core.journal.JournalRecordDescriptor.HASH_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.LENGTH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_HASH_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_LAST_SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.SEAL_PAYLOAD_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TIMESTAMP_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.RollingChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Finds where a journal's chain can be picked up near a sequence without reading the journal from its start: the
 * last seal whose block ends at or before that sequence. A seal carries the chained hash of everything before it, so
 * a reader anchored there checks every record after it exactly as a reader from the start would; only the records
 * before it go unread (the auditor's {@code replay verify} reads them all).
 *
 * <p>The documents of a journal are ordered by a key that only grows: {@code 2 * sequence} for a data record,
 * {@code 2 * last + 1} for a seal closing the block that ends with record {@code last} (a seal always follows at
 * least one record). The search finds the journal's cycle file (one per day) by the key of its first document,
 * binary-searches the document within it by the Queue's index, and walks back from there to the seal before it
 * (at most a block: {@link JournalWriter#DEFAULT_MAX_BLOCK_RECORDS} records, or a second of ticks). So start-up reads
 * a few dozen documents plus the journal's tail, whatever the journal's age.
 */
final class JournalAnchors
{
    private static final int PEEK_LENGTH = HEADER_LENGTH + SEAL_PAYLOAD_LENGTH;

    /**
     * Where a cursor starts.
     *
     * @param sealIndex the Queue index of the anchoring seal, or -1 to start at the journal's first document.
     * @param anchor    the chain state after that seal (the genesis anchor at the start).
     */
    record Start(long sealIndex, RecordChain.Anchor anchor)
    {
    }

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final byte[] peek = new byte[PEEK_LENGTH];
    private final UnsafeBuffer view = new UnsafeBuffer(peek);
    private final CRC32C crc = new CRC32C();
    private int peekLength;

    private JournalAnchors(final ChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /**
     * @param queue    the journal's queue (left open).
     * @param sequence the data sequence the reader needs to reach; records up to it may be skipped by the caller.
     * @return the last seal whose block ends at or before {@code sequence}, or the journal's start when there is none.
     */
    static Start before(final ChronicleQueue queue, final long sequence)
    {
        final JournalAnchors anchors = new JournalAnchors(queue);
        try
        {
            return anchors.find(sequence);
        }
        finally
        {
            anchors.tailer.close();
        }
    }

    private Start find(final long sequence)
    {
        if (sequence <= 0 || !(queue instanceof RollingChronicleQueue rolling) || queue.lastIndex() < 0)
        {
            return genesis();
        }
        final RollCycle roll = rolling.rollCycle();
        final long target = sequence >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * sequence + 1;
        final List<Integer> cycles = cycles(rolling);
        int cycleAt = -1;
        for (int i = 0; i < cycles.size(); i++)
        {
            final long first = key(roll.toIndex(cycles.get(i), 0));
            if (first == Long.MAX_VALUE)
            {
                // a file with no readable first document (created, never written): passed over
                continue;
            }
            if (first > target)
            {
                break;
            }
            cycleAt = i;
        }
        if (cycleAt < 0)
        {
            return genesis();
        }
        final int cycle = cycles.get(cycleAt);
        // the last document in the cycle with key <= target: keys grow along the index, so binary search on it
        long low = 0;
        long high = documentsIn(roll, cycle);
        while (high - low > 1)
        {
            final long middle = (low + high) >>> 1;
            if (key(roll.toIndex(cycle, middle)) <= target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return sealAtOrBefore(roll.toIndex(cycle, low));
    }

    private Start genesis()
    {
        return new Start(-1, RecordChain.Anchor.genesis());
    }

    private List<Integer> cycles(final RollingChronicleQueue rolling)
    {
        final List<Integer> cycles = new ArrayList<>();
        for (final Long cycle : ((net.openhft.chronicle.queue.impl.single.SingleChronicleQueue)rolling)
            .listCyclesBetween(rolling.firstCycle(), rolling.lastCycle()))
        {
            cycles.add(cycle.intValue());
        }
        return cycles;
    }

    /** @return the number of documents in a cycle: an exponential then binary search on which indexes exist. */
    private long documentsIn(final RollCycle roll, final int cycle)
    {
        long present = 0;
        long absent = 1;
        while (tailer.moveToIndex(roll.toIndex(cycle, absent)))
        {
            present = absent;
            absent *= 2;
        }
        while (absent - present > 1)
        {
            final long middle = (present + absent) >>> 1;
            if (tailer.moveToIndex(roll.toIndex(cycle, middle)))
            {
                present = middle;
            }
            else
            {
                absent = middle;
            }
        }
        return present + 1;
    }

    /** @return the document's ordering key, or {@code Long.MAX_VALUE} when it cannot be read (absent, torn). */
    private long key(final long index)
    {
        if (!tailer.moveToIndex(index) || !read(tailer) || peekLength < HEADER_LENGTH)
        {
            return Long.MAX_VALUE;
        }
        if (view.getInt(TYPE_OFFSET) == TYPE_SEAL)
        {
            return peekLength < PEEK_LENGTH ? Long.MAX_VALUE : 2 * view.getLong(HEADER_LENGTH + SEAL_LAST_SEQUENCE_OFFSET) + 1;
        }
        return 2 * view.getLong(SEQUENCE_OFFSET);
    }

    private boolean read(final ExcerptTailer from)
    {
        try (DocumentContext dc = from.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            peekLength = (int)Math.min(remaining, PEEK_LENGTH);
            bytes.read(peek, 0, peekLength);
            if (remaining > PEEK_LENGTH)
            {
                // longer than any seal: mark it so that it is never taken for one
                peekLength = PEEK_LENGTH + 1;
            }
            return true;
        }
    }

    /** @return true when the document read is a whole seal whose CRC holds. */
    private boolean isSeal()
    {
        return peekLength == PEEK_LENGTH && view.getInt(TYPE_OFFSET) == TYPE_SEAL &&
            view.getInt(LENGTH_OFFSET) == SEAL_PAYLOAD_LENGTH &&
            view.getInt(JournalRecordDescriptor.CRC_OFFSET) == JournalRecordDescriptor.computeCrc(view, 0, SEAL_PAYLOAD_LENGTH, crc);
    }

    private Start sealAtOrBefore(final long index)
    {
        try (ExcerptTailer back = queue.createTailer().direction(TailerDirection.BACKWARD))
        {
            if (!back.moveToIndex(index))
            {
                return genesis();
            }
            while (true)
            {
                final long at = back.index();
                if (!read(back))
                {
                    return genesis();
                }
                if (isSeal())
                {
                    final long sealNumber = view.getLong(SEQUENCE_OFFSET);
                    final long last = view.getLong(HEADER_LENGTH + SEAL_LAST_SEQUENCE_OFFSET);
                    final byte[] hash = new byte[HASH_LENGTH];
                    view.getBytes(HEADER_LENGTH + SEAL_HASH_OFFSET, hash);
                    // the chain's time floor is the last record's timestamp, the one before the seal
                    if (!read(back) || peekLength < HEADER_LENGTH)
                    {
                        return genesis();
                    }
                    return new Start(at, new RecordChain.Anchor(last + 1, sealNumber, hash, view.getLong(TIMESTAMP_OFFSET)));
                }
            }
        }
    }
}
