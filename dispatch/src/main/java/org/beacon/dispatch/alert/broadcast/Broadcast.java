package org.beacon.dispatch.alert.broadcast;

import java.util.List;

import org.beacon.codecs.BroadcastOutcome;
import org.beacon.dispatch.alert.cap.CapMsgType;

/**
 * What the cell-broadcast centre did with one issued CAP message.
 *
 * @param alertKey       the alert the message belongs to (Beacon's alert id).
 * @param identifier     the CAP identifier.
 * @param msgType        the CAP message type.
 * @param outcome        BROADCAST, CANCELLED, NO_CELLS or FAILED.
 * @param messageIdInner message identifier of the inner zone's local-language message, 0 when none.
 * @param messageIdOuter message identifier of the outer area's local-language message, 0 when none.
 * @param serialNumber   the serial number every message of this broadcast carries.
 * @param innerCells     cells that broadcast the inner zone's message, ascending.
 * @param outerCells     cells that broadcast only the outer area's message, ascending (disjoint from the inner ones).
 * @param messages       the messages handed to the cells.
 * @param detail         why, when not BROADCAST or when the text was cut; empty otherwise.
 */
public record Broadcast(
    long alertKey,
    String identifier,
    CapMsgType msgType,
    BroadcastOutcome outcome,
    int messageIdInner,
    int messageIdOuter,
    int serialNumber,
    int[] innerCells,
    int[] outerCells,
    List<CbsMessage> messages,
    String detail)
{
    /**
     * A broadcast that did not happen.
     *
     * @param alertKey   the alert.
     * @param identifier the CAP identifier, or empty.
     * @param msgType    the CAP message type, or null.
     * @param detail     why.
     * @return the failed broadcast.
     */
    public static Broadcast failed(final long alertKey, final String identifier, final CapMsgType msgType, final String detail)
    {
        return new Broadcast(alertKey, identifier, msgType, BroadcastOutcome.FAILED, 0, 0, 0, new int[0], new int[0], List.of(), detail);
    }
}
