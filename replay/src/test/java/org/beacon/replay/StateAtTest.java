package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.dispatch.IncidentView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateAtTest
{
    @TempDir
    static Path shared;

    private static CenterRecording recording;

    @BeforeAll
    static void record()
    {
        recording = CenterRecording.record(shared.resolve("data"));
    }

    @Test
    void readsEveryFormOfTime()
    {
        final Path dir = recording.dir();
        final long start = CenterRecording.START_NS;
        assertThat(StateAt.parseTime("2026-11-25T14:00:00Z", null, dir)).isEqualTo(start);
        assertThat(StateAt.parseTime("2026-11-25T14:00:00.000000123Z", null, dir)).isEqualTo(start + 123);
        assertThat(StateAt.parseTime("2026-11-25T14:00:00", null, dir)).isEqualTo(start);
        assertThat(StateAt.parseTime("2026-11-25T21:00:00", ZoneId.of("Asia/Ho_Chi_Minh"), dir)).isEqualTo(start);
        assertThat(StateAt.parseTime("2026-11-25T21:00:00+07:00", null, dir)).isEqualTo(start);
        assertThat(StateAt.parseTime(" 2026-11-25T21:00:00+07:00[Asia/Ho_Chi_Minh] ", null, dir)).isEqualTo(start);
        assertThat(StateAt.parseTime(Long.toString(start / 1_000_000), null, dir)).isEqualTo(start);

        final long first = StateAt.firstTimestampNs(dir);
        assertThat(first).isBetween(start, start + 60_000_000_000L);
        assertThat(StateAt.parseTime("+30s", null, dir)).isEqualTo(first + 30_000_000_000L);
        assertThat(StateAt.parseTime("+5m", null, dir)).isEqualTo(first + 300_000_000_000L);
        assertThat(StateAt.parseTime("+1h30m", null, dir)).isEqualTo(first + 5_400_000_000_000L);
        assertThat(StateAt.parseTime("+250ms", null, dir)).isEqualTo(first + 250_000_000L);
        assertThat(StateAt.parseTime("+0s", null, dir)).isEqualTo(first);

        for (final String bad : new String[] {"yesterday", "+30", "+5x", "2026-11-25", "14:00", ""})
        {
            assertThatThrownBy(() -> StateAt.parseTime(bad, null, dir)).as(bad)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the time");
        }
    }

    @Test
    void instantsRoundTripThroughNanoseconds()
    {
        final SplittableRandom random = new SplittableRandom(25);
        for (int i = 0; i < 1000; i++)
        {
            final long ns = random.nextLong(-4_000_000_000_000_000_000L, 4_000_000_000_000_000_000L);
            assertThat(StateAt.toNanos(StateAt.toInstant(ns))).isEqualTo(ns);
            assertThat(StateAt.parseTime(StateAt.toInstant(ns).toString(), null, recording.dir())).isEqualTo(ns);
        }
    }

    @Test
    void stateAtTheLastInputIsTheStateOfAFullReplay()
    {
        final CenterStateMachine full = new CenterStateMachine();
        final JournalReplayer.Result result = JournalReplayer.replay(
            ReplayVerifier.inputJournalDir(recording.dir()), full, 0, 0, null, null);

        final StateAt.State<CenterStateMachine> state = StateAt.at(recording.dir(), result.lastTimestampNs());

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        assertThat(state.sequence()).isEqualTo(result.lastSequence());
        assertThat(state.outputs()).isEqualTo(result.outputSequence());
        assertThat(state.problem()).isNull();
        assertThat(SnapshotVerifier.stateBytes(state.stateMachine(), buffer)).isEqualTo(SnapshotVerifier.stateBytes(full, buffer));
    }

    @Test
    void aSnapshotShortensTheReplayWithoutChangingTheState()
    {
        final long at = recording.timestampNs("close call 3");
        final StateAt.State<CenterStateMachine> fromStart = StateAt.at(recording.dir(), at, new CenterStateMachine(), false);
        final StateAt.State<CenterStateMachine> fromSnapshot = StateAt.at(recording.dir(), at, new CenterStateMachine(), true);

        assertThat(fromStart.snapshotSequence()).isZero();
        assertThat(fromSnapshot.snapshotSequence()).isEqualTo(recording.sequence("snapshot request"));
        assertThat(fromSnapshot.sequence()).isEqualTo(fromStart.sequence());
        assertThat(fromSnapshot.outputs()).isEqualTo(fromStart.outputs());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        assertThat(SnapshotVerifier.stateBytes(fromSnapshot.stateMachine(), buffer))
            .isEqualTo(SnapshotVerifier.stateBytes(fromStart.stateMachine(), buffer));
    }

    @Test
    void inputsStampedAfterTheMomentAreNotApplied()
    {
        final long call3 = recording.timestampNs("call 3");
        final StateAt.State<CenterStateMachine> before = StateAt.at(recording.dir(), call3 - 1);
        final StateAt.State<CenterStateMachine> at = StateAt.at(recording.dir(), call3);

        assertThat(before.sequence()).isLessThan(recording.sequence("call 3"));
        assertThat(before.timestampNs()).isLessThan(call3);
        assertThat(before.stateMachine().dispatch().incidentCount()).isEqualTo(1);
        assertThat(at.sequence()).isGreaterThanOrEqualTo(recording.sequence("call 3"));
        assertThat(at.stateMachine().dispatch().incidentCount()).isEqualTo(2);

        final StateAt.State<CenterStateMachine> beforeAll = StateAt.at(recording.dir(), CenterRecording.START_NS - 1);
        assertThat(beforeAll.sequence()).isZero();
        assertThat(beforeAll.stateMachine().dispatch().unitCount()).isZero();
    }

    @Test
    void showPrintsIncidentsAndUnitsSortedById()
    {
        final long at = recording.timestampNs("201 on scene");
        final StateAt.State<CenterStateMachine> state = StateAt.at(recording.dir(), at);
        final StringWriter text = new StringWriter();
        StateAt.show(state, null, new PrintWriter(text));
        final String[] lines = text.toString().split("\n");

        final long call1 = recording.sequence("call 1");
        final long call3 = recording.sequence("call 3");
        final IncidentView incident1 = state.stateMachine().dispatch().incident(call1);
        assertThat(incident1.status()).isEqualTo(IncidentStatus.DISPATCHED);
        assertThat(incident1.callCount()).isEqualTo(2);
        assertThat(state.stateMachine().dispatch().unit(201).status()).isEqualTo(UnitStatusCode.ON_SCENE);

        assertThat(lines[0]).isEqualTo("state as of " + Instant.ofEpochSecond(0, at) + " (input sequence " + state.sequence() + ")");
        assertThat(lines[1]).isEqualTo("incidents: 2 (2 open)");
        assertThat(lines[2]).matches("  id +agency +status +opened at +calls +location +units");
        assertThat(lines[3]).startsWith("  " + call1 + " ").contains("FIRE").contains("DISPATCHED")
            .contains(StateAt.toInstant(recording.timestampNs("call 1")).toString())
            .contains("10.776900, 106.700900 within 35 m").endsWith("201 E-12");
        assertThat(lines[3].split(" +")[5]).isEqualTo("2");
        assertThat(lines[4]).startsWith("  " + call3 + " ").contains("AMBULANCE").contains("DISPATCHED")
            .contains("10.762000, 106.682000 within 1200 m").endsWith("301 A-7");
        assertThat(lines[5]).isEqualTo("units: 4 (2 available)");
        assertThat(lines[6]).matches("  id +call sign +type +agency +status +position +incident");
        assertThat(lines[7]).matches("  101 +P-31 +POLICE_PATROL +POLICE +AVAILABLE +10\\.779000, 106\\.699000 +-");
        assertThat(lines[8]).matches("  201 +E-12 +ENGINE +FIRE +ON_SCENE +10\\.776950, 106\\.700950 +" + call1);
        assertThat(lines[9]).matches("  202 +L-3 +LADDER +FIRE +AVAILABLE +10\\.770000, 106\\.710000 +-");
        assertThat(lines[10]).matches("  301 +A-7 +ALS_AMBULANCE +AMBULANCE +DISPATCHED +10\\.770500, 106\\.695500 +" + call3);
        assertThat(lines).hasSize(11);
    }

    @Test
    void showPrintsTimesInTheZoneAskedForAndIncidentsWithoutALocation()
    {
        final StateAt.State<CenterStateMachine> state = StateAt.at(recording.dir(), recording.timestampNs("call 4"));
        final StringWriter text = new StringWriter();
        StateAt.show(state, ZoneId.of("Asia/Ho_Chi_Minh"), new PrintWriter(text));

        assertThat(text.toString()).contains("2026-11-25T21:00:").contains("+07:00")
            .contains("no usable location (MISSING)").contains("POLICE");
    }

    @Test
    void degreesAreExact()
    {
        assertThat(StateAt.degrees(10_776_900, 106_700_900)).isEqualTo("10.776900, 106.700900");
        assertThat(StateAt.degrees(-33_868_820, -151_209_290)).isEqualTo("-33.868820, -151.209290");
        assertThat(StateAt.degrees(-500, 5)).isEqualTo("-0.000500, 0.000005");
        assertThat(StateAt.degrees(Integer.MIN_VALUE, 0)).isEqualTo("-2147.483648, 0.000000");
    }
}
