package org.beacon.console.model;

import static org.beacon.console.model.Names.usable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The field writes every entity kind of {@link ConsoleModel} shares: positions, arrays made on first use, SBE's
 * null values, sorted id lists.
 */
final class Fields
{
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final long UINT32_NULL = 0xFFFF_FFFFL;
    static final int UINT16_NULL = 0xFFFF;

    private Fields()
    {
    }

    static void position(final ObjectNode node, final int latMicros, final int lonMicros, final boolean known)
    {
        if (known && usable(latMicros, lonMicros))
        {
            node.put("lat", latMicros / 1e6);
            node.put("lon", lonMicros / 1e6);
        }
        else
        {
            node.remove("lat");
            node.remove("lon");
        }
    }

    /** @return the array the field holds, made (in place of whatever else it held) when it holds none. */
    static ArrayNode array(final ObjectNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return value instanceof ArrayNode ? (ArrayNode)value : node.putArray(field);
    }

    static long uint32(final long value)
    {
        return UINT32_NULL == value ? 0 : value;
    }

    static void deciseconds(final ObjectNode node, final String field, final int value)
    {
        if (Names.UNKNOWN_DS == value)
        {
            node.putNull(field);
        }
        else
        {
            node.put(field, value);
        }
    }

    static boolean removeLong(final ArrayNode list, final long value)
    {
        for (int i = 0; i < list.size(); i++)
        {
            if (list.get(i).asLong() == value)
            {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    static void removeByLong(final ArrayNode list, final String field, final long value)
    {
        for (int i = list.size() - 1; i >= 0; i--)
        {
            if (list.get(i).path(field).asLong() == value)
            {
                list.remove(i);
            }
        }
    }

    /** @return whether the value was not in the (ascending) list and is now. */
    static boolean insertSorted(final ArrayNode list, final long value)
    {
        int at = list.size();
        while (at > 0)
        {
            final long existing = list.get(at - 1).asLong();
            if (existing == value)
            {
                return false;
            }
            if (existing < value)
            {
                break;
            }
            at--;
        }
        list.insert(at, value);
        return true;
    }

    /**
     * Closes the list of details a notice's text started at {@code mark} (", incident 3, unit 7") as
     * " (incident 3, unit 7)"; leaves a text without details as it is.
     */
    static String details(final StringBuilder text, final int mark)
    {
        if (text.length() > mark)
        {
            text.replace(mark, mark + 2, " (").append(')');
        }
        return text.toString();
    }
}
