package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import java.util.function.IntFunction;

import org.agrona.DirectBuffer;
import org.beacon.codecs.AgenciesDecoder;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.BetterFixAvailableDecoder;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.EtaUpdatedDecoder;
import org.beacon.codecs.GreenWavePlannedDecoder;
import org.beacon.codecs.HospitalAssignedDecoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.MessageView;

/**
 * The sentences of an incident's audit timeline: one input or output record in, zero or more entries out,
 * one per incident the record names. Stateless, so a record concerns the incidents it carries the id of:
 * CallReceived and LocationFix (no incident yet; the CallUpdated and IncidentOpened outputs tell), commands that
 * name only a call, a unit's status change to no incident, and everything about signals but the preemption
 * requests of a wave (which carry the incident) make no entry. Area alerts reach their incident's timeline from the
 * outputs that carry its id, and from the inputs that name only the alert when the caller passes an
 * {@link AlertIncidents}. Texts never hold a caller's number, IMSI or IMEI.
 */
public final class TimelineText
{
    private TimelineText()
    {
    }

    /**
     * Describes one input or output for an incident's timeline; calls {@code sink.entry} once per incident it
     * concerns (0..n), nothing for messages that concern no incident or cannot be read. Never throws on a record.
     * The parameters are those of {@link #describe(boolean, long, long, DirectBuffer, int, int, IntFunction,
     * AlertIncidents, TimelineSink)}, without intersection names and alerts.
     */
    public static void describe(final boolean input, final long sequence, final long timestampNs, final DirectBuffer buffer,
        final int offset, final int length, final TimelineSink sink)
    {
        describe(input, sequence, timestampNs, buffer, offset, length, null, sink);
    }

    /**
     * As {@link #describe(boolean, long, long, DirectBuffer, int, int, TimelineSink)}, naming intersections; the
     * parameters are those of {@link #describe(boolean, long, long, DirectBuffer, int, int, IntFunction,
     * AlertIncidents, TimelineSink)}, without alerts.
     */
    public static void describe(final boolean input, final long sequence, final long timestampNs, final DirectBuffer buffer,
        final int offset, final int length, final IntFunction<String> intersectionNames, final TimelineSink sink)
    {
        describe(input, sequence, timestampNs, buffer, offset, length, intersectionNames, null, sink);
    }

