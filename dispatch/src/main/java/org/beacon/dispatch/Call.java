package org.beacon.dispatch;

import java.util.Arrays;

import org.beacon.codecs.Agency;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * Mutable state of one call; owned by {@link DispatchService} and never handed out. Keeps at most
 * {@link #MAX_STORED_FIXES} usable fixes: when full, the oldest one that is neither the call's best nor
 * its confirmed fix gives way, so a flood of re-INVITEs or AML messages cannot grow a call without bound.
 */
final class Call extends Entity
{
    static final int MAX_STORED_FIXES = 16;
    static final byte[] NO_CALLER = new byte[0];

    Incident incident;
    Agency agency;
    byte[] caller = NO_CALLER;
    long receivedAtNs;
    boolean ended;
    long endedAtNs;
    boolean nuisance;
    int recentCalls;

    int fixCount;
    Fix[] fixes = new Fix[2];
    int storedFixes;
    Fix best;
    Fix confirmedFix;
    long confirmedSequence;

    LocationQuality lastQuality = LocationQuality.MISSING;
    LocationProblem lastProblem = LocationProblem.NO_LOCATION;
    LocationShape lastShape = LocationShape.NONE;
    FixSource lastSource = FixSource.NONE;

    /** The location the call shows: what the call-taker confirmed, else the best fix; null when none. */
    Fix shown()
    {
        return null != confirmedFix ? confirmedFix : best;
    }

    Fix storedFix(final int number)
    {
        for (int i = 0; i < storedFixes; i++)
        {
            if (fixes[i].number == number)
            {
                return fixes[i];
            }
        }
        return null;
    }

    /**
     * Keeps a usable fix, in number order (fixes arrive numbered in ascending order).
     */
    void store(final Fix fix)
    {
        if (storedFixes == MAX_STORED_FIXES)
        {
            for (int i = 0; i < storedFixes; i++)
            {
                if (fixes[i] != best && fixes[i] != confirmedFix)
                {
                    System.arraycopy(fixes, i + 1, fixes, i, storedFixes - i - 1);
                    fixes[--storedFixes] = null;
                    break;
                }
            }
        }
        if (storedFixes == fixes.length)
        {
            fixes = Arrays.copyOf(fixes, Math.min(MAX_STORED_FIXES, fixes.length * 2));
        }
        fixes[storedFixes++] = fix;
    }

    CallView view()
    {
        final Fix shown = shown();
        final boolean usable = null != shown;
        return new CallView(
            id,
            incident.id,
            agency,
            usable ? LocationQuality.USABLE : lastQuality,
            usable ? LocationProblem.NONE : lastProblem,
            usable ? shown.shape : lastShape,
            usable ? shown.source : lastSource,
            usable ? shown.latMicros : 0,
            usable ? shown.lonMicros : 0,
            usable ? shown.uncertaintyM : 0,
            fixCount,
            storedFixes,
            null != confirmedFix,
            nuisance,
            recentCalls,
            ended,
            receivedAtNs);
    }
}
