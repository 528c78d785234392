package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.signal.SignalDriver.only;
import static org.beacon.signal.TestStreets.EAST_ROUTE;
import static org.beacon.signal.TestStreets.J3_INTERSECTION;
import static org.beacon.signal.TestStreets.NORTH_ROUTE;
import static org.beacon.signal.TestStreets.WEST_ROUTE;
import static org.beacon.signal.TestStreets.along;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.PreemptEnd;
import org.beacon.signal.SignalDriver.Queued;
import org.beacon.signal.SignalDriver.Released;
import org.beacon.signal.SignalDriver.Requested;
import org.junit.jupiter.api.Test;

/**
 * Two units at the shared junction J3 (intersection 2): queueing, sharing, superseding, recovery time.
 */
class SignalServiceConflictTest
{
    private static final long EAST = 1;
    private static final long NORTH = 2;
    private static final long WEST = 3;
    private static final int J3 = J3_INTERSECTION;

    /** East unit holding J3 (phase 4), 150 m before it; the north unit planned but far. */
    private static SignalDriver eastHoldsJ3(final int eastPriority, final int northPriority, final SignalConfig config)
    {
        final SignalDriver driver = new SignalDriver(config);
        driver.route(EAST, 100, eastPriority, 144, 2, 3, 4, 5);
        driver.route(NORTH, 200, northPriority, 144, NORTH_ROUTE);
        driver.advance(1);
        driver.position(EAST, along(2, 100, 0));
        assertThat(driver.service.holders(J3)).containsExactly(EAST);
        return driver;
    }

    private static SignalConfig recovery(final long seconds)
    {
        final SignalConfig d = SignalConfig.DEFAULT;
        return new SignalConfig(d.leadNs(), d.requestTtlNs(), d.refreshBeforeNs(), d.maxDwellNs(), TimeUnit.SECONDS.toNanos(seconds),
            d.recoveryBypassPriority(), d.staleNs(), d.onRouteToleranceM(), d.passMarginM(), d.lookaheadSegments(),
            d.congestionStepPermille());
    }

    @Test
    void aCrossingUnitWaitsBehindTheHolderAndIsGrantedWhenItPasses()
    {
        final SignalDriver driver = eastHoldsJ3(2, 2, recovery(0));
        driver.advance(1);
        final List<Object> queued = driver.position(NORTH, along(13, 100, 0));
        assertThat(queued).hasSize(1);
        final Queued q = (Queued)queued.get(0);
        assertThat(q.intersection()).isEqualTo(J3);
        assertThat(q.unitId()).isEqualTo(NORTH);
        assertThat(q.phase()).isEqualTo(2);
        assertThat(q.behindUnitId()).isEqualTo(EAST);
        assertThat(driver.service.waveState(NORTH, J3)).isEqualTo(SignalService.QUEUED);

        driver.advance(1);
        final List<Object> out = driver.position(EAST, along(3, 20, 0));
        assertThat(out.get(0)).isEqualTo(new Released(J3, EAST, PreemptEnd.PASSED, 2_000));
        final Requested granted = (Requested)out.get(1);
        assertThat(granted.intersection()).isEqualTo(J3);
        assertThat(granted.unitId()).isEqualTo(NORTH);
        assertThat(granted.phase()).isEqualTo(2);
        assertThat(granted.refresh()).isZero();
        assertThat(driver.service.holders(J3)).containsExactly(NORTH);
    }

    @Test
    void aQueuedUnitThatPassesLeavesTheQueueSilently()
    {
        final SignalDriver driver = eastHoldsJ3(2, 2, recovery(0));
        driver.advance(1);
        driver.position(NORTH, along(13, 100, 0));
        driver.advance(1);
        // ran the red under its own lights and sirens
        assertThat(driver.position(NORTH, along(14, 30, 0))).isEmpty();
        driver.advance(1);
        assertThat(only(driver.position(EAST, along(3, 20, 0)), Requested.class)).filteredOn(r -> r.intersection() == J3).isEmpty();
        assertThat(driver.service.holders(J3)).isEmpty();
    }

