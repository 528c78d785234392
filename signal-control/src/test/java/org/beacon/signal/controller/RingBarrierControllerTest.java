package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.signal.controller.RingBarrierController.ACCEPTED;
import static org.beacon.signal.controller.RingBarrierController.REJECTED_EXPIRED;
import static org.beacon.signal.controller.RingBarrierController.REJECTED_INVALID_PHASE;
import static org.beacon.signal.controller.RingBarrierController.REJECTED_IN_FLASH;
import static org.beacon.signal.controller.RingBarrierController.REJECTED_PREEMPT_ACTIVE;
import static org.beacon.signal.controller.RingBarrierController.REJECTED_UNKNOWN_REQUEST;

import org.junit.jupiter.api.Test;

/**
 * Sequences of the fixed-time plan and of the central commands on a four-phase intersection: 2/6 green 30 s, 4/8 green
 * 20 s, yellow 3.3 s, red clearance 1.9 s, cycle 60.4 s. Times are written relative to S, the end of the startup
 * all-red, which the tests put on a cycle boundary so the plan starts in step with its offset.
 */
class RingBarrierControllerTest
{
    private static final long MS = 1_000_000L;
    private static final int YELLOW = 3300;
    private static final int RED = 1900;
    private static final int CYCLE = 60400;

    private long s;

    private RingBarrierController start(final boolean pedestrians)
    {
        return start(builder(pedestrians).build());
    }

    private RingBarrierController start(final ControllerConfig config)
    {
        s = 1000L * config.cycleMs() * MS;
        return new RingBarrierController(config, s - config.startupAllRedMs() * MS);
    }

    private static ControllerConfig.Builder builder(final boolean pedestrians)
    {
        final PhaseTiming t = PhaseTiming.urbanThrough(13.89);
        return ControllerConfig.builder("test").pedestrians(pedestrians)
            .phase(2, t).split(2, 30000).phase(6, t).split(6, 30000)
            .phase(4, t).split(4, 20000).phase(8, t).split(8, 20000);
    }

    private long at(final long ms)
    {
        return s + ms * MS;
    }

    private static void expect(final RingBarrierController c, final Indication main, final Indication cross)
    {
        assertThat(c.vehicle(2)).as("phase 2 at %s", c).isEqualTo(main);
        assertThat(c.vehicle(6)).as("phase 6 at %s", c).isEqualTo(main);
        assertThat(c.vehicle(4)).as("phase 4 at %s", c).isEqualTo(cross);
        assertThat(c.vehicle(8)).as("phase 8 at %s", c).isEqualTo(cross);
    }

    /** The plan's indication of a phase group at {@code t} ms after a green start of 2/6. */
    private static Indication planned(final boolean main, final long ms)
    {
        final long pos = Math.floorMod(ms, CYCLE);
        final long greenStart = main ? 0 : 30000 + YELLOW + RED;
        final long green = main ? 30000 : 20000;
        if (pos >= greenStart && pos < greenStart + green)
        {
            return Indication.GREEN;
        }
        if (pos >= greenStart + green && pos < greenStart + green + YELLOW)
        {
            return Indication.YELLOW;
        }
        return Indication.RED;
    }

    @Test
    void startsAllRedThenRunsThePlanCycleByCycle()
    {
        final RingBarrierController c = start(false);
        assertThat(c.mode()).isEqualTo(ControllerMode.STARTUP);
        for (long ms = -3000; ms < 0; ms += 100)
        {
            c.advanceTo(at(ms));
            expect(c, Indication.RED, Indication.RED);
            assertThat(c.lamps(2)).isEqualTo(RingBarrierController.LAMP_RED);
        }
        for (long ms = 0; ms < 3L * CYCLE; ms += 100)
        {
            c.advanceTo(at(ms));
            assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
            expect(c, planned(true, ms), planned(false, ms));
            // disabled phases are dark
            assertThat(c.vehicle(1)).isEqualTo(Indication.DARK);
            assertThat(c.lamps(3)).isZero();
        }
    }

    @Test
    void theTimelineDoesNotDependOnTheStepSize()
    {
        final RingBarrierController coarse = start(false);
        final RingBarrierController fine = start(false);
        for (long ms = 0; ms < 2L * CYCLE; ms += 7)
        {
            fine.advanceTo(at(ms));
            if (ms % 700 == 0)
            {
                coarse.advanceTo(at(ms));
                for (int p = 1; p <= 8; p++)
                {
                    assertThat(coarse.vehicle(p)).isEqualTo(fine.vehicle(p));
                }
            }
        }
    }

