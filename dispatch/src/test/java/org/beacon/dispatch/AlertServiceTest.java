package org.beacon.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentCandidateEncoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.ProposalReason;
import org.beacon.dispatch.alert.AlertConfig;
import org.beacon.dispatch.alert.AlertService;
import org.beacon.dispatch.alert.cap.CapValidator;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Area alerts driven the way the center composes them: dispatch applies the event, the alert service sees the incident
 * updates dispatch emitted, then the event itself. Every CAP message issued is checked against the project's CAP 1.2
 * schema and geometry rules.
 */
class AlertServiceTest
{
    private static final int LAT = 10_776_900;
    private static final int LON = 106_700_900;
    private static final int DISPATCHER = 7;

    /** Dispatch + alerts, one journal sequence per event, outputs recorded as bytes. */
    private static final class Center
    {
        final DispatchService dispatch;
        final AlertService alerts;
        final List<byte[]> outputs = new ArrayList<>();
        long sequence;
        long nowNs = DispatchDriver.T0;

        Center()
        {
            this(new DispatchService(), null);
        }

        Center(final DispatchService dispatch, final byte[] alertSnapshot)
        {
            this.dispatch = dispatch;
            this.alerts = new AlertService(AlertConfig.DEFAULT, dispatch::incident);
            if (null != alertSnapshot)
            {
                alerts.restore(new UnsafeBuffer(alertSnapshot), 0, alertSnapshot.length);
            }
        }

        List<byte[]> apply(final byte[] event)
        {
            sequence++;
            final UnsafeBuffer buffer = new UnsafeBuffer(event);
            final List<byte[]> emitted = new ArrayList<>();
            final List<byte[]> fromDispatch = new ArrayList<>();
            dispatch.onEvent(sequence, nowNs, buffer, 0, event.length, (b, o, l) -> fromDispatch.add(copy(b, o, l)));
            emitted.addAll(fromDispatch);
            for (final byte[] out : fromDispatch)
            {
                alerts.onOutput(sequence, nowNs, new UnsafeBuffer(out), 0, out.length, (b, o, l) -> emitted.add(copy(b, o, l)));
            }
            alerts.onEvent(sequence, nowNs, buffer, 0, event.length, (b, o, l) -> emitted.add(copy(b, o, l)));
            outputs.addAll(emitted);
            return emitted;
        }

        /** An output another service (camera analytics) emitted for an event of its own. */
        List<byte[]> applyOutputOfOtherService(final byte[] output)
        {
            sequence++;
            final List<byte[]> emitted = new ArrayList<>();
            alerts.onOutput(sequence, nowNs, new UnsafeBuffer(output), 0, output.length, (b, o, l) -> emitted.add(copy(b, o, l)));
            outputs.addAll(emitted);
            return emitted;
        }

        void advanceSeconds(final long seconds)
        {
            nowNs += TimeUnit.SECONDS.toNanos(seconds);
        }

        long openIncident(final long callId, final int lat, final int lon, final long uncertaintyM)
        {
            apply(TestEvents.call(callId, Agency.FIRE, LocationQuality.USABLE, lat, lon, uncertaintyM));
            return sequence;
        }

        byte[] snapshot()
        {
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
            final int length = alerts.snapshot(buffer, 0);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            return bytes;
        }
    }

    private static byte[] copy(final org.agrona.DirectBuffer b, final int o, final int l)
    {
        final byte[] copy = new byte[l];
        b.getBytes(o, copy);
        return copy;
    }

    private static byte[] command(final AlertAction action, final long alertId, final long incidentId, final int revision,
        final Hazard hazard, final int lat, final int lon, final long innerRadiusM, final long ringM, final int... polygon)
    {
        return AlertEvents.command(action, alertId, incidentId, 0, revision, hazard, lat, lon, innerRadiusM, ringM, polygon);
    }

    private static byte[] classify(final long incidentId, final Hazard hazard, final long extentM)
    {
        return command(AlertAction.CLASSIFY, 0, incidentId, 0, hazard, 0, 0, extentM, 0);
    }

    private static byte[] decide(final AlertAction action, final long alertId, final int revision)
    {
        return command(action, alertId, 0, revision, Hazard.NONE, 0, 0, 0, 0);
    }

