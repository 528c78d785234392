package org.beacon.benchmarks.soak;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.sim.DemoRunner;
import org.beacon.center.sim.RoadCity;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentRetiredDecoder;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.SignalCommandIssuedDecoder;
import org.beacon.codecs.SnapshotRequestEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.client.AckView;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.field.FieldControllers;
import org.beacon.signal.field.SimulatedDetectors;

/**
 * The soak's simulated city on event time: it moves the node's clock ({@link SimClock}) from one event to the next and
 * offers each event through one gateway client, at most {@code window} of them un-acknowledged. Its parts are the
 * demo's, driven by simulated instead of wall time:
 * <ul>
 *   <li>calls ({@link SimulatedCity#encodeCall}): two thirds genuine (a new number, anywhere in the city), a sixth repeat
 *       calls (the number of a recent call, within about 30 m of it: they join its incident) and a sixth nuisance calls
 *       (bursts of four calls two minutes apart from one number, anywhere: the third is flagged by dispatch's rule);</li>
 *   <li>the fleet ({@code DemoFleet}'s straight-line mode): every unit reports AVAILABLE at the start; a dispatched unit
 *       reports EN_ROUTE, drives in a straight line at 17 m/s, reports ON_SCENE, stays five minutes, reports AVAILABLE and
 *       the incident is closed; every unit sends one AVL fix each {@code avlMinutes} (thinned for the bench);</li>
 *   <li>the dispatcher ({@code DemoDispatcher}): takes an incident's first recommendation (not a reassignment) 30 s
 *       after it, closes an incident opened by a nuisance call a minute after it opened, and closes any incident still
 *       open two hours after it opened (no unit could be sent);</li>
 *   <li>the signals ({@link FieldControllers}, the demo's simulated field): one cabinet per signalised intersection of the
 *       bundled network, answering the center's preemptions, stepped every {@code signalStepNs} of event time (the
 *       demo: every 100 ms of wall time), reporting each change and a 30 s heartbeat with detector counts.</li>
 * </ul>
 * Egress callbacks only note and schedule; everything is offered from the main loop (an offer may poll egress while the
 * window is full).
 */
final class SoakCity implements CoreClient.EgressListener
{
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long DAY = 24 * 60 * MINUTE;

    private static final int UNIT_SPEED_CM_PER_S = 1_700;
    private static final double MICROS_PER_METRE = 1e6 / 111_320.0;
    private static final long ON_SCENE_NS = 5 * MINUTE;
    private static final long DISPATCH_DELAY_NS = 30 * SECOND;
    private static final long NUISANCE_CLOSE_NS = MINUTE;
    private static final long STALE_CLOSE_NS = 120 * MINUTE;
    private static final long REPEAT_WINDOW_NS = 10 * MINUTE;
    private static final int REPEAT_SPREAD_MICROS = 300;
    private static final int BURST_CALLS = 4;
    private static final long BURST_GAP_NS = 2 * MINUTE;
    private static final int PRANK_NUMBERS = 1_000;
    private static final long SIGNAL_HEARTBEAT_NS = 30 * SECOND;
    private static final int RECENT = 128;
    private static final int KIND_MASK = 0xFFFF;
    private static final byte GENUINE = 0;
    private static final byte REPEAT = 1;
    private static final byte NUISANCE = 2;

    private static final int DISPATCH = 1;
    private static final int CLOSE = 2;
    private static final int REPORT_EN_ROUTE = 3;
    private static final int ARRIVE = 4;
    private static final int CLEAR = 5;
    private static final int PRANK_CALL = 6;

    /** Totals since the start; {@link SoakBench} prints the difference per day. */
    static final class Tally
    {
        long genuineCalls;
        long repeatCalls;
        long nuisanceCalls;
        long avlFixes;
        long unitStatuses;
        long signalStatuses;
        long commands;
        long incidentsOpened;
        long incidentsClosed;
        long incidentsRetired;
        long dispatches;
        long commandsRejected;

        long calls()
        {
            return genuineCalls + repeatCalls + nuisanceCalls;
        }
    }

    /** One action due at a simulated time; ties keep the order they were scheduled in. */
    private record Due(long timeNs, long order, int kind, long a, long b)
    {
    }

