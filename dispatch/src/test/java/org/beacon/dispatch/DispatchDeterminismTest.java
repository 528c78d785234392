package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UpdateReason;
import org.beacon.dispatch.road.GridNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.junit.jupiter.api.Test;

/**
 * Properties over random event sequences: replaying the same events gives the same bytes, and
 * snapshot + restore + tail equals a straight run. Sequences come from seeded generators (one seed per
 * run, printed on failure), drawn from a small world (a few units, a few caller numbers, positions within
 * a few hundred metres, call and incident ids mostly from earlier events) so duplicates, AML by number,
 * pending fixes, nuisance flags, confirmations, splits, merges, dispatches, rejects and ties all happen
 * often. Gaps mix zero, seconds and minutes so windows, grace periods and expiry on Tick are crossed.
 * Every other run uses a configuration with short windows and a tiny pending store, so eviction and the
 * store bound are exercised across the snapshot too.
 * <p>
 * Written as seeded JUnit loops rather than jqwik properties because the build currently puts no jqwik
 * on the dispatch test classpath.
 */
class DispatchDeterminismTest
{
    private static final int RUNS = 1000;
    /**
     * Era 1's outputs, recorded from the code before issue 14's split of DispatchService; see
     * outputsAndSnapshotsMatchTheRecordedDigest.
     */
    private static final String OUTPUTS_DIGEST = "21461d591ac99abafebb37123df775f58c2d62c63824c96e7a98d0e80684e3be";
    /** Era 1's snapshots in layout 6. */
    private static final String SNAPSHOTS_DIGEST = "919ac36ae47f53f57f123eb9b6681a3634e8274b06c9b792a6357fd24143c184";
    /** Era 2's outputs (recommendations kept current, issue 16), recorded when that era began. */
    private static final String CURRENT_ERA_OUTPUTS_DIGEST = "22199a6e789d0894abf46ba3838bc1d3d1fdf48503e837a7c1e883efcde77183";
    private static final int MAX_EVENTS = 160;
    private static final long MAX_GAP_NS = 5L * 60 * 1_000_000_000L;
    private static final long SHORT_GAP_NS = 20L * 1_000_000_000L;
    private static final Agency[] AGENCIES = {Agency.UNIFIED, Agency.POLICE, Agency.FIRE, Agency.AMBULANCE};
    private static final LocationQuality[] QUALITIES = {
        LocationQuality.USABLE, LocationQuality.USABLE, LocationQuality.USABLE, LocationQuality.MISSING, LocationQuality.UNUSABLE};
    private static final FixSource[] FIX_SOURCES = {
        FixSource.AML_HTTPS, FixSource.AML_SMS, FixSource.SIP_REINVITE, FixSource.NETWORK_CELL};
    private static final String[] CALLERS = {
        "tel:+84900000001", "tel:+84900000002", "tel:+84900000003", "tel:+84900000004", "tel:+84900000005", ""};
    private static final DispatchConfig SHORT = shortConfig();
    private static final int[] CONGESTION = {500, 1000, 1000, 1500, 3000, 10_000, 65_000};
    /** 8 x 8 junctions 80 m apart from 300 m south-west of the base: about 120 edges. */
    private static final RoadGraph GRID = GridNetwork.build(
        8, 8, 80, (TestEvents.BASE_LAT - 2_700) / 1e6, (TestEvents.BASE_LON - 2_750) / 1e6, 7);
    private static final DispatchConfig NEAR_ROADS_ONLY = nearRoadsOnly();
    private static final CoverageConfig COVERAGE = new CoverageConfig(90_000_000_000L, 40, 60, 90,
        new int[]{TestEvents.BASE_LAT, TestEvents.BASE_LAT + 2_000, TestEvents.BASE_LAT - 2_500, TestEvents.BASE_LAT},
        new int[]{TestEvents.BASE_LON, TestEvents.BASE_LON + 2_000, TestEvents.BASE_LON - 1_000, TestEvents.BASE_LON + 3_000});

