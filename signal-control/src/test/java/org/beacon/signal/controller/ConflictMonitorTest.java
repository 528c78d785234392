package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Hand-made lamp sequences fed straight to the monitor: it must find each fault on its own. Channels 2, 4, 6, 8 are
 * enabled, yellow 3.3 s, red clearance 1.9 s.
 */
class ConflictMonitorTest
{
    private static final long MS = 1_000_000L;
    private static final int R = RingBarrierController.LAMP_RED;
    private static final int Y = RingBarrierController.LAMP_YELLOW;
    private static final int G = RingBarrierController.LAMP_GREEN;
    private static final int F = RingBarrierController.LAMP_FLASHING;
    private static final int DW = RingBarrierController.PED_DONT_WALK;
    private static final int WALK = RingBarrierController.PED_WALK;

    private final ControllerConfig config = ControllerConfig.fourPhase("m", ControllerConfigTest.THROUGH, 13.89, 30000, 20000);
    private final ConflictMonitor monitor = new ConflictMonitor(config);
    private final int[] vehicle = {0, 0, R, 0, R, 0, R, 0, R};
    private final int[] ped = {0, 0, DW, 0, DW, 0, DW, 0, DW};
    private long t = 1_000_000 * MS;

    /** Holds the current lamps for {@code ms}, sampling every 100 ms; returns the OR of what the monitor reported. */
    private int hold(final long ms)
    {
        int bits = 0;
        final long end = t + ms * MS;
        while (t < end)
        {
            bits |= monitor.check(t, vehicle, ped);
            t += 100 * MS;
        }
        return bits;
    }

    private void set(final int channel, final int lamps)
    {
        vehicle[channel] = lamps;
    }

    /** A clean change of the main street: green, full yellow, full red clearance, then the cross street green. */
    private int cleanChange()
    {
        set(2, G);
        set(6, G);
        int bits = hold(10000);
        set(2, Y);
        set(6, Y);
        bits |= hold(3300);
        set(2, R);
        set(6, R);
        bits |= hold(1900);
        set(4, G);
        set(8, G);
        return bits | hold(5000);
    }

    @Test
    void aProperSequenceIsAccepted()
    {
        assertThat(cleanChange()).isZero();
        assertThat(monitor.tripped()).isFalse();
        assertThat(monitor.describe()).isEqualTo("OK");
    }

