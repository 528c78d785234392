package org.beacon.video.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.CrowdRule;
import org.junit.jupiter.api.Test;

class CrowdRulesTest
{
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long FRAME = S / 10;

    /** count 10 held 5 s, occupancy 0.5 held 5 s, rise by 6 in 3 s, re-alarm gap 60 s. */
    private static final CrowdRules.Settings SETTINGS = new CrowdRules.Settings(10, 0.5, 5 * S, 6, 3 * S, 60 * S);

    private static List<CrowdRules.Alarm> feed(final CrowdRules rules, final long fromNs, final long toNs, final int count,
        final double occupancy)
    {
        final List<CrowdRules.Alarm> alarms = new ArrayList<>();
        for (long t = fromNs; t < toNs; t += FRAME)
        {
            alarms.addAll(rules.update(t, new ZoneMeasurement(1, count, occupancy)));
        }
        return alarms;
    }

    private static CrowdRules.Settings only(final int countThreshold, final double occupancyThreshold, final int riseBy)
    {
        return new CrowdRules.Settings(countThreshold, occupancyThreshold, SETTINGS.holdNs(), riseBy, SETTINGS.riseWindowNs(),
            SETTINGS.realarmGapNs());
    }

    @Test
    void heldCountFiresOnceWhenTheHoldIsReachedAndNotBefore()
    {
        final CrowdRules rules = new CrowdRules(only(10, 0, 0));
        assertThat(feed(rules, 0, 10 * S, 3, 0.1)).isEmpty();
        // 12 people from t=10 s: not before 15 s ...
        assertThat(feed(rules, 10 * S, 15 * S - FRAME, 12, 0.1)).isEmpty();
        final List<CrowdRules.Alarm> atHold = rules.update(15 * S - FRAME + FRAME, new ZoneMeasurement(1, 12, 0.1));
        // ... exactly at 15 s, once, with the episode's starting count as baseline.
        assertThat(atHold).singleElement().satisfies(a ->
        {
            assertThat(a.rule()).isEqualTo(CrowdRule.COUNT_HELD);
            assertThat(a.frameTimeNs()).isEqualTo(15 * S);
            assertThat(a.count()).isEqualTo(12);
            assertThat(a.baselineCount()).isEqualTo(12);
            assertThat(a.zoneId()).isEqualTo(1);
        });
        // ... and not again while the same episode goes on for minutes.
        assertThat(feed(rules, 15 * S + FRAME, 200 * S, 12, 0.1)).isEmpty();
    }

    @Test
    void aDipBeforeTheHoldRestartsTheEpisode()
    {
        final CrowdRules rules = new CrowdRules(only(10, 0, 0));
        assertThat(feed(rules, 0, 4 * S, 12, 0.1)).isEmpty();
        assertThat(feed(rules, 4 * S, 4 * S + FRAME, 9, 0.1)).isEmpty();
        assertThat(feed(rules, 4 * S + FRAME, 9 * S, 12, 0.1)).isEmpty();
        assertThat(rules.update(9 * S + FRAME, new ZoneMeasurement(1, 12, 0.1))).singleElement()
            .extracting(CrowdRules.Alarm::frameTimeNs).isEqualTo(9 * S + FRAME);
    }

    @Test
    void reAlarmGapHoldsBackANewEpisodeUntilItEnds()
    {
        final CrowdRules rules = new CrowdRules(only(10, 0, 0));
        final List<CrowdRules.Alarm> first = feed(rules, 0, 10 * S, 12, 0.1);
        assertThat(first).singleElement().extracting(CrowdRules.Alarm::frameTimeNs).isEqualTo(5 * S);
        // The crowd goes and comes back: the new episode reaches its hold at 26 s, inside the 60 s gap.
        assertThat(feed(rules, 10 * S, 20 * S, 2, 0.1)).isEmpty();
        assertThat(feed(rules, 20 * S, 65 * S, 12, 0.1)).isEmpty();
        // The gap ends 60 s after the first alarm; the episode is still held, so it fires then.
        final List<CrowdRules.Alarm> second = feed(rules, 65 * S, 70 * S, 12, 0.1);
        assertThat(second).singleElement().extracting(CrowdRules.Alarm::frameTimeNs).isEqualTo(65 * S);
    }

