package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SupervisedIntersectionTest
{
    private static final long MS = 1_000_000L;

    @Test
    void aFieldFaultTripsTheMonitorAndTheCabinetStaysInFaultFlashUntilReset()
    {
        final ControllerConfig config = ControllerConfig.fourPhase("cab", ControllerConfigTest.THROUGH, 13.89, 30000, 20000);
        final SupervisedIntersection cabinet = new SupervisedIntersection(config, 0);
        long t = 0;
        for (; t < 10_000 * MS; t += 100 * MS)
        {
            assertThat(cabinet.step(t)).isZero();
        }
        assertThat(cabinet.controller().vehicle(2)).isEqualTo(Indication.GREEN);
        // a stuck load switch lights channel 4 green while 2 and 6 are green
        final boolean[] stuck = {true};
        cabinet.fieldFault((now, vehicle, ped) ->
        {
            if (stuck[0])
            {
                vehicle[4] = RingBarrierController.LAMP_GREEN;
            }
        });
        // the pedestrians walking beside phase 2 are in conflict with it too
        final int expected = ConflictMonitor.CONFLICT | ConflictMonitor.WALK_CONFLICT;
        assertThat(cabinet.step(t)).isEqualTo(expected);
        final RingBarrierController c = cabinet.controller();
        assertThat(c.mode()).isEqualTo(ControllerMode.FAULT_FLASH);
        assertThat(c.faults()).isEqualTo(expected);
        for (int p = 2; p <= 8; p += 2)
        {
            assertThat(c.vehicle(p)).isEqualTo(Indication.FLASHING_RED);
            assertThat(c.lamps(p)).isEqualTo(RingBarrierController.LAMP_RED | RingBarrierController.LAMP_FLASHING);
            assertThat(c.pedestrian(p)).isEqualTo(PedIndication.DARK);
        }
        assertThat(cabinet.monitor().describe()).contains("channels 2 and 4");
        stuck[0] = false;
        for (int i = 0; i < 1000; i++)
        {
            t += 100 * MS;
            assertThat(cabinet.step(t)).isZero();
            assertThat(c.mode()).isEqualTo(ControllerMode.FAULT_FLASH);
        }
        assertThat(cabinet.resetFault(t)).isEqualTo(RingBarrierController.ACCEPTED);
        assertThat(cabinet.monitor().tripped()).isFalse();
        assertThat(c.mode()).isEqualTo(ControllerMode.STARTUP);
        for (int i = 0; i < 1500; i++)
        {
            t += 100 * MS;
            assertThat(cabinet.step(t)).isZero();
        }
        assertThat(c.mode()).isEqualTo(ControllerMode.LOCAL);
    }

    @Test
    void aYellowCutShortInTheFieldIsCaught()
    {
        final ControllerConfig config = ControllerConfig.fourPhase("cab", ControllerConfigTest.THROUGH, 13.89, 30000, 20000);
        final SupervisedIntersection cabinet = new SupervisedIntersection(config, 0);
        // a relay shows red instead of the last second of yellow on channel 6
        cabinet.fieldFault((now, vehicle, ped) ->
        {
            if (vehicle[6] == RingBarrierController.LAMP_YELLOW && now >= 33_000 * MS - 1000 * MS - 1)
            {
                vehicle[6] = RingBarrierController.LAMP_RED;
            }
        });
        int bits = 0;
        for (long t = 0; t < 40_000 * MS && bits == 0; t += 100 * MS)
        {
            bits = cabinet.step(t);
        }
        assertThat(bits).isEqualTo(ConflictMonitor.SHORT_YELLOW);
        assertThat(cabinet.controller().mode()).isEqualTo(ControllerMode.FAULT_FLASH);
    }

    @Test
    void stepDoesNotAllocateInSteadyState()
    {
        final ControllerConfig config = ControllerConfig.fourPhase("cab", ControllerConfigTest.THROUGH, 13.89, 30000, 20000);
        final SupervisedIntersection cabinet = new SupervisedIntersection(config, 0);
        long t = 0;
        for (; t < 200_000 * MS; t += 100 * MS)
        {
            cabinet.step(t);
        }
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean))
        {
            return;
        }
        final com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean)bean;
        final long tid = Thread.currentThread().getId();
        final long before = sun.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++)
        {
            t += 100 * MS;
            cabinet.step(t);
        }
        final long allocated = sun.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 100k steps").isLessThan(4096);
    }
}
