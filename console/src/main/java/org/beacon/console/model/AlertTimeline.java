package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.core.MessageView;

/**
 * The timeline sentences of area alerts, for {@link TimelineText}: a dispatcher's alert commands and the broadcast
 * gateway's reports (inputs), the state machine's proposals, issued messages, state changes and refusals (outputs).
 */
final class AlertTimeline
{
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private AlertTimeline()
    {
    }

    static void alertCommand(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        final AlertCommandDecoder d = body(view, new AlertCommandDecoder());
        final short action = d.actionRaw();
        final long alertId = d.alertId();
        final long incidentId = d.incidentId();
        final long candidateId = d.candidateId();
        final int revision = d.revision();
        final long innerRadiusM = d.innerRadiusM();
        final long ringM = d.ringM();
        final boolean centred = usable(d.center().latMicros(), d.center().lonMicros());
        final StringBuilder text = new StringBuilder(96).append("operator ").append(d.operatorId()).append(": ALERT_")
            .append(name(Names.ALERT_ACTION, action));
        final long incident;
        if (AlertAction.CLASSIFY.value() == action || AlertAction.PROPOSE.value() == action)
        {
            incident = incidentId;
            text.append(' ').append(name(Names.HAZARD, d.hazardRaw()));
            if (AlertAction.CLASSIFY.value() == action && innerRadiusM > 0 && innerRadiusM != UINT32_NULL)
            {
                text.append(", extent ").append(innerRadiusM).append(" m");
            }
            if (candidateId > 0)
            {
                text.append(" for camera candidate ").append(candidateId);
            }
        }
        else
        {
            incident = null == alerts ? 0 : alerts.incidentOf(alertId);
            text.append(" alert ").append(alertId);
            if (AlertAction.CANCEL.value() != action)
            {
                text.append(" revision ").append(revision);
            }
        }
        if (AlertAction.PROPOSE.value() == action || AlertAction.EDIT.value() == action)
        {
            final int mark = text.length();
            if (centred)
            {
                text.append(", centre moved");
            }
            if (innerRadiusM > 0 && innerRadiusM != UINT32_NULL)
            {
                text.append(", inner ").append(innerRadiusM).append(" m");
            }
            if (ringM > 0 && ringM != UINT32_NULL)
            {
                text.append(", ring ").append(ringM).append(" m");
            }
            if (view.groupHeaderFits(d.limit()))
            {
                final int corners = d.polygon().count();
                if (corners > 0)
                {
                    text.append(", polygon of ").append(corners).append(" corners");
                }
            }
            if (text.length() > mark)
            {
                text.setCharAt(mark, ':');
            }
        }
        out.entry(incident, "command", text.toString());
    }