    private final CoreClient client;
    private final SimClock clock;
    private final int window;
    private final SimulatedCity city;
    private final SplittableRandom random;
    private final int minLat;
    private final int spanLat;
    private final int minLon;
    private final int spanLon;
    private final FieldControllers field;
    private final SimulatedDetectors detectors;
    private final FieldControllers.StatusSink statusSink = this::offerStatus;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OperatorCommandEncoder command = new OperatorCommandEncoder();
    private final SnapshotRequestEncoder snapshotRequest = new SnapshotRequestEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AckView ack = new AckView();
    private final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
    private final IncidentUpdatedDecoder updated = new IncidentUpdatedDecoder();
    private final UnitRecommendedDecoder recommended = new UnitRecommendedDecoder();
    private final DispatchOrderDecoder order = new DispatchOrderDecoder();
    private final CommandRejectedDecoder rejectedCommand = new CommandRejectedDecoder();
    private final PriorityQueue<Due> schedule = new PriorityQueue<>((x, y) -> x.timeNs != y.timeNs ?
        Long.compare(x.timeNs, y.timeNs) : Long.compare(x.order, y.order));
    private final LongHashSet openIncidents = new LongHashSet();
    private final LongHashSet nuisanceIncidents = new LongHashSet();
    private final LongHashSet dispatchTaken = new LongHashSet();
    private final byte[] callKind = new byte[KIND_MASK + 1];
    private final long[] recentAtNs = new long[RECENT];
    private final byte[][] recentCaller = new byte[RECENT][];
    private final int[] recentLat = new int[RECENT];
    private final int[] recentLon = new int[RECENT];
    private final Agency[] recentAgency = new Agency[RECENT];
    private final byte[] unitStatus;
    private final int[] trip;
    private final long[] unitIncident;
    private final int[] fromLat;
    private final int[] fromLon;
    private final int[] toLat;
    private final int[] toLon;
    private final long[] departNs;
    private final long[] arriveNs;
    private final double genuinePerNs;
    private final double repeatPerNs;
    private final double burstPerNs;
    private final long avlStrideNs;
    private final long signalStepNs;
    private final Tally tally = new Tally();
    private long scheduled;
    private long recentCount;
    private long genuineNumbers;
    private long prankNumbers;
    private long nextAvlNs;
    private int avlCursor;
    private long nextSignalNs;
    private long nextGenuineNs;
    private long nextRepeatNs;
    private long nextBurstNs;
    private long correlationId;
    private long sent;
    private long acked;
    private long rejected;
    private long awaitedCorrelationId = -1;
    private long awaitedSequence = -1;

    /**
     * A city of {@code units} units around the bundled road network, starting at the clock's time.
     *
     * @param client      connected to the node.
     * @param clock       the node's clock, which this city moves.
     * @param seed        of every random choice.
     * @param units       units in the fleet.
     * @param callsPerDay calls a day, nuisance and repeat calls included.
     * @param avlMinutes  minutes between two AVL fixes of one unit.
     * @param signalStepNs how often the signal cabinets are stepped; 0: no signal field (no status is sent).
     * @param window      most un-acknowledged events.
     */
    SoakCity(final CoreClient client, final SimClock clock, final long seed, final int units, final int callsPerDay,
        final double avlMinutes, final long signalStepNs, final int window)
    {
        this.signalStepNs = signalStepNs;
        this.client = client;
        this.clock = clock;
        this.window = window;
        this.city = RoadCity.bundled().newCity(seed, units);
        this.random = new SplittableRandom(seed ^ 0x5EED_50A4L);
        final RoadGraph graph = CenterStateMachine.bundledNetwork();
        int lat0 = Integer.MAX_VALUE;
        int lat1 = Integer.MIN_VALUE;
        int lon0 = Integer.MAX_VALUE;
        int lon1 = Integer.MIN_VALUE;
        for (int j = 0; j < graph.junctionCount(); j++)
        {
            lat0 = Math.min(lat0, graph.junctionLatMicros(j));
            lat1 = Math.max(lat1, graph.junctionLatMicros(j));
            lon0 = Math.min(lon0, graph.junctionLonMicros(j));
            lon1 = Math.max(lon1, graph.junctionLonMicros(j));
        }
        this.minLat = lat0;
        this.spanLat = Math.max(1, lat1 - lat0);
        this.minLon = lon0;
        this.spanLon = Math.max(1, lon1 - lon0);
        final SignalNetwork signals = CenterStateMachine.bundledSignalNetwork();
        final long now = clock.nanoTime();
        this.field = new FieldControllers(signals, now);
        this.detectors = new SimulatedDetectors(signals, seed);
        unitStatus = new byte[units];
        trip = new int[units];
        unitIncident = new long[units];
        fromLat = new int[units];
        fromLon = new int[units];
        toLat = new int[units];
        toLon = new int[units];
        departNs = new long[units];
        arriveNs = new long[units];
        genuinePerNs = callsPerDay * 2.0 / 3.0 / DAY;
        repeatPerNs = callsPerDay / 6.0 / DAY;
        burstPerNs = callsPerDay / 6.0 / BURST_CALLS / DAY;
        avlStrideNs = Math.max(1, (long)(avlMinutes * MINUTE / units));
        nextAvlNs = now + avlStrideNs;
        nextSignalNs = signalStepNs > 0 ? now : Long.MAX_VALUE;
        nextGenuineNs = now + interval(genuinePerNs);
        nextRepeatNs = now + interval(repeatPerNs);
        nextBurstNs = now + interval(burstPerNs);
    }

