package org.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalOperatorCommandEncoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistEntryEncoder;
import org.beacon.codecs.WatchlistReason;

/**
 * Turns a console command (JSON, see the console's README) into the SBE input the state machine reads,
 * stamped with the logged-in operator's id. Checks what the gateway can check (types, ranges, required
 * fields, the confirmation of signal commands, an alert area's sizes and corners); whether the command makes sense for the city (a unit
 * that is available, an incident that is open) is the state machine's to decide and to answer.
 */
public final class CommandCodec
{
    /** A command that is not valid JSON for its type: the console answers 400 with the message. */
    public static final class BadCommand extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        BadCommand(final String message)
        {
            super(message, null, false, false);
        }
    }

    private static final int MAX_DURATION_S = 3600;
    private static final long MAX_UNCERTAINTY_M = 100_000;
    /** An area alert's inner zone: from a building to a district. */
    private static final long MIN_RADIUS_M = 10;
    private static final long MAX_RADIUS_M = 20_000;
    private static final int MIN_POLYGON_CORNERS = 3;
    private static final int MAX_POLYGON_CORNERS = 64;
    /** The hazards a dispatcher may name (the schema's Hazard but NONE), in the console's order. */
    private static final java.util.List<String> HAZARDS = java.util.List.of(
        "FIRE", "CHEMICAL", "GAS_LEAK", "FLOOD", "EXPLOSION", "CROWD", "COLLAPSE");

    private CommandCodec()
    {
    }

    /**
     * Encodes a command.
     *
     * @param command    the parsed JSON body.
     * @param operatorId the logged-in operator's id, written into the event.
     * @return the SBE message, header first.
     * @throws BadCommand when a field is missing, of the wrong type or out of range.
     */
    public static byte[] encode(final JsonNode command, final int operatorId)
    {
        final String type = text(command, "type");
        if (type.startsWith("SIGNAL_"))
        {
            return encodeSignal(command, type.substring("SIGNAL_".length()), operatorId);
        }
        if (type.startsWith("WATCHLIST_"))
        {
            return encodeWatchlist(command, type, operatorId);
        }
        if (type.startsWith("ALERT_"))
        {
            return encodeAlert(command, type, operatorId);
        }
        final CommandType commandType = commandType(type);
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH];
        final OperatorCommandEncoder encoder = new OperatorCommandEncoder()
            .wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderEncoder())
            .commandType(commandType)
            .incidentId(0)
            .unitId(0)
            .operatorId(operatorId)
            .callId(0)
            .targetIncidentId(0)
            .agency(Agency.UNIFIED)
            .uncertaintyM(0)
            .fixNumber(0);
        encoder.location().latMicros(0).lonMicros(0);
        switch (commandType)
        {
            case DISPATCH -> encoder.incidentId(id(command, "incidentId")).unitId(id(command, "unitId"));
            case CLOSE_INCIDENT -> encoder.incidentId(id(command, "incidentId"));
            case CONFIRM_LOCATION ->
            {
                final double lat = number(command, "lat", -90, 90);
                final double lon = number(command, "lon", -180, 180);
                encoder.callId(id(command, "callId"))
                    .incidentId(optionalId(command, "incidentId"))
                    .uncertaintyM((long)number(command, "uncertaintyM", 0, MAX_UNCERTAINTY_M));
                encoder.location().latMicros((int)Math.round(lat * 1e6)).lonMicros((int)Math.round(lon * 1e6));
            }
            case ACCEPT_FIX -> encoder.callId(id(command, "callId")).fixNumber((int)number(command, "fixNumber", 0, Integer.MAX_VALUE));
            case SPLIT_CALL -> encoder.incidentId(optionalId(command, "incidentId")).callId(id(command, "callId"));
            case MERGE_INCIDENTS ->
            {
                final long incident = id(command, "incidentId");
                final long target = id(command, "targetIncidentId");
                if (incident == target)
                {
                    throw new BadCommand("an incident cannot be merged into itself");
                }
                encoder.incidentId(incident).targetIncidentId(target);
            }
            case ADD_AGENCY -> encoder.incidentId(id(command, "incidentId")).agency(agency(text(command, "agency")));
            case CLEAR_NUISANCE -> encoder.callId(id(command, "callId")).incidentId(optionalId(command, "incidentId"));
            default -> throw new BadCommand("unknown command type " + type);
        }
        return bytes;
    }

    private static byte[] encodeSignal(final JsonNode command, final String name, final int operatorId)
    {
        final SignalCommandType type;
        try
        {
            type = SignalCommandType.valueOf(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadCommand("unknown command type SIGNAL_" + name);
        }
        if (type == SignalCommandType.NULL_VAL)
        {
            throw new BadCommand("unknown command type SIGNAL_" + name);
        }
        final JsonNode confirmed = command.get("confirmed");
        if (null == confirmed || !confirmed.isBoolean() || !confirmed.booleanValue())
        {
            throw new BadCommand("signal commands need the operator's confirmation (\"confirmed\": true)");
        }
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + SignalOperatorCommandEncoder.BLOCK_LENGTH];
        final SignalOperatorCommandEncoder encoder = new SignalOperatorCommandEncoder()
            .wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderEncoder())
            .commandType(type)
            .intersectionIndex((int)number(command, "intersection", 0, Integer.MAX_VALUE))
            .phase((short)0)
            .operatorId(operatorId)
            .durationS(0);
        switch (type)
        {
            case HOLD -> encoder.phase((short)number(command, "phase", 1, 8))
                .durationS((int)number(command, "durationS", 1, MAX_DURATION_S));
            case FLASH -> encoder.durationS((int)number(command, "durationS", 1, MAX_DURATION_S));
            default ->
            {
            }
        }
        return bytes;
    }

    private static byte[] encodeWatchlist(final JsonNode command, final String type, final int operatorId)
    {
        final WatchlistAction action = switch (type)
        {
            case "WATCHLIST_ADD" -> WatchlistAction.ADD;
            case "WATCHLIST_REMOVE" -> WatchlistAction.REMOVE;
            default -> throw new BadCommand("unknown command type " + type);
        };
        final String plate = text(command, "plate");
        if (plate.length() > 20)
        {
            throw new BadCommand("\"plate\" is longer than a plate (20 characters at most)");
        }
        final WatchlistReason reason;
        if (action == WatchlistAction.ADD)
        {
            try
            {
                reason = WatchlistReason.valueOf(text(command, "reason"));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new BadCommand("reason must be STOLEN, WANTED, INCIDENT or OTHER");
            }
            if (reason == WatchlistReason.NULL_VAL)
            {
                throw new BadCommand("reason must be STOLEN, WANTED, INCIDENT or OTHER");
            }
        }
        else
        {
            reason = WatchlistReason.OTHER;
        }
        final JsonNode noteNode = command.get("note");
        final String note = null == noteNode || noteNode.isNull() ? "" : noteNode.asText();
        if (note.length() > 200)
        {
            throw new BadCommand("\"note\" is longer than 200 characters");
        }
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + WatchlistEntryEncoder.BLOCK_LENGTH + 8 +
            plate.length() * 4 + note.length() * 4];
        final WatchlistEntryEncoder encoder = new WatchlistEntryEncoder()
            .wrapAndApplyHeader(new UnsafeBuffer(bytes), 0, new MessageHeaderEncoder())
            .action(action)
            .reason(reason)
            .incidentId(optionalId(command, "incidentId"))
            .operatorId(operatorId)
            .plate(plate)
            .note(note);
        return java.util.Arrays.copyOf(bytes, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static byte[] encodeAlert(final JsonNode command, final String type, final int operatorId)
    {
        final AlertAction action = switch (type)
        {
            case "ALERT_CLASSIFY" -> AlertAction.CLASSIFY;
            case "ALERT_PROPOSE" -> AlertAction.PROPOSE;
            case "ALERT_EDIT" -> AlertAction.EDIT;
            case "ALERT_APPROVE" -> AlertAction.APPROVE;
            case "ALERT_REJECT" -> AlertAction.REJECT;
            case "ALERT_CANCEL" -> AlertAction.CANCEL;
            default -> throw new BadCommand("unknown command type " + type);
        };
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + AlertCommandEncoder.BLOCK_LENGTH +
            4 + MAX_POLYGON_CORNERS * 8]);
        final AlertCommandEncoder encoder = new AlertCommandEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .action(action)
            .alertId(0)
            .incidentId(0)
            .candidateId(0)
            .operatorId(operatorId)
            .revision(0)
            .hazard(Hazard.NONE)
            .innerRadiusM(0)
            .ringM(0);
        encoder.center().latMicros(0).lonMicros(0);
        int[] polygon = new int[0];
        switch (action)
        {
            case CLASSIFY -> encoder.incidentId(id(command, "incidentId"))
                .hazard(hazard(command, true))
                .innerRadiusM(radius(command, "innerRadiusM", MIN_RADIUS_M));
            case PROPOSE ->
            {
                final long incidentId = optionalId(command, "incidentId");
                final long candidateId = optionalId(command, "candidateId");
                if ((0 == incidentId) == (0 == candidateId))
                {
                    throw new BadCommand("ALERT_PROPOSE needs either \"incidentId\" or \"candidateId\" (a camera's incident candidate)");
                }
                encoder.incidentId(incidentId).candidateId(candidateId).hazard(hazard(command, false));
                polygon = area(command, encoder);
            }
            case EDIT ->
            {
                encoder.alertId(id(command, "alertId")).revision(revision(command));
                polygon = area(command, encoder);
                if (0 == polygon.length && !present(command, "lat") && 0 == radius(command, "innerRadiusM", MIN_RADIUS_M) &&
                    0 == radius(command, "ringM", 0))
                {
                    throw new BadCommand("ALERT_EDIT changes nothing: give \"lat\"/\"lon\", \"innerRadiusM\", \"ringM\" or \"polygon\"");
                }
            }
            case APPROVE, REJECT -> encoder.alertId(id(command, "alertId")).revision(revision(command));
            default ->
            {
                encoder.alertId(id(command, "alertId"));
                // a Cancel goes on the air at once, to everyone who got the alert: like a signal command, it needs the
                // dispatcher's confirmation, not only the page's dialog
                final JsonNode confirmed = command.get("confirmed");
                if (null == confirmed || !confirmed.isBoolean() || !confirmed.booleanValue())
                {
                    throw new BadCommand("ALERT_CANCEL needs the dispatcher's confirmation (\"confirmed\": true)");
                }
            }
        }
        final AlertCommandEncoder.PolygonEncoder group = encoder.polygonCount(polygon.length / 2);
        for (int i = 0; i < polygon.length; i += 2)
        {
            group.next().point().latMicros(polygon[i]).lonMicros(polygon[i + 1]);
        }
        return java.util.Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /** Reads the optional centre, radius, ring and polygon of a PROPOSE or EDIT into the encoder; returns the polygon's corners. */
    private static int[] area(final JsonNode command, final AlertCommandEncoder encoder)
    {
        final boolean hasLat = present(command, "lat");
        final boolean hasLon = present(command, "lon");
        if (hasLat != hasLon)
        {
            throw new BadCommand("give both \"lat\" and \"lon\" of the centre, or neither");
        }
        if (hasLat)
        {
            final int lat = micros(number(command, "lat", -90, 90));
            final int lon = micros(number(command, "lon", -180, 180));
            if (0 == lat && 0 == lon)
            {
                throw new BadCommand("the centre 0,0 is not a place in the city");
            }
            encoder.center().latMicros(lat).lonMicros(lon);
        }
        encoder.innerRadiusM(radius(command, "innerRadiusM", MIN_RADIUS_M));
        encoder.ringM(radius(command, "ringM", 0));
        return polygon(command);
    }

    /** An optional distance in metres: absent or null is 0 (the state machine's "by hazard" or "keep"). */
    private static long radius(final JsonNode command, final String field, final long min)
    {
        if (!present(command, field))
        {
            return 0;
        }
        final JsonNode value = command.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > MAX_RADIUS_M)
        {
            throw new BadCommand("\"" + field + "\" must be a whole number of metres from " + min + " to " + MAX_RADIUS_M);
        }
        return value.longValue();
    }

    private static int[] polygon(final JsonNode command)
    {
        if (!present(command, "polygon"))
        {
            return new int[0];
        }
        final JsonNode list = command.get("polygon");
        if (!list.isArray())
        {
            throw new BadCommand("\"polygon\" must be an array of [lat, lon] corners");
        }
        final int given = list.size();
        if (given > MAX_POLYGON_CORNERS + 1)
        {
            throw new BadCommand("\"polygon\" must have " + MIN_POLYGON_CORNERS + " to " + MAX_POLYGON_CORNERS + " corners, not " +
                given);
        }
        final int[] micros = new int[given * 2];
        for (int i = 0; i < given; i++)
        {
            final JsonNode corner = list.get(i);
            if (!corner.isArray() || corner.size() != 2 || !finite(corner.get(0)) || !finite(corner.get(1)) ||
                Math.abs(corner.get(0).doubleValue()) > 90 || Math.abs(corner.get(1).doubleValue()) > 180)
            {
                throw new BadCommand("\"polygon\" corner " + i + " must be [lat, lon] with lat -90..90 and lon -180..180");
            }
            micros[2 * i] = micros(corner.get(0).doubleValue());
            micros[2 * i + 1] = micros(corner.get(1).doubleValue());
            if (0 == micros[2 * i] && 0 == micros[2 * i + 1])
            {
                throw new BadCommand("\"polygon\" corner " + i + " is 0,0, not a place in the city");
            }
        }
        int corners = given;
        if (corners > 1 && micros[0] == micros[2 * corners - 2] && micros[1] == micros[2 * corners - 1])
        {
            // a closed ring as GeoJSON and CAP write it: the schema wants the corners only
            corners--;
        }
        if (corners < MIN_POLYGON_CORNERS || corners > MAX_POLYGON_CORNERS)
        {
            throw new BadCommand("\"polygon\" must have " + MIN_POLYGON_CORNERS + " to " + MAX_POLYGON_CORNERS + " corners, not " +
                corners);
        }
        return java.util.Arrays.copyOf(micros, corners * 2);
    }

    private static Hazard hazard(final JsonNode command, final boolean noneAllowed)
    {
        final String name = text(command, "hazard");
        for (final String hazard : HAZARDS)
        {
            if (hazard.equals(name))
            {
                return Hazard.valueOf(name);
            }
        }
        if (noneAllowed && "NONE".equals(name))
        {
            return Hazard.NONE;
        }
        throw new BadCommand("\"hazard\" must be one of " + String.join(", ", HAZARDS) + (noneAllowed ? " or NONE" : "") +
            ", not " + name);
    }

    private static int revision(final JsonNode command)
    {
        final JsonNode value = command.get("revision");
        if (null == value || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1)
        {
            throw new BadCommand("\"revision\" must be the alert's revision you saw, an integer from 1");
        }
        return value.intValue();
    }

    private static boolean present(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return null != value && !value.isNull();
    }

    private static boolean finite(final JsonNode value)
    {
        return null != value && value.isNumber() && Double.isFinite(value.doubleValue());
    }

    private static int micros(final double degrees)
    {
        return (int)Math.round(degrees * 1e6);
    }

    private static CommandType commandType(final String type)
    {
        try
        {
            final CommandType commandType = CommandType.valueOf(type);
            if (commandType != CommandType.NULL_VAL)
            {
                return commandType;
            }
        }
        catch (final IllegalArgumentException ignore)
        {
            // falls through to the error below
        }
        throw new BadCommand("unknown command type " + type);
    }

    private static Agency agency(final String name)
    {
        return switch (name)
        {
            case "POLICE" -> Agency.POLICE;
            case "FIRE" -> Agency.FIRE;
            case "AMBULANCE" -> Agency.AMBULANCE;
            default -> throw new BadCommand("agency must be POLICE, FIRE or AMBULANCE, not " + name);
        };
    }

    private static String text(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        if (null == value || !value.isTextual() || value.textValue().isEmpty())
        {
            throw new BadCommand("\"" + field + "\" must be a non-empty string");
        }
        return value.textValue();
    }

    private static long id(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        if (null == value || !value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() <= 0)
        {
            throw new BadCommand("\"" + field + "\" must be a positive integer");
        }
        return value.longValue();
    }

    private static long optionalId(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return null == value || value.isNull() ? 0 : id(node, field);
    }

    private static double number(final JsonNode node, final String field, final double min, final double max)
    {
        final JsonNode value = node.get(field);
        if (null == value || !value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < min ||
            value.doubleValue() > max)
        {
            throw new BadCommand("\"" + field + "\" must be a number from " + fmt(min) + " to " + fmt(max));
        }
        return value.doubleValue();
    }

    private static String fmt(final double v)
    {
        return v == Math.rint(v) ? Long.toString((long)v) : Double.toString(v);
    }
}
