package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ConfidenceTest
{
    @Test
    void normalFactorsMatchTheRayleighQuantiles()
    {
        assertThat(Confidence.factorTo95(95, Confidence.Distribution.NORMAL)).isEqualTo(1.0);
        assertThat(Confidence.factorTo95(68, Confidence.Distribution.NORMAL)).isCloseTo(1.62146, within(1e-4));
        // one standard deviation holds 1 - e^-1/2 = 39.35% of a circular normal distribution
        assertThat(Confidence.factorTo95(39.346934, Confidence.Distribution.NORMAL)).isCloseTo(2.44775, within(1e-4));
        assertThat(Confidence.factorTo95(99, Confidence.Distribution.NORMAL)).isCloseTo(0.80654, within(1e-4));
        assertThat(Confidence.factorTo95(100, Confidence.Distribution.NORMAL)).isEqualTo(1.0);
    }

    @Test
    void rectangularScalesWithAreaAndUnknownTakesTheLarger()
    {
        assertThat(Confidence.factorTo95(50, Confidence.Distribution.RECTANGULAR)).isCloseTo(StrictMath.sqrt(1.9), within(1e-12));
        assertThat(Confidence.factorTo95(99, Confidence.Distribution.UNKNOWN))
            .isEqualTo(Confidence.factorTo95(99, Confidence.Distribution.RECTANGULAR));
        assertThat(Confidence.factorTo95(50, Confidence.Distribution.UNKNOWN))
            .isEqualTo(Confidence.factorTo95(50, Confidence.Distribution.NORMAL));
    }

    @Test
    void confidenceOutsideTheOpenUnitIsRefused()
    {
        for (final double bad : new double[] {0, -1, 100.5, Double.NaN, Double.POSITIVE_INFINITY})
        {
            assertThat(Confidence.factorTo95(bad, Confidence.Distribution.NORMAL)).isNaN();
            assertThat(Confidence.radiusAt95(10, bad, Confidence.Distribution.NORMAL)).isEqualTo(-1);
        }
    }

    @Test
    void radiiRoundUpToWholeMetres()
    {
        assertThat(Confidence.radiusAt95(100, 68, Confidence.Distribution.NORMAL)).isEqualTo(163);
        assertThat(Confidence.radiusAt95(10, 95, Confidence.Distribution.NORMAL)).isEqualTo(10);
        assertThat(Confidence.radiusAt95(10.2, 95, Confidence.Distribution.NORMAL)).isEqualTo(11);
        assertThat(Confidence.radiusAt95(0, 20, Confidence.Distribution.NORMAL)).isZero();
    }

    /** Property: more declared confidence never means a larger 95% radius, and the factor crosses 1 at 95. */
    @Test
    void factorFallsAsDeclaredConfidenceRises()
    {
        final SplittableRandom random = new SplittableRandom(95);
        for (final Confidence.Distribution distribution : Confidence.Distribution.values())
        {
            for (int i = 0; i < 2_000; i++)
            {
                final double a = random.nextDouble(0.5, 99.9);
                final double b = random.nextDouble(a, 99.95);
                assertThat(Confidence.factorTo95(a, distribution)).isGreaterThanOrEqualTo(Confidence.factorTo95(b, distribution));
                assertThat(Confidence.factorTo95(a, distribution) >= 1.0).isEqualTo(a <= 95.0);
            }
        }
    }
}
