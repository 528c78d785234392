package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.UnitStatusCode;
import org.junit.jupiter.api.Test;

/**
 * Properties over random event sequences: replaying the same events gives the same bytes, and
 * snapshot + restore + tail equals a straight run. Sequences come from seeded generators (one seed per
 * run, printed on failure), drawn from a small world (a few units, positions within a few hundred
 * metres, incident ids within the sequence range) so duplicates, dispatches, rejects and ties all
 * happen often.
 * <p>
 * Written as seeded JUnit loops rather than jqwik properties because the build currently puts no jqwik
 * on the dispatch test classpath.
 */
class DispatchDeterminismTest
{
    private static final int RUNS = 1000;
    private static final int MAX_EVENTS = 120;
    private static final long MAX_GAP_NS = 5L * 60 * 1_000_000_000L;
    private static final Agency[] AGENCIES = {Agency.UNIFIED, Agency.POLICE, Agency.FIRE, Agency.AMBULANCE};
    private static final LocationQuality[] QUALITIES = {
        LocationQuality.USABLE, LocationQuality.USABLE, LocationQuality.USABLE, LocationQuality.MISSING, LocationQuality.UNUSABLE};

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
            final DispatchDriver first = new DispatchDriver();
            final DispatchDriver second = new DispatchDriver();

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
            final DispatchConfig config = DispatchConfig.DEFAULT;

            final DispatchDriver straight = new DispatchDriver(new DispatchService(config));
            run(straight, steps, 0, steps.size());

            final DispatchDriver head = new DispatchDriver(new DispatchService(config));
            run(head, steps, 0, split);
            final byte[] snapshot = head.snapshot();

            final DispatchDriver tail = new DispatchDriver(DispatchDriver.restored(snapshot, config));
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

    @Test
    void generatedSequencesExerciseEveryKindOfOutput()
    {
        final int[] templateCounts = new int[200];
        for (long seed = 1; seed <= 50; seed++)
        {
            final DispatchDriver driver = new DispatchDriver();
            final List<Step> steps = steps(new SplittableRandom(seed));
            run(driver, steps, 0, steps.size());
            for (final byte[] output : driver.outputs)
            {
                templateCounts[Outputs.templateId(output)]++;
            }
        }

        // Guards the generator: a property over sequences that never dispatch or correlate proves little.
        for (final int templateId : new int[]{101, 102, 103, 104, 106, 107})
        {
            assertThat(templateCounts[templateId]).as("outputs of template %d", templateId).isGreaterThan(10);
        }
    }

    static List<Step> steps(final SplittableRandom random)
    {
        final int count = random.nextInt(MAX_EVENTS + 1);
        final List<Step> steps = new ArrayList<>(count);
        final List<Long> callSequences = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final long deltaNs = random.nextBoolean() ? 0 : random.nextLong(MAX_GAP_NS + 1);
            // Commands mostly name the sequence of an earlier call, which is the incident id when that call opened one.
            final long incidentId = callSequences.isEmpty() || random.nextInt(5) == 0 ?
                1 + random.nextInt(MAX_EVENTS) : callSequences.get(random.nextInt(callSequences.size()));
            final int kind = random.nextInt(12);
            if (kind <= 3)
            {
                callSequences.add((long)i + 1);
            }
            steps.add(new Step(event(random, kind, incidentId), deltaNs));
        }
        return steps;
    }

    private static byte[] event(final SplittableRandom random, final int kind, final long incidentId)
    {
        final int a = random.nextInt(10_000);
        final int b = random.nextInt(10_000);
        final int c = random.nextInt(10_000);
        final int lat = TestEvents.BASE_LAT + (random.nextInt(41) - 20) * 150;
        final int lon = TestEvents.BASE_LON + (random.nextInt(41) - 20) * 150;
        switch (kind)
        {
            case 0:
            case 1:
            case 2:
            case 3:
                return TestEvents.call(1000 + a, AGENCIES[b % 4], QUALITIES[a % 5], lat, lon, a % 100);
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
            default:
                return b % 2 == 0 ? TestEvents.snapshotRequest(a) : TestEvents.command(CommandType.NULL_VAL, a, b, c);
        }
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
