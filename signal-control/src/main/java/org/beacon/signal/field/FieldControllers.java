package org.beacon.signal.field;

import org.beacon.core.MessageView;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalStatusEncoder;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.controller.ControllerConfig;
import org.beacon.signal.controller.PhaseTiming;
import org.beacon.signal.controller.RingBarrierController;
import org.beacon.signal.controller.SupervisedIntersection;

/**
 * The field side of signal control: one cabinet (controller + conflict monitor,
 * {@link SupervisedIntersection}) per signalized intersection of the network. It takes the center's
 * requests as they come out of egress ({@code PreemptRequested}, {@code PreemptReleased},
 * {@code SignalCommandIssued}), lets each controller decide what its monitor allows, and reports
 * {@code SignalStatus} whenever an intersection's mode, indications or faults change, and at least
 * every heartbeat. Central times are translated to the field's own clock by their distance from the
 * event that carried them, so a field that runs on simulation time (SUMO) and a center on wall time
 * agree on how long a request lives. Single-threaded: the owning agent calls every method.
 */
public final class FieldControllers
{
    /** {@link #onOutput} result: the message is not addressed to the field. */
    public static final int NOT_FOR_FIELD = 1;
    /** {@link #onOutput} result: the message names an intersection this field does not have. */
    public static final int UNKNOWN_INTERSECTION = -100;

    /** Main-street (phases 2/6) green of the default fixed-time plan. */
    private static final int MAIN_GREEN_MS = 27_000;
    /** Cross-street (phases 4/8) green of the default fixed-time plan. */
    private static final int CROSS_GREEN_MS = 20_000;

    private static final int THROUGH_PHASES = (1 << 2) | (1 << 4) | (1 << 6) | (1 << 8);
    private static final int ALL_PHASES = 0x1FE;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int UNKNOWN_DS = SignalStatusEncoder.PhasesEncoder.minEndDsNullValue();

    /** Reads an intersection's approach detectors for a status. */
    @FunctionalInterface
    public interface DetectorSource
    {
        /**
         * Fills the detector readings of one intersection since its previous status.
         *
         * @param intersection index.
         * @param edges        approach edge per reading (out).
         * @param counts       vehicles per reading (out).
         * @param occupancy    occupancy permille per reading (out).
         * @param speedsCmPerS mean speed per reading, 65535 when none measured (out).
         * @return readings written.
         */
        int read(int intersection, int[] edges, int[] counts, int[] occupancy, int[] speedsCmPerS);
    }

    /** Receives encoded status messages. */
    @FunctionalInterface
    public interface StatusSink
    {
        /**
         * One {@code SignalStatus}, header first.
         *
         * @param buffer holding it.
         * @param offset of the header.
         * @param length of the message.
         * @return false when it could not be delivered: the intersection is reported again next time.
         */
        boolean onStatus(DirectBuffer buffer, int offset, int length);
    }

    private final SupervisedIntersection[] cabinets;
    private final int[] lastMode;
    private final int[] lastFaults;
    private final long[] lastPreempt;
    private final int[][] lastLamps;
    private final boolean[] dirty;
    private final long[] lastSentNs;
    private final byte[] commandResult;
    private final MessageView view = new MessageView();
    private final PreemptRequestedDecoder requestedDecoder = new PreemptRequestedDecoder();
    private final PreemptReleasedDecoder releasedDecoder = new PreemptReleasedDecoder();
    private final SignalCommandIssuedDecoder issuedDecoder = new SignalCommandIssuedDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SignalStatusEncoder statusEncoder = new SignalStatusEncoder();
    private final MutableDirectBuffer statusBuffer = new UnsafeBuffer(new byte[4096]);
    private final int[] detectorEdges = new int[64];
    private final int[] detectorCounts = new int[64];
    private final int[] detectorOccupancy = new int[64];
    private final int[] detectorSpeeds = new int[64];
    private long commandsApplied;
    private long faultTrips;

