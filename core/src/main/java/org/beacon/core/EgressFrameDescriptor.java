package org.beacon.core;

/**
 * Layout of a frame the core publishes on its egress stream: the input sequence the frame answers
 * or was produced by, the input's sequencer timestamp, then one SBE message (an {@code Ack} or an
 * output). Little-endian. Outputs are also in the output journal, so a subscriber that missed
 * frames can catch up from there by input sequence.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |           input sequence (-1 for a rejected input)            |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               input timestamp (ns since epoch)                |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 SBE message, header first                    ...| 16
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class EgressFrameDescriptor
{
    /** Offset of the input sequence. */
    public static final int INPUT_SEQUENCE_OFFSET = 0;
    /** Offset of the input timestamp. */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Length of the frame header; the SBE message starts here. */
    public static final int HEADER_LENGTH = 16;

    private EgressFrameDescriptor()
    {
    }
}
