package org.beacon.center.sim;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.BeaconNode;
import org.beacon.core.CoreClient;

/**
 * The outside world of the demo, driven against a running node over Aeron like any gateway: the
 * simulated city's calls and AVL fixes, a dispatcher who takes the first recommendation after a
 * short delay, and units that drive (straight line for now) to the incident, stay on scene, clear
 * and report available. It learns everything from egress, as a console would, and prints a
 * one-line summary every second.
 */
public final class DemoRunner
{
    /** Operator id the demo's simulated dispatcher uses. */
    public static final int DEMO_DISPATCHER_ID = 9001;

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int UNIT_SPEED_CM_PER_S = 1_700;
    private static final double MICROS_PER_METRE = 1e6 / 111_320.0;

    private final BeaconNode node;
    private final CoreClient client;
    private final SimulatedCity city;
    private final double callsPerSecond;
    private final int speedup;
    private final long onSceneNs;
    private final PrintStream out;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OperatorCommandEncoder command = new OperatorCommandEncoder();
    private final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
    private final IncidentUpdatedDecoder updated = new IncidentUpdatedDecoder();
    private final UnitRecommendedDecoder recommended = new UnitRecommendedDecoder();
    private final DispatchOrderDecoder order = new DispatchOrderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private final UnitStatusChangedDecoder statusChanged = new UnitStatusChangedDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final Long2LongHashMap pendingDispatch = new Long2LongHashMap(-1);
    private final Long2LongHashMap dispatchDueNs = new Long2LongHashMap(-1);
    private final LongHashSet dispatchedIncidents = new LongHashSet();
    private final long[] targetIncident;
    private final int[] targetLat;
    private final int[] targetLon;
    private final long[] clearAtNs;
    private final UnitStatusCode[] status;
    private long correlationId;
    private long sent;
    private long acked;
    private long incidentsOpened;
    private long incidentsClosed;
    private long callsGrouped;
    private long dispatches;
    private long rejections;
    private long recommendations;
    private long sumEtaS;
    private int available;

    /**
     * Creates the demo's world.
     *
     * @param node           the running node (read for its counters only).
     * @param client         connected to the node.
     * @param city           the simulated city.
     * @param callsPerSecond mean call rate.
     * @param speedup        how many times faster than real time units move and stay on scene.
     * @param out            where the summary goes.
     */
    public DemoRunner(
        final BeaconNode node,
        final CoreClient client,
        final SimulatedCity city,
        final double callsPerSecond,
        final int speedup,
        final PrintStream out)
    {
        this.node = node;
        this.client = client;
        this.city = city;
        this.callsPerSecond = callsPerSecond;
        this.speedup = speedup;
        this.onSceneNs = TimeUnit.MINUTES.toNanos(5) / speedup;
        this.out = out;
        final int n = city.unitCount();
        targetIncident = new long[n];
        targetLat = new int[n];
        targetLon = new int[n];
        clearAtNs = new long[n];
        status = new UnitStatusCode[n];
    }

