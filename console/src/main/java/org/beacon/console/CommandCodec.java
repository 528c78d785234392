package org.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandType;
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
 * fields, the confirmation of signal commands); whether the command makes sense for the city (a unit
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
