package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.signal.SignalDriver.SECOND;
import static org.beacon.signal.SignalDriver.only;
import static org.beacon.signal.SignalDriver.standardPhases;
import static org.beacon.signal.SignalDriver.statusEvent;
import static org.beacon.signal.TestStreets.EAST_ROUTE;
import static org.beacon.signal.TestStreets.along;

import java.util.List;

import org.beacon.codecs.ControllerModeCode;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.SignalCommandType;
import org.beacon.codecs.SignalRejectReason;
import org.beacon.signal.SignalDriver.Alarm;
import org.beacon.signal.SignalDriver.Issued;
import org.beacon.signal.SignalDriver.Queued;
import org.beacon.signal.SignalDriver.Rejected;
import org.beacon.signal.SignalDriver.Released;
import org.beacon.signal.SignalDriver.Requested;
import org.beacon.signal.SignalDriver.State;
import org.junit.jupiter.api.Test;

/**
 * Operators' commands and controllers' status: checks, forwarding, alarms, SPaT state, faults and flash, detectors.
 */
class SignalServiceFieldTest
{
    private static final int OPERATOR = 77;
    private static final int CONFLICT = 1;
    private static final int COMMS_LOST = 1 << 7;

    // ------------------------------------------------------------------ operator commands

    @Test
    void commandsAreCheckedAndRejectedWithTheOperatorsId()
    {
        final SignalDriver driver = new SignalDriver();
        assertThat(driver.command(SignalCommandType.HOLD, 6, 4, OPERATOR, 60))
            .containsExactly(new Rejected(SignalCommandType.HOLD, 6, 4, OPERATOR, SignalRejectReason.UNKNOWN_INTERSECTION));
        assertThat(driver.command(SignalCommandType.FLASH, -1, 0, OPERATOR, 60))
            .containsExactly(new Rejected(SignalCommandType.FLASH, -1, 0, OPERATOR, SignalRejectReason.UNKNOWN_INTERSECTION));
        // J1 has approaches on phases 4 and 8 only
        for (final int phase : new int[]{0, 2, 6, 9, 255})
        {
            assertThat(driver.command(SignalCommandType.HOLD, 0, phase, OPERATOR, 60))
                .containsExactly(new Rejected(SignalCommandType.HOLD, 0, phase, OPERATOR, SignalRejectReason.INVALID_PHASE));
        }
        assertThat(driver.command(SignalCommandType.HOLD, 0, 4, OPERATOR, 0))
            .containsExactly(new Rejected(SignalCommandType.HOLD, 0, 4, OPERATOR, SignalRejectReason.INVALID_DURATION));
        assertThat(driver.command(SignalCommandType.HOLD, 0, 4, OPERATOR, 3601))
            .containsExactly(new Rejected(SignalCommandType.HOLD, 0, 4, OPERATOR, SignalRejectReason.INVALID_DURATION));
        assertThat(driver.command(SignalCommandType.FLASH, 0, 0, OPERATOR, 0))
            .containsExactly(new Rejected(SignalCommandType.FLASH, 0, 0, OPERATOR, SignalRejectReason.INVALID_DURATION));
        assertThat(driver.command(SignalCommandType.RESET_FAULT, 0, 0, OPERATOR, 0))
            .containsExactly(new Rejected(SignalCommandType.RESET_FAULT, 0, 0, OPERATOR, SignalRejectReason.INVALID_COMMAND));
        // an unknown command type is refused whatever else it says, and its record decodes (type as the null value)
        for (final int rawType : new int[]{0, 6, 200, 255})
        {
            assertThat(driver.apply(SignalDriver.commandEvent(rawType, 0, 4, OPERATOR, 60))).containsExactly(
                new Rejected(SignalCommandType.NULL_VAL, 0, 4, OPERATOR, SignalRejectReason.INVALID_COMMAND));
            assertThat(driver.apply(SignalDriver.commandEvent(rawType, 99, 4, OPERATOR, 60))).containsExactly(
                new Rejected(SignalCommandType.NULL_VAL, 99, 4, OPERATOR, SignalRejectReason.INVALID_COMMAND));
        }
    }

