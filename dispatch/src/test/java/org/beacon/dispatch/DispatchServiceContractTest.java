package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.service.ServiceList;
import org.beacon.dispatch.road.GridNetwork;
import org.beacon.dispatch.road.RoadGraph;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatchService} as a core {@link org.beacon.core.service.Service}: its section, reset, restore by version,
 * a place in a {@link ServiceList}, and {@link DispatchService#applyCongestion} against the RoadCongestion event.
 */
class DispatchServiceContractTest
{
    private static final RoadGraph GRID = GridNetwork.build(
        8, 8, 80, (TestEvents.BASE_LAT - 2_700) / 1e6, (TestEvents.BASE_LON - 2_750) / 1e6, 7);
    private static final CoverageConfig COVERAGE = new CoverageConfig(90_000_000_000L, 40, 60, 90,
        new int[]{TestEvents.BASE_LAT, TestEvents.BASE_LAT + 2_000}, new int[]{TestEvents.BASE_LON, TestEvents.BASE_LON + 2_000});

    @Test
    void sectionIsOneWithTheSnapshotLayoutVersion()
    {
        final DispatchService service = new DispatchService();

        assertThat(service.sectionId()).isEqualTo(1);
        assertThat(service.sectionVersion()).isEqualTo(DispatchSnapshotDescriptor.LAYOUT_VERSION).isEqualTo(6);
    }

    @Test
    void resetIsAFreshServiceForSnapshotAndForWhatFollows()
    {
        for (long seed = 1; seed <= 60; seed++)
        {
            final RoadGraph graph = seed % 3 == 0 ? null : GRID;
            final CoverageConfig coverage = seed % 2 == 0 ? CoverageConfig.NONE : COVERAGE;
            final List<DispatchDeterminismTest.Step> steps = DispatchDeterminismTest.steps(new SplittableRandom(seed));
            final DispatchDriver used = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, graph, coverage));
            run(used, steps);
            used.service.reset();
            final DispatchDriver fresh = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, graph, coverage));

            assertThat(used.snapshot()).as("reset snapshot, seed %d", seed).isEqualTo(fresh.snapshot());
            used.outputs.clear();
            used.sequence = 0;
            used.nowNs = DispatchDriver.T0;
            run(used, steps);
            run(fresh, steps);
            assertThat(used.outputs).as("outputs after reset, seed %d", seed).containsExactlyElementsOf(fresh.outputs);
            assertThat(used.snapshot()).as("snapshot after reset, seed %d", seed).isEqualTo(fresh.snapshot());
        }
    }

    @Test
    void restoreByVersionReadsTheCurrentLayoutOnly()
    {
        final DispatchDriver driver = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, GRID));
        run(driver, DispatchDeterminismTest.steps(new SplittableRandom(5)));
        final byte[] snapshot = driver.snapshot();
        final UnsafeBuffer buffer = new UnsafeBuffer(snapshot);
        final DispatchService restored = new DispatchService(DispatchConfig.DEFAULT, GRID);

        restored.restore(DispatchSnapshotDescriptor.LAYOUT_VERSION, buffer, 0, snapshot.length);

        assertThat(DispatchDriver.snapshot(restored)).isEqualTo(snapshot);
        assertThatThrownBy(() -> restored.restore(DispatchSnapshotDescriptor.LAYOUT_VERSION - 1, buffer, 0, snapshot.length))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServiceListOfDispatchAloneRoundTripsItsSnapshot()
    {
        final DispatchService service = new DispatchService(DispatchConfig.DEFAULT, GRID);
        final DispatchDriver driver = new DispatchDriver(service);
        run(driver, DispatchDeterminismTest.steps(new SplittableRandom(11)));
        final ServiceList list = new ServiceList(service);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final int length = list.snapshot(buffer, 0);

        final DispatchService other = new DispatchService(DispatchConfig.DEFAULT, GRID);
        new ServiceList(other).restore(buffer, 0, length);

        assertThat(DispatchDriver.snapshot(other)).isEqualTo(driver.snapshot());
    }

    @Test
    void applyCongestionHasTheEffectOfTheEventWithTheFactorCapped()
    {
        final int edges = GRID.edgeCount();
        final int[] edgeIndices = {0, 1, edges - 1, edges, -1, 17, 17, 42};
        final int[] factors = {1_000, 1_500, 65_534, 2_000, 3_000, 999, 70_000, -5, -1, 0, 65_535, Integer.MAX_VALUE};
        for (final int edge : edgeIndices)
        {
            for (final int factor : factors)
            {
                final DispatchDriver byEvent = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, GRID));
                final DispatchDriver byCall = new DispatchDriver(new DispatchService(DispatchConfig.DEFAULT, GRID));
                byEvent.apply(TestEvents.tick(1));
                byCall.apply(TestEvents.tick(1));

                byEvent.apply(TestEvents.congestion(edge, Math.min(factor, 65_534)));
                byCall.service.applyCongestion(edge, factor);

                assertThat(byCall.snapshot()).as("edge %d factor %d", edge, factor).isEqualTo(byEvent.snapshot());
            }
        }
    }

    @Test
    void applyCongestionWithoutANetworkChangesNothing()
    {
        final DispatchDriver driver = new DispatchDriver();
        final byte[] before = driver.snapshot();

        driver.service.applyCongestion(0, 2_000);

        assertThat(driver.snapshot()).isEqualTo(before);
    }

    private static void run(final DispatchDriver driver, final List<DispatchDeterminismTest.Step> steps)
    {
        for (final DispatchDeterminismTest.Step step : steps)
        {
            driver.advanceNs(step.deltaNs());
            driver.apply(step.event());
        }
    }
}
