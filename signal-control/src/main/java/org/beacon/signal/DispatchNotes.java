package org.beacon.signal;

import java.util.function.LongToIntFunction;

import org.agrona.DirectBuffer;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;

/**
 * The decode adapter for what dispatch decided in the same event: each {@code RouteAssigned} (unit, incident, ETA,
 * route edges) and each {@code UnitStatusChanged} to a status other than DISPATCHED or EN_ROUTE (the unit stopped
 * needing its wave) is noted, at most {@value #MAX_PER_EVENT} of each per event; once dispatch is done with the event
 * the planner ends the stopped units' waves, in order, then opens the routes' waves, in order, each with its
 * incident's priority as dispatch then knows it.
 */
final class DispatchNotes
{
    /** At most this many routes, and this many stopped units, are noted per event. */
    static final int MAX_PER_EVENT = 64;
    /** The priority of a route whose incident dispatch does not know. */
    static final int UNKNOWN_INCIDENT_PRIORITY = 3;

    private final MessageView message = new MessageView();
    private final RouteAssignedDecoder routeDecoder = new RouteAssignedDecoder();
    private final UnitStatusChangedDecoder statusChangedDecoder = new UnitStatusChangedDecoder();
    private final long[] routeUnit = new long[MAX_PER_EVENT];
    private final long[] routeIncident = new long[MAX_PER_EVENT];
    private final int[] routeEta = new int[MAX_PER_EVENT];
    private final int[][] routeEdges = new int[MAX_PER_EVENT][];
    private final int[] routeLength = new int[MAX_PER_EVENT];
    private final long[] stoppedUnit = new long[MAX_PER_EVENT];
    private int routeCount;
    private int stoppedCount;

    /**
     * @param templateId an output's template id.
     * @return whether it is one this adapter notes.
     */
    static boolean observes(final int templateId)
    {
        return RouteAssignedDecoder.TEMPLATE_ID == templateId || UnitStatusChangedDecoder.TEMPLATE_ID == templateId;
    }

    /**
     * Notes one of dispatch's outputs when it is a route or a unit that stopped; ignores any other.
     *
     * @param buffer holding the output, header first.
     * @param offset of the output.
     * @param length of the output.
     */
    void note(final DirectBuffer buffer, final int offset, final int length)
    {
        switch (message.wrap(buffer, offset, length))
        {
            case RouteAssignedDecoder.TEMPLATE_ID:
                if (routeCount < MAX_PER_EVENT && message.hasBlock(RouteAssignedDecoder.BLOCK_LENGTH))
                {
                    noteRoute();
                }
                break;
            case UnitStatusChangedDecoder.TEMPLATE_ID:
                if (message.hasBlock(UnitStatusChangedDecoder.BLOCK_LENGTH))
                {
                    statusChangedDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
                    final short to = statusChangedDecoder.toRaw();
                    if (to != UnitStatusCode.DISPATCHED.value() && to != UnitStatusCode.EN_ROUTE.value() &&
                        stoppedCount < MAX_PER_EVENT)
                    {
                        stoppedUnit[stoppedCount++] = statusChangedDecoder.unitId();
                    }
                }
                break;
            default:
                break;
        }
    }

    private void noteRoute()
    {
        routeDecoder.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
        if (!message.groupHeaderFits(routeDecoder.limit()))
        {
            return;
        }
        final int i = routeCount;
        final long unitId = routeDecoder.unitId();
        final long incidentId = routeDecoder.incidentId();
        final int etaS = (int)Math.min(Integer.MAX_VALUE, routeDecoder.etaS());
        final RouteAssignedDecoder.RouteDecoder route = routeDecoder.route();
        final int count = route.count();
        if (!message.groupFits(routeDecoder.limit(), count, route.actingBlockLength(),
            RouteAssignedDecoder.RouteDecoder.sbeBlockLength()))
        {
            return;
        }
        if (null == routeEdges[i] || routeEdges[i].length < count)
        {
            routeEdges[i] = new int[Math.max(count, 64)];
        }
        int n = 0;
        while (route.hasNext())
        {
            routeEdges[i][n++] = route.next().edgeIndex();
        }
        routeUnit[i] = unitId;
        routeIncident[i] = incidentId;
        routeEta[i] = etaS;
        routeLength[i] = n;
        routeCount++;
    }

    /**
     * Hands what was noted to the planner, stopped units first, then routes, each in the order dispatch emitted them,
     * and forgets it.
     *
     * @param planner          the planner.
     * @param incidentPriority an incident's priority by id, 1 highest, {@link #UNKNOWN_INCIDENT_PRIORITY} when unknown.
     * @param nowNs            the event's timestamp.
     * @param outputs          where the planner's outputs go.
     */
    void apply(final GreenWavePlanner planner, final LongToIntFunction incidentPriority, final long nowNs,
        final OutputSink outputs)
    {
        try
        {
            for (int i = 0; i < stoppedCount; i++)
            {
                planner.onUnitStopped(stoppedUnit[i], nowNs, outputs);
            }
            for (int i = 0; i < routeCount; i++)
            {
                planner.onRouteAssigned(routeUnit[i], routeIncident[i], incidentPriority.applyAsInt(routeIncident[i]),
                    routeEta[i], routeEdges[i], routeLength[i], nowNs, outputs);
            }
        }
        finally
        {
            clear();
        }
    }

    /** Forgets what was noted. */
    void clear()
    {
        routeCount = 0;
        stoppedCount = 0;
    }
}
