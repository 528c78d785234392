package org.beacon.signal.controller;

/**
 * A software malfunction management unit (NEMA TS2 MMU / conflict monitor). It watches only lamp outputs,
 * sample by sample, against its own program card, and never asks the controller anything: a timing bug in the
 * controller must not be able to blind it. Its program card is read from the configuration once: the enabled
 * channels, the permissive (compatibility) matrix, which it derives itself from the ring-barrier layout, each
 * channel's yellow and its red clearance as the minimum red before a conflicting channel may turn green.
 *
 * <p>Durations are measured from samples, so they are only known to the sampling interval. By default the monitor
 * trips only on a certain violation: an interval is judged by the longest duration consistent with the samples
 * (a yellow from the last green sample to the first red sample). That keeps jittery step times from tripping a
 * sound intersection into flash, at the cost of missing violations shorter than one sampling interval. The strict
 * variant (package-private, for tests) judges by first-seen to first-seen, which is exact when transitions fall on
 * the sampling grid.
 *
 * <p>Rules, for enabled channels outside flash: no two conflicting channels green or yellow together; a green ends in
 * a yellow (never straight to red); the yellow lasts at least max(3 s, the channel's yellow); a conflicting channel
 * turns green only after the channel's red clearance; a channel is never dark; at most one colour is lit. A walk or
 * flashing don't walk may show only with its own vehicle channel and the channels compatible with it, and never with
 * a conflicting crossing. Disabled channels may be dark or red; green or yellow there is reported as a conflict.
 * Flashing indications (red or yellow) never grant right of way and are not timed.
 *
 * <p>The first violation trips the monitor and latches the bits; after that {@link #check} does nothing until
 * {@link #reset()}, as a tripped MMU holds the cabinet in flash whatever the controller does.
 */
public final class ConflictMonitor
{
    public static final int OK = 0;
    public static final int CONFLICT = 1;
    public static final int SKIPPED_YELLOW = 2;
    public static final int SHORT_YELLOW = 4;
    public static final int SKIPPED_RED_CLEARANCE = 8;
    public static final int DARK = 16;
    public static final int DUAL_INDICATION = 32;
    public static final int WALK_CONFLICT = 64;
    public static final int MIN_YELLOW_MS = 3000;

    private static final String[] NAMES = {
        "CONFLICT", "SKIPPED_YELLOW", "SHORT_YELLOW", "SKIPPED_RED_CLEARANCE", "DARK", "DUAL_INDICATION", "WALK_CONFLICT"};
    private static final int BITS = NAMES.length;
    private static final int CHANNELS = 8;
    private static final long MS = 1_000_000L;
    private static final long UNKNOWN = Long.MIN_VALUE;

    // lamp bits as wired; deliberately not borrowed from the controller class
    private static final int RED_LAMP = 1;
    private static final int YELLOW_LAMP = 2;
    private static final int GREEN_LAMP = 4;
    private static final int FLASH_LAMP = 8;
    private static final int DW_LAMP = 1;
    private static final int WALK_LAMP = 2;
    private static final int PED_FLASH_LAMP = 8;

    private static final int S_UNKNOWN = 0;
    private static final int S_RED = 1;
    private static final int S_YELLOW = 2;
    private static final int S_GREEN = 3;
    private static final int S_OTHER = 4;

    private final boolean strict;
    private final boolean[] enabled = new boolean[CHANNELS + 1];
    private final boolean[][] permissive = new boolean[CHANNELS + 1][CHANNELS + 1];
    private final long[] minYellowNs = new long[CHANNELS + 1];
    private final long[] redClearNs = new long[CHANNELS + 1];
    private final String intersectionId;

    private final int[] state = new int[CHANNELS + 1];
    private final int[] current = new int[CHANNELS + 1];
    private final long[] stateSince = new long[CHANNELS + 1];
    private final long[] lastGreenSample = new long[CHANNELS + 1];
    private final long[] lastRightOfWaySample = new long[CHANNELS + 1];
    private final boolean[] active = new boolean[CHANNELS + 1];
    private final boolean[] pedActive = new boolean[CHANNELS + 1];

