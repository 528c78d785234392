package org.beacon.signal.controller;

/**
 * Phase timing of a {@link RingBarrierController}, fixed by its configuration: each enabled phase's green, min green,
 * yellow, red clearance, walk and pedestrian clearance in ns, each ring's phase sequence with its startup and first
 * phase, the cycle, the offset and the coordination rules that follow from them.
 */
final class RingTiming
{
    static final long MS = 1_000_000L;
    static final long NEVER = Long.MAX_VALUE;

    final boolean pedestrians;
    final long[] greenNs = new long[ControllerConfig.PHASES + 1];
    final long[] minGreenNs = new long[ControllerConfig.PHASES + 1];
    final long[] yellowNs = new long[ControllerConfig.PHASES + 1];
    final long[] redNs = new long[ControllerConfig.PHASES + 1];
    final long[] walkNs = new long[ControllerConfig.PHASES + 1];
    final long[] pedClearNs = new long[ControllerConfig.PHASES + 1];
    final int[][] sequence = new int[2][];
    final boolean[] ringUsed = new boolean[2];
    final int[] startupPhase = new int[2];
    final int[] firstPhase = new int[2];
    final long cycleNs;
    final long offsetNs;
    final long maxShortenNs;
    final long preemptMinGreenNs;
    final long preemptMaxDwellNs;
    final long startupAllRedNs;

    RingTiming(final ControllerConfig config)
    {
        this.pedestrians = config.pedestrians();
        for (int p = 1; p <= ControllerConfig.PHASES; p++)
        {
            if (config.enabled(p))
            {
                final PhaseTiming t = config.timing(p);
                greenNs[p] = config.greenMs(p) * MS;
                minGreenNs[p] = t.minGreenMs() * MS;
                yellowNs[p] = t.yellowMs() * MS;
                redNs[p] = t.redClearanceMs() * MS;
                walkNs[p] = t.walkMs() * MS;
                pedClearNs[p] = t.pedClearanceMs() * MS;
            }
        }
        final int firstSide = (config.enabledMask() & 0b0110_0110) != 0 ? 0 : 1;
        long shorten = NEVER;
        for (int r = 0; r < 2; r++)
        {
            int n = 0;
            final int[] seq = new int[4];
            for (int p = 4 * r + 1; p <= 4 * r + 4; p++)
            {
                if (config.enabled(p))
                {
                    seq[n++] = p;
                }
            }
            sequence[r] = java.util.Arrays.copyOf(seq, n);
            ringUsed[r] = n > 0;
            if (n > 0)
            {
                final int through = 4 * r + 2 * firstSide + 2;
                startupPhase[r] = config.enabled(through) ? through : through - 1;
                firstPhase[r] = config.enabled(through - 1) ? through - 1 : through;
                shorten = Math.min(shorten, greenNs[firstPhase[r]] - minGreenNs[firstPhase[r]]);
            }
        }
        this.maxShortenNs = shorten;
        this.cycleNs = config.cycleMs() * MS;
        this.offsetNs = config.offsetMs() * MS;
        this.preemptMinGreenNs = config.preemptMinGreenMs() * MS;
        this.preemptMaxDwellNs = config.preemptMaxDwellMs() * MS;
        this.startupAllRedNs = config.startupAllRedMs() * MS;
    }

    /**
     * Coordination: the first phases of the cycle should start on {@code offset + k * cycle}. When they do not
     * (startup, after a preemption or an advance), their green is shortened down to min green if that is enough to
     * get back in step, else lengthened until the next cycle start.
     */
    long syncShiftNs(final long t)
    {
        final long pos = Math.floorMod(t - offsetNs, cycleNs);
        if (pos == 0)
        {
            return 0;
        }
        return pos <= maxShortenNs ? -pos : cycleNs - pos;
    }

    int successor(final int r, final int p)
    {
        final int[] seq = sequence[r];
        for (int i = 0; i < seq.length; i++)
        {
            if (seq[i] == p)
            {
                return seq[(i + 1) % seq.length];
            }
        }
        return seq.length > 0 ? seq[0] : 0;
    }

    int firstOnSide(final int r, final int from, final int side)
    {
        int p = from;
        for (int i = 0; i < sequence[r].length; i++)
        {
            if (ControllerConfig.side(p) == side)
            {
                return p;
            }
            p = successor(r, p);
        }
        return from;
    }
}