    private long interval(final double perNs)
    {
        return perNs <= 0 ? Long.MAX_VALUE / 4 : 1 + (long)(-Math.log(1.0 - random.nextDouble()) / perNs);
    }

    /** Every unit reports AVAILABLE: the first status registers it. */
    void start()
    {
        for (int i = 0; i < unitStatus.length; i++)
        {
            unitStatus[i] = (byte)UnitStatusCode.AVAILABLE.value();
            sendStatus(i, UnitStatusCode.AVAILABLE);
        }
    }

    /**
     * Offers every event due before {@code endNs}, in time order, moving the clock to each one's time.
     *
     * @param endNs simulated time to stop at (exclusive).
     */
    void runUntil(final long endNs)
    {
        while (true)
        {
            long t = nextAvlNs;
            int source = 0;
            if (nextSignalNs < t)
            {
                t = nextSignalNs;
                source = 1;
            }
            if (nextGenuineNs < t)
            {
                t = nextGenuineNs;
                source = 2;
            }
            if (nextRepeatNs < t)
            {
                t = nextRepeatNs;
                source = 3;
            }
            if (nextBurstNs < t)
            {
                t = nextBurstNs;
                source = 4;
            }
            final Due due = schedule.peek();
            if (null != due && due.timeNs < t)
            {
                t = due.timeNs;
                source = 5;
            }
            if (t >= endNs)
            {
                return;
            }
            clock.advanceTo(t);
            fire(source);
            client.poll(this, 64);
        }
    }

    private void fire(final int source)
    {
        final long now = clock.nanoTime();
        switch (source)
        {
            case 0 ->
            {
                sendFix(avlCursor);
                avlCursor = avlCursor + 1 == unitStatus.length ? 0 : avlCursor + 1;
                nextAvlNs += avlStrideNs;
            }
            case 1 ->
            {
                field.step(now);
                field.report(now, SIGNAL_HEARTBEAT_NS, detectors, statusSink);
                nextSignalNs += signalStepNs;
            }
            case 2 ->
            {
                genuineCall(now);
                nextGenuineNs += interval(genuinePerNs);
            }
            case 3 ->
            {
                repeatCall(now);
                nextRepeatNs += interval(repeatPerNs);
            }
            case 4 ->
            {
                final long number = prankNumbers++ % PRANK_NUMBERS;
                prankCall(number);
                for (int i = 1; i < BURST_CALLS; i++)
                {
                    schedule(now + i * BURST_GAP_NS, PRANK_CALL, number, 0);
                }
                nextBurstNs += interval(burstPerNs);
            }
            default -> act(schedule.poll(), now);
        }
    }