    private boolean tripped;
    private int latched;
    private long trippedAt;
    private final int[] detailA = new int[BITS];
    private final int[] detailB = new int[BITS];
    private final long[] detailMs = new long[BITS];

    /**
     * A monitor programmed for one intersection.
     *
     * @param config the intersection's configuration (its program card is copied out once)
     */
    public ConflictMonitor(final ControllerConfig config)
    {
        this(config, false);
    }

    ConflictMonitor(final ControllerConfig config, final boolean strict)
    {
        this.strict = strict;
        this.intersectionId = config.intersectionId();
        for (int c = 1; c <= CHANNELS; c++)
        {
            enabled[c] = (config.enabledMask() & (1 << c)) != 0;
            if (enabled[c])
            {
                final PhaseTiming t = config.timing(c);
                minYellowNs[c] = Math.max(MIN_YELLOW_MS, t.yellowMs()) * MS;
                redClearNs[c] = t.redClearanceMs() * MS;
            }
        }
        for (int a = 1; a <= CHANNELS; a++)
        {
            for (int b = 1; b <= CHANNELS; b++)
            {
                // own derivation of the ring-barrier card: rings 1-4 / 5-8, barrier between x1,x2 and x3,x4
                final boolean otherRing = (a <= 4) != (b <= 4);
                final boolean sameSide = ((a - 1) % 4 < 2) == ((b - 1) % 4 < 2);
                permissive[a][b] = a != b && otherRing && sameSide;
            }
        }
        reset();
    }

    /**
     * Checks one sample of the cabinet's outputs.
     *
     * @param nowNs        sample time; samples must come in time order
     * @param vehicleLamps lamp bits per vehicle channel, indexed 1..8 (red 1, yellow 2, green 4, flashing 8)
     * @param pedLamps     lamp bits per pedestrian channel, indexed 1..8 (don't walk 1, walk 2, flashing 8)
     * @return the violation bits found in this sample, {@link #OK} when none (and always once tripped)
     */
    public int check(final long nowNs, final int[] vehicleLamps, final int[] pedLamps)
    {
        if (tripped)
        {
            return OK;
        }
        int bits = 0;
        for (int c = 1; c <= CHANNELS; c++)
        {
            final int lamps = vehicleLamps[c];
            final boolean flashing = (lamps & FLASH_LAMP) != 0;
            final int colours = lamps & (RED_LAMP | YELLOW_LAMP | GREEN_LAMP);
            active[c] = !flashing && (colours & (YELLOW_LAMP | GREEN_LAMP)) != 0;
            if (!enabled[c])
            {
                if (active[c])
                {
                    bits |= note(CONFLICT, c, 0, 0);
                }
                continue;
            }
            if (colours == 0)
            {
                bits |= note(DARK, c, 0, 0);
            }
            else if (Integer.bitCount(colours) > 1)
            {
                bits |= note(DUAL_INDICATION, c, 0, 0);
            }
        }
        for (int a = 1; a <= CHANNELS; a++)
        {
            if (!active[a])
            {
                continue;
            }
            for (int b = a + 1; b <= CHANNELS; b++)
            {
                if (active[b] && !permissive[a][b])
                {
                    bits |= note(CONFLICT, a, b, 0);
                }
            }
        }
        bits |= checkPedestrians(pedLamps);
        bits |= checkTransitions(nowNs, vehicleLamps);
        if (bits != 0)
        {
            tripped = true;
            latched = bits;
            trippedAt = nowNs;
        }
        return bits;
    }

