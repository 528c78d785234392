package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.ControllerModeCode;
import org.junit.jupiter.api.Test;

/**
 * Determinism: a random (seeded) scenario of units driving their routes with noisy AVL, ticks, statuses and
 * commands gives byte-identical outputs when replayed, and a snapshot taken anywhere, restored into a fresh
 * service and fed the tail gives the same outputs (and the same final state) as the uninterrupted run.
 */
class SignalServiceDeterminismTest
{
    private static final int[][] ROUTES = {
        TestStreets.EAST_ROUTE, TestStreets.WEST_ROUTE, TestStreets.NORTH_ROUTE, TestStreets.SOUTH_ROUTE,
        {0, 1, 2, 14, 15}, {16, 17, 8, 7, 6}, {12, 13, 3, 4, 5}, {10, 9, 18, 19}};

    /** One input: an SBE event, or a call the center makes (route, stop). */
    record Step(long atNs, byte[] event, long unitId, long incidentId, int priority, int etaS, int[] edges, boolean stop)
    {
        List<byte[]> apply(final SignalDriver driver)
        {
            driver.nowNs = atNs;
            final int from = driver.raw.size();
            if (null != event)
            {
                driver.apply(event);
            }
            else if (stop)
            {
                driver.stopped(unitId);
            }
            else
            {
                driver.route(unitId, incidentId, priority, etaS, edges);
            }
            return new ArrayList<>(driver.raw.subList(from, driver.raw.size()));
        }
    }

    /** A unit driving a route in the scenario. */
    private static final class Car
    {
        int[] route;
        int index;
        double metres;
        double speed;
        boolean silent;
    }

