package org.beacon.signal;

import java.nio.ByteOrder;

import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.core.OutputSink;

/**
 * The controller bank: the center's side of every field controller. Controllers' statuses become the center's view
 * of each intersection (state, alarms, congestion from detectors), operators' commands are checked against it and
 * forwarded or refused. Where an intersection can no longer be preempted it has the planner end the claims there;
 * the controllers' own conflict monitors, not this class, decide what is safe in the field.
 */
final class ControllerBank
{
    private static final int UNKNOWN_SPEED = SignalStatusDecoder.DetectorsDecoder.meanSpeedCmPerSNullValue();
    private static final int MAX_COMMAND_DURATION_S = 3600;
    /** No command's expiry: it was refused. */
    private static final long REFUSED = Long.MIN_VALUE;

    private final SignalConfig config;
    private final SignalNetwork network;
    private final SignalState state;
    private final GreenWavePlanner planner;
    private final SignalPublisher publisher;
    private final SignalService.CongestionListener congestionListener;
    private final Slot[] slots;
    private final int[] congestion;

    ControllerBank(
        final SignalConfig config,
        final SignalNetwork network,
        final SignalState state,
        final GreenWavePlanner planner,
        final SignalPublisher publisher,
        final SignalService.CongestionListener congestionListener)
    {
        this.config = config;
        this.network = network;
        this.state = state;
        this.planner = planner;
        this.publisher = publisher;
        this.congestionListener = congestionListener;
        this.slots = state.slots;
        this.congestion = state.congestion;
    }

