package org.beacon.dispatch;

import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.MessageHeaderEncoder;

/** Area-alert commands as the consoles send them, for the alert service's tests. */
final class AlertEvents
{
    /** The dispatcher every command is from. */
    static final int DISPATCHER = 7;

    private AlertEvents()
    {
    }

    static byte[] command(final AlertAction action, final long alertId, final long incidentId, final long candidateId,
        final int revision, final Hazard hazard, final int lat, final int lon, final long innerRadiusM, final long ringM,
        final int... polygon)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final AlertCommandEncoder encoder = new AlertCommandEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .action(action)
            .alertId(alertId)
            .incidentId(incidentId)
            .candidateId(candidateId)
            .operatorId(DISPATCHER)
            .revision(revision)
            .hazard(hazard);
        encoder.center().latMicros(lat).lonMicros(lon);
        encoder.innerRadiusM(innerRadiusM).ringM(ringM);
        final AlertCommandEncoder.PolygonEncoder points = encoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            points.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        return bytes(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static byte[] bytes(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
