package org.beacon.dispatch.location;

/**
 * Rescales an uncertainty radius from the confidence a source declared to the 95% Beacon journals,
 * following RFC 7459 section 4.2.
 *
 * <ul>
 *   <li>Normal distribution in two dimensions (RFC 7459 4.2.2): the distance from the mean is Rayleigh
 *       distributed, so the radius holding confidence C is {@code sigma * k(C)} with
 *       {@code k(C) = sqrt(-2 ln(1 - C))}; hence {@code r95 = r * k(0.95) / k(C)}
 *       (k(0.95) = 2.4477, k(0.68) = 1.5096, k(0.39347) = 1).</li>
 *   <li>Rectangular (uniform) distribution (RFC 7459 4.2.1): confidence grows with area, so
 *       {@code r95 = r * sqrt(0.95 / C)}.</li>
 *   <li>Unknown distribution: the larger of the two factors, so that the radius is never understated.</li>
 * </ul>
 * A declared confidence of 100% under a normal distribution cannot be rescaled (the radius would be
 * infinite); it is taken as already covering 95% and left as is.
 */
public final class Confidence
{
    /** The confidence every journaled uncertainty radius is stated at, percent. */
    public static final int TARGET_PCT = 95;

    /** The distribution a source declared its uncertainty with (RFC 7459 {@code pdf} attribute). */
    public enum Distribution
    {
        /** Bivariate normal: the default in RFC 7459. */
        NORMAL,
        /** Uniform over the shape. */
        RECTANGULAR,
        /** Declared unknown: rescaled conservatively. */
        UNKNOWN
    }

    private static final double K95 = k(0.95);

    private Confidence()
    {
    }

    /**
     * The factor that turns a radius at {@code confidencePct} into a radius at 95%.
     *
     * @param confidencePct the declared confidence, in (0, 100].
     * @param distribution  the declared distribution.
     * @return the factor (1 when the declared confidence is 95), or NaN for a confidence outside (0, 100].
     */
    public static double factorTo95(final double confidencePct, final Distribution distribution)
    {
        if (!(confidencePct > 0.0 && confidencePct <= 100.0))
        {
            return Double.NaN;
        }
        if (confidencePct == TARGET_PCT)
        {
            return 1.0;
        }
        final double c = confidencePct / 100.0;
        final double rectangular = StrictMath.sqrt(0.95 / c);
        final double normal = confidencePct >= 100.0 ? 1.0 : K95 / k(c);
        switch (distribution)
        {
            case RECTANGULAR:
                return rectangular;
            case UNKNOWN:
                return StrictMath.max(rectangular, normal);
            case NORMAL:
            default:
                return normal;
        }
    }

    /**
     * Rescales a radius to 95% confidence and rounds it up to whole metres.
     *
     * @param radiusM       the radius at the declared confidence, metres, not negative.
     * @param confidencePct the declared confidence, in (0, 100].
     * @param distribution  the declared distribution.
     * @return the radius at 95%, metres, or -1 when the confidence is outside (0, 100].
     */
    public static long radiusAt95(final double radiusM, final double confidencePct, final Distribution distribution)
    {
        final double factor = factorTo95(confidencePct, distribution);
        if (Double.isNaN(factor))
        {
            return -1;
        }
        return ceilMetres(radiusM * factor);
    }

    /**
     * Rounds a radius up to whole metres, tolerating the last bits of floating-point noise.
     *
     * @return the metres.
     */
    static long ceilMetres(final double metres)
    {
        return (long)StrictMath.ceil(metres - 1e-6);
    }

    /** The radius, in standard deviations, that holds confidence {@code c} of a circular bivariate normal distribution. */
    static double k(final double c)
    {
        return StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - c));
    }
}