    @Test
    void occupancyRuleFiresOnItsOwn()
    {
        final CrowdRules rules = new CrowdRules(only(0, 0.5, 0));
        assertThat(feed(rules, 0, 20 * S, 50, 0.49)).isEmpty();
        final List<CrowdRules.Alarm> alarms = feed(rules, 20 * S, 30 * S, 4, 0.6);
        assertThat(alarms).singleElement().satisfies(a ->
        {
            assertThat(a.rule()).isEqualTo(CrowdRule.OCCUPANCY_HELD);
            assertThat(a.frameTimeNs()).isEqualTo(25 * S);
            assertThat(a.occupancy()).isEqualTo(0.6);
        });
    }

    @Test
    void fastRiseFiresWhenTheCountJumpsWithinTheWindowAndRespectsTheGap()
    {
        final CrowdRules rules = new CrowdRules(only(0, 0, 6));
        // A slow rise of one person every 4 s never makes 6 within 3 s.
        for (int i = 0; i < 20; i++)
        {
            assertThat(feed(rules, i * 4 * S, (i + 1) * 4 * S, i, 0.1)).isEmpty();
        }
        // From 2 to 9 in 2 s (ramp down first so the window's baseline is 2).
        assertThat(feed(rules, 80 * S, 90 * S, 2, 0.1)).isEmpty();
        assertThat(feed(rules, 90 * S, 91 * S, 5, 0.1)).isEmpty();
        final List<CrowdRules.Alarm> alarms = rules.update(92 * S, new ZoneMeasurement(1, 9, 0.1));
        assertThat(alarms).singleElement().satisfies(a ->
        {
            assertThat(a.rule()).isEqualTo(CrowdRule.FAST_RISE);
            assertThat(a.count()).isEqualTo(9);
            assertThat(a.baselineCount()).isEqualTo(2);
        });
        // Another jump 20 s later is within the 60 s gap: nothing; 70 s later it fires again.
        assertThat(feed(rules, 92 * S + FRAME, 110 * S, 2, 0.1)).isEmpty();
        assertThat(feed(rules, 110 * S, 112 * S, 12, 0.1)).isEmpty();
        assertThat(feed(rules, 112 * S, 160 * S, 2, 0.1)).isEmpty();
        assertThat(feed(rules, 160 * S, 160 * S + FRAME, 12, 0.1)).singleElement()
            .extracting(CrowdRules.Alarm::rule).isEqualTo(CrowdRule.FAST_RISE);
    }

    @Test
    void zonesAreIndependentAndOldFramesAreIgnored()
    {
        final CrowdRules rules = new CrowdRules(only(10, 0, 0));
        for (long t = 0; t <= 5 * S; t += FRAME)
        {
            final List<CrowdRules.Alarm> a1 = rules.update(t, new ZoneMeasurement(1, 12, 0.1));
            final List<CrowdRules.Alarm> a2 = rules.update(t, new ZoneMeasurement(2, 1, 0.1));
            assertThat(a2).isEmpty();
            assertThat(a1).hasSize(t == 5 * S ? 1 : 0);
        }
        assertThat(rules.update(S, new ZoneMeasurement(2, 50, 1.0))).isEmpty();
    }

    @Test
    void sameInputsGiveTheSameAlarms()
    {
        final List<CrowdRules.Alarm> a = run();
        assertThat(run()).isEqualTo(a).isNotEmpty();
    }

    private static List<CrowdRules.Alarm> run()
    {
        final CrowdRules rules = new CrowdRules(CrowdRules.Settings.DEFAULT);
        final List<CrowdRules.Alarm> alarms = new ArrayList<>();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int count = 0;
        for (long t = 0; t < 3600 * S; t += FRAME)
        {
            count = Math.max(0, Math.min(40, count + random.nextInt(3) - 1));
            alarms.addAll(rules.update(t, new ZoneMeasurement(7, count, count / 60.0)));
        }
        return alarms;
    }
}
