package org.beacon.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.beacon.center.CenterStateMachine;
import org.beacon.center.DataNetwork;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.core.NodeContext;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.core.snapshot.SnapshotStore;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.IncidentView;
import org.beacon.dispatch.UnitView;

/**
 * The state of the center at a moment: the input journal replayed up to and including the last input
 * stamped at or before that time. What an auditor asks first ("what did the dispatcher see at
 * 14:03?"), answered from the journal alone.
 */
public final class StateAt
{
    private static final Pattern RELATIVE = Pattern.compile("\\+((?:\\d+(?:ms|s|m|h|d))+)");
    private static final Pattern RELATIVE_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d+");
    private static final long NO_UNCERTAINTY = CallReceivedDecoder.uncertaintyMNullValue();

    /**
     * A state machine replayed to a moment.
     *
     * @param stateMachine     the state machine, holding the state at {@code atNs}.
     * @param atNs             the moment asked for, nanoseconds since the epoch.
     * @param sequence         the last input applied (0 when the journal starts after {@code atNs}).
     * @param timestampNs      that input's timestamp (0 when none).
     * @param outputs          outputs produced up to it.
     * @param snapshotSequence the input of the snapshot the replay started from, or 0 when from the start.
     * @param problem          damage that stopped the replay before {@code atNs}, or null.
     * @param skipped          the snapshots passed over because the state machine refused them, each with why.
     * @param <T>              the state machine's type.
     */
    public record State<T extends StateMachine>(
        T stateMachine, long atNs, long sequence, long timestampNs, long outputs, long snapshotSequence, String problem,
        List<String> skipped)
    {
    }

    private StateAt()
    {
    }

    /**
     * Replays a center's input journal from the start up to a moment.
     *
     * @param dir  the data folder.
     * @param atNs the moment, nanoseconds since the epoch; inputs stamped later are not applied.
     * @return the center at that moment.
     */
    public static State<CenterStateMachine> at(final Path dir, final long atNs)
    {
        return at(dir, atNs, DataNetwork.stateMachines(dir).get(), false);
    }

