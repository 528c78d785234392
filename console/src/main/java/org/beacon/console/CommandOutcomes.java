package org.beacon.console;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.SignalCommandRejectedDecoder;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.WatchlistEntryDecoder;
import org.beacon.core.MessageView;

/**
 * What the state machine decided about each operator command, read from the journals the console tails: the command
 * is the input at the sequence the core's Ack gave for its correlation id, and its decision is the first output that
 * input produced. A rejection output (CommandRejected, SignalCommandRejected, AlertCommandRejected) refuses it with its
 * reason; any other output means it was applied; a command whose input is followed by the next input without an output
 * of its own changed nothing the state machine reports, and counts as applied.
 *
 * <p>The feed's thread folds the journals ({@link #onInput}, {@link #onOutput}); HTTP threads ask for the outcome of a
 * sequence ({@link #outcome}), which completes when the feed reaches it, or at once when it has already passed. The
 * newest {@link #KEPT} decisions are kept. Thread-safe.
 */
final class CommandOutcomes
{
    /** Decisions kept for a late question (a command whose outputs the feed folded before its Ack reached the page). */
    static final int KEPT = 4096;

    /** What became of one command. */
    record Outcome(long sequence, boolean accepted, String reason, String text)
    {
    }

    private final MessageView view = new MessageView();
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[0]);
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private final SignalCommandRejectedDecoder signalRejected = new SignalCommandRejectedDecoder();
    private final AlertCommandRejectedDecoder alertRejected = new AlertCommandRejectedDecoder();
    private final TreeSet<Long> undecided = new TreeSet<>();
    private final Map<Long, CompletableFuture<Outcome>> waiting = new HashMap<>();
    private final Map<Long, Outcome> decided = new LinkedHashMap<>(64, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Outcome> eldest)
        {
            return size() > KEPT;
        }
    };

    /**
     * An input record: the commands before it that produced no output are decided (applied); an operator command
     * waits for its first output.
     *
     * @param sequence the input's sequence.
     * @param buffer   the record's SBE message.
     * @param offset   of its header.
     * @param length   of the message.
     */
    synchronized void onInput(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        while (!undecided.isEmpty() && undecided.first() < sequence)
        {
            final long earlier = undecided.first();
            decide(new Outcome(earlier, true, "", ""));
        }
        final int templateId = view.wrap(buffer, offset, length);
        if (OperatorCommandDecoder.TEMPLATE_ID == templateId || SignalOperatorCommandDecoder.TEMPLATE_ID == templateId ||
            AlertCommandDecoder.TEMPLATE_ID == templateId || WatchlistEntryDecoder.TEMPLATE_ID == templateId)
        {
            undecided.add(sequence);
        }
    }

    /**
     * An output record: the first one of a command's input decides it.
     *
     * @param inputSequence the sequence of the input that produced it.
     * @param buffer        the record's SBE message.
     * @param offset        of its header.
     * @param length        of the message.
     */
    synchronized void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!undecided.contains(inputSequence))
        {
            return;
        }
        final int templateId = view.wrap(buffer, offset, length);
        decide(decision(inputSequence, templateId));
    }

    private Outcome decision(final long sequence, final int templateId)
    {
        if (MessageView.NOT_A_MESSAGE == templateId)
        {
            return new Outcome(sequence, true, "", "");
        }
        body.wrap(view.buffer(), 0, view.buffer().capacity());
        final int blockLength = view.blockLength();
        final int version = view.version();
        final int at = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case CommandRejectedDecoder.TEMPLATE_ID:
            {
                commandRejected.wrap(body, at, blockLength, version);
                final String reason = String.valueOf(commandRejected.reason());
                final StringBuilder text = new StringBuilder(64).append(commandRejected.commandType()).append(" rejected: ")
                    .append(reason);
                if (commandRejected.incidentId() > 0)
                {
                    text.append(", incident ").append(commandRejected.incidentId());
                }
                if (commandRejected.unitId() > 0)
                {
                    text.append(", unit ").append(commandRejected.unitId());
                }
                return new Outcome(sequence, false, reason, text.toString());
            }
            case SignalCommandRejectedDecoder.TEMPLATE_ID:
            {
                signalRejected.wrap(body, at, blockLength, version);
                final String reason = String.valueOf(signalRejected.reason());
                return new Outcome(sequence, false, reason, signalRejected.commandType() + " rejected: " + reason +
                    ", intersection " + signalRejected.intersectionIndex());
            }
            case AlertCommandRejectedDecoder.TEMPLATE_ID:
            {
                alertRejected.wrap(body, at, blockLength, version);
                final String reason = String.valueOf(alertRejected.reason());
                return new Outcome(sequence, false, reason, alertRejected.action() + " rejected: " + reason +
                    (alertRejected.alertId() > 0 ? ", alert " + alertRejected.alertId() : ""));
            }
            default:
                return new Outcome(sequence, true, "", "");
        }
    }

    private void decide(final Outcome outcome)
    {
        undecided.remove(outcome.sequence());
        decided.put(outcome.sequence(), outcome);
        final CompletableFuture<Outcome> waiter = waiting.remove(outcome.sequence());
        if (null != waiter)
        {
            waiter.complete(outcome);
        }
    }

    /**
     * The outcome of the command journaled at a sequence.
     *
     * @param sequence the sequence the core's Ack gave.
     * @return completes once the feed has folded the command's decision (at once when it has already).
     */
    synchronized CompletableFuture<Outcome> outcome(final long sequence)
    {
        final Outcome known = decided.get(sequence);
        if (null != known)
        {
            return CompletableFuture.completedFuture(known);
        }
        return waiting.computeIfAbsent(sequence, s -> new CompletableFuture<>());
    }

    /**
     * Forgets a question nobody waits for any more (its time ran out).
     *
     * @param sequence the sequence.
     */
    synchronized void forget(final long sequence)
    {
        waiting.remove(sequence);
    }
}