    /**
     * One cabinet per intersection, each starting up at {@code nowNs}.
     *
     * @param network the signal network.
     * @param nowNs   the field clock now.
     */
    public FieldControllers(final SignalNetwork network, final long nowNs)
    {
        final int n = network.intersectionCount();
        cabinets = new SupervisedIntersection[n];
        lastMode = new int[n];
        lastFaults = new int[n];
        lastPreempt = new long[n];
        lastLamps = new int[n][18];
        dirty = new boolean[n];
        lastSentNs = new long[n];
        commandResult = new byte[n];
        for (int i = 0; i < n; i++)
        {
            cabinets[i] = new SupervisedIntersection(controllerConfig(network, i), nowNs);
            lastMode[i] = -1;
            dirty[i] = true;
            lastSentNs[i] = Long.MIN_VALUE / 2;
        }
    }

    /**
     * The timing of one intersection's controller: through phases for its approaches (2/6 one street,
     * 4/8 the other), ITE clearances from the approaches' speed limit, a fixed-time plan.
     */
    private static ControllerConfig controllerConfig(final SignalNetwork network, final int intersection)
    {
        final int served = network.phaseMask(intersection) & ALL_PHASES;
        final double speed = Math.max(8.0, network.approachSpeedMps(intersection));
        if ((served & ~THROUGH_PHASES) != 0)
        {
            return stageConfig(network.intersectionId(intersection), served, speed);
        }
        int mask = served & THROUGH_PHASES;
        // a ring needs a phase on each side of the barrier it serves: give a lone approach its partner
        if ((mask & ((1 << 2) | (1 << 6))) != 0)
        {
            mask |= (1 << 2) | (1 << 6);
        }
        if ((mask & ((1 << 4) | (1 << 8))) != 0)
        {
            mask |= (1 << 4) | (1 << 8);
        }
        if (mask == 0)
        {
            mask = THROUGH_PHASES;
        }
        return ControllerConfig.fourPhase(network.intersectionId(intersection), mask, speed, MAIN_GREEN_MS, CROSS_GREEN_MS);
    }

