package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.position;
import static org.beacon.console.model.Fields.removeByLong;
import static org.beacon.console.model.Fields.uint32;
import static org.beacon.console.model.Names.UNKNOWN;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.AgenciesDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentRetiredDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.MessageView;

/**
 * Incidents: IncidentOpened, IncidentUpdated (calls added, split and merged, units dispatched), UnitRecommended,
 * DispatchOrder, and the notice of a CommandRejected.
 */
final class IncidentFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final IncidentRetiredDecoder incidentRetired = new IncidentRetiredDecoder();
    private final IncidentOpenedDecoder incidentOpened = new IncidentOpenedDecoder();
    private final IncidentUpdatedDecoder incidentUpdated = new IncidentUpdatedDecoder();
    private final UnitRecommendedDecoder unitRecommended = new UnitRecommendedDecoder();
    private final DispatchOrderDecoder dispatchOrder = new DispatchOrderDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();

    /** The incident the current input opened, to tell the two sides of a CALL_SPLIT apart. */
    private long openedSequence = -1;
    private long openedIncidentId;

    IncidentFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        outputs.on(IncidentOpenedDecoder.TEMPLATE_ID, this::onIncidentOpened);
        outputs.on(IncidentUpdatedDecoder.TEMPLATE_ID, this::onIncidentUpdated);
        outputs.on(UnitRecommendedDecoder.TEMPLATE_ID, this::onUnitRecommended);
        outputs.on(DispatchOrderDecoder.TEMPLATE_ID, this::onDispatchOrder);
        outputs.on(CommandRejectedDecoder.TEMPLATE_ID, this::onCommandRejected);
        outputs.on(IncidentRetiredDecoder.TEMPLATE_ID, this::onIncidentRetired);
    }

    /** A closed incident left the state machine's live state: it leaves the consoles too, with its calls. */
    private void onIncidentRetired(final long sequence, final long timestampNs)
    {
        state.retireIncident(body(view, incidentRetired).incidentId());
    }

    private void onIncidentOpened(final long sequence, final long timestampNs)
    {
        final IncidentOpenedDecoder d = body(view, incidentOpened);
        final long incidentId = d.incidentId();
        if (incidentId <= 0)
        {
            return;
        }
        final ObjectNode incident = state.incident(incidentId, timestampNs);
        state.touch(incident);
        final short agency = d.agencyRaw();
        final short quality = d.locationQualityRaw();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final boolean located = usable(latMicros, lonMicros);
        incident.put("agency", name(Names.AGENCY, agency));
        final ArrayNode agencies = array(incident, "agencies");
        agencies.removeAll();
        final String single = name(Names.AGENCIES_BY_AGENCY, agency);
        if (!UNKNOWN.equals(single))
        {
            agencies.add(single);
        }
        incident.put("priority", d.priority());
        incident.put("status", IncidentStatus.OPEN.name());
        incident.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        position(incident, latMicros, lonMicros, located);
        incident.put("uncertaintyM", located ? uint32(d.uncertaintyM()) : 0);
        incident.put("openedAtMs", ms(d.openedAtNs(), timestampNs));
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
        openedSequence = sequence;
        openedIncidentId = incidentId;
        final long callId = d.callId();
        if (callId > 0)
        {
            state.assignCall(callId, incidentId, timestampNs);
        }
        incident.put("callCount", Math.max(1, array(incident, "calls").size()));
    }

    private void onIncidentUpdated(final long sequence, final long timestampNs)
    {
        final IncidentUpdatedDecoder d = body(view, incidentUpdated);
        final long incidentId = d.incidentId();
        if (incidentId <= 0)
        {
            return;
        }
        final short reason = d.reasonRaw();
        final short status = d.statusRaw();
        final int callCount = d.callCount();
        final long callId = d.callId();
        final long unitId = d.unitId();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final AgenciesDecoder agencies = d.agencies();
        final int agencyBits = null == agencies ? -1 : agencies.getRaw() & 0xFF;
        final short nuisance = d.nuisance();
        final long other = d.otherIncidentId();
        final long otherId = other > 0 ? other : 0;

        final ObjectNode incident = state.incident(incidentId, timestampNs);
        state.touch(incident);
        incident.put("status", name(Names.INCIDENT_STATUS, status));
        incident.put("callCount", callCount);
        if (agencyBits >= 0)
        {
            Names.setNames(array(incident, "agencies"), agencyBits, Names.AGENCIES);
        }
        if (IncidentUpdatedDecoder.nuisanceNullValue() != nuisance)
        {
            incident.put("nuisance", 1 == nuisance);
        }
        if (usable(latMicros, lonMicros))
        {
            incident.put("locationQuality", LocationQuality.USABLE.name());
            position(incident, latMicros, lonMicros, true);
            incident.put("uncertaintyM", uncertaintyM);
        }
        else
        {
            if (LocationQuality.USABLE.name().equals(incident.path("locationQuality").asText()))
            {
                // the location it had left with a call; the fallback quality is not in the update
                incident.put("locationQuality", LocationQuality.MISSING.name());
            }
            position(incident, 0, 0, false);
            incident.put("uncertaintyM", 0);
        }
        incident.put("lastReason", name(Names.UPDATE_REASON, reason));
        incident.put("updatedAtMs", timestampNs / 1_000_000L);

        if (UpdateReason.CALL_ADDED.value() == reason && callId > 0)
        {
            state.assignCall(callId, incidentId, timestampNs);
        }
        else if (UpdateReason.UNIT_DISPATCHED.value() == reason && unitId > 0)
        {
            state.addUnit(incident, unitId);
        }
        else if (UpdateReason.CALL_SPLIT.value() == reason && callId > 0)
        {
            onCallSplit(incidentId, otherId, callId, sequence, timestampNs);
        }
        else if (UpdateReason.MERGED.value() == reason && otherId > 0)
        {
            onMerged(incident, incidentId, otherId, status, timestampNs);
        }
    }

    private void onCallSplit(final long incidentId, final long otherId, final long callId, final long sequence, final long timestampNs)
    {
        if (sequence == openedSequence && incidentId == openedIncidentId)
        {
            // the side the split opened: the call is here now
            state.assignCall(callId, incidentId, timestampNs);
        }
        else if (state.incidentOfCall(callId) == incidentId && otherId > 0)
        {
            // the side the call left (normally the IncidentOpened of the other side moved it already)
            state.assignCall(callId, otherId, timestampNs);
        }
    }

    private void onMerged(final ObjectNode incident, final long incidentId, final long otherId, final short status, final long timestampNs)
    {
        final long source;
        final long target;
        if (IncidentStatus.CLOSED.value() == status)
        {
            incident.put("mergedInto", otherId);
            source = incidentId;
            target = otherId;
        }
        else
        {
            source = otherId;
            target = incidentId;
        }
        final ObjectNode from = state.incidents.get(source);
        if (null == from)
        {
            return;
        }
        final ArrayNode moving = array(from, "calls");
        while (!moving.isEmpty())
        {
            final int before = moving.size();
            state.assignCall(moving.get(0).asLong(), target, timestampNs);
            if (moving.size() == before)
            {
                // never loop on a list assignCall did not shrink
                moving.remove(0);
            }
        }
        state.touch(from);
    }

    private void onUnitRecommended(final long sequence, final long timestampNs)
    {
        final UnitRecommendedDecoder d = body(view, unitRecommended);
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        if (incidentId <= 0 || unitId <= 0)
        {
            return;
        }
        final short rank = d.rank();
        final long reassign = d.reassignFromIncidentId();
        final ObjectNode entry = JSON.objectNode();
        entry.put("unitId", unitId);
        entry.put("rank", rank);
        entry.put("etaS", uint32(d.etaS()));
        entry.put("distanceM", uint32(d.distanceM()));
        entry.put("reassignFromIncidentId", reassign > 0 ? reassign : 0);

        final ObjectNode incident = state.incident(incidentId, timestampNs);
        state.touch(incident);
        final ArrayNode recommendations = array(incident, "recommendations");
        if (1 == rank)
        {
            // a new round of recommendations starts with its best unit
            recommendations.removeAll();
        }
        removeByLong(recommendations, "unitId", unitId);
        int at = recommendations.size();
        while (at > 0 && recommendations.get(at - 1).path("rank").asInt() > rank)
        {
            at--;
        }
        recommendations.insert(at, entry);
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
    }

    private void onDispatchOrder(final long sequence, final long timestampNs)
    {
        final DispatchOrderDecoder d = body(view, dispatchOrder);
        final long incidentId = d.incidentId();
        final long unitId = d.unitId();
        if (incidentId <= 0 || unitId <= 0)
        {
            return;
        }
        final ObjectNode incident = state.incident(incidentId, timestampNs);
        state.touch(incident);
        state.addUnit(incident, unitId);
        removeByLong(array(incident, "recommendations"), "unitId", unitId);
        incident.put("updatedAtMs", timestampNs / 1_000_000L);
        final ObjectNode unit = state.unit(unitId);
        unit.put("incidentId", incidentId);
        state.touch(unit);
    }

    private void onCommandRejected(final long sequence, final long timestampNs)
    {
        final CommandRejectedDecoder d = body(view, commandRejected);
        final String type = name(Names.COMMAND_TYPE, d.commandTypeRaw());
        final String reason = name(Names.REJECT_REASON, d.reasonRaw());
        final long incidentId = Math.max(0, d.incidentId());
        final long unitId = Math.max(0, d.unitId());
        final int operatorId = Math.max(0, d.operatorId());
        final StringBuilder text = new StringBuilder(96).append(type).append(" rejected: ").append(reason);
        final int mark = text.length();
        if (incidentId > 0)
        {
            text.append(", incident ").append(incidentId);
        }
        if (unitId > 0)
        {
            text.append(", unit ").append(unitId).append(state.callSign(unitId));
        }
        if (operatorId > 0)
        {
            text.append(", operator ").append(operatorId);
        }
        state.notice(timestampNs, "warning", "rejected", Fields.details(text, mark), incidentId, unitId, -1, operatorId);
    }
}
