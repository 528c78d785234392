package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.insertSorted;
import static org.beacon.console.model.Fields.position;
import static org.beacon.console.model.Fields.uint32;
import static org.beacon.console.model.Names.UNKNOWN;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.AlertStateChangedDecoder;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.GeoPointDecoder;
import org.beacon.core.MessageView;

/**
 * Area alerts: a dispatcher's CLASSIFY (the incident's hazard until the state machine refuses it), AlertProposed,
 * AlertIssued (with the CAP XML kept beside the entities), AlertStateChanged, the notice of an AlertCommandRejected,
 * and the broadcast gateway's BroadcastReport.
 */
final class AlertFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final AlertCommandDecoder alertCommand = new AlertCommandDecoder();
    private final BroadcastReportDecoder broadcastReport = new BroadcastReportDecoder();
    private final AlertProposedDecoder alertProposed = new AlertProposedDecoder();
    private final AlertIssuedDecoder alertIssued = new AlertIssuedDecoder();
    private final AlertStateChangedDecoder alertStateChanged = new AlertStateChangedDecoder();
    private final AlertCommandRejectedDecoder alertRejected = new AlertCommandRejectedDecoder();

    private final Long2ObjectHashMap<ObjectNode> alerts = new Long2ObjectHashMap<>();
    private final ArrayDeque<Long> closedAlerts = new ArrayDeque<>();
    /** Read by the HTTP threads (the CAP endpoint) while the feed's thread writes. */
    private final ConcurrentHashMap<Long, String> capXml = new ConcurrentHashMap<>();

    /** A dispatcher's CLASSIFY, to undo its hazard when the state machine refuses it. */
    private long classifySequence = -1;
    private long classifyIncidentId;
    private String classifyPreviousHazard;

    AlertFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(AlertCommandDecoder.TEMPLATE_ID, this::onAlertCommand);
        inputs.on(BroadcastReportDecoder.TEMPLATE_ID, this::onBroadcastReport);
        outputs.on(AlertProposedDecoder.TEMPLATE_ID, this::onAlertProposed);
        outputs.on(AlertIssuedDecoder.TEMPLATE_ID, this::onAlertIssued);
        outputs.on(AlertStateChangedDecoder.TEMPLATE_ID, this::onAlertStateChanged);
        outputs.on(AlertCommandRejectedDecoder.TEMPLATE_ID, this::onAlertCommandRejected);
    }

    /** @return the CAP XML of the alert's latest issued message, or null; safe from any thread. */
    String capXml(final long alertId)
    {
        return capXml.get(alertId);
    }

    private void onAlertCommand(final long sequence, final long timestampNs)
    {
        final AlertCommandDecoder d = body(view, alertCommand);
        if (AlertAction.CLASSIFY.value() != d.actionRaw())
        {
            // the other actions show through the state machine's answers
            return;
        }
        final ObjectNode incident = state.incidents.get(d.incidentId());
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        if (null == incident || UNKNOWN.equals(hazard))
        {
            return;
        }
        classifySequence = sequence;
        classifyIncidentId = d.incidentId();
        classifyPreviousHazard = incident.path("hazard").asText("NONE");
        incident.put("hazard", hazard);
        state.touch(incident);
    }

    private void onBroadcastReport(final long sequence, final long timestampNs)
    {
        final BroadcastReportDecoder d = body(view, broadcastReport);
        final ObjectNode alert = alerts.get(d.alertId());
        if (null == alert)
        {
            // a report for an alert never issued: the state machine ignores it too
            return;
        }
        final ObjectNode report = reportOf(d);
        if (!view.groupHeaderFits(d.limit()))
        {
            state.malformed();
            return;
        }
        final BroadcastReportDecoder.CellsDecoder cells = d.cells();
        if (!view.groupFits(d.limit(), cells.count(), cells.actingBlockLength(), BroadcastReportDecoder.CellsDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode inner = JSON.arrayNode();
        final ArrayNode outer = JSON.arrayNode();
        int innerCount = 0;
        int outerCount = 0;
        while (cells.hasNext())
        {
            cells.next();
            final boolean isInner = AlertZone.INNER.value() == cells.zoneRaw();
            if (isInner)
            {
                innerCount++;
            }
            else
            {
                outerCount++;
            }
            final ArrayNode list = isInner ? inner : outer;
            if (list.size() < ConsoleModel.MAX_CELLS_LISTED)
            {
                list.add(cells.cellId());
            }
        }
        final String identifier = view.varDataFits(d.limit(), d.identifierLength()) ? d.identifier() : "";
        final String detail = view.varDataFits(d.limit(), d.detailLength()) ? d.detail() : "";
        report.put("identifier", identifier);
        report.put("innerCells", innerCount);
        report.put("outerCells", outerCount);
        report.set("inner", inner);
        report.set("outer", outer);
        report.put("detail", detail);
        report.put("atMs", timestampNs / 1_000_000L);
        alert.set("broadcast", report);
        reportOnIssued(array(alert, "issued"), report, identifier, innerCount, outerCount);
        state.touch(alert);
    }

    /** @return the report's fixed fields. */
    private static ObjectNode reportOf(final BroadcastReportDecoder d)
    {
        final ObjectNode report = JSON.objectNode();
        report.put("revision", d.revision());
        report.put("msgType", name(Names.ALERT_MSG_TYPE, d.msgTypeRaw()));
        report.put("outcome", name(Names.BROADCAST_OUTCOME, d.outcomeRaw()));
        report.put("messageIdInner", d.messageIdInner());
        report.put("messageIdOuter", d.messageIdOuter());
        report.put("serialNumber", d.serialNumber());
        final long issuedAtNs = d.issuedAtNs();
        final long broadcastAtNs = d.broadcastAtNs();
        report.put("issuedAtMs", issuedAtNs > 0 ? issuedAtNs / 1_000_000L : 0);
        report.put("broadcastAtMs", broadcastAtNs > 0 ? broadcastAtNs / 1_000_000L : 0);
        if (issuedAtNs > 0 && broadcastAtNs > 0 && broadcastAtNs >= issuedAtNs)
        {
            report.put("latencyMs", (broadcastAtNs - issuedAtNs) / 1_000_000L);
        }
        else
        {
            report.putNull("latencyMs");
        }
        return report;
    }

    /** Writes the report's outcome on the newest issued message it is about. */
    private static void reportOnIssued(
        final ArrayNode issued,
        final ObjectNode report,
        final String identifier,
        final int innerCount,
        final int outerCount)
    {
        for (int i = issued.size() - 1; i >= 0; i--)
        {
            final ObjectNode message = (ObjectNode)issued.get(i);
            if (identifier.equals(message.path("identifier").asText()) &&
                report.get("msgType").asText().equals(message.path("msgType").asText()))
            {
                message.put("outcome", report.get("outcome").asText());
                message.put("innerCells", innerCount);
                message.put("outerCells", outerCount);
                message.set("latencyMs", report.get("latencyMs"));
                break;
            }
        }
    }

    private void onAlertProposed(final long sequence, final long timestampNs)
    {
        final AlertProposedDecoder d = body(view, alertProposed);
        final long alertId = d.alertId();
        if (alertId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final long candidateId = Math.max(0, d.candidateId());
        final int revision = d.revision();
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        final String reason = name(Names.PROPOSAL_REASON, d.reasonRaw());
        final int latMicros = d.center().latMicros();
        final int lonMicros = d.center().lonMicros();
        final long innerRadiusM = uint32(d.innerRadiusM());
        final long ringM = uint32(d.ringM());
        final boolean autoIssue = 1 == d.autoIssue();
        final boolean active = 1 == d.active();
        final int operatorId = Math.max(0, d.operatorId());
        final long atMs = ms(d.atNs(), timestampNs);
        if (!view.groupHeaderFits(d.limit()))
        {
            state.malformed();
            return;
        }
        final AlertProposedDecoder.PolygonDecoder group = d.polygon();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), AlertProposedDecoder.PolygonDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode polygon = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            corner(polygon, group.next().point());
        }

        final ObjectNode alert = alert(alertId, timestampNs);
        final ObjectNode pending = area(revision, latMicros, lonMicros, innerRadiusM, ringM, polygon);
        pending.put("reason", reason);
        pending.put("operatorId", operatorId);
        pending.put("autoIssue", autoIssue);
        pending.put("atMs", atMs);
        alert.set("pending", pending);
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        if (candidateId > 0)
        {
            alert.put("candidateId", candidateId);
        }
        alert.put("hazard", hazard);
        alert.put("autoIssue", autoIssue);
        alert.put("revision", Math.max(revision, alert.path("revision").asInt()));
        if (0 == alert.path("proposedAtMs").asLong())
        {
            alert.put("proposedBy", operatorId);
            alert.put("proposedAtMs", atMs);
        }
        else
        {
            alert.put("editedBy", operatorId);
        }
        if (!active)
        {
            setAlertState(alert, AlertState.PROPOSED.name());
        }
        alert.put("atMs", atMs);
        state.touch(alert);
        linkIncident(alert, incidentId, hazard);
    }

    private void onAlertIssued(final long sequence, final long timestampNs)
    {
        final AlertIssuedDecoder d = body(view, alertIssued);
        final long alertId = d.alertId();
        if (alertId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final int revision = d.revision();
        final short msgType = d.msgTypeRaw();
        final String hazard = name(Names.HAZARD, d.hazardRaw());
        final int operatorId = Math.max(0, d.operatorId());
        final long sentAtMs = ms(d.issuedAtNs(), timestampNs);
        final long expiresAtNs = d.expiresAtNs();
        final long expiresAtMs = expiresAtNs > 0 ? expiresAtNs / 1_000_000L : 0;
        final int latMicros = d.center().latMicros();
        final int lonMicros = d.center().lonMicros();
        final long innerRadiusM = uint32(d.innerRadiusM());
        final long ringM = uint32(d.ringM());
        if (!view.groupHeaderFits(d.limit()))
        {
            state.malformed();
            return;
        }
        final AlertIssuedDecoder.PolygonDecoder group = d.polygon();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(), AlertIssuedDecoder.PolygonDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode polygon = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            corner(polygon, group.next().point());
        }
        if (!view.varDataFits(d.limit(), d.identifierLength()))
        {
            state.malformed();
            return;
        }
        final String identifier = d.identifier();
        final String xml = view.varDataFits(d.limit(), d.capXmlLength(), ConsoleModel.MAX_CAP_XML) ? d.capXml() : null;

        final ObjectNode alert = alert(alertId, timestampNs);
        final String type = name(Names.ALERT_MSG_TYPE, msgType);
        addIssued(array(alert, "issued"), identifier, type, revision, operatorId, sentAtMs, expiresAtMs);
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        if (!UNKNOWN.equals(hazard) || !alert.hasNonNull("hazard"))
        {
            alert.put("hazard", hazard);
        }
        alert.put("identifier", identifier);
        alert.put("msgType", type);
        alert.put("expiresAtMs", expiresAtMs);
        alert.put("revision", Math.max(revision, alert.path("revision").asInt()));
        if (AlertMsgType.CANCEL.value() != msgType)
        {
            alert.set("current", area(revision, latMicros, lonMicros, innerRadiusM, ringM, polygon));
            alert.put("approvedBy", operatorId);
            alert.put("approvedAtMs", sentAtMs);
            final JsonNode pending = alert.get("pending");
            if (null != pending && pending.isObject() && pending.path("revision").asInt() <= revision)
            {
                alert.putNull("pending");
            }
            final String alertState = alert.path("state").asText();
            if (AlertState.PROPOSED.name().equals(alertState))
            {
                setAlertState(alert, AlertState.ACTIVE.name());
            }
        }
        alert.put("atMs", sentAtMs);
        if (null != xml)
        {
            capXml.put(alertId, xml);
        }
        state.touch(alert);
        linkIncident(alert, incidentId, null);
    }

    /** Appends an issued message to the alert's list of the newest ones. */
    private static void addIssued(
        final ArrayNode issued,
        final String identifier,
        final String type,
        final int revision,
        final int operatorId,
        final long sentAtMs,
        final long expiresAtMs)
    {
        final ObjectNode message = JSON.objectNode();
        message.put("identifier", identifier);
        message.put("msgType", type);
        message.put("revision", revision);
        message.put("operatorId", operatorId);
        message.put("sentAtMs", sentAtMs);
        message.put("expiresAtMs", expiresAtMs);
        message.putNull("outcome");
        issued.add(message);
        while (issued.size() > ConsoleModel.MAX_ISSUED)
        {
            issued.remove(0);
        }
    }

    private void onAlertStateChanged(final long sequence, final long timestampNs)
    {
        final AlertStateChangedDecoder d = body(view, alertStateChanged);
        final long alertId = d.alertId();
        final String alertState = name(Names.ALERT_STATE, d.stateRaw());
        if (alertId <= 0 || UNKNOWN.equals(alertState))
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final ObjectNode alert = alert(alertId, timestampNs);
        final long atMs = ms(d.atNs(), timestampNs);
        if (incidentId > 0)
        {
            alert.put("incidentId", incidentId);
        }
        // every decision about an alert settles the revision that was waiting for one
        alert.putNull("pending");
        alert.put("revision", Math.max(d.revision(), alert.path("revision").asInt()));
        alert.put("stateBy", Math.max(0, d.operatorId()));
        alert.put("stateAtMs", atMs);
        alert.put("atMs", atMs);
        setAlertState(alert, alertState);
        state.touch(alert);
        linkIncident(alert, incidentId, null);
    }

    private void onAlertCommandRejected(final long sequence, final long timestampNs)
    {
        final AlertCommandRejectedDecoder d = body(view, alertRejected);
        final short action = d.actionRaw();
        final long alertId = Math.max(0, d.alertId());
        final long incidentId = Math.max(0, d.incidentId());
        final int operatorId = Math.max(0, d.operatorId());
        final String reason = name(Names.ALERT_REJECT_REASON, d.reasonRaw());
        if (AlertAction.CLASSIFY.value() == action && sequence == classifySequence && incidentId == classifyIncidentId)
        {
            final ObjectNode incident = state.incidents.get(incidentId);
            if (null != incident)
            {
                incident.put("hazard", classifyPreviousHazard);
                state.touch(incident);
            }
            classifySequence = -1;
        }
        final StringBuilder text = new StringBuilder(96).append("ALERT_").append(name(Names.ALERT_ACTION, action))
            .append(" rejected: ").append(reason);
        final int mark = text.length();
        if (alertId > 0)
        {
            text.append(", alert ").append(alertId);
        }
        if (incidentId > 0)
        {
            text.append(", incident ").append(incidentId);
        }
        if (operatorId > 0)
        {
            text.append(", operator ").append(operatorId);
        }
        state.notice(timestampNs, "warning", "rejected", Fields.details(text, mark), incidentId, 0, -1, operatorId);
    }

    private void setAlertState(final ObjectNode alert, final String alertState)
    {
        final boolean wasClosed = closed(alert.path("state").asText());
        alert.put("state", alertState);
        if (!wasClosed && closed(alertState))
        {
            closedAlerts.addLast(alert.get("id").asLong());
            while (closedAlerts.size() > ConsoleModel.MAX_CLOSED_ALERTS)
            {
                final long oldest = closedAlerts.pollFirst();
                final ObjectNode old = alerts.get(oldest);
                if (null != old && closed(old.path("state").asText()))
                {
                    alerts.remove(oldest);
                    capXml.remove(oldest);
                    state.drop(old.get("k").textValue());
                }
            }
        }
    }

    private static boolean closed(final String alertState)
    {
        return AlertState.REJECTED.name().equals(alertState) || AlertState.CANCELLED.name().equals(alertState) ||
            AlertState.EXPIRED.name().equals(alertState);
    }

    /** Lists the alert on its incident and, when given, sets the incident's hazard. */
    private void linkIncident(final ObjectNode alert, final long incidentId, final String hazard)
    {
        final ObjectNode incident = incidentId > 0 ? state.incidents.get(incidentId) : null;
        if (null == incident)
        {
            return;
        }
        boolean changed = insertSorted(array(incident, "alerts"), alert.get("id").asLong());
        if (null != hazard && !UNKNOWN.equals(hazard) && !hazard.equals(incident.path("hazard").asText()))
        {
            incident.put("hazard", hazard);
            changed = true;
        }
        if (changed)
        {
            state.touch(incident);
        }
    }

    private ObjectNode alert(final long alertId, final long timestampNs)
    {
        ObjectNode node = alerts.get(alertId);
        if (null == node)
        {
            node = state.add("alert:" + alertId, "alert");
            node.put("id", alertId);
            node.put("incidentId", 0);
            node.put("candidateId", 0);
            node.put("hazard", "NONE");
            node.put("state", AlertState.PROPOSED.name());
            node.put("autoIssue", false);
            node.put("revision", 0);
            node.putNull("pending");
            node.putNull("current");
            node.put("proposedBy", 0);
            node.put("proposedAtMs", 0);
            node.put("editedBy", 0);
            node.put("approvedBy", 0);
            node.put("approvedAtMs", 0);
            node.put("stateBy", 0);
            node.put("stateAtMs", timestampNs / 1_000_000L);
            node.putNull("identifier");
            node.putNull("msgType");
            node.put("expiresAtMs", 0);
            node.putArray("issued");
            node.putNull("broadcast");
            node.put("atMs", timestampNs / 1_000_000L);
            alerts.put(alertId, node);
        }
        return node;
    }

    private static ObjectNode area(
        final int revision,
        final int latMicros,
        final int lonMicros,
        final long innerRadiusM,
        final long ringM,
        final ArrayNode polygon)
    {
        final ObjectNode area = JSON.objectNode();
        area.put("revision", revision);
        position(area, latMicros, lonMicros, true);
        area.put("innerRadiusM", innerRadiusM);
        area.put("ringM", ringM);
        area.set("polygon", polygon);
        return area;
    }

    private static void corner(final ArrayNode polygon, final GeoPointDecoder point)
    {
        final int latMicros = point.latMicros();
        final int lonMicros = point.lonMicros();
        if (usable(latMicros, lonMicros))
        {
            polygon.addArray().add(latMicros / 1e6).add(lonMicros / 1e6);
        }
    }
}
