package org.beacon.signal;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.GreenWavePlannedEncoder;
import org.beacon.codecs.IntersectionStateEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedEncoder;
import org.beacon.codecs.PreemptReleasedEncoder;
import org.beacon.codecs.PreemptRequestedEncoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.SignalAlarmEncoder;
import org.beacon.codecs.SignalCommandIssuedEncoder;
import org.beacon.codecs.SignalCommandRejectedEncoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.core.OutputSink;

/**
 * The publisher of signal control's outputs: encodes each into one reused buffer and emits it. Holds no state of the
 * service; every value an output carries is given by the caller.
 */
final class SignalPublisher
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final GreenWavePlannedEncoder plannedEncoder = new GreenWavePlannedEncoder();
    private final PreemptRequestedEncoder requestedEncoder = new PreemptRequestedEncoder();
    private final PreemptReleasedEncoder releasedEncoder = new PreemptReleasedEncoder();
    private final PreemptQueuedEncoder queuedEncoder = new PreemptQueuedEncoder();
    private final SignalCommandIssuedEncoder issuedEncoder = new SignalCommandIssuedEncoder();
    private final SignalCommandRejectedEncoder rejectedEncoder = new SignalCommandRejectedEncoder();
    private final SignalAlarmEncoder alarmEncoder = new SignalAlarmEncoder();
    private final IntersectionStateEncoder stateEncoder = new IntersectionStateEncoder();
    private final MutableDirectBuffer out = new UnsafeBuffer(new byte[64 * 1024]);

    /** A wave's route: the intersections it will ask for, with their phases and expected arrivals. */
    void planned(final Wave wave, final OutputSink outputs)
    {
        plannedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .unitId(wave.unitId)
            .incidentId(wave.incidentId)
            .priority((short)wave.priority);
        final GreenWavePlannedEncoder.IntersectionsEncoder group = plannedEncoder.intersectionsCount(Math.min(wave.count, 4000));
        for (int k = 0; k < Math.min(wave.count, 4000); k++)
        {
            group.next().intersectionIndex(wave.intersection[k]).phase((short)wave.phase[k]).etaAtNs(wave.etaNs[k]);
        }
        outputs.emit(out, 0, HEADER + plannedEncoder.encodedLength());
    }

    /** A preemption asked for (refresh 0) or refreshed before it expires (refresh 1). */
    void requested(final Wave wave, final int k, final int refresh, final OutputSink outputs)
    {
        final int length = HEADER + requestedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(wave.intersection[k])
            .phase((short)wave.phase[k])
            .unitId(wave.unitId)
            .incidentId(wave.incidentId)
            .priority((short)wave.priority)
            .requester(PreemptRequester.GREEN_WAVE)
            .operatorId(0)
            .etaAtNs(wave.etaNs[k])
            .expiresAtNs(wave.expiresAtNs[k])
            .refresh((short)refresh)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    /** A wave's claim ended at an intersection it held. */
    void released(final int intersection, final long unitId, final PreemptEnd reason, final long heldMs, final OutputSink outputs)
    {
        final int length = HEADER + releasedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .unitId(unitId)
            .reason(reason)
            .heldMs(Math.min(heldMs, 0xFFFF_FFFEL))
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    /** A request waits behind the intersection's first holder (0 when it waits for the recovery time). */
    void queued(final Wave wave, final int k, final Slot slot, final int intersection, final OutputSink outputs)
    {
        final int length = HEADER + queuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .unitId(wave.unitId)
            .phase((short)wave.phase[k])
            .behindUnitId(slot.holderCount > 0 ? slot.holders[0] : 0)
            .etaAtNs(wave.etaNs[k])
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    /** A checked operator's command, forwarded to the controller. */
    void issued(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final long expiresAtNs,
        final OutputSink outputs)
    {
        final int length = HEADER + issuedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .commandType(type)
            .intersectionIndex(intersection)
            .phase((short)Math.max(0, Math.min(255, phase)))
            .operatorId(operatorId)
            .expiresAtNs(expiresAtNs)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    void rejected(
        final SignalCommandType type,
        final int intersection,
        final int phase,
        final int operatorId,
        final SignalRejectReason reason,
        final OutputSink outputs)
    {
        // an unknown type goes out as the schema's null value, which every decoder reads (a raw 0 would throw)
        rejectedEncoder.wrapAndApplyHeader(out, 0, headerEncoder).commandType(type);
        final int length = HEADER + rejectedEncoder
            .intersectionIndex(intersection)
            .phase((short)Math.max(0, Math.min(255, phase)))
            .operatorId(operatorId)
            .reason(reason)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    /** A SPaT-like view of an intersection, on every change of its indications or mode. */
    void state(final int intersection, final Slot slot, final long clockNs, final OutputSink outputs)
    {
        stateEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.get((short)slot.mode))
            .preemptUnitId(slot.preemptUnit)
            .atNs(clockNs);
        out.putShort(stateEncoder.offset() + IntersectionStateEncoder.faultsEncodingOffset(), (short)slot.faults,
            ByteOrder.LITTLE_ENDIAN);
        final IntersectionStateEncoder.PhasesEncoder group = stateEncoder.phasesCount(slot.phaseCount);
        for (int p = 0; p < slot.phaseCount; p++)
        {
            group.next()
                .phase((short)slot.phaseNumber[p])
                .vehicle(org.beacon.codecs.SignalIndication.get((short)slot.vehicle[p]))
                .ped(org.beacon.codecs.PedSignal.get((short)slot.ped[p]))
                .minEndDs(slot.minEndDs[p])
                .maxEndDs(slot.maxEndDs[p]);
        }
        outputs.emit(out, 0, HEADER + stateEncoder.encodedLength());
    }

    /** A controller's fault raised (raised 1) or cleared (raised 0). */
    void alarm(final int intersection, final int faults, final int mode, final int raised, final long clockNs,
        final OutputSink outputs)
    {
        alarmEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .intersectionIndex(intersection)
            .mode(ControllerModeCode.get((short)mode))
            .raised((short)raised)
            .atNs(clockNs);
        out.putShort(alarmEncoder.offset() + SignalAlarmEncoder.faultsEncodingOffset(), (short)faults, ByteOrder.LITTLE_ENDIAN);
        outputs.emit(out, 0, HEADER + alarmEncoder.encodedLength());
    }
}
