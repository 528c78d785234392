package org.beacon.signal;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.GreenWavePlannedDecoder;
import org.beacon.codecs.IntersectionStateDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedDecoder;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.RouteAssignedEncoder;
import org.beacon.codecs.SignalAlarmDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SignalCommandRejectedDecoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalOperatorCommandEncoder;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.SignalStatusEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusChangedEncoder;
import org.beacon.codecs.UnitStatusCode;

/**
 * Plays the host for a {@link SignalService}: encodes inputs with the generated encoders, applies each at the
 * next sequence and the current (injected) time, keeps the raw output bytes and decodes them into records.
 */
final class SignalDriver
{
    static final long T0 = 1_750_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    final SignalService service;
    final List<byte[]> raw = new ArrayList<>();
    final List<int[]> congestion = new ArrayList<>();
    long sequence;
    long nowNs = T0;

    SignalDriver()
    {
        this(SignalConfig.DEFAULT);
    }

    SignalDriver(final SignalConfig config)
    {
        this(config, TestStreets.network());
    }

    SignalDriver(final SignalConfig config, final SignalNetwork network)
    {
        this.service = new SignalService(config, network, (edge, factor) -> congestion.add(new int[]{edge, factor}));
    }

    /** A driver whose service knows incidents' priorities, for dispatch's outputs handed over as a service list does. */
    SignalDriver(final java.util.function.LongToIntFunction incidentPriority)
    {
        this.service = new SignalService(SignalConfig.DEFAULT, TestStreets.network(),
            (edge, factor) -> congestion.add(new int[]{edge, factor}), incidentPriority);
    }

    /** A driver around an existing service (restored), whose congestion goes nowhere. */
    SignalDriver(final SignalService service, final long sequence, final long nowNs)
    {
        this.service = service;
        this.sequence = sequence;
        this.nowNs = nowNs;
    }

    SignalDriver advance(final double seconds)
    {
        nowNs += (long)(seconds * SECOND);
        return this;
    }

    // ------------------------------------------------------------------ inputs

