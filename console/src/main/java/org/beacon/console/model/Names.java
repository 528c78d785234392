package org.beacon.console.model;

import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertRejectReason;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.PedSignal;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptRequester;
import org.beacon.codecs.ProposalReason;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalIndication;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.beacon.codecs.UpdateReason;

/**
 * Raw SBE values to the names the consoles see. The generated enums' {@code get()} throws on a value
 * this build does not know (a newer journal, a damaged record); these tables answer {@link #UNKNOWN}
 * instead, and a lookup allocates nothing.
 */
final class Names
{
    /** The name of a raw value no table knows. */
    static final String UNKNOWN = "UNKNOWN";

    static final String[] AGENCY = table(Agency.values(), Agency::value);
    static final String[] LOCATION_QUALITY = table(LocationQuality.values(), LocationQuality::value);
    static final String[] LOCATION_PROBLEM = table(LocationProblem.values(), LocationProblem::value);
    static final String[] LOCATION_SHAPE = table(LocationShape.values(), LocationShape::value);
    static final String[] FIX_SOURCE = table(FixSource.values(), FixSource::value);
    static final String[] LOCATION_METHOD = table(LocationMethod.values(), LocationMethod::value);
    static final String[] UNIT_TYPE = table(UnitType.values(), UnitType::value);
    static final String[] UNIT_STATUS = table(UnitStatusCode.values(), UnitStatusCode::value);
    static final String[] COMMAND_TYPE = table(CommandType.values(), CommandType::value);
    static final String[] INCIDENT_STATUS = table(IncidentStatus.values(), IncidentStatus::value);
    static final String[] UPDATE_REASON = table(UpdateReason.values(), UpdateReason::value);
    static final String[] REJECT_REASON = table(RejectReason.values(), RejectReason::value);
    static final String[] HOSPITAL_CHOICE = table(HospitalChoice.values(), HospitalChoice::value);
    static final String[] SIGNAL_INDICATION = table(SignalIndication.values(), SignalIndication::value);
    static final String[] PED_SIGNAL = table(PedSignal.values(), PedSignal::value);
    static final String[] CONTROLLER_MODE = table(ControllerModeCode.values(), ControllerModeCode::value);
    static final String[] SIGNAL_COMMAND_TYPE = table(SignalCommandType.values(), SignalCommandType::value);
    static final String[] PREEMPT_REQUESTER = table(PreemptRequester.values(), PreemptRequester::value);
    static final String[] PREEMPT_END = table(PreemptEnd.values(), PreemptEnd::value);
    static final String[] SIGNAL_REJECT_REASON = table(SignalRejectReason.values(), SignalRejectReason::value);
    static final String[] WATCHLIST_REASON = table(org.beacon.codecs.WatchlistReason.values(), org.beacon.codecs.WatchlistReason::value);
    static final String[] CROWD_RULE = table(org.beacon.codecs.CrowdRule.values(), org.beacon.codecs.CrowdRule::value);
    static final String[] HAZARD = table(Hazard.values(), Hazard::value);
    static final String[] ALERT_ACTION = table(AlertAction.values(), AlertAction::value);
    static final String[] ALERT_STATE = table(AlertState.values(), AlertState::value);
    static final String[] ALERT_MSG_TYPE = table(AlertMsgType.values(), AlertMsgType::value);
    static final String[] PROPOSAL_REASON = table(ProposalReason.values(), ProposalReason::value);
    static final String[] ALERT_REJECT_REASON = table(AlertRejectReason.values(), AlertRejectReason::value);
    static final String[] BROADCAST_OUTCOME = table(BroadcastOutcome.values(), BroadcastOutcome::value);

    /** An Agency's raw value to the one agency an incident needs for it: none for UNIFIED (112 is triaged). */
    static final String[] AGENCIES_BY_AGENCY = withoutUnified();

    /** SignalFaults choice names by bit, as the schema spells them. */
    static final String[] FAULTS =
    {
        "conflict", "skippedYellow", "shortYellow", "skippedRedClearance", "dark", "dualIndication", "walkConflict", "commsLost",
        "detector"
    };

    /** Agencies choice names by bit. */
    static final String[] AGENCIES = {"POLICE", "FIRE", "AMBULANCE"};

    /** The uint16 "unknown" of minEndDs / maxEndDs. */
    static final int UNKNOWN_DS = 65_535;

    private static final int MAX_LAT_MICROS = 90_000_000;
    private static final int MAX_LON_MICROS = 180_000_000;

    private Names()
    {
    }

    private static <E extends Enum<E>> String[] table(final E[] values, final ToIntFunction<E> raw)
    {
        final String[] names = new String[256];
        for (final E value : values)
        {
            final int index = raw.applyAsInt(value);
            // NULL_VAL is the schema's "absent", which the consoles see as UNKNOWN like any other value they cannot name
            if (!"NULL_VAL".equals(value.name()) && index >= 0 && index < names.length)
            {
                names[index] = value.name();
            }
        }
        return names;
    }

    private static String[] withoutUnified()
    {
        final String[] names = AGENCY.clone();
        names[Agency.UNIFIED.value()] = null;
        return names;
    }

    /**
     * @param table one of this class's tables.
     * @param raw   the raw value.
     * @return its name, or {@link #UNKNOWN}.
     */
    static String name(final String[] table, final int raw)
    {
        if (raw < 0 || raw >= table.length)
        {
            return UNKNOWN;
        }
        final String name = table[raw];
        return null == name ? UNKNOWN : name;
    }

    /**
     * @param into  the array to fill (cleared first).
     * @param bits  a set's raw value.
     * @param names choice names by bit.
     * @return into.
     */
    static ArrayNode setNames(final ArrayNode into, final int bits, final String[] names)
    {
        into.removeAll();
        for (int bit = 0; bit < names.length; bit++)
        {
            if (0 != (bits & (1 << bit)))
            {
                into.add(names[bit]);
            }
        }
        return into;
    }

    /**
     * @param factory the node factory.
     * @param bits    a set's raw value.
     * @param names   choice names by bit.
     * @return a new array of the names of the set's choices.
     */
    static ArrayNode setNames(final JsonNodeFactory factory, final int bits, final String[] names)
    {
        return setNames(factory.arrayNode(), bits, names);
    }

    /**
     * @return whether the micro-degrees name a place: in range, not the SBE null value and not 0,0 (what an
     * absent location is written as).
     */
    static boolean usable(final int latMicros, final int lonMicros)
    {
        return (0 != latMicros || 0 != lonMicros) &&
            latMicros >= -MAX_LAT_MICROS && latMicros <= MAX_LAT_MICROS &&
            lonMicros >= -MAX_LON_MICROS && lonMicros <= MAX_LON_MICROS;
    }

    /**
     * @param ns         a time in ns since the epoch, 0 or the SBE null value when unknown.
     * @param fallbackNs the time to use then.
     * @return the time in ms since the epoch.
     */
    static long ms(final long ns, final long fallbackNs)
    {
        return (ns > 0 ? ns : fallbackNs) / 1_000_000L;
    }
}
