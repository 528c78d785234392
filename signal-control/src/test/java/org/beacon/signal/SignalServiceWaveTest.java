package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.beacon.signal.SignalDriver.SECOND;
import static org.beacon.signal.SignalDriver.T0;
import static org.beacon.signal.SignalDriver.only;
import static org.beacon.signal.TestStreets.EAST_ROUTE;
import static org.beacon.signal.TestStreets.along;

import java.util.List;

import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptRequester;
import org.beacon.signal.SignalDriver.Planned;
import org.beacon.signal.SignalDriver.PlannedStop;
import org.beacon.signal.SignalDriver.Released;
import org.beacon.signal.SignalDriver.Requested;
import org.junit.jupiter.api.Test;

/**
 * One unit's green wave on the hand-built streets: planning, requests within the lead time, passing,
 * refreshes, limits (dwell, stale AVL), stop and re-route.
 */
class SignalServiceWaveTest
{
    private static final long UNIT = 41;
    private static final long INCIDENT = 9001;

    @Test
    void networkPhasesFollowTheHeading()
    {
        final SignalNetwork network = TestStreets.network();
        assertThat(network.intersectionCount()).isEqualTo(6);
        for (int i = 0; i < 6; i++)
        {
            assertThat(network.intersectionAtEnd(i)).isEqualTo(i);
            assertThat(network.approachPhase(i)).isEqualTo(4);
        }
        assertThat(network.intersectionAtEnd(13)).isEqualTo(TestStreets.J3_INTERSECTION);
        assertThat(network.approachPhase(13)).isEqualTo(2);
        assertThat(network.approachPhase(17)).isEqualTo(6);
        assertThat(network.approachPhase(8)).isEqualTo(8);
        assertThat(network.intersectionAtEnd(6)).isEqualTo(-1);
        assertThat(network.intersectionAtEnd(12)).isEqualTo(-1);
        assertThat(network.phaseMask(TestStreets.J3_INTERSECTION)).isEqualTo((1 << 2) | (1 << 4) | (1 << 6) | (1 << 8));
        assertThat(network.phaseMask(0)).isEqualTo((1 << 4) | (1 << 8));
        assertThat(network.phaseMask(5)).isEqualTo(1 << 4);
        assertThat(network.intersectionIndex("J3")).isEqualTo(2);
        assertThat(network.intersectionIndex("nope")).isEqualTo(-1);
        assertThat(SignalNetwork.phaseForHeading(-10)).isEqualTo(2);
        assertThat(SignalNetwork.phaseForHeading(44.9)).isEqualTo(2);
        assertThat(SignalNetwork.phaseForHeading(45)).isEqualTo(4);
        assertThat(SignalNetwork.phaseForHeading(180)).isEqualTo(6);
        assertThat(SignalNetwork.phaseForHeading(315)).isEqualTo(2);
        assertThat(SignalNetwork.phaseForHeading(720 + 270)).isEqualTo(8);
    }

    @Test
    void routePlansTheIntersectionsInOrderAndRequestsOnlyThoseWithinTheLead()
    {
        final SignalDriver driver = new SignalDriver();
        final List<Object> out = driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);