    List<Object> apply(final byte[] event)
    {
        sequence++;
        final int offset = 24;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + event.length + 16]);
        buffer.putBytes(offset, event);
        final int from = raw.size();
        service.onEvent(sequence, nowNs, buffer, offset, event.length, this::capture);
        return decode(raw.subList(from, raw.size()));
    }

    List<Object> route(final long unitId, final long incidentId, final int priority, final int etaS, final int... edges)
    {
        final int from = raw.size();
        service.onRouteAssigned(unitId, incidentId, priority, etaS, edges.clone(), edges.length, nowNs, this::capture);
        return decode(raw.subList(from, raw.size()));
    }

    List<Object> stopped(final long unitId)
    {
        final int from = raw.size();
        service.onUnitStopped(unitId, nowNs, this::capture);
        return decode(raw.subList(from, raw.size()));
    }

    /**
     * One event as a service list hands it over: dispatch's outputs for it first ({@link SignalService#onOutput}), then
     * the event itself.
     */
    List<Object> applyAfter(final byte[] event, final byte[]... dispatchOutputs)
    {
        for (final byte[] output : dispatchOutputs)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[output.length + 40]);
            buffer.putBytes(17, output);
            service.onOutput(sequence + 1, nowNs, buffer, 17, output.length, this::capture);
        }
        return apply(event);
    }

    List<Object> tick()
    {
        return apply(tickEvent(sequence + 1));
    }

    List<Object> position(final long unitId, final int[] latLon)
    {
        return apply(positionEvent(unitId, latLon[0], latLon[1]));
    }

    List<Object> command(final SignalCommandType type, final int intersection, final int phase, final int operatorId,
        final int durationS)
    {
        return apply(commandEvent(type.value(), intersection, phase, operatorId, durationS));
    }

    private void capture(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        raw.add(copy);
    }

    static byte[] tickEvent(final long number)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final TickEncoder encoder = new TickEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).tickNumber(number);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** Dispatch's RouteAssigned output. */
    static byte[] routeAssigned(final long unitId, final long incidentId, final long etaS, final int... edges)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final RouteAssignedEncoder encoder = new RouteAssignedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .incidentId(incidentId)
            .unitId(unitId)
            .etaS(etaS);
        final RouteAssignedEncoder.RouteEncoder route = encoder.routeCount(edges.length);
        for (final int edge : edges)
        {
            route.next().edgeIndex(edge);
        }
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** Dispatch's UnitStatusChanged output. */
    static byte[] unitStatusChanged(final long unitId, final UnitStatusCode from, final UnitStatusCode to)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final UnitStatusChangedEncoder encoder = new UnitStatusChangedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId)
            .from(from)
            .to(to)
            .incidentId(0)
            .atNs(0);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    static byte[] positionEvent(final long unitId, final int lat, final int lon)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final UnitPositionEncoder encoder = new UnitPositionEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId);
        encoder.position().latMicros(lat).lonMicros(lon);
        encoder.speedCmPerS(1389).headingDeciDeg(900);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    static byte[] commandEvent(final int rawType, final int intersection, final int phase, final int operatorId,
        final int durationS)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final SignalOperatorCommandEncoder encoder = new SignalOperatorCommandEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandType(SignalCommandType.HOLD)
            .intersectionIndex(intersection)
            .phase((short)phase)
            .operatorId(operatorId)
            .durationS(durationS);
        buffer.putByte(HEADER + SignalOperatorCommandEncoder.commandTypeEncodingOffset(), (byte)rawType);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** A controller's status; phases as {phase, vehicle, ped, minEndDs, maxEndDs}, detectors as {edge, count, speed}. */
    static byte[] statusEvent(final int intersection, final int rawMode, final int faults, final long preemptUnit,
        final int[][] phases, final int[][] detectors)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final SignalStatusEncoder encoder = new SignalStatusEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.LOCAL)
            .preemptUnitId(preemptUnit)
            .fieldTimeNs(0)
            .commandResult((byte)0);
        buffer.putByte(HEADER + SignalStatusEncoder.modeEncodingOffset(), (byte)rawMode);
        buffer.putShort(HEADER + SignalStatusEncoder.faultsEncodingOffset(), (short)faults, ByteOrder.LITTLE_ENDIAN);
        final SignalStatusEncoder.PhasesEncoder phaseGroup = encoder.phasesCount(phases.length);
        for (final int[] p : phases)
        {
            phaseGroup.next().phase((short)p[0]).vehicle(SignalIndication.get((short)p[1])).ped(PedSignal.get((short)p[2]))
                .minEndDs(p[3]).maxEndDs(p[4]);
        }
        final SignalStatusEncoder.DetectorsEncoder detectorGroup = encoder.detectorsCount(detectors.length);
        for (final int[] d : detectors)
        {
            detectorGroup.next().edgeIndex(d[0]).vehicleCount(d[1]).occupancyPermille(100).meanSpeedCmPerS(d[2]);
        }
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** A plain status: phases 2 and 6 green, 4 and 8 red. */
    static byte[] statusEvent(final int intersection, final ControllerModeCode mode, final int faults, final long preemptUnit)
    {
        return statusEvent(intersection, mode.value(), faults, preemptUnit, standardPhases(3, 1), new int[0][]);
    }

    static int[][] standardPhases(final int mainIndication, final int crossIndication)
    {
        return new int[][]{
            {2, mainIndication, 1, 50, 300},
            {4, crossIndication, 1, 65535, 65535},
            {6, mainIndication, 1, 50, 300},
            {8, crossIndication, 1, 65535, 65535}};
    }

    private static byte[] copy(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ snapshots

    byte[] snapshot()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = service.snapshot(buffer, 8);
        final byte[] bytes = new byte[length];
        buffer.getBytes(8, bytes);
        return bytes;
    }

    static SignalService restored(final byte[] snapshot, final SignalConfig config)
    {
        final SignalService service = new SignalService(config, TestStreets.network(), null);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[snapshot.length + 11]);
        buffer.putBytes(5, snapshot);
        service.restore(buffer, 5, snapshot.length);
        return service;
    }

    // ------------------------------------------------------------------ outputs

    record PlannedStop(int intersection, int phase, long etaAtNs)
    {
    }

    record Planned(long unitId, long incidentId, int priority, List<PlannedStop> stops)
    {
    }

    record Requested(int intersection, int phase, long unitId, long incidentId, int priority, PreemptRequester requester,
        int operatorId, long etaAtNs, long expiresAtNs, int refresh)
    {
    }

    record Released(int intersection, long unitId, PreemptEnd reason, long heldMs)
    {
    }

    record Queued(int intersection, long unitId, int phase, long behindUnitId, long etaAtNs)
    {
    }

    record Issued(SignalCommandType type, int intersection, int phase, int operatorId, long expiresAtNs)
    {
    }

    record Rejected(SignalCommandType type, int intersection, int phase, int operatorId, SignalRejectReason reason)
    {
    }

    record Alarm(int intersection, int faults, ControllerModeCode mode, int raised, long atNs)
    {
    }

    record PhaseState(int phase, SignalIndication vehicle, PedSignal ped, int minEndDs, int maxEndDs)
    {
    }

    record State(int intersection, ControllerModeCode mode, int faults, long preemptUnitId, long atNs, List<PhaseState> phases)
    {
    }

    static List<Object> decode(final List<byte[]> outputs)
    {
        final List<Object> result = new ArrayList<>();
        for (final byte[] output : outputs)
        {
            result.add(decode(output));
        }
        return result;
    }

    static Object decode(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        switch (header.templateId())
        {
            case GreenWavePlannedDecoder.TEMPLATE_ID:
            {
                final GreenWavePlannedDecoder d = new GreenWavePlannedDecoder().wrapAndApplyHeader(buffer, 0, header);
                final long unit = d.unitId();
                final long incident = d.incidentId();
                final int priority = d.priority();
                final List<PlannedStop> stops = new ArrayList<>();
                for (final GreenWavePlannedDecoder.IntersectionsDecoder s : d.intersections())
                {
                    stops.add(new PlannedStop(s.intersectionIndex(), s.phase(), s.etaAtNs()));
                }
                return new Planned(unit, incident, priority, stops);
            }
            case PreemptRequestedDecoder.TEMPLATE_ID:
            {
                final PreemptRequestedDecoder d = new PreemptRequestedDecoder().wrapAndApplyHeader(buffer, 0, header);
                return new Requested(d.intersectionIndex(), d.phase(), d.unitId(), d.incidentId(), d.priority(), d.requester(),
                    d.operatorId(), d.etaAtNs(), d.expiresAtNs(), d.refresh());
            }
            case PreemptReleasedDecoder.TEMPLATE_ID:
            {
                final PreemptReleasedDecoder d = new PreemptReleasedDecoder().wrapAndApplyHeader(buffer, 0, header);
                return new Released(d.intersectionIndex(), d.unitId(), d.reason(), d.heldMs());
            }
            case PreemptQueuedDecoder.TEMPLATE_ID:
            {
                final PreemptQueuedDecoder d = new PreemptQueuedDecoder().wrapAndApplyHeader(buffer, 0, header);
                return new Queued(d.intersectionIndex(), d.unitId(), d.phase(), d.behindUnitId(), d.etaAtNs());
            }
            case SignalCommandIssuedDecoder.TEMPLATE_ID:
            {
                final SignalCommandIssuedDecoder d = new SignalCommandIssuedDecoder().wrapAndApplyHeader(buffer, 0, header);
                return new Issued(d.commandType(), d.intersectionIndex(), d.phase(), d.operatorId(), d.expiresAtNs());
            }
            case SignalCommandRejectedDecoder.TEMPLATE_ID:
            {
                final SignalCommandRejectedDecoder d = new SignalCommandRejectedDecoder().wrapAndApplyHeader(buffer, 0, header);
                return new Rejected(d.commandType(), d.intersectionIndex(), d.phase(), d.operatorId(), d.reason());
            }
            case SignalAlarmDecoder.TEMPLATE_ID:
            {
                final SignalAlarmDecoder d = new SignalAlarmDecoder().wrapAndApplyHeader(buffer, 0, header);
                final int faults = buffer.getShort(HEADER + SignalAlarmDecoder.faultsEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                return new Alarm(d.intersectionIndex(), faults, d.mode(), d.raised(), d.atNs());
            }
            case IntersectionStateDecoder.TEMPLATE_ID:
            {
                final IntersectionStateDecoder d = new IntersectionStateDecoder().wrapAndApplyHeader(buffer, 0, header);
                final int faults = buffer.getShort(HEADER + IntersectionStateDecoder.faultsEncodingOffset(),
                    ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int intersection = d.intersectionIndex();
                final ControllerModeCode mode = d.mode();
                final long unit = d.preemptUnitId();
                final long at = d.atNs();
                final List<PhaseState> phases = new ArrayList<>();
                for (final IntersectionStateDecoder.PhasesDecoder p : d.phases())
                {
                    phases.add(new PhaseState(p.phase(), p.vehicle(), p.ped(), p.minEndDs(), p.maxEndDs()));
                }
                return new State(intersection, mode, faults, unit, at, phases);
            }
            default:
                throw new AssertionError("unexpected output template " + header.templateId());
        }
    }

    static <T> List<T> only(final List<Object> outputs, final Class<T> type)
    {
        final List<T> result = new ArrayList<>();
        for (final Object o : outputs)
        {
            if (type.isInstance(o))
            {
                result.add(type.cast(o));
            }
        }
        return result;
    }

    List<Object> all()
    {
        return decode(raw);
    }
}
