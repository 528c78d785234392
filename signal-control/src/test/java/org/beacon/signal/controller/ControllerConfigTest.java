package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControllerConfigTest
{
    static final int THROUGH = (1 << 2) | (1 << 4) | (1 << 6) | (1 << 8);
    private static final PhaseTiming T = PhaseTiming.of(7000, 60000, 3300, 1900, 0, 0);

    @Test
    void fourPhaseDerivesTheCycleFromTheRings()
    {
        final ControllerConfig c = ControllerConfig.fourPhase("x", THROUGH, 13.89, 30000, 20000);
        assertThat(c.enabledMask()).isEqualTo(THROUGH);
        assertThat(c.enabled(2)).isTrue();
        assertThat(c.enabled(1)).isFalse();
        assertThat(c.enabled(0)).isFalse();
        assertThat(c.timing(3)).isNull();
        assertThat(c.splitMs(6)).isEqualTo(30000);
        assertThat(c.splitMs(8)).isEqualTo(20000);
        // (30 + 3.3 + 1.9) + (20 + 3.3 + 1.9) s
        assertThat(c.cycleMs()).isEqualTo(60400);
        assertThat(c.preemptMinGreenMs()).isEqualTo(5000);
        assertThat(c.preemptMaxDwellMs()).isEqualTo(120000);
        assertThat(c.startupAllRedMs()).isEqualTo(3000);
        assertThat(c.pedestrians()).isTrue();
    }

    @Test
    void fourPhaseRaisesMaxGreenForLongGreens()
    {
        final ControllerConfig c = ControllerConfig.fourPhase("x", THROUGH, 13.89, 60000, 20000);
        assertThat(c.timing(2).maxGreenMs()).isEqualTo(60000);
        assertThat(c.timing(4).maxGreenMs()).isEqualTo(40000);
    }

    @Test
    void padsTheLastPhaseBeforeEachBarrierSoBothRingsCrossTogether()
    {
        final ControllerConfig c = ControllerConfig.builder("pad")
            .phase(1, T).split(1, 10000)
            .phase(2, T).split(2, 20000)
            .phase(6, T).split(6, 25000)
            .phase(4, T).split(4, 15000)
            .phase(7, T).split(7, 8000)
            .phase(8, T).split(8, 9000)
            .build();
        // side A: ring 1 = 15.2 + 25.2 = 40.4 s, ring 2 = 30.2 s -> phase 6 + 10.2 s
        assertThat(c.greenMs(6)).isEqualTo(35200);
        assertThat(c.greenMs(2)).isEqualTo(20000);
        // side B: ring 1 = 20.2 s, ring 2 = 13.2 + 14.2 = 27.4 s -> phase 4 + 7.2 s
        assertThat(c.greenMs(4)).isEqualTo(22200);
        assertThat(c.splitMs(4)).isEqualTo(15000);
        assertThat(c.cycleMs()).isEqualTo(40400 + 27400);
    }

    @Test
    void anExplicitCycleMustMatchTheRings()
    {
        final ControllerConfig.Builder b = ControllerConfig.builder("c")
            .phase(2, T).split(2, 30000).phase(6, T).split(6, 30000)
            .phase(4, T).split(4, 20000).phase(8, T).split(8, 20000);
        assertThat(b.cycleMs(60400).build().cycleMs()).isEqualTo(60400);
        assertThatThrownBy(() -> b.cycleMs(90000).build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cycle 90000 ms does not match").hasMessageContaining("60400");
        b.split(8, 25000).split(6, 25000);
        // both rings total 60.4 s, but ring 2 reaches the barrier 5 s earlier
        assertThatThrownBy(() -> b.cycleMs(60400).build()).hasMessageContaining("must be equal");
    }

    @Test
    void validationErrorsNameTheProblem()
    {
        assertThatThrownBy(() -> ControllerConfig.builder(" ").phase(2, T).split(2, 9000).build()).hasMessageContaining("blank");
        assertThatThrownBy(() -> ControllerConfig.builder("n").build()).hasMessageContaining("no phase enabled");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(9, T)).hasMessageContaining("phase must be 1..8, got 9");
        assertThatThrownBy(() -> ControllerConfig.builder("n").split(0, 1000)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).phase(6, T).split(2, 9000).build())
            .hasMessageContaining("phase 6 is enabled but has no split");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 6000).phase(6, T).split(6, 9000).build())
            .hasMessageContaining("phase 2 split 6000 ms is below its min green 7000 ms");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 61000).phase(6, T).split(6, 9000).build())
            .hasMessageContaining("above its max green");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, PhaseTiming.of(7000, 9000, 2500, 1000, 0, 0)).split(2, 8000)
            .phase(6, T).split(6, 8000).build())
            .hasMessageContaining("phase 2 yellow 2500 ms is below the 3000 ms minimum");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 9000).phase(6, T).split(6, 9000).split(3, 9000).build())
            .hasMessageContaining("split given for phase 3, which is not enabled");
        // ring 2 only on side A, ring 1 on both sides
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 9000).phase(4, T).split(4, 9000)
            .phase(6, T).split(6, 9000).build())
            .hasMessageContaining("ring 2 has no enabled phase on barrier side B");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 9000).phase(6, T).split(6, 9000).offsetMs(14200).build())
            .hasMessageContaining("offset 14200 ms must be in [0, cycle 14200 ms)");
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(2, T).split(2, 9000).phase(6, T).split(6, 9000).preemptMaxDwellMs(0).build())
            .hasMessageContaining("preempt max dwell");
        // padding phase 6 by 40 s would exceed its 60 s max green
        assertThatThrownBy(() -> ControllerConfig.builder("n").phase(1, T).split(1, 40000).phase(2, T).split(2, 30000)
            .phase(6, T).split(6, 30000).build())
            .hasMessageContaining("phase 6 needs").hasMessageContaining("barrier padding");
        assertThatThrownBy(() -> ControllerConfig.fourPhase("n", 1 << 3, 13.89, 30000, 20000)).hasMessageContaining("only through phases");
    }

    @Test
    void aSingleRingIntersectionIsValid()
    {
        final ControllerConfig c = ControllerConfig.builder("one-way").phase(2, T).split(2, 20000).phase(4, T).split(4, 10000).build();
        assertThat(c.cycleMs()).isEqualTo(25200 + 15200);
    }

    @Test
    void compatibilityIsTheRingBarrierRule()
    {
        assertThat(ControllerConfig.compatible(2, 6)).isTrue();
        assertThat(ControllerConfig.compatible(2, 5)).isTrue();
        assertThat(ControllerConfig.compatible(1, 6)).isTrue();
        assertThat(ControllerConfig.compatible(4, 8)).isTrue();
        assertThat(ControllerConfig.compatible(3, 8)).isTrue();
        assertThat(ControllerConfig.compatible(1, 2)).as("same ring").isFalse();
        assertThat(ControllerConfig.compatible(2, 4)).as("same ring, across the barrier").isFalse();
        assertThat(ControllerConfig.compatible(2, 8)).as("across the barrier").isFalse();
        assertThat(ControllerConfig.compatible(2, 2)).as("a phase is not compatible with itself").isFalse();
        for (int a = 1; a <= 8; a++)
        {
            for (int b = 1; b <= 8; b++)
            {
                assertThat(ControllerConfig.compatible(a, b)).isEqualTo(ControllerConfig.compatible(b, a));
            }
        }
        assertThat(ControllerConfig.partner(2)).isEqualTo(6);
        assertThat(ControllerConfig.partner(6)).isEqualTo(2);
        assertThat(ControllerConfig.partner(4)).isEqualTo(8);
        assertThat(ControllerConfig.partner(1)).isEqualTo(5);
        assertThat(ControllerConfig.partner(7)).isEqualTo(3);
        assertThatThrownBy(() -> ControllerConfig.partner(9)).isInstanceOf(IllegalArgumentException.class);
    }
}
