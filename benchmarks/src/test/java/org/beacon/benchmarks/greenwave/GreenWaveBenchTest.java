package org.beacon.benchmarks.greenwave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.beacon.signal.sumo.SumoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The green-wave bench's pipeline with a real {@code sumo}, one short seed on the bundled grid with light
 * traffic: structural facts only (EVs arrive in both runs, the planner preempts only when it has routes, no
 * conflict-monitor trip, the summary line parses), never timings.
 */
class GreenWaveBenchTest
{
    private static final Pattern LAST = Pattern.compile(
        "greenwave ev_time_without=([0-9.]+)s ev_time_with=([0-9.]+)s reduction=(-?[0-9.]+)% others_delay_added=(-?[0-9.]+)%");

    @TempDir
    Path dir;

    @Test
    void oneShortSeedRunsEndToEnd() throws Exception
    {
        assumeTrue(SumoProcess.available(), "sumo is not on PATH");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final GreenWaveBench.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = GreenWaveBench.run(new GreenWaveBench.Config(null, 1, 2, 3.0, 600, 0.5, 20, 600, dir), out);
        }
        final String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        final String last = lines[lines.length - 1];
        assertThat(last).isEqualTo(result.lastLine());
        final Matcher m = LAST.matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(Double.parseDouble(m.group(2))).isPositive();
        assertThat(result.evArrivals()).as("both EVs arrive in both runs").isEqualTo(4);
        assertThat(result.preemptionsWith()).as("the planner preempts for the EVs").isPositive();
        assertThat(result.preemptionsWithout()).as("no routes, no waves").isZero();
        assertThat(result.faultTrips()).isZero();
    }

    /**
     * The same on a real network converted from OpenStreetMap, Debian's {@code sumo-tools} pasubio scenario (bus
     * lanes, islands, lights joined over several junctions, programs that are not NEMA eight-phase): SUMO meets no
     * trip it cannot route, the lights Beacon maps from the network's conflicts run without a monitor trip, and
     * both EVs arrive in both runs. {@code ./beacon test} installs sumo-tools, so a missing file fails.
     */
    @Test
    void oneShortSeedRunsOnTheRealPasubioNetwork() throws Exception
    {
        final Path pasubio = Path.of("/usr/share/sumo/tools/sumolib/scenario/scenarios/RealWorld/pasubio/pasubio_buslanes.net.xml");
        assertThat(pasubio).as("pasubio from Debian's sumo-tools (./beacon test installs it)").exists();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final GreenWaveBench.Result result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            result = GreenWaveBench.run(new GreenWaveBench.Config(pasubio, 1, 2, 3.0, 0, 0.5, 20, 300, dir), out);
        }
        final String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("lights=14");
        assertThat(LAST.matcher(result.lastLine()).matches()).as(result.lastLine()).isTrue();
        assertThat(result.evArrivals()).as("both EVs arrive in both runs: %s", output).isEqualTo(4);
        assertThat(result.preemptionsWith()).isPositive();
        assertThat(result.faultTrips()).isZero();
    }
}
