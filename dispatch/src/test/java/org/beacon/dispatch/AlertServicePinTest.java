package org.beacon.dispatch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentCandidateEncoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.dispatch.alert.AlertConfig;
import org.beacon.dispatch.alert.AlertService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the area-alert service's outputs and snapshots byte for byte over a script that walks most of its paths
 * (classify, revise, edit, approve, reject, cancel, merge, close, deferred location, camera candidates, renewal and
 * expiry, foreign and short messages). The digests were taken from the code before it was cut into parts; any change
 * of an output or snapshot byte fails here.
 */
class AlertServicePinTest
{
    private static final int LAT = 10_776_900;
    private static final int LON = 106_700_900;
    private static final int DISPATCHER = 7;
    private static final String OUTPUTS_DIGEST = "5982caa6b5ebacb0e03561e19bfef8f817a15107223d1e10b890f0f73cf5b7d3";
    private static final String SNAPSHOTS_DIGEST = "6a7dd1326766faf2d6f205e89d44b0c34716b60f2914b59316007aa0a95cecae";

    /** One step: outputs of other services handed over first (may be empty), then the event. */
    private record Step(long atNs, List<byte[]> others, byte[] event)
    {
    }

    private static byte[] copy(final DirectBuffer b, final int o, final int l)
    {
        final byte[] copy = new byte[l];
        b.getBytes(o, copy);
        return copy;
    }

    private static byte[] classify(final long incidentId, final Hazard hazard, final long extentM)
    {
        return AlertEvents.command(AlertAction.CLASSIFY, 0, incidentId, 0, 0, hazard, 0, 0, extentM, 0);
    }

    private static byte[] decide(final AlertAction action, final long alertId, final int revision)
    {
        return AlertEvents.command(action, alertId, 0, 0, revision, Hazard.NONE, 0, 0, 0, 0);
    }

