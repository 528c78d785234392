package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;

import org.beacon.codecs.AlertState;
import org.beacon.core.OutputSink;

/**
 * The timers of area alerts, driven by the sequencer's ticks: an active alert of an open incident is renewed
 * {@link AlertConfig#renewBeforeNs()} before it expires, one of a camera candidate expires; a proposal of a camera
 * candidate nobody decided on expires too. {@link AlertBook#nextDeadlineNs} is a lower bound of every live alert's
 * deadline, so a tick before it costs nothing.
 */
final class AlertDeadlines
{
    private final AlertConfig config;
    private final AlertBook book;

    AlertDeadlines(final AlertConfig config, final AlertBook book)
    {
        this.config = config;
        this.book = book;
    }

    /** A tick at or after {@link AlertBook#nextDeadlineNs}: renews or expires what is due, then finds the next deadline. */
    void onTick(final long timestampNs, final AlertLifecycle lifecycle, final OutputSink outputs)
    {
        final List<Alert> due = new ArrayList<>();
        for (final Long id : book.live)
        {
            final Alert alert = book.alerts.get(id);
            if (deadline(alert) <= timestampNs)
            {
                due.add(alert);
            }
        }
        for (final Alert alert : due)
        {
            final AlertConfig.Rule rule = config.rule(alert.hazard);
            if (alert.state == AlertState.ACTIVE && alert.incidentId > 0)
            {
                // the incident is open (a closed one cancelled its alert): renew what is out
                lifecycle.issue(alert, AlertCap.Kind.UPDATE, alert.issued, alert.issuedRevision, 0, timestampNs,
                    "Gia hạn / renewed", outputs);
            }
            else if (alert.state == AlertState.ACTIVE || timestampNs - alert.proposedAtNs >= (null == rule ? 0 : rule.expiresNs()))
            {
                lifecycle.finish(alert, AlertState.EXPIRED, 0, timestampNs, outputs);
            }
        }
        long next = Long.MAX_VALUE;
        for (final Long id : book.live)
        {
            next = Math.min(next, deadline(book.alerts.get(id)));
        }
        book.nextDeadlineNs = next;
    }

    /** Lowers the next deadline to this alert's, when earlier. */
    void recompute(final Alert alert)
    {
        book.nextDeadlineNs = Math.min(book.nextDeadlineNs, deadline(alert));
    }

    private long deadline(final Alert alert)
    {
        final AlertConfig.Rule rule = config.rule(alert.hazard);
        if (alert.state == AlertState.ACTIVE)
        {
            return alert.incidentId > 0 ? alert.expiresAtNs - config.renewBeforeNs() : alert.expiresAtNs;
        }
        // a proposal nobody decided on: one of an incident waits for the incident, one of a camera expires
        return alert.incidentId > 0 || null == rule ? Long.MAX_VALUE : alert.proposedAtNs + rule.expiresNs();
    }
}
