package org.beacon.dispatch;

/**
 * Something the dispatch state keeps by a 64-bit id, so that it can live in an {@link IdSortedList}.
 */
abstract class Entity
{
    long id;
}
