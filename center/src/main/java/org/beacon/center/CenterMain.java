package org.beacon.center;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.agrona.CloseHelper;
import org.beacon.center.sim.DemoRunner;
import org.beacon.center.sim.RoadCity;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.center.sim.SumoMover;
import org.beacon.center.sim.SumoTrips;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.core.BeaconNode;
import org.beacon.center.sim.DemoCameras;
import org.beacon.console.ConsoleContext;
import org.beacon.video.worker.CameraConfig;
import org.beacon.video.worker.CameraWorker;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.alert.broadcast.BroadcastGateway;
import org.beacon.dispatch.alert.broadcast.CellNetwork;
import org.beacon.dispatch.alert.broadcast.Handsets;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.intake.aml.AmlGatewayContext;
import org.beacon.dispatch.intake.aml.AmlHttpsGateway;
import org.beacon.dispatch.intake.sip.SipGateway;
import org.beacon.dispatch.intake.sip.SipGatewayContext;
import org.beacon.dispatch.location.CellDatabase;
import org.beacon.dispatch.location.CellLocator;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.field.SignalFieldGateway;
import org.beacon.signal.sumo.SumoField;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The center's command line: {@code node} runs the center as in production, {@code demo} adds the simulated city. */
@Command(name = "beacon", mixinStandardHelpOptions = true, subcommands = {CenterMain.Node.class, CenterMain.Demo.class},
    description = "Beacon: the unified 112 emergency and traffic center.")
