package org.beacon.dispatch.location;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * A caller location as a gateway read it, reduced to what the state machine journals: a point in
 * micro-degrees and a radius at 95% confidence, the shape it came as, and, when it is not usable,
 * why. Parsers never throw on bad input; they return {@link #unusable}.
 *
 * @param quality       USABLE, or why not (MISSING, UNUSABLE, BY_REFERENCE).
 * @param problem       NONE when usable, else the reason.
 * @param shape         the shape the location was given as.
 * @param method        how it was obtained (GNSS, Wi-Fi, cell, manual...).
 * @param latMicros     latitude of the representative point, micro-degrees (0 when unusable).
 * @param lonMicros     longitude of the representative point, micro-degrees (0 when unusable).
 * @param uncertaintyM  radius around the point that holds the caller with 95% confidence, metres.
 * @param confidencePct the confidence the source declared (before rescaling), 0 when unknown.
 * @param reference     the location-by-reference URI, or null.
 * @param detail        a short human-readable reason or note, never containing personal data, or null.
 */
public record ParsedLocation(
    LocationQuality quality,
    LocationProblem problem,
    LocationShape shape,
    LocationMethod method,
    int latMicros,
    int lonMicros,
    long uncertaintyM,
    int confidencePct,
    String reference,
    String detail)
{
    /**
     * A location that cannot be used, with the reason.
     *
     * @return the unusable location.
     */
    public static ParsedLocation unusable(final LocationQuality quality, final LocationProblem problem, final String detail)
    {
        return new ParsedLocation(quality, problem, LocationShape.NONE, LocationMethod.UNKNOWN, 0, 0, 0, 0, null, detail);
    }

    /** @return whether the point may be used. */
    public boolean usable()
    {
        return quality == LocationQuality.USABLE;
    }
}
