package org.beacon.center.sim;

import java.io.PrintStream;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;

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

    private final BeaconNode node;
    private final CoreClient client;
    private final SimulatedCity city;
    private final double callsPerSecond;
    private final PrintStream out;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
    private final IncidentUpdatedDecoder updated = new IncidentUpdatedDecoder();
    private final UnitRecommendedDecoder recommended = new UnitRecommendedDecoder();
    private final DispatchOrderDecoder order = new DispatchOrderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private final UnitStatusChangedDecoder statusChanged = new UnitStatusChangedDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final AlertProposedDecoder alertProposed = new AlertProposedDecoder();
    private final AlertIssuedDecoder alertIssued = new AlertIssuedDecoder();
    private final RoadCity roads;
    private final DemoDispatcher dispatcher;
    private final DemoFleet fleet;
    private final DemoTally tally = new DemoTally();
    private Supplier<String> summarySuffix;
    private boolean alertsEnabled;
    private long correlationId;
    private long sent;
    private long acked;

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
        this.out = out;
        this.dispatcher = new DemoDispatcher(buffer, this::offer);
        this.fleet = new DemoFleet(city, roads, speedup, buffer, this::offer, dispatcher);
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
        fleet.useMover(mover);
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
        return tally.alertsIssued;
    }

    /**
     * Runs the demo until the deadline or until the thread is interrupted.
     *
     * @param durationNs how long to run, or Long.MAX_VALUE.
     */
    public void run(final long durationNs)
    {
        run(durationNs, () -> false);
    }

    /**
     * Runs the demo until the deadline, until a stop is asked for (SIGTERM: the thread is not interrupted, so that what
     * it closes afterwards closes cleanly), or until the thread is interrupted.
     *
     * @param durationNs how long to run, or Long.MAX_VALUE.
     * @param stop       whether to stop now.
     */
    public void run(final long durationNs, final java.util.function.BooleanSupplier stop)
    {
        final long start = System.nanoTime();
        final long end = durationNs == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNs;
        fleet.start();
        long nextStep = start;
        long nextSummary = start + SECOND;
        long lastSent = 0;
        final double callChancePerStep = callsPerSecond / 10.0;
        int step = 0;
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted() && !stop.getAsBoolean())
        {
            client.poll(this::onFrame, 256);
            final long now = System.nanoTime();
            if (now >= nextStep)
            {
                step++;
                nextStep += SECOND / 10;
                if (city.nextInt(1_000_000) < callChancePerStep * 1_000_000)
                {
                    offer(city.encodeDemoCall(buffer, 0));
                    final int aml = city.encodeAmlFollowUp(buffer, 0);
                    if (aml > 0)
                    {
                        offer(aml);
                    }
                }
                fleet.moveUnits(now, step);
                dispatcher.dispatchDue(now);
                if (alertsEnabled)
                {
                    dispatcher.alertsDue(now);
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
                tally.incidentsOpened++;
                if (alertsEnabled)
                {
                    dispatcher.onIncidentOpened(opened.wrapAndApplyHeader(b, offset, header));
                }
            }
            case AlertProposedDecoder.TEMPLATE_ID ->
            {
                alertProposed.wrapAndApplyHeader(b, offset, header);
                if (alertsEnabled)
                {
                    dispatcher.onAlertProposed(alertProposed);
                }
            }
            case AlertIssuedDecoder.TEMPLATE_ID -> tally.onAlertIssued(alertIssued.wrapAndApplyHeader(b, offset, header));
            case IncidentUpdatedDecoder.TEMPLATE_ID -> tally.onIncidentUpdated(updated.wrapAndApplyHeader(b, offset, header));
            case UnitRecommendedDecoder.TEMPLATE_ID -> dispatcher.onRecommended(recommended.wrapAndApplyHeader(b, offset, header));
            case DispatchOrderDecoder.TEMPLATE_ID ->
            {
                order.wrapAndApplyHeader(b, offset, header);
                dispatcher.onOrder(order.incidentId());
                dispatcher.onAnswered(order.unitId());
                fleet.onDispatched(order.unitId(), order.incidentId(), order.destination().latMicros(),
                    order.destination().lonMicros());
                tally.dispatches++;
            }
            case RouteAssignedDecoder.TEMPLATE_ID ->
            {
                if (fleet.hasMover())
                {
                    fleet.onRouteAssigned(b, offset, header);
                }
            }
            case CommandRejectedDecoder.TEMPLATE_ID ->
            {
                tally.rejections++;
                dispatcher.onAnswered(rejected.wrapAndApplyHeader(b, offset, header).unitId());
            }
            case org.beacon.codecs.PreemptRequestedDecoder.TEMPLATE_ID -> tally.onPreemptRequested(b, offset);
            case org.beacon.codecs.PreemptReleasedDecoder.TEMPLATE_ID -> tally.preemptReleases++;
            case org.beacon.codecs.IntersectionStateDecoder.TEMPLATE_ID -> tally.signalChanges++;
            case org.beacon.codecs.SignalAlarmDecoder.TEMPLATE_ID -> tally.signalAlarms++;
            case UnitStatusChangedDecoder.TEMPLATE_ID ->
            {
                tally.onStatusChanged(statusChanged.wrapAndApplyHeader(b, offset, header));
                dispatcher.onUnitStatus(statusChanged.unitId());
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
            "t=%ds events/s=%d journaled=%d incidents=%d open=%d grouped-calls=%d dispatches=%d mean-eta=%ds mean-drive=%ds"
            + " arrivals=%d rejected=%d units=%d available=%d preemptions=%d released=%d signal-changes=%d alarms=%d",
            seconds, sentInSecond, journaled, tally.incidentsOpened, tally.incidentsOpened - tally.incidentsClosed, tally.callsGrouped,
            tally.dispatches, meanEtaS(), Math.round(meanDriveS()), arrivals(), tally.rejections, city.unitCount(), tally.available,
            tally.preemptions, tally.preemptReleases, tally.signalChanges, tally.signalAlarms) +
            (alertsEnabled ? " area-alerts proposed=" + dispatcher.alertsProposed() + " issued=" + tally.alertsIssued + " cancelled="
                + tally.alertsCancelled : "") +
            (null == summarySuffix ? "" : summarySuffix.get());
    }

    /** @return preemptions the green-wave planner requested (refreshes not counted). */
    public long preemptions()
    {
        return tally.preemptions;
    }

    /** @return preemptions released. */
    public long preemptReleases()
    {
        return tally.preemptReleases;
    }

    /** @return SPaT-like intersection state changes seen on egress. */
    public long signalChanges()
    {
        return tally.signalChanges;
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
        return tally.dispatches;
    }

    /** @return mean ETA, seconds, the state machine gave the dispatched units (their UnitRecommended.etaS). */
    public long meanEtaS()
    {
        return dispatcher.meanEtaS();
    }

    /** @return mean simulated drive time of the units that arrived on scene, seconds. */
    public double meanDriveS()
    {
        return fleet.meanDriveS();
    }

    /** @return units that arrived on scene (ON_SCENE sent). */
    public long arrivals()
    {
        return fleet.arrivals();
    }

    /** @return dispatches driven along a road route (the rest drove a straight line). */
    public long roadRoutes()
    {
        return fleet.roadRoutes();
    }

    /** @return status changes to EN_ROUTE seen on egress. */
    public long enRouteChanges()
    {
        return tally.enRouteChanges;
    }

    /** @return status changes to ON_SCENE seen on egress. */
    public long onSceneChanges()
    {
        return tally.onSceneChanges;
    }

    /** @return the road network units drive on, or null in straight-line mode. */
    public RoadCity roads()
    {
        return roads;
    }

    /** @return incidents opened, as seen on egress. */
    public long incidentsOpened()
    {
        return tally.incidentsOpened;
    }
}
