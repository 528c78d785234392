package org.beacon.signal.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PreemptReleasedEncoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptRequestedEncoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.SignalCommandIssuedEncoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.controller.ControllerMode;
import org.beacon.signal.controller.Indication;
import org.beacon.signal.controller.RingBarrierController;
import org.junit.jupiter.api.Test;

class FieldControllersTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long STEP = 100_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    /** Two streets crossing at junction 1 (intersection 0) and a second signal east of it at junction 2 (intersection 1). */
    static SignalNetwork crossing()
    {
        final SignalNetwork.Builder b = SignalNetwork.builder(4, 5);
        b.junction(0, 10_770_000, 106_695_000).junction(1, 10_770_000, 106_697_286).junction(2, 10_770_000, 106_699_572)
            .junction(3, 10_767_754, 106_697_286).junction(4, 10_772_246, 106_697_286);
        b.edge(0, 0, 1, 25_000, 18_000, 13.89).edge(1, 1, 2, 25_000, 18_000, 13.89)
            .edge(2, 3, 1, 25_000, 18_000, 13.89).edge(3, 4, 1, 25_000, 18_000, 13.89);
        final int first = b.intersection("J1", 1);
        final int second = b.intersection("J2", 2);
        b.approach(0, first, 4).approach(2, first, 2).approach(3, first, 6).approach(1, second, 4);
        return b.build();
    }

    @Test
    void aPreemptionFromTheCenterIsServedThroughClearanceAndExpiresWithoutRefresh()
    {
        final FieldControllers field = new FieldControllers(crossing(), 0);
        long now = 0;
        for (; now < 30 * SECOND; now += STEP)
        {
            field.step(now);
        }
        final long eventTs = 1_000 * SECOND;
        assertThat(field.onOutput(buffer, 0, preempt(0, 4, 7, eventTs, eventTs + 10 * SECOND), eventTs, now))
            .isEqualTo(RingBarrierController.ACCEPTED);
        final RingBarrierController controller = field.cabinet(0).controller();
        long dwellAt = -1;
        for (final long end = now + 9 * SECOND; now < end; now += STEP)
        {
            field.step(now);
            if (dwellAt < 0 && controller.mode() == ControllerMode.PREEMPT_DWELL)
            {
                dwellAt = now;
                assertThat(controller.vehicle(4)).isEqualTo(Indication.GREEN);
                assertThat(controller.vehicle(2)).isEqualTo(Indication.RED);
            }
        }
        assertThat(dwellAt).as("dwell reached within 9 s").isPositive();
        assertThat(controller.activePreemptId()).isEqualTo(7);
        // nobody refreshes: ten seconds of center time after the request, the controller goes back to its plan
        for (final long end = now + 40 * SECOND; now < end; now += STEP)
        {
            field.step(now);
        }
        assertThat(controller.activePreemptId()).isZero();
        assertThat(controller.mode()).isEqualTo(ControllerMode.LOCAL);
        assertThat(field.faultTrips()).isZero();
    }

    @Test
    void operatorCommandsReleasesAndStrangersAreToldApart()
    {
        final FieldControllers field = new FieldControllers(crossing(), 0);
        long now = 0;
        for (; now < 10 * SECOND; now += STEP)
        {
            field.step(now);
        }
        assertThat(field.onOutput(buffer, 0, preempt(5, 4, 7, now, now + 10 * SECOND), now, now))
            .isEqualTo(FieldControllers.UNKNOWN_INTERSECTION);
        assertThat(field.onOutput(buffer, 0, tick(), now, now)).isEqualTo(FieldControllers.NOT_FOR_FIELD);
        buffer.setMemory(0, 64, (byte)0x7F);
        assertThat(field.onOutput(buffer, 0, 64, now, now)).isEqualTo(FieldControllers.NOT_FOR_FIELD);
        assertThat(field.onOutput(buffer, 0, 3, now, now)).isEqualTo(FieldControllers.NOT_FOR_FIELD);

        assertThat(field.onOutput(buffer, 0, preempt(1, 4, 9, now, now + 10 * SECOND), now, now)).isZero();
        assertThat(field.onOutput(buffer, 0, released(1, 9), now, now)).isZero();
        assertThat(field.onOutput(buffer, 0, command(SignalCommandType.FLASH, 0, 0, now + 60 * SECOND), now, now)).isZero();
        // the running green ends only after its pedestrian clearance (never cut), then yellow and red
        for (final long end = now + 35 * SECOND; now < end; now += STEP)
        {
            field.step(now);
        }
        assertThat(field.cabinet(0).controller().mode()).isEqualTo(ControllerMode.FLASH);
        assertThat(field.onOutput(buffer, 0, command(SignalCommandType.RELEASE, 0, 0, 0), now, now)).isZero();
        for (final long end = now + 15 * SECOND; now < end; now += STEP)
        {
            field.step(now);
        }
        assertThat(field.cabinet(0).controller().mode()).isEqualTo(ControllerMode.LOCAL);
        assertThat(field.faultTrips()).isZero();
    }

    @Test
    void statusesGoOutOnChangeAndOnHeartbeatAndARefusedOneIsOfferedAgain()
    {
        final SignalNetwork network = crossing();
        final FieldControllers field = new FieldControllers(network, 0);
        final List<int[]> seen = new ArrayList<>();
        final SignalStatusDecoder status = new SignalStatusDecoder();
        final MessageHeaderDecoder statusHeader = new MessageHeaderDecoder();
        final boolean[] accept = {false};
        final FieldControllers.StatusSink sink = (b, offset, length) ->
        {
            if (!accept[0])
            {
                return false;
            }
            status.wrapAndApplyHeader(b, offset, statusHeader);
            final SignalStatusDecoder.PhasesDecoder phases = status.phases();
            int greens = 0;
            while (phases.hasNext())
            {
                phases.next();
                greens += phases.vehicle() == SignalIndication.GREEN ? 1 : 0;
            }
            final SignalStatusDecoder.DetectorsDecoder detectors = status.detectors();
            seen.add(new int[] {status.intersectionIndex(), status.modeRaw(), greens, detectors.count()});
            return true;
        };
        field.step(0);
        assertThat(field.report(0, 30 * SECOND, new SimulatedDetectors(network, 1), sink)).isZero();
        accept[0] = true;
        assertThat(field.report(0, 30 * SECOND, new SimulatedDetectors(network, 1), sink)).isEqualTo(2);
        assertThat(seen).allSatisfy(s -> assertThat(s[1]).isEqualTo(ControllerModeCode.STARTUP.value()));
        assertThat(seen.get(0)[3]).as("detectors with the first report").isEqualTo(3);
        seen.clear();
        long now = 0;
        int changes = 0;
        for (; now < 60 * SECOND; now += STEP)
        {
            field.step(now);
            changes += field.report(now, 30 * SECOND, null, sink);
        }
        assertThat(changes).isGreaterThan(4);
        assertThat(seen).anySatisfy(s -> assertThat(s[1]).isEqualTo(ControllerModeCode.LOCAL.value()));
        assertThat(seen).allSatisfy(s -> assertThat(s[2]).isLessThanOrEqualTo(2));
        seen.clear();
        field.step(now);
        assertThat(field.report(now, 30 * SECOND, null, sink)).as("nothing changed within the same step").isZero();
    }

    private int preempt(final int intersection, final int phase, final long unit, final long nowNs, final long expiresNs)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new PreemptRequestedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).phase((short)phase).unitId(unit).incidentId(1).priority((short)1)
            .requester(PreemptRequester.GREEN_WAVE).operatorId(0).etaAtNs(nowNs + 15 * SECOND).expiresAtNs(expiresNs)
            .refresh((short)0).encodedLength();
    }

    private int released(final int intersection, final long unit)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new PreemptReleasedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .intersectionIndex(intersection).unitId(unit).reason(PreemptEnd.PASSED).heldMs(1000).encodedLength();
    }

    private int command(final SignalCommandType type, final int intersection, final int phase, final long expiresNs)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new SignalCommandIssuedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .commandType(type).intersectionIndex(intersection).phase((short)phase).operatorId(77).expiresAtNs(expiresNs)
            .encodedLength();
    }

    private int tick()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TickEncoder().wrapAndApplyHeader(buffer, 0, header).tickNumber(1)
            .encodedLength();
    }
}
