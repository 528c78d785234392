package org.beacon.center.sim;

import org.agrona.DirectBuffer;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UpdateReason;

/** What the demo ({@link DemoRunner}) counts of the egress it sees, for its summary and its getters. */
final class DemoTally
{
    long incidentsOpened;
    long incidentsClosed;
    long callsGrouped;
    long dispatches;
    long rejections;
    long preemptions;
    long preemptReleases;
    long signalChanges;
    long signalAlarms;
    long enRouteChanges;
    long onSceneChanges;
    long alertsIssued;
    long alertsCancelled;
    int available;

    /**
     * An area-alert message (Alert, Update, Cancel).
     *
     * @param issued the decoded event.
     */
    void onAlertIssued(final AlertIssuedDecoder issued)
    {
        alertsIssued++;
        if (issued.msgType() == AlertMsgType.CANCEL)
        {
            alertsCancelled++;
        }
    }

    /**
     * An incident updated: closed, or a call grouped into it.
     *
     * @param updated the decoded event.
     */
    void onIncidentUpdated(final IncidentUpdatedDecoder updated)
    {
        if (updated.status() == IncidentStatus.CLOSED)
        {
            incidentsClosed++;
        }
        else if (updated.reason() == UpdateReason.CALL_ADDED)
        {
            callsGrouped++;
        }
    }

    /**
     * A preemption requested: counted unless it refreshes one.
     *
     * @param b      the frame's buffer.
     * @param offset where its header starts.
     */
    void onPreemptRequested(final DirectBuffer b, final int offset)
    {
        if (b.getByte(offset + MessageHeaderDecoder.ENCODED_LENGTH +
            PreemptRequestedDecoder.refreshEncodingOffset()) == 0)
        {
            preemptions++;
        }
    }

    /**
     * A unit's status changed: changes to EN_ROUTE and ON_SCENE, and the units available.
     *
     * @param statusChanged the decoded event.
     */
    void onStatusChanged(final UnitStatusChangedDecoder statusChanged)
    {
        if (statusChanged.to() == UnitStatusCode.EN_ROUTE && statusChanged.from() != UnitStatusCode.EN_ROUTE)
        {
            enRouteChanges++;
        }
        else if (statusChanged.to() == UnitStatusCode.ON_SCENE && statusChanged.from() != UnitStatusCode.ON_SCENE)
        {
            onSceneChanges++;
        }
        if (statusChanged.to() == UnitStatusCode.AVAILABLE && statusChanged.from() != UnitStatusCode.AVAILABLE)
        {
            available++;
        }
        else if (statusChanged.from() == UnitStatusCode.AVAILABLE && statusChanged.to() != UnitStatusCode.AVAILABLE)
        {
            available--;
        }
        else if (statusChanged.from() == statusChanged.to() && statusChanged.to() == UnitStatusCode.AVAILABLE)
        {
            available++;
        }
    }
}