    @Test
    void validCommandsAreIssuedWithTheirExpiry()
    {
        final SignalDriver driver = new SignalDriver();
        assertThat(driver.command(SignalCommandType.HOLD, 2, 2, OPERATOR, 3600))
            .containsExactly(new Issued(SignalCommandType.HOLD, 2, 2, OPERATOR, driver.nowNs + 3600 * SECOND));
        assertThat(driver.command(SignalCommandType.ADVANCE, 2, 0, OPERATOR, 0))
            .containsExactly(new Issued(SignalCommandType.ADVANCE, 2, 0, OPERATOR, 0));
        assertThat(driver.command(SignalCommandType.FLASH, 3, 0, OPERATOR, 1))
            .containsExactly(new Issued(SignalCommandType.FLASH, 3, 0, OPERATOR, driver.nowNs + SECOND));
        assertThat(driver.command(SignalCommandType.RELEASE, 3, 0, OPERATOR, 0))
            .containsExactly(new Issued(SignalCommandType.RELEASE, 3, 0, OPERATOR, 0));
    }

    @Test
    void holdAndAdvanceAreRefusedWhileAPreemptionOrAFaultIsActive()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 108, EAST_ROUTE);
        assertThat(driver.command(SignalCommandType.HOLD, 0, 4, OPERATOR, 60))
            .containsExactly(new Rejected(SignalCommandType.HOLD, 0, 4, OPERATOR, SignalRejectReason.PREEMPTION_ACTIVE));
        assertThat(driver.command(SignalCommandType.ADVANCE, 0, 0, OPERATOR, 0))
            .containsExactly(new Rejected(SignalCommandType.ADVANCE, 0, 0, OPERATOR, SignalRejectReason.PREEMPTION_ACTIVE));

        driver.apply(statusEvent(1, ControllerModeCode.LOCAL, CONFLICT, 0));
        assertThat(driver.command(SignalCommandType.HOLD, 1, 4, OPERATOR, 60))
            .containsExactly(new Rejected(SignalCommandType.HOLD, 1, 4, OPERATOR, SignalRejectReason.INTERSECTION_IN_FAULT));
        assertThat(driver.command(SignalCommandType.ADVANCE, 1, 0, OPERATOR, 0))
            .containsExactly(new Rejected(SignalCommandType.ADVANCE, 1, 0, OPERATOR, SignalRejectReason.INTERSECTION_IN_FAULT));
        assertThat(driver.command(SignalCommandType.RESET_FAULT, 1, 0, OPERATOR, 0))
            .containsExactly(new Issued(SignalCommandType.RESET_FAULT, 1, 0, OPERATOR, 0));
    }

    @Test
    void operatorFlashReleasesHoldersAndBlocksGrantsUntilReleaseOrExpiry()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 108, EAST_ROUTE);
        // a second unit behind the first on the cross street at J1 cannot exist here; queue one behind a recovery instead
        driver.advance(2);
        final List<Object> flash = driver.command(SignalCommandType.FLASH, 0, 0, OPERATOR, 60);
        assertThat(flash).containsExactly(
            new Released(0, 1, PreemptEnd.OPERATOR, 2_000),
            new Issued(SignalCommandType.FLASH, 0, 0, OPERATOR, driver.nowNs + 60 * SECOND));
        assertThat(driver.service.holders(0)).isEmpty();
        assertThat(driver.service.waveState(1, 0)).isEqualTo(SignalService.DONE);

        // a new wave through the flashing J1 skips it
        final List<Object> second = driver.route(2, 20, 1, 108, EAST_ROUTE);
        assertThat(only(second, Requested.class)).isEmpty();
        assertThat(driver.service.waveState(2, 0)).isEqualTo(SignalService.DONE);

        driver.command(SignalCommandType.RELEASE, 0, 0, OPERATOR, 0);
        final List<Object> third = driver.route(3, 30, 1, 108, EAST_ROUTE);
        assertThat(only(third, Requested.class)).extracting(Requested::intersection).containsExactly(0);

        // flash that runs out by itself
        driver.stopped(3);
        driver.command(SignalCommandType.FLASH, 0, 0, OPERATOR, 5);
        driver.advance(4.9);
        assertThat(only(driver.route(4, 40, 1, 108, EAST_ROUTE), Requested.class)).isEmpty();
        driver.advance(0.1);
        assertThat(only(driver.route(5, 50, 1, 108, EAST_ROUTE), Requested.class)).extracting(Requested::intersection)
            .containsExactly(0);
    }

    @Test
    void operatorFlashDoesNotHandTheIntersectionToTheQueue()
    {
        final SignalDriver driver = new SignalDriver();
        // unit 1 holds J3 from the west; unit 2 waits on the cross street
        driver.route(1, 10, 2, 36, 2, 3);
        // priority 1 skips the recovery time: only the flash can keep it waiting
        driver.route(2, 20, 1, 36, TestStreets.NORTH_ROUTE);
        assertThat(driver.service.waveState(2, 2)).isEqualTo(SignalService.QUEUED);
        driver.advance(1);
        final List<Object> out = driver.command(SignalCommandType.FLASH, 2, 0, OPERATOR, 30);
        assertThat(out).containsExactly(
            new Released(2, 1, PreemptEnd.OPERATOR, 1_000),
            new Issued(SignalCommandType.FLASH, 2, 0, OPERATOR, driver.nowNs + 30 * SECOND));
        assertThat(driver.service.holders(2)).isEmpty();
        driver.advance(1);
        driver.position(2, along(13, 100, 0));
        assertThat(only(driver.tick(), Requested.class)).isEmpty();
        // the operator gives it back: the waiting unit goes at once
        final List<Object> release = driver.command(SignalCommandType.RELEASE, 2, 0, OPERATOR, 0);
        assertThat(release.get(0)).isEqualTo(new Issued(SignalCommandType.RELEASE, 2, 0, OPERATOR, 0));
        assertThat(only(release, Requested.class)).extracting(Requested::unitId, Requested::intersection)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 2));
    }

    // ------------------------------------------------------------------ controller status

    @Test
    void intersectionStateIsEmittedOnChangesOnly()
    {
        final SignalDriver driver = new SignalDriver();
        final byte[] first = statusEvent(1, ControllerModeCode.LOCAL, 0, 0);
        final List<Object> out = driver.apply(first);
        assertThat(out).hasSize(1);
        final State state = (State)out.get(0);
        assertThat(state.intersection()).isEqualTo(1);
        assertThat(state.mode()).isEqualTo(ControllerModeCode.LOCAL);
        assertThat(state.atNs()).isEqualTo(driver.nowNs);
        assertThat(state.phases()).hasSize(4);
        assertThat(state.phases().get(0).phase()).isEqualTo(2);
        assertThat(driver.service.mode(1)).isEqualTo(ControllerModeCode.LOCAL);
        assertThat(driver.service.mode(0)).isNull();

        driver.advance(1);
        assertThat(driver.apply(first)).isEmpty();
        // only the countdowns moved: not a change
        assertThat(driver.apply(statusEvent(1, 1, 0, 0, new int[][]{
            {2, 3, 1, 40, 290}, {4, 1, 1, 65535, 65535}, {6, 3, 1, 40, 290}, {8, 1, 1, 65535, 65535}}, new int[0][]))).isEmpty();
        // indications
        assertThat(driver.apply(statusEvent(1, 1, 0, 0, standardPhases(2, 1), new int[0][]))).hasSize(1);
        // fewer phases
        assertThat(driver.apply(statusEvent(1, 1, 0, 0, new int[][]{{2, 2, 1, 0, 0}}, new int[0][]))).hasSize(1);
        // mode and preempt unit
        assertThat(driver.apply(statusEvent(1, ControllerModeCode.PREEMPT_DWELL, 0, 0))).hasSize(1);
        assertThat(driver.apply(statusEvent(1, ControllerModeCode.PREEMPT_DWELL, 0, 0))).isEmpty();
        final List<Object> preempt = driver.apply(statusEvent(1, ControllerModeCode.PREEMPT_DWELL, 0, 42));
        assertThat(((State)preempt.get(0)).preemptUnitId()).isEqualTo(42);
    }

    @Test
    void faultsRaiseAnAlarmOnceAgainWhenTheyChangeAndClearIt()
    {
        final SignalDriver driver = new SignalDriver();
        driver.apply(statusEvent(3, ControllerModeCode.LOCAL, 0, 0));
        driver.advance(1);
        List<Object> out = driver.apply(statusEvent(3, ControllerModeCode.LOCAL, COMMS_LOST, 0));
        assertThat(only(out, Alarm.class)).containsExactly(new Alarm(3, COMMS_LOST, ControllerModeCode.LOCAL, 1, driver.nowNs));
        assertThat(only(out, State.class)).extracting(State::faults).containsExactly(COMMS_LOST);
        assertThat(driver.apply(statusEvent(3, ControllerModeCode.LOCAL, COMMS_LOST, 0))).isEmpty();
        out = driver.apply(statusEvent(3, ControllerModeCode.FAULT_FLASH, COMMS_LOST | CONFLICT, 0));
        assertThat(only(out, Alarm.class)).containsExactly(
            new Alarm(3, COMMS_LOST | CONFLICT, ControllerModeCode.FAULT_FLASH, 1, driver.nowNs));
        // still in fault flash with no bits: not cleared, not raised again
        out = driver.apply(statusEvent(3, ControllerModeCode.FAULT_FLASH, 0, 0));
        assertThat(only(out, Alarm.class)).containsExactly(new Alarm(3, 0, ControllerModeCode.FAULT_FLASH, 1, driver.nowNs));
        out = driver.apply(statusEvent(3, ControllerModeCode.LOCAL, 0, 0));
        assertThat(only(out, Alarm.class)).containsExactly(new Alarm(3, 0, ControllerModeCode.LOCAL, 0, driver.nowNs));
        assertThat(only(driver.apply(statusEvent(3, ControllerModeCode.LOCAL, 0, 0)), Alarm.class)).isEmpty();
        // fault flash alone raises
        assertThat(only(driver.apply(statusEvent(4, ControllerModeCode.FAULT_FLASH, 0, 0)), Alarm.class)).hasSize(1);
    }

    @Test
    void aFaultReleasesHoldersAndNewRequestsSkipTheIntersection()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 108, EAST_ROUTE);
        driver.advance(1);
        final List<Object> out = driver.apply(statusEvent(0, ControllerModeCode.FAULT_FLASH, CONFLICT, 0));
        assertThat(only(out, Released.class)).containsExactly(new Released(0, 1, PreemptEnd.INTERSECTION_FAULT, 1_000));
        assertThat(only(driver.route(2, 20, 2, 108, EAST_ROUTE), Requested.class)).isEmpty();
        assertThat(driver.service.waveState(2, 0)).isEqualTo(SignalService.DONE);
        // back to normal: new waves are granted again
        driver.apply(statusEvent(0, ControllerModeCode.LOCAL, 0, 0));
        assertThat(only(driver.route(3, 30, 2, 108, EAST_ROUTE), Requested.class)).extracting(Requested::intersection)
            .containsExactly(0);
    }

    @Test
    void aControllerInFlashIsNotPreemptedAndDoesNotServeTheQueue()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 36, 2, 3);
        driver.route(2, 20, 1, 36, TestStreets.NORTH_ROUTE);
        assertThat(driver.service.waveState(2, 2)).isEqualTo(SignalService.QUEUED);
        driver.advance(1);
        final List<Object> out = driver.apply(statusEvent(2, ControllerModeCode.FLASH, 0, 0));
        assertThat(only(out, Released.class)).containsExactly(new Released(2, 1, PreemptEnd.INTERSECTION_FAULT, 1_000));
        assertThat(only(out, Requested.class)).isEmpty();
        assertThat(only(out, Alarm.class)).isEmpty();
        assertThat(only(driver.route(3, 30, 1, 36, 2, 3), Requested.class)).isEmpty();
        driver.advance(1);
        driver.position(2, along(13, 100, 0));
        assertThat(only(driver.tick(), Requested.class)).isEmpty();
    }

    @Test
    void strayStatusesChangeNothingAndNeverThrow()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 108, EAST_ROUTE);
        final byte[] before = driver.snapshot();
        assertThat(driver.apply(statusEvent(6, ControllerModeCode.FAULT_FLASH, CONFLICT, 0))).isEmpty();
        assertThat(driver.apply(statusEvent(-1, ControllerModeCode.FAULT_FLASH, CONFLICT, 0))).isEmpty();
        assertThat(driver.apply(statusEvent(Integer.MAX_VALUE, ControllerModeCode.LOCAL, 0, 0))).isEmpty();
        for (final int mode : new int[]{9, 42, 254, 255})
        {
            assertThat(driver.apply(statusEvent(0, mode, CONFLICT, 0, standardPhases(3, 1), new int[][]{{0, 5, 100}}))).isEmpty();
        }
        // unknown indications are clamped, not thrown on
        assertThat(driver.apply(statusEvent(1, 1, 0, 0, new int[][]{{2, 3, 1, 0, 0}}, new int[0][]))).hasSize(1);
        final byte[] mangled = statusEvent(1, 1, 0, 0, new int[][]{{2, 3, 1, 0, 0}}, new int[0][]);
        mangled[8 + 4 + 1 + 2 + 8 + 8 + 1 + 4 + 1] = (byte)200;
        driver.apply(mangled);
        // a truncated message and another schema are ignored
        assertThat(driver.apply(new byte[4])).isEmpty();
        final byte[] foreign = statusEvent(0, ControllerModeCode.FAULT_FLASH, CONFLICT, 0);
        foreign[4] = 99;
        assertThat(driver.apply(foreign)).isEmpty();
        assertThat(driver.service.holders(0)).containsExactly(1L);
        assertThat(driver.service.mode(0)).isNull();
        assertThat(driver.congestion).isEmpty();
        assertThat(before).isNotEmpty();
    }

    @Test
    void detectorsGiveCongestionFactorsOnApproachEdgesInSteps()
    {
        final SignalDriver driver = new SignalDriver();
        final int[][] phases = standardPhases(3, 1);
        // free flow on edge 0 (J0-J1) is 25,000 cm in 18 s: 1388 cm/s; 80% of it and more is free
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 12, 1111}}));
        assertThat(driver.congestion).isEmpty();
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 12, 1110}}));
        assertThat(driver.congestion).containsExactly(new int[]{0, 1250});
        // moves less than the step: kept
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 12, 1050}}));
        assertThat(driver.congestion).hasSize(1);
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 12, 500}}));
        assertThat(driver.congestion.get(1)).containsExactly(0, 2776);
        // standstill is capped at 10x
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 3, 0}}));
        assertThat(driver.congestion.get(2)).containsExactly(0, 10_000);
        // no vehicles (or no speed) is free flow again, reported even though "free" is a small step
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 0, 65535}}));
        assertThat(driver.congestion.get(3)).containsExactly(0, 1000);
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{0, 5, 65535}}));
        assertThat(driver.congestion).hasSize(4);
        // an edge that is not an approach of this intersection, or not an edge at all, is ignored
        driver.apply(statusEvent(0, 1, 0, 0, phases, new int[][]{{1, 12, 100}, {-1, 12, 100}, {20, 12, 100}, {12, 12, 100}}));
        assertThat(driver.congestion).hasSize(4);
        // westbound approach of J1 (edge 7, J2-J1) and two approaches of J3 in one status
        driver.apply(statusEvent(2, 1, 0, 0, phases, new int[][]{{13, 4, 300}, {2, 4, 600}}));
        assertThat(driver.congestion.subList(4, 6)).containsExactly(new int[]{13, 4626}, new int[]{2, 2313});
    }

    @Test
    void aQueuedRequestIsGrantedWhenTheFaultClearsOnTheNextTick()
    {
        final SignalDriver driver = new SignalDriver();
        driver.route(1, 10, 2, 36, 2, 3);
        driver.route(2, 20, 2, 36, TestStreets.NORTH_ROUTE);
        driver.advance(1);
        driver.apply(statusEvent(2, ControllerModeCode.FAULT_FLASH, CONFLICT, 0));
        driver.advance(20);
        driver.position(2, along(13, 100, 0));
        assertThat(only(driver.tick(), Requested.class)).isEmpty();
        driver.apply(statusEvent(2, ControllerModeCode.LOCAL, 0, 0));
        driver.position(2, along(13, 110, 0));
        final List<Object> out = driver.tick();
        assertThat(only(out, Requested.class)).extracting(Requested::unitId).containsExactly(2L);
        assertThat(only(out, Queued.class)).isEmpty();
    }
}