    private static byte[] candidate(final long candidateId, final int cameraId, final int zoneId, final int lat, final int lon)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final IncidentCandidateEncoder encoder = new IncidentCandidateEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .candidateId(candidateId).cameraId(cameraId).zoneId(zoneId);
        encoder.place().latMicros(lat).lonMicros(lon);
        encoder.radiusM(60).rule(CrowdRule.FAST_RISE).count(40).occupancyPermille(700).atNs(1).cropRef("crops/x.jpg");
        return copy(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static List<Step> script()
    {
        final long t0 = DispatchDriver.T0;
        final long min = TimeUnit.MINUTES.toNanos(1);
        final List<Step> steps = new ArrayList<>();
        final int d = 2_000;
        // seq 1..: incident A (1), its fire alert (2) revised, edited, approved
        steps.add(new Step(t0, List.of(), TestEvents.call(1, Agency.FIRE, LocationQuality.USABLE, LAT, LON, 40)));
        steps.add(new Step(t0 + min, List.of(), classify(1, Hazard.FIRE, 0)));
        steps.add(new Step(t0 + 2 * min, List.of(), classify(1, Hazard.FIRE, 120)));
        steps.add(new Step(t0 + 3 * min, List.of(), AlertEvents.command(AlertAction.EDIT, 2, 0, 0, 1, Hazard.NONE, 0, 0, 0, 500)));
        steps.add(new Step(t0 + 4 * min, List.of(), AlertEvents.command(AlertAction.EDIT, 2, 0, 0, 2, Hazard.NONE, 0, 0, 0, 500)));
        steps.add(new Step(t0 + 5 * min, List.of(), decide(AlertAction.APPROVE, 2, 3)));
        steps.add(new Step(t0 + 6 * min, List.of(), TestEvents.fix(1, TestEvents.callerOf(1), FixSource.AML_HTTPS,
            TestEvents.north(LAT, 150), LON, 8, t0 + 6 * min)));
        // seq 8: incident B without a usable location; classified, deferred, located, re-classified (auto issue)
        steps.add(new Step(t0 + 7 * min, List.of(), TestEvents.call(5, Agency.FIRE, LocationQuality.UNUSABLE, 0, 0, 0)));
        steps.add(new Step(t0 + 8 * min, List.of(), classify(8, Hazard.EXPLOSION, 0)));
        steps.add(new Step(t0 + 9 * min, List.of(), TestEvents.fix(5, TestEvents.callerOf(5), FixSource.AML_HTTPS,
            LAT + 90_000, LON, 12, t0 + 9 * min)));
        steps.add(new Step(t0 + 10 * min, List.of(), classify(8, Hazard.CHEMICAL, 300)));
        // seq 12: incident C: proposed, withdrawn by NONE, proposed again, approved, edited, revision rejected
        steps.add(new Step(t0 + 11 * min, List.of(), TestEvents.call(12, Agency.FIRE, LocationQuality.USABLE, LAT - 90_000,
            LON + 50_000, 20)));
        steps.add(new Step(t0 + 12 * min, List.of(), classify(12, Hazard.GAS_LEAK, 0)));
        steps.add(new Step(t0 + 13 * min, List.of(), classify(12, Hazard.NONE, 0)));
        steps.add(new Step(t0 + 14 * min, List.of(), classify(12, Hazard.FLOOD, 0)));
        steps.add(new Step(t0 + 15 * min, List.of(), decide(AlertAction.APPROVE, 15, 1)));
        steps.add(new Step(t0 + 16 * min, List.of(), AlertEvents.command(AlertAction.EDIT, 15, 0, 0, 1, Hazard.NONE, LAT - 89_000, 0, 2_000, 0)));
        steps.add(new Step(t0 + 17 * min, List.of(), decide(AlertAction.REJECT, 15, 2)));
        steps.add(new Step(t0 + 18 * min, List.of(), decide(AlertAction.APPROVE, 15, 2)));
        // bad commands
        steps.add(new Step(t0 + 19 * min, List.of(), classify(999, Hazard.FIRE, 0)));
        steps.add(new Step(t0 + 19 * min, List.of(), decide(AlertAction.APPROVE, 12345, 1)));
        steps.add(new Step(t0 + 19 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 1, 0, 0, Hazard.NONE, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 19 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 1, 0, 0, Hazard.FIRE, 0, 0, 5, 0)));
        steps.add(new Step(t0 + 19 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 1, 0, 0, Hazard.FIRE, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 19 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 0, 0, Hazard.FIRE, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 19 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 0, 0, Hazard.FIRE, 0, 0, 0, 0,
            LAT, LON, LAT + d, LON + d, LAT, LON + d, LAT + d, LON)));
        steps.add(new Step(t0 + 19 * min, List.of(), TestEvents.foreignSchema(decide(AlertAction.APPROVE, 15, 2))));
        steps.add(new Step(t0 + 19 * min, List.of(), new byte[]{1, 2, 3}));
        // camera candidates: one opens a crowd alert, a second of the same zone does not; PROPOSE by candidate
        steps.add(new Step(t0 + 20 * min, List.of(candidate(500, 3, 1, LAT + 5_000, LON)), TestEvents.tick(1)));
        steps.add(new Step(t0 + 21 * min, List.of(candidate(501, 3, 1, LAT + 5_100, LON)), TestEvents.tick(2)));
        steps.add(new Step(t0 + 22 * min, List.of(candidate(502, 4, 2, 0, 0)), TestEvents.tick(3)));
        steps.add(new Step(t0 + 23 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 501, 0, Hazard.CROWD, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 24 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 502, 0, Hazard.CROWD, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 25 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 777, 0, Hazard.CROWD, 0, 0, 0, 0)));
        steps.add(new Step(t0 + 26 * min, List.of(), AlertEvents.command(AlertAction.PROPOSE, 0, 0, 777, 0, Hazard.FIRE, LAT + 20_000, LON, 0,
            0, LAT + 20_000 - d, LON - d, LAT + 20_000 - d, LON + d, LAT + 20_000 + d, LON + d, LAT + 20_000 + d, LON - d)));
        steps.add(new Step(t0 + 27 * min, List.of(), decide(AlertAction.APPROVE, 35, 1)));
        steps.add(new Step(t0 + 28 * min, List.of(), AlertEvents.command(AlertAction.EDIT, 35, 0, 0, 1, Hazard.NONE, 0, 0, 0, 800)));
        steps.add(new Step(t0 + 29 * min, List.of(), decide(AlertAction.CANCEL, 33, 0)));
        // merge C into A: both have a live alert, C's ends; D (40) into B: both live, D's ends
        steps.add(new Step(t0 + 30 * min, List.of(), TestEvents.merge(12, 1)));
        steps.add(new Step(t0 + 31 * min, List.of(), TestEvents.call(40, Agency.FIRE, LocationQuality.USABLE, LAT + 200_000, LON, 15)));
        steps.add(new Step(t0 + 32 * min, List.of(), classify(40, Hazard.FIRE, 0)));
        steps.add(new Step(t0 + 33 * min, List.of(), TestEvents.merge(40, 8)));
        steps.add(new Step(t0 + 34 * min, List.of(), decide(AlertAction.CANCEL, 35, 0)));
        steps.add(new Step(t0 + 35 * min, List.of(), decide(AlertAction.CANCEL, 35, 0)));
        // E (45) with an alert merged into F (47) without one: the alert follows
        steps.add(new Step(t0 + 36 * min, List.of(), TestEvents.call(45, Agency.FIRE, LocationQuality.USABLE, LAT - 200_000, LON, 15)));
        steps.add(new Step(t0 + 36 * min, List.of(), classify(45, Hazard.GAS_LEAK, 40)));
        steps.add(new Step(t0 + 37 * min, List.of(), TestEvents.call(47, Agency.FIRE, LocationQuality.USABLE, LAT - 260_000, LON, 15)));
        steps.add(new Step(t0 + 38 * min, List.of(), TestEvents.merge(45, 47)));
        steps.add(new Step(t0 + 39 * min, List.of(), decide(AlertAction.APPROVE, 46, 2)));
        // time passes: crowd proposals expire, fire alerts are renewed, expire when nobody renews
        for (int h = 1; h <= 8; h++)
        {
            steps.add(new Step(t0 + 35 * min + h * 25 * min, List.of(), TestEvents.tick(10 + h)));
        }
        steps.add(new Step(t0 + 6 * 60 * min, List.of(), TestEvents.close(1, DISPATCHER)));
        steps.add(new Step(t0 + 6 * 60 * min + 1, List.of(), TestEvents.close(8, DISPATCHER)));
        steps.add(new Step(t0 + 7 * 60 * min, List.of(), TestEvents.tick(30)));
        return steps;
    }

    @Test
    void outputsAndSnapshotsAreThoseOfTheCodeBeforeTheCut() throws NoSuchAlgorithmException
    {
        final DispatchService dispatch = new DispatchService();
        final AlertService alerts = new AlertService(AlertConfig.DEFAULT, dispatch::incident);
        final MessageDigest outputsDigest = MessageDigest.getInstance("SHA-256");
        final MessageDigest snapshotsDigest = MessageDigest.getInstance("SHA-256");
        final TreeMap<Integer, Integer> byTemplate = new TreeMap<>();
        final List<byte[]> emitted = new ArrayList<>();
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
        long sequence = 0;
        for (final Step step : script())
        {
            sequence++;
            emitted.clear();
            final List<byte[]> fromOthers = new ArrayList<>(step.others());
            if (step.event().length >= MessageHeaderDecoder.ENCODED_LENGTH)
            {
                dispatch.onEvent(sequence, step.atNs(), new UnsafeBuffer(step.event()), 0, step.event().length,
                    (b, o, l) -> fromOthers.add(copy(b, o, l)));
            }
            emitted.addAll(fromOthers);
            for (final byte[] other : fromOthers)
            {
                alerts.onOutput(sequence, step.atNs(), new UnsafeBuffer(other), 0, other.length,
                    (b, o, l) -> emitted.add(copy(b, o, l)));
            }
            alerts.onEvent(sequence, step.atNs(), new UnsafeBuffer(step.event()), 0, step.event().length,
                (b, o, l) -> emitted.add(copy(b, o, l)));
            for (final byte[] out : emitted)
            {
                outputsDigest.update(new byte[]{(byte)(out.length >> 8), (byte)out.length});
                outputsDigest.update(out);
                if (out.length >= MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    byTemplate.merge(new MessageHeaderDecoder().wrap(new UnsafeBuffer(out), 0).templateId(), 1, Integer::sum);
                }
            }
            final int length = alerts.snapshot(snapshot, 0);
            snapshotsDigest.update(copy(snapshot, 0, length));
            final AlertService restored = new AlertService(AlertConfig.DEFAULT, dispatch::incident);
            restored.restore(snapshot, 0, length);
            final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1024);
            assertThat(copy(again, 0, restored.snapshot(again, 0))).isEqualTo(copy(snapshot, 0, length));
        }
        final String outputs = HexFormat.of().formatHex(outputsDigest.digest());
        final String snapshots = HexFormat.of().formatHex(snapshotsDigest.digest());
        System.out.println("alert pin: outputs " + outputs + " snapshots " + snapshots + " by template " + byTemplate +
            " alerts " + alerts.alerts().size());
        assertThat(outputs).isEqualTo(OUTPUTS_DIGEST);
        assertThat(snapshots).isEqualTo(SNAPSHOTS_DIGEST);
    }
}