    private void act(final Due due, final long now)
    {
        final int unit = (int)due.a;
        switch (due.kind)
        {
            case DISPATCH ->
            {
                if (openIncidents.contains(due.a) && unitStatus[(int)due.b] == UnitStatusCode.AVAILABLE.value())
                {
                    sendCommand(CommandType.DISPATCH, due.a, SimulatedCity.unitId((int)due.b));
                }
                else
                {
                    dispatchTaken.remove(due.a);
                }
            }
            case CLOSE -> close(due.a);
            case REPORT_EN_ROUTE ->
            {
                if (trip[unit] == due.b)
                {
                    sendStatus(unit, UnitStatusCode.EN_ROUTE);
                }
            }
            case ARRIVE ->
            {
                if (trip[unit] == due.b && unitStatus[unit] == UnitStatusCode.EN_ROUTE.value())
                {
                    city.moveTo(unit, toLat[unit], toLon[unit]);
                    unitStatus[unit] = (byte)UnitStatusCode.ON_SCENE.value();
                    sendStatus(unit, UnitStatusCode.ON_SCENE);
                    schedule(now + ON_SCENE_NS, CLEAR, unit, due.b);
                }
            }
            case CLEAR ->
            {
                if (trip[unit] == due.b && unitStatus[unit] == UnitStatusCode.ON_SCENE.value())
                {
                    unitStatus[unit] = (byte)UnitStatusCode.AVAILABLE.value();
                    sendStatus(unit, UnitStatusCode.AVAILABLE);
                    close(unitIncident[unit]);
                }
            }
            case PRANK_CALL -> prankCall(due.a);
            default -> throw new IllegalStateException("unknown action " + due.kind);
        }
    }

    private void schedule(final long timeNs, final int kind, final long a, final long b)
    {
        schedule.add(new Due(timeNs, scheduled++, kind, a, b));
    }

    private void close(final long incidentId)
    {
        if (openIncidents.remove(incidentId))
        {
            nuisanceIncidents.remove(incidentId);
            dispatchTaken.remove(incidentId);
            sendCommand(CommandType.CLOSE_INCIDENT, incidentId, 0);
        }
    }

    private Agency randomAgency()
    {
        return switch (random.nextInt(4))
        {
            case 0 -> Agency.UNIFIED;
            case 1 -> Agency.POLICE;
            case 2 -> Agency.FIRE;
            default -> Agency.AMBULANCE;
        };
    }

    private void genuineCall(final long now)
    {
        final byte[] caller = number("tel:+8490", genuineNumbers++);
        final Agency agency = randomAgency();
        final int lat = minLat + random.nextInt(spanLat);
        final int lon = minLon + random.nextInt(spanLon);
        final int slot = (int)(recentCount++ % RECENT);
        recentAtNs[slot] = now;
        recentCaller[slot] = caller;
        recentLat[slot] = lat;
        recentLon[slot] = lon;
        recentAgency[slot] = agency;
        tally.genuineCalls++;
        sendCall(GENUINE, caller, agency, lat, lon);
    }

    /** The number of a recent genuine call, near where it was made; the newest when none is recent enough. */
    private void repeatCall(final long now)
    {
        if (recentCount == 0)
        {
            genuineCall(now);
            return;
        }
        final int kept = (int)Math.min(RECENT, recentCount);
        int slot = random.nextInt(kept);
        if (now - recentAtNs[slot] > REPEAT_WINDOW_NS)
        {
            slot = (int)((recentCount - 1) % RECENT);
        }
        final int lat = recentLat[slot] + random.nextInt(-REPEAT_SPREAD_MICROS, REPEAT_SPREAD_MICROS + 1);
        final int lon = recentLon[slot] + random.nextInt(-REPEAT_SPREAD_MICROS, REPEAT_SPREAD_MICROS + 1);
        tally.repeatCalls++;
        sendCall(REPEAT, recentCaller[slot], recentAgency[slot], lat, lon);
    }

    private void prankCall(final long number)
    {
        tally.nuisanceCalls++;
        sendCall(NUISANCE, number("tel:+8491", number), randomAgency(), minLat + random.nextInt(spanLat),
            minLon + random.nextInt(spanLon));
    }

    private static byte[] number(final String prefix, final long n)
    {
        return (prefix + (1_000_000 + n % 8_999_999)).getBytes(StandardCharsets.US_ASCII);
    }

    private void sendCall(final byte kind, final byte[] caller, final Agency agency, final int lat, final int lon)
    {
        callKind[(int)(city.nextCallId() & KIND_MASK)] = kind;
        offer(buffer, 0, city.encodeCall(caller, agency, lat, lon, buffer, 0));
    }

