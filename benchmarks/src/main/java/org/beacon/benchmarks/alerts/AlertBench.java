package org.beacon.benchmarks.alerts;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.benchmarks.BenchSupport;
import org.beacon.center.CenterStateMachine;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertAction;
import org.beacon.codecs.AlertCommandEncoder;
import org.beacon.codecs.AlertCommandRejectedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertProposedDecoder;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.Hazard;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.client.Sources;
import org.beacon.dispatch.alert.broadcast.Broadcast;
import org.beacon.dispatch.alert.broadcast.BroadcastArea;
import org.beacon.dispatch.alert.broadcast.BroadcastEvent;
import org.beacon.dispatch.alert.broadcast.BroadcastGateway;
import org.beacon.dispatch.alert.broadcast.CbsMessage;
import org.beacon.dispatch.alert.broadcast.CellNetwork;
import org.beacon.dispatch.alert.broadcast.HandsetDisplay;
import org.beacon.dispatch.alert.broadcast.Handsets;
import org.beacon.dispatch.alert.broadcast.MessageLevel;
import org.HdrHistogram.Histogram;

/**
 * Area alerts end to end: the real node with the center's state machine (its AlertService) and the broadcast gateway in
 * this process, over a simulated cell network on the bundled road network's box and a simulated population.
 *
 * <p>Open loop at a fixed rate: for each alert a call opens an incident at a random place in the city (kept 300 m from
 * the incidents still in flight, so that calls do not join one another's incident), a dispatcher classifies it (hazard,
 * default FIRE), the state machine proposes an alert and, at its scheduled time (call time + {@code approveAfter}),
 * the dispatcher approves it; once broadcast, the alert is cancelled ({@code cancelAfter} later) and the incident
 * closed. Approval to broadcast is the gateway's {@link System#nanoTime()} when every cell had the message minus the
 * approval's <em>scheduled</em> send time, so a late send (the proposal was late) counts against the system, not
 * silently dropped (no coordinated omission).
 *
 * <p>Per broadcast and per display policy, with the handsets' true positions: reach_inner, the share of handsets in
 * the inner zone that show the Evacuate message; reach_outer, the share of handsets in the ring (outer area outside the
 * inner zone) that show one of the alert's messages; overshoot, for every handset outside the whole area that shows one
 * of its messages, how far outside it is. The gateway's handsets geofence (the product's figure); the baseline is the
 * same broadcasts received cell-only, every handset showing what its cell broadcasts.
 */
public final class AlertBench
{
    /** Ingress source id of the bench's dispatcher and caller. */
    public static final int SOURCE_ID = Sources.ALERT_BENCH;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final double MIN_SEPARATION_M = 300.0;
    /** A finished alert's incident is closed after its cancel: keep new calls away from it a while longer. */
    private static final long RECENT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int OPERATOR = 112;

    /**
     * What to run.
     *
     * @param alerts        alerts to issue and measure.
     * @param warmup        alerts issued first, the same way, and not measured.
     * @param rate          alerts a second (calls are placed at this rate).
     * @param handsets      simulated handsets.
     * @param seed          of the network, the population and the places.
     * @param hazard        the hazard dispatchers classify (one that waits for approval).
     * @param approveAfterMs a dispatcher approves this long after the call.
     * @param cancelAfterMs the alert is cancelled this long after its broadcast.
     * @param dataDir       where the node's journal goes, or null for a temporary folder (deleted after).
     */
    public record Config(int alerts, int warmup, double rate, int handsets, long seed, Hazard hazard, long approveAfterMs,
        long cancelAfterMs, Path dataDir)
    {
    }

    /**
     * The figures.
     *
     * @param summary the last line.
     * @param ok      whether every alert was broadcast and cancelled and nothing was refused.
     */
    public record Result(String summary, boolean ok)
    {
    }

