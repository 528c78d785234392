package org.beacon.core.service;

import java.nio.ByteOrder;

/**
 * The layout of a {@link ServiceList} snapshot: a header, then one tagged section per service in list order. Every
 * field is little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic 'BSVL' (int32)                      |
 *  +---------------------------------------------------------------+
 *  |                   format version (int32) = 1                  |
 *  +---------------------------------------------------------------+
 *  |                    section count (int32)                      |
 *  +---------------------------------------------------------------+
 *  |  per section:  id (int32) | version (int32) | length (int32)  |
 *  |                then length bytes written by the service      ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Rules on restore, so that a snapshot never gives a state that a replay from the journal's start would not:
 * <ul>
 *   <li>a section whose id no service of the list owns is skipped and reported ({@link ServiceList#lastRestoreNotes()});
 *   <li>a service with no section in the snapshot (added since it was taken) refuses the whole snapshot;
 *   <li>a section of a version its service cannot read (newer, or older than it supports) refuses the whole snapshot;
 *   <li>a refused snapshot leaves every service reset; the host then takes an older snapshot or replays the journal.
 * </ul>
 */
public final class ServiceSnapshotDescriptor
{
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** 'BSVL' read as a little-endian int32. */
    public static final int MAGIC = 0x4C565342;
    /** The layout described here. */
    public static final int FORMAT_VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int FORMAT_VERSION_OFFSET = 4;
    /** Offset of the section count. */
    public static final int SECTION_COUNT_OFFSET = 8;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 12;
    /** Offset of a section's id from the start of its header. */
    public static final int SECTION_ID_OFFSET = 0;
    /** Offset of a section's version from the start of its header. */
    public static final int SECTION_VERSION_OFFSET = 4;
    /** Offset of a section's length from the start of its header. */
    public static final int SECTION_LENGTH_OFFSET = 8;
    /** Length of a section's header. */
    public static final int SECTION_HEADER_LENGTH = 12;

    private ServiceSnapshotDescriptor()
    {
    }
}
