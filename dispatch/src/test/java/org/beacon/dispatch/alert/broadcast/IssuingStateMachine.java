package org.beacon.dispatch.alert.broadcast;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertIssuedEncoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapWriter;

/**
 * A state machine for the gateway test: an AlertCommand APPROVE issues an Alert (alert {@link #INVALID} issues one
 * whose CAP is invalid), a CANCEL issues a Cancel; it counts the BroadcastReports it is given.
 */
final class IssuingStateMachine implements StateMachine
{
    static final long INVALID = 666;
    static final AtomicInteger REPORTS = new AtomicInteger();
    static final double LAT = CellNetworkTest.NETWORK.plane().originLat();
    static final double LON = CellNetworkTest.NETWORK.plane().originLon();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AlertCommandDecoder command = new AlertCommandDecoder();
    private final MessageHeaderEncoder outHeader = new MessageHeaderEncoder();
    private final AlertIssuedEncoder issued = new AlertIssuedEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(8192);

    @Override
    public void onEvent(
        final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length, final OutputSink outputs)
    {
        header.wrap(buffer, offset);
        if (header.templateId() == BroadcastReportDecoder.TEMPLATE_ID)
        {
            REPORTS.incrementAndGet();
            return;
        }
        if (header.templateId() != AlertCommandDecoder.TEMPLATE_ID)
        {
            return;
        }
        command.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long alertId = command.alertId();
        final CapAlert first = AlertCaps.alert(alertId, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.OBSERVED);
        final CapAlert cap;
        final AlertMsgType msgType;
        if (command.action() == AlertAction.CANCEL)
        {
            cap = AlertCaps.cancel(alertId, 2, List.of(CapReference.to(first)), LAT, LON, 0.7);
            msgType = AlertMsgType.CANCEL;
        }
        else
        {
            cap = first;
            msgType = AlertMsgType.ALERT;
        }
        String xml = CapWriter.write(cap);
        if (alertId == INVALID)
        {
            // an open ring: the first point is not repeated as the last
            xml = xml.replaceFirst("<circle>[^<]*</circle>", "<polygon>10.78,106.70 10.79,106.70 10.79,106.71 10.78,106.71</polygon>");
        }
        issued.wrapAndApplyHeader(out, 0, outHeader)
            .alertId(alertId)
            .incidentId(1)
            .revision(1)
            .msgType(msgType)
            .hazard(Hazard.FIRE)
            .operatorId(7)
            .issuedAtNs(timestampNs)
            .expiresAtNs(timestampNs + 3_600_000_000_000L);
        issued.center().latMicros((int)Math.round(LAT * 1e6)).lonMicros((int)Math.round(LON * 1e6));
        issued.innerRadiusM(200).ringM(500);
        issued.polygonCount(0);
        issued.identifier(cap.identifier()).capXml(xml);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + issued.encodedLength());
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return 0;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
