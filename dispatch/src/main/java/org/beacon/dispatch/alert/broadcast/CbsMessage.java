package org.beacon.dispatch.alert.broadcast;

import org.beacon.codecs.AlertZone;

/**
 * One cell-broadcast message as the CBC hands it to its cells: one CAP info block in one language.
 *
 * @param messageId          the message identifier (channel), see {@link EuAlertMessageIds}.
 * @param serialNumber       the serial number, see {@link SerialNumber}.
 * @param zone               the part of the alert's area it is for.
 * @param level              what it asks of people.
 * @param language           the CAP info's language, e.g. {@code vi-VN}.
 * @param additionalLanguage whether it goes on the additional-language channel.
 * @param area               the info's area, carried for device-based geofencing (WEA 3.0 style).
 * @param cells              the cells that broadcast it, ascending.
 * @param pages              its text in CBS pages.
 */
public record CbsMessage(
    int messageId,
    int serialNumber,
    AlertZone zone,
    MessageLevel level,
    String language,
    boolean additionalLanguage,
    BroadcastArea area,
    int[] cells,
    CbsPages pages)
{
}