    /** One alert's life. */
    private static final class Slot
    {
        final int index;
        final double x;
        final double y;
        final int latMicros;
        final int lonMicros;
        final long callAtNs;
        final long approveAtNs;
        final long callId;
        long incidentId;
        long proposedNanoTime;
        long approveSentNanoTime;
        long alertId;
        int revision;
        boolean classifySent;
        boolean approveSent;
        long broadcastAtNanoTime;
        boolean cancelSent;
        boolean done;
        long doneAtNanoTime;
        String failure;

        Slot(final int index, final double x, final double y, final int latMicros, final int lonMicros, final long callAtNs,
            final long approveAtNs, final long callId)
        {
            this.index = index;
            this.x = x;
            this.y = y;
            this.latMicros = latMicros;
            this.lonMicros = lonMicros;
            this.callAtNs = callAtNs;
            this.approveAtNs = approveAtNs;
            this.callId = callId;
        }
    }

    /** Reach and overshoot under one display policy. */
    private static final class Figures
    {
        final String name;
        long inner;
        long innerEvacuate;
        long ring;
        long ringShown;
        long shown;
        long outsideShown;
        final Histogram overshootM = new Histogram(1_000_000, 3);

        Figures(final String name)
        {
            this.name = name;
        }

        double reachInner()
        {
            return 0 == inner ? 100.0 : 100.0 * innerEvacuate / inner;
        }

        double reachOuter()
        {
            return 0 == ring ? 100.0 : 100.0 * ringShown / ring;
        }

        long overshootP95()
        {
            return 0 == overshootM.getTotalCount() ? 0 : overshootM.getValueAtPercentile(95);
        }

        String line()
        {
            final long p50 = 0 == overshootM.getTotalCount() ? 0 : overshootM.getValueAtPercentile(50);
            return String.format(Locale.ROOT, "# %-10s reach_inner=%.2f%% reach_outer=%.2f%% overshooting=%d handsets (%.1f%% of those "
                    + "shown a message) overshoot p50=%dm p95=%dm max=%dm",
                name, reachInner(), reachOuter(), outsideShown, 0 == shown ? 0.0 : 100.0 * outsideShown / shown, p50, overshootP95(),
                overshootM.getMaxValue());
        }
    }

    private AlertBench()
    {
    }

    /**
     * Runs the bench.
     *
     * @param config what to run.
     * @param out    where the figures go; the last line is the summary.
     * @return the figures.
     * @throws Exception when the node cannot start.
     */
    public static Result run(final Config config, final PrintStream out) throws Exception
    {
        final Path dir = null == config.dataDir() ? BenchSupport.tempDir("beacon-bench-alerts") : config.dataDir();
        try
        {
            return run(config, dir, out);
        }
        finally
        {
            if (null == config.dataDir())
            {
                BenchSupport.deleteRecursively(dir);
            }
        }
    }

    private static Result run(final Config config, final Path dir, final PrintStream out) throws Exception
    {
        final long setupStart = System.nanoTime();
        final CellNetwork cells = CellNetwork.simulated(CenterStateMachine.bundledNetwork(), config.seed());
        final Handsets handsets = Handsets.simulated(cells, config.handsets(), config.seed());
        final HandsetDisplay baseline = new HandsetDisplay(handsets, HandsetDisplay.Policy.CELL_ONLY);
        long located = 0;
        for (int i = 0; i < handsets.size(); i++)
        {
            located += handsets.handset(i).located() ? 1 : 0;
        }
        out.printf(Locale.ROOT,
            "# network: %d sites, %d cells (ISD %.0f m, reach %.0f m) over the bundled road network's box %.1f x %.1f km%n",
            cells.cells().size() / CellNetwork.SECTORS, cells.cells().size(), CellNetwork.DEFAULT_ISD_M,
            CellNetwork.DEFAULT_ISD_M * CellNetwork.REACH_SHARE, cells.servedBox().getWidth() / 1000, cells.servedBox().getHeight() / 1000);
        out.printf(Locale.ROOT, "# handsets: %d (%.1f%% with location service), geofence margin %.0f m + own accuracy, "
                + "fail-open beyond %.0f m accuracy; built in %d ms%n",
            handsets.size(), 100.0 * located / handsets.size(), HandsetDisplay.DEFAULT_MARGIN_M, HandsetDisplay.DEFAULT_MAX_ACCURACY_M,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart));