    static void broadcastReport(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        if (null == alerts)
        {
            return;
        }
        final BroadcastReportDecoder d = body(view, new BroadcastReportDecoder());
        final long alertId = d.alertId();
        final long incidentId = alerts.incidentOf(alertId);
        if (incidentId <= 0)
        {
            return;
        }
        final String msgType = name(Names.ALERT_MSG_TYPE, d.msgTypeRaw());
        final short outcome = d.outcomeRaw();
        final long issuedAtNs = d.issuedAtNs();
        final long broadcastAtNs = d.broadcastAtNs();
        if (!view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final BroadcastReportDecoder.CellsDecoder cells = d.cells();
        if (!view.groupFits(d.limit(), cells.count(), cells.actingBlockLength(), BroadcastReportDecoder.CellsDecoder.sbeBlockLength()))
        {
            return;
        }
        int inner = 0;
        int outer = 0;
        while (cells.hasNext())
        {
            if (AlertZone.INNER.value() == cells.next().zoneRaw())
            {
                inner++;
            }
            else
            {
                outer++;
            }
        }
        final String identifier = view.varDataFits(d.limit(), d.identifierLength()) ? d.identifier() : "";
        final String detail = view.varDataFits(d.limit(), d.detailLength()) ? d.detail() : "";
        final StringBuilder text = new StringBuilder(128).append("area alert ").append(alertId).append(' ').append(msgType);
        if (BroadcastOutcome.BROADCAST.value() == outcome || BroadcastOutcome.CANCELLED.value() == outcome)
        {
            final int total = inner + outer;
            text.append(BroadcastOutcome.CANCELLED.value() == outcome ? " withdrawn from " : " broadcast to ")
                .append(total).append(1 == total ? " cell (" : " cells (")
                .append(inner).append(" inner, ").append(outer).append(" outer)");
            if (issuedAtNs > 0 && broadcastAtNs >= issuedAtNs)
            {
                text.append(" in ").append((broadcastAtNs - issuedAtNs) / 1_000_000L).append(" ms");
            }
        }
        else
        {
            text.append(" not broadcast: ").append(name(Names.BROADCAST_OUTCOME, outcome));
            if (!detail.isEmpty())
            {
                text.append(" (").append(detail).append(')');
            }
        }
        if (!identifier.isEmpty())
        {
            text.append(", ").append(identifier);
        }
        out.entry(incidentId, "alert-broadcast", text.toString());
    }

    static void alertProposed(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        final AlertProposedDecoder d = body(view, new AlertProposedDecoder());
        final long alertId = d.alertId();
        final long incidentId = d.incidentId();
        final int revision = d.revision();
        final int operatorId = d.operatorId();
        final StringBuilder text = new StringBuilder(128).append("area alert ").append(alertId);
        if (revision <= 1)
        {
            text.append(" proposed: ").append(name(Names.HAZARD, d.hazardRaw()));
        }
        else
        {
            text.append(" revision ").append(revision).append(" (").append(name(Names.PROPOSAL_REASON, d.reasonRaw())).append(')');
        }
        text.append(", inner ").append(d.innerRadiusM()).append(" m, ring ").append(d.ringM()).append(" m");
        final int latMicros = d.center().latMicros();
        final int lonMicros = d.center().lonMicros();
        if (usable(latMicros, lonMicros))
        {
            text.append(" around ").append(latMicros / 1e6).append(", ").append(lonMicros / 1e6);
        }
        if (view.groupHeaderFits(d.limit()))
        {
            final int corners = d.polygon().count();
            if (corners > 0)
            {
                text.append(", polygon of ").append(corners).append(" corners");
            }
        }
        text.append(operatorId > 0 ? ", by operator " + operatorId : ", automatic");
        if (1 == d.autoIssue())
        {
            text.append(", goes out at once");
        }
        if (1 == d.active())
        {
            text.append(", revises the alert out");
        }
        learn(alerts, alertId, incidentId);
        out.entry(incidentId, "alert-proposed", text.toString());
    }

    static void alertIssued(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        final AlertIssuedDecoder d = body(view, new AlertIssuedDecoder());
        final long alertId = d.alertId();
        final long incidentId = d.incidentId();
        final short msgType = d.msgTypeRaw();
        final int revision = d.revision();
        final int operatorId = d.operatorId();
        final long issuedAtNs = d.issuedAtNs();
        final long expiresAtNs = d.expiresAtNs();
        learn(alerts, alertId, incidentId);
        if (!view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final AlertIssuedDecoder.PolygonDecoder group = d.polygon();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), AlertIssuedDecoder.PolygonDecoder.sbeBlockLength()))
        {
            return;
        }
        while (group.hasNext())
        {
            group.next();
        }
        final String identifier = view.varDataFits(d.limit(), d.identifierLength()) ? d.identifier() : "?";
        final StringBuilder text = new StringBuilder(128).append("area alert ").append(alertId).append(" issued: CAP ")
            .append(name(Names.ALERT_MSG_TYPE, msgType)).append(' ').append(identifier).append(", revision ").append(revision)
            .append(operatorId > 0 ? ", approved by operator " + operatorId : ", automatic");
        if (AlertMsgType.CANCEL.value() != msgType && expiresAtNs > issuedAtNs && issuedAtNs > 0)
        {
            text.append(", expires in ").append((expiresAtNs - issuedAtNs) / 60_000_000_000L).append(" min");
        }
        out.entry(incidentId, "alert-issued", text.toString());
    }

    static void alertState(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        final AlertStateChangedDecoder d = body(view, new AlertStateChangedDecoder());
        final long alertId = d.alertId();
        final long incidentId = d.incidentId();
        final int operatorId = d.operatorId();
        learn(alerts, alertId, incidentId);
        out.entry(incidentId, "alert-state", "area alert " + alertId + " " + name(Names.ALERT_STATE, d.stateRaw()) +
            " (revision " + d.revision() + (operatorId > 0 ? ", operator " + operatorId + ")" : ", automatic)"));
    }

    static void alertRejected(final MessageView view, final AlertIncidents alerts, final TimelineText.Entries out)
    {
        final AlertCommandRejectedDecoder d = body(view, new AlertCommandRejectedDecoder());
        final long alertId = d.alertId();
        final long named = d.incidentId();
        final long incidentId = named > 0 ? named : null == alerts ? 0 : alerts.incidentOf(alertId);
        final StringBuilder text = new StringBuilder(96).append("alert command rejected: ALERT_")
            .append(name(Names.ALERT_ACTION, d.actionRaw()));
        if (alertId > 0)
        {
            text.append(" alert ").append(alertId);
        }
        text.append(", ").append(name(Names.ALERT_REJECT_REASON, d.reasonRaw()));
        if (d.operatorId() > 0)
        {
            text.append(" (operator ").append(d.operatorId()).append(')');
        }
        out.entry(incidentId, "rejected", text.toString());
    }

    private static void learn(final AlertIncidents alerts, final long alertId, final long incidentId)
    {
        if (null != alerts)
        {
            alerts.learn(alertId, incidentId);
        }
    }
}
