package org.beacon.dispatch;

import java.util.Arrays;

/**
 * Entities kept in ascending id order in a plain array. Every output that visits several entities
 * walks this order, never a hash map's, so ties resolve by id and replays give the same bytes.
 * Insertion and removal shift the array: they happen on registration, opening and closing, which are
 * rare next to lookups and scans, and the array holds at most a few thousand entries.
 *
 * @param <T> the entity type.
 */
final class IdSortedList<T extends Entity>
{
    private Entity[] entries = new Entity[16];
    private int size;

    int size()
    {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(final int index)
    {
        return (T)entries[index];
    }

    void clear()
    {
        Arrays.fill(entries, 0, size, null);
        size = 0;
    }

    /**
     * Adds an entity whose id is not in the list yet.
     */
    void add(final T entity)
    {
        final int found = indexOf(entity.id);
        if (found >= 0)
        {
            throw new IllegalStateException("duplicate id " + entity.id);
        }

        final int index = -(found + 1);
        if (size == entries.length)
        {
            entries = Arrays.copyOf(entries, size * 2);
        }
        System.arraycopy(entries, index, entries, index + 1, size - index);
        entries[index] = entity;
        size++;
    }

    boolean remove(final long id)
    {
        final int index = indexOf(id);
        if (index < 0)
        {
            return false;
        }

        System.arraycopy(entries, index + 1, entries, index, size - index - 1);
        entries[--size] = null;
        return true;
    }

    /**
     * Binary search by id.
     *
     * @return the index, or -(insertion point) - 1 when absent.
     */
    int indexOf(final long id)
    {
        // Appending in id order is the common case (incident ids are journal sequences).
        if (size > 0 && entries[size - 1].id < id)
        {
            return -(size + 1);
        }

        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midId = entries[mid].id;
            if (midId < id)
            {
                low = mid + 1;
            }
            else if (midId > id)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }

        return -(low + 1);
    }
}
