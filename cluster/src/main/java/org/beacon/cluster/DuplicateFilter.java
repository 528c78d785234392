package org.beacon.cluster;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Remembers, per source, which correlation ids were applied and at which input sequence, so that an offer a gateway
 * sends again after a failover (it had no Ack) is answered with the first Ack rather than applied twice. A gateway
 * numbers its offers with increasing correlation ids, so each source keeps its highest id and a window of the
 * {@link #WINDOW} ids below it: memory is bounded ({@code WINDOW} longs per source, at most {@link #MAX_SOURCES}
 * sources). An id below a source's window is older than any retry can be and counts as applied (its sequence
 * forgotten: {@link #FORGOTTEN}).
 *
 * <p>The filter is part of the replicated state: it changes only with the log's content and is in the snapshot, so
 * every member drops the same repeats. Its snapshot lists sources by ascending id.
 */
final class DuplicateFilter
{
    /** Correlation ids remembered below each source's highest. */
    static final int WINDOW = 4096;
    /** Most sources remembered; a new source beyond it is refused by the host. */
    static final int MAX_SOURCES = 1024;
    /** The id was never applied. */
    static final long NOT_APPLIED = -1;
    /** The id is below its source's window: applied long ago, its sequence no longer known. */
    static final long FORGOTTEN = 0;

    private static final int MASK = WINDOW - 1;
    private static final int SNAPSHOT_VERSION = 1;

    private final Int2ObjectHashMap<Source> sources = new Int2ObjectHashMap<>();

    /** One source's window: the sequence each id in it was applied at, or 0. */
    private static final class Source
    {
        long highest = Long.MIN_VALUE;
        final long[] sequences = new long[WINDOW];
    }

    /**
     * @param source        the offer's source.
     * @param correlationId its correlation id.
     * @return the input sequence it was applied at, {@link #FORGOTTEN}, or {@link #NOT_APPLIED}.
     */
    long appliedAt(final int source, final long correlationId)
    {
        final Source s = sources.get(source);
        if (null == s || correlationId > s.highest)
        {
            return NOT_APPLIED;
        }
        if (s.highest - correlationId >= WINDOW)
        {
            return FORGOTTEN;
        }
        final long sequence = s.sequences[(int)(correlationId & MASK)];
        return 0 == sequence ? NOT_APPLIED : sequence;
    }

    /**
     * @param source a source.
     * @return true when the filter can take an offer from it (it knows the source or has room for one more).
     */
    boolean hasRoomFor(final int source)
    {
        return sources.containsKey(source) || sources.size() < MAX_SOURCES;
    }

    /**
     * Notes that an offer was applied.
     *
     * @param source        its source.
     * @param correlationId its correlation id, not yet applied.
     * @param sequence      the input sequence it was journaled at (positive).
     */
    void applied(final int source, final long correlationId, final long sequence)
    {
        Source s = sources.get(source);
        if (null == s)
        {
            s = new Source();
            sources.put(source, s);
        }
        if (correlationId > s.highest)
        {
            if (Long.MIN_VALUE == s.highest || correlationId - s.highest >= WINDOW)
            {
                java.util.Arrays.fill(s.sequences, 0);
            }
            else
            {
                for (long id = s.highest + 1; id < correlationId; id++)
                {
                    s.sequences[(int)(id & MASK)] = 0;
                }
            }
            s.highest = correlationId;
        }
        s.sequences[(int)(correlationId & MASK)] = sequence;
    }

    /**
     * Writes the filter: version, source count, then per source (ascending id) its id, highest id and window.
     *
     * @return the bytes written.
     */
    int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putInt(at, SNAPSHOT_VERSION);
        buffer.putInt(at + Integer.BYTES, sources.size());
        at += 2 * Integer.BYTES;
        final int[] ids = new int[sources.size()];
        int n = 0;
        for (final Int2ObjectHashMap<Source>.KeyIterator it = sources.keySet().iterator(); it.hasNext(); )
        {
            ids[n++] = it.nextInt();
        }
        java.util.Arrays.sort(ids);
        for (final int id : ids)
        {
            final Source s = sources.get(id);
            buffer.putInt(at, id);
            buffer.putLong(at + Integer.BYTES, s.highest);
            at += Integer.BYTES + Long.BYTES;
            for (int i = 0; i < WINDOW; i++)
            {
                buffer.putLong(at, s.sequences[i]);
                at += Long.BYTES;
            }
        }
        return at - offset;
    }

    /**
     * Replaces the filter with one {@link #snapshot} wrote.
     *
     * @return the bytes read.
     * @throws IllegalArgumentException for another version or a length that does not fit.
     */
    int restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 2 * Integer.BYTES || buffer.getInt(offset) != SNAPSHOT_VERSION)
        {
            throw new IllegalArgumentException("duplicate filter snapshot: unknown version or too short");
        }
        final int count = buffer.getInt(offset + Integer.BYTES);
        final int sourceLength = Integer.BYTES + Long.BYTES + WINDOW * Long.BYTES;
        if (count < 0 || count > MAX_SOURCES || 2 * Integer.BYTES + (long)count * sourceLength > length)
        {
            throw new IllegalArgumentException("duplicate filter snapshot: " + count + " sources do not fit in " + length + " bytes");
        }
        sources.clear();
        int at = offset + 2 * Integer.BYTES;
        for (int n = 0; n < count; n++)
        {
            final Source s = new Source();
            final int id = buffer.getInt(at);
            s.highest = buffer.getLong(at + Integer.BYTES);
            at += Integer.BYTES + Long.BYTES;
            for (int i = 0; i < WINDOW; i++)
            {
                s.sequences[i] = buffer.getLong(at);
                at += Long.BYTES;
            }
            sources.put(id, s);
        }
        return at - offset;
    }
}
