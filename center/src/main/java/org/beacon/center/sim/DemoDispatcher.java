package org.beacon.center.sim;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;

/**
 * The demo's simulated dispatcher ({@link DemoRunner}): takes the first recommendation of an incident after a short
 * delay and, with demo alerts, names the hazard of some fire incidents and approves some of the proposed alerts.
 */
final class DemoDispatcher
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** A pending dispatch whose unit changed: it waits for a refreshed recommendation. */
    private static final long NO_UNIT = 0;

    private final UnsafeBuffer buffer;
    private final IntConsumer outbox;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OperatorCommandEncoder command = new OperatorCommandEncoder();
    private final AlertCommandEncoder alertCommand = new AlertCommandEncoder();
    private final Long2LongHashMap pendingDispatch = new Long2LongHashMap(-1);
    private final Long2LongHashMap dispatchDueNs = new Long2LongHashMap(-1);
    private final LongHashSet dispatchedIncidents = new LongHashSet();
    private final Long2LongHashMap recommendedEtaS = new Long2LongHashMap(-1);
    /** Units named by a DISPATCH sent and not yet answered (order or rejection): unit → incident. */
    private final Long2LongHashMap inFlight = new Long2LongHashMap(-1);
    private final Long2LongHashMap classifyDueNs = new Long2LongHashMap(-1);
    private final Long2LongHashMap classifyHazard = new Long2LongHashMap(-1);
    private final Long2LongHashMap approveDueNs = new Long2LongHashMap(-1);
    private final Long2LongHashMap approveRevision = new Long2LongHashMap(-1);
    private long fireIncidents;
    private long alertsProposed;
    private long recommendations;
    private long sumEtaS;
    private long dispatchedWithEta;

    /**
     * A dispatcher.
     *
     * @param buffer where its commands are encoded.
     * @param outbox offers the encoded command of a given length.
     */
    DemoDispatcher(final UnsafeBuffer buffer, final IntConsumer outbox)
    {
        this.buffer = buffer;
        this.outbox = outbox;
    }

    /**
     * An incident opened: every third fire incident is classified three seconds later.
     *
     * @param opened the decoded event.
     */
    void onIncidentOpened(final IncidentOpenedDecoder opened)
    {
        if (opened.agency() == Agency.FIRE && fireIncidents++ % 3 == 0)
        {
            classifyDueNs.put(opened.incidentId(), System.nanoTime() + 3 * SECOND);
            classifyHazard.put(opened.incidentId(), (fireIncidents / 3) % DEMO_HAZARDS.length);
        }
    }

    /**
     * An alert proposed that waits for approval: every other one is approved five seconds later.
     *
     * @param proposed the decoded event.
     */
    void onAlertProposed(final AlertProposedDecoder proposed)
    {
        if (proposed.autoIssue() == 0 && alertsProposed++ % 2 == 0)
        {
            approveDueNs.put(proposed.alertId(), System.nanoTime() + 5 * SECOND);
            approveRevision.put(proposed.alertId(), proposed.revision());
        }
    }

    /**
     * A unit recommended: the first recommendation of an incident is dispatched two seconds later. Until then a new
     * first (the state machine refreshed the recommendation: the unit it named went elsewhere) replaces it, as a
     * dispatcher takes what the screen shows when clicking.
     *
     * @param recommended the decoded event.
     */
    void onRecommended(final UnitRecommendedDecoder recommended)
    {
        final long incidentId = recommended.incidentId();
        if (!dispatchedIncidents.contains(incidentId) && !pendingDispatch.containsKey(incidentId))
        {
            dispatchedIncidents.add(incidentId);
            pendingDispatch.put(incidentId, recommended.unitId());
            dispatchDueNs.put(incidentId, System.nanoTime() + 2 * SECOND);
            recommendations++;
            recommendedEtaS.put(incidentId, recommended.etaS());
        }
        else if (1 == recommended.rank() && pendingDispatch.containsKey(incidentId))
        {
            pendingDispatch.put(incidentId, recommended.unitId());
            recommendedEtaS.put(incidentId, recommended.etaS());
        }
    }

    /**
     * A unit changed status or commitment: a dispatch waiting on it holds until the state machine's refreshed
     * recommendation names a unit again (it comes in the same event's outputs when there is one; when there is none the
     * incident waits, as it would for a dispatcher).
     *
     * @param unitId the unit.
     */
    void onUnitStatus(final long unitId)
    {
        final Long2LongHashMap.KeyIterator it = pendingDispatch.keySet().iterator();
        while (it.hasNext())
        {
            final long incidentId = it.nextValue();
            if (pendingDispatch.get(incidentId) == unitId)
            {
                // replacing the value of a key already there leaves the map's layout, and the iteration, as they are
                pendingDispatch.put(incidentId, NO_UNIT);
            }
        }
    }

    /**
     * The state machine answered a DISPATCH of this unit (an order or a rejection): the unit is no longer in flight.
     *
     * @param unitId the unit.
     */
    void onAnswered(final long unitId)
    {
        inFlight.remove(unitId);
    }

    /**
     * A dispatch order seen: the ETA of its recommendation counts towards the mean.
     *
     * @param incidentId the order's incident.
     */
    void onOrder(final long incidentId)
    {
        final long etaS = recommendedEtaS.remove(incidentId);
        if (etaS >= 0)
        {
            sumEtaS += etaS;
            dispatchedWithEta++;
        }
    }

    /** @return mean ETA, seconds, the state machine gave the dispatched units (their UnitRecommended.etaS). */
    long meanEtaS()
    {
        return dispatchedWithEta == 0 ? 0 : sumEtaS / dispatchedWithEta;
    }

    /** @return alerts proposed that wait for approval (counted only with demo alerts). */
    long alertsProposed()
    {
        return alertsProposed;
    }

    /**
     * Dispatches the units whose dispatcher delay is over.
     *
     * @param now the wall clock, ns.
     */
    void dispatchDue(final long now)
    {
        final Long2LongHashMap.KeyIterator it = dispatchDueNs.keySet().iterator();
        while (it.hasNext())
        {
            final long incidentId = it.nextValue();
            final long unitId = pendingDispatch.get(incidentId);
            // a unit another DISPATCH just named waits: the state machine's answer refreshes this recommendation
            if (dispatchDueNs.get(incidentId) <= now && NO_UNIT != unitId && !inFlight.containsKey(unitId))
            {
                it.remove();
                pendingDispatch.remove(incidentId);
                inFlight.put(unitId, incidentId);
                sendCommand(CommandType.DISPATCH, incidentId, unitId);
            }
        }
    }

    private static final Hazard[] DEMO_HAZARDS = {Hazard.FIRE, Hazard.GAS_LEAK,
        Hazard.CHEMICAL, Hazard.FIRE, Hazard.EXPLOSION,
        Hazard.FLOOD};

    /**
     * Classifies the incidents and approves the proposals whose delay is over.
     *
     * @param now the wall clock, ns.
     */
    void alertsDue(final long now)
    {
        final Long2LongHashMap.KeyIterator classify = classifyDueNs.keySet().iterator();
        while (classify.hasNext())
        {
            final long incidentId = classify.nextValue();
            if (classifyDueNs.get(incidentId) <= now)
            {
                classify.remove();
                final int hazard = (int)classifyHazard.remove(incidentId);
                sendAlertCommand(AlertAction.CLASSIFY, 0, incidentId, 0, DEMO_HAZARDS[hazard]);
            }
        }
        final Long2LongHashMap.KeyIterator approve = approveDueNs.keySet().iterator();
        while (approve.hasNext())
        {
            final long alertId = approve.nextValue();
            if (approveDueNs.get(alertId) <= now)
            {
                approve.remove();
                sendAlertCommand(AlertAction.APPROVE, alertId, 0, (int)approveRevision.remove(alertId),
                    Hazard.NONE);
            }
        }
    }

    private void sendAlertCommand(final AlertAction action, final long alertId, final long incidentId,
        final int revision, final Hazard hazard)
    {
        alertCommand.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .action(action)
            .alertId(alertId)
            .incidentId(incidentId)
            .candidateId(0)
            .operatorId(DemoRunner.DEMO_DISPATCHER_ID)
            .revision(revision)
            .hazard(hazard);
        alertCommand.center().latMicros(0).lonMicros(0);
        alertCommand.innerRadiusM(0).ringM(0).polygonCount(0);
        outbox.accept(MessageHeaderEncoder.ENCODED_LENGTH + alertCommand.encodedLength());
    }

    /**
     * Sends an operator command as the demo's dispatcher.
     *
     * @param type       the command.
     * @param incidentId the incident.
     * @param unitId     the unit, or 0.
     */
    void sendCommand(final CommandType type, final long incidentId, final long unitId)
    {
        command.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(DemoRunner.DEMO_DISPATCHER_ID);
        outbox.accept(MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH);
    }
}