    /** One generated input: its encoded bytes and the time since the previous event. */
    record Step(byte[] event, long deltaNs)
    {
    }

    @Test
    void sameEventsGiveSameBytes()
    {
        for (long seed = 1; seed <= RUNS; seed++)
        {
            final List<Step> steps = steps(new SplittableRandom(seed));
            final DispatchConfig config = configFor(seed);
            final DispatchDriver first = new DispatchDriver(new DispatchService(config, graphFor(seed), coverageFor(seed)));
            final DispatchDriver second = new DispatchDriver(new DispatchService(config, graphFor(seed), coverageFor(seed)));

            run(first, steps, 0, steps.size());
            run(second, steps, 0, steps.size());

            assertThat(flatten(second.outputs)).as("outputs, seed %d", seed).isEqualTo(flatten(first.outputs));
            assertThat(second.snapshot()).as("snapshot, seed %d", seed).isEqualTo(first.snapshot());
        }
    }

    @Test
    void snapshotRestoreAndTailEqualStraightRun()
    {
        for (long seed = 1; seed <= RUNS; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed * 7919);
            final List<Step> steps = steps(random);
            final int split = random.nextInt(steps.size() + 1);
            final DispatchConfig config = configFor(seed);

            final DispatchDriver straight = new DispatchDriver(new DispatchService(config, graphFor(seed), coverageFor(seed)));
            run(straight, steps, 0, steps.size());

            final DispatchDriver head = new DispatchDriver(new DispatchService(config, graphFor(seed), coverageFor(seed)));
            run(head, steps, 0, split);
            final byte[] snapshot = head.snapshot();

            final DispatchDriver tail = new DispatchDriver(DispatchDriver.restored(snapshot, config, graphFor(seed), coverageFor(seed)));
            assertThat(tail.snapshot()).as("restored snapshot, seed %d split %d", seed, split).isEqualTo(snapshot);
            tail.sequence = head.sequence;
            tail.nowNs = head.nowNs;
            run(tail, steps, split, steps.size());

            final ByteArrayOutputStream joined = new ByteArrayOutputStream();
            joined.writeBytes(flatten(head.outputs));
            joined.writeBytes(flatten(tail.outputs));
            assertThat(joined.toByteArray()).as("outputs, seed %d split %d", seed, split).isEqualTo(flatten(straight.outputs));
            assertThat(tail.snapshot()).as("final snapshot, seed %d split %d", seed, split).isEqualTo(straight.snapshot());
        }
    }

    /**
     * Pins the bytes themselves, not only their repeatability: a digest of every run's outputs in era 1 (recommendations
     * not refreshed), as the code before the split of DispatchService (issue 14) wrote them, and one of the mid-run and
     * final snapshots, as snapshot layout 6 (current recommendations) writes them; then a digest of the outputs of the
     * same runs in the current era. A change of any output byte of era 1 fails the first: journals recorded in it must
     * replay identical; a change of the snapshot layout the second (record it anew with the layout version's bump); a
     * change of the current era's outputs the third (a behaviour change: a new era, see DispatchConfig.ofEra).
     */
    @Test
    void outputsAndSnapshotsMatchTheRecordedDigest() throws Exception
    {
        assertThat(digests(DispatchConfig.ERA_1)).containsExactly(OUTPUTS_DIGEST, SNAPSHOTS_DIGEST);
        assertThat(digests(DispatchConfig.CURRENT_ERA)[0]).as("current era's outputs").isEqualTo(CURRENT_ERA_OUTPUTS_DIGEST);
    }

    private String[] digests(final int era) throws Exception
    {
        final java.security.MessageDigest outputs = java.security.MessageDigest.getInstance("SHA-256");
        final java.security.MessageDigest snapshots = java.security.MessageDigest.getInstance("SHA-256");
        for (long seed = 1; seed <= RUNS; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed * 31);
            final List<Step> steps = steps(random);
            final int split = random.nextInt(steps.size() + 1);
            final DispatchConfig config = configFor(seed).withRefreshesPerEvent(
                DispatchConfig.ofEra(era).refreshesPerEvent());
            final DispatchDriver driver = new DispatchDriver(new DispatchService(config, graphFor(seed), coverageFor(seed)));
            run(driver, steps, 0, split);
            snapshots.update(driver.snapshot());
            run(driver, steps, split, steps.size());
            outputs.update(flatten(driver.outputs));
            snapshots.update(driver.snapshot());
            if (!steps.isEmpty())
            {
                // A message of this schema whose block runs past its end: ignored, but the event clock still moves.
                driver.advanceSeconds(1);
                outputs.update(flatten(driver.apply(java.util.Arrays.copyOf(steps.get(0).event(), 12))));
                snapshots.update(driver.snapshot());
            }
        }
        return new String[] {
            java.util.HexFormat.of().formatHex(outputs.digest()), java.util.HexFormat.of().formatHex(snapshots.digest())};
    }

    @Test
    void generatedSequencesExerciseEveryKindOfOutput()
    {
        final int[] templateCounts = new int[200];
        final int[] updateReasons = new int[16];
        final int[] rejectReasons = new int[16];
        for (long seed = 1; seed <= 100; seed++)
        {
            final DispatchDriver driver = new DispatchDriver(new DispatchService(configFor(seed), graphFor(seed), coverageFor(seed)));
            final List<Step> steps = steps(new SplittableRandom(seed));
            run(driver, steps, 0, steps.size());
            for (final byte[] output : driver.outputs)
            {
                final int templateId = Outputs.templateId(output);
                templateCounts[templateId]++;
                if (templateId == IncidentUpdatedDecoder.TEMPLATE_ID)
                {
                    updateReasons[Outputs.updated(output).reason().value()]++;
                }
                else if (templateId == 106)
                {
                    rejectReasons[Outputs.rejected(output).reason().value()]++;
                }
            }
        }

        // Guards the generator: a property over sequences that never correlate, split or merge proves little.
        for (final int templateId : new int[]{101, 102, 103, 104, 106, 107, 108, 109, 110, 112, 114})
        {
            assertThat(templateCounts[templateId]).as("outputs of template %d", templateId).isGreaterThan(10);
        }
        // EtaUpdated needs a dispatched unit's AVL fix that moves its ETA: rarer in a small random world.
        assertThat(templateCounts[111]).as("outputs of template 111").isGreaterThan(3);
        // HospitalAssigned needs an ambulance's status to change to TRANSPORTING: also rarer.
        assertThat(templateCounts[113]).as("outputs of template 113").isGreaterThan(0);
        for (final UpdateReason reason : UpdateReason.values())
        {
            if (reason != UpdateReason.NULL_VAL && reason != UpdateReason.UNIT_ON_SCENE)
            {
                assertThat(updateReasons[reason.value()]).as("IncidentUpdated %s", reason).isGreaterThan(10);
            }
        }
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL)
            {
                assertThat(rejectReasons[reason.value()]).as("CommandRejected %s", reason).isGreaterThan(10);
            }
        }
    }

    static List<Step> steps(final SplittableRandom random)
    {
        final int count = random.nextInt(MAX_EVENTS + 1);
        final List<Step> steps = new ArrayList<>(count);
        final List<Long> callSequences = new ArrayList<>();
        final List<Long> callIds = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final int gap = random.nextInt(4);
            final long deltaNs = gap <= 1 ? 0 : gap == 2 ? random.nextLong(SHORT_GAP_NS + 1) : random.nextLong(MAX_GAP_NS + 1);
            // Commands mostly name the sequence of an earlier call, which is the incident id when that call opened one.
            final long incidentId = pick(random, callSequences, 1 + random.nextInt(MAX_EVENTS));
            final int kind = random.nextInt(29);
            final boolean newCall = kind <= 3 || kind == 22;
            final long callId = newCall || callIds.isEmpty() || random.nextInt(6) == 0 ?
                1000 + random.nextInt(400) : callIds.get(random.nextInt(callIds.size()));
            if (newCall)
            {
                callSequences.add((long)i + 1);
                callIds.add(callId);
            }
            steps.add(new Step(event(random, kind, incidentId, callId, pick(random, callSequences, 0)), deltaNs));
        }
        return steps;
    }

    private static long pick(final SplittableRandom random, final List<Long> values, final long otherwise)
    {
        return values.isEmpty() || random.nextInt(5) == 0 ? otherwise : values.get(random.nextInt(values.size()));
    }

    private static byte[] event(
        final SplittableRandom random, final int kind, final long incidentId, final long callId, final long otherIncidentId)
    {
        final int a = random.nextInt(10_000);
        final int b = random.nextInt(10_000);
        final int c = random.nextInt(10_000);
        final int lat = TestEvents.BASE_LAT + (random.nextInt(41) - 20) * 150;
        final int lon = TestEvents.BASE_LON + (random.nextInt(41) - 20) * 150;
        final String caller = CALLERS[b % CALLERS.length];
        switch (kind)
        {
            case 0:
            case 1:
            case 2:
            case 3:
                return TestEvents.call(callId, AGENCIES[b % 4], QUALITIES[a % 5], lat, lon, a % 100, caller);
            case 4:
            case 5:
                final Agency agency = AGENCIES[b % 4];
                final UnitStatusCode status = UnitStatusCode.get((short)(c % 7 < 3 ? 0 : c % 7));
                return TestEvents.unitStatus(1 + a % 8, agency, TestEvents.typeFor(agency), status, lat, lon);
            case 6:
                return TestEvents.unitPosition(1 + a % 10, lat, lon);
            case 7:
            case 8:
                return TestEvents.dispatch(incidentId, 1 + b % 10, c);
            case 9:
                return TestEvents.close(incidentId, c);
            case 10:
                return TestEvents.tick(a);
            case 11:
                return b % 2 == 0 ? TestEvents.snapshotRequest(a) : TestEvents.command(CommandType.NULL_VAL, a, b, c);
            case 12:
            case 13:
            case 14:
                return locationFix(random, callId, caller, lat, lon, a);
            case 15:
                return TestEvents.callEnded(callId);
            case 16:
                return b % 3 == 0 ? TestEvents.confirm(callId, 0, 0, 0) :
                    TestEvents.confirm(callId, b % 11 == 0 ? 100_000_000 : lat, lon, a % 60);
            case 17:
                return TestEvents.acceptFix(callId, 1 + a % 5);
            case 18:
                return TestEvents.split(callId);
            case 19:
                return TestEvents.merge(incidentId, b % 7 == 0 ? incidentId : otherIncidentId);
            case 20:
                return TestEvents.addAgency(incidentId, b % 5 == 4 ? Agency.NULL_VAL : AGENCIES[b % 4]);
            case 21:
                return TestEvents.clearNuisance(callId);
            case 22:
                return TestEvents.call(callId, AGENCIES[b % 4], LocationQuality.USABLE, lat, lon, 300 + a % 3000, caller,
                    FixSource.NETWORK_CELL, org.beacon.codecs.LocationShape.CELL_SECTOR);
            case 23:
                return TestEvents.aml(caller, lat, lon, a % 50);
            case 25:
            case 26:
            case 27:
                // AVL concentrated on a few units, so that dispatched units move and their ETAs change.
                return TestEvents.unitPosition(1 + b % 4, lat, lon);
            case 24:
                return TestEvents.congestion(a % 230 - 2, CONGESTION[b % CONGESTION.length]);
            case 28:
                if (b % 2 == 0)
                {
                    return TestEvents.tick(a);
                }
                // Half of these ticks are hospitals instead: the other kinds keep their random stream.
                // A few hospitals whose capacity, diversion and capabilities change; positions are fixed per id.
                final int hospital = 1 + a % 5;
                return TestEvents.hospital(hospital, TestEvents.BASE_LAT + (hospital * 7 % 5 - 2) * 1_200,
                    TestEvents.BASE_LON + (hospital * 3 % 5 - 2) * 1_200, b % 5 == 0 ? 0x01 : 0x21,
                    c % 4 == 0 ? 0 : c % 30, c % 7 == 0);
            default:
                return TestEvents.tick(a);
        }
    }

    private static byte[] locationFix(
        final SplittableRandom random, final long callId, final String caller, final int lat, final int lon, final int a)
    {
        final FixSource source = FIX_SOURCES[a % FIX_SOURCES.length];
        final long uncertaintyM = source == FixSource.NETWORK_CELL ? 500 + a % 2500 : a % 120;
        final LocationQuality quality = a % 9 == 0 ? LocationQuality.UNUSABLE : LocationQuality.USABLE;
        final int fixLat = a % 13 == 0 ? 99_000_000 : lat; // out of range: unusable whatever the gateway said
        final long fixTimeNs = random.nextInt(3) == 0 ? DispatchDriver.T0 + random.nextLong(TimeUnit.HOURS.toNanos(2)) : 0;
        final long byCall = random.nextInt(3) == 0 ? 0 : callId;
        return TestEvents.fix(byCall, caller, source, quality, fixLat, lon, uncertaintyM, fixTimeNs);
    }

    /**
     * Two runs in three check coverage at points over the world, every 90 s of event time, with targets short
     * enough that gaps open and close.
     */
    private static CoverageConfig coverageFor(final long seed)
    {
        return seed % 3 == 1 ? CoverageConfig.NONE : COVERAGE;
    }

    private static DispatchConfig configFor(final long seed)
    {
        if (seed % 6 == 1)
        {
            return NEAR_ROADS_ONLY;
        }
        return seed % 2 == 0 ? SHORT : DispatchConfig.DEFAULT;
    }

    /**
     * Two runs in three dispatch on a road grid over the world's area (a few positions beyond it fall back to
     * the straight line). Every service gets the same shared source graph: it must copy it, or one run's
     * congestion would leak into the next.
     */
    private static RoadGraph graphFor(final long seed)
    {
        return seed % 3 == 0 ? null : GRID;
    }

    private static DispatchConfig shortConfig()
    {
        final ConfigBuilder config = new ConfigBuilder();
        config.nuisanceCallThreshold = 2;
        config.nuisanceWindowNs = TimeUnit.MINUTES.toNanos(2);
        config.pendingFixTtlNs = TimeUnit.SECONDS.toNanos(30);
        config.maxPendingFixes = 3;
        config.callMatchWindowNs = TimeUnit.MINUTES.toNanos(3);
        config.endedCallGraceNs = TimeUnit.SECONDS.toNanos(20);
        config.rerecommendDistanceM = 1_000;
        config.recommendationCount = 2;
        return config.build();
    }

    private static DispatchConfig nearRoadsOnly()
    {
        final ConfigBuilder config = new ConfigBuilder();
        config.maxSnapDistanceM = 25;
        config.dispatchedOverdueNs = TimeUnit.SECONDS.toNanos(30);
        config.etaUpdateThresholdS = 3;
        return config.build();
    }

    private static void run(final DispatchDriver driver, final List<Step> steps, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            final Step step = steps.get(i);
            driver.advanceNs(step.deltaNs());
            driver.apply(step.event());
        }
    }

    /** Outputs as one stream, each prefixed by its length, so boundaries count too. */
    private static byte[] flatten(final List<byte[]> outputs)
    {
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (final byte[] output : outputs)
        {
            stream.write(output.length >>> 8);
            stream.write(output.length);
            stream.writeBytes(output);
        }
        return stream.toByteArray();
    }
}
