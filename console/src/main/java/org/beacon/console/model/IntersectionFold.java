package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.deciseconds;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.IntersectionStateDecoder;
import org.beacon.codecs.SignalAlarmDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SignalCommandRejectedDecoder;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.core.MessageView;

/**
 * Intersections of the signal network: the operators' signal commands (before the state machine answers them, then
 * its answer), their SPaT (IntersectionState) and alarms.
 */
final class IntersectionFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final SignalOperatorCommandDecoder signalCommand = new SignalOperatorCommandDecoder();
    private final SignalCommandIssuedDecoder signalIssued = new SignalCommandIssuedDecoder();
    private final SignalCommandRejectedDecoder signalRejected = new SignalCommandRejectedDecoder();
    private final SignalAlarmDecoder signalAlarm = new SignalAlarmDecoder();
    private final IntersectionStateDecoder intersectionState = new IntersectionStateDecoder();

    IntersectionFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(SignalOperatorCommandDecoder.TEMPLATE_ID, this::onSignalOperatorCommand);
        outputs.on(SignalCommandIssuedDecoder.TEMPLATE_ID, this::onSignalIssued);
        outputs.on(SignalCommandRejectedDecoder.TEMPLATE_ID, this::onSignalRejected);
        outputs.on(SignalAlarmDecoder.TEMPLATE_ID, this::onSignalAlarm);
        outputs.on(IntersectionStateDecoder.TEMPLATE_ID, this::onIntersectionState);
    }

    private void onSignalOperatorCommand(final long sequence, final long timestampNs)
    {
        final SignalOperatorCommandDecoder d = body(view, signalCommand);
        final ObjectNode intersection = state.intersections.get(d.intersectionIndex());
        if (null == intersection)
        {
            // an index the network does not have: the state machine's rejection makes the notice
            return;
        }
        lastCommand(intersection, name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw()), d.operatorId(), timestampNs);
        state.touch(intersection);
    }

    private void onSignalIssued(final long sequence, final long timestampNs)
    {
        final SignalCommandIssuedDecoder d = body(view, signalIssued);
        final ObjectNode intersection = state.intersections.get(d.intersectionIndex());
        if (null == intersection)
        {
            return;
        }
        final String type = name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw());
        final ObjectNode command = lastCommand(intersection, type, d.operatorId(), timestampNs);
        command.put("accepted", true);
        command.putNull("reason");
        state.touch(intersection);
    }

    private void onSignalRejected(final long sequence, final long timestampNs)
    {
        final SignalCommandRejectedDecoder d = body(view, signalRejected);
        final int index = d.intersectionIndex();
        final String type = name(Names.SIGNAL_COMMAND_TYPE, d.commandTypeRaw());
        final String reason = name(Names.SIGNAL_REJECT_REASON, d.reasonRaw());
        final int operatorId = Math.max(0, d.operatorId());
        final ObjectNode intersection = state.intersections.get(index);
        if (null != intersection)
        {
            final ObjectNode command = lastCommand(intersection, type, operatorId, timestampNs);
            command.put("accepted", false);
            command.put("reason", reason);
            state.touch(intersection);
        }
        final String text = state.intersectionName(index) + ": " + type + " rejected: " + reason +
            (operatorId > 0 ? " (operator " + operatorId + ")" : "");
        ModelState.message(state.notice(timestampNs, "warning", "signal-rejected", text, 0, 0, index, operatorId),
            "signalRejected", "ix", state.intersectionName(index), "command", type, "reason", reason, "operator", operatorId);
    }

    private void onSignalAlarm(final long sequence, final long timestampNs)
    {
        final SignalAlarmDecoder d = body(view, signalAlarm);
        final int index = d.intersectionIndex();
        final int faults = d.faults().getRaw();
        final String mode = name(Names.CONTROLLER_MODE, d.modeRaw());
        final boolean raised = 1 == d.raised();
        final ObjectNode intersection = state.intersection(index);
        if (null == intersection)
        {
            return;
        }
        intersection.put("alarm", raised);
        Names.setNames(array(intersection, "faults"), faults, Names.FAULTS);
        state.touch(intersection);
        final StringBuilder text = new StringBuilder(96).append(state.intersectionName(index))
            .append(raised ? ": alarm raised: " : ": alarm cleared");
        if (raised)
        {
            final int mark = text.length();
            for (int bit = 0; bit < Names.FAULTS.length; bit++)
            {
                if (0 != (faults & (1 << bit)))
                {
                    text.append(text.length() > mark ? ", " : "").append(Names.FAULTS[bit]);
                }
            }
        }
        text.append(" (").append(mode).append(')');
        final ObjectNode notice = state.notice(timestampNs, raised ? "alarm" : "info", "signal-alarm", text.toString(), 0, 0, index, 0);
        final StringBuilder faultNames = new StringBuilder();
        for (int bit = 0; bit < Names.FAULTS.length; bit++)
        {
            if (0 != (faults & (1 << bit)))
            {
                faultNames.append(faultNames.length() > 0 ? "," : "").append(Names.FAULTS[bit]);
            }
        }
        ModelState.message(notice, raised ? "signalAlarm" : "signalAlarmCleared", "ix", state.intersectionName(index),
            "faults", faultNames, "mode", mode);
    }

    private void onIntersectionState(final long sequence, final long timestampNs)
    {
        final IntersectionStateDecoder d = body(view, intersectionState);
        final int index = d.intersectionIndex();
        final String mode = name(Names.CONTROLLER_MODE, d.modeRaw());
        final int faults = d.faults().getRaw();
        final long preemptUnitId = Math.max(0, d.preemptUnitId());
        final long atMs = ms(d.atNs(), timestampNs);
        if (!view.groupHeaderFits(d.limit()))
        {
            state.malformed();
            return;
        }
        final IntersectionStateDecoder.PhasesDecoder group = d.phases();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), IntersectionStateDecoder.PhasesDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode phases = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            group.next();
            final ObjectNode phase = phases.addObject();
            phase.put("phase", group.phase());
            phase.put("vehicle", name(Names.SIGNAL_INDICATION, group.vehicleRaw()));
            phase.put("ped", name(Names.PED_SIGNAL, group.pedRaw()));
            deciseconds(phase, "minEndDs", group.minEndDs());
            deciseconds(phase, "maxEndDs", group.maxEndDs());
        }
        final ObjectNode intersection = state.intersection(index);
        if (null == intersection)
        {
            return;
        }
        intersection.put("mode", mode);
        Names.setNames(array(intersection, "faults"), faults, Names.FAULTS);
        intersection.put("preemptUnitId", preemptUnitId);
        intersection.set("phases", phases);
        intersection.put("atMs", atMs);
        state.touch(intersection);
    }

    private static ObjectNode lastCommand(final ObjectNode intersection, final String type, final int operatorId, final long timestampNs)
    {
        final ObjectNode command = JSON.objectNode();
        command.put("type", type);
        command.put("operatorId", Math.max(0, operatorId));
        command.put("atMs", timestampNs / 1_000_000L);
        command.putNull("accepted");
        command.putNull("reason");
        intersection.set("lastCommand", command);
        return command;
    }
}