    @Test
    void pedestriansWalkThenClearInsideTheGreen()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(0));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.WALK);
        assertThat(c.pedLamps(2)).isEqualTo(RingBarrierController.PED_WALK);
        c.advanceTo(at(6900));
        assertThat(c.pedestrian(6)).isEqualTo(PedIndication.WALK);
        c.advanceTo(at(7000));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.FLASHING_DONT_WALK);
        assertThat(c.pedLamps(2)).isEqualTo(RingBarrierController.PED_DONT_WALK | RingBarrierController.PED_FLASHING);
        // 16.7 s of clearance after the 7 s walk, inside the 30 s green
        c.advanceTo(at(23600));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.FLASHING_DONT_WALK);
        c.advanceTo(at(23700));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.DONT_WALK);
        assertThat(c.vehicle(2)).isEqualTo(Indication.GREEN);
        // the 20 s cross green cannot hold a 4 s walk plus 16.7 s clearance: no walk is offered
        for (long ms = 35200; ms < 55200; ms += 100)
        {
            c.advanceTo(at(ms));
            assertThat(c.vehicle(4)).isEqualTo(Indication.GREEN);
            assertThat(c.pedestrian(4)).isEqualTo(PedIndication.DONT_WALK);
            assertThat(c.pedestrian(2)).isEqualTo(PedIndication.DONT_WALK);
        }
    }

    @Test
    void pedestrianHeadsAreDarkWhenPedestriansAreOff()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(100));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.DARK);
        assertThat(c.pedLamps(2)).isZero();
    }

    @Test
    void advanceHonoursMinGreen()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        assertThat(c.advance(at(1000))).isEqualTo(ACCEPTED);
        c.advanceTo(at(6900));
        expect(c, Indication.GREEN, Indication.RED);
        c.advanceTo(at(7000));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(7000 + YELLOW));
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(7000 + YELLOW + RED - 100));
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(7000 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        // advance long after min green: the change is immediate
        c.advanceTo(at(20000));
        c.advance(at(20000));
        expect(c, Indication.RED, Indication.YELLOW);
    }

    @Test
    void advanceCutsTheWalkButNeverThePedestrianClearance()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(1000));
        c.advance(at(1000));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.FLASHING_DONT_WALK);
        c.advanceTo(at(17600));
        assertThat(c.vehicle(2)).isEqualTo(Indication.GREEN);
        c.advanceTo(at(17700));
        assertThat(c.vehicle(2)).isEqualTo(Indication.YELLOW);
    }

    @Test
    void spatReportsMinAndMaxEnds()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(1000));
        assertThat(c.maxEndNs(2)).isEqualTo(at(30000));
        // min green 7 s, but the walk and its clearance run to 23.7 s
        assertThat(c.minEndNs(2)).isEqualTo(at(23700));
        assertThat(c.maxEndNs(4)).isEqualTo(at(30000 + YELLOW + RED));
        assertThat(c.minEndNs(4)).isEqualTo(at(30000 + YELLOW + RED));
        c.advanceTo(at(31000));
        assertThat(c.minEndNs(2)).isEqualTo(at(30000 + YELLOW));
        assertThat(c.maxEndNs(2)).isEqualTo(at(30000 + YELLOW));
        // phase 2 is red now; it is next green at the start of the next cycle
        c.advanceTo(at(40000));
        assertThat(c.maxEndNs(2)).isEqualTo(at(CYCLE));
        c.hold(4, at(40000), at(100000));
        assertThat(c.maxEndNs(4)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void preemptionOfTheGreenPhaseDwellsAtOnceAndExitsToTheNextPhases()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(10000));
        assertThat(c.preempt(11, 2, 1, at(10000), at(45000))).isEqualTo(ACCEPTED);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
        assertThat(c.activePreemptId()).isEqualTo(11);
        assertThat(c.commandExpiresAtNs()).isEqualTo(at(45000));
        c.advanceTo(at(44900));
        expect(c, Indication.GREEN, Indication.RED);
        assertThat(c.maxEndNs(2)).isEqualTo(Long.MAX_VALUE);
        // not refreshed: the request lapses and the dwell phases clear
        c.advanceTo(at(45000));
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_EXIT);
        assertThat(c.activePreemptId()).isZero();
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(45000 + YELLOW));
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(45000 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
        assertThat(c.commandExpiresAtNs()).isZero();
    }

    @Test
    void preemptionEarlyInAConflictingGreenKeepsThePreemptMinGreen()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        assertThat(c.preempt(1, 4, 1, at(1000), at(90000))).isEqualTo(ACCEPTED);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_ENTRY);
        c.advanceTo(at(4900));
        expect(c, Indication.GREEN, Indication.RED);
        c.advanceTo(at(5000));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(5000 + YELLOW - 100));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(5000 + YELLOW + RED - 100));
        expect(c, Indication.RED, Indication.RED);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_ENTRY);
        c.advanceTo(at(5000 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
    }

    @Test
    void preemptionLateInAGreenEndsItAtOnce()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(20000));
        c.preempt(1, 8, 1, at(20000), at(90000));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(20000 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
    }

    @Test
    void preemptionDuringYellowOrRedClearanceNeverShortensThem()
    {
        for (final long when : new long[] {30000, 31000, 33200, 33300, 34000, 35100})
        {
            for (final int phase : new int[] {2, 4, 6, 8})
            {
                final RingBarrierController c = start(false);
                c.advanceTo(at(when));
                assertThat(c.preempt(5, phase, 2, at(when), at(200000))).isEqualTo(ACCEPTED);
                final boolean main = phase == 2 || phase == 6;
                for (long ms = when; ms < 30000 + YELLOW + RED; ms += 100)
                {
                    c.advanceTo(at(ms));
                    expect(c, ms < 30000 + YELLOW ? Indication.YELLOW : Indication.RED, Indication.RED);
                }
                c.advanceTo(at(30000 + YELLOW + RED));
                expect(c, main ? Indication.GREEN : Indication.RED, main ? Indication.RED : Indication.GREEN);
                assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
            }
        }
    }

    @Test
    void preemptionWithPedestriansCutsTheWalkButNotItsClearance()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(2000));
        c.preempt(1, 4, 1, at(2000), at(90000));
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.FLASHING_DONT_WALK);
        c.advanceTo(at(18600));
        expect(c, Indication.GREEN, Indication.RED);
        c.advanceTo(at(18700));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(18700 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        // no walk is offered in a preemption dwell
        assertThat(c.pedestrian(4)).isEqualTo(PedIndication.DONT_WALK);
    }

    @Test
    void refreshedPreemptionDwellsUntilCancelledThenHonoursMinGreen()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(20000));
        c.preempt(7, 4, 1, at(20000), at(30000));
        for (long ms = 20000; ms < 120000; ms += 5000)
        {
            c.advanceTo(at(ms));
            assertThat(c.preempt(7, 4, 1, at(ms), at(ms + 10000))).isEqualTo(ACCEPTED);
        }
        expect(c, Indication.RED, Indication.GREEN);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
        assertThat(c.cancelPreempt(7, at(120000))).isEqualTo(ACCEPTED);
        expect(c, Indication.RED, Indication.YELLOW);
        assertThat(c.cancelPreempt(7, at(120000))).isEqualTo(REJECTED_UNKNOWN_REQUEST);
        c.advanceTo(at(120000 + YELLOW + RED));
        expect(c, Indication.GREEN, Indication.RED);
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
    }

    @Test
    void aDwellGreenThatStartedJustBeforeTheCancelStillGetsItsMinGreen()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(20000));
        c.preempt(7, 4, 1, at(20000), at(90000));
        final long dwellStart = 20000 + YELLOW + RED;
        c.advanceTo(at(dwellStart + 1000));
        c.cancelPreempt(7, at(dwellStart + 1000));
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_EXIT);
        c.advanceTo(at(dwellStart + 6900));
        expect(c, Indication.RED, Indication.GREEN);
        c.advanceTo(at(dwellStart + 7000));
        expect(c, Indication.RED, Indication.YELLOW);
    }

    @Test
    void theControllerCapsTheDwell()
    {
        final RingBarrierController c = start(builder(false).preemptMaxDwellMs(20000).build());
        c.advanceTo(at(1000));
        c.preempt(3, 2, 1, at(1000), at(1_000_000));
        c.advanceTo(at(20900));
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
        c.advanceTo(at(21000));
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_EXIT);
        expect(c, Indication.YELLOW, Indication.RED);
    }

    @Test
    void priorityAndSharingRules()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        assertThat(c.preempt(1, 4, 3, at(1000), at(90000))).isEqualTo(ACCEPTED);
        assertThat(c.preempt(2, 2, 3, at(1000), at(90000))).as("equal priority, other phase").isEqualTo(REJECTED_PREEMPT_ACTIVE);
        assertThat(c.preempt(2, 2, 5, at(1000), at(90000))).as("lower priority").isEqualTo(REJECTED_PREEMPT_ACTIVE);
        assertThat(c.preempt(3, 8, 9, at(1000), at(95000))).as("partner phase shares the dwell").isEqualTo(ACCEPTED);
        assertThat(c.preempt(4, 4, 9, at(1000), at(80000))).as("same phase shares the dwell").isEqualTo(ACCEPTED);
        assertThat(c.commandExpiresAtNs()).isEqualTo(at(95000));
        assertThat(c.hold(2, at(1000), at(9000))).isEqualTo(REJECTED_PREEMPT_ACTIVE);
        assertThat(c.advance(at(1000))).isEqualTo(REJECTED_PREEMPT_ACTIVE);
        assertThat(c.flash(at(1000), at(9000))).isEqualTo(REJECTED_PREEMPT_ACTIVE);
        c.cancelPreempt(1, at(1000));
        assertThat(c.activePreemptId()).isEqualTo(3);
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_ENTRY);
        assertThat(c.preempt(5, 2, 1, at(2000), at(90000))).as("strictly higher priority replaces").isEqualTo(ACCEPTED);
        assertThat(c.activePreemptId()).isEqualTo(5);
        assertThat(c.cancelPreempt(3, at(2000))).as("the replaced requests are gone").isEqualTo(REJECTED_UNKNOWN_REQUEST);
        // phase 2 was still green (the 4/8 entry had not finished): dwell there at once
        assertThat(c.mode()).isEqualTo(ControllerMode.PREEMPT_DWELL);
        expect(c, Indication.GREEN, Indication.RED);
    }

    @Test
    void invalidPreemptionsAreRejected()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        assertThat(c.preempt(1, 3, 1, at(1000), at(9000))).isEqualTo(REJECTED_INVALID_PHASE);
        assertThat(c.preempt(1, 9, 1, at(1000), at(9000))).isEqualTo(REJECTED_INVALID_PHASE);
        assertThat(c.preempt(1, 2, 1, at(1000), at(1000))).isEqualTo(REJECTED_EXPIRED);
        assertThat(c.preempt(0, 2, 1, at(1000), at(9000))).isEqualTo(REJECTED_UNKNOWN_REQUEST);
        assertThat(c.hold(5, at(1000), at(9000))).isEqualTo(REJECTED_INVALID_PHASE);
        assertThat(c.hold(4, at(1000), at(500))).isEqualTo(REJECTED_EXPIRED);
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
    }

    @Test
    void holdServesThePhaseAtTheNextSafePointAndLapsesBackToThePlan()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        assertThat(c.hold(4, at(1000), at(100000))).isEqualTo(ACCEPTED);
        assertThat(c.mode()).isEqualTo(ControllerMode.HOLD);
        c.advanceTo(at(7000));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(7000 + YELLOW + RED));
        expect(c, Indication.RED, Indication.GREEN);
        c.advanceTo(at(99900));
        expect(c, Indication.RED, Indication.GREEN);
        assertThat(c.commandExpiresAtNs()).isEqualTo(at(100000));
        c.advanceTo(at(100000));
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
        expect(c, Indication.RED, Indication.YELLOW);
        c.advanceTo(at(100000 + YELLOW + RED));
        expect(c, Indication.GREEN, Indication.RED);
    }

    @Test
    void holdOfTheGreenPhaseKeepsItAndReleaseOrAdvanceEndsIt()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(1000));
        c.hold(2, at(1000), at(500000));
        c.advanceTo(at(80000));
        expect(c, Indication.GREEN, Indication.RED);
        assertThat(c.release(at(80000))).isEqualTo(ACCEPTED);
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
        expect(c, Indication.YELLOW, Indication.RED);

        final RingBarrierController d = start(false);
        d.advanceTo(at(1000));
        d.hold(2, at(1000), at(500000));
        assertThat(d.advance(at(3000))).isEqualTo(ACCEPTED);
        assertThat(d.mode()).isEqualTo(ControllerMode.LOCAL);
        d.advanceTo(at(6900));
        expect(d, Indication.GREEN, Indication.RED);
        d.advanceTo(at(7000));
        expect(d, Indication.YELLOW, Indication.RED);
    }

    @Test
    void operatorFlashClearsFirstThenFlashesUntilReleasedThroughStartup()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(20000));
        assertThat(c.flash(at(20000), at(300000))).isEqualTo(ACCEPTED);
        // the pedestrians were already in their clearance at 20 s; it runs to its end at 23.7 s before the yellow
        c.advanceTo(at(23600));
        expect(c, Indication.GREEN, Indication.RED);
        c.advanceTo(at(23700));
        expect(c, Indication.YELLOW, Indication.RED);
        c.advanceTo(at(23700 + YELLOW + RED - 100));
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(23700 + YELLOW + RED));
        assertThat(c.mode()).isEqualTo(ControllerMode.FLASH);
        expect(c, Indication.FLASHING_RED, Indication.FLASHING_RED);
        assertThat(c.lamps(2)).isEqualTo(RingBarrierController.LAMP_RED | RingBarrierController.LAMP_FLASHING);
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.DARK);
        assertThat(c.vehicle(1)).isEqualTo(Indication.DARK);
        assertThat(c.preempt(1, 2, 1, at(40000), at(90000))).isEqualTo(REJECTED_IN_FLASH);
        assertThat(c.hold(2, at(40000), at(90000))).isEqualTo(REJECTED_IN_FLASH);
        assertThat(c.advance(at(40000))).isEqualTo(REJECTED_IN_FLASH);
        assertThat(c.maxEndNs(2)).isEqualTo(Long.MAX_VALUE);
        assertThat(c.release(at(50000))).isEqualTo(ACCEPTED);
        assertThat(c.mode()).isEqualTo(ControllerMode.STARTUP);
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(53000));
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
        expect(c, Indication.GREEN, Indication.RED);
    }

    @Test
    void flashLapsesByItselfWhenNotRefreshed()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(40000));
        c.flash(at(40000), at(70000));
        c.advanceTo(at(69900));
        assertThat(c.mode()).isEqualTo(ControllerMode.FLASH);
        c.advanceTo(at(70000));
        assertThat(c.mode()).isEqualTo(ControllerMode.STARTUP);
        c.advanceTo(at(73000));
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
    }

    @Test
    void faultFlashIsImmediateAndNeedsAReset()
    {
        final RingBarrierController c = start(true);
        c.advanceTo(at(1000));
        c.preempt(1, 4, 1, at(1000), at(90000));
        c.faultFlash(ConflictMonitor.CONFLICT, at(1500));
        assertThat(c.mode()).isEqualTo(ControllerMode.FAULT_FLASH);
        expect(c, Indication.FLASHING_RED, Indication.FLASHING_RED);
        assertThat(c.pedestrian(2)).isEqualTo(PedIndication.DARK);
        assertThat(c.activePreemptId()).isZero();
        assertThat(c.faults()).isEqualTo(ConflictMonitor.CONFLICT);
        assertThat(c.release(at(2000))).isEqualTo(REJECTED_IN_FLASH);
        assertThat(c.flash(at(2000), at(9000))).isEqualTo(REJECTED_IN_FLASH);
        assertThat(c.preempt(2, 4, 1, at(2000), at(90000))).isEqualTo(REJECTED_IN_FLASH);
        c.advanceTo(at(1_000_000));
        assertThat(c.mode()).isEqualTo(ControllerMode.FAULT_FLASH);
        assertThat(c.resetFault(at(1_000_000))).isEqualTo(ACCEPTED);
        assertThat(c.faults()).isZero();
        assertThat(c.mode()).isEqualTo(ControllerMode.STARTUP);
        expect(c, Indication.RED, Indication.RED);
        c.advanceTo(at(1_003_000));
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
        expect(c, Indication.GREEN, Indication.RED);
    }

    @Test
    void timeGoingBackwardsIsIgnored()
    {
        final RingBarrierController c = start(false);
        c.advanceTo(at(31000));
        c.advanceTo(at(1000));
        assertThat(c.nowNs()).isEqualTo(at(31000));
        expect(c, Indication.YELLOW, Indication.RED);
    }

    @Test
    void aFirstGreenOutOfStepWithTheOffsetIsShortenedOrLengthenedIntoStep()
    {
        final ControllerConfig config = builder(false).build();
        // powered up so that the first greens start 5 s into the cycle: shortened to 25 s
        final long cycleStart = 2000L * CYCLE * MS;
        final RingBarrierController c = new RingBarrierController(config, cycleStart + 2000 * MS);
        c.advanceTo(cycleStart + 5000 * MS);
        assertThat(c.vehicle(2)).isEqualTo(Indication.GREEN);
        assertThat(c.maxEndNs(2)).isEqualTo(cycleStart + 30000 * MS);
        // 40 s into the cycle: shortening would go below min green, so the green runs to the next cycle's split end
        final RingBarrierController d = new RingBarrierController(config, cycleStart + 37000 * MS);
        d.advanceTo(cycleStart + 40000 * MS);
        assertThat(d.maxEndNs(2)).isEqualTo(cycleStart + (CYCLE + 30000) * MS);
    }
}