    /**
     * A junction mapped into stages on ring 1 ({@link org.beacon.signal.SignalGroups}): every served phase and its
     * ring-2 partner (which serves nothing, so that both rings cross the barrier together), phase 2 on the main
     * split, the others on the cross split.
     */
    private static ControllerConfig stageConfig(final String id, final int served, final double speedMps)
    {
        int mask = served;
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            if ((served & (1 << p)) != 0)
            {
                mask |= 1 << ControllerConfig.partner(p);
            }
        }
        final PhaseTiming urban = PhaseTiming.urbanThrough(speedMps);
        final ControllerConfig.Builder b = ControllerConfig.builder(id);
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            if ((mask & (1 << p)) != 0)
            {
                b.phase(p, urban).split(p, p == 2 || p == 6 ? MAIN_GREEN_MS : CROSS_GREEN_MS);
            }
        }
        return b.build();
    }

    /**
     * @param intersection index.
     * @return its cabinet.
     */
    public SupervisedIntersection cabinet(final int intersection)
    {
        return cabinets[intersection];
    }

    /** @return central commands a controller accepted. */
    public long commandsApplied()
    {
        return commandsApplied;
    }

    /** @return times a conflict monitor put an intersection into fault flash. */
    public long faultTrips()
    {
        return faultTrips;
    }

    /**
     * Applies one egress output if it is addressed to the field.
     *
     * @param buffer           holding the SBE message.
     * @param offset           of its header.
     * @param length           of the message.
     * @param eventTimestampNs the timestamp of the input that produced it (center time).
     * @param nowNs            the field clock now.
     * @return the controller's result code (0 accepted, negative refused), {@link #NOT_FOR_FIELD} or
     *         {@link #UNKNOWN_INTERSECTION}.
     */
    public int onOutput(final DirectBuffer buffer, final int offset, final int length, final long eventTimestampNs,
        final long nowNs)
    {
        if (length < HEADER)
        {
            return NOT_FOR_FIELD;
        }
        if (MessageView.NOT_A_MESSAGE == view.wrap(buffer, offset, length))
        {
            return NOT_FOR_FIELD;
        }
        final int body = offset + HEADER;
        final int intersection;
        final int result;
        switch (view.templateId())
        {
            case PreemptRequestedDecoder.TEMPLATE_ID:
                requestedDecoder.wrap(buffer, body, view.blockLength(), view.version());
                intersection = requestedDecoder.intersectionIndex();
                if (!known(intersection))
                {
                    return UNKNOWN_INTERSECTION;
                }
                result = cabinets[intersection].controller().preempt(requestedDecoder.unitId(), requestedDecoder.phase(),
                    requestedDecoder.priority(), nowNs, local(requestedDecoder.expiresAtNs(), eventTimestampNs, nowNs));
                break;
            case PreemptReleasedDecoder.TEMPLATE_ID:
                releasedDecoder.wrap(buffer, body, view.blockLength(), view.version());
                intersection = releasedDecoder.intersectionIndex();
                if (!known(intersection))
                {
                    return UNKNOWN_INTERSECTION;
                }
                result = cabinets[intersection].controller().cancelPreempt(releasedDecoder.unitId(), nowNs);
                break;
            case SignalCommandIssuedDecoder.TEMPLATE_ID:
                issuedDecoder.wrap(buffer, body, view.blockLength(), view.version());
                intersection = issuedDecoder.intersectionIndex();
                if (!known(intersection))
                {
                    return UNKNOWN_INTERSECTION;
                }
                result = operatorCommand(intersection, nowNs, eventTimestampNs);
                break;
            default:
                return NOT_FOR_FIELD;
        }
        commandResult[intersection] = (byte)Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, result));
        dirty[intersection] = true;
        if (result == RingBarrierController.ACCEPTED)
        {
            commandsApplied++;
        }
        return result;
    }

    private int operatorCommand(final int intersection, final long nowNs, final long eventTimestampNs)
    {
        final RingBarrierController controller = cabinets[intersection].controller();
        final long expires = issuedDecoder.expiresAtNs() == 0 ? Long.MAX_VALUE :
            local(issuedDecoder.expiresAtNs(), eventTimestampNs, nowNs);
        switch (issuedDecoder.commandTypeRaw())
        {
            case 1:
                return controller.hold(issuedDecoder.phase(), nowNs, expires);
            case 2:
                return controller.advance(nowNs);
            case 3:
                return controller.flash(nowNs, expires);
            case 4:
                return controller.release(nowNs);
            case 5:
                return cabinets[intersection].resetFault(nowNs);
            default:
                return RingBarrierController.REJECTED_INVALID_PHASE;
        }
    }

    private boolean known(final int intersection)
    {
        return intersection >= 0 && intersection < cabinets.length;
    }

    private static long local(final long centerTimeNs, final long eventTimestampNs, final long nowNs)
    {
        final long remaining = centerTimeNs - eventTimestampNs;
        return remaining <= 0 ? nowNs : nowNs + remaining;
    }

    /**
     * Steps every cabinet to the field clock; a monitor that trips puts its intersection into fault flash.
     *
     * @param nowNs the field clock.
     */
    public void step(final long nowNs)
    {
        for (int i = 0; i < cabinets.length; i++)
        {
            if (cabinets[i].step(nowNs) != 0)
            {
                faultTrips++;
            }
            final RingBarrierController controller = cabinets[i].controller();
            final int mode = controller.mode().ordinal();
            final int faults = controller.faults();
            final long preempt = controller.activePreemptId();
            boolean changed = mode != lastMode[i] || faults != lastFaults[i] || preempt != lastPreempt[i];
            final int[] lamps = lastLamps[i];
            for (int p = 1; p <= ControllerConfig.PHASES; p++)
            {
                final int vehicle = controller.vehicle(p).ordinal();
                final int ped = controller.pedestrian(p).ordinal();
                if (lamps[p] != vehicle || lamps[9 + p] != ped)
                {
                    lamps[p] = vehicle;
                    lamps[9 + p] = ped;
                    changed = true;
                }
            }
            lastMode[i] = mode;
            lastFaults[i] = faults;
            lastPreempt[i] = preempt;
            dirty[i] |= changed;
        }
    }

    /**
     * Reports the intersections that changed since their last status, and those whose last status is
     * older than the heartbeat.
     *
     * @param nowNs       the field clock.
     * @param heartbeatNs the longest silence per intersection.
     * @param detectors   approach detectors, or null.
     * @param sink        where statuses go.
     * @return statuses delivered.
     */
    public int report(final long nowNs, final long heartbeatNs, final DetectorSource detectors, final StatusSink sink)
    {
        int sent = 0;
        for (int i = 0; i < cabinets.length; i++)
        {
            final boolean heartbeat = nowNs - lastSentNs[i] >= heartbeatNs;
            if (!dirty[i] && !heartbeat)
            {
                continue;
            }
            final int length = encodeStatus(i, nowNs, heartbeat ? detectors : null);
            if (sink.onStatus(statusBuffer, 0, length))
            {
                dirty[i] = false;
                lastSentNs[i] = nowNs;
                commandResult[i] = 0;
                sent++;
            }
        }
        return sent;
    }

    /** Encodes one intersection's status into {@link #statusBuffer}; returns its length. */
    private int encodeStatus(final int intersection, final long nowNs, final DetectorSource detectors)
    {
        final RingBarrierController controller = cabinets[intersection].controller();
        final ControllerConfig config = controller.config();
        statusEncoder.wrapAndApplyHeader(statusBuffer, 0, headerEncoder)
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.get((short)controller.mode().ordinal()))
            .preemptUnitId(controller.activePreemptId())
            .fieldTimeNs(nowNs)
            .commandResult(commandResult[intersection]);
        statusBuffer.putShort(statusEncoder.offset() + SignalStatusEncoder.faultsEncodingOffset(),
            (short)controller.faults(), ByteOrder.LITTLE_ENDIAN);
        final SignalStatusEncoder.PhasesEncoder group = statusEncoder.phasesCount(Integer.bitCount(config.enabledMask()));
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            if (config.enabled(p))
            {
                group.next()
                    .phase((short)p)
                    .vehicle(SignalIndication.get((short)controller.vehicle(p).ordinal()))
                    .ped(PedSignal.get((short)controller.pedestrian(p).ordinal()))
                    .minEndDs(deciseconds(controller.minEndNs(p), nowNs))
                    .maxEndDs(deciseconds(controller.maxEndNs(p), nowNs));
            }
        }
        final int readings = null == detectors ? 0 :
            Math.min(detectorEdges.length, detectors.read(intersection, detectorEdges, detectorCounts, detectorOccupancy,
            detectorSpeeds));
        final SignalStatusEncoder.DetectorsEncoder detectorGroup = statusEncoder.detectorsCount(readings);
        for (int d = 0; d < readings; d++)
        {
            detectorGroup.next()
                .edgeIndex(detectorEdges[d])
                .vehicleCount(Math.min(SignalStatusEncoder.DetectorsEncoder.vehicleCountMaxValue(), detectorCounts[d]))
                .occupancyPermille(Math.min(1000, detectorOccupancy[d]))
                .meanSpeedCmPerS(Math.min(SignalStatusEncoder.DetectorsEncoder.meanSpeedCmPerSNullValue(), detectorSpeeds[d]));
        }
        return HEADER + statusEncoder.encodedLength();
    }

    private static int deciseconds(final long atNs, final long nowNs)
    {
        if (atNs == Long.MAX_VALUE)
        {
            return UNKNOWN_DS;
        }
        return (int)Math.max(0, Math.min(UNKNOWN_DS - 1, (atNs - nowNs) / 100_000_000L));
    }
}
