package org.beacon.replay.report;

import org.beacon.core.MessageView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.AgenciesDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.replay.ReplayVerifier;

/**
 * The standard figures of an emergency center, computed from a data folder's journals alone: the input
 * journal gives the time each call was answered, the output journal every decision with its input
 * sequence and event time. All times are the sequencer's event timestamps (nanoseconds since the epoch);
 * all arithmetic is exact on {@code long} nanoseconds, and the result depends only on the journals.
 * <p>
 * Figures, per incident (an incident is one IncidentOpened output):
 * <ul>
 * <li><b>call answered → incident opened</b>: from the journal time of the CallReceived input of the
 *     incident's first call (the call named by IncidentOpened; a call is answered when the gateway journals
 *     it) to IncidentOpened.openedAtNs. Only for incidents opened by that call's own input; an incident
 *     opened later by an operator command (a split call) is not measured.</li>
 * <li><b>incident opened → first unit dispatched</b> (NFPA 1225 alarm processing): from openedAtNs to
 *     issuedAtNs of the first DispatchOrder naming the incident. Only for incidents with a dispatch.</li>
 * <li><b>turnout</b>: of the first unit dispatched to the incident, from that DispatchOrder to its first
 *     UnitStatusChanged to EN_ROUTE (atNs) during that assignment, before it is on scene.</li>
 * <li><b>travel</b>: of the same unit, from that EN_ROUTE to its first change to ON_SCENE during the
 *     assignment. Not measured when the unit reached the scene without reporting EN_ROUTE.</li>
 * <li><b>on-scene time</b>: of the same unit, from ON_SCENE to its next status change (to any other
 *     status, e.g. TRANSPORTING or AVAILABLE), or to a new DispatchOrder of that unit, whichever first.</li>
 * </ul>
 * An assignment (unit, incident) starts with a DispatchOrder and ends when the unit becomes AVAILABLE or
 * OUT_OF_SERVICE or is dispatched again. A UnitStatusChanged whose status is unchanged (a merge moving the
 * unit to another incident) is not a status change. An interval whose end never happened is not measured.
 * <p>
 * Groups: every incident is counted in "all", and in each agency it needs (police 113, fire 114,
 * ambulance 115) as last reported by IncidentUpdated, starting from the opening call's agency; an incident
 * that needs none (a 112 call not yet classified) is counted in "112 unclassified". An incident needing
 * two agencies therefore appears in both rows.
 * <p>
 * Statistics per group and figure, over the measured values: count, minimum, maximum and the p50, p90 and
 * p95 percentiles by the nearest-rank method (the value at rank ⌈p·n/100⌉ of the n values sorted
 * ascending, ranks from 1), so every percentile is a measured value. For incident → dispatch, also the
 * share dispatched within {@link #NFPA_1225_DISPATCH_NS} (at most 60 s, inclusive), which NFPA 1225
 * expects for 90% of incidents.
 * <p>
 * Period: with a window, an incident is included when its openedAtNs lies in [from, to] (both inclusive);
 * its later events are read whatever their time, so an interval that starts in the window is complete.
 */
public final class IncidentMetrics
{
    /** NFPA 1225: 90% of incidents dispatched within 60 seconds. */
    public static final long NFPA_1225_DISPATCH_NS = TimeUnit.SECONDS.toNanos(60);
    /** The share of incidents NFPA 1225 expects within {@link #NFPA_1225_DISPATCH_NS}, in percent. */
    public static final int NFPA_1225_TARGET_PCT = 90;
    /** An interval that was not measured. */
    public static final long NOT_MEASURED = -1;
    /** The name of the group of every incident. */
    public static final String ALL = "all";
    /** The name of the group of incidents that need no agency yet. */
    public static final String UNCLASSIFIED = "112 unclassified";
    /** Percentiles reported. */
    static final int[] PERCENTILES = {50, 90, 95};

    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int POLICE_BIT = 1;
    private static final int FIRE_BIT = 2;
    private static final int AMBULANCE_BIT = 4;

