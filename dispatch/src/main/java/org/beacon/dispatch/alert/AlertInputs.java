package org.beacon.dispatch.alert;

import org.agrona.DirectBuffer;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;

/**
 * The area-alert service's decode adapter: checks each message's header through {@link MessageView}, decodes the
 * templates the service acts on and hands their fields to the part that owns them. Messages of another schema, of
 * other templates, or whose block is shorter than this build reads are ignored.
 */
final class AlertInputs
{
    private final AlertBook book;
    private final AlertDecisions decisions;
    private final AlertReactions reactions;
    private final AlertDeadlines deadlines;
    private final AlertLifecycle lifecycle;
    private final MessageView message = new MessageView();
    private final AlertCommandDecoder command = new AlertCommandDecoder();
    private final IncidentUpdatedDecoder incidentUpdated = new IncidentUpdatedDecoder();
    private final IncidentCandidateDecoder candidate = new IncidentCandidateDecoder();

    AlertInputs(final AlertBook book, final AlertDecisions decisions, final AlertReactions reactions, final AlertDeadlines deadlines,
        final AlertLifecycle lifecycle)
    {
        this.book = book;
        this.decisions = decisions;
        this.reactions = reactions;
        this.deadlines = deadlines;
        this.lifecycle = lifecycle;
    }

    /** A journaled event: a dispatcher's command, or a tick that reaches the next deadline. */
    void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        final int template = message.wrap(buffer, offset, length);
        if (template == AlertCommandDecoder.TEMPLATE_ID && message.hasBlock(AlertCommandDecoder.BLOCK_LENGTH))
        {
            command.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
            decisions.onCommand(sequence, timestampNs, decodeCommand(), outputs);
        }
        else if (template == TickDecoder.TEMPLATE_ID && timestampNs >= book.nextDeadlineNs)
        {
            deadlines.onTick(timestampNs, lifecycle, outputs);
        }
    }

    private AlertDecisions.Command decodeCommand()
    {
        final short actionRaw = command.actionRaw();
        final long alertId = command.alertId();
        final long incidentId = command.incidentId();
        final long candidateId = command.candidateId();
        final int operatorId = command.operatorId();
        final int revision = command.revision();
        final short hazardRaw = command.hazardRaw();
        final int centerLat = command.center().latMicros();
        final int centerLon = command.center().lonMicros();
        final long innerRadius = command.innerRadiusM();
        final long ring = command.ringM();
        final AlertCommandDecoder.PolygonDecoder points = command.polygon();
        final int[] polygon = new int[points.count() * 2];
        int n = 0;
        for (final AlertCommandDecoder.PolygonDecoder p : points)
        {
            polygon[n++] = p.point().latMicros();
            polygon[n++] = p.point().lonMicros();
        }
        return new AlertDecisions.Command(AlertCodes.actionOf(actionRaw), alertId, incidentId, candidateId, operatorId, revision,
            AlertCodes.hazardOf(hazardRaw), new Geometry(centerLat, centerLon, innerRadius, ring, polygon));
    }

    /** An output of an earlier service for the same event: an incident update of dispatch, a camera candidate. */
    void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        final int template = message.wrap(buffer, offset, length);
        if (template == IncidentUpdatedDecoder.TEMPLATE_ID && message.hasBlock(IncidentUpdatedDecoder.BLOCK_LENGTH))
        {
            final IncidentUpdatedDecoder u = incidentUpdated.wrap(message.buffer(), MessageView.BODY, message.blockLength(),
                message.version());
            reactions.onIncidentUpdated(sequence, timestampNs, u.incidentId(), u.reasonRaw(), u.statusRaw(), u.otherIncidentId(),
                u.location().latMicros(), u.location().lonMicros(), u.uncertaintyM(), outputs);
        }
        else if (template == IncidentCandidateDecoder.TEMPLATE_ID && message.hasBlock(IncidentCandidateDecoder.BLOCK_LENGTH))
        {
            final IncidentCandidateDecoder c = candidate.wrap(message.buffer(), MessageView.BODY, message.blockLength(),
                message.version());
            reactions.onCandidate(sequence, timestampNs, c.candidateId(), new Candidate(c.place().latMicros(), c.place().lonMicros(),
                c.radiusM(), c.cameraId(), c.zoneId()), outputs);
        }
    }

    /**
     * @param templateId an output's template id.
     * @return whether {@link #onOutput} acts on it.
     */
    static boolean observes(final int templateId)
    {
        return templateId == IncidentUpdatedDecoder.TEMPLATE_ID || templateId == IncidentCandidateDecoder.TEMPLATE_ID;
    }
}
