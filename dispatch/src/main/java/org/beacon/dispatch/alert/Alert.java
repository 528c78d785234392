package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;

import org.beacon.codecs.AlertState;
import org.beacon.codecs.Hazard;

/** One alert's state, owned by {@link AlertBook}. */
final class Alert
{
    final long alertId;
    long incidentId;
    final long candidateId;
    final long zoneKey;
    Hazard hazard;
    AlertState state = AlertState.PROPOSED;
    int revision;
    boolean pending;
    boolean operatorGeometry;
    AlertArea proposed;
    AlertArea issued;
    int issuedRevision;
    long expiresAtNs;
    long proposedAtNs;
    /** CAP identifiers of the messages issued so far, oldest first; {@link #sentNs} holds their sent times. */
    final List<String> identifiers = new ArrayList<>();
    final List<Long> sentNs = new ArrayList<>();

    Alert(final long alertId, final long incidentId, final long candidateId, final long zoneKey)
    {
        this.alertId = alertId;
        this.incidentId = incidentId;
        this.candidateId = candidateId;
        this.zoneKey = zoneKey;
    }

    boolean live()
    {
        return state == AlertState.PROPOSED || state == AlertState.ACTIVE;
    }
}
