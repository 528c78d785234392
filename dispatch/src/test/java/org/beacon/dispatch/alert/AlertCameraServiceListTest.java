package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.CameraRegisteredEncoder;
import org.beacon.codecs.CrowdAlarmEncoder;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.core.OutputSink;
import org.beacon.core.service.ServiceList;
import org.beacon.dispatch.camera.CameraService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camera analytics and area alerts as {@link org.beacon.core.service.Service}s in a {@link ServiceList}: the list hands
 * the alert service the candidates camera analytics emitted, as the centre does, and writes the same bytes as the two
 * services driven by hand; their sections restore to the same state.
 */
class AlertCameraServiceListTest
{
    private static final long T0 = 1_796_000_000_000_000_000L;
    private static final int LAT = 10_772_000;
    private static final int LON = 106_698_000;

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static byte[] camera(final int id)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final CameraRegisteredEncoder e = new CameraRegisteredEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .cameraId(id);
        e.position().latMicros(LAT).lonMicros(LON);
        e.headingDeciDeg(900);
        e.zonesCount(1).next().zoneId(1).radiusM(40).place().latMicros(LAT + 100).lonMicros(LON + 100);
        e.name("Ben Thanh " + id);
        return copy(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private static byte[] crowd(final int cameraId, final int zoneId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new CrowdAlarmEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .cameraId(cameraId).zoneId(zoneId).rule(CrowdRule.FAST_RISE).count(42).occupancyPermille(380).baselineCount(9)
            .frameTimeNs(T0).cropRef("crowd.jpg").encodedLength();
        return copy(buffer, 0, length);
    }

    private static byte[] tick(final long number)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new TickEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).tickNumber(number).encodedLength();
        return copy(buffer, 0, length);
    }

    private static List<byte[]> script()
    {
        return List.of(camera(3), crowd(3, 1), crowd(3, 1), camera(4), crowd(4, 1), crowd(9, 2), tick(1), tick(2), tick(3));
    }

    private static long at(final int step)
    {
        return T0 + step * TimeUnit.MINUTES.toNanos(25);
    }

    private static int template(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    @Test
    void sectionsAndObservedTemplates()
    {
        final CameraService camera = new CameraService();
        final AlertService alerts = new AlertService(AlertConfig.DEFAULT, id -> null);
        assertThat(camera.sectionId()).isEqualTo(3);
        assertThat(camera.sectionVersion()).isEqualTo(1);
        assertThat(alerts.sectionId()).isEqualTo(4);
        assertThat(alerts.sectionVersion()).isEqualTo(1);
        final List<Integer> observed = new ArrayList<>();
        for (int template = 0; template < 1 << 16; template++)
        {
            assertThat(camera.observes(template)).isFalse();
            if (alerts.observes(template))
            {
                observed.add(template);
            }
        }
        assertThat(observed).containsExactly(IncidentUpdatedDecoder.TEMPLATE_ID, IncidentCandidateDecoder.TEMPLATE_ID);
    }

    @Test
    void theListWritesWhatTheServicesDrivenByHandWrite()
    {
        final CameraService camera = new CameraService();
        final AlertService alerts = new AlertService(AlertConfig.DEFAULT, id -> null);
        final List<byte[]> byHand = new ArrayList<>();
        final OutputSink alertSink = (b, o, l) -> byHand.add(copy(b, o, l));
        final List<byte[]> script = script();
        for (int i = 0; i < script.size(); i++)
        {
            final long sequence = i + 1;
            final UnsafeBuffer event = new UnsafeBuffer(script.get(i));
            final List<byte[]> fromCamera = new ArrayList<>();
            camera.onEvent(sequence, at(i), event, 0, event.capacity(), (b, o, l) -> fromCamera.add(copy(b, o, l)));
            byHand.addAll(fromCamera);
            for (final byte[] out : fromCamera)
            {
                alerts.onOutput(sequence, at(i), new UnsafeBuffer(out), 0, out.length, alertSink);
            }
            alerts.onEvent(sequence, at(i), event, 0, event.capacity(), alertSink);
        }
        assertThat(byHand.stream().filter(o -> template(o) == AlertProposedDecoder.TEMPLATE_ID)).hasSize(2);
        assertThat(byHand.stream().filter(o -> template(o) == AlertStateChangedDecoder.TEMPLATE_ID)).isNotEmpty();

        final List<byte[]> listed = new ArrayList<>();
        final ServiceList list = new ServiceList(new CameraService(), new AlertService(AlertConfig.DEFAULT, id -> null));
        final ServiceList resumed = new ServiceList(new CameraService(), new AlertService(AlertConfig.DEFAULT, id -> null));
        for (int i = 0; i < script.size(); i++)
        {
            final UnsafeBuffer event = new UnsafeBuffer(script.get(i));
            final ServiceList target = i < 4 ? list : resumed;
            if (i == 4)
            {
                final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
                final int length = list.snapshot(snapshot, 0);
                resumed.restore(snapshot, 0, length);
                final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1024);
                assertThat(copy(again, 0, resumed.snapshot(again, 0))).isEqualTo(copy(snapshot, 0, length));
            }
            target.onEvent(i + 1, at(i), event, 0, event.capacity(), (b, o, l) -> listed.add(copy(b, o, l)));
        }
        assertThat(listed).hasSameSizeAs(byHand);
        for (int i = 0; i < listed.size(); i++)
        {
            assertThat(listed.get(i)).as("output %d", i).isEqualTo(byHand.get(i));
        }
    }
}
