package org.beacon.dispatch.intake.aml;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.dispatch.location.Confidence;
import org.beacon.dispatch.location.ParsedLocation;

/**
 * The fix both forms of AML carry, checked the same way under each form's field names: a latitude and longitude in
 * decimal degrees and a radius in metres at a confidence, rescaled to 95%. Each check returns null when the value
 * passes, or the problem as an unusable location whose detail is the error to report.
 */
final class AmlFix
{
    private long lat;
    private long lon;
    private double radiusM;

    /**
     * Checks and keeps a fix's latitude and longitude.
     *
     * @return null when both are decimal degrees on the globe, else the problem.
     */
    ParsedLocation position(final String latName, final String lt, final String lonName, final String lg)
    {
        lat = AmlFields.microDegrees(lt);
        if (lat == AmlFields.NOT_A_NUMBER)
        {
            return problem(LocationProblem.BAD_FIELD, latName + ": " + AmlFields.quote(lt) + " is not a decimal latitude");
        }
        if (lat < -90_000_000L || lat > 90_000_000L)
        {
            return problem(LocationProblem.OUT_OF_RANGE, latName + ": " + lt + " outside [-90, 90]");
        }
        lon = AmlFields.microDegrees(lg);
        if (lon == AmlFields.NOT_A_NUMBER)
        {
            return problem(LocationProblem.BAD_FIELD, lonName + ": " + AmlFields.quote(lg) + " is not a decimal longitude");
        }
        if (lon < -180_000_000L || lon > 180_000_000L)
        {
            return problem(LocationProblem.OUT_OF_RANGE, lonName + ": " + lg + " outside [-180, 180]");
        }
        return null;
    }

    /**
     * Checks and keeps a fix's radius.
     *
     * @return null when it is a radius in metres no larger than {@link AmlFields#MAX_RADIUS_M}, else the problem.
     */
    ParsedLocation radius(final String name, final String text)
    {
        radiusM = AmlFields.decimal(text);
        if (Double.isNaN(radiusM))
        {
            return problem(LocationProblem.BAD_FIELD, name + ": " + AmlFields.quote(text) + " is not a radius in metres");
        }
        if (radiusM > AmlFields.MAX_RADIUS_M)
        {
            return problem(LocationProblem.OUT_OF_RANGE, name + ": " + text + " m exceeds " + (long)AmlFields.MAX_RADIUS_M);
        }
        return null;
    }

    /** @return the fix as a circle: the radius rescaled from the confidence to 95%. */
    ParsedLocation circle(final LocationMethod method, final double confidence, final int confidencePct)
    {
        return new ParsedLocation(LocationQuality.USABLE, LocationProblem.NONE, LocationShape.CIRCLE, method, (int)lat, (int)lon,
            Confidence.radiusAt95(radiusM, confidence, Confidence.Distribution.NORMAL), confidencePct, null, null);
    }

    /** @return the fix as a point without uncertainty (no radius given). */
    ParsedLocation point(final LocationMethod method, final String detail)
    {
        return new ParsedLocation(LocationQuality.USABLE, LocationProblem.NONE, LocationShape.POINT, method, (int)lat, (int)lon, 0,
            0, null, detail);
    }

    /** @return an unusable location with the problem and the error. */
    static ParsedLocation problem(final LocationProblem problem, final String detail)
    {
        return ParsedLocation.unusable(LocationQuality.UNUSABLE, problem, detail);
    }
}