    private int checkPedestrians(final int[] pedLamps)
    {
        int bits = 0;
        for (int c = 1; c <= CHANNELS; c++)
        {
            final int lamps = pedLamps[c];
            pedActive[c] = lamps == WALK_LAMP || lamps == (DW_LAMP | PED_FLASH_LAMP);
            if (lamps != 0 && lamps != DW_LAMP && !pedActive[c])
            {
                bits |= note(DUAL_INDICATION, c, 0, 0);
            }
        }
        for (int c = 1; c <= CHANNELS; c++)
        {
            if (!pedActive[c])
            {
                continue;
            }
            if (!enabled[c])
            {
                bits |= note(WALK_CONFLICT, c, 0, 0);
                continue;
            }
            for (int v = 1; v <= CHANNELS; v++)
            {
                if (v != c && active[v] && !permissive[c][v])
                {
                    bits |= note(WALK_CONFLICT, c, v, 0);
                }
                if (v != c && pedActive[v] && !permissive[c][v])
                {
                    bits |= note(WALK_CONFLICT, c, v, 0);
                }
            }
        }
        return bits;
    }

    private int checkTransitions(final long nowNs, final int[] vehicleLamps)
    {
        for (int c = 1; c <= CHANNELS; c++)
        {
            current[c] = enabled[c] ? classify(vehicleLamps[c]) : S_UNKNOWN;
        }
        int bits = 0;
        for (int c = 1; c <= CHANNELS; c++)
        {
            if (!enabled[c])
            {
                continue;
            }
            final int now = current[c];
            final int before = state[c];
            if (now == S_GREEN && before != S_GREEN)
            {
                bits |= checkRedClearances(c, nowNs);
            }
            if (before == S_GREEN && now == S_RED)
            {
                bits |= note(SKIPPED_YELLOW, c, 0, 0);
            }
            if (before == S_YELLOW && now != S_YELLOW && lastGreenSample[c] != UNKNOWN && (!strict || stateSince[c] != UNKNOWN))
            {
                // judged on the shortest (strict) or the longest (default) yellow the samples allow
                final long yellow = nowNs - (strict ? stateSince[c] : lastGreenSample[c]);
                if (yellow < minYellowNs[c])
                {
                    bits |= note(SHORT_YELLOW, c, 0, yellow / MS);
                }
            }
        }
        for (int c = 1; c <= CHANNELS; c++)
        {
            if (!enabled[c])
            {
                continue;
            }
            final int now = current[c];
            final int before = state[c];
            if (now != before)
            {
                // a first sample says nothing about when its state began
                stateSince[c] = before == S_UNKNOWN ? UNKNOWN : nowNs;
                state[c] = now;
                if (now == S_YELLOW && before != S_GREEN)
                {
                    lastGreenSample[c] = UNKNOWN;
                }
            }
            if (now == S_GREEN)
            {
                lastGreenSample[c] = nowNs;
            }
            if (now == S_GREEN || now == S_YELLOW)
            {
                lastRightOfWaySample[c] = nowNs;
            }
        }
        return bits;
    }

    /** Channel {@code c} turns green in this sample: every conflicting channel must have finished its red clearance. */
    private int checkRedClearances(final int c, final long nowNs)
    {
        int bits = 0;
        for (int d = 1; d <= CHANNELS; d++)
        {
            if (d == c || !enabled[d] || permissive[c][d] || current[d] != S_RED || lastRightOfWaySample[d] == UNKNOWN)
            {
                continue;
            }
            final long redStart;
            if (!strict)
            {
                redStart = lastRightOfWaySample[d];
            }
            else if (state[d] != S_RED)
            {
                redStart = nowNs;
            }
            else
            {
                redStart = stateSince[d];
            }
            if (redStart == UNKNOWN)
            {
                continue;
            }
            final long red = nowNs - redStart;
            if (red < redClearNs[d])
            {
                bits |= note(SKIPPED_RED_CLEARANCE, d, c, red / MS);
            }
        }
        return bits;
    }

    private static int classify(final int lamps)
    {
        final int colours = lamps & (RED_LAMP | YELLOW_LAMP | GREEN_LAMP);
        if ((lamps & FLASH_LAMP) != 0)
        {
            return colours == RED_LAMP ? S_RED : S_OTHER;
        }
        switch (colours)
        {
            case RED_LAMP:
                return S_RED;
            case YELLOW_LAMP:
                return S_YELLOW;
            case GREEN_LAMP:
                return S_GREEN;
            default:
                return S_OTHER;
        }
    }

