package org.beacon.console.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.DirectBuffer;
import org.beacon.core.MessageView;

/**
 * The consoles' view of the city, folded from the node's journals: every input record through
 * {@link #onInput} and every output record through {@link #onOutput}, in journal order (an input, then the
 * outputs it produced). Entities are Jackson {@link ObjectNode}s with the fields of the console protocol
 * (console/README.md, "Entities"), mutated in place; {@link #drainChanges} hands over the keys touched since
 * the previous drain, so an AVL fix costs a few field writes and one dirty key, never a copy of the model.
 *
 * <p>Inputs feed what outputs do not carry: callers' numbers, IMSI and IMEI (raw here: masking per role is the
 * feed's job), each call's fixes, unit registration and AVL, and the operators' signal commands before the
 * state machine answers them. Everything else comes from outputs.
 *
 * <p>Choices the protocol leaves open:
 * <ul>
 *   <li>An incident's {@code units} is the history of units dispatched or committed to it: a unit that
 *       becomes available again stays listed (the unit's own {@code incidentId} says where it is now).</li>
 *   <li>A unit's wave ends when the unit reports any status but DISPATCHED or EN_ROUTE, as the center's state
 *       machine ends it then (CenterStateMachine hands such a UnitStatusChanged to the planner's onUnitStopped,
 *       which releases only the intersections it had been granted and says nothing of the others); also when a
 *       release says STALE_POSITION or UNIT_STOPPED (the planner ends the whole wave), when a plan lists no
 *       intersection, and when every intersection of it is released.</li>
 *   <li>A release for an intersection the unit's current wave only plans belongs to the wave a re-plan
 *       replaced (ROUTE_CHANGED follows the new plan) and is ignored.</li>
 *   <li>A notice's entity kind is {@code "notice"} like every other entity's {@code kind}; what the protocol
 *       calls the notice's kind ("rejected", "overdue"...) is in {@code noticeKind}.</li>
 *   <li>A fix without a known call id (AML matched by the caller's number) or a location a call-taker
 *       confirmed joins the call whose CallUpdated, produced by the same input, counts one fix more.</li>
 *   <li>An area alert's {@code pending} revision (a proposal, or an edit of an alert already out) ends with any
 *       AlertStateChanged of the alert (approved, rejected, cancelled, expired) and with an issued message of its
 *       revision or a later one; {@code current} is the area of the latest Alert or Update issued.</li>
 *   <li>An incident's {@code hazard} is the one a dispatcher's CLASSIFY set, unless the state machine refused that
 *       command, or the one an AlertProposed for it carries.</li>
 *   <li>The CAP XML of an alert's latest issued message is kept beside the entities ({@link #capXml(long)}), never
 *       in them: it is large and only read on request.</li>
 * </ul>
 *
 * <p>Never throws on a record: unknown templates are ignored, unknown enum values read {@code "UNKNOWN"}, and a
 * record too short for what it claims is dropped and counted ({@link #malformedRecords()}). Single-threaded.
 *
 * <p>Each entity kind folds the templates it declares ({@link EntityFold}): calls with their fixes ({@link CallFold}),
 * incidents ({@link IncidentFold}), units ({@link UnitFold}), green waves ({@link WaveFold}), intersections
 * ({@link IntersectionFold}), area alerts ({@link AlertFold}), cameras and the watchlist ({@link CameraFold}), poison
 * events ({@link FailureFold}: an alarm notice for each {@code EventFailed}); notices
 * and the links between kinds are in {@link ModelState}. The model checks each record's header once
 * ({@link MessageView}) and hands it to the one fold of its template.
 */
public final class ConsoleModel
{
    /** Notices kept: the newest ones; older ones are removed. */
    public static final int MAX_NOTICES = 200;
    /** Watchlist hits and incident candidates kept (each). */
    public static final int MAX_HITS = 200;
    /** Fixes kept per call: the newest ones. */
    public static final int MAX_FIXES = 20;
    /** Area alerts kept once rejected, cancelled or expired: the newest ones (alerts still open are all kept). */
    public static final int MAX_CLOSED_ALERTS = 200;
    /** Issued messages kept per area alert: the newest ones. */
    public static final int MAX_ISSUED = 20;
    /** Cell ids listed per zone of a broadcast; the counts say how many there were. */
    public static final int MAX_CELLS_LISTED = 2000;
    /** No real CAP message comes near this many bytes. */
    static final int MAX_CAP_XML = 1 << 20;

