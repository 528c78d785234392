package org.beacon.dispatch;

/**
 * Orders fixes and decides whether two locations may describe one event. Exact integer arithmetic only
 * (128-bit products where 64 bits could overflow), so every JVM agrees.
 * <p>
 * <b>Best fix.</b> A fix's effective uncertainty at time t is {@code u + g * (t - fixTime)}: its 95% radius
 * grown by how far the caller may have moved since (g = {@link DispatchConfig#fixAgingMmPerS}, 1 m/s by
 * default). The best fix has the smallest effective uncertainty. Because the growth is linear and the same
 * for every fix, the order of two fixes does not depend on t: A beats B iff
 * {@code (uA - uB) * 10^12 < g * (tA - tB)} (metres and nanoseconds, g in mm/s). So the best fix changes
 * only when a fix arrives, never with a Tick, and no timer is needed. A 2 km cell fix serves until
 * anything better comes: a 10 m AML fix taken 20 s later beats it at once, and a stale 10 m fix only
 * loses to a fresh 2 km fix after about 33 minutes. An unknown radius counts as {@link #UNKNOWN_RANK_M}.
 * Exact ties go to the lower call id, then to the lower fix number.
 * <p>
 * <b>Same event.</b> Two locations with 95% radii rA and rB whose errors are independent and circular
 * normal have a difference whose 95% radius is {@code sqrt(rA^2 + rB^2)}. Two callers of one event stand
 * within the scene extent e ({@link DispatchConfig#duplicateRadiusM}, 80 m) of each other, so the
 * measured distance d stays within {@code T = e + min(sqrt(rA^2 + rB^2), cap)}, 95% of the time. The cap
 * ({@link DispatchConfig#correlationUncertaintyCapM}, 250 m) keeps wide fixes from reaching far, and a
 * location coarser than {@link DispatchConfig#maxJoinUncertaintyM} (1 km: a network cell sector) never
 * joins at all: it cannot tell two events in one cell apart. Among several qualifying incidents the one
 * with the smallest normalized distance d / T wins, ties to the lower incident id. Radii are taken as
 * reported, not aged: the scene does not move with its callers, and the time window bounds the age. An
 * incident's radius is that of the location it shows (its best fix, or the confirmed one). Compared with the
 * fixed 80 m baseline, two precise fixes still need to be within about 80 m, while two 100 m Wi-Fi fixes
 * of one event 150 m apart now correlate.
 */
final class FixRanking
{
    /** Radius used to rank a fix whose uncertainty is unknown, metres. */
    static final long UNKNOWN_RANK_M = 1_000_000;

    private static final long NANOS_PER_MILLI_SECOND_METRE = 1_000_000_000_000L;

    private FixRanking()
    {
    }

    /**
     * The radius used for ranking and correlation: unknown counts as {@link #UNKNOWN_RANK_M}.
     */
    static long rankUncertainty(final long uncertaintyM)
    {
        return uncertaintyM == Fix.UNKNOWN_UNCERTAINTY || uncertaintyM > UNKNOWN_RANK_M ? UNKNOWN_RANK_M : uncertaintyM;
    }

    /**
     * Whether fix a (of call a) ranks before fix b (of call b).
     */
    static boolean better(final Fix a, final long callA, final Fix b, final long callB, final long agingMmPerS)
    {
        final int order = compareProducts(
            rankUncertainty(a.uncertaintyM) - rankUncertainty(b.uncertaintyM), NANOS_PER_MILLI_SECOND_METRE,
            agingMmPerS, a.fixTimeNs - b.fixTimeNs);
        if (order != 0)
        {
            return order < 0;
        }
        if (callA != callB)
        {
            return callA < callB;
        }
        return a.number < b.number;
    }

    /**
     * The correlation threshold T for two radii, metres.
     */
    static long threshold(final long uncertaintyA, final long uncertaintyB, final DispatchConfig config)
    {
        final long a = rankUncertainty(uncertaintyA);
        final long b = rankUncertainty(uncertaintyB);
        final long combined = (long)StrictMath.ceil(StrictMath.sqrt((double)(a * a + b * b)));
        return config.duplicateRadiusM() + Math.min(combined, config.correlationUncertaintyCapM());
    }

    /**
     * Compares a * b with c * d exactly, as 128-bit signed products.
     */
    static int compareProducts(final long a, final long b, final long c, final long d)
    {
        final long high1 = Math.multiplyHigh(a, b);
        final long high2 = Math.multiplyHigh(c, d);
        if (high1 != high2)
        {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }
}
