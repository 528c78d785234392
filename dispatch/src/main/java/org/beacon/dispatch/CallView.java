package org.beacon.dispatch;

import org.beacon.codecs.Agency;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * Read-only copy of a call for tools (replay "show", console snapshots). Created only when a tool asks,
 * never on the event path. The caller's number is personal data and is not part of the view.
 *
 * @param callId                the gateway's call id.
 * @param incidentId            the incident the call belongs to now.
 * @param agency                the number dialled.
 * @param locationQuality       USABLE when the call has a location, else why not (of its latest fix).
 * @param locationProblem       NONE when usable, else the latest fix's problem.
 * @param shape                 shape of the shown location.
 * @param fixSource             where the shown location came from.
 * @param latMicros             latitude of the shown location (0 when none).
 * @param lonMicros             longitude of the shown location (0 when none).
 * @param uncertaintyM          95% radius of the shown location (0 when none).
 * @param fixCount              fixes received for the call, usable or not (the last fix number).
 * @param storedFixCount        usable fixes kept for the call.
 * @param confirmed             whether a call-taker confirmed the location.
 * @param nuisance              whether the call is flagged as a possible nuisance.
 * @param recentCallsFromCaller calls from the same number within the nuisance window, this one included.
 * @param ended                 whether the call's dialog ended.
 * @param receivedAtNs          event time the call was received.
 */
public record CallView(
    long callId,
    long incidentId,
    Agency agency,
    LocationQuality locationQuality,
    LocationProblem locationProblem,
    LocationShape shape,
    FixSource fixSource,
    int latMicros,
    int lonMicros,
    long uncertaintyM,
    int fixCount,
    int storedFixCount,
    boolean confirmed,
    boolean nuisance,
    int recentCallsFromCaller,
    boolean ended,
    long receivedAtNs)
{
}