    /**
     * Runs the demo until the deadline or until the thread is interrupted.
     *
     * @param durationNs how long to run, or Long.MAX_VALUE.
     */
    public void run(final long durationNs)
    {
        final long start = System.nanoTime();
        final long end = durationNs == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNs;
        for (int i = 0; i < city.unitCount(); i++)
        {
            status[i] = UnitStatusCode.AVAILABLE;
            offer(city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
        }
        long nextStep = start;
        long nextSummary = start + SECOND;
        long lastSent = 0;
        final double callChancePerStep = callsPerSecond / 10.0;
        int step = 0;
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted())
        {
            client.poll(this::onFrame, 256);
            final long now = System.nanoTime();
            if (now >= nextStep)
            {
                step++;
                nextStep += SECOND / 10;
                if (city.nextInt(1_000_000) < callChancePerStep * 1_000_000)
                {
                    offer(city.encodeCall(buffer, 0));
                }
                moveUnits(now, step);
                dispatchDue(now);
            }
            if (now >= nextSummary)
            {
                out.println(summary((sent - lastSent), (now - start) / SECOND));
                lastSent = sent;
                nextSummary += SECOND;
            }
            if (null != node && null != node.failure())
            {
                throw new IllegalStateException("node failed", node.failure());
            }
            Thread.onSpinWait();
            if (client.poll(this::onFrame, 256) == 0)
            {
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void moveUnits(final long now, final int step)
    {
        final double metresPerStep = UNIT_SPEED_CM_PER_S / 100.0 / 10.0 * speedup;
        for (int i = 0; i < city.unitCount(); i++)
        {
            final UnitStatusCode s = status[i];
            if (s == UnitStatusCode.EN_ROUTE)
            {
                final int dLat = targetLat[i] - city.latMicros(i);
                final int dLon = targetLon[i] - city.lonMicros(i);
                final double distanceMicros = Math.hypot(dLat, dLon);
                final double stepMicros = metresPerStep * MICROS_PER_METRE;
                if (distanceMicros <= stepMicros)
                {
                    city.moveTo(i, targetLat[i], targetLon[i]);
                    status[i] = UnitStatusCode.ON_SCENE;
                    clearAtNs[i] = now + onSceneNs;
                    offer(city.encodeStatus(i, UnitStatusCode.ON_SCENE, buffer, 0));
                }
                else if (step % 10 == i % 10)
                {
                    final double f = Math.min(1.0, stepMicros * 10 / distanceMicros);
                    city.moveTo(i, city.latMicros(i) + (int)(dLat * f), city.lonMicros(i) + (int)(dLon * f));
                    offer(city.encodePosition(i, UNIT_SPEED_CM_PER_S, buffer, 0));
                }
            }
            else if (s == UnitStatusCode.ON_SCENE && now >= clearAtNs[i])
            {
                status[i] = UnitStatusCode.AVAILABLE;
                offer(city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
                sendCommand(CommandType.CLOSE_INCIDENT, targetIncident[i], 0);
            }
            else if (s == UnitStatusCode.AVAILABLE && step % 100 == i % 100)
            {
                offer(city.encodePosition(i, 0, buffer, 0));
            }
        }
    }

    private void dispatchDue(final long now)
    {
        final Long2LongHashMap.KeyIterator it = dispatchDueNs.keySet().iterator();
        while (it.hasNext())
        {
            final long incidentId = it.nextValue();
            if (dispatchDueNs.get(incidentId) <= now)
            {
                final long unitId = pendingDispatch.get(incidentId);
                it.remove();
                pendingDispatch.remove(incidentId);
                sendCommand(CommandType.DISPATCH, incidentId, unitId);
            }
        }
    }

    private void sendCommand(final CommandType type, final long incidentId, final long unitId)
    {
        command.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(DEMO_DISPATCHER_ID);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH);
    }

    private void offer(final int length)
    {
        final long result = client.offer(++correlationId, buffer, 0, length);
        if (result < 0)
        {
            throw new IllegalStateException("the core refused an offer: " + result);
        }
        sent++;
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer b, final int offset, final int length)
    {
        header.wrap(b, offset);
        switch (header.templateId())
        {
            case AckDecoder.TEMPLATE_ID ->
            {
                ack.wrapAndApplyHeader(b, offset, header);
                // egress is shared: count only the Acks of this runner's own offers
                if (ack.sequence() > 0 && ack.correlationId() > 0 && ack.correlationId() <= correlationId)
                {
                    acked++;
                }
            }
            case IncidentOpenedDecoder.TEMPLATE_ID -> incidentsOpened++;
            case IncidentUpdatedDecoder.TEMPLATE_ID ->
            {
                updated.wrapAndApplyHeader(b, offset, header);
                if (updated.status() == IncidentStatus.CLOSED)
                {
                    incidentsClosed++;
                }
                else if (updated.reason() == org.beacon.codecs.UpdateReason.CALL_ADDED)
                {
                    callsGrouped++;
                }
            }
            case UnitRecommendedDecoder.TEMPLATE_ID ->
            {
                recommended.wrapAndApplyHeader(b, offset, header);
                final long incidentId = recommended.incidentId();
                if (!dispatchedIncidents.contains(incidentId) && !pendingDispatch.containsKey(incidentId))
                {
                    dispatchedIncidents.add(incidentId);
                    pendingDispatch.put(incidentId, recommended.unitId());
                    dispatchDueNs.put(incidentId, System.nanoTime() + 2 * SECOND);
                    recommendations++;
                    sumEtaS += recommended.etaS();
                }
            }
            case DispatchOrderDecoder.TEMPLATE_ID ->
            {
                order.wrapAndApplyHeader(b, offset, header);
                final int index = (int)(order.unitId() - SimulatedCity.FIRST_UNIT_ID);
                if (index >= 0 && index < status.length)
                {
                    status[index] = UnitStatusCode.EN_ROUTE;
                    targetIncident[index] = order.incidentId();
                    targetLat[index] = order.destination().latMicros();
                    targetLon[index] = order.destination().lonMicros();
                    offer(city.encodeStatus(index, UnitStatusCode.EN_ROUTE, buffer, 0));
                }
                dispatches++;
            }
            case CommandRejectedDecoder.TEMPLATE_ID -> rejections++;
            case UnitStatusChangedDecoder.TEMPLATE_ID ->
            {
                statusChanged.wrapAndApplyHeader(b, offset, header);
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
            default ->
            {
            }
        }
    }

    private String summary(final long sentInSecond, final long seconds)
    {
        final long journaled = null == node ? acked : node.counters().inputsJournaled();
        return String.format(
            "t=%ds events/s=%d journaled=%d incidents=%d open=%d grouped-calls=%d dispatches=%d mean-eta=%ds rejected=%d"
            + " units=%d available=%d",
            seconds, sentInSecond, journaled, incidentsOpened, incidentsOpened - incidentsClosed, callsGrouped, dispatches,
            recommendations == 0 ? 0 : sumEtaS / recommendations, rejections, city.unitCount(), available);
    }

    /**
     * Polls egress until every event sent has been acknowledged, or the timeout passes.
     *
     * @return true when every event was acknowledged.
     */
    public boolean drain(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (acked < sent && System.nanoTime() < deadline)
        {
            if (client.poll(this::onFrame, 256) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return acked >= sent;
    }

    /** @return events offered so far. */
    public long sent()
    {
        return sent;
    }

    /** @return events acknowledged as journaled so far. */
    public long acked()
    {
        return acked;
    }

    /** @return dispatch orders seen on egress. */
    public long dispatches()
    {
        return dispatches;
    }

    /** @return incidents opened, as seen on egress. */
    public long incidentsOpened()
    {
        return incidentsOpened;
    }
}
