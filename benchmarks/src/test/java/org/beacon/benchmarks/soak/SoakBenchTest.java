package org.beacon.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakBenchTest
{
    @TempDir
    Path data;

    /**
     * Two short days of a small city (no signal field: its cabinets need steps of a second) through a real node: every
     * event journaled, the closed incidents of day 1 retired on day 2 (24 h retention), so the live state at the end of
     * day 2 is no larger than at the end of day 1 give or take that day's share; the summary line last, in its shape.
     */
    @Test
    void twoDaysRetireTheFirstDaysIncidentsAndEndWithTheSummaryLine()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final SoakBench.Result result;
        final Path folder = data.resolve("soak");
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = SoakBench.run(new SoakBench.Config().days(2).callsPerDay(400).units(60).avlPerUnitMinutes(30).tickMs(10_000)
                .signalStepMs(0).data(folder), out);
        }
        final String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(result.ok()).as(text).isTrue();
        assertThat(result.perDay()).hasSize(2);
        final SoakBench.Day first = result.perDay().get(0);
        final SoakBench.Day second = result.perDay().get(1);
        assertThat(first.retired()).as("nothing has been closed for 24 h on day 1").isZero();
        assertThat(second.retired()).as("day 1's incidents leave on day 2: " + text).isGreaterThan(0);
        assertThat(second.snapshotBytes()).as(text).isLessThanOrEqualTo(first.snapshotBytes() * 5 / 4 + 4096);
        assertThat(second.events()).isGreaterThan(0);
        assertThat(result.events()).isGreaterThanOrEqualTo(first.events() + second.events());
        assertThat(Files.isDirectory(folder.resolve("journal"))).as("--data keeps the folder").isTrue();
        final String[] lines = text.trim().split("\\R");
        assertThat(lines[lines.length - 1]).matches("soak days=2 events=\\d+ heap_day2=\\d+\\.\\dMB heap_day2=\\d+\\.\\dMB "
            + "snapshot_day2=\\d+KB snapshot_day2=\\d+KB us_per_event_day2=\\d+\\.\\d\\d us_per_event_day2=\\d+\\.\\d\\d "
            + "restart_s=\\d+\\.\\d\\d");
        assertThat(text).containsPattern("(?m)^day=1 events=\\d+ heap=").containsPattern("(?m)^day=2 events=\\d+ heap=");
    }

    @Test
    void aFolderThatAlreadyHoldsAJournalIsRefused() throws Exception
    {
        Files.createDirectories(data.resolve("journal"));
        final SoakBench.Config config = new SoakBench.Config().data(data);

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(config::validate)
            .withMessageContaining("already holds a journal");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> new SoakBench.Config().days(1).validate()).withMessageContaining("--days must be at least 2");
    }
}