        assertThat(out.get(0)).isInstanceOf(Planned.class);
        final Planned planned = (Planned)out.get(0);
        assertThat(planned.unitId()).isEqualTo(UNIT);
        assertThat(planned.incidentId()).isEqualTo(INCIDENT);
        assertThat(planned.priority()).isEqualTo(2);
        // the junction at the end of the incident's edge (J6) is beyond the scene
        assertThat(planned.stops()).containsExactly(
            new PlannedStop(0, 4, T0 + 18 * SECOND),
            new PlannedStop(1, 4, T0 + 36 * SECOND),
            new PlannedStop(2, 4, T0 + 54 * SECOND),
            new PlannedStop(3, 4, T0 + 72 * SECOND),
            new PlannedStop(4, 4, T0 + 90 * SECOND));

        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo(new Requested(0, 4, UNIT, INCIDENT, 2, PreemptRequester.GREEN_WAVE, 0,
            T0 + 18 * SECOND, T0 + 10 * SECOND, 0));
        assertThat(driver.service.holders(0)).containsExactly(UNIT);
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.GRANTED);
        assertThat(driver.service.waveState(UNIT, 1)).isEqualTo(SignalService.PLANNED);
        assertThat(driver.service.waveState(UNIT, 5)).isEqualTo(-1);
        assertThat(driver.service.activeWaveCount()).isEqualTo(1);
    }

    @Test
    void etasAreScaledToDispatchsDriveTime()
    {
        final SignalDriver driver = new SignalDriver();
        final Planned planned = (Planned)driver.route(UNIT, INCIDENT, 3, 216, EAST_ROUTE).get(0);
        assertThat(planned.stops()).extracting(PlannedStop::etaAtNs)
            .containsExactly(T0 + 36 * SECOND, T0 + 72 * SECOND, T0 + 108 * SECOND, T0 + 144 * SECOND, T0 + 180 * SECOND);
        // nothing within 20 s yet
        assertThat(driver.raw).hasSize(1);
        // eta 0 means "use free flow"
        final Planned free = (Planned)new SignalDriver().route(UNIT, INCIDENT, 3, 0, EAST_ROUTE).get(0);
        assertThat(free.stops().get(0).etaAtNs()).isEqualTo(T0 + 18 * SECOND);
    }

    @Test
    void laterIntersectionsAreRequestedOnTicksAsTheirArrivalComesWithinTheLead()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 216, EAST_ROUTE);
        driver.advance(15.9);
        assertThat(driver.tick()).isEmpty();
        driver.advance(0.1);
        final List<Object> out = driver.tick();
        assertThat(out).containsExactly(new Requested(0, 4, UNIT, INCIDENT, 2, PreemptRequester.GREEN_WAVE, 0,
            T0 + 36 * SECOND, driver.nowNs + 10 * SECOND, 0));
    }

    @Test
    void aRouteWithoutSignalsPlansNothingAndKeepsNoWave()
    {
        final SignalDriver driver = new SignalDriver();
        final List<Object> out = driver.route(UNIT, INCIDENT, 2, 30, 12);
        assertThat(out).containsExactly(new Planned(UNIT, INCIDENT, 2, List.of()));
        assertThat(driver.service.activeWaveCount()).isZero();
        // an invalid edge ends the route there
        final Planned truncated = (Planned)driver.route(UNIT + 1, INCIDENT, 2, 0, 0, 1, 999, 2, 3).get(0);
        assertThat(truncated.stops()).extracting(PlannedStop::intersection).containsExactly(0);
    }

    @Test
    void fixesMoveTheUnitAlongAndReleaseWhatItPassedOnlyPastTheMargin()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);

        driver.advance(5);
        List<Object> out = driver.position(UNIT, along(0, 100, 0));
        assertThat(out).isEmpty();

        // 5 m past J1: still on the junction, nothing released yet; J2 is now 17 s away and requested
        driver.advance(5);
        out = driver.position(UNIT, along(1, 5, 1));
        assertThat(only(out, Released.class)).isEmpty();
        // J1's grant from the route (expiring now) is refreshed on the way
        assertThat(only(out, Requested.class)).filteredOn(r -> r.refresh() == 1).extracting(Requested::intersection)
            .containsExactly(0);
        final List<Requested> requested = only(out, Requested.class).stream().filter(r -> r.refresh() == 0).toList();
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).intersection()).isEqualTo(1);
        assertThat(requested.get(0).refresh()).isZero();
        assertThat((double)(requested.get(0).etaAtNs() - driver.nowNs) / SECOND).isCloseTo(18.0 * 245 / 250, within(0.05));
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.GRANTED);

        // 13 m past J1 (margin 12 m): J1 is behind the unit
        driver.advance(1);
        out = driver.position(UNIT, along(1, 13, -2));
        assertThat(out).containsExactly(new Released(0, UNIT, PreemptEnd.PASSED, 11_000));
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.DONE);
        assertThat(driver.service.holders(0)).isEmpty();

        // a jump two blocks ahead passes J2 and J3 at once (J3 was never requested: it just ends)
        driver.advance(1);
        out = driver.position(UNIT, along(3, 30, 0));
        assertThat(only(out, Released.class)).containsExactly(new Released(1, UNIT, PreemptEnd.PASSED, 2_000));
        assertThat(driver.service.waveState(UNIT, 2)).isEqualTo(SignalService.DONE);
        assertThat(only(out, Requested.class)).extracting(Requested::intersection).containsExactly(3);
    }

    @Test
    void fixesRefineTheArrivalAtFreeFlowFromWhereTheUnitIs()
    {
        final SignalDriver driver = new SignalDriver();
        // dispatch expects a slow drive (432 s): nothing requested from the plan
        driver.route(UNIT, INCIDENT, 2, 432, EAST_ROUTE);
        assertThat(driver.raw).hasSize(1);
        driver.advance(2);
        final List<Object> out = driver.position(UNIT, along(0, 125, 0));
        final Requested requested = (Requested)out.get(0);
        assertThat(out).hasSize(1);
        assertThat((double)(requested.etaAtNs() - driver.nowNs) / SECOND).isCloseTo(9.0, within(0.05));
    }

    @Test
    void aFixFarOffTheRouteMovesNothing()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);
        driver.advance(2);
        // 200 m to the side of J2's block, and beyond the lookahead of a unit still on its first block
        assertThat(driver.position(UNIT, along(1, 100, 200))).isEmpty();
        assertThat(driver.position(UNIT, along(1, 100, -61))).isEmpty();
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.GRANTED);
        assertThat(driver.service.waveState(UNIT, 1)).isEqualTo(SignalService.PLANNED);
        // within the tolerance it moves on
        assertThat(only(driver.position(UNIT, along(1, 100, 55)), Released.class))
            .containsExactly(new Released(0, UNIT, PreemptEnd.PASSED, 2_000));
    }

    @Test
    void fixesOfUnitsWithoutAWaveAreIgnored()
    {
        final SignalDriver driver = new SignalDriver();
        assertThat(driver.position(77, along(0, 100, 0))).isEmpty();
        assertThat(driver.stopped(77)).isEmpty();
    }

    @Test
    void grantsAreRefreshedBeforeTheyExpire()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 1000, 0, 1);
        // the single intersection J1: 1000 s scaled over 2 blocks means J1 at 500 s; bring the unit close
        driver.advance(1);
        final Requested first = (Requested)driver.position(UNIT, along(0, 240, 0)).get(0);
        assertThat(first.expiresAtNs()).isEqualTo(driver.nowNs + 10 * SECOND);
        final long grantedAt = driver.nowNs;
        driver.advance(5.9);
        assertThat(driver.tick()).isEmpty();
        driver.advance(0.1);
        final List<Object> out = driver.tick();
        assertThat(out).hasSize(1);
        final Requested refresh = (Requested)out.get(0);
        assertThat(refresh.refresh()).isEqualTo(1);
        assertThat(refresh.expiresAtNs()).isEqualTo(driver.nowNs + 10 * SECOND);
        assertThat(refresh.intersection()).isZero();
        assertThat(driver.nowNs - grantedAt).isEqualTo(6 * SECOND);
        // nothing again until 4 s before the new expiry
        driver.advance(5);
        assertThat(driver.tick()).isEmpty();
        driver.advance(1);
        assertThat(only(driver.tick(), Requested.class)).extracting(Requested::refresh).containsExactly(1);
    }

    @Test
    void aUnitHoldsAnIntersectionAtMostTheDwellLimit()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);
        Released released = null;
        for (int s = 1; s <= 95 && null == released; s++)
        {
            driver.advance(1);
            // stuck 150 m before J1: fresh fixes, never passing
            final List<Object> out = s % 5 == 0 ? driver.position(UNIT, along(0, 100, 0)) : driver.tick();
            for (final Released r : only(out, Released.class))
            {
                released = r;
                assertThat(driver.nowNs - T0).isEqualTo(90 * SECOND);
            }
        }
        assertThat(released).isEqualTo(new Released(0, UNIT, PreemptEnd.DWELL_LIMIT, 90_000));
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.DONE);
        // released for good: no new request for J1
        driver.advance(1);
        assertThat(only(driver.position(UNIT, along(0, 200, 0)), Requested.class)).isEmpty();
        assertThat(driver.service.holders(0)).isEmpty();
    }

    @Test
    void aUnitWhoseFixesStopLosesItsWave()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);
        driver.advance(10);
        driver.position(UNIT, along(0, 100, 0));
        driver.advance(30);
        // without fixes the planner assumes free flow from the last one: J2 and J3 come due meanwhile
        assertThat(only(driver.tick(), Released.class)).isEmpty();
        assertThat(driver.service.holders(1)).containsExactly(UNIT);
        driver.advance(0.001);
        final List<Object> out = driver.tick();
        assertThat(out).containsExactly(
            new Released(0, UNIT, PreemptEnd.STALE_POSITION, 40_001),
            new Released(1, UNIT, PreemptEnd.STALE_POSITION, 1),
            new Released(2, UNIT, PreemptEnd.STALE_POSITION, 1));
        assertThat(driver.service.activeWaveCount()).isZero();
        assertThat(driver.service.holders(0)).isEmpty();
    }

    @Test
    void aStoppedUnitReleasesEverythingItHolds()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);
        driver.advance(3);
        driver.position(UNIT, along(0, 240, 0));
        assertThat(driver.service.holders(1)).containsExactly(UNIT);
        driver.advance(1);
        final List<Object> out = driver.stopped(UNIT);
        assertThat(out).containsExactly(
            new Released(0, UNIT, PreemptEnd.UNIT_STOPPED, 4_000),
            new Released(1, UNIT, PreemptEnd.UNIT_STOPPED, 1_000));
        assertThat(driver.service.activeWaveCount()).isZero();
        assertThat(driver.stopped(UNIT)).isEmpty();
    }

    @Test
    void aNewRouteKeepsTheGrantsStillAheadAndReleasesTheRestWithRouteChanged()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 72, 2, 3, 4, 5);
        driver.advance(1);
        // 10 m before J3: J3 and J4 both within the lead
        driver.position(UNIT, along(2, 240, 0));
        assertThat(driver.service.holders(2)).containsExactly(UNIT);
        assertThat(driver.service.holders(3)).containsExactly(UNIT);

        // dispatch re-routes it north at J3
        driver.advance(1);
        final List<Object> out = driver.route(UNIT, INCIDENT, 2, 30, 2, 14, 15);
        assertThat(out.get(0)).isInstanceOf(Planned.class);
        assertThat(((Planned)out.get(0)).stops()).extracting(PlannedStop::intersection).containsExactly(2);
        // J3 is approached the same way and is kept; J4 is no longer on the route
        assertThat(out.subList(1, out.size())).containsExactly(new Released(3, UNIT, PreemptEnd.ROUTE_CHANGED, 1_000));
        assertThat(driver.service.holders(2)).containsExactly(UNIT);
        assertThat(driver.service.waveState(UNIT, 2)).isEqualTo(SignalService.GRANTED);
        assertThat(driver.service.waveState(UNIT, 3)).isEqualTo(-1);

        // the kept grant is refreshed on its old schedule and then released when passed
        driver.advance(4);
        assertThat(only(driver.tick(), Requested.class)).extracting(Requested::refresh).containsExactly(1);
        driver.advance(1);
        assertThat(only(driver.position(UNIT, TestStreets.along(14, 20, 0)), Released.class))
            .containsExactly(new Released(2, UNIT, PreemptEnd.PASSED, 7_000));
    }

    @Test
    void aNewRouteWhoseArrivalIsFarReleasesAndPlansAgain()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(UNIT, INCIDENT, 2, 108, EAST_ROUTE);
        driver.advance(1);
        // same streets, but dispatch now expects 10 minutes: J1 is 100 s away, the grant goes
        final List<Object> out = driver.route(UNIT, INCIDENT, 2, 600, EAST_ROUTE);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo(new Released(0, UNIT, PreemptEnd.ROUTE_CHANGED, 1_000));
        assertThat(driver.service.waveState(UNIT, 0)).isEqualTo(SignalService.PLANNED);
    }
}