    /**
     * Replays an input journal up to a moment, optionally from the newest snapshot taken at or before it.
     * From the start is the auditor's default: the result then rests on the journal alone.
     *
     * @param dir          the data folder.
     * @param atNs         the moment, nanoseconds since the epoch.
     * @param stateMachine a fresh state machine.
     * @param useSnapshots whether to start from a snapshot in DIR/snapshots when one fits.
     * @param <T>          the state machine's type.
     * @return the state machine at that moment.
     */
    public static <T extends StateMachine> State<T> at(
        final Path dir, final long atNs, final T stateMachine, final boolean useSnapshots)
    {
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            throw new IllegalArgumentException(missing);
        }
        long fromSequence = 0;
        long fromOutputs = 0;
        final List<String> skipped = new java.util.ArrayList<>();
        if (useSnapshots)
        {
            final SnapshotStore.Snapshot snapshot = restoreNewest(new NodeContext().dataDir(dir).snapshotDir(), atNs,
                stateMachine, skipped);
            if (null != snapshot)
            {
                fromSequence = snapshot.sequence();
                fromOutputs = snapshot.outputSequence();
            }
        }
        final long snapshotSequence = fromSequence;
        final JournalReplayer.Result result = JournalReplayer.replay(ReplayVerifier.inputJournalDir(dir), stateMachine,
            fromSequence, fromOutputs, (sequence, timestampNs, buffer, offset, length) -> timestampNs <= atNs, null);
        return new State<>(stateMachine, atNs, result.lastSequence(), result.lastTimestampNs(), result.outputSequence(),
            snapshotSequence, result.status() == JournalReplayer.DAMAGED ? result.problem() : null, List.copyOf(skipped));
    }

    /**
     * Restores the newest snapshot taken at or before {@code atNs} that the state machine accepts, as a node does on
     * recovery: one it refuses (an older format, say) is passed over with the reason, and the next older one tried.
     */
    private static SnapshotStore.Snapshot restoreNewest(final Path snapshotDir, final long atNs, final StateMachine stateMachine,
        final List<String> skipped)
    {
        final List<Path> files = new SnapshotStore(snapshotDir, Integer.MAX_VALUE).list();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final SnapshotStore.Checked checked = SnapshotStore.inspect(files.get(i));
            final SnapshotStore.Snapshot snapshot = checked.snapshot();
            if (null == snapshot)
            {
                skipped.add("snapshot " + files.get(i).getFileName() + " skipped: " + checked.problem());
            }
            else if (snapshot.timestampNs() <= atNs)
            {
                try
                {
                    stateMachine.restore(snapshot.state(), 0, snapshot.state().capacity());
                    return snapshot;
                }
                catch (final IllegalArgumentException | IllegalStateException ex)
                {
                    skipped.add("snapshot " + files.get(i).getFileName() + " skipped: " + ex.getMessage());
                }
            }
        }
        return null;
    }

    /**
     * The timestamp of the first record of a data folder's input journal.
     *
     * @param dir the data folder.
     * @return nanoseconds since the epoch.
     * @throws IllegalArgumentException when the journal holds no record or its first record is damaged.
     */
    public static long firstTimestampNs(final Path dir)
    {
        final String missing = ReplayVerifier.checkDataDir(dir);
        if (null != missing)
        {
            throw new IllegalArgumentException(missing);
        }
        try (JournalCursor cursor = JournalCursor.open(ReplayVerifier.inputJournalDir(dir), JournalRecordDescriptor.TYPE_INPUT))
        {
            final int status = cursor.next();
            if (status == JournalCursor.RECORD)
            {
                return cursor.timestampNs();
            }
            throw new IllegalArgumentException(status == JournalCursor.END ? "the input journal in " + dir + " is empty" :
                "the input journal in " + dir + " is damaged at its start: " + cursor.problem());
        }
    }

    /**
     * Reads a moment: an ISO-8601 instant ({@code 2026-11-25T14:00:00Z}), an ISO date-time with an offset
     * ({@code 2026-11-25T21:00:00+07:00}), an ISO local date-time (in {@code zone}, UTC when null), epoch
     * milliseconds, or a time after the journal's first record ({@code +30s}, {@code +5m}, {@code +1h30m},
     * {@code +250ms}, {@code +2d}).
     *
     * @param text the moment as typed.
     * @param zone the zone of local date-times, or null for UTC.
     * @param dir  the data folder, read only for relative times.
     * @return nanoseconds since the epoch.
     * @throws IllegalArgumentException when the text is none of these.
     */
    public static long parseTime(final String text, final ZoneId zone, final Path dir)
    {
        final String value = text.trim();
        final Matcher relative = RELATIVE.matcher(value);
        if (relative.matches())
        {
            return Math.addExact(firstTimestampNs(dir), parseRelativeNs(relative.group(1)));
        }
        if (EPOCH_MILLIS.matcher(value).matches())
        {
            return Math.multiplyExact(Long.parseLong(value), 1_000_000L);
        }
        try
        {
            return toNanos(Instant.parse(value));
        }
        catch (final DateTimeParseException ignore)
        {
            // not an instant; try the next form
        }
        try
        {
            return toNanos(OffsetDateTime.parse(value).toInstant());
        }
        catch (final DateTimeParseException ignore)
        {
            // not an offset date-time; try the next form
        }
        try
        {
            return toNanos(ZonedDateTime.parse(value).toInstant());
        }
        catch (final DateTimeParseException ignore)
        {
            // not a zoned date-time; try the next form
        }
        try
        {
            return toNanos(LocalDateTime.parse(value).atZone(null == zone ? ZoneOffset.UTC : zone).toInstant());
        }
        catch (final DateTimeParseException ignore)
        {
            throw new IllegalArgumentException("cannot read the time '" + text + "': give an ISO-8601 instant " +
                "(2026-11-25T14:00:00Z), an ISO local date-time (2026-11-25T14:00:00, UTC unless --zone), epoch " +
                "milliseconds, or a time after the journal's first record (+30s, +5m, +1h30m)");
        }
    }

    private static long parseRelativeNs(final String parts)
    {
        long total = 0;
        final Matcher part = RELATIVE_PART.matcher(parts);
        while (part.find())
        {
            final long amount = Long.parseLong(part.group(1));
            final TimeUnit unit = switch (part.group(2))
            {
                case "ms" -> TimeUnit.MILLISECONDS;
                case "s" -> TimeUnit.SECONDS;
                case "m" -> TimeUnit.MINUTES;
                case "h" -> TimeUnit.HOURS;
                default -> TimeUnit.DAYS;
            };
            total = Math.addExact(total, Math.multiplyExact(amount, unit.toNanos(1)));
        }
        return total;
    }

    static long toNanos(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant toInstant(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    /**
     * Prints a center's state: a header line {@code state as of <ISO instant> (input sequence N)}, then its
     * incidents and its units, each sorted by id.
     *
     * @param state the replayed center.
     * @param zone  the zone to print event times in, or null for UTC instants.
     * @param out   where to print.
     */
    public static void show(final State<CenterStateMachine> state, final ZoneId zone, final PrintWriter out)
    {
        state.skipped().forEach(out::println);
        out.println("state as of " + toInstant(state.atNs()) + " (input sequence " + state.sequence() + ")");
        if (null != state.problem())
        {
            out.println("warning: the input journal is damaged before that time; this is the state at input " +
                state.sequence() + ": " + state.problem());
        }
        final DispatchService dispatch = state.stateMachine().dispatch();
        final List<UnitView> units = new ArrayList<>();
        dispatch.forEachUnit(units::add);
        final Map<Long, List<UnitView>> unitsByIncident = new TreeMap<>();
        for (final UnitView unit : units)
        {
            if (unit.committedIncidentId() != 0)
            {
                unitsByIncident.computeIfAbsent(unit.committedIncidentId(), id -> new ArrayList<>()).add(unit);
            }
        }

        final List<String[]> incidentRows = new ArrayList<>();
        incidentRows.add(new String[] {"id", "agency", "status", "opened at", "calls", "location", "units"});
        dispatch.forEachIncident(incident -> incidentRows.add(new String[] {
            Long.toString(incident.incidentId()),
            String.valueOf(incident.agency()),
            String.valueOf(incident.status()),
            formatTime(incident.openedAtNs(), zone),
            Integer.toString(incident.callCount()),
            location(incident),
            assignedUnits(unitsByIncident.get(incident.incidentId()))}));
        out.println("incidents: " + (incidentRows.size() - 1) + " (" + dispatch.openIncidentCount() + " open)");
        if (incidentRows.size() > 1)
        {
            printTable(incidentRows, out);
        }

        final List<String[]> unitRows = new ArrayList<>();
        unitRows.add(new String[] {"id", "call sign", "type", "agency", "status", "position", "incident"});
        for (final UnitView unit : units)
        {
            unitRows.add(new String[] {
                Long.toString(unit.unitId()),
                unit.callSign().isEmpty() ? "-" : unit.callSign(),
                String.valueOf(unit.unitType()),
                String.valueOf(unit.agency()),
                String.valueOf(unit.status()),
                degrees(unit.latMicros(), unit.lonMicros()),
                unit.committedIncidentId() == 0 ? "-" : Long.toString(unit.committedIncidentId())});
        }
        out.println("units: " + units.size() + " (" + dispatch.availableUnitCount() + " available)");
        if (unitRows.size() > 1)
        {
            printTable(unitRows, out);
        }
        final List<org.beacon.dispatch.alert.AlertService.AlertView> alerts = state.stateMachine().alert().alerts();
        if (!alerts.isEmpty())
        {
            final List<String[]> alertRows = new ArrayList<>();
            alertRows.add(new String[] {"id", "hazard", "state", "for", "revision", "area out", "waiting", "last message"});
            for (final org.beacon.dispatch.alert.AlertService.AlertView alert : alerts)
            {
                alertRows.add(new String[] {
                    Long.toString(alert.alertId()),
                    String.valueOf(alert.hazard()),
                    String.valueOf(alert.state()),
                    alert.incidentId() > 0 ? "incident " + alert.incidentId() : "camera candidate " + alert.candidateId(),
                    Integer.toString(alert.revision()),
                    null == alert.issued() ? "-" : alert.issued().toString(),
                    alert.pending() ? alert.proposed().toString() : "-",
                    alert.identifiers().isEmpty() ? "-" : alert.identifiers().get(alert.identifiers().size() - 1)});
            }
            out.println("area alerts: " + alerts.size());
            printTable(alertRows, out);
        }
        out.flush();
    }

    private static String assignedUnits(final List<UnitView> units)
    {
        if (null == units || units.isEmpty())
        {
            return "-";
        }
        final StringBuilder text = new StringBuilder();
        for (final UnitView unit : units)
        {
            if (text.length() > 0)
            {
                text.append(", ");
            }
            text.append(unit.unitId());
            if (!unit.callSign().isEmpty())
            {
                text.append(' ').append(unit.callSign());
            }
        }
        return text.toString();
    }

    private static String location(final IncidentView incident)
    {
        if (incident.locationQuality() != LocationQuality.USABLE)
        {
            return "no usable location (" + incident.locationQuality() + ")";
        }
        final String uncertainty = incident.uncertaintyM() == NO_UNCERTAINTY ? " (uncertainty unknown)" :
            " within " + incident.uncertaintyM() + " m";
        return degrees(incident.latMicros(), incident.lonMicros()) + uncertainty;
    }

    /**
     * Formats a fixed-point position as decimal degrees, exactly (no floating point).
     *
     * @param latMicros latitude in micro-degrees.
     * @param lonMicros longitude in micro-degrees.
     * @return "lat, lon" with six decimals.
     */
    static String degrees(final int latMicros, final int lonMicros)
    {
        return microDegrees(latMicros) + ", " + microDegrees(lonMicros);
    }

    private static String microDegrees(final int micros)
    {
        final long value = micros;
        final long abs = Math.abs(value);
        return (value < 0 ? "-" : "") + abs / 1_000_000 + "." + String.format("%06d", abs % 1_000_000);
    }

    static String formatTime(final long epochNs, final ZoneId zone)
    {
        final Instant instant = toInstant(epochNs);
        if (null == zone)
        {
            return instant.toString();
        }
        try
        {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
        }
        catch (final DateTimeException ex)
        {
            return instant.toString();
        }
    }

    private static void printTable(final List<String[]> rows, final PrintWriter out)
    {
        final int columns = rows.get(0).length;
        final int[] widths = new int[columns];
        for (final String[] row : rows)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++)
            {
                line.append(row[i]);
                if (i < columns - 1)
                {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }
}