    /**
     * A controller's status: its indications, mode and faults as the center's view (an {@code IntersectionState} on
     * every change, {@code SignalAlarm}s raised and cleared), preemptions ended where it can no longer be preempted, and
     * its detectors as congestion.
     *
     * @param statusDecoder wrapped on the status.
     * @param outputs       where outputs go.
     */
    void onStatus(final SignalStatusDecoder statusDecoder, final OutputSink outputs)
    {
        final int intersection = statusDecoder.intersectionIndex();
        if (intersection < 0 || intersection >= slots.length)
        {
            // a gateway validates indices before offering; a stray one changes nothing
            return;
        }
        final Slot slot = slots[intersection];
        final int mode = statusDecoder.modeRaw();
        if (mode > ControllerModeCode.OFFLINE.value())
        {
            // not a mode this schema knows: gateways never send it, so the status is not believed
            return;
        }
        final int faults = statusDecoder.buffer().getShort(statusDecoder.offset() + SignalStatusDecoder.faultsEncodingOffset(),
            ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final long preemptUnit = statusDecoder.preemptUnitId();
        boolean changed = mode != slot.mode || faults != slot.faults || preemptUnit != slot.preemptUnit;
        final SignalStatusDecoder.PhasesDecoder phases = statusDecoder.phases();
        int count = 0;
        while (phases.hasNext())
        {
            phases.next();
            if (count >= Slot.MAX_PHASES)
            {
                continue;
            }
            final int phase = phases.phase();
            final int vehicle = Math.min(phases.vehicleRaw(), SignalIndication.FLASHING_YELLOW.value());
            final int ped = Math.min(phases.pedRaw(), PedSignal.FLASHING_DONT_WALK.value());
            if (slot.phaseCount <= count || slot.phaseNumber[count] != phase || slot.vehicle[count] != vehicle ||
                slot.ped[count] != ped)
            {
                changed = true;
            }
            slot.phaseNumber[count] = phase;
            slot.vehicle[count] = vehicle;
            slot.ped[count] = ped;
            slot.minEndDs[count] = phases.minEndDs();
            slot.maxEndDs[count] = phases.maxEndDs();
            count++;
        }
        if (count != slot.phaseCount)
        {
            changed = true;
        }
        slot.phaseCount = count;
        final int previousFaults = slot.faults;
        final int previousMode = slot.mode;
        slot.mode = mode;
        slot.faults = faults;
        slot.preemptUnit = preemptUnit;
        if (changed)
        {
            publisher.state(intersection, slot, state.clockNs, outputs);
        }
        final boolean faulted = faults != 0 || mode == ControllerModeCode.FAULT_FLASH.value();
        final boolean wasFaulted = previousFaults != 0 || previousMode == ControllerModeCode.FAULT_FLASH.value();
        if (faulted && (!slot.alarm || faults != previousFaults))
        {
            slot.alarm = true;
            publisher.alarm(intersection, faults, mode, 1, state.clockNs, outputs);
        }
        else if (!faulted && wasFaulted && slot.alarm)
        {
            slot.alarm = false;
            publisher.alarm(intersection, 0, mode, 0, state.clockNs, outputs);
        }
        if (faulted || mode == ControllerModeCode.FLASH.value())
        {
            planner.releaseAll(intersection, PreemptEnd.INTERSECTION_FAULT, outputs);
        }
        final SignalStatusDecoder.DetectorsDecoder detectors = statusDecoder.detectors();
        while (detectors.hasNext())
        {
            detectors.next();
            onDetector(intersection, detectors.edgeIndex(), detectors.vehicleCount(), detectors.meanSpeedCmPerS());
        }
    }

    /**
     * Congestion of an approach from its detector: the ratio of free-flow speed to the measured mean speed,
     * free flow (1000) while vehicles move at 80% of free-flow speed or more, capped at 10x.
     */
    private void onDetector(final int intersection, final int edge, final int vehicles, final int meanSpeedCmPerS)
    {
        if (edge < 0 || edge >= congestion.length || network.intersectionAtEnd(edge) != intersection ||
            network.freeFlowMs(edge) <= 0)
        {
            return;
        }
        final long freeCmPerS = (long)network.lengthCm(edge) * 1000L / network.freeFlowMs(edge);
        int factor = 1000;
        if (vehicles > 0 && meanSpeedCmPerS != UNKNOWN_SPEED && freeCmPerS > 0 && meanSpeedCmPerS * 5L < freeCmPerS * 4L)
        {
            factor = (int)Math.min(10_000L, freeCmPerS * 1000L / Math.max(1, meanSpeedCmPerS));
        }
        final int last = congestion[edge] == 0 ? 1000 : congestion[edge];
        if (Math.abs(factor - last) >= config.congestionStepPermille() || (factor == 1000 && last != 1000))
        {
            congestion[edge] = factor;
            if (null != congestionListener)
            {
                congestionListener.onCongestion(edge, factor);
            }
        }
    }

    /**
     * An operator's command, checked and forwarded ({@code SignalCommandIssued}) or refused ({@code SignalCommandRejected}).
     *
     * @param commandDecoder wrapped on the command.
     * @param outputs        where outputs go.
     */
    void onOperatorCommand(final SignalOperatorCommandDecoder commandDecoder, final OutputSink outputs)
    {
        final short rawType = commandDecoder.commandTypeRaw();
        final SignalCommandType type = rawType >= 1 && rawType <= 5 ? SignalCommandType.get(rawType) : SignalCommandType.NULL_VAL;
        final int intersection = commandDecoder.intersectionIndex();
        final int phase = commandDecoder.phase();
        final int operatorId = commandDecoder.operatorId();
        final int durationS = commandDecoder.durationS();
        if (type == SignalCommandType.NULL_VAL)
        {
            publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND, outputs);
            return;
        }
        if (intersection < 0 || intersection >= slots.length)
        {
            publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.UNKNOWN_INTERSECTION, outputs);
            return;
        }
        final Slot slot = slots[intersection];
        final long expiresAtNs = check(type, intersection, phase, operatorId, durationS, slot, outputs);
        if (expiresAtNs == REFUSED)
        {
            return;
        }
        publisher.issued(type, intersection, phase, operatorId, expiresAtNs, outputs);
        if (type == SignalCommandType.RELEASE && slot.holderCount == 0 && slot.queueCount > 0)
        {
            // the intersection is back in local operation: requests that waited for it go now, not at the next tick
            planner.grantFromQueue(intersection, outputs);
        }
    }

    /**
     * Checks a command against the intersection's state and applies what the center itself keeps (operator flash).
     *
     * @return the command's expiry (0 for none), or {@link #REFUSED} once the refusal is emitted.
     */
    private long check(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final int durationS,
        final Slot slot,
        final OutputSink outputs)
    {
        long expiresAtNs = 0;
        switch (type)
        {
            case HOLD:
                if (phase < 1 || phase > 8 || (network.phaseMask(intersection) & (1 << phase)) == 0)
                {
                    publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INVALID_PHASE, outputs);
                    return REFUSED;
                }
                if (durationS < 1 || durationS > MAX_COMMAND_DURATION_S)
                {
                    publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INVALID_DURATION, outputs);
                    return REFUSED;
                }
                if (refuseBusy(type, intersection, phase, operatorId, slot, outputs))
                {
                    return REFUSED;
                }
                expiresAtNs = state.clockNs + durationS * 1_000_000_000L;
                break;
            case ADVANCE:
                if (refuseBusy(type, intersection, phase, operatorId, slot, outputs))
                {
                    return REFUSED;
                }
                break;
            case FLASH:
                if (durationS < 1 || durationS > MAX_COMMAND_DURATION_S)
                {
                    publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INVALID_DURATION, outputs);
                    return REFUSED;
                }
                expiresAtNs = state.clockNs + durationS * 1_000_000_000L;
                // flash first, so that what the releases free is not handed straight to the queue
                slot.operatorFlash = true;
                slot.operatorFlashUntilNs = expiresAtNs;
                // the operator takes the intersection: responders' preemptions there end now, on the record
                planner.releaseAll(intersection, PreemptEnd.OPERATOR, outputs);
                break;
            case RELEASE:
                slot.operatorFlash = false;
                break;
            case RESET_FAULT:
                if (!slot.inFault())
                {
                    publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND, outputs);
                    return REFUSED;
                }
                break;
            default:
                publisher.rejected(SignalCommandType.NULL_VAL, intersection, phase, operatorId, SignalRejectReason.INVALID_COMMAND,
                    outputs);
                return REFUSED;
        }
        return expiresAtNs;
    }

    private boolean refuseBusy(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final Slot slot,
        final OutputSink outputs)
    {
        if (slot.inFault())
        {
            publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.INTERSECTION_IN_FAULT, outputs);
            return true;
        }
        if (slot.holderCount > 0)
        {
            publisher.rejected(type, intersection, phase, operatorId, SignalRejectReason.PREEMPTION_ACTIVE, outputs);
            return true;
        }
        return false;
    }
}
