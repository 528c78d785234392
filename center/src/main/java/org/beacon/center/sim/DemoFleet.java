package org.beacon.center.sim;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;

/**
 * The demo's fleet ({@link DemoRunner}): each unit's status and drive, on the road network along a planned route or
 * in a straight line, or by a {@link UnitMover}; the fixes and status reports the units send.
 */
final class DemoFleet
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int UNIT_SPEED_CM_PER_S = 1_700;
    private static final double MICROS_PER_METRE = 1e6 / 111_320.0;

    private final SimulatedCity city;
    private final RoadCity roads;
    private final int speedup;
    private final long onSceneNs;
    private final UnsafeBuffer buffer;
    private final IntConsumer outbox;
    private final DemoDispatcher dispatcher;
    private final long[] targetIncident;
    private final int[] targetLat;
    private final int[] targetLon;
    private final long[] clearAtNs;
    private final long[] enRouteAtNs;
    private final UnitStatusCode[] status;
    private final RoadSnapper.Result snapped = new RoadSnapper.Result();
    private final int[] pathScratch;
    private final int[] point = new int[3];
    private final int[][] route;
    private final int[] routeLength;
    private final int[] routeIndex;
    private final double[] offsetCm;
    private final int[] endOffsetCm;
    private final double[] drivenS;
    private final long[] advancedAtNs;
    private final long[] lastFixNs;
    private final boolean[] onRoad;
    private final RouteAssignedDecoder routeAssigned = new RouteAssignedDecoder();
    private final UnitMover.Reports moverReports = new MoverReports();
    private int[] routeEdges = new int[64];
    private UnitMover mover;
    private long arrivals;
    private double sumDriveS;
    private long roadRoutes;

    /**
     * The fleet of a city.
     *
     * @param city       the simulated city.
     * @param roads      the road network units drive on, or null for straight lines.
     * @param speedup    how many times faster than real time units move and stay on scene.
     * @param buffer     where the units' reports are encoded.
     * @param outbox     offers the encoded report of a given length.
     * @param dispatcher closes an incident when its unit clears.
     */
    DemoFleet(
        final SimulatedCity city,
        final RoadCity roads,
        final int speedup,
        final UnsafeBuffer buffer,
        final IntConsumer outbox,
        final DemoDispatcher dispatcher)
    {
        this.city = city;
        this.roads = roads;
        this.speedup = speedup;
        this.onSceneNs = TimeUnit.MINUTES.toNanos(5) / speedup;
        this.buffer = buffer;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        final int n = city.unitCount();
        targetIncident = new long[n];
        targetLat = new int[n];
        targetLon = new int[n];
        clearAtNs = new long[n];
        enRouteAtNs = new long[n];
        status = new UnitStatusCode[n];
        pathScratch = new int[null == roads ? 0 : roads.graph().edgeCount() + 1];
        route = new int[n][];
        routeLength = new int[n];
        routeIndex = new int[n];
        offsetCm = new double[n];
        endOffsetCm = new int[n];
        drivenS = new double[n];
        advancedAtNs = new long[n];
        lastFixNs = new long[n];
        onRoad = new boolean[n];
    }

    /**
     * Lets another mover drive the dispatched units.
     *
     * @param mover drives dispatched units from their route to the incident.
     */
    void useMover(final UnitMover mover)
    {
        this.mover = mover;
    }

    /** @return whether another mover drives the dispatched units. */
    boolean hasMover()
    {
        return null != mover;
    }

    /** Every unit reports AVAILABLE. */
    void start()
    {
        for (int i = 0; i < city.unitCount(); i++)
        {
            status[i] = UnitStatusCode.AVAILABLE;
            offer(city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
        }
    }

    /**
     * A unit dispatched: it reports EN_ROUTE and drives (or is driven) to the destination.
     *
     * @param unitId     the unit.
     * @param incidentId the incident.
     * @param destLat    the destination's latitude, micro-degrees.
     * @param destLon    the destination's longitude, micro-degrees.
     */
    void onDispatched(final long unitId, final long incidentId, final int destLat, final int destLon)
    {
        final int index = (int)(unitId - SimulatedCity.FIRST_UNIT_ID);
        if (index >= 0 && index < status.length)
        {
            final long now = System.nanoTime();
            status[index] = UnitStatusCode.EN_ROUTE;
            targetIncident[index] = incidentId;
            enRouteAtNs[index] = now;
            if (null != mover)
            {
                targetLat[index] = destLat;
                targetLon[index] = destLon;
                onRoad[index] = false;
                mover.onDispatched(index, incidentId, now);
            }
            else
            {
                planRoute(index, destLat, destLon, now);
            }
            offer(city.encodeStatus(index, UnitStatusCode.EN_ROUTE, buffer, 0));
        }
    }

    private void offer(final int length)
    {
        outbox.accept(length);
    }

    /**
     * Moves every unit one step of a tenth of a second: en route ones towards their incident (unless another mover
     * drives them), on-scene ones clear when their time is up, available ones send a fix now and then.
     *
     * @param now  the wall clock, ns.
     * @param step the step's number.
     */
    void moveUnits(final long now, final int step)
    {
        final double metresPerStep = UNIT_SPEED_CM_PER_S / 100.0 / 10.0 * speedup;
        if (null != mover)
        {
            mover.poll(now, moverReports);
        }
        for (int i = 0; i < city.unitCount(); i++)
        {
            final UnitStatusCode s = status[i];
            if (s == UnitStatusCode.EN_ROUTE && null != mover)
            {
                continue;
            }
            if (s == UnitStatusCode.EN_ROUTE && onRoad[i])
            {
                driveOnRoad(i, now);
            }
            else if (s == UnitStatusCode.EN_ROUTE)
            {
                final int dLat = targetLat[i] - city.latMicros(i);
                final int dLon = targetLon[i] - city.lonMicros(i);
                final double distanceMicros = Math.hypot(dLat, dLon);
                final double stepMicros = metresPerStep * MICROS_PER_METRE;
                if (distanceMicros <= stepMicros)
                {
                    arrive(i, now, (now - enRouteAtNs[i]) * (double)speedup / SECOND);
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
                dispatcher.sendCommand(CommandType.CLOSE_INCIDENT, targetIncident[i], 0);
            }
            else if (s == UnitStatusCode.AVAILABLE && step % 100 == i % 100)
            {
                offer(city.encodePosition(i, 0, buffer, 0));
            }
        }
    }

    private void arrive(final int i, final long now, final double driveS)
    {
        city.moveTo(i, targetLat[i], targetLon[i]);
        status[i] = UnitStatusCode.ON_SCENE;
        clearAtNs[i] = now + onSceneNs;
        arrivals++;
        sumDriveS += driveS;
        offer(city.encodeStatus(i, UnitStatusCode.ON_SCENE, buffer, 0));
    }

    /**
     * Moves a unit along its route by the simulated time since it last moved, edge by edge at each edge's
     * speed, and sends an AVL fix on the road once a simulated second has passed since the last one.
     */
    private void driveOnRoad(final int i, final long now)
    {
        final RoadGraph graph = roads.graph();
        double remainingS = (now - advancedAtNs[i]) * (double)speedup / SECOND;
        advancedAtNs[i] = now;
        final int[] edges = route[i];
        while (remainingS > 0)
        {
            final int edge = edges[routeIndex[i]];
            final boolean last = routeIndex[i] == routeLength[i] - 1;
            final int end = last ? endOffsetCm[i] : graph.lengthCm(edge);
            final double speedCmPerS = graph.speedMetresPerSecond(edge) * 100.0;
            final double needS = Math.max(0, end - offsetCm[i]) / speedCmPerS;
            if (needS <= remainingS)
            {
                remainingS -= needS;
                drivenS[i] += needS;
                if (last)
                {
                    arrive(i, now, drivenS[i]);
                    return;
                }
                routeIndex[i]++;
                offsetCm[i] = 0;
            }
            else
            {
                offsetCm[i] += remainingS * speedCmPerS;
                drivenS[i] += remainingS;
                remainingS = 0;
            }
        }
        if (now - lastFixNs[i] >= SECOND / speedup)
        {
            lastFixNs[i] = now;
            final int edge = edges[routeIndex[i]];
            roads.pointAt(edge, offsetCm[i], point);
            city.moveTo(i, point[0], point[1]);
            final int speedCmPerS = (int)Math.round(roads.graph().speedMetresPerSecond(edge) * 100.0);
            offer(city.encodePosition(i, speedCmPerS, point[2], buffer, 0));
        }
    }

    /**
     * Plans a dispatched unit's drive: the fastest route from its snapped position to the incident's snapped
     * position. A unit or incident off the network, or no route, falls back to the straight line.
     */
    private void planRoute(final int i, final int destLat, final int destLon, final long now)
    {
        targetLat[i] = destLat;
        targetLon[i] = destLon;
        onRoad[i] = false;
        drivenS[i] = 0;
        advancedAtNs[i] = now;
        lastFixNs[i] = now;
        if (null == roads)
        {
            return;
        }
        final RoadSnapper snapper = roads.snapper();
        if (snapper.snap(destLat, destLon, RoadCity.SNAP_RADIUS_METRES, snapped) == RoadSnapper.NOT_FOUND)
        {
            return;
        }
        final int incidentEdge = snapped.edge();
        final int incidentOffset = snapped.offsetCm();
        final int incidentLat = snapped.latMicros();
        final int incidentLon = snapped.lonMicros();
        if (snapper.snap(city.latMicros(i), city.lonMicros(i), RoadCity.SNAP_RADIUS_METRES, snapped) == RoadSnapper.NOT_FOUND)
        {
            return;
        }
        final DriveTimeRouter router = roads.router();
        router.start(incidentEdge, incidentOffset);
        while (router.etaMs(snapped.edge(), snapped.offsetCm()) == DriveTimeRouter.UNREACHED && router.settleNext() >= 0)
        {
            // settle until the unit's edge is final
        }
        final int length = router.path(snapped.edge(), snapped.offsetCm(), pathScratch);
        if (length <= 0)
        {
            return;
        }
        if (null == route[i] || route[i].length < length)
        {
            route[i] = new int[Math.max(length, 64)];
        }
        System.arraycopy(pathScratch, 0, route[i], 0, length);
        routeLength[i] = length;
        routeIndex[i] = 0;
        offsetCm[i] = snapped.offsetCm();
        endOffsetCm[i] = incidentOffset;
        targetLat[i] = incidentLat;
        targetLon[i] = incidentLon;
        onRoad[i] = true;
        roadRoutes++;
        city.moveTo(i, snapped.latMicros(), snapped.lonMicros());
    }

    /**
     * Hands the center's route of a dispatched unit to the mover.
     *
     * @param b      the frame's buffer.
     * @param offset where its header starts.
     * @param header a header decoder.
     */
    void onRouteAssigned(final DirectBuffer b, final int offset, final MessageHeaderDecoder header)
    {
        routeAssigned.wrapAndApplyHeader(b, offset, header);
        final long incidentId = routeAssigned.incidentId();
        final int index = (int)(routeAssigned.unitId() - SimulatedCity.FIRST_UNIT_ID);
        final RouteAssignedDecoder.RouteDecoder edges = routeAssigned.route();
        final int count = edges.count();
        if (routeEdges.length < count)
        {
            routeEdges = new int[Math.max(count, routeEdges.length * 2)];
        }
        int n = 0;
        while (edges.hasNext())
        {
            routeEdges[n++] = edges.next().edgeIndex();
        }
        if (index >= 0 && index < status.length && status[index] == UnitStatusCode.EN_ROUTE)
        {
            mover.onRoute(index, incidentId, routeEdges, n);
        }
    }

    /** Fixes and arrivals of units another mover drives. */
    private final class MoverReports implements UnitMover.Reports
    {
        @Override
        public void position(final int unit, final int latMicros, final int lonMicros, final int speedCmPerS,
            final int headingDeciDeg)
        {
            if (status[unit] != UnitStatusCode.EN_ROUTE)
            {
                return;
            }
            city.moveTo(unit, latMicros, lonMicros);
            offer(city.encodePosition(unit, speedCmPerS, headingDeciDeg, buffer, 0));
        }

        @Override
        public void arrived(final int unit, final int latMicros, final int lonMicros, final double driveS)
        {
            if (status[unit] != UnitStatusCode.EN_ROUTE)
            {
                return;
            }
            if (latMicros != Integer.MIN_VALUE)
            {
                targetLat[unit] = latMicros;
                targetLon[unit] = lonMicros;
            }
            arrive(unit, System.nanoTime(), driveS);
        }
    }

    /** @return mean simulated drive time of the units that arrived on scene, seconds. */
    double meanDriveS()
    {
        return arrivals == 0 ? 0 : sumDriveS / arrivals;
    }

    /** @return units that arrived on scene (ON_SCENE sent). */
    long arrivals()
    {
        return arrivals;
    }

    /** @return dispatches driven along a road route (the rest drove a straight line). */
    long roadRoutes()
    {
        return roadRoutes;
    }
}
