package org.beacon.console.model;

import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.insertSorted;
import static org.beacon.console.model.Fields.removeLong;
import static org.beacon.console.model.Names.UNKNOWN;

import java.util.ArrayDeque;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationQuality;
import org.beacon.core.MessageView;

/**
 * What the entity kinds of {@link ConsoleModel} share: the entities by key with the keys changed since the last
 * drain, the record being folded, the indexes of the kinds that others reach into (incidents, calls, units, waves,
 * intersections) with each kind's fresh entity, the links between them (a call in an incident, a unit on it), and
 * the notices every kind may raise.
 */
final class ModelState
{
    /** Beyond any real signal network; a larger index is a damaged record, not an intersection. */
    static final int MAX_INTERSECTION_INDEX = 1 << 20;

    /** The record being folded: every kind decodes it from here. */
    final MessageView view = new MessageView();

    final Long2ObjectHashMap<ObjectNode> incidents = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<ObjectNode> calls = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<ObjectNode> units = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<ObjectNode> waves = new Long2ObjectHashMap<>();
    final Int2ObjectHashMap<ObjectNode> intersections = new Int2ObjectHashMap<>();
    final Int2ObjectHashMap<IntersectionInfo> infos = new Int2ObjectHashMap<>();

    private final TreeMap<String, ObjectNode> entities = new TreeMap<>();
    private final TreeSet<String> dirty = new TreeSet<>();
    private final Long2LongHashMap callIncident = new Long2LongHashMap(0);
    private final ArrayDeque<String> noticeKeys = new ArrayDeque<>();
    private long noticeNumber;
    private long malformed;

    // ------------------------------------------------------------------ the entities

    TreeMap<String, ObjectNode> entities()
    {
        return entities;
    }

    /** @return the next key changed or removed since the last drain, forgotten as it is handed out; null when none. */
    String pollDirty()
    {
        return dirty.pollFirst();
    }

    ObjectNode get(final String key)
    {
        return entities.get(key);
    }

    void touch(final ObjectNode node)
    {
        dirty.add(node.get("k").textValue());
    }

    ObjectNode add(final String key, final String kind)
    {
        final ObjectNode node = Fields.JSON.objectNode();
        node.put("k", key);
        node.put("kind", kind);
        entities.put(key, node);
        dirty.add(key);
        return node;
    }

    /** Removes an entity (or a key that may hold none) and reports it removed. */
    void drop(final String key)
    {
        entities.remove(key);
        dirty.add(key);
    }

    /** Removes the oldest of the keys (and their entities) until at most {@code max} are left. */
    void keepNewest(final ArrayDeque<String> keys, final int max)
    {
        while (keys.size() > max)
        {
            drop(keys.pollFirst());
        }
    }

    /** Counts a record dropped as damaged. */
    void malformed()
    {
        malformed++;
    }

    long malformedRecords()
    {
        return malformed;
    }

    // ------------------------------------------------------------------ notices

    /**
     * Adds a notice. Its {@code text} is the server's English sentence; a fold that also gives the notice a message
     * ({@link #message}) lets the consoles show it in their language from their catalogue.
     *
     * @return the notice.
     */
    ObjectNode notice(
        final long timestampNs,
        final String level,
        final String noticeKind,
        final String text,
        final long incidentId,
        final long unitId,
        final int intersection,
        final int operatorId)
    {
        final long n = ++noticeNumber;
        final String key = "notice:" + n;
        final ObjectNode node = add(key, "notice");
        node.put("n", n);
        node.put("atMs", timestampNs / 1_000_000L);
        node.put("level", level);
        node.put("noticeKind", noticeKind);
        node.put("text", text);
        node.put("incidentId", incidentId);
        node.put("unitId", unitId);
        if (intersection >= 0)
        {
            node.put("intersection", intersection);
        }
        else
        {
            node.putNull("intersection");
        }
        node.put("operatorId", operatorId);
        noticeKeys.addLast(key);
        keepNewest(noticeKeys, ConsoleModel.MAX_NOTICES);
        return node;
    }