    private final ModelState state = new ModelState();
    private final FoldTable inputs = new FoldTable();
    private final FoldTable outputs = new FoldTable();
    private final AlertFold alerts = new AlertFold(state);

    private long lastSequence;
    private long lastTimestampNs;

    /**
     * A model holding the signal network's intersections and nothing else.
     *
     * @param intersections static info of the signal network: index → id and position (may be empty).
     */
    public ConsoleModel(final List<IntersectionInfo> intersections)
    {
        final EntityFold[] kinds =
        {
            new CallFold(state), new IncidentFold(state), new UnitFold(state), new WaveFold(state),
            new IntersectionFold(state), alerts, new CameraFold(state), new FailureFold(state), new NodeFold(state),
        };
        for (final EntityFold kind : kinds)
        {
            kind.register(inputs, outputs);
        }
        if (null != intersections)
        {
            for (final IntersectionInfo info : intersections)
            {
                if (null != info && info.index() >= 0 && info.index() < ModelState.MAX_INTERSECTION_INDEX)
                {
                    state.infos.put(info.index(), info);
                    state.intersection(info.index());
                }
            }
        }
    }

    // ------------------------------------------------------------------ public API

    /**
     * Applies one input record of the input journal.
     *
     * @param sequence    the record's sequence.
     * @param timestampNs the sequencer's timestamp, ns since the epoch.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the message header.
     * @param length      of the message.
     */
    public void onInput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        apply(inputs, sequence, timestampNs, buffer, offset, length);
    }

    /**
     * Applies one output record of the output journal.
     *
     * @param inputSequence the sequence of the input that produced it.
     * @param timestampNs   that input's timestamp, ns since the epoch.
     * @param buffer        holding the SBE message, header first.
     * @param offset        of the message header.
     * @param length        of the message.
     */
    public void onOutput(
        final long inputSequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        apply(outputs, inputSequence, timestampNs, buffer, offset, length);
    }

    /**
     * Hands every entity changed or removed since the last drain, in key order, each key once, then forgets them.
     *
     * @param listener receives them.
     */
    public void drainChanges(final ChangeListener listener)
    {
        String key;
        while (null != (key = state.pollDirty()))
        {
            final ObjectNode node = state.get(key);
            if (null == node)
            {
                listener.removed(key);
            }
            else
            {
                listener.changed(key, node);
            }
        }
    }

    /**
     * Every entity, sorted by key.
     *
     * @return a new list of the model's own nodes: callers must not modify them (use {@code deepCopy()}).
     */
    public List<ObjectNode> entities()
    {
        return new ArrayList<>(state.entities().values());
    }

    /**
     * @param key an entity's key ("unit:7").
     * @return the model's node of it (not to be modified), or null.
     */
    public ObjectNode entity(final String key)
    {
        return state.get(key);
    }

    /** @return the highest input sequence applied, by an input or by an output. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the timestamp of the input with {@link #lastSequence()}, ns since the epoch. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return how many entities the model holds. */
    public int size()
    {
        return state.entities().size();
    }

    /**
     * The CAP 1.2 XML of an area alert's latest issued message (Alert, Update or Cancel). Safe to call from any thread.
     *
     * @param alertId the alert's id.
     * @return the XML, or null when the alert issued nothing (or is no longer kept).
     */
    public String capXml(final long alertId)
    {
        return alerts.capXml(alertId);
    }

    /** @return how many records were dropped as damaged (not a message of this schema, or shorter than it claims). */
    public long malformedRecords()
    {
        return state.malformedRecords();
    }

    // ------------------------------------------------------------------ dispatch

    private void apply(
        final FoldTable folds,
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (sequence >= lastSequence)
        {
            lastSequence = sequence;
            lastTimestampNs = timestampNs;
        }
        final int templateId = state.view.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            state.malformed();
            return;
        }
        final FoldTable.Fold fold = folds.get(templateId);
        if (null == fold)
        {
            // ticks, hospitals, congestion, controller status, raw detections, acks: nothing a console shows
            return;
        }
        try
        {
            fold.apply(sequence, timestampNs);
        }
        catch (final IndexOutOfBoundsException | NegativeArraySizeException ex)
        {
            // a record shorter than its fields claim: drop it, the model stays as it was before the bad field
            state.malformed();
        }
    }
}