    @Test
    void theSameStreetInTheOtherDirectionShares()
    {
        final SignalDriver driver = eastHoldsJ3(2, 2, SignalConfig.DEFAULT);
        driver.route(WEST, 300, 4, 108, WEST_ROUTE);
        driver.advance(1);
        // westbound on J4-J3 (edge 9), phase 8: compatible with 4
        final List<Object> out = driver.position(WEST, along(9, 100, 0));
        final List<Requested> requested = only(out, Requested.class);
        assertThat(requested).filteredOn(r -> r.intersection() == J3).extracting(Requested::phase).containsExactly(8);
        assertThat(only(out, Queued.class)).isEmpty();
        assertThat(driver.service.holders(J3)).containsExactly(EAST, WEST);
        // a cross-street unit waits behind the first holder
        driver.advance(1);
        assertThat(only(driver.position(NORTH, along(13, 100, 0)), Queued.class)).extracting(Queued::behindUnitId)
            .containsExactly(EAST);
        // the first holder passes: the second still holds, nothing for the cross street yet
        driver.advance(1);
        final List<Object> passed = driver.position(EAST, along(3, 20, 0));
        assertThat(only(passed, Released.class)).containsExactly(new Released(J3, EAST, PreemptEnd.PASSED, 3_000));
        assertThat(only(passed, Requested.class)).filteredOn(r -> r.intersection() == J3).isEmpty();
        assertThat(driver.service.holders(J3)).containsExactly(WEST);
    }

