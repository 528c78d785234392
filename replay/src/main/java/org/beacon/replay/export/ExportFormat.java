package org.beacon.replay.export;

/**
 * Layout of a journal export ({@code replay export DIR --out FILE}): a gzip stream of big-endian fields.
 *
 * <pre>
 *  magic 'BJEX' (int32)   format version (int32) = 2
 *  period from (int64, epoch ns; Long.MIN_VALUE = the journal's start)   period to (int64; Long.MAX_VALUE = its end)
 *  network length (int32)  the data folder's road network .net.xml bytes (0 = the node ran on the bundled network)
 *  journal era (int32)     the folder's era (center's DataEra); format 1 has no such field: its journals are of era 1
 *  input section, then output section, each:
 *     record type (int32: 1 input, 2 output)
 *     anchor: first sequence (int64), seal number before it (int64), that seal's hash (32 bytes),
 *             timestamp no record may go back from (int64)
 *     records: length (int32) and the record's bytes exactly as journaled (header, CRC, payload; seals included),
 *              repeated; a length of 0 ends the section
 *  SHA-256 of every uncompressed byte before it (32 bytes)
 * </pre>
 *
 * A period is exported in whole sealed blocks: every block holding a record of the period, so that every record but
 * the journal's unsealed tail is covered by a seal the export carries. The anchor of a period that starts at the
 * journal's beginning is the genesis anchor (sequence 1, seal 0, SHA-256 of the genesis text); for a later period it
 * is the last seal before it, whose hash an auditor can compare with the node's own chain. The output section holds
 * the outputs of the exported inputs only.
 */
public final class ExportFormat
{
    /** 'BJEX' in big-endian. */
    public static final int MAGIC = 0x424A4558;
    /** The format version written (and read). */
    public static final int VERSION = 2;
    /** The format before the journal era: read, its journals of era 1. */
    public static final int VERSION_1 = 1;
    /** Ends a section's records. */
    public static final int END_OF_SECTION = 0;
    /** Largest record accepted on reading (a journal record is far smaller). */
    public static final int MAX_RECORD = 16 * 1024 * 1024;
    /** Largest road network accepted on reading. */
    public static final int MAX_NETWORK = 512 * 1024 * 1024;

    private ExportFormat()
    {
    }
}