    /** The figures measured per incident. */
    public enum Interval
    {
        /** Call answered (CallReceived journaled) to IncidentOpened. */
        CALL_TO_INCIDENT("call answered \u2192 incident opened",
            "journal time of the CallReceived of the incident's first call to IncidentOpened.openedAtNs"),
        /** IncidentOpened to the first DispatchOrder. */
        INCIDENT_TO_DISPATCH("incident opened \u2192 first unit dispatched",
            "IncidentOpened.openedAtNs to issuedAtNs of the first DispatchOrder for the incident (NFPA 1225: 90% within 60 s)"),
        /** First unit dispatched to EN_ROUTE. */
        TURNOUT("turnout", "first unit's DispatchOrder to its first change to EN_ROUTE in that assignment"),
        /** EN_ROUTE to ON_SCENE. */
        TRAVEL("travel", "first unit's EN_ROUTE to its first change to ON_SCENE in that assignment"),
        /** ON_SCENE to the next status. */
        ON_SCENE("on scene", "first unit's ON_SCENE to its next status change (or its next dispatch)");

        private final String label;
        private final String definition;

        Interval(final String label, final String definition)
        {
            this.label = label;
            this.definition = definition;
        }

        /** @return a short name for tables. */
        public String label()
        {
            return label;
        }

        /** @return how the figure is measured, one line. */
        public String definition()
        {
            return definition;
        }
    }

    /**
     * One incident's times, each nanoseconds since the epoch or {@link #NOT_MEASURED}.
     *
     * @param incidentId     the incident.
     * @param callId         its first call.
     * @param agencies       agencies needed, bits police 1, fire 2, ambulance 4.
     * @param answeredAtNs   when its first call was journaled (only when that call opened it).
     * @param openedAtNs     IncidentOpened.openedAtNs.
     * @param firstUnitId    the first unit dispatched, or 0.
     * @param dispatchedAtNs that DispatchOrder's issuedAtNs.
     * @param enRouteAtNs    that unit EN_ROUTE.
     * @param onSceneAtNs    that unit ON_SCENE.
     * @param leftSceneAtNs  that unit's next status after ON_SCENE.
     */
    public record IncidentTimes(
        long incidentId,
        long callId,
        int agencies,
        long answeredAtNs,
        long openedAtNs,
        long firstUnitId,
        long dispatchedAtNs,
        long enRouteAtNs,
        long onSceneAtNs,
        long leftSceneAtNs)
    {
        /**
         * One figure of this incident.
         *
         * @param interval which.
         * @return nanoseconds, or {@link #NOT_MEASURED}.
         */
        public long interval(final Interval interval)
        {
            return switch (interval)
            {
                case CALL_TO_INCIDENT -> between(answeredAtNs, openedAtNs);
                case INCIDENT_TO_DISPATCH -> between(openedAtNs, dispatchedAtNs);
                case TURNOUT -> between(dispatchedAtNs, enRouteAtNs);
                case TRAVEL -> between(enRouteAtNs, onSceneAtNs);
                default -> between(onSceneAtNs, leftSceneAtNs);
            };
        }

        private static long between(final long startNs, final long endNs)
        {
            return startNs == NOT_MEASURED || endNs == NOT_MEASURED ? NOT_MEASURED : Math.subtractExact(endNs, startNs);
        }
    }

    /**
     * Statistics of one figure over a group.
     *
     * @param values   the measured values, ascending.
     * @param count    how many.
     * @param minNs    smallest, or {@link #NOT_MEASURED} when none.
     * @param maxNs    largest, or {@link #NOT_MEASURED}.
     * @param p50Ns    median (nearest rank), or {@link #NOT_MEASURED}.
     * @param p90Ns    90th percentile, or {@link #NOT_MEASURED}.
     * @param p95Ns    95th percentile, or {@link #NOT_MEASURED}.
     * @param within60 how many are at most 60 s.
     */
    public record Stats(long[] values, int count, long minNs, long maxNs, long p50Ns, long p90Ns, long p95Ns, int within60)
    {
        static Stats of(final long[] unsorted)
        {
            final long[] values = unsorted.clone();
            Arrays.sort(values);
            int within = 0;
            for (final long value : values)
            {
                if (value <= NFPA_1225_DISPATCH_NS)
                {
                    within++;
                }
            }
            final int n = values.length;
            return new Stats(values, n, n == 0 ? NOT_MEASURED : values[0], n == 0 ? NOT_MEASURED : values[n - 1],
                percentile(values, 50), percentile(values, 90), percentile(values, 95), within);
        }

