package org.beacon.dispatch;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationShape;

/**
 * One usable location fix of a call: a valid point, its 95% radius and when it was taken. Unusable fixes
 * are counted and numbered but not kept. Owned by {@link DispatchService}.
 */
final class Fix
{
    /** Uncertainty the gateway could not state (the uint32 null value). */
    static final long UNKNOWN_UNCERTAINTY = 0xFFFF_FFFFL;

    int number;
    FixSource source = FixSource.NONE;
    LocationShape shape = LocationShape.NONE;
    LocationMethod method = LocationMethod.UNKNOWN;
    short confidencePct;
    int latMicros;
    int lonMicros;
    long uncertaintyM;
    long fixTimeNs;
}