    private void sendFix(final int unit)
    {
        final int length;
        if (unitStatus[unit] == UnitStatusCode.EN_ROUTE.value())
        {
            final long now = clock.nanoTime();
            final double f = Math.min(1.0, Math.max(0.0, (now - departNs[unit]) / (double)Math.max(1, arriveNs[unit] - departNs[unit])));
            city.moveTo(unit, fromLat[unit] + (int)((toLat[unit] - fromLat[unit]) * f),
                fromLon[unit] + (int)((toLon[unit] - fromLon[unit]) * f));
            final double heading = Math.toDegrees(Math.atan2(toLon[unit] - fromLon[unit], toLat[unit] - fromLat[unit]));
            length = city.encodePosition(unit, UNIT_SPEED_CM_PER_S, (int)((heading + 360.0) * 10) % 3600, buffer, 0);
        }
        else
        {
            length = city.encodePosition(unit, 0, 0, buffer, 0);
        }
        tally.avlFixes++;
        offer(buffer, 0, length);
    }

    private void sendStatus(final int unit, final UnitStatusCode status)
    {
        tally.unitStatuses++;
        offer(buffer, 0, city.encodeStatus(unit, status, buffer, 0));
    }

    private void sendCommand(final CommandType type, final long incidentId, final long unitId)
    {
        command.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(DemoRunner.DEMO_DISPATCHER_ID);
        tally.commands++;
        offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + OperatorCommandEncoder.BLOCK_LENGTH);
    }

    private boolean offerStatus(final DirectBuffer statusBuffer, final int offset, final int length)
    {
        tally.signalStatuses++;
        offer(statusBuffer, offset, length);
        return true;
    }

    private void offer(final DirectBuffer b, final int offset, final int length)
    {
        while (sent - acked >= window)
        {
            if (client.poll(this, 256) == 0)
            {
                Thread.yield();
            }
        }
        final long result = client.offer(++correlationId, b, offset, length);
        if (result < 0)
        {
            throw new IllegalStateException("the node refused an offer: " + result);
        }
        sent++;
    }

    /**
     * Asks the node for a snapshot after everything offered so far and waits for its Ack.
     *
     * @param timeoutNs how long to wait for the Acks.
     * @return the sequence the snapshot is taken at, or -1 when its Ack did not come.
     */
    long requestSnapshot(final long timeoutNs)
    {
        snapshotRequest.wrapAndApplyHeader(buffer, 0, headerEncoder).operatorId(DemoRunner.DEMO_DISPATCHER_ID);
        awaitedSequence = -1;
        awaitedCorrelationId = correlationId + 1;
        offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + SnapshotRequestEncoder.BLOCK_LENGTH);
        drain(timeoutNs);
        return awaitedSequence;
    }

    /**
     * Polls egress until every offer is acknowledged.
     *
     * @param timeoutNs at most this long (wall time).
     * @return whether every offer was acknowledged.
     */
    boolean drain(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (acked < sent && System.nanoTime() < deadline)
        {
            if (client.poll(this, 256) == 0)
            {
                Thread.yield();
            }
        }
        return acked >= sent;
    }

    @Override
    public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer b, final int offset, final int length)
    {
        header.wrap(b, offset);
        switch (header.templateId())
        {
            case org.beacon.codecs.AckDecoder.TEMPLATE_ID -> onAck(b, offset, length);
            case IncidentOpenedDecoder.TEMPLATE_ID -> onOpened(opened.wrapAndApplyHeader(b, offset, header), timestampNs);
            case IncidentUpdatedDecoder.TEMPLATE_ID ->
            {
                updated.wrapAndApplyHeader(b, offset, header);
                if (updated.status() == IncidentStatus.CLOSED)
                {
                    tally.incidentsClosed++;
                    openIncidents.remove(updated.incidentId());
                    nuisanceIncidents.remove(updated.incidentId());
                    dispatchTaken.remove(updated.incidentId());
                }
            }
            case UnitRecommendedDecoder.TEMPLATE_ID -> onRecommended(recommended.wrapAndApplyHeader(b, offset, header), timestampNs);
            case DispatchOrderDecoder.TEMPLATE_ID -> onOrder(order.wrapAndApplyHeader(b, offset, header));
            case CommandRejectedDecoder.TEMPLATE_ID ->
            {
                rejectedCommand.wrapAndApplyHeader(b, offset, header);
                tally.commandsRejected++;
                if (rejectedCommand.commandType() == CommandType.DISPATCH)
                {
                    dispatchTaken.remove(rejectedCommand.incidentId());
                }
            }
            case IncidentRetiredDecoder.TEMPLATE_ID -> tally.incidentsRetired++;
            case PreemptRequestedDecoder.TEMPLATE_ID, PreemptReleasedDecoder.TEMPLATE_ID, SignalCommandIssuedDecoder.TEMPLATE_ID ->
                field.onOutput(b, offset, length, timestampNs, clock.nanoTime());
            default ->
            {
            }
        }
    }

    private void onAck(final DirectBuffer b, final int offset, final int length)
    {
        if (ack.wrap(b, offset, length) && ack.correlationId() > 0 && ack.correlationId() <= correlationId)
        {
            acked++;
            if (!ack.journaled())
            {
                rejected++;
            }
            if (ack.correlationId() == awaitedCorrelationId)
            {
                awaitedSequence = ack.sequence();
            }
        }
    }

    private void onOpened(final IncidentOpenedDecoder incident, final long timestampNs)
    {
        final long incidentId = incident.incidentId();
        tally.incidentsOpened++;
        openIncidents.add(incidentId);
        if (callKind[(int)(incident.callId() & KIND_MASK)] == NUISANCE)
        {
            nuisanceIncidents.add(incidentId);
            schedule(timestampNs + NUISANCE_CLOSE_NS, CLOSE, incidentId, 0);
        }
        else
        {
            schedule(timestampNs + STALE_CLOSE_NS, CLOSE, incidentId, 0);
        }
    }

    private void onRecommended(final UnitRecommendedDecoder recommendation, final long timestampNs)
    {
        final long incidentId = recommendation.incidentId();
        final int unit = (int)(recommendation.unitId() - SimulatedCity.FIRST_UNIT_ID);
        if (openIncidents.contains(incidentId) && !nuisanceIncidents.contains(incidentId) && !dispatchTaken.contains(incidentId) &&
            recommendation.reassignFromIncidentId() == 0 && unit >= 0 && unit < unitStatus.length &&
            unitStatus[unit] == UnitStatusCode.AVAILABLE.value())
        {
            dispatchTaken.add(incidentId);
            schedule(timestampNs + DISPATCH_DELAY_NS, DISPATCH, incidentId, unit);
        }
    }

    /** A dispatch order: the unit reports EN_ROUTE now and drives in a straight line to the destination. */
    private void onOrder(final DispatchOrderDecoder dispatchOrder)
    {
        final int unit = (int)(dispatchOrder.unitId() - SimulatedCity.FIRST_UNIT_ID);
        if (unit < 0 || unit >= unitStatus.length)
        {
            return;
        }
        tally.dispatches++;
        final long now = clock.nanoTime();
        trip[unit]++;
        unitIncident[unit] = dispatchOrder.incidentId();
        fromLat[unit] = city.latMicros(unit);
        fromLon[unit] = city.lonMicros(unit);
        toLat[unit] = dispatchOrder.destination().latMicros();
        toLon[unit] = dispatchOrder.destination().lonMicros();
        final double dLatM = (toLat[unit] - fromLat[unit]) / MICROS_PER_METRE;
        final double dLonM = (toLon[unit] - fromLon[unit]) / MICROS_PER_METRE * Math.cos(Math.toRadians(toLat[unit] / 1e6));
        final double driveS = Math.hypot(dLatM, dLonM) / (UNIT_SPEED_CM_PER_S / 100.0);
        departNs[unit] = now;
        arriveNs[unit] = now + Math.max(10 * SECOND, (long)(driveS * SECOND));
        unitStatus[unit] = (byte)UnitStatusCode.EN_ROUTE.value();
        schedule(now, REPORT_EN_ROUTE, unit, trip[unit]);
        schedule(arriveNs[unit], ARRIVE, unit, trip[unit]);
    }

    /** @return the totals so far. */
    Tally tally()
    {
        return tally;
    }

    /** @return events offered. */
    long sent()
    {
        return sent;
    }

    /** @return Acks received for them. */
    long acked()
    {
        return acked;
    }

    /** @return Acks that refused their event. */
    long rejected()
    {
        return rejected;
    }

    /** @return incidents this city's dispatcher still sees open. */
    int openIncidents()
    {
        return openIncidents.size();
    }

    /** @return actions scheduled and not yet due. */
    int scheduled()
    {
        return schedule.size();
    }

    /** @return times a conflict monitor of the field put its intersection into fault flash. */
    long faultTrips()
    {
        return field.faultTrips();
    }
}