    static List<Step> scenario(final long seed, final int length)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Step> steps = new ArrayList<>();
        final Car[] cars = new Car[5];
        long now = SignalDriver.T0;
        long incident = 1000;
        for (int s = 0; s < length; s++)
        {
            now += 200_000_000L + random.nextLong(1_800_000_000L);
            final int unit = random.nextInt(cars.length);
            final int roll = random.nextInt(100);
            if (roll < 8 || (roll < 40 && null == cars[unit]))
            {
                final Car car = null == cars[unit] || random.nextInt(3) == 0 ? new Car() : cars[unit];
                final int[] route;
                if (car.route == null || car.index >= car.route.length - 1)
                {
                    route = ROUTES[random.nextInt(ROUTES.length)];
                    car.index = 0;
                    car.metres = random.nextDouble() * 200;
                }
                else
                {
                    // a re-route from where the car is: the rest of its route
                    route = java.util.Arrays.copyOfRange(car.route, car.index, car.route.length);
                    car.index = 0;
                }
                car.route = route;
                car.speed = 5 + random.nextDouble() * 12;
                car.silent = random.nextInt(10) == 0;
                cars[unit] = car;
                final int eta = random.nextInt(4) == 0 ? 0 : 10 + random.nextInt(200);
                steps.add(new Step(now, null, unit + 1, ++incident, 1 + random.nextInt(5), eta, route.clone(), false));
            }
            else if (roll < 45)
            {
                if (null != cars[unit] && random.nextInt(3) == 0)
                {
                    cars[unit] = null;
                }
                steps.add(new Step(now, null, unit + 1, 0, 0, 0, null, true));
            }
            else if (roll < 75 && null != cars[unit])
            {
                final Car car = cars[unit];
                car.metres += car.speed * (0.5 + random.nextDouble() * 2);
                while (car.metres > TestStreets.BLOCK_M && car.index < car.route.length - 1)
                {
                    car.metres -= TestStreets.BLOCK_M;
                    car.index++;
                }
                if (!car.silent)
                {
                    final double lateral = random.nextInt(15) == 0 ? 150 : random.nextGaussian() * 6;
                    final int[] at = TestStreets.along(car.route[car.index], Math.min(car.metres, 260), lateral);
                    steps.add(new Step(now, SignalDriver.positionEvent(unit + 1, at[0], at[1]), 0, 0, 0, 0, null, false));
                }
            }
            else if (roll < 88)
            {
                steps.add(new Step(now, SignalDriver.tickEvent(s), 0, 0, 0, 0, null, false));
            }
            else if (roll < 96)
            {
                final int intersection = random.nextInt(20) == 0 ? 6 : random.nextInt(6);
                final int pick = random.nextInt(100);
                final int mode = pick < 70 ? ControllerModeCode.LOCAL.value() : pick < 85 ? ControllerModeCode.PREEMPT_DWELL.value() :
                    pick < 92 ? ControllerModeCode.FLASH.value() : pick < 98 ? ControllerModeCode.FAULT_FLASH.value() : 42;
                final int faults = random.nextInt(10) == 0 ? 1 << random.nextInt(9) : 0;
                final int[][] detectors = new int[random.nextInt(3)][];
                for (int d = 0; d < detectors.length; d++)
                {
                    detectors[d] = new int[]{random.nextInt(20), random.nextInt(20), random.nextInt(10) == 0 ? 65535 : random.nextInt(2000)};
                }
                steps.add(new Step(now, SignalDriver.statusEvent(intersection, mode, faults, random.nextInt(4) == 0 ? unit + 1 : 0,
                    SignalDriver.standardPhases(1 + random.nextInt(3), 1 + random.nextInt(3)), detectors), 0, 0, 0, 0, null, false));
            }
            else
            {
                final int type = random.nextInt(10) == 0 ? random.nextInt(256) : 1 + random.nextInt(5);
                final int duration = random.nextInt(10) == 0 ? random.nextInt(5000) : 1 + random.nextInt(60);
                steps.add(new Step(now, SignalDriver.commandEvent(type, random.nextInt(8) - 1, random.nextInt(10), 7, duration),
                    0, 0, 0, 0, null, false));
            }
        }
        return steps;
    }

    private static List<List<byte[]>> run(final SignalDriver driver, final List<Step> steps, final int from)
    {
        final List<List<byte[]>> outputs = new ArrayList<>();
        for (int s = from; s < steps.size(); s++)
        {
            outputs.add(steps.get(s).apply(driver));
        }
        return outputs;
    }

    private static void assertSame(final List<List<byte[]>> expected, final List<List<byte[]>> actual, final String what)
    {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int s = 0; s < expected.size(); s++)
        {
            assertThat(actual.get(s)).as("%s, step %d", what, s).hasSameSizeAs(expected.get(s));
            for (int o = 0; o < expected.get(s).size(); o++)
            {
                assertThat(actual.get(s).get(o)).as("%s, step %d output %d", what, s, o).isEqualTo(expected.get(s).get(o));
            }
        }
    }

    @Test
    void theSameEventsGiveTheSameBytes()
    {
        final java.util.Set<Object> seen = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++)
        {
            System.out.println("determinism seed " + seed);
            final List<Step> steps = scenario(seed, 800);
            final SignalDriver first = new SignalDriver();
            final SignalDriver second = new SignalDriver();
            final List<List<byte[]>> a = run(first, steps, 0);
            final List<List<byte[]>> b = run(second, steps, 0);
            assertSame(a, b, "seed " + seed);
            assertThat(second.snapshot()).isEqualTo(first.snapshot());
            assertThat(second.congestion).usingRecursiveComparison().isEqualTo(first.congestion);
            assertThat(first.raw.size()).as("seed %d does something", seed).isGreaterThan(50);
            for (final Object output : first.all())
            {
                seen.add(output instanceof SignalDriver.Released r ? r.reason() : output.getClass());
            }
        }
        // the scenarios reach every kind of output and every reason of release
        assertThat(seen).contains(SignalDriver.Planned.class, SignalDriver.Requested.class, SignalDriver.Queued.class,
            SignalDriver.Issued.class, SignalDriver.Rejected.class, SignalDriver.Alarm.class, SignalDriver.State.class);
        assertThat(seen).contains(org.beacon.codecs.PreemptEnd.PASSED, org.beacon.codecs.PreemptEnd.UNIT_STOPPED,
            org.beacon.codecs.PreemptEnd.ROUTE_CHANGED, org.beacon.codecs.PreemptEnd.STALE_POSITION, org.beacon.codecs.PreemptEnd.SUPERSEDED,
            org.beacon.codecs.PreemptEnd.INTERSECTION_FAULT, org.beacon.codecs.PreemptEnd.OPERATOR);
    }

    @Test
    void snapshotAndTailReplayToTheSameOutputsAndState()
    {
        final int every = 37;
        for (long seed = 100; seed < 112; seed++)
        {
            System.out.println("snapshot seed " + seed);
            final List<Step> steps = scenario(seed, 700);
            final SignalDriver whole = new SignalDriver();
            final List<List<byte[]>> expected = new ArrayList<>();
            final List<byte[]> snapshots = new ArrayList<>();
            for (int s = 0; s < steps.size(); s++)
            {
                if (s % every == 0)
                {
                    snapshots.add(whole.snapshot());
                }
                expected.add(steps.get(s).apply(whole));
            }
            final byte[] finalState = whole.snapshot();
            for (int i = 0; i < snapshots.size(); i++)
            {
                final int at = i * every;
                final SignalDriver restored = new SignalDriver();
                final byte[] snapshot = snapshots.get(i);
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[snapshot.length + 9]);
                buffer.putBytes(3, snapshot);
                restored.service.restore(buffer, 3, snapshot.length);
                assertThat(restored.snapshot()).as("seed %d: snapshot at %d round-trips", seed, at).isEqualTo(snapshot);
                final List<List<byte[]>> tail = run(restored, steps, at);
                assertSame(expected.subList(at, expected.size()), tail, "seed " + seed + " restored at " + at);
                assertThat(restored.snapshot()).as("seed %d restored at %d: final state", seed, at).isEqualTo(finalState);
            }
        }
    }

    @Test
    void restoreRefusesForeignBytesAndAnotherNetwork()
    {
        final SignalDriver driver = new SignalDriver();
        for (final Step step : scenario(7, 200))
        {
            step.apply(driver);
        }
        final byte[] snapshot = driver.snapshot();
        final SignalService fresh = new SignalService(SignalConfig.DEFAULT, TestStreets.network(), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.restore(new UnsafeBuffer(new byte[32]), 0, 32))
            .isInstanceOf(IllegalArgumentException.class);
        final SignalNetwork.Builder builder = SignalNetwork.builder(20, 11);
        builder.intersection("only", 1);
        final SignalService other = new SignalService(SignalConfig.DEFAULT, builder.build(), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.restore(new UnsafeBuffer(snapshot), 0, snapshot.length))
            .isInstanceOf(IllegalStateException.class);
    }
}
