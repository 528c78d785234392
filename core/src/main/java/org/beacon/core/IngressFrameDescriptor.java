package org.beacon.core;

/**
 * Layout of a frame a gateway offers on the core's ingress stream: a fixed header, then one SBE
 * message (message header first). Little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |     correlation id (chosen by the gateway, echoed in Ack)     |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 source (gateway id, 1..; 0 = core)            |  8
 *  +---------------------------------------------------------------+
 *  |                      reserved, zero                           | 12
 *  +---------------------------------------------------------------+
 *  |                 SBE message, header first                    ...| 16
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class IngressFrameDescriptor
{
    /** Offset of the correlation id. */
    public static final int CORRELATION_ID_OFFSET = 0;
    /** Offset of the source. */
    public static final int SOURCE_OFFSET = 8;
    /** Length of the frame header; the SBE message starts here. */
    public static final int HEADER_LENGTH = 16;

    private IngressFrameDescriptor()
    {
    }
}
