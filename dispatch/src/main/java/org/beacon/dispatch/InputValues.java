package org.beacon.dispatch;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;

/**
 * Raw enum values of the dispatch inputs read into what the state may hold. Gateways validate, but a value this
 * version does not know must not throw on the event path: each is mapped to a safe value, or to null where the input
 * is then ignored.
 */
final class InputValues
{
    private InputValues()
    {
    }

    /** A point a gateway declared usable but that is out of range is treated as unusable, never used. */
    static LocationQuality rangeCheckedQuality(final LocationQuality declared, final int latMicros, final int lonMicros)
    {
        return declared == LocationQuality.USABLE && !Geo.isValid(latMicros, lonMicros) ? LocationQuality.UNUSABLE : declared;
    }

    /** An unknown quality is a location that may not be used. */
    static LocationQuality locationQuality(final short raw)
    {
        switch (raw)
        {
            case 0:
                return LocationQuality.USABLE;
            case 1:
                return LocationQuality.MISSING;
            case 3:
                return LocationQuality.BY_REFERENCE;
            default:
                return LocationQuality.UNUSABLE;
        }
    }

    /**
     * The problem as sent, or one implied by the quality when the sender gave none (version 1 records).
     */
    static LocationProblem locationProblem(final short raw, final LocationQuality quality)
    {
        if (quality == LocationQuality.USABLE)
        {
            return LocationProblem.NONE;
        }
        if (raw > 0 && raw <= LocationProblem.UNSUPPORTED_CRS.value())
        {
            return LocationProblem.get(raw);
        }
        switch (quality)
        {
            case MISSING:
                return LocationProblem.NO_LOCATION;
            case BY_REFERENCE:
                return LocationProblem.BY_REFERENCE_ONLY;
            default:
                return LocationProblem.NONE;
        }
    }

    static LocationShape locationShape(final short raw)
    {
        return raw >= 0 && raw <= LocationShape.PRISM.value() ? LocationShape.get(raw) : LocationShape.NONE;
    }

    static FixSource fixSource(final short raw)
    {
        return raw >= 0 && raw <= FixSource.CALL_TAKER.value() ? FixSource.get(raw) : FixSource.NONE;
    }

    static LocationMethod locationMethod(final short raw)
    {
        return raw >= 0 && raw <= LocationMethod.HYBRID.value() ? LocationMethod.get(raw) : LocationMethod.UNKNOWN;
    }

    static UnitStatusCode unitStatus(final short raw)
    {
        return raw >= 0 && raw <= 6 ? UnitStatusCode.get(raw) : null;
    }

    static UnitType unitType(final short raw)
    {
        return raw >= 1 && raw <= 6 ? UnitType.get(raw) : null;
    }
}