public final class CenterMain implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** Options shared by every way of running a node. */
    static class NodeOptions
    {
        @Option(names = "--data", description = "folder of the journals and snapshots (default: ${DEFAULT-VALUE})")
        Path data = Path.of("data");

        @Option(names = "--aeron-dir", description = "Aeron folder (default: in /dev/shm, named after --data)")
        String aeronDir;

        @Option(names = "--no-embedded-driver", description = "use an external Aeron media driver")
        boolean externalDriver;

        @Option(names = "--ingress-channel", description = "Aeron channel gateways publish on (default: ${DEFAULT-VALUE})")
        String ingressChannel = "aeron:ipc";

        @Option(names = "--egress-channel", description = "Aeron channel the core publishes on (default: ${DEFAULT-VALUE})")
        String egressChannel = "aeron:ipc";

        @Option(names = "--tick-ms", description = "interval of journaled ticks (default: ${DEFAULT-VALUE})")
        long tickMs = 100;

        @Option(names = "--snapshot-every", description = "events between scheduled snapshots (default: ${DEFAULT-VALUE})")
        long snapshotEvery = 1_000_000;

        @Option(names = "--sip-port", description = "NG112 SIP port, UDP and TCP; -1 disables it (default: ${DEFAULT-VALUE})")
        int sipPort = 5060;

        @Option(names = "--sip-bind", description = "address the SIP gateway binds (default: ${DEFAULT-VALUE})")
        String sipBind = "0.0.0.0";

        @Option(names = "--cells", description = "cell table (OpenCelliD CSV layout) for network cell locations "
            + "(default: the bundled demo table of Ho Chi Minh City)")
        Path cells;

        @Option(names = "--aml-port", description = "AML HTTP(S) endpoint port, POST /aml; -1 disables it (default: ${DEFAULT-VALUE})")
        int amlPort = 8081;

        @Option(names = "--aml-cert", description = "PEM certificate chain: the AML endpoint speaks HTTPS when given with --aml-key")
        Path amlCert;

        @Option(names = "--aml-key", description = "PEM PKCS#8 private key of --aml-cert")
        Path amlKey;

        @Option(names = "--http-port", description = "console HTTP(S) port; -1 disables the consoles (default: ${DEFAULT-VALUE})")
        int httpPort = org.beacon.console.ConsoleContext.DEFAULT_PORT;

        @Option(names = "--http-bind", description = "address the console binds (default: ${DEFAULT-VALUE})")
        String httpBind = "0.0.0.0";

        @Option(names = "--http-cert", description = "PEM certificate chain: the console speaks HTTPS when given with --http-key")
        Path httpCert;

        @Option(names = "--http-key", description = "PEM PKCS#8 private key of --http-cert")
        Path httpKey;

        @Option(names = "--console-users", description = "console accounts file (default: DATA/console-users)")
        Path consoleUsers;

        @Option(names = "--console-origins", split = ",", description = "origins (scheme://host[:port], comma-separated) whose "
            + "pages may open the console's WebSocket besides the console's own, e.g. the address a reverse proxy serves it under")
        List<String> consoleOrigins = new ArrayList<>();

        @Option(names = "--signal-field", description = "signal controllers in the field: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}: one simulated cabinet per signalized junction of the network)")
        SignalField signalField = SignalField.SIMULATED;

        @Option(names = "--broadcast", description = "the cell-broadcast network area alerts go to: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}: a simulated network of cells over the city and a population of simulated handsets)")
        Broadcast broadcast = Broadcast.SIMULATED;

        @Option(names = "--handsets", description = "simulated handsets with --broadcast SIMULATED (default: ${DEFAULT-VALUE})")
        int handsets = 50_000;

        @Option(names = "--pipeline", description = "thread layout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        NodeContext.Pipeline pipeline = NodeContext.Pipeline.SHARED_THREAD;

        @Option(names = "--disk-low-water", description = "free space under the journals below which AVL, detector counts and "
            + "camera reads are refused (REJECTED_LOW_DISK), e.g. 256m (default: ${DEFAULT-VALUE})")
        String diskLowWater = "256m";

        @Option(names = "--disk-reserve", description = "free space below which every input is refused (REJECTED_DISK_FULL); "
            + "the band above it is kept for calls and operator commands (default: ${DEFAULT-VALUE})")
        String diskReserve = "64m";

        @Option(names = "--disk-ballast", description = "size of DATA/disk-reserve, a file written in full at start and deleted "
            + "under the reserve to make room for the records in flight (default: ${DEFAULT-VALUE})")
        String diskBallast = "16m";

        @Option(names = "--disk-floor", description = "free space below which the node stops (exit 74) before a write can fault "
            + "(default: ${DEFAULT-VALUE})")
        String diskFloor = "1m";

        @Option(names = "--durability", converter = DurabilityConverter.class, paramLabel = "sync|async",
            description = "sync: an Ack (and every \"journaled\" answer) goes out only after its records are forced to disk, "
                + "group-committed; async: once they are in the page cache (default: sync for node, async for demo)")
        NodeContext.Durability durability;

        private DataNetwork dataNetwork;
        private boolean dataNetworkRead;

        /** The data folder's own road network, read once per run (after --sumo installed it), or null for the bundled one. */
        DataNetwork dataNetwork()
        {
            if (!dataNetworkRead)
            {
                dataNetwork = DataNetwork.ofDataDir(data);
                dataNetworkRead = true;
            }
            return dataNetwork;
        }

        NodeContext context(final NodeContext.Durability whenUnset)
        {
            final NodeContext ctx = new NodeContext()
                .durability(null != durability ? durability : whenUnset)
                .dataDir(data)
                .embeddedMediaDriver(!externalDriver)
                .ingressChannel(ingressChannel)
                .egressChannel(egressChannel)
                .tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(tickMs))
                .snapshotIntervalEvents(snapshotEvery)
                .pipeline(pipeline)
                .disk(NodeWatchdog.disk(diskLowWater, diskReserve, diskBallast, diskFloor))
                .stateMachineSupplier(DataNetwork.stateMachines(dataNetwork(), DataEra.pin(data))::get);
            if (null != aeronDir)
            {
                ctx.aeronDir(aeronDir);
            }
            return ctx.conclude();
        }
    }

    /** Reads {@code sync} or {@code async} (any case). */
    static final class DurabilityConverter implements CommandLine.ITypeConverter<NodeContext.Durability>
    {
        @Override
        public NodeContext.Durability convert(final String value)
        {
            try
            {
                return NodeContext.Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException("--durability is sync or async, not '" + value + "'");
            }
        }
    }

    /** Where the signal controllers are. */
    enum SignalField
    {
        /** Built-in simulated cabinets, on wall-clock time. */
        SIMULATED,
        /** No field gateway: the center still plans and journals, nothing executes. */
        NONE
    }

    /** Where area alerts are broadcast. */
    enum Broadcast
    {
        /** The built-in broadcast gateway over a simulated cell network and simulated handsets. */
        SIMULATED,
        /** No broadcast gateway: alerts are still decided and journaled, nothing goes on the air. */
        NONE
    }

    /** Starts the intake gateways the options ask for, against a running node. */
    static AutoCloseable startGateways(final NodeOptions options, final NodeContext ctx, final boolean demo)
    {
        final List<AutoCloseable> gateways = new ArrayList<>();
        final CellNetwork broadcastCells = options.broadcast == Broadcast.SIMULATED ? CellNetwork.simulated(
            null == options.dataNetwork() ? CenterStateMachine.bundledNetwork() : options.dataNetwork().graph(), 112) : null;
        try
        {
            if (options.httpPort >= 0)
            {
                final ConsoleContext console = ConsoleWiring.context(ctx, options.dataNetwork(), broadcastCells)
                    .bindAddress(options.httpBind)
                    .port(options.httpPort)
                    .usersFile(options.consoleUsers)
                    .origins(options.consoleOrigins)
                    .certificateChain(options.httpCert)
                    .privateKey(options.httpKey)
                    .conclude();
                ConsoleWiring.ensureAccounts(console.usersFile(), demo);
                gateways.add(ConsoleWiring.launch(console));
            }
            if (options.sipPort >= 0)
            {
                final CellDatabase cells = null != options.cells ? CellDatabase.load(options.cells) :
                    CellDatabase.loadResource("cells/hcmc-cells.csv");
                final SipGateway gateway = SipGateway.launch(new SipGatewayContext()
                    .coreAddress(ctx.coreAddress())
                    .bindAddress(options.sipBind)
                    .port(options.sipPort)
                    .cellLocator(new CellLocator(cells)));
                gateways.add(gateway);
                System.out.println("SIP: " + options.sipBind + ":" + gateway.port() + " (UDP and TCP), " + cells.size() +
                    " cells known");
            }
            if (options.amlPort >= 0)
            {
                final AmlGatewayContext aml = new AmlGatewayContext().coreAddress(ctx.coreAddress()).port(options.amlPort);
                if (null != options.amlCert)
                {
                    aml.certificateChain(options.amlCert).privateKey(options.amlKey);
                }
                final AmlHttpsGateway gateway = AmlHttpsGateway.launch(aml);
                gateways.add(gateway);
                System.out.println("AML: " + (null != options.amlCert ? "https" : "http") + "://" + "0.0.0.0:" + gateway.port() +
                    "/aml");
            }
            if (options.signalField == SignalField.SIMULATED)
            {
                final SignalNetwork signals = DataNetwork.signalNetwork(options.dataNetwork());
                gateways.add(SignalFieldGateway.launch(ctx.coreAddress(), signals, 5));
                System.out.println("signals: " + signals.intersectionCount() + " simulated controllers (NEMA 8-phase, " +
                    "conflict monitor each)");
            }
            if (options.broadcast == Broadcast.SIMULATED)
            {
                final Handsets handsets = Handsets.simulated(broadcastCells, Math.max(0, options.handsets), 112);
                gateways.add(BroadcastGateway.launch(ctx.coreAddress(), broadcastCells, handsets));
                System.out.println("alerts: cell broadcast over " + broadcastCells.cells().size() + " simulated cells, " + handsets.size() +
                    " simulated handsets (EU-Alert message ids, geofencing handsets)");
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(gateways);
            throw ex;
        }
        catch (final java.io.IOException ex)
        {
            closeAll(gateways);
            throw new java.io.UncheckedIOException(ex);
        }
        return () -> closeAll(gateways);
    }

    private static void closeAll(final List<AutoCloseable> gateways)
    {
        for (int i = gateways.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(gateways.get(i));
        }
    }

    static void printLocations(final NodeContext ctx, final BeaconNode node)
    {
        System.out.println("journal: " + ctx.inputJournalDir().toAbsolutePath() + " (outputs: " +
            ctx.outputJournalDir().toAbsolutePath() + ", snapshots: " + ctx.snapshotDir().toAbsolutePath() + ")");
        System.out.println(ctx.durability() == NodeContext.Durability.SYNC
            ? "durability: sync (an Ack goes out after its records are forced to disk, group-committed)"
            : "durability: async (an Ack means journaled in the page cache: safe from a crash of the process, "
                + "not from a power cut; --durability sync forces first)");
        System.out.println("recovered: " + node.recovery().lastSequence() + " inputs, " + node.recovery().outputSequence() +
            " outputs; aeron: " + ctx.aeronDir() + "; ingress " + ctx.ingressChannel() + " stream " + ctx.ingressStreamId() +
            ", egress " + ctx.egressChannel() + " stream " + ctx.egressStreamId());
    }

    /** Runs the center as in production: the node and its gateways, nothing simulated. */
    @Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run the center node (stops cleanly on SIGTERM or Ctrl-C).")
    static final class Node implements Callable<Integer>
    {
        @CommandLine.Mixin
        NodeOptions options = new NodeOptions();

        @Override
        public Integer call() throws InterruptedException
        {
            final NodeContext ctx = options.context(NodeContext.Durability.SYNC);
            final BeaconNode node = BeaconNode.launch(ctx);
            NodeWatchdog.watch(node);
            final AutoCloseable gateways;
            try
            {
                gateways = startGateways(options, ctx, false);
            }
            catch (final RuntimeException ex)
            {
                node.close();
                throw ex;
            }
            final CleanStop stop = CleanStop.install();
            try
            {
                printLocations(ctx, node);
                System.out.println("node ready");
                while (!stop.await(200, TimeUnit.MILLISECONDS))
                {
                    if (null != node.failure())
                    {
                        // the watchdog exits too; whichever is first, the code is the same and a hung close is halted
                        System.err.println("node failed: " + node.failure());
                        final int code = NodeWatchdog.exitCode(node.failure());
                        NodeWatchdog.exit(code);
                        return code;
                    }
                }
                System.out.println("stopping: closing the gateways and the journals");
                return 0;
            }
            finally
            {
                // on this thread, never interrupted: Chronicle Queue and Agrona close without complaint
                CloseHelper.quietClose(gateways);
                node.close();
                stop.finished();
            }
        }
    }

    /** The node plus the simulated city, its calls, its dispatcher and its units. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the node with a built-in simulated city and print a live summary.")
    static final class Demo implements Callable<Integer>
    {
        @CommandLine.Mixin
        NodeOptions options = new NodeOptions();

        @Option(names = "--seconds", description = "run this long then stop cleanly (default: until Ctrl-C)")
        long seconds = -1;

        @Option(names = "--seed", description = "seed of the simulated city (default: ${DEFAULT-VALUE})")
        long seed = 112;

        @Option(names = "--units", description = "units in the fleet (default: ${DEFAULT-VALUE})")
        int units = 60;

        @Option(names = "--calls-per-minute", description = "mean call rate (default: ${DEFAULT-VALUE})")
        double callsPerMinute = 60;

        @Option(names = "--speedup", description = "how many times faster than real time units drive (default: ${DEFAULT-VALUE})")
        int speedup = 10;

        @Option(names = "--straight-line", description = "units drive in a straight line, not along the bundled road network")
        boolean straightLine;

        @Option(names = "--sumo", paramLabel = "FILE", description = {"run the city in SUMO on this .net.xml: the center plans "
            + "on its network (copied to DATA/" + DataNetwork.FILE_NAME + "), Beacon's controllers drive its traffic lights, "
            + "responders drive in it among seeded background traffic (needs the sumo binary; replaces --signal-field)"})
        Path sumo;

        @Option(names = "--background-trips-per-minute", description = "SUMO background traffic, trips per simulated minute "
            + "(default: ${DEFAULT-VALUE})")
        double backgroundTripsPerMinute = 120;

        @Option(names = "--sumo-step", description = "SUMO step length, seconds (default: ${DEFAULT-VALUE})")
        double sumoStepS = 0.5;

        @Option(names = "--cameras", paramLabel = "FILE", description = "camera registry to run in the demo's process "
            + "(default: a gate camera on a video of generated plates, and OpenCV's vtest.avi crowd when opencv-doc is installed)")
        Path cameras;

        @Option(names = "--no-cameras", description = "no camera analytics in the demo")
        boolean noCameras;

        private SumoField sumoField;
        private SumoMover mover;

        @Override
        public Integer call() throws IOException, InterruptedException
        {
            if (null != sumo && !installSumoNetwork())
            {
                return 2;
            }
            // the demo favours speed: async unless --durability sync, and printLocations says which
            final NodeContext ctx = options.context(NodeContext.Durability.ASYNC);
            final BeaconNode node = BeaconNode.launch(ctx);
            NodeWatchdog.watch(node);
            AutoCloseable gateways = null;
            CameraWorker cameraWorker = null;
            final CleanStop stop = CleanStop.install();
            try (CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
            {
                gateways = startGateways(options, ctx, true);
                printLocations(ctx, node);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!client.isConnected() && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
                final DemoRunner runner = newRunner(ctx, node, client);
                cameraWorker = noCameras ? null : startCameras(ctx);
                runner.demoAlerts(true);
                runner.run(seconds < 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(seconds), stop::requested);
                if (null != cameraWorker)
                {
                    cameraWorker.stop(3000);
                    cameraWorker.status().forEach(line -> System.out.println("cameras: " + line));
                    System.out.println("cameras: " + cameraWorker.publisherStatus());
                }
                runner.drain(TimeUnit.SECONDS.toNanos(5));
                if (null != sumoField)
                {
                    sumoField.close();
                    printSumoSummary();
                }
                System.out.println("demo finished: " + runner.sent() + " events sent, " + runner.acked() + " acknowledged, " +
                    runner.incidentsOpened() + " incidents, " + runner.dispatches() + " dispatches, " +
                    runner.preemptions() + " preemptions, " + runner.alertsIssued() + " area-alert messages");
            }
            finally
            {
                CloseHelper.quietClose(cameraWorker);
                CloseHelper.quietClose(sumoField);
                CloseHelper.quietClose(gateways);
                node.close();
                stop.finished();
            }
            System.out.println("journal closed; check it with: ./beacon replay verify " + ctx.dataDir());
            return null == node.failure() ? 0 : NodeWatchdog.exitCode(node.failure());
        }

        /** Copies the --sumo network into the data folder (the center plans on it); false, with a message, when it cannot. */
        private boolean installSumoNetwork() throws IOException
        {
            if (!Files.isRegularFile(sumo))
            {
                System.err.println("demo: no such network file: " + sumo);
                return false;
            }
            try
            {
                DataNetwork.install(options.data, sumo);
            }
            catch (final IllegalStateException ex)
            {
                System.err.println("demo: " + ex.getMessage());
                return false;
            }
            options.signalField = SignalField.NONE;
            return true;
        }

        /** The simulated city: in SUMO, on the folder's own network, on the bundled roads, or in straight lines. */
        private DemoRunner newRunner(final NodeContext ctx, final BeaconNode node, final CoreClient client) throws IOException
        {
            final double callsPerSecond = callsPerMinute / 60.0;
            if (null != sumo)
            {
                final DataNetwork network = options.dataNetwork();
                final RoadCity roads = new RoadCity(network.graph());
                final DemoRunner runner = new DemoRunner(node, client, roads.newCity(seed, units), roads, callsPerSecond, speedup,
                    System.out);
                mover = new SumoMover(network.graph(), units);
                sumoField = startSumo(ctx, network, mover);
                final SumoField field = sumoField;
                return runner.useMover(mover).summarySuffix(() -> " sumo-vehicles=" + field.vehicles());
            }
            if (!straightLine && null != options.dataNetwork())
            {
                // a folder recorded with --sumo keeps its network: units drive on it, as the center plans on it
                final RoadCity roads = new RoadCity(options.dataNetwork().graph());
                return new DemoRunner(node, client, roads.newCity(seed, units), roads, callsPerSecond, speedup, System.out);
            }
            return straightLine ?
                new DemoRunner(node, client, new SimulatedCity(seed, units), callsPerSecond, speedup, System.out) :
                DemoRunner.onRoads(node, client, seed, units, callsPerSecond, speedup, System.out);
        }

        private void printSumoSummary()
        {
            System.out.println("sumo: sim-time=" + Math.round(sumoField.simTimeS()) + "s steps=" + sumoField.steps() +
                " lights=" + sumoField.lightsDriven() + " light-checks=" + sumoField.lightChecks() + " light-mismatches=" +
                sumoField.lightMismatches() + " statuses=" + sumoField.agent().statusesOffered() + " responders-added=" +
                mover.added() + " responders-arrived=" + mover.arrived() + " routes-refused=" + mover.refused() +
                " unrouted=" + mover.unrouted() + " fixes=" + mover.fixes() +
                (null == sumoField.failure() ? "" : " failure=" + sumoField.failure()) +
                (null == sumoField.firstMismatch() ? "" : " first-mismatch=" + sumoField.firstMismatch()));
        }

        /** Starts the demo's cameras in this process and puts some of the gate's plates on the watchlist. */
        private CameraWorker startCameras(final NodeContext ctx) throws IOException
        {
            final DemoCameras.Setup setup;
            if (null != cameras)
            {
                setup = new DemoCameras.Setup(CameraConfig.load(cameras), List.of());
            }
            else
            {
                final org.beacon.dispatch.road.RoadGraph graph = null == options.dataNetwork() ? CenterStateMachine.bundledNetwork() :
                    options.dataNetwork().graph();
                final int junction = graph.junctionCount() / 2;
                setup = DemoCameras.prepare(options.data, seed, 6, graph.junctionLatMicros(junction) / 1e6,
                    graph.junctionLonMicros(junction) / 1e6);
            }
            if (setup.cameras().isEmpty())
            {
                return null;
            }
            final CameraWorker worker = CameraWorker.launch(ctx.coreAddress(), setup.cameras(), options.data.resolve("crops"), 1.0);
            final List<String> watched = new ArrayList<>();
            for (int i = 1; i < setup.plates().size(); i += 3)
            {
                watched.add(setup.plates().get(i));
            }
            DemoCameras.watch(ctx, watched);
            System.out.println("cameras: " + setup.cameras().size() + " (" + String.join(", ",
                setup.cameras().stream().map(CameraConfig.Camera::name).toList()) + "); watchlist: " + String.join(", ", watched));
            return worker;
        }

        /** Writes the background traffic and starts SUMO with Beacon's controllers on its lights. */
        private SumoField startSumo(final NodeContext ctx, final DataNetwork network, final SumoMover mover) throws IOException
        {
            final Path workDir = options.data.resolve("sumo");
            Files.createDirectories(workDir);
            final Path routes = workDir.resolve("background.rou.xml");
            final double simSeconds = seconds < 0 ? 4 * 3600 : (seconds + 30.0) * speedup;
            // background cars are SUMO's default type, class passenger: their trips are drawn on the passenger graph
            final RoadGraph cars = SumoNetReader.forClass("passenger").read(DataNetwork.file(options.data));
            final int trips = SumoTrips.write(routes, cars, seed, backgroundTripsPerMinute, simSeconds);
            final SumoField field = SumoField.launch(ctx.coreAddress(), new SumoField.Settings()
                .netFile(DataNetwork.file(options.data))
                .routesFile(routes)
                .workDir(workDir)
                .network(network.signals(), network.graph()::edgeIndex, network.graph()::edgeId)
                .pace(sumoStepS, speedup)
                .seed(seed)
                .participant(mover));
            System.out.println("signals: " + field.lightsDriven() + " SUMO traffic lights driven by Beacon's controllers; " +
                trips + " background trips; SUMO log " + field.logFile());
            return field;
        }
    }

    /**
     * Entry point.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        int code;
        try
        {
            code = new CommandLine(new CenterMain()).execute(args);
        }
        catch (final Throwable ex)
        {
            // an Error out of a command (an InternalError from a faulting mapped write) must not leave a live JVM behind
            ex.printStackTrace();
            code = NodeWatchdog.EXIT_HALTED;
        }
        NodeWatchdog.exit(code);
    }
}