        final NodeContext ctx = new NodeContext()
            .dataDir(dir.resolve("data"))
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        final ConcurrentLinkedQueue<BroadcastEvent> events = new ConcurrentLinkedQueue<>();
        try (BeaconNode node = BeaconNode.launch(ctx);
            BroadcastGateway gateway = BroadcastGateway.launch(ctx.coreAddress(), cells, handsets, HandsetDisplay.Policy.GEOFENCED,
                events::add);
            CoreClient client = CoreClient.connect(ctx.coreAddress(), SOURCE_ID))
        {
            final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(gateway.coreConnected() && client.isConnected()))
            {
                if (System.nanoTime() > connectDeadline)
                {
                    throw new IllegalStateException("the gateway or the bench did not reach the node");
                }
                Thread.sleep(5);
            }
            final Run run = new Run(config, cells, handsets, baseline, client, events, out);
            run.go();
            run.analyse();
            final Result result = run.report(gateway);
            if (null != node.failure())
            {
                out.println("# node failure: " + node.failure());
            }
            out.println(result.summary());
            return new Result(result.summary(), result.ok() && null == node.failure());
        }
    }

    /** The bench thread's state. */
    private static final class Run
    {
        private final Config config;
        private final CellNetwork cells;
        private final Handsets handsets;
        private final HandsetDisplay baseline;
        private final CoreClient client;
        private final ConcurrentLinkedQueue<BroadcastEvent> events;
        private final PrintStream out;
        private final List<Slot> slots = new ArrayList<>();
        private final List<Slot> inFlight = new ArrayList<>();
        private final List<BroadcastEvent> heard = new ArrayList<>();
        private final org.agrona.collections.LongHashSet measured = new org.agrona.collections.LongHashSet();
        private final Long2ObjectHashMap<Slot> byCall = new Long2ObjectHashMap<>();
        private final Long2ObjectHashMap<Slot> byIncident = new Long2ObjectHashMap<>();
        private final Long2ObjectHashMap<Slot> byAlert = new Long2ObjectHashMap<>();
        private final Histogram latencyNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private final Histogram callToProposalNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private final Histogram sentToBroadcastNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private final Histogram gatewayNs = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private final Figures geofenced = new Figures("geofenced");
        private final Figures cellOnly = new Figures("cell-only");
        private final Figures geofencedLocated = new Figures("geofenced, handsets with a usable fix only");
        private final Map<String, Integer> failures = new TreeMap<>();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
        private final CallUpdatedDecoder callUpdated = new CallUpdatedDecoder();
        private final AlertProposedDecoder proposed = new AlertProposedDecoder();
        private final AlertCommandRejectedDecoder rejected = new AlertCommandRejectedDecoder();
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final CallReceivedEncoder call = new CallReceivedEncoder();
        private final AlertCommandEncoder command = new AlertCommandEncoder();
        private final OperatorCommandEncoder operator = new OperatorCommandEncoder();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        private final CoreClient.EgressListener egress = this::onFrame;
        private final boolean[] inMark;
        private final boolean[] showMark;
        private final boolean[] evacuateMark;
        private long correlation = Sources.correlationBase(SOURCE_ID);
        private long broadcasts;
        private long cancelled;
        private long innerCells;
        private long outerCells;
        private long refusedOffers;
        private long joined;

        Run(final Config config, final CellNetwork cells, final Handsets handsets, final HandsetDisplay baseline, final CoreClient client,
            final ConcurrentLinkedQueue<BroadcastEvent> events, final PrintStream out)
        {
            this.config = config;
            this.cells = cells;
            this.handsets = handsets;
            this.baseline = baseline;
            this.client = client;
            this.events = events;
            this.out = out;
            this.inMark = new boolean[handsets.size()];
            this.showMark = new boolean[handsets.size()];
            this.evacuateMark = new boolean[handsets.size()];
        }

        void go()
        {
            final SplittableRandom random = new SplittableRandom(config.seed() * 31 + 7);
            final long intervalNs = (long)(TimeUnit.SECONDS.toNanos(1) / config.rate());
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            final long approveAfterNs = TimeUnit.MILLISECONDS.toNanos(config.approveAfterMs());
            final long cancelAfterNs = TimeUnit.MILLISECONDS.toNanos(config.cancelAfterMs());
            final int total = config.warmup() + config.alerts();
            final long deadline = start + total * intervalNs + approveAfterNs + cancelAfterNs + TimeUnit.SECONDS.toNanos(30);
            int next = 0;
            while (System.nanoTime() < deadline)
            {
                final long now = System.nanoTime();
                int work = 0;
                if (next < total && now >= start + next * intervalNs)
                {
                    placeCall(next, start + next * intervalNs, approveAfterNs, random);
                    next++;
                    work++;
                }
                for (int i = inFlight.size() - 1; i >= 0; i--)
                {
                    work += step(inFlight.get(i), now, cancelAfterNs);
                }
                inFlight.removeIf(slot -> slot.done || null != slot.failure);
                work += client.poll(egress, 64);
                BroadcastEvent event;
                while (null != (event = events.poll()))
                {
                    onBroadcast(event);
                    work++;
                }
                if (next == total && inFlight.isEmpty())
                {
                    break;
                }
                if (0 == work)
                {
                    LockSupport.parkNanos(50_000);
                }
            }
            for (final Slot slot : inFlight)
            {
                fail(slot, "timed out " + (slot.approveSent ? "waiting for the broadcast" : slot.alertId == 0 ? "waiting for a proposal" :
                    "before approval"));
            }
        }

        private void placeCall(final int index, final long callAtNs, final long approveAfterNs, final SplittableRandom random)
        {
            final org.locationtech.jts.geom.Envelope box = cells.servedBox();
            double x = 0;
            double y = 0;
            for (int attempt = 0; attempt < 200; attempt++)
            {
                x = box.getMinX() + random.nextDouble() * box.getWidth();
                y = box.getMinY() + random.nextDouble() * box.getHeight();
                boolean clear = true;
                for (final Slot other : slots)
                {
                    final boolean recent = !other.done || callAtNs - other.doneAtNanoTime < RECENT_NS;
                    clear &= !recent || StrictMath.hypot(other.x - x, other.y - y) >= MIN_SEPARATION_M;
                }
                if (clear)
                {
                    break;
                }
            }
            final int lat = (int)StrictMath.round(cells.plane().lat(y) * 1e6);
            final int lon = (int)StrictMath.round(cells.plane().lon(x) * 1e6);
            final Slot slot = new Slot(index, x, y, lat, lon, callAtNs, callAtNs + approveAfterNs, 9_000_000L + index);
            slots.add(slot);
            inFlight.add(slot);
            byCall.put(slot.callId, slot);
            call.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .callId(slot.callId)
                .agency(Agency.FIRE)
                .locationQuality(LocationQuality.USABLE)
                .locationMethod(LocationMethod.GNSS)
                .uncertaintyM(10)
                .confidencePct((short)95);
            call.location().latMicros(lat).lonMicros(lon);
            final byte[] caller = ("+8490" + (1_000_000 + index)).getBytes(StandardCharsets.US_ASCII);
            call.putCaller(caller, 0, caller.length);
            call.sipCallId("").emergencyCallId("").locationReference("");
            offer(HEADER + call.encodedLength());
        }

        private int step(final Slot slot, final long now, final long cancelAfterNs)
        {
            if (slot.incidentId != 0 && !slot.classifySent)
            {
                slot.classifySent = true;
                alertCommand(AlertAction.CLASSIFY, 0, slot.incidentId, 0);
                return 1;
            }
            if (slot.alertId != 0 && !slot.approveSent && now >= slot.approveAtNs)
            {
                slot.approveSent = true;
                slot.approveSentNanoTime = System.nanoTime();
                alertCommand(AlertAction.APPROVE, slot.alertId, 0, slot.revision);
                return 1;
            }
            if (slot.broadcastAtNanoTime != 0 && !slot.cancelSent && now >= slot.broadcastAtNanoTime + cancelAfterNs)
            {
                slot.cancelSent = true;
                alertCommand(AlertAction.CANCEL, slot.alertId, 0, slot.revision);
                operator.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .commandType(CommandType.CLOSE_INCIDENT)
                    .incidentId(slot.incidentId)
                    .operatorId(OPERATOR)
                    .agency(Agency.FIRE);
                offer(HEADER + operator.encodedLength());
                return 1;
            }
            return 0;
        }

        private void alertCommand(final AlertAction action, final long alertId, final long incidentId, final int revision)
        {
            command.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .action(action)
                .alertId(alertId)
                .incidentId(incidentId)
                .candidateId(0)
                .operatorId(OPERATOR)
                .revision(revision)
                .hazard(action == AlertAction.CLASSIFY ? config.hazard() : Hazard.NONE)
                .innerRadiusM(0)
                .ringM(0);
            command.center().latMicros(0).lonMicros(0);
            command.polygonCount(0);
            offer(HEADER + command.encodedLength());
        }

        private void offer(final int length)
        {
            if (client.offer(++correlation, buffer, 0, length) < 0)
            {
                refusedOffers++;
            }
        }

        private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer frame, final int offset, final int length)
        {
            header.wrap(frame, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case IncidentOpenedDecoder.TEMPLATE_ID ->
                {
                    opened.wrap(frame, body, header.blockLength(), header.version());
                    final Slot slot = byCall.get(opened.callId());
                    if (null != slot && slot.incidentId == 0)
                    {
                        slot.incidentId = opened.incidentId();
                        byIncident.put(slot.incidentId, slot);
                    }
                }
                case CallUpdatedDecoder.TEMPLATE_ID ->
                {
                    callUpdated.wrap(frame, body, header.blockLength(), header.version());
                    final Slot slot = byCall.get(callUpdated.callId());
                    if (null != slot && slot.incidentId == 0 && callUpdated.incidentId() != 0)
                    {
                        // the call joined an incident it did not open: another alert's; not measured
                        slot.incidentId = callUpdated.incidentId();
                        if (byIncident.containsKey(slot.incidentId))
                        {
                            slot.failure = "joined";
                        joined++;
                        }
                        else
                        {
                            byIncident.put(slot.incidentId, slot);
                        }
                    }
                }
                case AlertProposedDecoder.TEMPLATE_ID ->
                {
                    proposed.wrap(frame, body, header.blockLength(), header.version());
                    final Slot slot = byIncident.get(proposed.incidentId());
                    if (null != slot && !slot.approveSent && null == slot.failure)
                    {
                        slot.alertId = proposed.alertId();
                        slot.proposedNanoTime = 0 == slot.proposedNanoTime ? System.nanoTime() : slot.proposedNanoTime;
                        slot.revision = Math.max(slot.revision, proposed.revision());
                        byAlert.put(slot.alertId, slot);
                    }
                }
                case AlertCommandRejectedDecoder.TEMPLATE_ID ->
                {
                    rejected.wrap(frame, body, header.blockLength(), header.version());
                    Slot slot = byAlert.get(rejected.alertId());
                    if (null == slot)
                    {
                        slot = byIncident.get(rejected.incidentId());
                    }
                    if (null != slot && !slot.done)
                    {
                        fail(slot, rejected.action() + " rejected: " + rejected.reason());
                    }
                }
                default ->
                {
                }
            }
        }

        private void fail(final Slot slot, final String reason)
        {
            if (null == slot.failure)
            {
                slot.failure = reason;
                failures.merge(reason, 1, Integer::sum);
            }
        }

        private void onBroadcast(final BroadcastEvent event)
        {
            final Slot slot = byAlert.get(event.alertId());
            final Broadcast broadcast = event.broadcast();
            heard.add(event);
            if (event.msgType() == AlertMsgType.CANCEL)
            {
                if (broadcast.outcome() == BroadcastOutcome.CANCELLED)
                {
                    cancelled++;
                }
                if (null != slot)
                {
                    slot.done = true;
                    slot.doneAtNanoTime = System.nanoTime();
                }
                return;
            }
            if (null == slot || slot.broadcastAtNanoTime != 0)
            {
                return;
            }
            if (broadcast.outcome() != BroadcastOutcome.BROADCAST)
            {
                fail(slot, broadcast.outcome() + ": " + broadcast.detail());
                return;
            }
            slot.broadcastAtNanoTime = event.completedNanoTime();
            if (slot.index < config.warmup())
            {
                return;
            }
            final long latency = event.completedNanoTime() - slot.approveAtNs;
            callToProposalNs.recordValue(Math.max(0, Math.min(callToProposalNs.getHighestTrackableValue(),
                slot.proposedNanoTime - slot.callAtNs)));
            gatewayNs.recordValue(Math.max(0, Math.min(gatewayNs.getHighestTrackableValue(),
                event.completedNanoTime() - event.receivedNanoTime())));
            sentToBroadcastNs.recordValue(Math.max(0, Math.min(sentToBroadcastNs.getHighestTrackableValue(),
                event.completedNanoTime() - slot.approveSentNanoTime)));
            latencyNs.recordValue(Math.max(0, Math.min(latencyNs.getHighestTrackableValue(), latency)));
            broadcasts++;
            innerCells += broadcast.innerCells().length;
            outerCells += broadcast.outerCells().length;
            measured.add(event.alertId());
        }

        /** Reach and overshoot, after the run so that figuring costs the measured system no CPU; the baseline replays the broadcasts. */
        void analyse()
        {
            for (final BroadcastEvent event : heard)
            {
                final HandsetDisplay.Delivery cellOnlyDelivery = baseline.deliver(event.broadcast());
                if (event.msgType() != AlertMsgType.CANCEL && event.broadcast().outcome() == BroadcastOutcome.BROADCAST &&
                    measured.contains(event.alertId()))
                {
                    measure(event.broadcast(), event.delivery(), geofenced, false);
                    measure(event.broadcast(), event.delivery(), geofencedLocated, true);
                    measure(event.broadcast(), cellOnlyDelivery, cellOnly, false);
                }
            }
        }

        private void measure(final Broadcast broadcast, final HandsetDisplay.Delivery delivery, final Figures figures,
            final boolean usableFixOnly)
        {
            BroadcastArea inner = null;
            BroadcastArea outer = null;
            for (final CbsMessage message : broadcast.messages())
            {
                if (message.level() == MessageLevel.EVACUATE && null == inner)
                {
                    inner = message.area();
                }
                if (message.level() == MessageLevel.AVOID && null == outer)
                {
                    outer = message.area();
                }
            }
            for (final int id : delivery.evacuate())
            {
                evacuateMark[id] = true;
                showMark[id] = true;
            }
            for (final int id : delivery.avoid())
            {
                showMark[id] = true;
            }
            // every handset inside the area camps on a cell whose coverage meets the area, so the handsets of the
            // broadcast's cells are all the ones that count
            for (final int[] zoneCells : new int[][] {broadcast.innerCells(), broadcast.outerCells()})
            {
                for (final int cell : zoneCells)
                {
                    for (final int id : handsets.campedOn(cell))
                    {
                        if (inMark[id])
                        {
                            continue;
                        }
                        inMark[id] = true;
                        final Handsets.Handset handset = handsets.handset(id);
                        if (usableFixOnly && !(handset.located() && handset.accuracyM() <= HandsetDisplay.DEFAULT_MAX_ACCURACY_M))
                        {
                            continue;
                        }
                        final boolean inInner = null != inner && inner.contains(handset.x(), handset.y());
                        final double outside = null == outer ? 0.0 : outer.distanceOutside(handset.x(), handset.y());
                        if (inInner)
                        {
                            figures.inner++;
                            figures.innerEvacuate += evacuateMark[id] ? 1 : 0;
                        }
                        else if (outside == 0.0)
                        {
                            figures.ring++;
                            figures.ringShown += showMark[id] ? 1 : 0;
                        }
                        else if (showMark[id])
                        {
                            figures.outsideShown++;
                            figures.overshootM.recordValue(Math.min(999_999, (long)StrictMath.ceil(outside)));
                        }
                        figures.shown += showMark[id] ? 1 : 0;
                    }
                }
            }
            for (final int[] zoneCells : new int[][] {broadcast.innerCells(), broadcast.outerCells()})
            {
                for (final int cell : zoneCells)
                {
                    for (final int id : handsets.campedOn(cell))
                    {
                        inMark[id] = false;
                        showMark[id] = false;
                        evacuateMark[id] = false;
                    }
                }
            }
        }

        Result report(final BroadcastGateway gateway)
        {
            out.printf(Locale.ROOT, "# alerts: %d measured after %d warm-up, placed at %.1f/s (%s, approved %d ms after the call, "
                    + "cancelled %d ms after broadcast): %d broadcast, %d cancelled%n",
                slots.size() - config.warmup(), config.warmup(), config.rate(), config.hazard(), config.approveAfterMs(),
                config.cancelAfterMs(), broadcasts, cancelled - config.warmup());
            if (joined > 0)
            {
                out.printf(Locale.ROOT, "# not measured: %d calls joined another alert's incident (correlation)%n", joined);
            }
            failures.forEach((reason, count) -> out.printf(Locale.ROOT, "# failed: %d x %s%n", count, reason));
            if (broadcasts > 0)
            {
                out.printf(Locale.ROOT, "# cells per alert: %.1f inner (Evacuate), %.1f outer only (Avoid), of %d%n",
                    (double)innerCells / broadcasts, (double)outerCells / broadcasts, cells.cells().size());
            }
            out.printf(Locale.ROOT, "# gateway: %d AlertIssued seen, %d reports taken by the core, %d refusals, %d dropped, %d failed; "
                    + "bench offers refused: %d%n",
                gateway.agent().issuedSeen(), gateway.agent().reportsOffered(), gateway.agent().offerRefusals(),
                gateway.agent().reportsDropped(), gateway.agent().failed(), refusedOffers);
            out.printf(Locale.ROOT, "# approval->broadcast (scheduled approval to every cell having it): n=%d p50=%.2fms p90=%.2fms "
                    + "p99=%.2fms max=%.2fms%n",
                latencyNs.getTotalCount(), ms(latencyNs, 50), ms(latencyNs, 90), ms(latencyNs, 99), latencyNs.getMaxValue() / 1e6);
            out.printf(Locale.ROOT, "#   call->proposal p50=%.2fms p99=%.2fms; approval sent->broadcast p50=%.2fms p99=%.2fms, "
                    + "of which in the gateway (validate, read, select cells, page) p50=%.2fms p99=%.2fms%n",
                ms(callToProposalNs, 50), ms(callToProposalNs, 99), ms(sentToBroadcastNs, 50), ms(sentToBroadcastNs, 99),
                ms(gatewayNs, 50), ms(gatewayNs, 99));
            out.println("# reach and overshoot (true positions; overshoot = metres beyond the outer area of handsets shown a message):");
            out.println(cellOnly.line() + "   <- baseline");
            out.println(geofenced.line() + "   <- product");
            out.println(geofencedLocated.line());
            final String summary = String.format(Locale.ROOT,
                "alerts reach_inner=%.2f%% overshoot_p95=%dm approval_to_broadcast_p99=%.2fms",
                geofenced.reachInner(), geofenced.overshootP95(), ms(latencyNs, 99));
            final boolean ok = failures.isEmpty() && broadcasts + joined >= config.alerts() && cancelled + joined == slots.size() &&
                gateway.agent().reportsDropped() == 0 && refusedOffers == 0;
            return new Result(summary, ok);
        }

        private static double ms(final Histogram histogram, final double percentile)
        {
            return 0 == histogram.getTotalCount() ? 0.0 : histogram.getValueAtPercentile(percentile) / 1e6;
        }
    }
}