    /**
     * Gives a notice its message for the consoles' catalogues: {@code msg} names the text
     * ({@code notice.msg.<msg>} in web/i18n/*.json), {@code args} fill its parameters (name, value, name, value...;
     * a value that is an enum name is shown as its word).
     *
     * @param notice the notice.
     * @param msg    the message's name.
     * @param args   parameter names and values, in pairs.
     */
    static void message(final ObjectNode notice, final String msg, final Object... args)
    {
        notice.put("msg", msg);
        final ObjectNode values = notice.putObject("args");
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            values.put(String.valueOf(args[i]), String.valueOf(args[i + 1]));
        }
    }

    /** @return "#1003 (E3)" for a unit with a call sign, "#1003" otherwise. */
    String unitLabel(final long unitId)
    {
        return "#" + unitId + callSign(unitId);
    }

    /** @return " (E-7)" for a unit with a call sign, "" otherwise. */
    String callSign(final long unitId)
    {
        final ObjectNode unit = units.get(unitId);
        final String callSign = null == unit ? "" : unit.path("callSign").asText();
        return callSign.isEmpty() ? "" : " (" + callSign + ")";
    }

    String intersectionName(final int index)
    {
        final IntersectionInfo info = infos.get(index);
        return null != info && null != info.id() ? info.id() : "intersection " + index;
    }

    // ------------------------------------------------------------------ links between kinds

    /** Moves a call to an incident: out of the list of the one it was in, into the new one's. */
    void assignCall(final long callId, final long incidentId, final long timestampNs)
    {
        final long previous = callIncident.get(callId);
        if (previous != incidentId && 0 != previous)
        {
            final ObjectNode from = incidents.get(previous);
            if (null != from && removeLong(array(from, "calls"), callId))
            {
                touch(from);
            }
        }
        callIncident.put(callId, incidentId);
        final ObjectNode to = incident(incidentId, timestampNs);
        if (insertSorted(array(to, "calls"), callId))
        {
            touch(to);
        }
        final ObjectNode call = calls.get(callId);
        if (null != call && call.path("incidentId").asLong() != incidentId)
        {
            call.put("incidentId", incidentId);
            touch(call);
        }
    }

    /** @return the incident the call was last assigned to, 0 for none. */
    /**
     * Forgets an incident and the calls in it (the state machine retired them): their entities are reported removed.
     *
     * @param incidentId the incident.
     */
    void retireIncident(final long incidentId)
    {
        final ObjectNode incident = incidents.remove(incidentId);
        if (null == incident)
        {
            return;
        }
        final com.fasterxml.jackson.databind.JsonNode callIds = incident.get("calls");
        if (null != callIds)
        {
            for (final com.fasterxml.jackson.databind.JsonNode callId : callIds)
            {
                final long id = callId.asLong();
                if (callIncident.get(id) == incidentId)
                {
                    callIncident.remove(id);
                    final ObjectNode call = calls.remove(id);
                    if (null != call)
                    {
                        drop(call.get("k").textValue());
                    }
                }
            }
        }
        drop(incident.get("k").textValue());
    }

    long incidentOfCall(final long callId)
    {
        return callIncident.get(callId);
    }

    void addUnit(final ObjectNode incident, final long unitId)
    {
        final ArrayNode list = array(incident, "units");
        for (int i = 0; i < list.size(); i++)
        {
            if (list.get(i).asLong() == unitId)
            {
                return;
            }
        }
        list.add(unitId);
        touch(incident);
    }

    void removeWave(final long unitId)
    {
        final ObjectNode wave = waves.remove(unitId);
        if (null != wave)
        {
            drop(wave.get("k").textValue());
        }
    }

    // ------------------------------------------------------------------ fresh entities of each kind

    ObjectNode incident(final long incidentId, final long timestampNs)
    {
        ObjectNode node = incidents.get(incidentId);
        if (null == node)
        {
            node = add("incident:" + incidentId, "incident");
            node.put("id", incidentId);
            node.put("agency", UNKNOWN);
            node.putArray("agencies");
            node.put("priority", 0);
            node.put("status", IncidentStatus.OPEN.name());
            node.put("locationQuality", LocationQuality.MISSING.name());
            node.put("uncertaintyM", 0);
            node.put("openedAtMs", timestampNs / 1_000_000L);
            node.put("updatedAtMs", timestampNs / 1_000_000L);
            node.put("callCount", 0);
            node.putArray("calls");
            node.put("nuisance", false);
            node.putArray("units");
            node.putArray("recommendations");
            node.put("mergedInto", 0);
            node.putNull("lastReason");
            node.put("hazard", "NONE");
            node.putArray("alerts");
            incidents.put(incidentId, node);
        }
        return node;
    }

    /** @return the call's entity, made on first use; touched when it existed already. */
    ObjectNode call(final long callId, final long timestampNs)
    {
        ObjectNode node = calls.get(callId);
        if (null == node)
        {
            node = add("call:" + callId, "call");
            node.put("id", callId);
            node.put("incidentId", callIncident.get(callId));
            node.put("agency", UNKNOWN);
            node.put("locationQuality", LocationQuality.MISSING.name());
            node.put("locationProblem", "NONE");
            node.put("shape", "NONE");
            node.put("fixSource", "NONE");
            node.put("uncertaintyM", 0);
            node.put("fixCount", 0);
            node.put("confirmed", false);
            node.put("nuisance", false);
            node.put("recentCallsFromCaller", 0);
            node.put("ended", false);
            node.put("receivedAtMs", timestampNs / 1_000_000L);
            node.put("atMs", timestampNs / 1_000_000L);
            node.put("caller", "");
            node.putArray("fixes");
            node.putNull("betterFix");
            calls.put(callId, node);
        }
        else
        {
            touch(node);
        }
        return node;
    }

    ObjectNode unit(final long unitId)
    {
        ObjectNode node = units.get(unitId);
        if (null == node)
        {
            node = add("unit:" + unitId, "unit");
            node.put("id", unitId);
            node.put("callSign", "");
            node.put("agency", UNKNOWN);
            node.put("type", UNKNOWN);
            node.put("status", UNKNOWN);
            node.put("statusSinceMs", 0);
            node.putNull("speedKmh");
            node.putNull("headingDeg");
            node.put("incidentId", 0);
            node.put("etaS", 0);
            node.putArray("route");
            node.putNull("overdue");
            node.put("hospitalId", 0);
            units.put(unitId, node);
        }
        return node;
    }

    ObjectNode wave(final long unitId)
    {
        ObjectNode node = waves.get(unitId);
        if (null == node)
        {
            node = add("wave:" + unitId, "wave");
            node.put("unitId", unitId);
            final ObjectNode unit = units.get(unitId);
            node.put("incidentId", null == unit ? 0 : unit.path("incidentId").asLong());
            node.putArray("intersections");
            node.put("atMs", 0);
            waves.put(unitId, node);
        }
        return node;
    }

    /** @return the intersection's entity, made on first use, or null for an index no network has. */
    ObjectNode intersection(final int index)
    {
        if (index < 0 || index >= MAX_INTERSECTION_INDEX)
        {
            return null;
        }
        ObjectNode node = intersections.get(index);
        if (null == node)
        {
            final IntersectionInfo info = infos.get(index);
            node = add("intersection:" + index, "intersection");
            node.put("index", index);
            if (null == info || null == info.id())
            {
                node.putNull("id");
            }
            else
            {
                node.put("id", info.id());
            }
            if (null != info && Double.isFinite(info.lat()) && Double.isFinite(info.lon()) && (0 != info.lat() || 0 != info.lon()))
            {
                node.put("lat", info.lat());
                node.put("lon", info.lon());
            }
            node.put("mode", UNKNOWN);
            node.putArray("faults");
            node.put("alarm", false);
            node.put("preemptUnitId", 0);
            node.putArray("phases");
            node.putNull("atMs");
            node.putNull("lastCommand");
            intersections.put(index, node);
        }
        return node;
    }
}
