package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.service.ServiceSnapshotDescriptor;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.GreenWavePlannedDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.SignalStatusEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.SignalNetwork;
import org.junit.jupiter.api.Test;

/**
 * The center composes dispatch and signal control: a dispatched unit's route opens a green wave, its arrival
 * ends it, detectors reach dispatch's congestion, and the version 2 snapshot carries both services.
 */
class CenterSignalTest
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final long T0 = 1_750_000_000_000_000_000L;
    private static final long UNIT = 501;

    /** Plays the host: sequence, injected time, outputs kept per event. */
    private static final class Host
    {
        final CenterStateMachine center;
        final List<byte[]> outputs = new ArrayList<>();
        long sequence;
        long nowNs = T0;

        Host(final CenterStateMachine center)
        {
            this.center = center;
        }

        List<byte[]> apply(final byte[] event)
        {
            sequence++;
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[event.length + 40]);
            buffer.putBytes(16, event);
            final List<byte[]> emitted = new ArrayList<>();
            center.onEvent(sequence, nowNs, buffer, 16, event.length, (b, o, l) ->
            {
                final byte[] copy = new byte[l];
                b.getBytes(o, copy);
                emitted.add(copy);
            });
            outputs.addAll(emitted);
            return emitted;
        }

        byte[] snapshot()
        {
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
            final int length = center.snapshot(buffer, 4);
            final byte[] bytes = new byte[length];
            buffer.getBytes(4, bytes);
            return bytes;
        }
    }

    private static int templateId(final byte[] output)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(output), 0).templateId();
    }

    private static int junction(final RoadGraph graph, final String id)
    {
        for (int j = 0; j < graph.junctionCount(); j++)
        {
            if (graph.junctionId(j).equals(id))
            {
                return j;
            }
        }
        throw new AssertionError("no junction " + id);
    }

    /** A point a fraction of the way from one junction to another. */
    private static int[] between(final String from, final String to, final double fraction)
    {
        final RoadGraph graph = CenterStateMachine.bundledNetwork();
        final int a = junction(graph, from);
        final int b = junction(graph, to);
        return new int[]{
            (int)Math.round(graph.junctionLatMicros(a) + (graph.junctionLatMicros(b) - graph.junctionLatMicros(a)) * fraction),
            (int)Math.round(graph.junctionLonMicros(a) + (graph.junctionLonMicros(b) - graph.junctionLonMicros(a)) * fraction)};
    }

    private static byte[] unitStatus(final long unitId, final UnitStatusCode status, final int[] at)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final UnitStatusEncoder encoder = new UnitStatusEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId).agency(Agency.POLICE).unitType(UnitType.POLICE_PATROL).status(status);
        encoder.position().latMicros(at[0]).lonMicros(at[1]);
        encoder.callSign("P" + unitId);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] position(final long unitId, final int[] at)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final UnitPositionEncoder encoder = new UnitPositionEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId);
        encoder.position().latMicros(at[0]).lonMicros(at[1]);
        encoder.speedCmPerS(1000).headingDeciDeg(0);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] call(final long callId, final int[] at)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final CallReceivedEncoder encoder = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId).agency(Agency.POLICE).locationQuality(LocationQuality.USABLE).locationMethod(LocationMethod.GNSS);
        encoder.location().latMicros(at[0]).lonMicros(at[1]);
        encoder.uncertaintyM(15).confidencePct((short)95).shape(LocationShape.CIRCLE).locationProblem(LocationProblem.NONE)
            .fixSource(FixSource.SIP_PIDF_LO).caller("tel:+84901" + callId).sipCallId("sip-" + callId)
            .emergencyCallId("urn:emergency:uid:callid:" + callId).locationReference("");
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] dispatch(final long incidentId, final long unitId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final OperatorCommandEncoder encoder = new OperatorCommandEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandType(CommandType.DISPATCH).incidentId(incidentId).unitId(unitId).operatorId(9).callId(0).targetIncidentId(0)
            .agency(Agency.NULL_VAL);
        encoder.location().latMicros(0).lonMicros(0);
        encoder.uncertaintyM(0).fixNumber(0);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] tick(final long number)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final TickEncoder encoder = new TickEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).tickNumber(number);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] detectorStatus(final int intersection, final int edge, final int speedCmPerS)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final SignalStatusEncoder encoder = new SignalStatusEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .intersectionIndex(intersection).mode(ControllerModeCode.LOCAL).preemptUnitId(0).fieldTimeNs(0).commandResult((byte)0);
        encoder.faults().clear();
        encoder.phasesCount(0);
        encoder.detectorsCount(1).next().edgeIndex(edge).vehicleCount(10).occupancyPermille(300).meanSpeedCmPerS(speedCmPerS);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    private static byte[] copy(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Registers two units and a call, then dispatches the unit 30 m before C2, northbound, to an incident at C6. */
    private static List<byte[]> dispatched(final Host host)
    {
        host.apply(unitStatus(UNIT, UnitStatusCode.AVAILABLE, between("C1", "C2", 0.88)));
        host.apply(unitStatus(UNIT + 1, UnitStatusCode.AVAILABLE, between("H8", "H9", 0.5)));
        host.nowNs += 1_000_000_000L;
        host.apply(call(77, between("C5", "C6", 0.5)));
        final long incidentId = host.sequence;
        host.nowNs += 1_000_000_000L;
        return host.apply(dispatch(incidentId, UNIT));
    }

    @Test
    void aDispatchOpensAGreenWaveAndArrivalEndsIt()
    {
        final Host host = new Host(new CenterStateMachine());
        assertThat(host.center.signal().network().intersectionCount()).isEqualTo(100);
        final List<byte[]> out = dispatched(host);

        int route = -1;
        int planned = -1;
        for (int i = 0; i < out.size(); i++)
        {
            final int template = templateId(out.get(i));
            if (template == RouteAssignedDecoder.TEMPLATE_ID)
            {
                route = i;
            }
            else if (template == GreenWavePlannedDecoder.TEMPLATE_ID)
            {
                planned = i;
            }
        }
        assertThat(route).as("RouteAssigned").isNotNegative();
        assertThat(planned).as("GreenWavePlanned after RouteAssigned").isGreaterThan(route);

        final RouteAssignedDecoder routeDecoder = new RouteAssignedDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(out.get(route)), 0, new MessageHeaderDecoder());
        final List<Integer> expectedStops = new ArrayList<>();
        final SignalNetwork network = host.center.signal().network();
        final List<Integer> edges = new ArrayList<>();
        for (final RouteAssignedDecoder.RouteDecoder edge : routeDecoder.route())
        {
            edges.add(edge.edgeIndex());
        }
        for (int i = 0; i + 1 < edges.size(); i++)
        {
            if (network.intersectionAtEnd(edges.get(i)) >= 0)
            {
                expectedStops.add(network.intersectionAtEnd(edges.get(i)));
            }
        }
        assertThat(expectedStops).hasSizeGreaterThanOrEqualTo(3);

        final GreenWavePlannedDecoder plan = new GreenWavePlannedDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(out.get(planned)), 0, new MessageHeaderDecoder());
        assertThat(plan.unitId()).isEqualTo(UNIT);
        assertThat(plan.priority()).isBetween((short)1, (short)5);
        final List<Integer> stops = new ArrayList<>();
        long lastEta = host.nowNs;
        for (final GreenWavePlannedDecoder.IntersectionsDecoder stop : plan.intersections())
        {
            stops.add(stop.intersectionIndex());
            assertThat(stop.etaAtNs()).isGreaterThan(lastEta);
            lastEta = stop.etaAtNs();
        }
        assertThat(stops).isEqualTo(expectedStops);

        final List<Integer> requested = new ArrayList<>();
        for (int i = planned + 1; i < out.size(); i++)
        {
            if (templateId(out.get(i)) == PreemptRequestedDecoder.TEMPLATE_ID)
            {
                final PreemptRequestedDecoder r = new PreemptRequestedDecoder()
                    .wrapAndApplyHeader(new UnsafeBuffer(out.get(i)), 0, new MessageHeaderDecoder());
                assertThat(r.unitId()).isEqualTo(UNIT);
                assertThat(r.expiresAtNs()).isEqualTo(host.nowNs + 10_000_000_000L);
                requested.add(r.intersectionIndex());
            }
        }
        assertThat(requested).isNotEmpty();
        assertThat(requested.get(0)).isEqualTo(stops.get(0));
        assertThat(host.center.signal().holders(stops.get(0))).containsExactly(UNIT);

        // the unit reports on scene: dispatch changes its status, signal control lets go
        host.nowNs += 5_000_000_000L;
        final List<byte[]> arrived = host.apply(unitStatus(UNIT, UnitStatusCode.ON_SCENE, between("C5", "C6", 0.5)));
        final List<PreemptReleasedDecoder> released = new ArrayList<>();
        for (final byte[] o : arrived)
        {
            if (templateId(o) == PreemptReleasedDecoder.TEMPLATE_ID)
            {
                released.add(new PreemptReleasedDecoder().wrapAndApplyHeader(new UnsafeBuffer(o), 0, new MessageHeaderDecoder()));
            }
        }
        assertThat(released).isNotEmpty();
        for (final PreemptReleasedDecoder r : released)
        {
            assertThat(r.unitId()).isEqualTo(UNIT);
            assertThat(r.reason()).isEqualTo(PreemptEnd.UNIT_STOPPED);
        }
        assertThat(host.center.signal().activeWaveCount()).isZero();
    }

    @Test
    void snapshotRoundTripsAndContinuesIdentically()
    {
        final Host whole = new Host(new CenterStateMachine());
        dispatched(whole);
        final byte[] snapshot = whole.snapshot();
        assertThat(new UnsafeBuffer(snapshot).getInt(ServiceSnapshotDescriptor.SECTION_COUNT_OFFSET))
            .as("one section per service").isEqualTo(4);

        final Host restored = new Host(new CenterStateMachine());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[snapshot.length + 7]);
        buffer.putBytes(7, snapshot);
        restored.center.restore(buffer, 7, snapshot.length);
        restored.sequence = whole.sequence;
        restored.nowNs = whole.nowNs;
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.center.signal().activeWaveCount()).isEqualTo(1);

        final List<byte[]> tail = new ArrayList<>();
        for (int s = 0; s < 40; s++)
        {
            final double f = 0.9 + s * 0.1;
            final int block = 1 + (int)Math.floor(f);
            tail.add(s % 3 == 2 ? tick(s) : position(UNIT, between("C" + block, "C" + (block + 1), f - Math.floor(f))));
        }
        tail.add(unitStatus(UNIT, UnitStatusCode.ON_SCENE, between("C5", "C6", 0.5)));
        for (final byte[] event : tail)
        {
            whole.nowNs += 1_500_000_000L;
            restored.nowNs = whole.nowNs;
            final List<byte[]> a = whole.apply(event);
            final List<byte[]> b = restored.apply(event);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++)
            {
                assertThat(b.get(i)).isEqualTo(a.get(i));
            }
        }
        assertThat(restored.snapshot()).isEqualTo(whole.snapshot());
        // the wave really moved on: something was passed on the way
        boolean passed = false;
        for (final byte[] o : whole.outputs)
        {
            passed |= templateId(o) == PreemptReleasedDecoder.TEMPLATE_ID && new PreemptReleasedDecoder()
                .wrapAndApplyHeader(new UnsafeBuffer(o), 0, new MessageHeaderDecoder()).reason() == PreemptEnd.PASSED;
        }
        assertThat(passed).isTrue();
    }

    @Test
    void aSnapshotOfTheFormatBeforeSectionsIsRefusedAndLeavesEveryServiceReset()
    {
        // the centre's format 4 header ('BCSM', version 4, dispatch length) before the service list took over
        final UnsafeBuffer older = new UnsafeBuffer(new byte[64]);
        older.putInt(0, 0x4D534342);
        older.putInt(4, 4);
        older.putInt(8, 40);

        final Host busy = new Host(new CenterStateMachine());
        dispatched(busy);
        assertThat(busy.center.signal().activeWaveCount()).isEqualTo(1);

        assertThatThrownBy(() -> busy.center.restore(older, 0, older.capacity()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot refused")
            .hasMessageContaining("older format");
        assertThat(busy.center.signal().activeWaveCount()).isZero();
        assertThat(busy.snapshot()).isEqualTo(new Host(new CenterStateMachine()).snapshot());
    }

    @Test
    void aSlowDetectorOnAnApproachCongestsDispatchsRoad()
    {
        final Host host = new Host(new CenterStateMachine());
        final SignalNetwork network = host.center.signal().network();
        final int intersection = 27;
        final int edge = network.approaches(intersection)[0];
        final RoadGraph graph = host.center.dispatch().roadGraph();
        assertThat(graph.congestionPermille(edge)).isEqualTo(1000);
        final long freeCmPerS = (long)network.lengthCm(edge) * 1000L / network.freeFlowMs(edge);
        final int slow = (int)(freeCmPerS / 4);
        host.apply(detectorStatus(intersection, edge, slow));
        assertThat(graph.congestionPermille(edge)).isEqualTo((int)(freeCmPerS * 1000L / slow));
        // back to speed: free flow again
        host.apply(detectorStatus(intersection, edge, (int)freeCmPerS));
        assertThat(graph.congestionPermille(edge)).isEqualTo(1000);
        // a detector that is not on an approach of the reporting intersection changes nothing
        final int other = network.approaches(intersection + 1)[0];
        host.apply(detectorStatus(intersection, other, 10));
        assertThat(graph.congestionPermille(other)).isEqualTo(1000);
    }
}