        /**
         * Whether the share within 60 s reaches NFPA 1225's 90%, exactly (count·10 ≥ n·9).
         *
         * @return true when met; false when not, or when nothing was measured.
         */
        public boolean meetsNfpa1225()
        {
            return count > 0 && (long)within60 * 100 >= (long)count * NFPA_1225_TARGET_PCT;
        }
    }

    /**
     * One row of the report: a group of incidents and its statistics per figure.
     *
     * @param name      "all", an agency, or {@link #UNCLASSIFIED}.
     * @param incidents how many incidents.
     * @param stats     per figure.
     */
    public record Group(String name, int incidents, Map<Interval, Stats> stats)
    {
    }

    private final Path dir;
    private final long fromNs;
    private final long toNs;
    private final long firstNs;
    private final long lastNs;
    private final long inputs;
    private final long outputs;
    private final long calls;
    private final List<IncidentTimes> incidents;
    private final List<Group> groups;

    private IncidentMetrics(
        final Path dir, final long fromNs, final long toNs, final long firstNs, final long lastNs, final long inputs,
        final long outputs, final long calls, final List<IncidentTimes> incidents)
    {
        this.dir = dir;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.firstNs = firstNs;
        this.lastNs = lastNs;
        this.inputs = inputs;
        this.outputs = outputs;
        this.calls = calls;
        this.incidents = Collections.unmodifiableList(incidents);
        this.groups = Collections.unmodifiableList(group(incidents));
    }