    private static int template(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    private static List<byte[]> only(final List<byte[]> outputs, final int templateId)
    {
        return outputs.stream().filter(o -> template(o) == templateId).toList();
    }

    private static AlertProposedDecoder proposed(final byte[] message)
    {
        return new AlertProposedDecoder().wrapAndApplyHeader(new UnsafeBuffer(message), 0, new MessageHeaderDecoder());
    }

    private static AlertIssuedDecoder issued(final byte[] message)
    {
        return new AlertIssuedDecoder().wrapAndApplyHeader(new UnsafeBuffer(message), 0, new MessageHeaderDecoder());
    }

    private static AlertRejectReason rejection(final List<byte[]> outputs)
    {
        final List<byte[]> rejected = only(outputs, AlertCommandRejectedDecoder.TEMPLATE_ID);
        assertThat(rejected).hasSize(1);
        return new AlertCommandRejectedDecoder().wrapAndApplyHeader(new UnsafeBuffer(rejected.get(0)), 0, new MessageHeaderDecoder())
            .reason();
    }

    private static AlertState state(final List<byte[]> outputs)
    {
        final List<byte[]> changed = only(outputs, AlertStateChangedDecoder.TEMPLATE_ID);
        assertThat(changed).hasSize(1);
        return new AlertStateChangedDecoder().wrapAndApplyHeader(new UnsafeBuffer(changed.get(0)), 0, new MessageHeaderDecoder())
            .state();
    }

    /** The issued message's CAP text, after checking it is valid CAP 1.2 and names the expected identifier. */
    private static String validCap(final byte[] message)
    {
        final AlertIssuedDecoder again = issued(message);
        final AlertIssuedDecoder.PolygonDecoder polygon = again.polygon();
        while (polygon.hasNext())
        {
            polygon.next();
        }
        final String identifier = again.identifier();
        final String xml = again.capXml();
        assertThat(CapValidator.validate(xml)).as(xml).isEmpty();
        assertThat(xml).contains("<identifier>" + identifier + "</identifier>");
        return xml;
    }

    @Test
    void aFireIsProposedSizedByHazardAndUncertaintyAndGoesOutOnlyWhenApproved()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 30);
        final List<byte[]> out = center.apply(classify(incident, Hazard.FIRE, 0));
        final long alertId = center.sequence;
        assertThat(only(out, AlertIssuedDecoder.TEMPLATE_ID)).isEmpty();
        final AlertProposedDecoder proposal = proposed(only(out, AlertProposedDecoder.TEMPLATE_ID).get(0));
        assertThat(proposal.alertId()).isEqualTo(alertId);
        assertThat(proposal.incidentId()).isEqualTo(incident);
        assertThat(proposal.revision()).isEqualTo(1);
        assertThat(proposal.hazard()).isEqualTo(Hazard.FIRE);
        assertThat(proposal.reason()).isEqualTo(ProposalReason.NEW);
        assertThat(proposal.innerRadiusM()).isEqualTo(150 + 30);
        assertThat(proposal.ringM()).isEqualTo(350);
        assertThat(proposal.autoIssue()).isEqualTo((short)0);
        assertThat(proposal.center().latMicros()).isEqualTo(LAT);

