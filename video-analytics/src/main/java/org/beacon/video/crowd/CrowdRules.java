package org.beacon.video.crowd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.Int2ObjectHashMap;
import org.beacon.codecs.CrowdRule;

/**
 * The alarm rules of a camera's crowd zones, driven only by frame time (never the wall clock), so the same
 * measurements at the same frame times always give the same alarms.
 * <ul>
 *   <li>{@link CrowdRule#COUNT_HELD}: count &ge; {@code countThreshold} continuously for {@code holdNs}.</li>
 *   <li>{@link CrowdRule#OCCUPANCY_HELD}: occupancy &ge; {@code occupancyThreshold} continuously for {@code holdNs}.</li>
 *   <li>{@link CrowdRule#FAST_RISE}: count &ge; baseline + {@code riseBy}, where the baseline is the lowest count
 *       seen in the last {@code riseWindowNs}.</li>
 * </ul>
 * A held rule fires at most once per episode (the condition staying true); the first frame that breaks the
 * condition ends the episode. No rule fires again for the same zone within {@code realarmGapNs} of its last
 * alarm: an episode that reaches its hold inside the gap fires when the gap ends, if it is still held then.
 * A threshold of zero or less switches that rule off. Measurements older than the zone's last one are ignored.
 */
public final class CrowdRules
{
    private static final List<Alarm> NONE = List.of();

    /**
     * Rule settings for all zones of a camera.
     *
     * @param countThreshold     people count that starts a count episode (&le; 0: rule off).
     * @param occupancyThreshold occupancy that starts an occupancy episode (&le; 0: rule off).
     * @param holdNs             how long a count or occupancy episode must last before it fires.
     * @param riseBy             people added within the rise window that fire a fast rise (&le; 0: rule off).
     * @param riseWindowNs       the rise window.
     * @param realarmGapNs       no new alarm of the same rule for the same zone within this time.
     */
    public record Settings(int countThreshold, double occupancyThreshold, long holdNs, int riseBy, long riseWindowNs, long realarmGapNs)
    {
        /**
         * A city square watched by one camera: 20 people or 35 % of the zone for 30 s, 8 more people within
         * 20 s, at most one alarm per rule and zone every 5 minutes.
         */
        public static final Settings DEFAULT = new Settings(
            20, 0.35, TimeUnit.SECONDS.toNanos(30), 8, TimeUnit.SECONDS.toNanos(20), TimeUnit.MINUTES.toNanos(5));