    @Test
    void conflictingGreens()
    {
        hold(1000);
        set(2, G);
        set(4, G);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.CONFLICT);
        assertThat(monitor.tripped()).isTrue();
        assertThat(monitor.latchedViolations()).isEqualTo(ConflictMonitor.CONFLICT);
        assertThat(monitor.trippedAtNs()).isEqualTo(t - 100 * MS);
        assertThat(monitor.describe()).contains("CONFLICT").contains("channels 2 and 4");
        // latched: later samples report nothing new, the trip stays
        set(4, R);
        assertThat(hold(1000)).isZero();
        assertThat(monitor.tripped()).isTrue();
        monitor.reset();
        assertThat(monitor.tripped()).isFalse();
        assertThat(hold(1000)).isZero();
    }

    @Test
    void compatibleGreensAndAYellowAgainstAConflictingGreen()
    {
        set(2, G);
        set(6, G);
        assertThat(hold(1000)).isZero();
        set(6, Y);
        set(8, G);
        // a yellow still grants right of way: this is a plain conflict (the red clearance never began)
        assertThat(hold(100)).isEqualTo(ConflictMonitor.CONFLICT);
    }

    @Test
    void greenStraightToRed()
    {
        set(2, G);
        hold(10000);
        set(2, R);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.SKIPPED_YELLOW);
        assertThat(monitor.describe()).contains("channel 2 went from green to red without yellow");
    }

    @Test
    void greenStraightToFlashingRedIsAlsoASkippedYellow()
    {
        set(2, G);
        hold(10000);
        set(2, R | F);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.SKIPPED_YELLOW);
    }

    @Test
    void shortYellow()
    {
        set(2, G);
        hold(10000);
        set(2, Y);
        hold(2500);
        set(2, R);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.SHORT_YELLOW);
        assertThat(monitor.describe()).contains("yellow lasted 2600 ms, minimum 3300 ms");
    }

    @Test
    void theChannelsOwnYellowIsTheMinimumNotJustThreeSeconds()
    {
        set(2, G);
        hold(10000);
        set(2, Y);
        hold(3100);
        set(2, R);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.SHORT_YELLOW);
    }

    @Test
    void conflictingGreenDuringRedClearance()
    {
        set(2, G);
        hold(10000);
        set(2, Y);
        hold(3300);
        set(2, R);
        hold(1000);
        set(4, G);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.SKIPPED_RED_CLEARANCE);
        assertThat(monitor.describe()).contains("channel 4 turned green").contains("conflicting channel 2");
    }

    @Test
    void aCompatibleGreenDuringRedClearanceIsFine()
    {
        set(2, G);
        hold(10000);
        set(2, Y);
        hold(3300);
        set(2, R);
        hold(500);
        set(6, G);
        assertThat(hold(1000)).isZero();
    }

    @Test
    void darkChannel()
    {
        hold(1000);
        set(8, 0);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.DARK);
        assertThat(monitor.describe()).contains("channel 8 dark");
    }

    @Test
    void dualIndication()
    {
        hold(1000);
        set(4, R | G);
        assertThat(hold(100) & ConflictMonitor.DUAL_INDICATION).isNotZero();
        monitor.reset();
        set(4, R);
        ped[2] = DW | WALK;
        assertThat(hold(100)).isEqualTo(ConflictMonitor.DUAL_INDICATION);
    }

    @Test
    void walkAgainstAConflictingGreen()
    {
        set(2, G);
        set(6, G);
        ped[2] = WALK;
        assertThat(hold(1000)).as("walk with its own and the compatible green").isZero();
        ped[4] = DW | RingBarrierController.PED_FLASHING;
        assertThat(hold(100)).as("crossings that conflict").isEqualTo(ConflictMonitor.WALK_CONFLICT);
        monitor.reset();
        ped[4] = DW;
        set(2, R);
        set(6, R);
        hold(5000);
        set(8, G);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.WALK_CONFLICT);
        assertThat(monitor.describe()).contains("pedestrian channel 2 active against channel 8");
    }

    @Test
    void aDisabledChannelShowingGreenIsAConflict()
    {
        hold(1000);
        set(3, G);
        assertThat(hold(100)).isEqualTo(ConflictMonitor.CONFLICT);
        assertThat(monitor.describe()).contains("disabled channel 3");
    }

    @Test
    void flashIsNotTimedAndNeverConflicts()
    {
        for (int c = 2; c <= 8; c += 2)
        {
            set(c, R | F);
            ped[c] = 0;
        }
        assertThat(hold(5000)).isZero();
        set(2, Y | F);
        set(4, Y | F);
        assertThat(hold(5000)).isZero();
    }

    @Test
    void jitteryStepsDoNotTripTheDefaultMonitorButAStrictOneWouldSeeTheSamplesAsShort()
    {
        final ConflictMonitor strict = new ConflictMonitor(config, true);
        // a true 3300 ms yellow from 10.05 s to 13.35 s, sampled at 10.0, 10.1, ..., except 13.3 s is late: 13.4
        final long[] samples = {10_000, 10_100, 13_300, 13_400};
        final int[][] lamps = {{G}, {Y}, {Y}, {R}};
        final ConflictMonitor tolerant = monitor;
        int strictBits = 0;
        int tolerantBits = 0;
        for (int i = 0; i < samples.length; i++)
        {
            set(2, lamps[i][0]);
            strictBits |= strict.check(samples[i] * MS, vehicle, ped);
            tolerantBits |= tolerant.check(samples[i] * MS, vehicle, ped);
        }
        assertThat(tolerantBits).isZero();
        // first yellow sample to first red sample is 3300 ms: on this grid even the strict monitor is satisfied
        assertThat(strictBits).isZero();
        final ConflictMonitor strict2 = new ConflictMonitor(config, true);
        final ConflictMonitor tolerant2 = new ConflictMonitor(config);
        // the yellow really began at 10.05 s but the first sample showing it came late, at 10.2 s
        final long[] late = {10_000, 10_200, 13_400};
        final int[] lampsLate = {G, Y, R};
        int s2 = 0;
        int t2 = 0;
        for (int i = 0; i < late.length; i++)
        {
            set(2, lampsLate[i]);
            s2 |= strict2.check(late[i] * MS, vehicle, ped);
            t2 |= tolerant2.check(late[i] * MS, vehicle, ped);
        }
        assertThat(s2).isEqualTo(ConflictMonitor.SHORT_YELLOW);
        assertThat(t2).isZero();
    }

    @Test
    void describesBits()
    {
        assertThat(ConflictMonitor.describe(0)).isEqualTo("OK");
        assertThat(ConflictMonitor.describe(ConflictMonitor.CONFLICT | ConflictMonitor.SHORT_YELLOW)).isEqualTo("CONFLICT|SHORT_YELLOW");
        assertThat(ConflictMonitor.describe(ConflictMonitor.WALK_CONFLICT | 256)).isEqualTo("WALK_CONFLICT|0x100");
    }
}