    @Test
    void higherPriorityArrivingEarlierSupersedesTheHolderWhichWaitsAndComesBack()
    {
        final SignalDriver driver = eastHoldsJ3(3, 1, SignalConfig.DEFAULT);
        driver.advance(1);
        // the north unit is 100 m from J3 (7.2 s), the east holder 150 m minus a second of driving at best
        final List<Object> out = driver.position(NORTH, along(13, 150, 0));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(new Released(J3, EAST, PreemptEnd.SUPERSEDED, 1_000));
        final Requested granted = (Requested)out.get(1);
        assertThat(granted.unitId()).isEqualTo(NORTH);
        assertThat(granted.priority()).isEqualTo(1);
        final Queued queued = (Queued)out.get(2);
        assertThat(queued.unitId()).isEqualTo(EAST);
        assertThat(queued.behindUnitId()).isEqualTo(NORTH);
        assertThat(queued.phase()).isEqualTo(4);
        assertThat(driver.service.waveState(EAST, J3)).isEqualTo(SignalService.QUEUED);

        // the north unit passes; the east unit (priority 3) waits out the recovery time of J3's phase change
        driver.advance(2);
        driver.position(EAST, along(2, 110, 0));
        final List<Object> passed = driver.position(NORTH, along(14, 20, 0));
        assertThat(passed).containsExactly(new Released(J3, NORTH, PreemptEnd.PASSED, 2_000));
        for (int s = 1; s < 15; s++)
        {
            driver.advance(1);
            assertThat(only(s % 5 == 0 ? driver.position(EAST, along(2, 110, 0)) : driver.tick(), Requested.class))
                .filteredOn(r -> r.intersection() == J3).isEmpty();
        }
        driver.advance(1);
        final List<Requested> regranted = only(driver.tick(), Requested.class);
        assertThat(regranted).filteredOn(r -> r.intersection() == J3).extracting(Requested::unitId, Requested::refresh)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(EAST, 0));
        assertThat(driver.service.holders(J3)).containsExactly(EAST);
    }

    @Test
    void higherPriorityArrivingLaterWaits()
    {
        final SignalDriver driver = eastHoldsJ3(3, 1, SignalConfig.DEFAULT);
        driver.advance(1);
        final List<Object> out = driver.position(NORTH, along(13, 60, 0));
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(Queued.class);
        // and it skips the recovery time when the holder passes: priority 1 bypasses it
        driver.advance(1);
        final List<Object> passed = driver.position(EAST, along(3, 20, 0));
        assertThat(only(passed, Requested.class)).filteredOn(r -> r.intersection() == J3).extracting(Requested::unitId)
            .containsExactly(NORTH);
    }

    @Test
    void equalPriorityNeverSupersedes()
    {
        final SignalDriver driver = eastHoldsJ3(2, 2, SignalConfig.DEFAULT);
        driver.advance(1);
        assertThat(driver.position(NORTH, along(13, 240, 0))).singleElement().isInstanceOf(Queued.class);
        assertThat(driver.service.holders(J3)).containsExactly(EAST);
    }

    @Test
    void supersedingNeedsToBeatEveryHolder()
    {
        // east (priority 3) and west (priority 1) share J3; a priority 2 unit from the south must not take it from the west unit
        final SignalDriver driver = eastHoldsJ3(3, 2, SignalConfig.DEFAULT);
        driver.route(WEST, 300, 1, 108, WEST_ROUTE);
        driver.advance(1);
        driver.position(WEST, along(9, 50, 0));
        assertThat(driver.service.holders(J3)).containsExactly(EAST, WEST);
        driver.advance(1);
        final List<Object> out = driver.position(NORTH, along(13, 240, 0));
        assertThat(only(out, Released.class)).isEmpty();
        assertThat(only(out, Queued.class)).extracting(Queued::unitId).containsExactly(NORTH);
        assertThat(driver.service.holders(J3)).containsExactly(EAST, WEST);
    }

    @Test
    void supersedingReleasesEveryHolderAndQueuesThemAll()
    {
        final SignalDriver driver = eastHoldsJ3(3, 1, SignalConfig.DEFAULT);
        driver.route(WEST, 300, 4, 108, WEST_ROUTE);
        driver.advance(1);
        driver.position(WEST, along(9, 50, 0));
        driver.advance(1);
        final List<Object> out = driver.position(NORTH, along(13, 240, 0));
        assertThat(only(out, Released.class)).extracting(Released::unitId, Released::reason).containsExactly(
            org.assertj.core.groups.Tuple.tuple(EAST, PreemptEnd.SUPERSEDED), org.assertj.core.groups.Tuple.tuple(WEST, PreemptEnd.SUPERSEDED));
        assertThat(only(out, Queued.class)).extracting(Queued::unitId, Queued::behindUnitId).containsExactly(
            org.assertj.core.groups.Tuple.tuple(EAST, NORTH), org.assertj.core.groups.Tuple.tuple(WEST, NORTH));
        assertThat(driver.service.holders(J3)).containsExactly(NORTH);
        // when the north unit passes, both come back together (priority 1 bypass does not apply: they wait recovery)
        driver.advance(1);
        driver.position(NORTH, along(14, 20, 0));
        driver.advance(15);
        driver.position(EAST, along(2, 150, 0));
        driver.position(WEST, along(9, 60, 0));
        final List<Object> back = driver.tick();
        assertThat(only(back, Requested.class)).filteredOn(r -> r.refresh() == 0 && r.intersection() == J3).extracting(Requested::unitId)
            .containsExactly(EAST, WEST);
    }

    @Test
    void anotherPhaseWaitsOutTheRecoveryTimeUnlessItsPriorityBypassesIt()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(EAST, 100, 2, 72, 2, 3, 4, 5);
        driver.advance(1);
        driver.position(EAST, along(2, 200, 0));
        driver.advance(1);
        driver.position(EAST, along(3, 20, 0));
        assertThat(driver.service.holders(J3)).isEmpty();

        // priority 2 from the south 5 s later: deferred (queued behind nobody)
        driver.advance(5);
        // J3 is 10 s away on dispatch's plan: asked for at once, and deferred (queued behind nobody)
        final List<Object> out = driver.route(NORTH, 200, 2, 20, NORTH_ROUTE);
        assertThat(only(out, Queued.class)).extracting(Queued::behindUnitId).containsExactly(0L);
        assertThat(only(out, Requested.class)).isEmpty();
        driver.advance(9.9);
        driver.position(NORTH, along(13, 110, 0));
        assertThat(only(driver.tick(), Requested.class)).filteredOn(r -> r.intersection() == J3).isEmpty();
        driver.advance(0.1);
        assertThat(only(driver.tick(), Requested.class)).filteredOn(r -> r.intersection() == J3).extracting(Requested::unitId)
            .containsExactly(NORTH);

        // the same phase is never deferred; priority 1 is not deferred either
        final SignalDriver same = new SignalDriver();
        same.route(EAST, 100, 2, 72, 2, 3, 4, 5);
        same.advance(1);
        same.position(EAST, along(2, 200, 0));
        same.advance(1);
        same.position(EAST, along(3, 20, 0));
        same.route(WEST, 300, 4, 100, WEST_ROUTE);
        assertThat(only(same.position(WEST, along(9, 100, 0)), Requested.class)).extracting(Requested::intersection).contains(J3);
        same.stopped(WEST);
        final List<Object> urgent = same.route(NORTH, 200, 1, 20, NORTH_ROUTE);
        assertThat(only(urgent, Requested.class)).extracting(Requested::unitId).containsExactly(NORTH);
    }

    @Test
    void aStoppedHolderHandsTheIntersectionToTheQueue()
    {
        final SignalDriver driver = eastHoldsJ3(2, 1, recovery(0));
        driver.advance(1);
        driver.position(NORTH, along(13, 60, 0));
        final List<Object> out = driver.stopped(EAST);
        assertThat(out.get(0)).isEqualTo(new Released(J3, EAST, PreemptEnd.UNIT_STOPPED, 1_000));
        assertThat(only(out, Requested.class)).extracting(Requested::unitId).containsExactly(NORTH);
    }

    @Test
    void aStaleHolderIsReleasedBeforeTheOthersAreEvaluatedInTheSameTick()
    {
        final SignalDriver driver = eastHoldsJ3(2, 1, recovery(0));
        driver.advance(1);
        driver.position(NORTH, along(13, 60, 0));
        assertThat(driver.service.waveState(NORTH, J3)).isEqualTo(SignalService.QUEUED);
        // the east unit goes silent; the north one keeps reporting
        for (int s = 0; s < 31; s++)
        {
            driver.advance(1);
            driver.position(NORTH, along(13, 60, 0));
        }
        final List<Object> out = driver.tick();
        assertThat(only(out, Released.class)).extracting(Released::unitId, Released::reason)
            .contains(org.assertj.core.groups.Tuple.tuple(EAST, PreemptEnd.STALE_POSITION));
        assertThat(driver.service.holders(J3)).containsExactly(NORTH);
    }

    @Test
    void eastboundWaveThroughEverySignal()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(EAST, 100, 2, 108, EAST_ROUTE);
        int released = 0;
        for (int block = 0; block < 6; block++)
        {
            for (int m = 0; m < 250; m += 25)
            {
                driver.advance(1.8);
                released += only(driver.position(EAST, along(block, m, 0)), Released.class).size();
            }
        }
        assertThat(released).isEqualTo(5);
        for (int i = 0; i < 5; i++)
        {
            assertThat(driver.service.waveState(EAST, i)).isEqualTo(SignalService.DONE);
        }
        assertThat(only(driver.all(), Released.class)).extracting(Released::reason).containsOnly(PreemptEnd.PASSED);
        assertThat(only(driver.all(), Requested.class)).filteredOn(r -> r.refresh() == 0).extracting(Requested::intersection)
            .containsExactly(0, 1, 2, 3, 4);
    }
}
