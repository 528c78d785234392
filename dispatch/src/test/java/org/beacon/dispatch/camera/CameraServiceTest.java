package org.beacon.dispatch.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.CameraRegisteredEncoder;
import org.beacon.codecs.CrowdAlarmEncoder;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PlateLayout;
import org.beacon.codecs.PlateReadEncoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistEntryEncoder;
import org.beacon.codecs.WatchlistHitDecoder;
import org.beacon.codecs.WatchlistReason;
import org.beacon.codecs.WatchlistUpdatedDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CameraServiceTest
{
    private static final long T0 = 1_796_000_000_000_000_000L;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final List<byte[]> outputs = new ArrayList<>();
    private long sequence;

    private void apply(final CameraService service, final long timestampNs, final int length)
    {
        service.onEvent(++sequence, timestampNs, buffer, 0, length, (b, o, l) ->
        {
            final byte[] copy = new byte[l];
            b.getBytes(o, copy);
            outputs.add(copy);
        });
    }

    private int camera(final int id, final int lat, final int lon)
    {
        final CameraRegisteredEncoder e = new CameraRegisteredEncoder().wrapAndApplyHeader(buffer, 0, header).cameraId(id);
        e.position().latMicros(lat).lonMicros(lon);
        e.headingDeciDeg(900);
        final CameraRegisteredEncoder.ZonesEncoder zones = e.zonesCount(1);
        zones.next().zoneId(1).radiusM(40).place().latMicros(lat + 100).lonMicros(lon + 100);
        e.name("Ben Thanh " + id);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int watch(final WatchlistAction action, final String plate)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new WatchlistEntryEncoder().wrapAndApplyHeader(buffer, 0, header)
            .action(action).reason(WatchlistReason.STOLEN).incidentId(77).operatorId(101).plate(plate).note("stolen 29 Nov")
            .encodedLength();
    }

    private int read(final int cameraId, final String plate)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new PlateReadEncoder().wrapAndApplyHeader(buffer, 0, header)
            .cameraId(cameraId).trackId(5).confidencePermille(870).frameTimeNs(T0).layout(PlateLayout.ONE_LINE)
            .plate(plate).cropRef("cam" + cameraId + "/5.jpg").encodedLength();
    }

    private int crowd(final int cameraId, final int zoneId)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new CrowdAlarmEncoder().wrapAndApplyHeader(buffer, 0, header)
            .cameraId(cameraId).zoneId(zoneId).rule(CrowdRule.FAST_RISE).count(42).occupancyPermille(380).baselineCount(9)
            .frameTimeNs(T0).cropRef("crowd.jpg").encodedLength();
    }

    private static int template(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    private List<WatchlistHitDecoder> hits()
    {
        final List<WatchlistHitDecoder> hits = new ArrayList<>();
        for (final byte[] o : outputs)
        {
            if (template(o) == WatchlistHitDecoder.TEMPLATE_ID)
            {
                hits.add(new WatchlistHitDecoder().wrapAndApplyHeader(new UnsafeBuffer(o), 0, new MessageHeaderDecoder()));
            }
        }
        return hits;
    }

    @Test
    void aTextOrZoneListThatRunsPastItsInputIsIgnoredNeverAllocatedNorThrown()
    {
        final CameraService service = new CameraService();
        apply(service, T0, camera(3, 10_772_000, 106_698_000));
        apply(service, T0, watch(WatchlistAction.ADD, "51F-123.45"));
        outputs.clear();
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        final int[][] lies = {
            {read(3, "51F-123.45"), body + PlateReadEncoder.BLOCK_LENGTH},
            {watch(WatchlistAction.REMOVE, "51F-123.45"), body + WatchlistEntryEncoder.BLOCK_LENGTH},
            {crowd(3, 1), body + CrowdAlarmEncoder.BLOCK_LENGTH},
        };
        for (final int[] lie : lies)
        {
            // the first text's length says a gigabyte: decoding it would allocate that much
            buffer.putInt(lie[1], 0x3FFF_FFF0, java.nio.ByteOrder.LITTLE_ENDIAN);
            apply(service, T0, lie[0]);
        }
        final int registration = camera(4, 10_772_000, 106_698_000);
        buffer.putShort(body + CameraRegisteredEncoder.BLOCK_LENGTH + 2, (short)60_000, java.nio.ByteOrder.LITTLE_ENDIAN);
        apply(service, T0, registration);
        assertThat(outputs).isEmpty();
    }

    @Test
    void aListedPlateReadByACameraIsAHitAtTheCamerasPlace()
    {
        final CameraService service = new CameraService();
        apply(service, T0, camera(3, 10_772_000, 106_698_000));
        apply(service, T0, watch(WatchlistAction.ADD, "51F-123.45"));
        final WatchlistUpdatedDecoder added = new WatchlistUpdatedDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(outputs.get(0)), 0, new MessageHeaderDecoder());
        assertThat(added.accepted()).isEqualTo((short)1);
        assertThat(added.entries()).isEqualTo(1);
        assertThat(added.plate()).isEqualTo("51F12345");

        apply(service, T0 + 1, read(3, "51F-123.45"));
        apply(service, T0 + 2, read(3, "51F-987.65"));
        assertThat(hits()).hasSize(1);
        final WatchlistHitDecoder hit = hits().get(0);
        assertThat(hit.cameraId()).isEqualTo(3);
        assertThat(hit.position().latMicros()).isEqualTo(10_772_000);
        assertThat(hit.reason()).isEqualTo(WatchlistReason.STOLEN);
        assertThat(hit.incidentId()).isEqualTo(77);
        assertThat(hit.exact()).isEqualTo((short)1);
        assertThat(hit.plate()).isEqualTo("51F-123.45");
        assertThat(hit.listedPlate()).isEqualTo("51F-123.45");
        assertThat(hit.cropRef()).isEqualTo("cam3/5.jpg");
    }

    @Test
    void oneKnownConfusionStillHitsButIsMarkedNotExactAndRepeatsWaitAMinute()
    {
        final CameraService service = new CameraService();
        apply(service, T0, watch(WatchlistAction.ADD, "51F-123.45"));
        apply(service, T0 + 1, read(4, "51F-I23.45"));
        assertThat(hits()).hasSize(1);
        assertThat(hits().get(0).exact()).isEqualTo((short)0);
        assertThat(hits().get(0).position().latMicros()).isZero();
        apply(service, T0 + TimeUnit.SECONDS.toNanos(30), read(4, "51F-123.45"));
        assertThat(hits()).hasSize(1);
        apply(service, T0 + TimeUnit.SECONDS.toNanos(30), read(5, "51F-123.45"));
        assertThat(hits()).hasSize(2);
        apply(service, T0 + TimeUnit.SECONDS.toNanos(62), read(4, "51F-123.45"));
        assertThat(hits()).hasSize(3);
        apply(service, T0 + TimeUnit.SECONDS.toNanos(70), read(4, "51F-1X3.4Y"));
        assertThat(hits()).hasSize(3);
    }

    @Test
    void badEntriesAreRefusedAndRemovalsAnswered()
    {
        final CameraService service = new CameraService();
        apply(service, T0, watch(WatchlistAction.ADD, "hello"));
        apply(service, T0, watch(WatchlistAction.REMOVE, "51F-123.45"));
        apply(service, T0, watch(WatchlistAction.ADD, "59-X1 123.45"));
        apply(service, T0, watch(WatchlistAction.REMOVE, "59X1 12345"));
        final List<Short> accepted = new ArrayList<>();
        for (final byte[] o : outputs)
        {
            accepted.add(new WatchlistUpdatedDecoder().wrapAndApplyHeader(new UnsafeBuffer(o), 0, new MessageHeaderDecoder())
                .accepted());
        }
        assertThat(accepted).containsExactly((short)0, (short)0, (short)1, (short)1);
        assertThat(service.watchlistSize()).isZero();
    }

    @Test
    void aCrowdAlarmIsAnIncidentCandidateAtItsZonesPlace()
    {
        final CameraService service = new CameraService();
        apply(service, T0, camera(3, 10_772_000, 106_698_000));
        apply(service, T0 + 5, crowd(3, 1));
        apply(service, T0 + 6, crowd(9, 2));
        final List<IncidentCandidateDecoder> candidates = new ArrayList<>();
        for (final byte[] o : outputs)
        {
            candidates.add(new IncidentCandidateDecoder().wrapAndApplyHeader(new UnsafeBuffer(o), 0, new MessageHeaderDecoder()));
        }
        assertThat(candidates).hasSize(2);
        assertThat(candidates.get(0).place().latMicros()).isEqualTo(10_772_100);
        assertThat(candidates.get(0).radiusM()).isEqualTo(40);
        assertThat(candidates.get(0).candidateId()).isEqualTo(2);
        assertThat(candidates.get(0).count()).isEqualTo(42);
        assertThat(candidates.get(0).rule()).isEqualTo(CrowdRule.FAST_RISE);
        assertThat(candidates.get(1).place().latMicros()).isZero();
    }

    @Test
    void snapshotAndRestoreContinueExactlyAsWithout()
    {
        final CameraService straight = new CameraService();
        final List<Integer> lengths = new ArrayList<>();
        final List<byte[]> events = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        events.add(copy(camera(3, 10_772_000, 106_698_000)));
        times.add(T0);
        events.add(copy(watch(WatchlistAction.ADD, "51F-123.45")));
        times.add(T0 + 1);
        events.add(copy(read(3, "51F-123.45")));
        times.add(T0 + 2);
        events.add(copy(watch(WatchlistAction.ADD, "30A-555.55")));
        times.add(T0 + 3);
        events.add(copy(read(3, "51F-123.45")));
        times.add(T0 + 4);
        events.add(copy(read(3, "30A-555.55")));
        times.add(T0 + 5);
        events.add(copy(crowd(3, 1)));
        times.add(T0 + 6);
        for (int i = 0; i < events.size(); i++)
        {
            buffer.putBytes(0, events.get(i));
            apply(straight, times.get(i), events.get(i).length);
        }
        final List<byte[]> expected = new ArrayList<>(outputs);
        for (int cut = 0; cut <= events.size(); cut++)
        {
            outputs.clear();
            sequence = 0;
            final CameraService first = new CameraService();
            for (int i = 0; i < cut; i++)
            {
                buffer.putBytes(0, events.get(i));
                apply(first, times.get(i), events.get(i).length);
            }
            final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(256);
            final int length = first.snapshot(snapshot, 8);
            lengths.add(length);
            final CameraService second = new CameraService();
            second.restore(snapshot, 8, length);
            for (int i = cut; i < events.size(); i++)
            {
                buffer.putBytes(0, events.get(i));
                apply(second, times.get(i), events.get(i).length);
            }
            assertThat(outputs).as("cut at " + cut).hasSameSizeAs(expected);
            for (int i = 0; i < outputs.size(); i++)
            {
                assertThat(outputs.get(i)).isEqualTo(expected.get(i));
            }
        }
        assertThat(lengths).isSorted();
    }

    /** Outputs and snapshots byte for byte as the code before the service contract wrote them. */
    @Test
    void outputsAndSnapshotsArePinned() throws java.security.NoSuchAlgorithmException
    {
        final CameraService service = new CameraService();
        final java.security.MessageDigest snapshots = java.security.MessageDigest.getInstance("SHA-256");
        final java.security.MessageDigest emitted = java.security.MessageDigest.getInstance("SHA-256");
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(256);
        final List<java.util.function.IntSupplier> events = List.of(
            () -> camera(3, 10_772_000, 106_698_000), () -> watch(WatchlistAction.ADD, "51F-123.45"),
            () -> watch(WatchlistAction.ADD, "hello"), () -> watch(WatchlistAction.ADD, "30A-555.55"),
            () -> read(3, "51F-123.45"), () -> read(3, "51F-123.45"), () -> read(4, "51F-I23.45"), () -> read(4, "30A-555.55"),
            () -> crowd(3, 1), () -> crowd(3, 7), () -> crowd(9, 1), () -> camera(4, 10_700_000, 106_600_000),
            () -> read(4, "30A-555.55"), () -> watch(WatchlistAction.REMOVE, "30A-555.55"),
            () -> watch(WatchlistAction.REMOVE, "30A-555.55"), () -> read(4, "30A-555.55"),
            () -> camera(3, 10_772_500, 106_698_500), () -> crowd(3, 1), () -> read(3, "51F-123.45"),
            () ->
            {
                final int length = watch(WatchlistAction.ADD, "59-X1 123.45");
                buffer.putShort(4, (short)999);
                return length;
            },
            () ->
            {
                watch(WatchlistAction.ADD, "59-X1 123.45");
                return 5;
            });
        for (int i = 0; i < events.size(); i++)
        {
            final int length = events.get(i).getAsInt();
            apply(service, T0 + i * TimeUnit.SECONDS.toNanos(25), length);
            final int snapshotLength = service.snapshot(snapshot, 0);
            final byte[] bytes = new byte[snapshotLength];
            snapshot.getBytes(0, bytes);
            snapshots.update(bytes);
        }
        for (final byte[] o : outputs)
        {
            emitted.update(new byte[]{(byte)(o.length >> 8), (byte)o.length});
            emitted.update(o);
        }
        assertThat(outputs).hasSize(14);
        final String outputsDigest = java.util.HexFormat.of().formatHex(emitted.digest());
        final String snapshotsDigest = java.util.HexFormat.of().formatHex(snapshots.digest());
        System.out.println("camera pin: outputs " + outputsDigest + " snapshots " + snapshotsDigest);
        assertThat(outputsDigest).isEqualTo("f20a9838ff3181a8cebe37ed3cb9718058bc5e2992960213f0ea2e064058487c");
        assertThat(snapshotsDigest).isEqualTo("b90183109c52fdda6e8b9a7d70ad0bc5f2bb66003182480247b34e2b578c19e4");
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