        final List<byte[]> approved = center.apply(decide(AlertAction.APPROVE, alertId, 1));
        assertThat(state(approved)).isEqualTo(AlertState.ACTIVE);
        final byte[] message = only(approved, AlertIssuedDecoder.TEMPLATE_ID).get(0);
        final AlertIssuedDecoder issued = issued(message);
        assertThat(issued.msgType()).isEqualTo(AlertMsgType.ALERT);
        assertThat(issued.operatorId()).isEqualTo(DISPATCHER);
        assertThat(issued.issuedAtNs()).isEqualTo(center.nowNs);
        assertThat(issued.expiresAtNs()).isEqualTo(center.nowNs + TimeUnit.HOURS.toNanos(2));
        final String xml = validCap(message);
        assertThat(xml).contains("<identifier>VN-HCM-112-" + alertId + "-1</identifier>")
            .contains("<msgType>Alert</msgType>")
            .contains("<language>vi-VN</language>").contains("<language>en-US</language>")
            .contains("<responseType>Evacuate</responseType>").contains("<responseType>Avoid</responseType>")
            .contains("<circle>10.776900,106.700900 0.180</circle>")
            .contains("<circle>10.776900,106.700900 0.530</circle>");
        assertThat(xml.split("<info>", -1)).hasSize(5);
    }

    @Test
    void aStaleRevisionIsRefusedAndTheEditedAreaIsWhatGoesOut()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        center.apply(classify(incident, Hazard.GAS_LEAK, 0));
        final long alertId = center.sequence;
        final List<byte[]> edited = center.apply(command(AlertAction.EDIT, alertId, 0, 1, Hazard.NONE, 0, 0, 400, 600));
        final AlertProposedDecoder revision = proposed(only(edited, AlertProposedDecoder.TEMPLATE_ID).get(0));
        assertThat(revision.revision()).isEqualTo(2);
        assertThat(revision.reason()).isEqualTo(ProposalReason.EDITED);
        assertThat(revision.operatorId()).isEqualTo(DISPATCHER);
        assertThat(revision.innerRadiusM()).isEqualTo(400);

        assertThat(rejection(center.apply(decide(AlertAction.APPROVE, alertId, 1)))).isEqualTo(AlertRejectReason.STALE_REVISION);
        final List<byte[]> approved = center.apply(decide(AlertAction.APPROVE, alertId, 2));
        final String xml = validCap(only(approved, AlertIssuedDecoder.TEMPLATE_ID).get(0));
        assertThat(xml).contains(" 0.400</circle>").contains(" 1.000</circle>");
        // nothing waits any more
        assertThat(rejection(center.apply(decide(AlertAction.APPROVE, alertId, 2)))).isEqualTo(AlertRejectReason.WRONG_STATE);
    }

    @Test
    void aChemicalReleaseGoesOutAtOnceAndClosingTheIncidentCancelsIt()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        final List<byte[]> out = center.apply(classify(incident, Hazard.CHEMICAL, 200));
        final long alertId = center.sequence;
        final AlertProposedDecoder proposal = proposed(only(out, AlertProposedDecoder.TEMPLATE_ID).get(0));
        assertThat(proposal.autoIssue()).isEqualTo((short)1);
        assertThat(proposal.reason()).isEqualTo(ProposalReason.NEW);
        assertThat(proposal.innerRadiusM()).isEqualTo(500 + 10);
        final byte[] alert = only(out, AlertIssuedDecoder.TEMPLATE_ID).get(0);
        assertThat(issued(alert).msgType()).isEqualTo(AlertMsgType.ALERT);
        assertThat(validCap(alert)).contains("<category>CBRNE</category>");
        assertThat(state(out)).isEqualTo(AlertState.ACTIVE);

        center.advanceSeconds(600);
        final List<byte[]> closed = center.apply(TestEvents.close(incident, DISPATCHER));
        assertThat(state(closed)).isEqualTo(AlertState.CANCELLED);
        final byte[] cancel = only(closed, AlertIssuedDecoder.TEMPLATE_ID).get(0);
        assertThat(issued(cancel).msgType()).isEqualTo(AlertMsgType.CANCEL);
        final String xml = validCap(cancel);
        assertThat(xml).contains("<msgType>Cancel</msgType>")
            .contains("<references>beacon@112.hochiminhcity.gov.vn,VN-HCM-112-" + alertId + "-1,")
            .contains("<responseType>AllClear</responseType>");
        assertThat(center.alerts.alert(alertId).state()).isEqualTo(AlertState.CANCELLED);
    }

    @Test
    void aBetterLocationIsProposedAsAnUpdateThatReferencesTheAlert()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 200);
        center.apply(classify(incident, Hazard.FIRE, 0));
        final long alertId = center.sequence;
        center.apply(decide(AlertAction.APPROVE, alertId, 1));
        center.advanceSeconds(30);
        final List<byte[]> moved = center.apply(TestEvents.fix(1, TestEvents.callerOf(1), FixSource.AML_HTTPS, TestEvents.north(LAT, 150),
            LON, 8, center.nowNs));
        final List<byte[]> revisions = only(moved, AlertProposedDecoder.TEMPLATE_ID);
        assertThat(revisions).as("a proposal of the moved area").hasSize(1);
        final AlertProposedDecoder revision = proposed(revisions.get(0));
        assertThat(revision.reason()).isEqualTo(ProposalReason.LOCATION_CHANGED);
        assertThat(revision.active()).isEqualTo((short)1);
        assertThat(revision.operatorId()).isZero();
        assertThat(only(moved, AlertIssuedDecoder.TEMPLATE_ID)).as("a fire's update waits for a dispatcher").isEmpty();
        assertThat(center.alerts.alert(alertId).issued().innerRadiusM()).isEqualTo(150 + 200);

        final List<byte[]> approved = center.apply(decide(AlertAction.APPROVE, alertId, revision.revision()));
        final byte[] update = only(approved, AlertIssuedDecoder.TEMPLATE_ID).get(0);
        assertThat(issued(update).msgType()).isEqualTo(AlertMsgType.UPDATE);
        assertThat(only(approved, AlertStateChangedDecoder.TEMPLATE_ID)).isEmpty();
        assertThat(validCap(update)).contains("<msgType>Update</msgType>").contains(",VN-HCM-112-" + alertId + "-1,");
    }

    @Test
    void rejectingARevisionKeepsWhatIsOut()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        center.apply(classify(incident, Hazard.FLOOD, 0));
        final long alertId = center.sequence;
        center.apply(decide(AlertAction.APPROVE, alertId, 1));
        center.apply(command(AlertAction.EDIT, alertId, 0, 1, Hazard.NONE, 0, 0, 2_000, 0));
        final List<byte[]> rejected = center.apply(decide(AlertAction.REJECT, alertId, 2));
        assertThat(state(rejected)).isEqualTo(AlertState.ACTIVE);
        final AlertService.AlertView view = center.alerts.alert(alertId);
        assertThat(view.pending()).isFalse();
        assertThat(view.proposed().innerRadiusM()).isEqualTo(510);
        assertThat(view.state()).isEqualTo(AlertState.ACTIVE);
    }

    @Test
    void withoutAUsableLocationTheProposalWaitsForOne()
    {
        final Center center = new Center();
        center.apply(TestEvents.call(1, Agency.FIRE, LocationQuality.UNUSABLE, 0, 0, 0));
        final long incident = center.sequence;
        assertThat(rejection(center.apply(classify(incident, Hazard.EXPLOSION, 0)))).isEqualTo(AlertRejectReason.NO_USABLE_LOCATION);
        assertThat(center.alerts.hazard(incident)).isEqualTo(Hazard.EXPLOSION);
        final List<byte[]> located = center.apply(TestEvents.fix(1, TestEvents.callerOf(1), FixSource.AML_HTTPS, LAT, LON, 12,
            center.nowNs));
        final List<byte[]> proposals = only(located, AlertProposedDecoder.TEMPLATE_ID);
        assertThat(proposals).hasSize(1);
        final AlertProposedDecoder proposal = proposed(proposals.get(0));
        assertThat(proposal.alertId()).isEqualTo(center.sequence);
        assertThat(proposal.hazard()).isEqualTo(Hazard.EXPLOSION);
        assertThat(proposal.innerRadiusM()).isEqualTo(300 + 12);
    }

    @Test
    void badCommandsAreRefusedWithTheirReason()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        assertThat(rejection(center.apply(classify(999, Hazard.FIRE, 0)))).isEqualTo(AlertRejectReason.UNKNOWN_INCIDENT);
        assertThat(rejection(center.apply(decide(AlertAction.APPROVE, 12345, 1)))).isEqualTo(AlertRejectReason.UNKNOWN_ALERT);
        assertThat(rejection(center.apply(command(AlertAction.PROPOSE, 0, incident, 0, Hazard.NONE, 0, 0, 0, 0))))
            .isEqualTo(AlertRejectReason.INVALID_HAZARD);
        assertThat(rejection(center.apply(command(AlertAction.PROPOSE, 0, incident, 0, Hazard.FIRE, 0, 0, 5, 0))))
            .isEqualTo(AlertRejectReason.INVALID_AREA);
        // a bow tie is not a zone
        assertThat(rejection(center.apply(command(AlertAction.PROPOSE, 0, incident, 0, Hazard.FIRE, 0, 0, 0, 0,
            LAT, LON, LAT + 2_000, LON + 2_000, LAT, LON + 2_000, LAT + 2_000, LON)))).isEqualTo(AlertRejectReason.INVALID_AREA);
        assertThat(rejection(center.apply(command(AlertAction.PROPOSE, 0, 0, 0, Hazard.FIRE, 0, 0, 0, 0))))
            .isEqualTo(AlertRejectReason.INVALID_COMMAND);
        center.apply(classify(incident, Hazard.FIRE, 0));
        final long alertId = center.sequence;
        assertThat(rejection(center.apply(command(AlertAction.PROPOSE, 0, incident, 0, Hazard.FIRE, 0, 0, 0, 0))))
            .isEqualTo(AlertRejectReason.WRONG_STATE);
        assertThat(state(center.apply(decide(AlertAction.REJECT, alertId, 1)))).isEqualTo(AlertState.REJECTED);
        assertThat(rejection(center.apply(decide(AlertAction.APPROVE, alertId, 1)))).isEqualTo(AlertRejectReason.WRONG_STATE);
        assertThat(rejection(center.apply(decide(AlertAction.CANCEL, alertId, 1)))).isEqualTo(AlertRejectReason.WRONG_STATE);
        center.apply(TestEvents.close(incident, DISPATCHER));
        assertThat(rejection(center.apply(classify(incident, Hazard.FIRE, 0)))).isEqualTo(AlertRejectReason.INCIDENT_CLOSED);
    }

    @Test
    void aPolygonZoneGetsABufferedOuterAreaThatContainsIt()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        final int d = 2_000; // about 220 m
        final List<byte[]> out = center.apply(command(AlertAction.PROPOSE, 0, incident, 0, Hazard.FIRE, 0, 0, 0, 300,
            LAT - d, LON - d, LAT - d, LON + d, LAT + d, LON + d, LAT + d, LON - d));
        final long alertId = center.sequence;
        final AlertProposedDecoder proposal = proposed(only(out, AlertProposedDecoder.TEMPLATE_ID).get(0));
        assertThat(proposal.polygon().count()).isEqualTo(4);
        final List<byte[]> approved = center.apply(decide(AlertAction.APPROVE, alertId, 1));
        final String xml = validCap(only(approved, AlertIssuedDecoder.TEMPLATE_ID).get(0));
        final List<String> polygons = new ArrayList<>();
        for (String rest = xml; rest.contains("<polygon>"); rest = rest.substring(rest.indexOf("</polygon>") + 10))
        {
            polygons.add(rest.substring(rest.indexOf("<polygon>") + 9, rest.indexOf("</polygon>")));
        }
        assertThat(polygons).hasSize(4);
        final Polygon inner = polygon(polygons.get(0));
        final Polygon outer = polygon(polygons.get(2));
        assertThat(outer.contains(inner)).isTrue();
        // the ring is 300 m wide: a point 250 m east of the inner zone's east edge is inside, 350 m is not
        final double metresPerDegLon = 111_195 * Math.cos(Math.toRadians(LAT * 1e-6));
        final double eastEdge = (LON + d) * 1e-6;
        final GeometryFactory f = new GeometryFactory();
        assertThat(outer.contains(f.createPoint(new Coordinate(eastEdge + 250 / metresPerDegLon, LAT * 1e-6)))).isTrue();
        assertThat(outer.contains(f.createPoint(new Coordinate(eastEdge + 350 / metresPerDegLon, LAT * 1e-6)))).isFalse();
    }

    private static Polygon polygon(final String cap)
    {
        final String[] pairs = cap.trim().split("\\s+");
        final Coordinate[] ring = new Coordinate[pairs.length];
        for (int i = 0; i < pairs.length; i++)
        {
            final String[] latLon = pairs[i].split(",");
            ring[i] = new Coordinate(Double.parseDouble(latLon[1]), Double.parseDouble(latLon[0]));
        }
        return new GeometryFactory().createPolygon(ring);
    }

    @Test
    void anOpenIncidentsAlertIsRenewedBeforeItExpiresAndACrowdAlertExpires()
    {
        final Center center = new Center();
        final long incident = center.openIncident(1, LAT, LON, 10);
        center.apply(classify(incident, Hazard.FIRE, 0));
        final long alertId = center.sequence;
        center.apply(decide(AlertAction.APPROVE, alertId, 1));
        final long expires = center.alerts.alert(alertId).expiresAtNs();

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final IncidentCandidateEncoder candidate = new IncidentCandidateEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .candidateId(4242).cameraId(3).zoneId(1);
        candidate.place().latMicros(LAT + 5_000).lonMicros(LON);
        candidate.radiusM(60).rule(CrowdRule.FAST_RISE).count(40).occupancyPermille(700).atNs(center.nowNs).cropRef("crops/x.jpg");
        final List<byte[]> crowd = center.applyOutputOfOtherService(copy(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH +
            candidate.encodedLength()));
        final AlertProposedDecoder crowdProposal = proposed(only(crowd, AlertProposedDecoder.TEMPLATE_ID).get(0));
        assertThat(crowdProposal.hazard()).isEqualTo(Hazard.CROWD);
        assertThat(crowdProposal.candidateId()).isEqualTo(4242);
        assertThat(crowdProposal.innerRadiusM()).isEqualTo(60 + 20);
        final long crowdAlert = crowdProposal.alertId();
        center.apply(decide(AlertAction.APPROVE, crowdAlert, 1));
        final long crowdExpires = center.alerts.alert(crowdAlert).expiresAtNs();
        assertThat(crowdExpires - center.nowNs).isEqualTo(TimeUnit.HOURS.toNanos(1));

        center.nowNs = crowdExpires;
        final List<byte[]> expired = center.apply(TestEvents.tick(1));
        assertThat(state(expired)).isEqualTo(AlertState.EXPIRED);
        assertThat(only(expired, AlertIssuedDecoder.TEMPLATE_ID)).isEmpty();

        center.nowNs = expires - TimeUnit.MINUTES.toNanos(10) - 1;
        assertThat(only(center.apply(TestEvents.tick(2)), AlertIssuedDecoder.TEMPLATE_ID)).isEmpty();
        center.nowNs++;
        final List<byte[]> renewed = center.apply(TestEvents.tick(3));
        final byte[] update = only(renewed, AlertIssuedDecoder.TEMPLATE_ID).get(0);
        assertThat(issued(update).msgType()).isEqualTo(AlertMsgType.UPDATE);
        assertThat(issued(update).expiresAtNs()).isEqualTo(center.nowNs + TimeUnit.HOURS.toNanos(2));
        assertThat(validCap(update)).contains("<note>Gia hạn / renewed</note>");
        assertThat(center.alerts.alert(alertId).identifiers()).hasSize(2);
    }

    @Test
    void aSnapshotAtAnyPointContinuesExactlyAsTheUninterruptedRun()
    {
        final List<byte[]> script = new ArrayList<>();
        script.add(TestEvents.call(1, Agency.FIRE, LocationQuality.USABLE, LAT, LON, 40));
        script.add(classify(1, Hazard.FIRE, 0));
        script.add(command(AlertAction.EDIT, 2, 0, 1, Hazard.NONE, 0, 0, 0, 500));
        script.add(decide(AlertAction.APPROVE, 2, 2));
        script.add(TestEvents.call(5, Agency.FIRE, LocationQuality.USABLE, LAT + 90_000, LON, 10));
        script.add(classify(5, Hazard.CHEMICAL, 300));
        script.add(TestEvents.fix(1, TestEvents.callerOf(1), FixSource.AML_HTTPS, TestEvents.north(LAT, 100), LON, 5, 0));
        script.add(command(AlertAction.PROPOSE, 0, 5, 0, Hazard.CHEMICAL, 0, 0, 0, 0));
        script.add(TestEvents.tick(1));
        script.add(TestEvents.close(1, DISPATCHER));
        script.add(decide(AlertAction.CANCEL, 6, 0));
        script.add(TestEvents.tick(2));

        final Center whole = new Center();
        for (int i = 0; i < script.size(); i++)
        {
            whole.nowNs = DispatchDriver.T0 + i * TimeUnit.HOURS.toNanos(1);
            whole.apply(script.get(i));
        }
        assertThat(only(whole.outputs, AlertIssuedDecoder.TEMPLATE_ID)).hasSizeGreaterThanOrEqualTo(4);
        for (int cut = 0; cut <= script.size(); cut++)
        {
            final Center first = new Center();
            for (int i = 0; i < cut; i++)
            {
                first.nowNs = DispatchDriver.T0 + i * TimeUnit.HOURS.toNanos(1);
                first.apply(script.get(i));
            }
            final Center second = new Center(DispatchDriver.restored(DispatchDriver.snapshot(first.dispatch), DispatchConfig.DEFAULT),
                first.snapshot());
            second.sequence = first.sequence;
            assertThat(second.snapshot()).as("snapshot round trip at %d", cut).isEqualTo(first.snapshot());
            for (int i = cut; i < script.size(); i++)
            {
                second.nowNs = DispatchDriver.T0 + i * TimeUnit.HOURS.toNanos(1);
                second.apply(script.get(i));
            }
            final List<byte[]> combined = new ArrayList<>(first.outputs);
            combined.addAll(second.outputs);
            assertThat(combined).as("cut at %d", cut).hasSameSizeAs(whole.outputs);
            for (int i = 0; i < combined.size(); i++)
            {
                assertThat(combined.get(i)).as("cut at %d, output %d", cut, i).isEqualTo(whole.outputs.get(i));
            }
        }
    }
}
