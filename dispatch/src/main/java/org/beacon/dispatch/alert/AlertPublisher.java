package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandRejectedEncoder;
import org.beacon.codecs.AlertIssuedEncoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedEncoder;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.ProposalReason;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapWriter;

/**
 * The area-alert service's outputs: it writes the CAP text of a message ({@link AlertCap}) and encodes every output
 * ({@code AlertProposed}, {@code AlertIssued}, {@code AlertStateChanged}, {@code AlertCommandRejected}). Changes no
 * state; each output goes to the sink as soon as it is encoded.
 */
final class AlertPublisher
{
    private final AlertConfig config;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AlertProposedEncoder proposedEncoder = new AlertProposedEncoder();
    private final AlertIssuedEncoder issuedEncoder = new AlertIssuedEncoder();
    private final AlertStateChangedEncoder stateEncoder = new AlertStateChangedEncoder();
    private final AlertCommandRejectedEncoder rejectedEncoder = new AlertCommandRejectedEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(8192);

    AlertPublisher(final AlertConfig config)
    {
        this.config = config;
    }

    /**
     * The CAP text of an alert's next message, referencing every message it issued before.
     *
     * @param alert       the alert, its earlier messages not yet including this one.
     * @param kind        Alert, Update or Cancel.
     * @param area        the area the message covers.
     * @param number      the message's number (one more than the messages so far).
     * @param timestampNs the sent time.
     * @param expiresNs   the expiry.
     * @param note        CAP {@code <note>}, or {@code null}.
     * @return the XML.
     */
    String capXml(final Alert alert, final AlertCap.Kind kind, final AlertArea area, final int number, final long timestampNs,
        final long expiresNs, final String note)
    {
        final List<CapReference> references = new ArrayList<>(alert.identifiers.size());
        for (int i = 0; i < alert.identifiers.size(); i++)
        {
            references.add(new CapReference(config.sender(), alert.identifiers.get(i), AlertCap.instant(alert.sentNs.get(i))));
        }
        return CapWriter.write(AlertCap.build(config, kind, new AlertCap.Message(alert.alertId, number, alert.incidentId,
            alert.candidateId, alert.hazard, area, timestampNs, expiresNs, references, note)));
    }

    void issued(final Alert alert, final AlertCap.Kind kind, final AlertArea area, final int revision, final int operatorId,
        final long timestampNs, final long expiresNs, final String identifier, final String xml, final OutputSink outputs)
    {
        issuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .revision(revision)
            .msgType(kind == AlertCap.Kind.ALERT ? AlertMsgType.ALERT : kind == AlertCap.Kind.UPDATE ? AlertMsgType.UPDATE :
                AlertMsgType.CANCEL)
            .hazard(alert.hazard)
            .operatorId(operatorId)
            .issuedAtNs(timestampNs)
            .expiresAtNs(kind == AlertCap.Kind.CANCEL ? timestampNs : expiresNs);
        issuedEncoder.center().latMicros(area.latMicros()).lonMicros(area.lonMicros());
        issuedEncoder.innerRadiusM(area.innerRadiusM()).ringM(area.ringM());
        final int[] polygon = area.polygon();
        final AlertIssuedEncoder.PolygonEncoder points = issuedEncoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            points.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        issuedEncoder.identifier(identifier).capXml(xml);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + issuedEncoder.encodedLength());
    }

    void proposed(final Alert alert, final ProposalReason reason, final boolean auto, final int operatorId, final long timestampNs,
        final OutputSink outputs)
    {
        final AlertArea area = alert.proposed;
        proposedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .candidateId(alert.candidateId)
            .revision(alert.revision)
            .hazard(alert.hazard)
            .reason(reason);
        proposedEncoder.center().latMicros(area.latMicros()).lonMicros(area.lonMicros());
        proposedEncoder.innerRadiusM(area.innerRadiusM())
            .ringM(area.ringM())
            .autoIssue((short)(auto ? 1 : 0))
            .active((short)(alert.state == AlertState.ACTIVE ? 1 : 0))
            .operatorId(operatorId)
            .atNs(timestampNs);
        final int[] polygon = area.polygon();
        final AlertProposedEncoder.PolygonEncoder points = proposedEncoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            points.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + proposedEncoder.encodedLength());
    }

    void state(final Alert alert, final AlertState state, final int revision, final int operatorId, final long timestampNs,
        final OutputSink outputs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + stateEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .alertId(alert.alertId)
            .incidentId(alert.incidentId)
            .state(state)
            .revision(revision)
            .operatorId(operatorId)
            .atNs(timestampNs)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    void rejected(final AlertAction action, final long alertId, final long incidentId, final int operatorId,
        final AlertRejectReason reason, final OutputSink outputs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + rejectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .action(action)
            .alertId(alertId)
            .incidentId(incidentId)
            .operatorId(operatorId)
            .reason(reason)
            .encodedLength();
        outputs.emit(out, 0, length);
    }
}
