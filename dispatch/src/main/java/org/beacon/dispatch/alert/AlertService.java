package org.beacon.dispatch.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.AlertState;
import org.beacon.codecs.Hazard;
import org.beacon.core.OutputSink;
import org.beacon.core.service.Service;
import org.beacon.dispatch.IncidentView;

/**
 * The state machine's part of area alerts (CAP 1.2). An incident whose hazard a dispatcher names
 * ({@code AlertCommand CLASSIFY}), or a crowd alarm's incident candidate, gets a proposed alert: an inner zone to evacuate
 * and an outer ring to avoid, sized by {@link AlertConfig} from the hazard, the reported extent and the location's
 * uncertainty ({@code AlertProposed}). A dispatcher approves, edits or rejects it; hazards configured so go out at once.
 * Approval issues a CAP Alert ({@code AlertIssued}, the XML inside); later revisions (an edit, a better location of the
 * incident) are proposed again and issued as Updates; closing the incident cancels it (a CAP Cancel); an alert of an
 * open incident is renewed before it expires, one of a camera candidate expires.
 *
 * <p>Revisions: every proposal has a revision number, one more than the last; approving, rejecting or editing names the
 * revision the dispatcher saw and is refused ({@code STALE_REVISION}) when a newer one came since, so nobody approves
 * an area they have not seen. An alert that is out keeps its issued area while a revision waits; rejecting the
 * revision keeps the alert as issued.
 *
 * <p>It reads only its events: its own commands, the sequencer's ticks, and what dispatch and camera analytics emitted
 * for the same event ({@link #onOutput}); incidents are looked up in dispatch's state on a dispatcher's command. Every
 * map is ordered; the CAP text is made from the events alone, so a replay writes the same bytes.
 *
 * <p>A {@link Service} of section {@value #SECTION_ID}. This class composes the parts: {@code AlertInputs} decodes,
 * {@code AlertDecisions} checks and applies dispatchers' commands, {@code AlertReactions} follows incidents and camera
 * candidates, {@code AlertLifecycle} moves an alert through its states, {@code AlertDeadlines} renews and expires,
 * {@code AlertPublisher} writes the CAP text and the outputs, {@code AlertSnapshot} writes and reads the
 * {@code AlertBook} (layout in {@code AlertSnapshotDescriptor}).
 */
public final class AlertService implements Service
{
    /** The snapshot section of area alerts. */
    public static final int SECTION_ID = 4;
    /** Terminal alerts kept for commands that name them (answered {@code WRONG_STATE} rather than unknown). */
    public static final int MAX_FINISHED = 1_000;
    /** Camera candidates remembered for a dispatcher's PROPOSE. */
    public static final int MAX_CANDIDATES = 1_000;

    private final AlertConfig config;
    private final AlertBook book = new AlertBook();
    private final AlertInputs inputs;

    /**
     * @param config    zones and handling by hazard, CAP sender.
     * @param incidents dispatch's incidents by id (read on a dispatcher's command only), {@code null} when unknown.
     */
    public AlertService(final AlertConfig config, final LongFunction<IncidentView> incidents)
    {
        this.config = config;
        final AlertPublisher publisher = new AlertPublisher(config);
        final AlertDeadlines deadlines = new AlertDeadlines(config, book);
        final AlertLifecycle lifecycle = new AlertLifecycle(config, book, publisher, deadlines);
        this.inputs = new AlertInputs(book, new AlertDecisions(config, incidents, book, publisher, lifecycle),
            new AlertReactions(config, incidents, book, lifecycle), deadlines, lifecycle);
    }

    /** @return the configuration. */
    public AlertConfig config()
    {
        return config;
    }

    @Override
    public int sectionId()
    {
        return SECTION_ID;
    }

    @Override
    public int sectionVersion()
    {
        return AlertSnapshotDescriptor.VERSION;
    }

    /**
     * Applies one input (a dispatcher's {@code AlertCommand}, a {@code Tick}); inputs of other domains are ignored.
     *
     * @param sequence    the event's journal sequence.
     * @param timestampNs its sequencer timestamp.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the message.
     * @param length      of the message.
     * @param outputs     where outputs go.
     */
    @Override
    public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        inputs.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
    }

    /**
     * Applies what another service emitted for the same event (incident updates of dispatch, incident candidates of
     * camera analytics); other outputs are ignored.
     *
     * @param sequence    the event's journal sequence.
     * @param timestampNs its sequencer timestamp.
     * @param buffer      holding the SBE output, header first.
     * @param offset      of the output.
     * @param length      of the output.
     * @param outputs     where this service's outputs go.
     */
    @Override
    public void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        inputs.onOutput(sequence, timestampNs, buffer, offset, length, outputs);
    }

    /**
     * @param templateId an output's template id.
     * @return whether {@link #onOutput} acts on it: {@code IncidentUpdated} and {@code IncidentCandidate}.
     */
    @Override
    public boolean observes(final int templateId)
    {
        return AlertInputs.observes(templateId);
    }

    // ------------------------------------------------------------------------------------------------ views

    /**
     * A read-only view of one alert, for tools and tests.
     *
     * @param alertId        the alert.
     * @param incidentId     its incident, or 0.
     * @param candidateId    its camera candidate, or 0.
     * @param hazard         the hazard.
     * @param state          where it stands.
     * @param revision       its latest revision.
     * @param pending        whether that revision waits for a dispatcher.
     * @param proposed       the latest revision's area.
     * @param issued         the area that is out, or {@code null}.
     * @param identifiers    CAP identifiers of its messages so far.
     * @param expiresAtNs    when what is out expires, or 0.
     */
    public record AlertView(long alertId, long incidentId, long candidateId, Hazard hazard, AlertState state, int revision,
        boolean pending, AlertArea proposed, AlertArea issued, List<String> identifiers, long expiresAtNs)
    {
    }

    /**
     * @param alertId the alert.
     * @return a copy of its state, or {@code null} when unknown.
     */
    public AlertView alert(final long alertId)
    {
        final Alert a = book.alerts.get(alertId);
        return null == a ? null : new AlertView(a.alertId, a.incidentId, a.candidateId, a.hazard, a.state, a.revision, a.pending,
            a.proposed, a.issued, List.copyOf(a.identifiers), a.expiresAtNs);
    }

    /** @return every alert known, by id. */
    public List<AlertView> alerts()
    {
        final List<AlertView> views = new ArrayList<>(book.alerts.size());
        for (final Long id : book.alerts.keySet())
        {
            views.add(alert(id));
        }
        return views;
    }

    /**
     * @param incidentId an incident.
     * @return the hazard a dispatcher named for it, or {@code null}.
     */
    public Hazard hazard(final long incidentId)
    {
        return book.hazards.get(incidentId);
    }

    // ------------------------------------------------------------------------------------------------ snapshot

    /**
     * Writes the state ({@code AlertSnapshotDescriptor} has the layout).
     *
     * @param buffer to write to.
     * @param offset where.
     * @return bytes written.
     */
    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return AlertSnapshot.write(book, buffer, offset);
    }

    /**
     * Replaces the state with a snapshot's.
     *
     * @param buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        AlertSnapshot.read(book, buffer, offset, length);
    }

    /** Forgets everything: the state of a service that has seen no event. */
    @Override
    public void reset()
    {
        book.clear();
    }

    /** Forgets everything (a snapshot from before area alerts); the same as {@link #reset()}. */
    public void clear()
    {
        reset();
    }
}
