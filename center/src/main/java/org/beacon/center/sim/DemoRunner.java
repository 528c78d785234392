package org.beacon.center.sim;

import java.io.PrintStream;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.road.DriveTimeRouter;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.RoadSnapper;

/**
 * The outside world of the demo, driven against a running node over Aeron like any gateway: the
 * simulated city's calls and AVL fixes, a dispatcher who takes the first recommendation after a
 * short delay, and units that drive to the incident, stay on scene, clear and report available.
 * It learns everything from egress, as a console would, and prints a one-line summary every second.
 *
 * <p>With a {@link RoadCity} ({@link #onRoads}, the demo's default) a dispatched unit plans the
 * fastest route from its snapped position to the incident's snapped position with the road classes
 * (the demo is outside the state machine, so it may search as it likes), reports EN_ROUTE, drives
 * along the edges' shapes at each edge's speed times the speedup with an AVL fix every simulated
 * second, reports ON_SCENE at the incident's point on the road, and after the on-scene time reports
 * AVAILABLE and stays where it is (real units often clear from the scene; no return trip keeps an
 * available unit from moving under the recommender's feet). Without a network units drive in a
 * straight line, as the benchmarks and older tests expect. With a {@link UnitMover} ({@link #useMover}) something
 * else drives the dispatched units (SUMO: {@link SumoMover}): the runner hands it each dispatch and the center's
 * route ({@code RouteAssigned}) and reports the fixes and arrivals it gives back.
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
    private final long[] enRouteAtNs;
    private final UnitStatusCode[] status;
    private final RoadCity roads;
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
    private final Long2LongHashMap recommendedEtaS = new Long2LongHashMap(-1);
    private final RouteAssignedDecoder routeAssigned = new RouteAssignedDecoder();
    private final UnitMover.Reports moverReports = new MoverReports();
    private int[] routeEdges = new int[64];
    private UnitMover mover;
    private Supplier<String> summarySuffix;
    private final AlertCommandEncoder alertCommand = new AlertCommandEncoder();
    private final AlertProposedDecoder alertProposed = new AlertProposedDecoder();
    private final AlertIssuedDecoder alertIssued = new AlertIssuedDecoder();
    private final Long2LongHashMap classifyDueNs = new Long2LongHashMap(-1);
    private final Long2LongHashMap classifyHazard = new Long2LongHashMap(-1);
    private final Long2LongHashMap approveDueNs = new Long2LongHashMap(-1);
    private final Long2LongHashMap approveRevision = new Long2LongHashMap(-1);
    private boolean alertsEnabled;
    private long fireIncidents;
    private long alertsProposed;
    private long alertsIssued;
    private long alertsCancelled;
    private long correlationId;
    private long sent;
    private long acked;
    private long incidentsOpened;
    private long incidentsClosed;
    private long callsGrouped;
    private long dispatches;
    private long rejections;
    private long preemptions;
    private long preemptReleases;
    private long signalChanges;
    private long signalAlarms;
    private long recommendations;
    private long sumEtaS;
    private long dispatchedWithEta;
    private long arrivals;
    private double sumDriveS;
    private long enRouteChanges;
    private long onSceneChanges;
    private long roadRoutes;
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
        this(node, client, city, null, callsPerSecond, speedup, out);
    }

    /**
     * Creates the demo's world, with units driving on a road network when one is given.
     *
     * @param node           the running node (read for its counters only).
     * @param client         connected to the node.
     * @param city           the simulated city (see {@link RoadCity#newCity} for one on the network).
     * @param roads          the road network units drive on, or null for straight lines.
     * @param callsPerSecond mean call rate.
     * @param speedup        how many times faster than real time units move and stay on scene.
     * @param out            where the summary goes.
     */
    public DemoRunner(
        final BeaconNode node,
        final CoreClient client,
        final SimulatedCity city,
        final RoadCity roads,
        final double callsPerSecond,
        final int speedup,
        final PrintStream out)
    {
        if (speedup < 1)
        {
            throw new IllegalArgumentException("speedup must be at least 1: " + speedup);
        }
        this.node = node;
        this.client = client;
        this.city = city;
        this.roads = roads;
        this.callsPerSecond = callsPerSecond;
        this.speedup = speedup;
        this.onSceneNs = TimeUnit.MINUTES.toNanos(5) / speedup;
        this.out = out;
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
     * The demo as {@code ./beacon demo} runs it: a seeded city on the bundled road network
     * ({@link RoadCity#BUNDLED_NETWORK}) whose units drive along the roads.
     *
     * @param node           the running node (read for its counters only).
     * @param client         connected to the node.
     * @param seed           seed of the simulated city.
     * @param units          units in the fleet.
     * @param callsPerSecond mean call rate.
     * @param speedup        how many times faster than real time units move and stay on scene.
     * @param out            where the summary goes.
     * @return the runner.
     */
    public static DemoRunner onRoads(
        final BeaconNode node,
        final CoreClient client,
        final long seed,
        final int units,
        final double callsPerSecond,
        final int speedup,
        final PrintStream out)
    {
        final RoadCity roads = RoadCity.bundled();
        return new DemoRunner(node, client, roads.newCity(seed, units), roads, callsPerSecond, speedup, out);
    }

    /**
     * Lets another mover drive the dispatched units (call before {@link #run}).
     *
     * @param mover drives dispatched units from their route to the incident.
     * @return this.
     */
    public DemoRunner useMover(final UnitMover mover)
    {
        this.mover = mover;
        return this;
    }

    /**
     * Appends text to every summary line (call before {@link #run}).
     *
     * @param suffix what to append, asked once a second (e.g. {@code " sumo-vehicles=12"}).
     * @return this.
     */
    public DemoRunner summarySuffix(final Supplier<String> suffix)
    {
        this.summarySuffix = suffix;
        return this;
    }

    /**
     * Lets the demo's dispatcher name hazards: every third fire incident is classified (a fire, a gas leak, a chemical
     * release, ... in turn) three seconds after it opens, which proposes an area alert; the dispatcher approves every
     * other proposal five seconds later and leaves the rest for a console user (a chemical release goes out at once).
     *
     * @param enabled whether to.
     * @return this runner.
     */
    public DemoRunner demoAlerts(final boolean enabled)
    {
        this.alertsEnabled = enabled;
        return this;
    }

    /** @return area-alert messages (Alert, Update, Cancel) seen on egress. */
    public long alertsIssued()
    {
        return alertsIssued;
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
                if (alertsEnabled)
                {
                    alertsDue(now);
                }
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
                sendCommand(CommandType.CLOSE_INCIDENT, targetIncident[i], 0);
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

    private static final Hazard[] DEMO_HAZARDS = {Hazard.FIRE, Hazard.GAS_LEAK,
        Hazard.CHEMICAL, Hazard.FIRE, Hazard.EXPLOSION,
        Hazard.FLOOD};

    private void alertsDue(final long now)
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
            .operatorId(DEMO_DISPATCHER_ID)
            .revision(revision)
            .hazard(hazard);
        alertCommand.center().latMicros(0).lonMicros(0);
        alertCommand.innerRadiusM(0).ringM(0).polygonCount(0);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + alertCommand.encodedLength());
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
            case IncidentOpenedDecoder.TEMPLATE_ID ->
            {
                incidentsOpened++;
                if (alertsEnabled)
                {
                    opened.wrapAndApplyHeader(b, offset, header);
                    if (opened.agency() == Agency.FIRE && fireIncidents++ % 3 == 0)
                    {
                        classifyDueNs.put(opened.incidentId(), System.nanoTime() + 3 * SECOND);
                        classifyHazard.put(opened.incidentId(), (fireIncidents / 3) % DEMO_HAZARDS.length);
                    }
                }
            }
            case AlertProposedDecoder.TEMPLATE_ID ->
            {
                alertProposed.wrapAndApplyHeader(b, offset, header);
                if (alertsEnabled && alertProposed.autoIssue() == 0 && alertsProposed++ % 2 == 0)
                {
                    approveDueNs.put(alertProposed.alertId(), System.nanoTime() + 5 * SECOND);
                    approveRevision.put(alertProposed.alertId(), alertProposed.revision());
                }
            }
            case AlertIssuedDecoder.TEMPLATE_ID ->
            {
                alertsIssued++;
                alertIssued.wrapAndApplyHeader(b, offset, header);
                if (alertIssued.msgType() == AlertMsgType.CANCEL)
                {
                    alertsCancelled++;
                }
            }
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
                    recommendedEtaS.put(incidentId, recommended.etaS());
                }
            }
            case DispatchOrderDecoder.TEMPLATE_ID ->
            {
                order.wrapAndApplyHeader(b, offset, header);
                final int index = (int)(order.unitId() - SimulatedCity.FIRST_UNIT_ID);
                final long etaS = recommendedEtaS.remove(order.incidentId());
                if (etaS >= 0)
                {
                    sumEtaS += etaS;
                    dispatchedWithEta++;
                }
                if (index >= 0 && index < status.length)
                {
                    final long now = System.nanoTime();
                    status[index] = UnitStatusCode.EN_ROUTE;
                    targetIncident[index] = order.incidentId();
                    enRouteAtNs[index] = now;
                    if (null != mover)
                    {
                        targetLat[index] = order.destination().latMicros();
                        targetLon[index] = order.destination().lonMicros();
                        onRoad[index] = false;
                        mover.onDispatched(index, order.incidentId(), now);
                    }
                    else
                    {
                        planRoute(index, order.destination().latMicros(), order.destination().lonMicros(), now);
                    }
                    offer(city.encodeStatus(index, UnitStatusCode.EN_ROUTE, buffer, 0));
                }
                dispatches++;
            }
            case RouteAssignedDecoder.TEMPLATE_ID ->
            {
                if (null != mover)
                {
                    onRouteAssigned(b, offset);
                }
            }
            case CommandRejectedDecoder.TEMPLATE_ID -> rejections++;
            case org.beacon.codecs.PreemptRequestedDecoder.TEMPLATE_ID ->
            {
                if (b.getByte(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                    org.beacon.codecs.PreemptRequestedDecoder.refreshEncodingOffset()) == 0)
                {
                    preemptions++;
                }
            }
            case org.beacon.codecs.PreemptReleasedDecoder.TEMPLATE_ID -> preemptReleases++;
            case org.beacon.codecs.IntersectionStateDecoder.TEMPLATE_ID -> signalChanges++;
            case org.beacon.codecs.SignalAlarmDecoder.TEMPLATE_ID -> signalAlarms++;
            case UnitStatusChangedDecoder.TEMPLATE_ID ->
            {
                statusChanged.wrapAndApplyHeader(b, offset, header);
                if (statusChanged.to() == UnitStatusCode.EN_ROUTE && statusChanged.from() != UnitStatusCode.EN_ROUTE)
                {
                    enRouteChanges++;
                }
                else if (statusChanged.to() == UnitStatusCode.ON_SCENE && statusChanged.from() != UnitStatusCode.ON_SCENE)
                {
                    onSceneChanges++;
                }
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

    private void onRouteAssigned(final DirectBuffer b, final int offset)
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

    private String summary(final long sentInSecond, final long seconds)
    {
        final long journaled = null == node ? acked : node.counters().inputsJournaled();
        return String.format(
            "t=%ds events/s=%d journaled=%d incidents=%d open=%d grouped-calls=%d dispatches=%d mean-eta=%ds mean-drive=%ds"
            + " arrivals=%d rejected=%d units=%d available=%d preemptions=%d released=%d signal-changes=%d alarms=%d",
            seconds, sentInSecond, journaled, incidentsOpened, incidentsOpened - incidentsClosed, callsGrouped, dispatches,
            meanEtaS(), Math.round(meanDriveS()), arrivals, rejections, city.unitCount(), available, preemptions,
            preemptReleases, signalChanges, signalAlarms) +
            (alertsEnabled ? " area-alerts proposed=" + alertsProposed + " issued=" + alertsIssued + " cancelled=" + alertsCancelled : "") +
            (null == summarySuffix ? "" : summarySuffix.get());
    }

    /** @return preemptions the green-wave planner requested (refreshes not counted). */
    public long preemptions()
    {
        return preemptions;
    }

    /** @return preemptions released. */
    public long preemptReleases()
    {
        return preemptReleases;
    }

    /** @return SPaT-like intersection state changes seen on egress. */
    public long signalChanges()
    {
        return signalChanges;
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

    /** @return mean ETA, seconds, the state machine gave the dispatched units (their UnitRecommended.etaS). */
    public long meanEtaS()
    {
        return dispatchedWithEta == 0 ? 0 : sumEtaS / dispatchedWithEta;
    }

    /** @return mean simulated drive time of the units that arrived on scene, seconds. */
    public double meanDriveS()
    {
        return arrivals == 0 ? 0 : sumDriveS / arrivals;
    }

    /** @return units that arrived on scene (ON_SCENE sent). */
    public long arrivals()
    {
        return arrivals;
    }

    /** @return dispatches driven along a road route (the rest drove a straight line). */
    public long roadRoutes()
    {
        return roadRoutes;
    }

    /** @return status changes to EN_ROUTE seen on egress. */
    public long enRouteChanges()
    {
        return enRouteChanges;
    }

    /** @return status changes to ON_SCENE seen on egress. */
    public long onSceneChanges()
    {
        return onSceneChanges;
    }

    /** @return the road network units drive on, or null in straight-line mode. */
    public RoadCity roads()
    {
        return roads;
    }

    /** @return incidents opened, as seen on egress. */
    public long incidentsOpened()
    {
        return incidentsOpened;
    }
}