    private int note(final int bit, final int a, final int b, final long ms)
    {
        final int i = Integer.numberOfTrailingZeros(bit);
        if (detailA[i] == 0)
        {
            detailA[i] = a;
            detailB[i] = b;
            detailMs[i] = ms;
        }
        return bit;
    }

    public boolean tripped()
    {
        return tripped;
    }

    /** The bits of the violation that tripped the monitor, 0 when not tripped. */
    public int latchedViolations()
    {
        return latched;
    }

    /** Sample time of the violation that tripped the monitor, 0 when not tripped. */
    public long trippedAtNs()
    {
        return trippedAt;
    }

    /**
     * What tripped the monitor, for the operator: each violation with the channels involved.
     *
     * @return a one-line description, "OK" when not tripped
     */
    public String describe()
    {
        if (!tripped)
        {
            return "OK";
        }
        final StringBuilder sb = new StringBuilder(intersectionId).append(" tripped at ").append(trippedAt).append(" ns:");
        for (int i = 0; i < BITS; i++)
        {
            if ((latched & (1 << i)) == 0)
            {
                continue;
            }
            sb.append(' ').append(NAMES[i]).append(" (");
            final int a = detailA[i];
            final int b = detailB[i];
            switch (1 << i)
            {
                case CONFLICT:
                    sb.append(b == 0 ? "disabled channel " + a + " showing right of way"
                        : "channels " + a + " and " + b + " both showing right of way");
                    break;
                case SKIPPED_YELLOW:
                    sb.append("channel ").append(a).append(" went from green to red without yellow");
                    break;
                case SHORT_YELLOW:
                    sb.append("channel ").append(a).append(" yellow lasted ").append(detailMs[i]).append(" ms, minimum ")
                        .append(minYellowNs[a] / MS).append(" ms");
                    break;
                case SKIPPED_RED_CLEARANCE:
                    sb.append("channel ").append(b).append(" turned green ").append(detailMs[i]).append(" ms after conflicting channel ")
                        .append(a).append(" left yellow, red clearance ").append(redClearNs[a] / MS).append(" ms");
                    break;
                case DARK:
                    sb.append("channel ").append(a).append(" dark");
                    break;
                case DUAL_INDICATION:
                    sb.append("channel ").append(a).append(" shows an impossible lamp combination");
                    break;
                case WALK_CONFLICT:
                    sb.append(b == 0 ? "walk on disabled channel " + a : "pedestrian channel " + a + " active against channel " + b);
                    break;
                default:
                    break;
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** Operator reset: clears the trip and forgets the lamp history (the next sample starts afresh). */
    public void reset()
    {
        tripped = false;
        latched = 0;
        trippedAt = 0;
        for (int c = 0; c <= CHANNELS; c++)
        {
            state[c] = S_UNKNOWN;
            stateSince[c] = UNKNOWN;
            lastGreenSample[c] = UNKNOWN;
            lastRightOfWaySample[c] = UNKNOWN;
        }
        for (int i = 0; i < BITS; i++)
        {
            detailA[i] = 0;
            detailB[i] = 0;
            detailMs[i] = 0;
        }
    }

    /**
     * Names of violation bits.
     *
     * @param violationBits an OR of the violation constants
     * @return e.g. "CONFLICT|SHORT_YELLOW", or "OK" for 0
     */
    public static String describe(final int violationBits)
    {
        if (violationBits == 0)
        {
            return "OK";
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < BITS; i++)
        {
            if ((violationBits & (1 << i)) != 0)
            {
                if (sb.length() > 0)
                {
                    sb.append('|');
                }
                sb.append(NAMES[i]);
            }
        }
        final int unknown = violationBits & ~((1 << BITS) - 1);
        if (unknown != 0)
        {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.toString();
    }
}
