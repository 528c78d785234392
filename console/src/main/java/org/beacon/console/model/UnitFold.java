package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.UINT16_NULL;
import static org.beacon.console.model.Fields.UINT32_NULL;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.position;
import static org.beacon.console.model.Fields.uint32;
import static org.beacon.console.model.Names.UNKNOWN;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.EtaUpdatedDecoder;
import org.beacon.codecs.HospitalAssignedDecoder;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.MoveUpProposedDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.StatusOverdueDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.core.MessageView;

/**
 * Units: registration and AVL (UnitStatus, UnitPosition inputs), UnitStatusChanged, their route and ETA, overdue
 * statuses, hospitals, and the notices of coverage move-ups.
 */
final class UnitFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final UnitStatusDecoder unitStatus = new UnitStatusDecoder();
    private final UnitPositionDecoder unitPosition = new UnitPositionDecoder();
    private final UnitStatusChangedDecoder unitStatusChanged = new UnitStatusChangedDecoder();
    private final RouteAssignedDecoder routeAssigned = new RouteAssignedDecoder();
    private final EtaUpdatedDecoder etaUpdated = new EtaUpdatedDecoder();
    private final StatusOverdueDecoder statusOverdue = new StatusOverdueDecoder();
    private final HospitalAssignedDecoder hospitalAssigned = new HospitalAssignedDecoder();
    private final MoveUpProposedDecoder moveUp = new MoveUpProposedDecoder();

    UnitFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(UnitStatusDecoder.TEMPLATE_ID, this::onUnitStatus);
        inputs.on(UnitPositionDecoder.TEMPLATE_ID, this::onUnitPosition);
        outputs.on(UnitStatusChangedDecoder.TEMPLATE_ID, this::onUnitStatusChanged);
        outputs.on(RouteAssignedDecoder.TEMPLATE_ID, this::onRouteAssigned);
        outputs.on(EtaUpdatedDecoder.TEMPLATE_ID, this::onEtaUpdated);
        outputs.on(StatusOverdueDecoder.TEMPLATE_ID, this::onStatusOverdue);
        outputs.on(HospitalAssignedDecoder.TEMPLATE_ID, this::onHospitalAssigned);
        outputs.on(MoveUpProposedDecoder.TEMPLATE_ID, this::onMoveUp);
    }

    private void onUnitStatus(final long sequence, final long timestampNs)
    {
        final UnitStatusDecoder d = body(view, unitStatus);
        final long unitId = d.unitId();
        final String status = name(Names.UNIT_STATUS, d.statusRaw());
        if (unitId <= 0 || UNKNOWN.equals(status))
        {
            return;
        }
        final int latMicros = d.position().latMicros();
        final int lonMicros = d.position().lonMicros();
        ObjectNode unit = state.units.get(unitId);
        if (null == unit)
        {
            final String agency = name(Names.AGENCY, d.agencyRaw());
            final String type = name(Names.UNIT_TYPE, d.unitTypeRaw());
            if (UNKNOWN.equals(agency) || UNKNOWN.equals(type))
            {
                // the state machine registers no unit it cannot classify
                return;
            }
            final String callSign = view.varDataFits(d.limit(), d.callSignLength()) ? d.callSign() : "";
            unit = state.unit(unitId);
            unit.put("callSign", callSign);
            unit.put("agency", agency);
            unit.put("type", type);
            unit.put("status", status);
            unit.put("statusSinceMs", timestampNs / 1_000_000L);
        }
        // later reports move the unit; its status changes only when the state machine says so (UnitStatusChanged)
        position(unit, latMicros, lonMicros, true);
        state.touch(unit);
    }

    private void onUnitPosition(final long sequence, final long timestampNs)
    {
        final UnitPositionDecoder d = body(view, unitPosition);
        final ObjectNode unit = state.units.get(d.unitId());
        if (null == unit)
        {
            // the state machine ignores positions of units never registered
            return;
        }
        final long speed = d.speedCmPerS();
        final int heading = d.headingDeciDeg();
        position(unit, d.position().latMicros(), d.position().lonMicros(), true);
        if (UINT32_NULL == speed)
        {
            unit.putNull("speedKmh");
        }
        else
        {
            unit.put("speedKmh", Math.round(speed * 0.36) / 10.0);
        }
        if (UINT16_NULL == heading)
        {
            unit.putNull("headingDeg");
        }
        else
        {
            unit.put("headingDeg", heading / 10.0);
        }
        state.touch(unit);
    }

    private void onUnitStatusChanged(final long sequence, final long timestampNs)
    {
        final UnitStatusChangedDecoder d = body(view, unitStatusChanged);
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final short to = d.toRaw();
        final long incidentId = Math.max(0, d.incidentId());
        final long atNs = d.atNs();
        final ObjectNode unit = state.unit(unitId);
        final String status = name(Names.UNIT_STATUS, to);
        final boolean moving = UnitStatusCode.DISPATCHED.value() == to || UnitStatusCode.EN_ROUTE.value() == to;
        if (!status.equals(unit.path("status").asText()))
        {
            unit.put("status", status);
            unit.put("statusSinceMs", ms(atNs, timestampNs));
            // overdue is raised once per status: a new status has not been overdue yet
            unit.putNull("overdue");
            if (!moving)
            {
                array(unit, "route").removeAll();
                unit.put("etaS", 0);
            }
            if (UnitStatusCode.AVAILABLE.value() == to || UnitStatusCode.OUT_OF_SERVICE.value() == to)
            {
                unit.put("hospitalId", 0);
            }
        }
        unit.put("incidentId", incidentId);
        state.touch(unit);
        if (incidentId > 0)
        {
            final ObjectNode incident = state.incident(incidentId, timestampNs);
            state.addUnit(incident, unitId);
        }
        if (!moving)
        {
            // the center's planner ends the wave of a unit that stopped needing it (CenterStateMachine: onUnitStopped)
            state.removeWave(unitId);
        }
    }

    private void onRouteAssigned(final long sequence, final long timestampNs)
    {
        final RouteAssignedDecoder d = body(view, routeAssigned);
        final long unitId = d.unitId();
        final long incidentId = Math.max(0, d.incidentId());
        final long etaS = uint32(d.etaS());
        if (unitId <= 0 || !view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final RouteAssignedDecoder.RouteDecoder route = d.route();
        if (!view.groupFits(d.limit(), route.count(), route.actingBlockLength(), RouteAssignedDecoder.RouteDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode edges = JSON.arrayNode(route.count());
        while (route.hasNext())
        {
            edges.add(route.next().edgeIndex());
        }
        final ObjectNode unit = state.unit(unitId);
        unit.set("route", edges);
        unit.put("etaS", etaS);
        unit.put("incidentId", incidentId);
        state.touch(unit);
    }

    private void onEtaUpdated(final long sequence, final long timestampNs)
    {
        final EtaUpdatedDecoder d = body(view, etaUpdated);
        final ObjectNode unit = state.units.get(d.unitId());
        if (null != unit)
        {
            unit.put("etaS", uint32(d.etaS()));
            state.touch(unit);
        }
    }

    private void onStatusOverdue(final long sequence, final long timestampNs)
    {
        final StatusOverdueDecoder d = body(view, statusOverdue);
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final String status = name(Names.UNIT_STATUS, d.statusRaw());
        final long overdueS = uint32(d.overdueS());
        final ObjectNode unit = state.unit(unitId);
        final ObjectNode overdue = JSON.objectNode();
        overdue.put("status", status);
        overdue.put("overdueS", overdueS);
        overdue.put("atMs", timestampNs / 1_000_000L);
        unit.set("overdue", overdue);
        state.touch(unit);
        final String text = "unit " + unitId + state.callSign(unitId) + " overdue: " + status + " " + overdueS + " s beyond its limit";
        ModelState.message(state.notice(timestampNs, "warning", "overdue", text, unit.path("incidentId").asLong(), unitId, -1, 0),
            "overdue", "unit", state.unitLabel(unitId), "status", status, "s", overdueS);
    }

    private void onHospitalAssigned(final long sequence, final long timestampNs)
    {
        final HospitalAssignedDecoder d = body(view, hospitalAssigned);
        final long unitId = d.unitId();
        if (unitId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final long hospitalId = Math.max(0, d.hospitalId());
        final long etaS = uint32(d.etaS());
        final boolean none = HospitalChoice.NONE_WITH_CAPACITY.value() == d.choiceRaw() || 0 == hospitalId;
        final ObjectNode unit = state.unit(unitId);
        unit.put("hospitalId", none ? 0 : hospitalId);
        unit.put("etaS", none ? 0 : etaS);
        state.touch(unit);
        final String callSign = state.callSign(unitId);
        final String text = none ?
            "no hospital with capacity for unit " + unitId + callSign :
            "unit " + unitId + callSign + " to hospital " + hospitalId + ", ETA " + etaS + " s";
        final ObjectNode notice = state.notice(timestampNs, none ? "warning" : "info", "hospital", text, incidentId, unitId, -1, 0);
        if (none)
        {
            ModelState.message(notice, "noHospital", "unit", state.unitLabel(unitId));
        }
        else
        {
            ModelState.message(notice, "hospital", "unit", state.unitLabel(unitId), "hospital", hospitalId, "eta", etaS);
        }
    }

    private void onMoveUp(final long sequence, final long timestampNs)
    {
        final MoveUpProposedDecoder d = body(view, moveUp);
        final String agency = name(Names.AGENCY, d.agencyRaw());
        final int latMicros = d.point().latMicros();
        final int lonMicros = d.point().lonMicros();
        final long unitId = Math.max(0, d.unitId());
        final long etaS = uint32(d.etaS());
        final long targetS = uint32(d.targetS());
        final StringBuilder text = new StringBuilder(128)
            .append("coverage: no ").append(agency).append(" unit within ").append(targetS).append(" s of ");
        if (usable(latMicros, lonMicros))
        {
            text.append(latMicros / 1e6).append(", ").append(lonMicros / 1e6);
        }
        else
        {
            text.append("a coverage point");
        }
        if (unitId > 0)
        {
            text.append("; move up unit ").append(unitId).append(state.callSign(unitId)).append(", ").append(etaS).append(" s away");
        }
        else
        {
            text.append("; no available unit");
        }
        final ObjectNode notice = state.notice(timestampNs, "info", "move-up", text.toString(), 0, unitId, -1, 0);
        final String where = usable(latMicros, lonMicros) ? latMicros / 1e6 + ", " + lonMicros / 1e6 : "—";
        if (unitId > 0)
        {
            ModelState.message(notice, "moveUp", "agency", agency, "target", targetS, "where", where, "unit", state.unitLabel(unitId),
                "eta", etaS);
        }
        else
        {
            ModelState.message(notice, "moveUpNone", "agency", agency, "target", targetS, "where", where);
        }
    }
}
