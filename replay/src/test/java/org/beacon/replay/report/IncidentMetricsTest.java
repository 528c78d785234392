package org.beacon.replay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.beacon.replay.report.MetricsRecording.at;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.beacon.replay.ReplayCommand;
import org.beacon.replay.ReplayVerifier;
import org.beacon.replay.report.IncidentMetrics.Group;
import org.beacon.replay.report.IncidentMetrics.IncidentTimes;
import org.beacon.replay.report.IncidentMetrics.Interval;
import org.beacon.replay.report.IncidentMetrics.Stats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The metrics of a real journal recorded by a real node at controlled times (see {@link MetricsRecording}
 * for the scenario and the intervals it is built to produce).
 */
class IncidentMetricsTest
{
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] PNG_SIGNATURE = {(byte)0x89, 'P', 'N', 'G'};

    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static MetricsRecording recording;
    private static IncidentMetrics metrics;

    @BeforeAll
    static void record()
    {
        recording = MetricsRecording.record(shared.resolve("data"));
        assertThat(ReplayVerifier.verify(recording.dir()).identical()).isTrue();
        metrics = IncidentMetrics.read(recording.dir());
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ReplayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static IncidentTimes incident(final int call)
    {
        final long id = recording.incidentOf(call);
        return metrics.incidents().stream().filter(incident -> incident.incidentId() == id).findFirst().orElseThrow();
    }

    @Test
    void eachIncidentHasItsExactTimes()
    {
        assertThat(metrics.incidents()).hasSize(5);
        final IncidentTimes a = incident(1);
        assertThat(a.answeredAtNs()).isEqualTo(at(10));
        assertThat(a.openedAtNs()).isEqualTo(at(10));
        assertThat(a.firstUnitId()).isEqualTo(201);
        assertThat(a.interval(Interval.CALL_TO_INCIDENT)).isZero();
        assertThat(a.interval(Interval.INCIDENT_TO_DISPATCH)).isEqualTo(30 * S);
        assertThat(a.interval(Interval.TURNOUT)).isEqualTo(60 * S);
        assertThat(a.interval(Interval.TRAVEL)).isEqualTo(300 * S);
        assertThat(a.interval(Interval.ON_SCENE)).isEqualTo(600 * S);

        final IncidentTimes b = incident(2);
        assertThat(b.interval(Interval.INCIDENT_TO_DISPATCH)).isEqualTo(90 * S);
        assertThat(b.interval(Interval.TURNOUT)).isEqualTo(20 * S);
        assertThat(b.interval(Interval.TRAVEL)).isEqualTo(240 * S);
        assertThat(b.interval(Interval.ON_SCENE)).as("on scene until TRANSPORTING").isEqualTo(300 * S);

        final IncidentTimes c = incident(3);
        assertThat(c.interval(Interval.INCIDENT_TO_DISPATCH)).isEqualTo(45_500_000_000L);
        assertThat(c.interval(Interval.TURNOUT)).as("no EN_ROUTE reported").isEqualTo(IncidentMetrics.NOT_MEASURED);
        assertThat(c.interval(Interval.TRAVEL)).isEqualTo(IncidentMetrics.NOT_MEASURED);
        assertThat(c.interval(Interval.ON_SCENE)).isEqualTo(300 * S);

        final IncidentTimes d = incident(4);
        assertThat(d.interval(Interval.INCIDENT_TO_DISPATCH)).isEqualTo(60 * S);
        assertThat(d.interval(Interval.TURNOUT)).isEqualTo(40 * S);
        assertThat(d.interval(Interval.TRAVEL)).isEqualTo(300 * S);
        assertThat(d.interval(Interval.ON_SCENE)).as("still on scene").isEqualTo(IncidentMetrics.NOT_MEASURED);

        final IncidentTimes e = incident(5);
        assertThat(e.firstUnitId()).isZero();
        assertThat(e.interval(Interval.CALL_TO_INCIDENT)).isZero();
        assertThat(e.interval(Interval.INCIDENT_TO_DISPATCH)).isEqualTo(IncidentMetrics.NOT_MEASURED);
    }

    @Test
    void percentilesAndTheSixtySecondShareOverAllIncidents()
    {
        final Group all = metrics.group(IncidentMetrics.ALL);
        assertThat(all.incidents()).isEqualTo(5);

        final Stats dispatch = all.stats().get(Interval.INCIDENT_TO_DISPATCH);
        assertThat(dispatch.values()).containsExactly(30 * S, 45_500_000_000L, 60 * S, 90 * S);
        assertThat(dispatch.p50Ns()).isEqualTo(45_500_000_000L);
        assertThat(dispatch.p90Ns()).isEqualTo(90 * S);
        assertThat(dispatch.p95Ns()).isEqualTo(90 * S);
        assertThat(dispatch.within60()).as("60.000 s counts as within").isEqualTo(3);
        assertThat(dispatch.meetsNfpa1225()).isFalse();

        final Stats turnout = all.stats().get(Interval.TURNOUT);
        assertThat(turnout.values()).containsExactly(20 * S, 40 * S, 60 * S);
        assertThat(turnout.p50Ns()).isEqualTo(40 * S);
        assertThat(turnout.p90Ns()).isEqualTo(60 * S);

        final Stats travel = all.stats().get(Interval.TRAVEL);
        assertThat(travel.values()).containsExactly(240 * S, 300 * S, 300 * S);
        assertThat(travel.p50Ns()).isEqualTo(300 * S);

        final Stats onScene = all.stats().get(Interval.ON_SCENE);
        assertThat(onScene.values()).containsExactly(300 * S, 300 * S, 600 * S);
        assertThat(onScene.p50Ns()).isEqualTo(300 * S);
        assertThat(onScene.p95Ns()).isEqualTo(600 * S);

        final Stats answered = all.stats().get(Interval.CALL_TO_INCIDENT);
        assertThat(answered.count()).isEqualTo(5);
        assertThat(answered.maxNs()).isZero();
    }

    @Test
    void perAgencyGroups()
    {
        assertThat(metrics.groups()).extracting(Group::name)
            .containsExactly(IncidentMetrics.ALL, "police 113", "fire 114", "ambulance 115");

        final Stats fire = metrics.group("fire 114").stats().get(Interval.INCIDENT_TO_DISPATCH);
        assertThat(fire.values()).containsExactly(30 * S, 60 * S);
        assertThat(fire.p50Ns()).isEqualTo(30 * S);
        assertThat(fire.p90Ns()).isEqualTo(60 * S);
        assertThat(fire.within60()).isEqualTo(2);
        assertThat(fire.meetsNfpa1225()).isTrue();

        final Group police = metrics.group("police 113");
        assertThat(police.incidents()).isEqualTo(2);
        assertThat(police.stats().get(Interval.INCIDENT_TO_DISPATCH).values()).containsExactly(45_500_000_000L);
        assertThat(police.stats().get(Interval.TURNOUT).count()).isZero();

        final Stats ambulance = metrics.group("ambulance 115").stats().get(Interval.INCIDENT_TO_DISPATCH);
        assertThat(ambulance.values()).containsExactly(90 * S);
        assertThat(ambulance.meetsNfpa1225()).isFalse();
    }

    @Test
    void nearestRankPercentiles()
    {
        final long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(IncidentMetrics.percentile(ten, 50)).isEqualTo(5);
        assertThat(IncidentMetrics.percentile(ten, 90)).isEqualTo(9);
        assertThat(IncidentMetrics.percentile(ten, 95)).isEqualTo(10);
        assertThat(IncidentMetrics.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(IncidentMetrics.percentile(new long[0], 50)).isEqualTo(IncidentMetrics.NOT_MEASURED);
        assertThat(ReportWriter.seconds(45_499_500_000L)).isEqualTo("45.500");
        assertThat(ReportWriter.seconds(IncidentMetrics.NOT_MEASURED)).isEqualTo("-");
        assertThat(ReportWriter.percent(2, 3)).isEqualTo("66.7");
        assertThat(ReportWriter.percent(3, 4)).isEqualTo("75.0");
    }

    @Test
    void aWindowKeepsTheIncidentsOpenedInIt()
    {
        final IncidentMetrics window = IncidentMetrics.read(recording.dir(), at(50), at(60));
        assertThat(window.incidents()).extracting(IncidentTimes::incidentId)
            .containsExactly(recording.incidentOf(4), recording.incidentOf(5));
        assertThat(window.group(IncidentMetrics.ALL).stats().get(Interval.TRAVEL).values()).containsExactly(300 * S);
    }

    @Test
    void reportCommandWritesTheHtmlAndPrintsTheSummary() throws Exception
    {
        final Path file = scratch.resolve("out/report.html");

        final Run run = run("report", recording.dir().toString(), "--out", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
            .contains("incidents opened at any time: 5")
            .contains("all (5 incidents): 3 of 4 dispatched within 60 s (75.0%): below NFPA 1225 (90% within 60 s)")
            .contains("fire 114 (2 incidents): 2 of 2 dispatched within 60 s (100.0%): meets NFPA 1225")
            .contains("  incident opened \u2192 first unit dispatched: n=4, p50 45.500 s, p90 90.000 s, p95 90.000 s")
            .contains("report written to " + file);
        assertThat(file).exists();
        final String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<script").doesNotContain("http://")
            .contains("<h2>all (5 incidents)</h2>").contains("<h2>police 113 (2 incidents)</h2>")
            .contains("<h2>fire 114 (2 incidents)</h2>").contains("<h2>ambulance 115 (1 incident)</h2>")
            .contains("<tr><td>incident opened \u2192 first unit dispatched</td><td>4</td><td>45.500</td><td>90.000</td>" +
                "<td>90.000</td><td>30.000</td><td>90.000</td></tr>")
            .contains("<tr><td>turnout</td><td>3</td><td>40.000</td><td>60.000</td><td>60.000</td>")
            .contains("Journal covers: 2026-11-25T14:00:00Z to 2026-11-25T14:16:40Z")
            .contains(Interval.TRAVEL.definition());

        final Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int count = 0;
        while (images.find())
        {
            final byte[] png = Base64.getDecoder().decode(images.group(1));
            assertThat(png).startsWith(PNG_SIGNATURE);
            count++;
        }
        assertThat(count).as("a histogram and a box plot per figure").isEqualTo(2 * Interval.values().length);
    }

    @Test
    void reportCommandTakesAWindowInShowsTimeFormats() throws Exception
    {
        final Path file = scratch.resolve("window.html");

        final Run run = run("report", recording.dir().toString(), "--out", file.toString(), "--from", "+50s",
            "--to", "2026-11-25T21:01:00", "--zone", "Asia/Ho_Chi_Minh");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("incidents opened from 2026-11-25T14:00:50Z to 2026-11-25T14:01:00Z (inclusive): 2");
        assertThat(Files.readString(file)).contains("<h2>all (2 incidents)</h2>");

        assertThat(run("report", recording.dir().toString(), "--from", "teatime").exitCode()).isEqualTo(2);
        assertThat(run("report", recording.dir().toString(), "--from", "+2m", "--to", "+1m").exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingFolderIsAUsageError()
    {
        final Path missing = scratch.resolve("nope");
        final Run run = run("report", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("replay report: no such folder: " + missing);
        assertThat(run("report").exitCode()).isEqualTo(2);
    }

    @Test
    void aDamagedJournalIsNamedAndExitsOne()
    {
        final MetricsRecording damaged = MetricsRecording.record(scratch.resolve("damaged"));
        MetricsRecording.flipInJournal(ReplayVerifier.inputJournalDir(damaged.dir()), MetricsRecording.CALLER_1);
        final long call1 = damaged.incidentOf(1);

        final Run run = run("report", damaged.dir().toString(), "--out", scratch.resolve("r.html").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("replay report: input journal damaged: sequence " + call1 + ": CRC32C mismatch");
        assertThat(scratch.resolve("r.html")).doesNotExist();
        assertThatThrownBy(() -> IncidentMetrics.read(damaged.dir()))
            .isInstanceOf(IncidentMetrics.DamagedJournalException.class)
            .hasMessageContaining("sequence " + call1);
    }

    @Test
    void readingTwiceGivesTheSameFigures()
    {
        final IncidentMetrics again = IncidentMetrics.read(recording.dir());
        assertThat(again.incidents()).isEqualTo(metrics.incidents());
        final List<Group> groups = again.groups();
        for (int i = 0; i < groups.size(); i++)
        {
            for (final Interval interval : Interval.values())
            {
                assertThat(groups.get(i).stats().get(interval).values())
                    .containsExactly(metrics.groups().get(i).stats().get(interval).values());
            }
        }
    }
}
