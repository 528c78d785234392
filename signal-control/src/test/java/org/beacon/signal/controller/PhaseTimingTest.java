package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhaseTimingTest
{
    @Test
    void iteYellowMatchesHandComputedFigures()
    {
        // 1.0 + 13.89 / 6.1 = 3.277 s
        assertThat(PhaseTiming.iteYellowMs(13.89, 0.0)).isEqualTo(3300);
        // 1.0 + 20 / (6.1 - 0.5886) = 4.629 s downhill
        assertThat(PhaseTiming.iteYellowMs(20.0, -3.0)).isEqualTo(4700);
        // 1.0 + 20 / (6.1 + 0.5886) = 3.990 s uphill
        assertThat(PhaseTiming.iteYellowMs(20.0, 3.0)).isEqualTo(4000);
        // 1.0 + 16.67 / 6.1 = 3.733 s
        assertThat(PhaseTiming.iteYellowMs(16.67, 0.0)).isEqualTo(3800);
    }

    @Test
    void yellowNeverBelowThreeSeconds()
    {
        // 1.0 + 8 / 6.1 = 2.31 s
        assertThat(PhaseTiming.iteYellowMs(8.0, 0.0)).isEqualTo(3000);
        assertThat(PhaseTiming.iteYellowMs(0.5, 8.0)).isEqualTo(3000);
    }

    @Test
    void redClearanceIsWidthPlusLengthOverSpeedWithAOneSecondFloor()
    {
        // 26 / 13.89 = 1.872 s
        assertThat(PhaseTiming.iteRedClearanceMs(20.0, 6.0, 13.89)).isEqualTo(1900);
        // 36 / 10 = 3.6 s exactly: no rounding up past an exact multiple
        assertThat(PhaseTiming.iteRedClearanceMs(30.0, 6.0, 10.0)).isEqualTo(3600);
        // 16 / 20 = 0.8 s
        assertThat(PhaseTiming.iteRedClearanceMs(10.0, 6.0, 20.0)).isEqualTo(1000);
    }

    @Test
    void urbanThroughUsesIteIntervalsAndPedestrianClearanceAtWalkingSpeed()
    {
        final PhaseTiming t = PhaseTiming.urbanThrough(13.89);
        assertThat(t.yellowMs()).isEqualTo(3300);
        assertThat(t.redClearanceMs()).isEqualTo(1900);
        assertThat(t.minGreenMs()).isEqualTo(7000);
        assertThat(t.maxGreenMs()).isEqualTo(40000);
        assertThat(t.walkMs()).isEqualTo(7000);
        // 20 m / 1.2 m/s = 16.67 s
        assertThat(t.pedClearanceMs()).isEqualTo(16700);
        assertThat(t).isEqualTo(PhaseTiming.of(7000, 40000, 3300, 1900, 7000, 16700));
    }

    @Test
    void rejectsMeaninglessInputs()
    {
        assertThatThrownBy(() -> PhaseTiming.iteYellowMs(0.0, 0.0)).hasMessageContaining("approach speed");
        assertThatThrownBy(() -> PhaseTiming.iteYellowMs(Double.NaN, 0.0)).hasMessageContaining("approach speed");
        assertThatThrownBy(() -> PhaseTiming.iteYellowMs(15.0, -40.0)).hasMessageContaining("too steep");
        assertThatThrownBy(() -> PhaseTiming.iteRedClearanceMs(-1.0, 6.0, 10.0)).hasMessageContaining("crossing width");
        assertThatThrownBy(() -> PhaseTiming.of(0, 10000, 3000, 1000, 0, 0)).hasMessageContaining("min green");
        assertThatThrownBy(() -> PhaseTiming.of(8000, 7000, 3000, 1000, 0, 0)).hasMessageContaining("max green 7000");
        assertThatThrownBy(() -> PhaseTiming.of(7000, 9000, 3000, -1, 0, 0)).hasMessageContaining("must not be negative");
    }
}
