package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixRankingTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void thresholdAddsTheCappedCombinedRadiusToTheSceneExtent()
    {
        final DispatchConfig config = DispatchConfig.DEFAULT;

        assertThat(FixRanking.threshold(0, 0, config)).isEqualTo(80);
        assertThat(FixRanking.threshold(15, 15, config)).isEqualTo(80 + 22);
        assertThat(FixRanking.threshold(100, 100, config)).isEqualTo(80 + 142);
        assertThat(FixRanking.threshold(2_000, 10, config)).isEqualTo(80 + 250);
        assertThat(FixRanking.threshold(Fix.UNKNOWN_UNCERTAINTY, 10, config)).isEqualTo(80 + 250);
    }

    @Test
    void orderIsBySmallerUncertaintyGrownWithAge()
    {
        final Fix old = fix(1, 10, 0);
        final Fix newer = fix(2, 40, 20 * SECOND_NS);

        assertThat(FixRanking.better(old, 1, newer, 1, 1_000)).isTrue();                         // 10 + 20 < 40
        assertThat(FixRanking.better(fix(2, 40, 29 * SECOND_NS), 1, old, 1, 1_000)).isFalse(); // 40 > 10 + 29
        assertThat(FixRanking.better(fix(2, 40, 31 * SECOND_NS), 1, old, 1, 1_000)).isTrue();  // 40 < 10 + 31
        assertThat(FixRanking.better(fix(2, 40, 31 * SECOND_NS), 1, old, 1, 0)).isFalse();     // no aging
        assertThat(FixRanking.better(fix(2, 40, 16 * SECOND_NS), 1, old, 1, 2_000)).isTrue();  // 40 < 10 + 32
        // 40 == 10 + 30: an exact tie goes to the lower fix number.
        assertThat(FixRanking.better(fix(2, 40, 30 * SECOND_NS), 1, old, 1, 1_000)).isFalse();
        assertThat(FixRanking.better(old, 1, fix(2, 40, 30 * SECOND_NS), 1, 1_000)).isTrue();
    }

    @Test
    void exactTiesGoToTheLowerCallThenTheLowerFixNumber()
    {
        assertThat(FixRanking.better(fix(5, 20, 0), 3, fix(1, 20, 0), 4, 1_000)).isTrue();
        assertThat(FixRanking.better(fix(1, 20, 0), 4, fix(5, 20, 0), 3, 1_000)).isFalse();
        assertThat(FixRanking.better(fix(1, 20, 0), 4, fix(2, 20, 0), 4, 1_000)).isTrue();
    }

    @Test
    void extremeValuesDoNotOverflow()
    {
        final Fix ancient = fix(1, 5, Long.MIN_VALUE / 2);
        final Fix recent = fix(2, Fix.UNKNOWN_UNCERTAINTY, Long.MAX_VALUE / 2);

        assertThat(FixRanking.better(recent, 1, ancient, 1, DispatchConfig.MAX_FIX_AGING_MM_PER_S)).isTrue();
        assertThat(FixRanking.better(ancient, 1, recent, 1, DispatchConfig.MAX_FIX_AGING_MM_PER_S)).isFalse();
        assertThat(FixRanking.compareProducts(Long.MAX_VALUE, 3, Long.MAX_VALUE, 2)).isPositive();
        assertThat(FixRanking.compareProducts(Long.MIN_VALUE, 3, Long.MIN_VALUE, 2)).isNegative();
    }

    private static Fix fix(final int number, final long uncertaintyM, final long fixTimeNs)
    {
        final Fix fix = new Fix();
        fix.number = number;
        fix.uncertaintyM = uncertaintyM;
        fix.fixTimeNs = fixTimeNs;
        return fix;
    }
}
