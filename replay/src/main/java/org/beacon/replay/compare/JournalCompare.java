package org.beacon.replay.compare;

import static org.beacon.core.journal.JournalRecordDescriptor.HEADER_LENGTH;
import static org.beacon.core.journal.JournalRecordDescriptor.SEQUENCE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TIMESTAMP_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_OFFSET;
import static org.beacon.core.journal.JournalRecordDescriptor.TYPE_SEAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.RecordChain;

/**
 * Compares one journal (input or output) of several data folders document by document, seals included: every
 * member's copy is checked as it is read (CRC, sequence, chained hash: a damaged copy is named as damaged, not as
 * different), and the copies must hold the same bytes up to the shortest. The first difference is named: the
 * document, its sequence, what differs (type, sequence, timestamp, payload or seal hash) and which folders hold
 * which version.
 */
public final class JournalCompare
{
    /**
     * The outcome for one journal.
     *
     * @param documents     documents compared (held by every folder).
     * @param records       data records among them.
     * @param seals         seals among them.
     * @param longest       documents of the longest copy.
     * @param difference    the first difference or damage, or null when the copies agree up to the shortest.
     */
    public record Result(long documents, long records, long seals, long longest, String difference)
    {
        /** @return true when every copy agrees with the others up to the shortest and none is damaged. */
        public boolean identical()
        {
            return null == difference;
        }
    }

    private JournalCompare()
    {
    }

    /**
     * Compares the journals.
     *
     * @param journals  the journal folder of each member (at least two).
     * @param names     how to name each member in a difference.
     * @param dataType  the journals' data record type.
     * @return the result.
     */
    public static Result compare(final List<Path> journals, final List<String> names, final int dataType)
    {
        final int n = journals.size();
        final List<JournalCursor> cursors = new ArrayList<>();
        final RecordChain[] chains = new RecordChain[n];
        final int[] lengths = new int[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                cursors.add(JournalCursor.open(journals.get(i), dataType));
                chains[i] = new RecordChain(dataType, RecordChain.Anchor.genesis());
            }
            long documents = 0;
            long records = 0;
            long seals = 0;
            while (true)
            {
                int present = 0;
                for (int i = 0; i < n; i++)
                {
                    lengths[i] = cursors.get(i).nextRaw();
                    if (lengths[i] >= 0)
                    {
                        present++;
                        final String damage = check(chains[i], cursors.get(i).buffer(), lengths[i], documents);
                        if (null != damage)
                        {
                            return new Result(documents, records, seals, documents, names.get(i) +
                                " is damaged at " + damage);
                        }
                    }
                }
                if (present < n)
                {
                    return new Result(documents, records, seals, longest(cursors, lengths, documents), null);
                }
                final String difference = difference(cursors, lengths, names, documents);
                if (null != difference)
                {
                    return new Result(documents, records, seals, documents + 1, difference);
                }
                documents++;
                if (cursors.get(0).buffer().getInt(TYPE_OFFSET) == TYPE_SEAL)
                {
                    seals++;
                }
                else
                {
                    records++;
                }
            }
        }
        finally
        {
            cursors.forEach(JournalCursor::close);
        }
    }

    private static String check(final RecordChain chain, final UnsafeBuffer record, final int length, final long document)
    {
        return chain.next(record, length, "document " + document) == RecordChain.DAMAGED ? chain.problem() : null;
    }

    /** @return the documents of the longest copy: those compared, and the rest of each copy that goes on. */
    private static long longest(final List<JournalCursor> cursors, final int[] lengths, final long compared)
    {
        long longest = compared;
        for (int i = 0; i < cursors.size(); i++)
        {
            if (lengths[i] < 0)
            {
                continue;
            }
            long count = compared + 1;
            while (cursors.get(i).nextRaw() >= 0)
            {
                count++;
            }
            longest = Math.max(longest, count);
        }
        return longest;
    }

    private static String difference(final List<JournalCursor> cursors, final int[] lengths, final List<String> names,
        final long document)
    {
        final UnsafeBuffer first = cursors.get(0).buffer();
        for (int i = 1; i < cursors.size(); i++)
        {
            final UnsafeBuffer other = cursors.get(i).buffer();
            if (lengths[i] == lengths[0] && Arrays.equals(first.byteArray(), 0, lengths[0], other.byteArray(), 0, lengths[i]))
            {
                continue;
            }
            return "document " + document + " (" + describe(first) + " in " + names.get(0) + "): " + names.get(0) + " and " +
                names.get(i) + " differ in " + field(first, lengths[0], other, lengths[i]) + " (" + names.get(i) + ": " +
                describe(other) + ")";
        }
        return null;
    }

    private static String describe(final UnsafeBuffer record)
    {
        return (record.getInt(TYPE_OFFSET) == TYPE_SEAL ? "seal " : "record ") + record.getLong(SEQUENCE_OFFSET);
    }

    private static String field(final UnsafeBuffer a, final int aLength, final UnsafeBuffer b, final int bLength)
    {
        if (a.getInt(TYPE_OFFSET) != b.getInt(TYPE_OFFSET))
        {
            return "the record type";
        }
        if (a.getLong(SEQUENCE_OFFSET) != b.getLong(SEQUENCE_OFFSET))
        {
            return "the sequence";
        }
        if (a.getLong(TIMESTAMP_OFFSET) != b.getLong(TIMESTAMP_OFFSET))
        {
            return "the timestamp (" + a.getLong(TIMESTAMP_OFFSET) + " vs " + b.getLong(TIMESTAMP_OFFSET) + ")";
        }
        if (aLength != bLength)
        {
            return "the length (" + aLength + " vs " + bLength + " bytes)";
        }
        for (int at = HEADER_LENGTH; at < aLength; at++)
        {
            if (a.getByte(at) != b.getByte(at))
            {
                return (a.getInt(TYPE_OFFSET) == TYPE_SEAL ? "the seal's block or hash" : "the payload") + " at byte " +
                    (at - HEADER_LENGTH);
            }
        }
        return "the header (correlation id or source)";
    }
}