    /**
     * Describes one input or output for an incident's timeline, naming intersections, with what the
     * records read so far said of area alerts, so that the inputs that name only an alert (a dispatcher's EDIT,
     * APPROVE, REJECT or CANCEL; the broadcast gateway's report) reach its incident's timeline. Feed every record of
     * the journals, in order, with the same {@code alerts}.
     *
     * @param input             true for a record of the input journal, false for one of the output journal.
     * @param sequence          the input's sequence (for an output, the input that produced it).
     * @param timestampNs       the input's timestamp, ns since the epoch.
     * @param buffer            holding the SBE message, header first.
     * @param offset            of the message header.
     * @param length            of the message.
     * @param intersectionNames an intersection's index to its name ("J12"), null or answering null for "intersection 12".
     * @param alerts            learns and answers each alert's incident; null: such inputs make no entry.
     * @param sink              receives the entries.
     */
    public static void describe(
        final boolean input,
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final IntFunction<String> intersectionNames,
        final AlertIncidents alerts,
        final TimelineSink sink)
    {
        final MessageView view = new MessageView();
        final int templateId = view.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            return;
        }
        final Entries out = new Entries(sequence, timestampNs, sink);
        try
        {
            if (input)
            {
                if (OperatorCommandDecoder.TEMPLATE_ID == templateId)
                {
                    command(view, out);
                }
                else if (AlertCommandDecoder.TEMPLATE_ID == templateId)
                {
                    AlertTimeline.alertCommand(view, alerts, out);
                }
                else if (BroadcastReportDecoder.TEMPLATE_ID == templateId)
                {
                    AlertTimeline.broadcastReport(view, alerts, out);
                }
            }
            else
            {
                output(templateId, view, intersectionNames, alerts, out);
            }
        }
        catch (final IndexOutOfBoundsException | NegativeArraySizeException ex)
        {
            // a damaged record says nothing
        }
    }

    private static void output(
        final int templateId,
        final MessageView view,
        final IntFunction<String> names,
        final AlertIncidents alerts,
        final Entries out)
    {
        switch (templateId)
        {
            case IncidentOpenedDecoder.TEMPLATE_ID:
                opened(view, out);
                break;
            case IncidentUpdatedDecoder.TEMPLATE_ID:
                updated(view, out);
                break;
            case UnitRecommendedDecoder.TEMPLATE_ID:
                recommended(view, out);
                break;
            case DispatchOrderDecoder.TEMPLATE_ID:
                dispatch(view, out);
                break;
            case CommandRejectedDecoder.TEMPLATE_ID:
                rejected(view, out);
                break;
            case UnitStatusChangedDecoder.TEMPLATE_ID:
                unitStatus(view, out);
                break;
            case CallUpdatedDecoder.TEMPLATE_ID:
                callUpdated(view, out);
                break;
            case BetterFixAvailableDecoder.TEMPLATE_ID:
                betterFix(view, out);
                break;
            case RouteAssignedDecoder.TEMPLATE_ID:
                route(view, out);
                break;
            case EtaUpdatedDecoder.TEMPLATE_ID:
                eta(view, out);
                break;
            case HospitalAssignedDecoder.TEMPLATE_ID:
                hospital(view, out);
                break;
            case GreenWavePlannedDecoder.TEMPLATE_ID:
                wave(view, out);
                break;
            case PreemptRequestedDecoder.TEMPLATE_ID:
                preempt(view, names, out);
                break;
            case AlertProposedDecoder.TEMPLATE_ID:
                AlertTimeline.alertProposed(view, alerts, out);
                break;
            case AlertIssuedDecoder.TEMPLATE_ID:
                AlertTimeline.alertIssued(view, alerts, out);
                break;
            case AlertStateChangedDecoder.TEMPLATE_ID:
                AlertTimeline.alertState(view, alerts, out);
                break;
            case AlertCommandRejectedDecoder.TEMPLATE_ID:
                AlertTimeline.alertRejected(view, alerts, out);
                break;
            default:
                // concerns no incident (or carries none): positions, signal states, alarms, overdue, move-ups
                break;
        }
    }

    private static void command(final MessageView view, final Entries out)
    {
        final OperatorCommandDecoder d = body(view, new OperatorCommandDecoder());
        final short type = d.commandTypeRaw();
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        final int operatorId = d.operatorId();
        final long callId = d.callId();
        final long target = d.targetIncidentId();
        final StringBuilder text = new StringBuilder(96).append("operator ").append(operatorId).append(": ")
            .append(name(Names.COMMAND_TYPE, type));
        if (CommandType.DISPATCH.value() == type && unitId > 0)
        {
            text.append(" unit ").append(unitId);
        }
        else if (CommandType.MERGE_INCIDENTS.value() == type && target > 0)
        {
            text.append(" incident ").append(incidentId).append(" into incident ").append(target);
        }
        else if (CommandType.ADD_AGENCY.value() == type)
        {
            text.append(' ').append(name(Names.AGENCY, d.agencyRaw()));
        }
        if (callId > 0 && (CommandType.SPLIT_CALL.value() == type || CommandType.CONFIRM_LOCATION.value() == type ||
            CommandType.ACCEPT_FIX.value() == type || CommandType.CLEAR_NUISANCE.value() == type))
        {
            text.append(" call ").append(callId);
            if (CommandType.ACCEPT_FIX.value() == type)
            {
                text.append(" fix ").append(d.fixNumber());
            }
        }
        final String sentence = text.toString();
        if (incidentId > 0)
        {
            out.entry(incidentId, "command", sentence);
        }
        if (CommandType.MERGE_INCIDENTS.value() == type && target > 0 && target != incidentId)
        {
            out.entry(target, "command", sentence);
        }
    }

    private static void opened(final MessageView view, final Entries out)
    {
        final IncidentOpenedDecoder d = body(view, new IncidentOpenedDecoder());
        final StringBuilder text = new StringBuilder(96).append("incident opened, priority ").append(d.priority())
            .append(", ").append(name(Names.AGENCY, d.agencyRaw()));
        if (d.callId() > 0)
        {
            text.append(", call ").append(d.callId());
        }
        location(text.append(", location "), d.locationQualityRaw(), d.location().latMicros(), d.location().lonMicros(),
            d.uncertaintyM());
        out.entry(d.incidentId(), "opened", text.toString());
    }

    private static void updated(final MessageView view, final Entries out)
    {
        final IncidentUpdatedDecoder d = body(view, new IncidentUpdatedDecoder());
        final long incidentId = d.incidentId();
        final short reason = d.reasonRaw();
        final int callCount = d.callCount();
        final long callId = d.callId();
        final long unitId = d.unitId();
        final long other = Math.max(0, d.otherIncidentId());
        final String calls = callCount + (1 == callCount ? " call" : " calls");
        final String text;
        if (UpdateReason.CALL_ADDED.value() == reason)
        {
            text = "call " + callId + " added (" + calls + ")";
        }
        else if (UpdateReason.UNIT_DISPATCHED.value() == reason)
        {
            text = "unit " + unitId + " dispatched";
        }
        else if (UpdateReason.CLOSED.value() == reason)
        {
            text = "closed";
        }
        else if (UpdateReason.UNIT_ON_SCENE.value() == reason)
        {
            text = "unit " + unitId + " on scene";
        }
        else if (UpdateReason.LOCATION_IMPROVED.value() == reason || UpdateReason.LOCATION_CONFIRMED.value() == reason)
        {
            final StringBuilder sb = new StringBuilder(64)
                .append(UpdateReason.LOCATION_IMPROVED.value() == reason ? "location improved" : "location confirmed");
            if (callId > 0)
            {
                sb.append(" by call ").append(callId);
            }
            text = location(sb.append(", "), LocationQuality.USABLE.value(), d.location().latMicros(), d.location().lonMicros(),
                d.uncertaintyM()).toString();
        }
        else if (UpdateReason.CALL_SPLIT.value() == reason)
        {
            text = "call " + callId + " split, other incident " + other + " (" + calls + ")";
        }
        else if (UpdateReason.MERGED.value() == reason)
        {
            text = IncidentStatus.CLOSED.value() == d.statusRaw() ?
                "merged into incident " + other : "incident " + other + " merged into this one (" + calls + ")";
        }
        else if (UpdateReason.AGENCY_ADDED.value() == reason)
        {
            final AgenciesDecoder agencies = d.agencies();
            text = "agency added, needs " + (null == agencies ? "?" : agencyList(agencies.getRaw() & 0xFF));
        }
        else if (UpdateReason.CALL_ENDED.value() == reason)
        {
            text = "call " + callId + " ended";
        }
        else
        {
            text = "updated (" + name(Names.UPDATE_REASON, reason) + "), status " + name(Names.INCIDENT_STATUS, d.statusRaw());
        }
        out.entry(incidentId, kind(name(Names.UPDATE_REASON, reason)), text);
    }

    private static void recommended(final MessageView view, final Entries out)
    {
        final UnitRecommendedDecoder d = body(view, new UnitRecommendedDecoder());
        final StringBuilder text = new StringBuilder(80).append("unit ").append(d.unitId()).append(" recommended rank ")
            .append(d.rank()).append(", ETA ").append(d.etaS()).append(" s, ").append(d.distanceM()).append(" m");
        final long reassign = d.reassignFromIncidentId();
        if (reassign > 0)
        {
            text.append(", would leave incident ").append(reassign);
        }
        out.entry(d.incidentId(), "recommended", text.toString());
    }

    private static void dispatch(final MessageView view, final Entries out)
    {
        final DispatchOrderDecoder d = body(view, new DispatchOrderDecoder());
        final int operatorId = d.operatorId();
        out.entry(d.incidentId(), "dispatch", "dispatch: unit " + d.unitId() +
            (operatorId > 0 ? " by operator " + operatorId : " (automatic)"));
    }

    private static void rejected(final MessageView view, final Entries out)
    {
        final CommandRejectedDecoder d = body(view, new CommandRejectedDecoder());
        final StringBuilder text = new StringBuilder(96).append("command rejected: ").append(name(Names.COMMAND_TYPE, d.commandTypeRaw()));
        if (d.unitId() > 0)
        {
            text.append(" unit ").append(d.unitId());
        }
        text.append(", ").append(name(Names.REJECT_REASON, d.reasonRaw()));
        if (d.operatorId() > 0)
        {
            text.append(" (operator ").append(d.operatorId()).append(')');
        }
        out.entry(d.incidentId(), "rejected", text.toString());
    }

    private static void unitStatus(final MessageView view, final Entries out)
    {
        final UnitStatusChangedDecoder d = body(view, new UnitStatusChangedDecoder());
        out.entry(d.incidentId(), "unit-status", "unit " + d.unitId() + " " + name(Names.UNIT_STATUS, d.fromRaw()) + " → " +
            name(Names.UNIT_STATUS, d.toRaw()));
    }

    private static void callUpdated(final MessageView view, final Entries out)
    {
        final CallUpdatedDecoder d = body(view, new CallUpdatedDecoder());
        final int fixCount = d.fixCount();
        final StringBuilder text = new StringBuilder(96).append("call ").append(d.callId()).append(" (")
            .append(name(Names.AGENCY, d.agencyRaw())).append("), location ");
        location(text, d.locationQualityRaw(), d.location().latMicros(), d.location().lonMicros(), d.uncertaintyM());
        if (LocationQuality.USABLE.value() == d.locationQualityRaw())
        {
            text.append(", ").append(name(Names.FIX_SOURCE, d.fixSourceRaw()));
        }
        else
        {
            text.append(", ").append(name(Names.LOCATION_PROBLEM, d.locationProblemRaw()));
        }
        text.append(", ").append(fixCount).append(1 == fixCount ? " fix" : " fixes");
        if (1 == d.confirmed())
        {
            text.append(", confirmed");
        }
        if (1 == d.nuisance())
        {
            text.append(", possible nuisance (").append(d.recentCallsFromCaller()).append(" recent calls)");
        }
        if (1 == d.ended())
        {
            text.append(", ended");
        }
        out.entry(d.incidentId(), "call", text.toString());
    }

    private static void betterFix(final MessageView view, final Entries out)
    {
        final BetterFixAvailableDecoder d = body(view, new BetterFixAvailableDecoder());
        out.entry(d.incidentId(), "better-fix", "better fix for call " + d.callId() + ": fix " + d.fixNumber() + " (" +
            name(Names.FIX_SOURCE, d.fixSourceRaw()) + ") ±" + d.uncertaintyM() + " m, confirmed ±" + d.confirmedUncertaintyM() + " m");
    }

    private static void route(final MessageView view, final Entries out)
    {
        final RouteAssignedDecoder d = body(view, new RouteAssignedDecoder());
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        final long etaS = d.etaS();
        if (!view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final int edges = d.route().count();
        out.entry(incidentId, "route", "route: unit " + unitId + ", ETA " + etaS + " s, " + edges + (1 == edges ? " edge" : " edges"));
    }

    private static void eta(final MessageView view, final Entries out)
    {
        final EtaUpdatedDecoder d = body(view, new EtaUpdatedDecoder());
        out.entry(d.incidentId(), "eta", "ETA: unit " + d.unitId() + ", " + d.etaS() + " s");
    }

    private static void hospital(final MessageView view, final Entries out)
    {
        final HospitalAssignedDecoder d = body(view, new HospitalAssignedDecoder());
        final boolean none = HospitalChoice.NONE_WITH_CAPACITY.value() == d.choiceRaw() || d.hospitalId() <= 0;
        out.entry(d.incidentId(), "hospital", none ? "no hospital with capacity for unit " + d.unitId() :
            "hospital " + d.hospitalId() + " for unit " + d.unitId() + ", ETA " + d.etaS() + " s");
    }

    private static void wave(final MessageView view, final Entries out)
    {
        final GreenWavePlannedDecoder d = body(view, new GreenWavePlannedDecoder());
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        if (!view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final int count = d.intersections().count();
        out.entry(incidentId, "wave", "green wave: unit " + unitId + ", " + count + (1 == count ? " intersection" : " intersections"));
    }

    private static void preempt(final MessageView view, final IntFunction<String> names, final Entries out)
    {
        final PreemptRequestedDecoder d = body(view, new PreemptRequestedDecoder());
        if (1 == d.refresh())
        {
            // a renewal of a request already on the timeline
            return;
        }
        final int index = d.intersectionIndex();
        final String name = null == names ? null : names.apply(index);
        final StringBuilder text = new StringBuilder(80).append("preemption requested at ")
            .append(null == name ? "intersection " + index : name).append(" for unit ").append(d.unitId());
        if (PreemptRequester.OPERATOR.value() == d.requesterRaw())
        {
            text.append(" by operator ").append(d.operatorId());
        }
        out.entry(d.incidentId(), "preempt", text.toString());
    }

    private static StringBuilder location(
        final StringBuilder text,
        final short quality,
        final int latMicros,
        final int lonMicros,
        final long uncertaintyM)
    {
        text.append(name(Names.LOCATION_QUALITY, quality));
        if (LocationQuality.USABLE.value() == quality && usable(latMicros, lonMicros) && uncertaintyM != 0xFFFF_FFFFL)
        {
            text.append(" ±").append(uncertaintyM).append(" m");
        }
        return text;
    }

    private static String agencyList(final int bits)
    {
        final StringBuilder text = new StringBuilder(32);
        for (int bit = 0; bit < Names.AGENCIES.length; bit++)
        {
            if (0 != (bits & (1 << bit)))
            {
                text.append(text.length() > 0 ? ", " : "").append(Names.AGENCIES[bit]);
            }
        }
        return text.length() > 0 ? text.toString() : "none";
    }

    /** "CALL_ADDED" to "call-added". */
    private static String kind(final String reason)
    {
        return reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Hands entries of one record to the sink, skipping the ones that name no incident. */
    record Entries(long sequence, long timestampNs, TimelineSink sink)
    {
        void entry(final long incidentId, final String kind, final String text)
        {
            if (incidentId > 0)
            {
                sink.entry(incidentId, sequence, timestampNs, kind, text);
            }
        }
    }
}
