package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.IntersectionStateDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.SignalAlarmDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SignalCommandRejectedDecoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalOperatorCommandEncoder;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.signal.field.SignalFieldGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System test: a real node with the center's state machine, the simulated signal field as a gateway
 * (one controller and conflict monitor per junction of the bundled network) and an operator's
 * client, all over Aeron; the journal on disk then replays identically.
 */
class SignalFieldSystemTest
{
    private static final int OPERATOR = 501;
    private static final int OPERATOR_SOURCE = 61;

    @TempDir
    Path dir;

    private final List<Seen> seen = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final IntersectionStateDecoder state = new IntersectionStateDecoder();
    private final SignalCommandIssuedDecoder issued = new SignalCommandIssuedDecoder();
    private final SignalCommandRejectedDecoder rejected = new SignalCommandRejectedDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private long correlationId;

    /** What the operator's console would have seen on egress. */
    private record Seen(int templateId, int intersection, int mode, int phaseFourGreen, int commandType, int reason, int operator)
    {
    }

    @Test
    void operatorsCommandsReachTheControllersAndTheirStateComesBackThroughTheJournal()
    {
        final NodeContext ctx = new NodeContext().dataDir(dir.resolve("data")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        try (BeaconNode node = BeaconNode.launch(ctx);
            SignalFieldGateway field = SignalFieldGateway.launch(ctx.coreAddress(), CenterStateMachine.bundledSignalNetwork(), 3);
            CoreClient operator = CoreClient.connect(ctx.coreAddress(), OPERATOR_SOURCE))
        {
            await(operator, s -> s.templateId() == IntersectionStateDecoder.TEMPLATE_ID && s.intersection() == 99 &&
                s.mode() == ControllerModeCode.LOCAL.value(), "every controller reports its plan running");

            send(operator, SignalCommandType.HOLD, 10, 4, 60);
            await(operator, s -> s.templateId() == SignalCommandIssuedDecoder.TEMPLATE_ID && s.intersection() == 10 &&
                s.operator() == OPERATOR, "the hold is issued");
            await(operator, s -> s.templateId() == IntersectionStateDecoder.TEMPLATE_ID && s.intersection() == 10 &&
                s.mode() == ControllerModeCode.HOLD.value() && s.phaseFourGreen() == 1, "intersection 10 holds phase 4 green");

            send(operator, SignalCommandType.HOLD, 11, 3, 60);
            await(operator, s -> s.templateId() == SignalCommandRejectedDecoder.TEMPLATE_ID && s.intersection() == 11 &&
                s.reason() == SignalRejectReason.INVALID_PHASE.value(), "phase 3 serves no approach");
            send(operator, SignalCommandType.FLASH, 500, 0, 60);
            await(operator, s -> s.templateId() == SignalCommandRejectedDecoder.TEMPLATE_ID && s.intersection() == 500 &&
                s.reason() == SignalRejectReason.UNKNOWN_INTERSECTION.value(), "no intersection 500");
            send(operator, SignalCommandType.FLASH, 12, 0, 0);
            await(operator, s -> s.templateId() == SignalCommandRejectedDecoder.TEMPLATE_ID && s.intersection() == 12 &&
                s.reason() == SignalRejectReason.INVALID_DURATION.value(), "a flash must say how long");

            send(operator, SignalCommandType.RELEASE, 10, 0, 0);
            await(operator, s -> s.templateId() == IntersectionStateDecoder.TEMPLATE_ID && s.intersection() == 10 &&
                s.mode() == ControllerModeCode.LOCAL.value() && indexOfLast(s) > indexOfHold(), "released to its plan");

            assertThat(seen).noneMatch(s -> s.templateId() == SignalAlarmDecoder.TEMPLATE_ID);
            assertThat(field.agent().field().faultTrips()).isZero();
            assertThat(field.agent().statusesOffered()).isGreaterThanOrEqualTo(100);
            assertThat(node.failure()).isNull();
        }
        final VerifyResult result = ReplayVerifier.verify(dir.resolve("data"), CenterStateMachine::new);
        assertThat(result.identical()).as(result.summary()).isTrue();
        assertThat(result.outputs()).isGreaterThan(100);
    }

    private int indexOfHold()
    {
        for (int i = 0; i < seen.size(); i++)
        {
            if (seen.get(i).templateId() == IntersectionStateDecoder.TEMPLATE_ID && seen.get(i).intersection() == 10 &&
                seen.get(i).mode() == ControllerModeCode.HOLD.value())
            {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private int indexOfLast(final Seen s)
    {
        return seen.lastIndexOf(s);
    }

    private void send(final CoreClient client, final SignalCommandType type, final int intersection, final int phase, final int seconds)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SignalOperatorCommandEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandType(type).intersectionIndex(intersection).phase((short)phase).operatorId(OPERATOR).durationS(seconds)
            .encodedLength();
        assertThat(client.offer(++correlationId, buffer, 0, length)).isPositive();
    }

    private void await(final CoreClient client, final Predicate<Seen> condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (seen.stream().anyMatch(condition))
            {
                return;
            }
            if (client.poll(this::onFrame, 64) == 0)
            {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    private void onFrame(final long sequence, final long timestampNs, final DirectBuffer b, final int offset, final int length)
    {
        header.wrap(b, offset);
        switch (header.templateId())
        {
            case IntersectionStateDecoder.TEMPLATE_ID ->
            {
                state.wrapAndApplyHeader(b, offset, header);
                final int intersection = state.intersectionIndex();
                final int mode = state.modeRaw();
                int fourGreen = 0;
                final IntersectionStateDecoder.PhasesDecoder phases = state.phases();
                while (phases.hasNext())
                {
                    phases.next();
                    if (phases.phase() == 4 && phases.vehicle() == SignalIndication.GREEN)
                    {
                        fourGreen = 1;
                    }
                }
                seen.add(new Seen(header.templateId(), intersection, mode, fourGreen, 0, 0, 0));
            }
            case SignalCommandIssuedDecoder.TEMPLATE_ID ->
            {
                issued.wrapAndApplyHeader(b, offset, header);
                seen.add(new Seen(header.templateId(), issued.intersectionIndex(), 0, 0, issued.commandTypeRaw(), 0,
                    issued.operatorId()));
            }
            case SignalCommandRejectedDecoder.TEMPLATE_ID ->
            {
                rejected.wrapAndApplyHeader(b, offset, header);
                seen.add(new Seen(header.templateId(), rejected.intersectionIndex(), 0, 0, rejected.commandTypeRaw(),
                    rejected.reasonRaw(), rejected.operatorId()));
            }
            case SignalAlarmDecoder.TEMPLATE_ID -> seen.add(new Seen(header.templateId(), 0, 0, 0, 0, 0, 0));
            default ->
            {
            }
        }
    }
}
