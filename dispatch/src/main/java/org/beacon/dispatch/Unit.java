package org.beacon.dispatch;

import java.nio.charset.StandardCharsets;

import org.beacon.codecs.Agency;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;

/**
 * Mutable state of one responder unit; owned by {@link DispatchService} and never handed out.
 */
final class Unit extends Entity
{
    static final byte[] NO_CALL_SIGN = new byte[0];
    /** Longer call signs are cut to this many bytes. */
    static final int MAX_CALL_SIGN_LENGTH = 64;

    Agency agency;
    UnitType unitType;
    UnitStatusCode status;
    int latMicros;
    int lonMicros;
    long committedIncidentId;
    byte[] callSign = NO_CALL_SIGN;

    /** Event time of the last status change (or registration), for the overdue timers. */
    long statusSinceNs;
    /** Whether StatusOverdue was raised for the current status. */
    boolean overdueRaised;
    /** Last published drive time to the committed incident, seconds, or -1. */
    long lastEtaS = -1;

    /** Derived from the position and the road graph (recomputed on restore): snapped edge or -1, offset, distance. */
    int edge = -1;
    int offsetCm;

    /** The incidents whose current recommendation names this unit (the index of {@link Recommender}'s refresh). */
    final IdSortedList<Incident> recommendedBy = new IdSortedList<>();
    /** Where it was when a recommendation last named it: a move farther than the re-recommend distance refreshes. */
    int recommendedAtLatMicros;
    int recommendedAtLonMicros;

    /** Transient: the recommendation pass that last picked this unit, so one pass never names it twice. */
    int recommendPass;

    UnitView view()
    {
        return new UnitView(
            id, agency, unitType, status, latMicros, lonMicros, committedIncidentId,
            new String(callSign, StandardCharsets.UTF_8));
    }
}
