package org.beacon.benchmarks.greenwave;

import org.beacon.core.MessageView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.DataNetwork;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.core.OutputSink;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.signal.SignalConfig;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.SignalService;
import org.beacon.signal.field.FieldControllers;
import org.beacon.signal.sumo.SumoProcess;
import org.beacon.signal.sumo.SumoSignalBridge;
import org.beacon.signal.sumo.TraciClient;

/**
 * The measured benefit of green waves: per seed, two SUMO runs with the same background traffic and the
 * same emergency vehicles (EVs). In both, Beacon's field controllers drive every traffic light through
 * {@link SumoSignalBridge} on their fixed-time plans, and the planner ({@link SignalService}) is fed a
 * {@code Tick} per step and a {@code UnitPosition} per EV per step. WITHOUT never assigns a route, so the
 * planner plans nothing; WITH assigns each EV's route when it departs, and the planner's preemption requests
 * go to the controllers. EVs are ordinary cars of vClass emergency without SUMO's bluelight device: they stop
 * at red lights and queue behind cars, so any gain is Beacon's. Simulation time is the clock of everything.
 */
public final class GreenWaveBench
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /**
     * Background vehicles per hour per edge of the passenger core when no demand is given: the bundled grid's
     * 12,000/h over its 360 edges, so a network of another size gets the same density.
     */
    public static final double AUTO_DEMAND_PER_EDGE = 12_000.0 / 360.0;

    /**
     * What to run.
     *
     * @param netFile     a SUMO net, or null for the bundled grid.
     * @param seeds       seeds 1..seeds.
     * @param evs         emergency vehicles per seed.
     * @param minutes     simulated minutes of background departures (the run drains afterwards).
     * @param vehPerHour  background demand; 0 or less: {@link #AUTO_DEMAND_PER_EDGE} per edge of the passenger core.
     * @param stepS       SUMO step length.
     * @param leadS       the planner's lead time ({@link SignalConfig#leadNs()}).
     * @param drainS      longest drain after the last departure.
     * @param workDir     where SUMO's files go, or null for a temporary directory.
     */
    public record Config(Path netFile, int seeds, int evs, double minutes, double vehPerHour, double stepS, double leadS,
        double drainS, Path workDir)
    {
    }

    /**
     * One SUMO run's figures.
     *
     * @param evTimes        EV travel time (depart to arrive) per EV id.
     * @param others         other vehicles' {duration, timeLoss} per id.
     * @param preemptions    new preemption requests the planner made.
     * @param applied        commands the controllers accepted.
     * @param faultTrips     conflict-monitor trips.
     * @param unfinished     vehicles still on the road or waiting when the run stopped.
     * @param wallMs         wall time of the run.
     */
    public record Run(Map<String, Double> evTimes, Map<String, double[]> others, long preemptions, long applied,
        long faultTrips, int unfinished, long wallMs)
    {
    }

    /**
     * A whole bench's figures.
     *
     * @param evWithoutS      mean EV travel time without waves.
     * @param evWithS         mean EV travel time with waves.
     * @param reductionPct    EV travel-time reduction.
     * @param othersAddedPct  relative change of the other vehicles' mean travel time.
     * @param faultTrips      conflict-monitor trips over all runs.
     * @param preemptionsWith preemptions over all WITH runs.
     * @param preemptionsWithout preemptions over all WITHOUT runs.
     * @param evArrivals      EVs that arrived, over all runs.
     * @param lastLine        the summary line.
     */
    public record Result(double evWithoutS, double evWithS, double reductionPct, double othersAddedPct, long faultTrips,
        long preemptionsWith, long preemptionsWithout, int evArrivals, String lastLine)
    {
    }

    private GreenWaveBench()
    {
    }

    /**
     * Runs the bench and prints per-seed lines and, last, the summary line.
     *
     * @param config what to run.
     * @param out    where lines go.
     * @return the figures.
     * @throws IOException if SUMO or a file fails.
     */
    public static Result run(final Config config, final PrintStream out) throws IOException
    {
        final Path work = null == config.workDir() ? Files.createTempDirectory("beacon-greenwave") : config.workDir();
        Files.createDirectories(work);
        final Path net = copyNet(config, work);
        final DataNetwork roads = DataNetwork.read(net);
        final RoadGraph graph = roads.graph();
        final RoadGraph cars = SumoNetReader.forClass("passenger").read(net);
        final SignalNetwork network = roads.signals();
        final double vehPerHour = config.vehPerHour() > 0 ? config.vehPerHour() : AUTO_DEMAND_PER_EDGE * cars.coreSize();
        final SignalConfig signalConfig = signalConfig(config.leadS());
        out.printf(Locale.ROOT, "greenwave net=%s edges=%d lights=%d demand=%.0f/h minutes=%.1f evs=%d step=%.2fs lead=%.0fs "
            + "ttl=%ds work=%s%n", null == config.netFile() ? "bundled hcmc-grid" : config.netFile(), graph.edgeCount(),
            network.intersectionCount(), vehPerHour, config.minutes(), config.evs(), config.stepS(), config.leadS(),
            TimeUnit.NANOSECONDS.toSeconds(signalConfig.requestTtlNs()), work);
        double evWithoutSum = 0;
        double evWithSum = 0;
        int evPairs = 0;
        double othersWithoutSum = 0;
        double othersWithSum = 0;
        long othersPairs = 0;
        long faults = 0;
        long preemptWith = 0;
        long preemptWithout = 0;
        int evArrivals = 0;
        final List<double[]> perSeed = new ArrayList<>();
        for (int seed = 1; seed <= config.seeds(); seed++)
        {
            final Path trips = work.resolve("bg-" + seed + ".trips.xml");
            final Scenario scenario = Scenario.create(graph, cars, network, seed, config.minutes() * 60.0, vehPerHour,
                config.evs(), trips);
            final Run without = simulate(config, work, net, trips, seed, graph, network, signalConfig, scenario, false);
            final Run with = simulate(config, work, net, trips, seed, graph, network, signalConfig, scenario, true);
            double seedEvWithout = 0;
            double seedEvWith = 0;
            int seedEv = 0;
            for (final Map.Entry<String, Double> ev : without.evTimes().entrySet())
            {
                final Double withTime = with.evTimes().get(ev.getKey());
                if (null != withTime)
                {
                    seedEvWithout += ev.getValue();
                    seedEvWith += withTime;
                    seedEv++;
                }
            }
            double seedOthersWithout = 0;
            double seedOthersWith = 0;
            double lossWithout = 0;
            double lossWith = 0;
            int seedOthers = 0;
            for (final Map.Entry<String, double[]> v : without.others().entrySet())
            {
                final double[] w = with.others().get(v.getKey());
                if (null != w)
                {
                    seedOthersWithout += v.getValue()[0];
                    seedOthersWith += w[0];
                    lossWithout += v.getValue()[1];
                    lossWith += w[1];
                    seedOthers++;
                }
            }
            evWithoutSum += seedEvWithout;
            evWithSum += seedEvWith;
            evPairs += seedEv;
            othersWithoutSum += seedOthersWithout;
            othersWithSum += seedOthersWith;
            othersPairs += seedOthers;
            faults += without.faultTrips() + with.faultTrips();
            preemptWith += with.preemptions();
            preemptWithout += without.preemptions();
            evArrivals += without.evTimes().size() + with.evTimes().size();
            perSeed.add(new double[] {mean(seedEvWithout, seedEv), mean(seedEvWith, seedEv), pct(seedEvWithout - seedEvWith, seedEvWithout),
                pct(seedOthersWith - seedOthersWithout, seedOthersWithout)});
            out.printf(Locale.ROOT, "seed=%d trips=%d evs=%d/%d/%d ev_time_without=%.1fs ev_time_with=%.1fs reduction=%.1f%% "
                + "others=%d others_time_without=%.1fs others_time_with=%.1fs others_delay_added=%.2f%% "
                + "others_timeloss_without=%.1fs others_timeloss_with=%.1fs preemptions_with=%d preemptions_without=%d "
                + "accepted_with=%d fault_trips=%d unfinished=%d/%d wall=%.0fs+%.0fs%n",
                seed, scenario.backgroundTrips(), seedEv, without.evTimes().size(), with.evTimes().size(),
                mean(seedEvWithout, seedEv), mean(seedEvWith, seedEv), pct(seedEvWithout - seedEvWith, seedEvWithout), seedOthers,
                mean(seedOthersWithout, seedOthers), mean(seedOthersWith, seedOthers),
                pct(seedOthersWith - seedOthersWithout, seedOthersWithout), mean(lossWithout, seedOthers),
                mean(lossWith, seedOthers), with.preemptions(), without.preemptions(), with.applied(),
                without.faultTrips() + with.faultTrips(), without.unfinished(), with.unfinished(), without.wallMs() / 1000.0,
                with.wallMs() / 1000.0);
            printEvs(out, seed, scenario, without, with);
        }
        final double evWithout = mean(evWithoutSum, evPairs);
        final double evWith = mean(evWithSum, evPairs);
        final double reduction = pct(evWithoutSum - evWithSum, evWithoutSum);
        final double othersAdded = pct(othersWithSum - othersWithoutSum, othersWithoutSum);
        out.printf(Locale.ROOT, "totals: ev_pairs=%d others_pairs=%d preemptions_with=%d preemptions_without=%d fault_trips=%d%n",
            evPairs, othersPairs, preemptWith, preemptWithout, faults);
        printMedians(out, perSeed);
        final String last = String.format(Locale.ROOT, "greenwave ev_time_without=%.1fs ev_time_with=%.1fs reduction=%.1f%% "
            + "others_delay_added=%.2f%%", evWithout, evWith, reduction, othersAdded);
        out.println(last);
        return new Result(evWithout, evWith, reduction, othersAdded, faults, preemptWith, preemptWithout, evArrivals, last);
    }

    /** Copies the bench's net (the given one, or the bundled grid) into the work directory. */
    private static Path copyNet(final Config config, final Path work) throws IOException
    {
        final Path net = work.resolve("net.xml");
        if (null == config.netFile())
        {
            try (InputStream in = GreenWaveBench.class.getResourceAsStream(CenterStateMachine.BUNDLED_NETWORK))
            {
                if (null == in)
                {
                    throw new IOException("bundled network " + CenterStateMachine.BUNDLED_NETWORK + " is not on the class path");
                }
                Files.copy(in, net, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        else
        {
            Files.copy(config.netFile(), net, StandardCopyOption.REPLACE_EXISTING);
        }
        return net;
    }

    /** One line per EV of a seed: its route and its travel times without and with waves. */
    private static void printEvs(final PrintStream out, final int seed, final Scenario scenario, final Run without, final Run with)
    {
        for (final Scenario.Ev ev : scenario.evs())
        {
            out.printf(Locale.ROOT, "  seed=%d %s depart=%.0fs edges=%d turns=%d free_flow=%ds without=%s with=%s%n", seed,
                ev.id(), ev.departS(), ev.edges().length, ev.turns(), ev.etaS(), seconds(without.evTimes().get(ev.id())),
                seconds(with.evTimes().get(ev.id())));
        }
    }

    /**
     * The planner's configuration for the bench: {@link SignalConfig#DEFAULT} with another lead time.
     *
     * @param leadS lead time in seconds.
     * @return the configuration.
     */
    public static SignalConfig signalConfig(final double leadS)
    {
        final SignalConfig d = SignalConfig.DEFAULT;
        return new SignalConfig(Math.round(leadS * 1e9), d.requestTtlNs(), d.refreshBeforeNs(), d.maxDwellNs(), d.recoveryNs(),
            d.recoveryBypassPriority(), d.staleNs(), d.onRouteToleranceM(), d.passMarginM(), d.lookaheadSegments(),
            d.congestionStepPermille());
    }

    private static String seconds(final Double value)
    {
        return null == value ? "-" : String.format(Locale.ROOT, "%.1fs", value);
    }

    /** The per-seed figures' medians: what the README reports per network. */
    private static void printMedians(final PrintStream out, final List<double[]> perSeed)
    {
        out.printf(Locale.ROOT, "medians over %d seeds: ev_time_without=%.1fs ev_time_with=%.1fs reduction=%.1f%% "
            + "others_delay_added=%.2f%%%n", perSeed.size(), median(perSeed, 0), median(perSeed, 1), median(perSeed, 2),
            median(perSeed, 3));
    }

    /** The median of one column over the seeds (NaN entries, seeds without a figure, left out). */
    private static double median(final List<double[]> rows, final int column)
    {
        final double[] values = rows.stream().mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static double mean(final double sum, final long n)
    {
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double pct(final double delta, final double base)
    {
        return base == 0 ? Double.NaN : 100.0 * delta / base;
    }

    /** Counts the planner's outputs and hands them to the field. */
    private static final class FieldSink implements OutputSink
    {
        private final FieldControllers field;
        private final MessageView view = new MessageView();
        private final PreemptRequestedDecoder requested = new PreemptRequestedDecoder();
        private long nowNs;
        private long preemptions;

        FieldSink(final FieldControllers field)
        {
            this.field = field;
        }

        @Override
        public void emit(final DirectBuffer buffer, final int offset, final int length)
        {
            if (view.wrap(buffer, offset, length) == PreemptRequestedDecoder.TEMPLATE_ID)
            {
                requested.wrap(view.buffer(), MessageView.BODY, view.blockLength(), view.version());
                if (requested.refresh() == 0)
                {
                    preemptions++;
                }
            }
            field.onOutput(buffer, offset, length, nowNs, nowNs);
        }
    }

    private static Run simulate(final Config config, final Path work, final Path net, final Path trips, final int seed,
        final RoadGraph graph, final SignalNetwork network, final SignalConfig signalConfig, final Scenario scenario,
        final boolean waves) throws IOException
    {
        final long wallStart = System.nanoTime();
        final String mode = waves ? "with" : "without";
        final Path tripinfo = work.resolve("tripinfo-" + seed + "-" + mode + ".xml");
        Files.deleteIfExists(tripinfo);
        final List<String> args = sumoArgs(config, net, trips, tripinfo, seed);
        final SumoSignalBridge bridge = SumoSignalBridge.fromNetFile(net, network, graph::edgeIndex);
        final SignalService service = new SignalService(signalConfig, network, null);
        final FieldControllers field = new FieldControllers(network, 0);
        final FieldSink sink = new FieldSink(field);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final UnitPositionEncoder position = new UnitPositionEncoder();
        final TickEncoder tick = new TickEncoder();
        final Map<String, Scenario.Ev> evById = evById(scenario);
        final List<Scenario.Ev> onRoad = new ArrayList<>();
        final Map<String, Double> departed = new HashMap<>();
        final Map<String, Double> evTimes = new HashMap<>();
        final double endS = config.minutes() * 60.0;
        int unfinished;
        try (SumoProcess sumo = SumoProcess.start(args, work))
        {
            final TraciClient traci = sumo.client();
            addEvs(traci, scenario, graph);
            field.step(0);
            bridge.apply(field, traci);
            final long[] sequence = {0};
            long tickNumber = 0;
            while (true)
            {
                traci.simulationStep(0);
                final double t = traci.simulationTime();
                final long nowNs = Math.round(t * 1e9);
                sink.nowNs = nowNs;
                for (final String id : traci.departedVehicles())
                {
                    final Scenario.Ev ev = evById.get(id);
                    if (null != ev)
                    {
                        onRoad.add(ev);
                        departed.put(id, t);
                        if (waves)
                        {
                            service.onRouteAssigned(ev.unitId(), ev.unitId(), 1, ev.etaS(), ev.edges(), ev.edges().length, nowNs,
                                sink);
                        }
                    }
                }
                for (final String id : traci.arrivedVehicles())
                {
                    final Scenario.Ev ev = evById.get(id);
                    if (null != ev)
                    {
                        onRoad.remove(ev);
                        evTimes.put(id, t - departed.get(id));
                        service.onUnitStopped(ev.unitId(), nowNs, sink);
                    }
                }
                for (final Scenario.Ev ev : onRoad)
                {
                    final double[] lonLat = traci.vehicleLonLat(ev.id());
                    position.wrapAndApplyHeader(buffer, 0, headerEncoder)
                        .unitId(ev.unitId())
                        .speedCmPerS(0)
                        .headingDeciDeg(0)
                        .position().latMicros((int)Math.round(lonLat[1] * 1e6)).lonMicros((int)Math.round(lonLat[0] * 1e6));
                    service.onEvent(++sequence[0], nowNs, buffer, 0, HEADER + position.encodedLength(), sink);
                }
                tick.wrapAndApplyHeader(buffer, 0, headerEncoder).tickNumber(++tickNumber);
                service.onEvent(++sequence[0], nowNs, buffer, 0, HEADER + tick.encodedLength(), sink);
                field.step(nowNs);
                field.report(nowNs, TimeUnit.SECONDS.toNanos(5), null, (b, o, l) ->
                {
                    service.onEvent(++sequence[0], nowNs, b, o, l, sink);
                    return true;
                });
                bridge.apply(field, traci);
                if (t >= endS)
                {
                    final int expected = traci.minExpectedVehicles();
                    if (expected == 0 || t >= endS + config.drainS())
                    {
                        unfinished = expected;
                        break;
                    }
                }
            }
        }
        final Map<String, double[]> others = new HashMap<>();
        readTripinfo(tripinfo, evById, others);
        return new Run(evTimes, others, sink.preemptions, field.commandsApplied(), field.faultTrips(), unfinished,
            (System.nanoTime() - wallStart) / 1_000_000);
    }

    /** SUMO's command line for one run (file names relative to the work directory). */
    private static List<String> sumoArgs(final Config config, final Path net, final Path trips, final Path tripinfo, final int seed)
    {
        return List.of("-n", net.getFileName().toString(), "-r", trips.getFileName().toString(),
            "--seed", Integer.toString(seed), "--step-length", Double.toString(config.stepS()), "--no-step-log", "true",
            "--tripinfo-output", tripinfo.getFileName().toString(), "--time-to-teleport", "-1", "--no-warnings", "true",
            "--duration-log.disable", "true");
    }

    /** The scenario's EVs by vehicle id. */
    private static Map<String, Scenario.Ev> evById(final Scenario scenario)
    {
        final Map<String, Scenario.Ev> evById = new HashMap<>();
        for (final Scenario.Ev ev : scenario.evs())
        {
            evById.put(ev.id(), ev);
        }
        return evById;
    }

    /** The EV vehicle type (class emergency, red) and each EV's route and departure. */
    private static void addEvs(final TraciClient traci, final Scenario scenario, final RoadGraph graph) throws IOException
    {
        traci.copyVehicleType("DEFAULT_VEHTYPE", "ev");
        traci.setVehicleTypeClass("ev", "emergency");
        traci.setVehicleTypeColor("ev", 255, 0, 0, 255);
        for (final Scenario.Ev ev : scenario.evs())
        {
            final List<String> edgeIds = new ArrayList<>(ev.edges().length);
            for (final int e : ev.edges())
            {
                edgeIds.add(graph.edgeId(e));
            }
            traci.addRoute("r" + ev.id(), edgeIds);
            traci.addVehicle(ev.id(), "r" + ev.id(), "ev", String.format(Locale.ROOT, "%.1f", ev.departS()), "best", "max");
        }
    }

    private static void readTripinfo(final Path file, final Map<String, Scenario.Ev> evs, final Map<String, double[]> others)
        throws IOException
    {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file))
        {
            final XMLStreamReader r = factory.createXMLStreamReader(in);
            while (r.hasNext())
            {
                if (r.next() == XMLStreamConstants.START_ELEMENT && "tripinfo".equals(r.getLocalName()))
                {
                    final String id = r.getAttributeValue(null, "id");
                    final double duration = Double.parseDouble(r.getAttributeValue(null, "duration"));
                    final double timeLoss = Double.parseDouble(r.getAttributeValue(null, "timeLoss"));
                    if (!evs.containsKey(id))
                    {
                        others.put(id, new double[] {duration, timeLoss});
                    }
                }
            }
            r.close();
        }
        catch (final XMLStreamException ex)
        {
            throw new IOException("unreadable tripinfo " + file + ": " + ex.getMessage(), ex);
        }
    }
}
