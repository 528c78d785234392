package org.beacon.dispatch.alert.broadcast;

import org.beacon.codecs.AlertMsgType;

/**
 * What the broadcast gateway did with one {@code AlertIssued}.
 *
 * @param alertId           the alert.
 * @param revision          the revision issued.
 * @param msgType           ALERT, UPDATE or CANCEL, as the core issued it.
 * @param issuedAtNs        the core's stamp of the approval (epoch ns).
 * @param broadcastAtNs     the gateway's epoch-ns clock when every cell had the message; 0 when nothing was broadcast.
 * @param receivedNanoTime  {@link System#nanoTime()} when the gateway took the AlertIssued off egress.
 * @param completedNanoTime {@link System#nanoTime()} at the same moment, for latency measured in process.
 * @param broadcast         what the CBC did.
 * @param delivery          what the simulated handsets showed (the gateway's display policy).
 */
public record BroadcastEvent(
    long alertId,
    int revision,
    AlertMsgType msgType,
    long issuedAtNs,
    long broadcastAtNs,
    long receivedNanoTime,
    long completedNanoTime,
    Broadcast broadcast,
    HandsetDisplay.Delivery delivery)
{
}