    /**
     * Reads a data folder's journals and computes every figure, over the whole journal.
     *
     * @param dir the data folder.
     * @return the figures.
     * @throws IllegalArgumentException when the folder holds no journals.
     * @throws DamagedJournalException when a journal fails its checks.
     */
    public static IncidentMetrics read(final Path dir)
    {
        return read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Reads a data folder's journals and computes the figures of the incidents opened in a window.
     *
     * @param dir    the data folder.
     * @param fromNs the window's start, inclusive, nanoseconds since the epoch.
     * @param toNs   the window's end, inclusive.
     * @return the figures.
     * @throws IllegalArgumentException when the folder holds no journals.
     * @throws DamagedJournalException when a journal fails its checks.
     */
    public static IncidentMetrics read(final Path dir, final long fromNs, final long toNs)
    {
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            throw new IllegalArgumentException(missing);
        }
        System.setProperty("chronicle.analytics.disable", "true");
        final MessageHeaderDecoder header = new MessageHeaderDecoder();

        // Input journal: when each call was answered, and by which input.
        final Long2ObjectHashMap<long[]> answered = new Long2ObjectHashMap<>();
        final CallReceivedDecoder callDecoder = new CallReceivedDecoder();
        long firstNs = NOT_MEASURED;
        long lastNs = NOT_MEASURED;
        long inputs = 0;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.inputJournalDir(dir), JournalRecordDescriptor.TYPE_INPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                inputs++;
                if (firstNs == NOT_MEASURED)
                {
                    firstNs = cursor.timestampNs();
                }
                lastNs = cursor.timestampNs();
                if (templateOf(cursor, header) == CallReceivedDecoder.TEMPLATE_ID)
                {
                    callDecoder.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
                    final long callId = callDecoder.callId();
                    if (callId != 0 && null == answered.get(callId))
                    {
                        answered.put(callId, new long[] {cursor.sequence(), cursor.timestampNs()});
                    }
                }
            }
            if (status == JournalCursor.DAMAGED)
            {
                throw new DamagedJournalException("input journal damaged: " + cursor.problem());
            }
        }

        final Reader reader = new Reader(answered, fromNs, toNs);
        final long outputs;
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.outputJournalDir(dir), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            int status;
            while ((status = cursor.next()) == JournalCursor.RECORD)
            {
                reader.apply(cursor, header);
            }
            if (status == JournalCursor.DAMAGED)
            {
                throw new DamagedJournalException("output journal damaged: " + cursor.problem());
            }
            outputs = cursor.dataRecords();
        }
        return new IncidentMetrics(dir, fromNs, toNs, firstNs, lastNs, inputs, outputs, answered.size(), reader.result());
    }

    /** One header check per reading thread (reports may run side by side). */
    private static final ThreadLocal<MessageView> VIEW = ThreadLocal.withInitial(MessageView::new);

    private static int templateOf(final JournalCursor cursor, final MessageHeaderDecoder header)
    {
        final int templateId = VIEW.get().wrap(cursor.buffer(), cursor.payloadOffset(), cursor.payloadLength());
        if (MessageView.NOT_A_MESSAGE != templateId)
        {
            header.wrap(cursor.buffer(), cursor.payloadOffset());
        }
        return templateId;
    }

    /**
     * The value at a percentile by the nearest-rank method: rank ⌈p·n/100⌉ of the sorted values.
     *
     * @param sorted     values, ascending.
     * @param percentile 1 to 100.
     * @return the value, or {@link #NOT_MEASURED} when there are none.
     */
    public static long percentile(final long[] sorted, final int percentile)
    {
        if (sorted.length == 0)
        {
            return NOT_MEASURED;
        }
        final long rank = ((long)percentile * sorted.length + 99) / 100;
        return sorted[(int)Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    private static List<Group> group(final List<IncidentTimes> incidents)
    {
        final Map<String, List<IncidentTimes>> byName = new LinkedHashMap<>();
        byName.put(ALL, new ArrayList<>(incidents));
        final Map<Integer, String> names = new TreeMap<>();
        names.put(POLICE_BIT, "police 113");
        names.put(FIRE_BIT, "fire 114");
        names.put(AMBULANCE_BIT, "ambulance 115");
        for (final Map.Entry<Integer, String> name : names.entrySet())
        {
            final List<IncidentTimes> members = new ArrayList<>();
            for (final IncidentTimes incident : incidents)
            {
                if ((incident.agencies() & name.getKey()) != 0)
                {
                    members.add(incident);
                }
            }
            if (!members.isEmpty())
            {
                byName.put(name.getValue(), members);
            }
        }
        final List<IncidentTimes> unclassified = new ArrayList<>();
        for (final IncidentTimes incident : incidents)
        {
            if (incident.agencies() == 0)
            {
                unclassified.add(incident);
            }
        }
        if (!unclassified.isEmpty())
        {
            byName.put(UNCLASSIFIED, unclassified);
        }

        final List<Group> groups = new ArrayList<>();
        for (final Map.Entry<String, List<IncidentTimes>> entry : byName.entrySet())
        {
            final Map<Interval, Stats> stats = new EnumMap<>(Interval.class);
            for (final Interval interval : Interval.values())
            {
                stats.put(interval, Stats.of(values(entry.getValue(), interval)));
            }
            groups.add(new Group(entry.getKey(), entry.getValue().size(), Collections.unmodifiableMap(stats)));
        }
        return groups;
    }

    private static long[] values(final List<IncidentTimes> incidents, final Interval interval)
    {
        final long[] values = new long[incidents.size()];
        int n = 0;
        for (final IncidentTimes incident : incidents)
        {
            final long value = incident.interval(interval);
            if (value != NOT_MEASURED)
            {
                values[n++] = value;
            }
        }
        return Arrays.copyOf(values, n);
    }

    static int agencyBit(final short agencyRaw)
    {
        return switch (agencyRaw)
        {
            case 113 -> POLICE_BIT;
            case 114 -> FIRE_BIT;
            case 115 -> AMBULANCE_BIT;
            default -> 0;
        };
    }

    /** @return the data folder read. */
    public Path dir()
    {
        return dir;
    }

    /** @return the window's start (inclusive), {@link Long#MIN_VALUE} when none. */
    public long fromNs()
    {
        return fromNs;
    }

    /** @return the window's end (inclusive), {@link Long#MAX_VALUE} when none. */
    public long toNs()
    {
        return toNs;
    }

    /** @return the time of the input journal's first record, or {@link #NOT_MEASURED} when empty. */
    public long firstNs()
    {
        return firstNs;
    }

    /** @return the time of the input journal's last record, or {@link #NOT_MEASURED} when empty. */
    public long lastNs()
    {
        return lastNs;
    }

    /** @return input records read. */
    public long inputs()
    {
        return inputs;
    }

    /** @return output records read. */
    public long outputs()
    {
        return outputs;
    }

    /** @return distinct calls answered in the whole journal. */
    public long calls()
    {
        return calls;
    }

    /** @return the incidents in the window, by incident id. */
    public List<IncidentTimes> incidents()
    {
        return incidents;
    }

    /** @return "all", then each agency with incidents, then {@link #UNCLASSIFIED} when any. */
    public List<Group> groups()
    {
        return groups;
    }

    /**
     * A group by name.
     *
     * @param name "all", "police 113", "fire 114", "ambulance 115" or {@link #UNCLASSIFIED}.
     * @return the group, or null when it has no incidents.
     */
    public Group group(final String name)
    {
        for (final Group group : groups)
        {
            if (group.name().equals(name))
            {
                return group;
            }
        }
        return null;
    }

    /** Thrown when a journal fails its checks; the message names the journal, the sequence and the damage. */
    public static final class DamagedJournalException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        DamagedJournalException(final String message)
        {
            super(message);
        }
    }

    /** Follows the output journal: incidents, their first dispatch, and each unit's current assignment. */
    private static final class Reader
    {
        private final Long2ObjectHashMap<long[]> answered;
        private final long fromNs;
        private final long toNs;
        private final Map<Long, Builder> incidents = new TreeMap<>();
        private final Long2ObjectHashMap<Assignment> assignments = new Long2ObjectHashMap<>();
        private final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
        private final IncidentUpdatedDecoder updated = new IncidentUpdatedDecoder();
        private final DispatchOrderDecoder order = new DispatchOrderDecoder();
        private final UnitStatusChangedDecoder changed = new UnitStatusChangedDecoder();

        Reader(final Long2ObjectHashMap<long[]> answered, final long fromNs, final long toNs)
        {
            this.answered = answered;
            this.fromNs = fromNs;
            this.toNs = toNs;
        }

        void apply(final JournalCursor cursor, final MessageHeaderDecoder header)
        {
            final int template = templateOf(cursor, header);
            switch (template)
            {
                case IncidentOpenedDecoder.TEMPLATE_ID -> onOpened(cursor, header);
                case IncidentUpdatedDecoder.TEMPLATE_ID -> onUpdated(cursor, header);
                case DispatchOrderDecoder.TEMPLATE_ID -> onOrder(cursor, header);
                case UnitStatusChangedDecoder.TEMPLATE_ID -> onChanged(cursor, header);
                default ->
                {
                    // other outputs carry no interval
                }
            }
        }

        private void onOpened(final JournalCursor cursor, final MessageHeaderDecoder header)
        {
            opened.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
            final long openedAtNs = opened.openedAtNs();
            if (openedAtNs < fromNs || openedAtNs > toNs || incidents.containsKey(opened.incidentId()))
            {
                return;
            }
            final Builder incident = new Builder();
            incident.incidentId = opened.incidentId();
            incident.callId = opened.callId();
            incident.agencies = agencyBit(opened.agencyRaw());
            incident.openedAtNs = openedAtNs;
            final long[] call = answered.get(incident.callId);
            // Answered → opened is measured only when the call's own input opened the incident.
            if (null != call && call[0] == cursor.correlationId())
            {
                incident.answeredAtNs = call[1];
            }
            incidents.put(incident.incidentId, incident);
        }

        private void onUpdated(final JournalCursor cursor, final MessageHeaderDecoder header)
        {
            updated.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
            final Builder incident = incidents.get(updated.incidentId());
            final AgenciesDecoder agencies = updated.agencies();
            if (null != incident && null != agencies)
            {
                incident.agencies = (agencies.pOLICE() ? POLICE_BIT : 0) | (agencies.fIRE() ? FIRE_BIT : 0) |
                    (agencies.aMBULANCE() ? AMBULANCE_BIT : 0);
            }
        }

        private void onOrder(final JournalCursor cursor, final MessageHeaderDecoder header)
        {
            order.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
            final long unitId = order.unitId();
            final long atNs = order.issuedAtNs();
            final Assignment previous = assignments.get(unitId);
            if (null != previous)
            {
                previous.leave(atNs);
            }
            final Builder incident = incidents.get(order.incidentId());
            final Assignment assignment = new Assignment(null != incident && incident.firstUnitId == 0 ? incident : null);
            if (null != assignment.first)
            {
                incident.firstUnitId = unitId;
                incident.dispatchedAtNs = atNs;
            }
            assignments.put(unitId, assignment);
        }

        private void onChanged(final JournalCursor cursor, final MessageHeaderDecoder header)
        {
            changed.wrapAndApplyHeader(cursor.buffer(), cursor.payloadOffset(), header);
            final UnitStatusCode from = changed.from();
            final UnitStatusCode to = changed.to();
            final Assignment assignment = assignments.get(changed.unitId());
            if (from == to || null == assignment)
            {
                return;
            }
            final long atNs = changed.atNs();
            if (to == UnitStatusCode.EN_ROUTE)
            {
                assignment.enRoute(atNs);
            }
            else if (to == UnitStatusCode.ON_SCENE)
            {
                assignment.onScene(atNs);
            }
            else
            {
                assignment.leave(atNs);
            }
            if (to == UnitStatusCode.AVAILABLE || to == UnitStatusCode.OUT_OF_SERVICE)
            {
                assignments.remove(changed.unitId());
            }
        }

        List<IncidentTimes> result()
        {
            final List<IncidentTimes> result = new ArrayList<>(incidents.size());
            for (final Builder incident : incidents.values())
            {
                result.add(new IncidentTimes(incident.incidentId, incident.callId, incident.agencies, incident.answeredAtNs,
                    incident.openedAtNs, incident.firstUnitId, incident.dispatchedAtNs, incident.enRouteAtNs,
                    incident.onSceneAtNs, incident.leftSceneAtNs));
            }
            return result;
        }
    }

    /** One unit's assignment to an incident; only the first unit's times are kept. */
    private static final class Assignment
    {
        private final Builder first;
        private boolean onScene;
        private boolean left;

        Assignment(final Builder first)
        {
            this.first = first;
        }

        void enRoute(final long atNs)
        {
            leave(atNs);
            if (null != first && !onScene && first.enRouteAtNs == NOT_MEASURED)
            {
                first.enRouteAtNs = atNs;
            }
        }

        void onScene(final long atNs)
        {
            if (onScene)
            {
                return;
            }
            onScene = true;
            if (null != first)
            {
                // Without an EN_ROUTE before it, turnout and travel cannot be told apart: neither is measured.
                first.onSceneAtNs = atNs;
            }
        }

        void leave(final long atNs)
        {
            if (onScene && !left)
            {
                left = true;
                if (null != first)
                {
                    first.leftSceneAtNs = atNs;
                }
            }
        }
    }

    private static final class Builder
    {
        long incidentId;
        long callId;
        int agencies;
        long answeredAtNs = NOT_MEASURED;
        long openedAtNs = NOT_MEASURED;
        long firstUnitId;
        long dispatchedAtNs = NOT_MEASURED;
        long enRouteAtNs = NOT_MEASURED;
        long onSceneAtNs = NOT_MEASURED;
        long leftSceneAtNs = NOT_MEASURED;
    }
}
