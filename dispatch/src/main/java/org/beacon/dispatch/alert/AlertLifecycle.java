package org.beacon.dispatch.alert;

import org.beacon.codecs.AlertState;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.ProposalReason;
import org.beacon.core.OutputSink;

/**
 * An alert's life: opened as a proposal, revised, issued (an Alert, then Updates), and finished (rejected, cancelled
 * or expired). Every step changes the {@link AlertBook} first and then emits its outputs through the
 * {@link AlertPublisher}, in the order the outputs have always come.
 */
final class AlertLifecycle
{
    private final AlertConfig config;
    private final AlertBook book;
    private final AlertPublisher publisher;
    private final AlertDeadlines deadlines;

    AlertLifecycle(final AlertConfig config, final AlertBook book, final AlertPublisher publisher, final AlertDeadlines deadlines)
    {
        this.config = config;
        this.book = book;
        this.publisher = publisher;
        this.deadlines = deadlines;
    }

    /** A new alert: indexed, and its first revision proposed (and issued, when its hazard goes out at once). */
    void open(final Alert alert, final AlertArea area, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        book.index(alert);
        alert.state = AlertState.PROPOSED;
        alert.revision = 0;
        newRevision(alert, area, ProposalReason.NEW, operatorId, timestampNs, outputs);
    }

    /** A new revision unless the area is what is proposed (or out) already and the hazard is the same. */
    void revise(final Alert alert, final AlertArea area, final ProposalReason reason, final int operatorId,
        final long timestampNs, final boolean hazardChanged, final OutputSink outputs)
    {
        final AlertArea current = alert.pending ? alert.proposed : alert.issued;
        if (!hazardChanged && area.equals(current))
        {
            return;
        }
        newRevision(alert, area, reason, operatorId, timestampNs, outputs);
    }

    void newRevision(final Alert alert, final AlertArea area, final ProposalReason reason, final int operatorId,
        final long timestampNs, final OutputSink outputs)
    {
        alert.revision++;
        alert.proposed = area;
        alert.pending = true;
        alert.proposedAtNs = timestampNs;
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        final boolean auto = null != rule && rule.autoIssue();
        publisher.proposed(alert, reason, auto, operatorId, timestampNs, outputs);
        if (auto)
        {
            issuePending(alert, operatorId, timestampNs, outputs);
        }
        else
        {
            deadlines.recompute(alert);
        }
    }

    /** Issues the waiting revision: the alert's first message (it becomes active) or an Update. */
    void issuePending(final Alert alert, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        final boolean first = alert.state == AlertState.PROPOSED;
        alert.state = AlertState.ACTIVE;
        issue(alert, first ? AlertCap.Kind.ALERT : AlertCap.Kind.UPDATE, alert.proposed, alert.revision, operatorId, timestampNs, null,
            outputs);
        if (first)
        {
            publisher.state(alert, AlertState.ACTIVE, alert.revision, operatorId, timestampNs, outputs);
        }
    }

    /** Cancels an alert that is out, or withdraws a proposal, because its incident ended. */
    void end(final Alert alert, final String note, final long timestampNs, final OutputSink outputs)
    {
        if (alert.state == AlertState.ACTIVE)
        {
            issue(alert, AlertCap.Kind.CANCEL, alert.issued, alert.issuedRevision, 0, timestampNs, note, outputs);
        }
        finish(alert, AlertState.CANCELLED, 0, timestampNs, outputs);
    }

    void finish(final Alert alert, final AlertState state, final int operatorId, final long timestampNs, final OutputSink outputs)
    {
        alert.state = state;
        alert.pending = false;
        book.retire(alert);
        publisher.state(alert, state, alert.state == AlertState.REJECTED ? alert.revision : alert.issuedRevision, operatorId,
            timestampNs, outputs);
    }

    /** One CAP message of an alert: what is out and when it expires change (not for a Cancel), then it is emitted. */
    void issue(final Alert alert, final AlertCap.Kind kind, final AlertArea area, final int revision, final int operatorId,
        final long timestampNs, final String note, final OutputSink outputs)
    {
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        final long expires = timestampNs + (null == rule ? AlertConfig.DEFAULT.rule(Hazard.FIRE).expiresNs() : rule.expiresNs());
        final int number = alert.identifiers.size() + 1;
        final String identifier = AlertCap.identifier(config, alert.alertId, number);
        final String xml = publisher.capXml(alert, kind, area, number, timestampNs, expires, note);
        alert.identifiers.add(identifier);
        alert.sentNs.add(timestampNs);
        if (kind != AlertCap.Kind.CANCEL)
        {
            alert.issued = area;
            alert.issuedRevision = revision;
            alert.expiresAtNs = expires;
            if (area == alert.proposed)
            {
                alert.pending = false;
            }
            deadlines.recompute(alert);
        }
        publisher.issued(alert, kind, area, revision, operatorId, timestampNs, expires, identifier, xml, outputs);
    }

    /** The zones of an incident's alert by its hazard, reported extent and location uncertainty. */
    AlertArea size(final Hazard hazard, final int latMicros, final int lonMicros, final long uncertaintyM, final int extentM)
    {
        final AlertConfig.Rule rule = config.rule(hazard);
        final long base = Math.max(rule.innerRadiusM(), extentM > 0 ? (long)extentM + rule.extentMarginM() : 0);
        final long inner = Math.min(AlertConfig.MAX_RADIUS_M, base + Math.min(uncertaintyM, config.maxUncertaintyAddM()));
        return AlertArea.circle(latMicros, lonMicros, (int)inner, rule.ringM());
    }

    /** The zones of a camera candidate's alert: its zone and the hazard's margin. */
    static AlertArea candidateArea(final AlertConfig.Rule rule, final Candidate c)
    {
        final int inner = Math.min(AlertConfig.MAX_RADIUS_M, Math.max(rule.innerRadiusM(), c.radiusM() + rule.extentMarginM()));
        return AlertArea.circle(c.latMicros(), c.lonMicros(), inner, rule.ringM());
    }
}