        /**
         * Validates the settings.
         */
        public Settings
        {
            if (holdNs < 0 || riseWindowNs < 0 || realarmGapNs < 0)
            {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }

    /**
     * An alarm that fired.
     *
     * @param zoneId        the zone.
     * @param rule          the rule.
     * @param count         the count at the frame that fired.
     * @param occupancy     the occupancy at the frame that fired.
     * @param baselineCount the count the rule compared against: the window's lowest count for a fast rise,
     *                      the count when the episode started for a held rule.
     * @param frameTimeNs   the frame time that fired.
     */
    public record Alarm(int zoneId, CrowdRule rule, int count, double occupancy, int baselineCount, long frameTimeNs)
    {
    }

    private final Settings settings;
    private final Int2ObjectHashMap<ZoneState> zones = new Int2ObjectHashMap<>();

    /**
     * @param settings the rule settings.
     */
    public CrowdRules(final Settings settings)
    {
        if (settings == null)
        {
            throw new IllegalArgumentException("settings");
        }
        this.settings = settings;
    }

    /** @return the settings. */
    public Settings settings()
    {
        return settings;
    }

    /**
     * Feeds one zone measurement at a frame time; returns the alarms that fire now (0..n).
     *
     * @param frameTimeNs the frame's time (any epoch, non-decreasing per zone).
     * @param measurement the zone's measurement for that frame.
     * @return the alarms that fire at this frame, in rule order COUNT_HELD, OCCUPANCY_HELD, FAST_RISE.
     */
    public List<Alarm> update(final long frameTimeNs, final ZoneMeasurement measurement)
    {
        ZoneState state = zones.get(measurement.zoneId());
        if (state == null)
        {
            state = new ZoneState();
            zones.put(measurement.zoneId(), state);
        }
        if (state.seen && frameTimeNs < state.lastFrameNs)
        {
            return NONE;
        }
        state.seen = true;
        state.lastFrameNs = frameTimeNs;

        final int count = measurement.count();
        final double occupancy = measurement.occupancy();
        List<Alarm> fired = NONE;

        final boolean countOn = settings.countThreshold() > 0 && count >= settings.countThreshold();
        if (state.count.step(countOn, frameTimeNs, count, settings))
        {
            fired = add(fired, new Alarm(
                measurement.zoneId(), CrowdRule.COUNT_HELD, count, occupancy, state.count.startCount, frameTimeNs));
        }
        final boolean occupancyOn = settings.occupancyThreshold() > 0 && occupancy >= settings.occupancyThreshold();
        if (state.occupancy.step(occupancyOn, frameTimeNs, count, settings))
        {
            fired = add(fired, new Alarm(
                measurement.zoneId(), CrowdRule.OCCUPANCY_HELD, count, occupancy, state.occupancy.startCount, frameTimeNs));
        }

        state.window.add(frameTimeNs, count, settings.riseWindowNs());
        if (settings.riseBy() > 0)
        {
            final int baseline = state.window.min();
            final boolean gapOver = !state.riseFired || frameTimeNs - state.lastRiseNs >= settings.realarmGapNs();
            if (count - baseline >= settings.riseBy() && gapOver)
            {
                state.riseFired = true;
                state.lastRiseNs = frameTimeNs;
                fired = add(fired, new Alarm(measurement.zoneId(), CrowdRule.FAST_RISE, count, occupancy, baseline, frameTimeNs));
            }
        }
        return fired;
    }

    private static List<Alarm> add(final List<Alarm> fired, final Alarm alarm)
    {
        final List<Alarm> list = fired == NONE ? new ArrayList<>(3) : fired;
        list.add(alarm);
        return list;
    }

    private static final class ZoneState
    {
        boolean seen;
        long lastFrameNs;
        final HeldRule count = new HeldRule();
        final HeldRule occupancy = new HeldRule();
        final MinWindow window = new MinWindow();
        boolean riseFired;
        long lastRiseNs;
    }

    /** One held rule of one zone: the current episode and the last alarm. */
    private static final class HeldRule
    {
        boolean inEpisode;
        boolean episodeFired;
        long startNs;
        int startCount;
        boolean everFired;
        long lastAlarmNs;

        boolean step(final boolean on, final long nowNs, final int count, final Settings settings)
        {
            if (!on)
            {
                inEpisode = false;
                return false;
            }
            if (!inEpisode)
            {
                inEpisode = true;
                episodeFired = false;
                startNs = nowNs;
                startCount = count;
            }
            if (episodeFired || nowNs - startNs < settings.holdNs())
            {
                return false;
            }
            if (everFired && nowNs - lastAlarmNs < settings.realarmGapNs())
            {
                return false;
            }
            episodeFired = true;
            everFired = true;
            lastAlarmNs = nowNs;
            return true;
        }
    }

    /**
     * The lowest count within a sliding time window: a monotonic deque over primitive ring arrays, so a
     * steady stream of frames allocates nothing once the arrays have grown to the window's frame count.
     */
    private static final class MinWindow
    {
        private long[] times = new long[64];
        private int[] counts = new int[64];
        private int head;
        private int size;

        void add(final long nowNs, final int count, final long windowNs)
        {
            while (size > 0 && counts[index(size - 1)] >= count)
            {
                size--;
            }
            if (size == times.length)
            {
                grow();
            }
            times[index(size)] = nowNs;
            counts[index(size)] = count;
            size++;
            while (size > 1 && nowNs - times[head] > windowNs)
            {
                head = (head + 1) % times.length;
                size--;
            }
        }

        int min()
        {
            return counts[head];
        }

        private int index(final int i)
        {
            return (head + i) % times.length;
        }

        private void grow()
        {
            final long[] newTimes = new long[times.length * 2];
            final int[] newCounts = new int[counts.length * 2];
            for (int i = 0; i < size; i++)
            {
                newTimes[i] = times[index(i)];
                newCounts[i] = counts[index(i)];
            }
            times = newTimes;
            counts = newCounts;
            head = 0;
        }
    }
}
