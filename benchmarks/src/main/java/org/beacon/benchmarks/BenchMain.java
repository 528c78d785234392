package org.beacon.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import org.beacon.benchmarks.greenwave.GreenWaveBench;
import org.beacon.core.NodeContext;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line of the benchmarks: {@code latency}, {@code throughput} and {@code jmh}. The rigs print
 * their summary as the last line of output and exit non-zero when any event was lost or rejected.
 */
@Command(
    name = "beacon bench",
    mixinStandardHelpOptions = true,
    description = "Beacon benchmarks: open-loop latency rig, throughput rig, JMH micro-benchmarks.",
    subcommands = {BenchMain.Latency.class, BenchMain.Throughput.class, BenchMain.Sip.class, BenchMain.Jmh.class,
        BenchMain.GreenWave.class, BenchMain.Console.class, BenchMain.Plates.class, BenchMain.Crowd.class, BenchMain.Alerts.class,
        BenchMain.Soak.class})
public final class BenchMain implements Callable<Integer>
{
    /**
     * The JVM flags Chronicle Queue needs on Java 17 (the parent pom's {@code beacon.jvm.opens}); passed to
     * every forked JMH JVM in addition to whatever this JVM was started with.
     */
    static final List<String> CHRONICLE_JVM_FLAGS = List.of(
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true",
        "-Dagrona.disable.bounds.checks=false");

    @Override
    public Integer call()
    {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** {@code --pipeline}: the layout of the node's pipeline threads, an option of every rig that runs a node. */
    static final class PipelineOption
    {
        @Option(names = "--pipeline", defaultValue = "SHARED_THREAD",
            description = "node pipeline layout: SINGLE_THREAD, THREE_THREADS or SHARED_THREAD (default ${DEFAULT-VALUE})")
        NodeContext.Pipeline pipeline;
    }

    /**
     * The options {@code latency} and {@code throughput} share: how the node is tuned and which event mix it is fed.
     * The pipeline wait and ingress idle strategies default to the rig's own (its {@link RigConfig}'s), which differ.
     */
    static final class NodeOptions
    {
        @Mixin
        PipelineOption pipelineOption = new PipelineOption();

        @Option(names = "--wait", description = "pipeline wait strategy: " + Strategies.WAIT_NAMES)
        String waitStrategy;

        @Option(names = "--durability", defaultValue = "sync", paramLabel = "sync|async",
            description = "sync: the node forces its journals (group commit) before each Ack; async: page cache only "
                + "(default ${DEFAULT-VALUE}, the node's)")
        String durability;

        @Option(names = "--ingress-idle", description = "ingress idle strategy: " + Strategies.IDLE_NAMES)
        String ingressIdle;

        @Option(names = "--driver-idle", defaultValue = "backoff-long", description = "driver idle strategy: " + Strategies.IDLE_NAMES)
        String driverIdle;

        @Option(names = "--calls-per-million", defaultValue = "100",
            description = "share of calls in the mix; 100 (default): the design's surge, 600 calls/min at 100,000 events/s, " +
                "the rest AVL and unit status; -1: the simulated city's demo mix (8%% calls, 800x a surge)")
        int callsPerMillion;

        @Option(names = "--snapshot-every", defaultValue = "1000000",
            description = "events between the node's snapshots, taken on its pipeline thread (default ${DEFAULT-VALUE}, the node's)")
        long snapshotEvery;

        @Option(names = "--units", defaultValue = "5000", description = "units in the simulated fleet (default ${DEFAULT-VALUE})")
        int units;

        @Option(names = "--seed", defaultValue = "112", description = "event generator seed (default ${DEFAULT-VALUE})")
        long seed;

        /** @param rigDefaults a rig's default configuration, whose wait and ingress idle strategies are the defaults here. */
        NodeOptions(final RigConfig<?> rigDefaults)
        {
            this.waitStrategy = rigDefaults.waitStrategy;
            this.ingressIdle = rigDefaults.ingressIdle;
        }

        /** @return {@code config}, with the node tuning and the event mix of these options set. */
        <C extends RigConfig<C>> C applyTo(final C config)
        {
            return config
                .pipeline(pipelineOption.pipeline)
                .durability(NodeContext.Durability.valueOf(durability.trim().toUpperCase(Locale.ROOT)))
                .waitStrategy(waitStrategy)
                .ingressIdle(ingressIdle)
                .driverIdle(driverIdle)
                .seed(seed)
                .callsPerMillion(callsPerMillion)
                .units(units)
                .snapshotEvery(snapshotEvery);
        }
    }

    /** {@code latency --rate R --seconds S [--warmup S]}. */
    @Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Open-loop latency, offer to Ack, of a node launched in this process (embedded driver, Aeron IPC).")
    static final class Latency implements Callable<Integer>
    {
        @Option(names = "--rate", defaultValue = "100000", description = "events per second (default ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--seconds", defaultValue = "10", description = "recorded duration (default ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--warmup", defaultValue = "2", description = "unrecorded warm-up at the same rate (default ${DEFAULT-VALUE})")
        double warmup;

        @Option(names = "--client-threads", defaultValue = "1",
            description = "1: one thread sends and polls egress; 2: a separate receiver thread (default ${DEFAULT-VALUE})")
        int clientThreads;

        @Option(names = "--generator-wait", defaultValue = "yield",
            description = "how the generator waits for each send time: yield (Thread.yield between polls) or spin " +
                "(default ${DEFAULT-VALUE})")
        String generatorWait;

        @Mixin
        NodeOptions node = new NodeOptions(new LatencyRig.Config());

        @Override
        public Integer call()
        {
            if (!"yield".equals(generatorWait) && !"spin".equals(generatorWait))
            {
                throw new CommandLine.ParameterException(new CommandLine(this), "--generator-wait must be yield or spin");
            }
            final LatencyRig.Result result = LatencyRig.run(node.applyTo(new LatencyRig.Config())
                .rate(rate)
                .seconds(seconds)
                .warmupSeconds(warmup)
                .clientThreads(clientThreads)
                .generatorYields("yield".equals(generatorWait)), System.out);
            return result.ok() ? 0 : 1;
        }
    }

    /** {@code throughput --seconds S | --events N}. */
    @Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Throughput of the node against a blocking-queue + FileChannel baseline and raw Chronicle Queue appends.")
    static final class Throughput implements Callable<Integer>
    {
        @Option(names = "--seconds", defaultValue = "0",
            description = "duration of the beacon phase; the others process the same events for at most as long " +
                "(default: 10 unless --events is given)")
        double seconds;

        @Option(names = "--events", defaultValue = "0", description = "events every phase processes (default: as many as fit in --seconds)")
        long events;

        @Option(names = "--warmup", defaultValue = "1", description = "unrecorded warm-up per phase (default ${DEFAULT-VALUE})")
        double warmup;

        @Option(names = "--window", defaultValue = "8192", description = "most un-acknowledged events in flight (default ${DEFAULT-VALUE})")
        int window;

        @Mixin
        NodeOptions node = new NodeOptions(new ThroughputRig.Config());

        @Override
        public Integer call()
        {
            final ThroughputRig.Result result = ThroughputRig.run(node.applyTo(new ThroughputRig.Config())
                .seconds(seconds)
                .events(events)
                .warmupSeconds(warmup)
                .window(window), System.out);
            return result.ok() ? 0 : 1;
        }
    }

    /** {@code sip --rate R --seconds S}. */
    @Command(name = "sip", mixinStandardHelpOptions = true,
        description = "SIPp in rate mode against the NG112 SIP gateway and a node in this process: setup-to-journaled latency.")
    static final class Sip implements Callable<Integer>
    {
        @Option(names = "--rate", defaultValue = "1000", description = "call setups per second (default ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--seconds", defaultValue = "10", description = "recorded duration (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--warmup", defaultValue = "3", description = "unrecorded warm-up at the same rate (default ${DEFAULT-VALUE})")
        int warmup;

        @Mixin
        PipelineOption pipelineOption = new PipelineOption();

        @Override
        public Integer call() throws java.io.IOException, InterruptedException
        {
            final SipRig.Result result = SipRig.run(rate, seconds, warmup, pipelineOption.pipeline, System.out);
            return result.failed() == 0 ? 0 : 1;
        }
    }

    /** {@code plates [--images N] [--seed S]}. */
    @Command(name = "plates", mixinStandardHelpOptions = true,
        description = "The plate reader on the project's generated, degraded Vietnamese plate set: exact reads, localisation, speed.")
    static final class Plates implements Callable<Integer>
    {
        @Option(names = "--images", defaultValue = "400", description = "scenes generated (default ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--seed", defaultValue = "7", description = "seed of the generated set (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--style", defaultValue = "original", description = "original (the first plate set), own (the wide set the"
            + " reader is tuned on) or heldout (a font family and scene style kept out of all tuning); default ${DEFAULT-VALUE}")
        String style;

        @Override
        public Integer call()
        {
            switch (style)
            {
                case "original":
                    org.beacon.benchmarks.plates.PlateBench.run(images, seed, System.out);
                    return 0;
                case "own":
                    org.beacon.benchmarks.plates.WidePlateBench.run(images, seed,
                        org.beacon.video.plates.PlateSceneGenerator.Split.OWN, System.out);
                    return 0;
                case "heldout":
                    org.beacon.benchmarks.plates.WidePlateBench.run(images, seed,
                        org.beacon.video.plates.PlateSceneGenerator.Split.HELDOUT, System.out);
                    return 0;
                default:
                    System.err.println("plates: --style must be original, own or heldout, not " + style);
                    return 2;
            }
        }
    }

    /** {@code crowd [--vtest FILE]}. */
    @Command(name = "crowd", mixinStandardHelpOptions = true,
        description = "Crowd counts against hand counts on OpenCV's vtest.avi and on generated scenes: mean absolute error.")
    static final class Crowd implements Callable<Integer>
    {
        @Option(names = "--vtest", defaultValue = "/usr/share/doc/opencv-doc/examples/data/vtest.avi",
            description = "the sample video (Debian opencv-doc; default ${DEFAULT-VALUE})")
        Path vtest;

        @Option(names = "--seed", defaultValue = "7", description = "seed of the generated scenes (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception
        {
            org.beacon.benchmarks.crowd.CrowdBench.run(vtest, seed, System.out);
            return 0;
        }
    }

    /** {@code alerts [--alerts N] [--rate R] [--handsets H]}. */
    @Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Area alerts end to end: node + AlertService + broadcast gateway over a simulated cell network and population; "
            + "approval-to-broadcast latency, reach of the inner zone and overshoot, cell-only against geofenced.")
    static final class Alerts implements Callable<Integer>
    {
        @Option(names = "--alerts", defaultValue = "200", description = "alerts to issue (default ${DEFAULT-VALUE})")
        int alerts;

        @Option(names = "--warmup", defaultValue = "20", description = "alerts issued first and not measured (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--rate", defaultValue = "5", description = "alerts a second, open loop (default ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--handsets", defaultValue = "200000", description = "simulated handsets (default ${DEFAULT-VALUE})")
        int handsets;

        @Option(names = "--seed", defaultValue = "112", description = "network, population and places (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--hazard", defaultValue = "FIRE",
            description = "hazard classified, one needing approval (default ${DEFAULT-VALUE})")
        org.beacon.codecs.Hazard hazard;

        @Option(names = "--approve-after-ms", defaultValue = "300", description = "approval after the call (default ${DEFAULT-VALUE})")
        long approveAfterMs;

        @Option(names = "--cancel-after-ms", defaultValue = "1000", description = "cancel after the broadcast (default ${DEFAULT-VALUE})")
        long cancelAfterMs;

        @Override
        public Integer call() throws Exception
        {
            if (alerts < 1 || warmup < 0 || !(rate > 0) || handsets < 1)
            {
                throw new CommandLine.ParameterException(new CommandLine(this), "--alerts, --rate and --handsets must be positive");
            }
            final org.beacon.benchmarks.alerts.AlertBench.Result result = org.beacon.benchmarks.alerts.AlertBench.run(
                new org.beacon.benchmarks.alerts.AlertBench.Config(alerts, warmup, rate, handsets, seed, hazard, approveAfterMs,
                    cancelAfterMs, null),
                System.out);
            return result.ok() ? 0 : 1;
        }
    }

    /** {@code soak --days N}: a simulated city for N days of event time against a real node. */
    @Command(name = "soak", mixinStandardHelpOptions = true,
        description = "A simulated city for N days of event time at full speed against a node in this process: per day the live "
            + "heap after GC, the snapshot's size and the wall time per event; then the restart time on that journal.")
    static final class Soak implements Callable<Integer>
    {
        @Option(names = "--days", defaultValue = "30", description = "simulated days, at least 2 (default ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--calls-per-day", defaultValue = "20000",
            description = "calls a day, a sixth of them repeat and a sixth nuisance calls (default ${DEFAULT-VALUE})")
        int callsPerDay;

        @Option(names = "--units", defaultValue = "1000", description = "units in the fleet (default ${DEFAULT-VALUE})")
        int units;

        @Option(names = "--avl-per-unit-minutes", defaultValue = "1",
            description = "minutes between two AVL fixes of one unit: the bench's thinning (default ${DEFAULT-VALUE})")
        double avlPerUnitMinutes;

        @Option(names = "--tick-ms", defaultValue = "100",
            description = "the node's tick interval, milliseconds of event time (default ${DEFAULT-VALUE}, the node's)")
        long tickMs;

        @Option(names = "--signal-step-ms", defaultValue = "1000",
            description = "how often the simulated signal cabinets are stepped, ms of event time; 0: no signal field "
                + "(default ${DEFAULT-VALUE})")
        long signalStepMs;

        @Option(names = "--seed", defaultValue = "112", description = "seed of the simulated city (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--data", description = "a new data folder, kept after the run (default: a temporary one, deleted)")
        Path data;

        @Override
        public Integer call()
        {
            final org.beacon.benchmarks.soak.SoakBench.Config config = new org.beacon.benchmarks.soak.SoakBench.Config()
                .days(days).callsPerDay(callsPerDay).units(units).avlPerUnitMinutes(avlPerUnitMinutes).tickMs(tickMs)
                .signalStepMs(signalStepMs).seed(seed).data(data);
            try
            {
                config.validate();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(new CommandLine(this), ex.getMessage());
            }
            return org.beacon.benchmarks.soak.SoakBench.run(config, System.out).ok() ? 0 : 1;
        }
    }

    /** {@code console --clients N --rate R}. */
    @Command(name = "console", mixinStandardHelpOptions = true,
        description = "A node, its console gateway and N WebSocket consoles: event-to-console delay under open-loop load.")
    static final class Console implements Callable<Integer>
    {
        @Option(names = "--clients", defaultValue = "50", description = "consoles connected at once (default ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--rate", defaultValue = "1000", description = "events per second, the city's mix (default ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--units", defaultValue = "2000", description = "units of the fleet (default ${DEFAULT-VALUE})")
        int units;

        @Option(names = "--seconds", defaultValue = "20", description = "recorded duration (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "unrecorded warm-up at the same rate (default ${DEFAULT-VALUE})")
        int warmup;

        @Override
        public Integer call() throws java.io.IOException, InterruptedException
        {
            final org.beacon.benchmarks.console.ConsoleRig.Result result =
                org.beacon.benchmarks.console.ConsoleRig.run(clients, rate, units, seconds, warmup, System.out);
            return result.updates() > 0 ? 0 : 1;
        }
    }

    /** {@code greenwave}: emergency-vehicle travel times in SUMO with and without Beacon's green waves. */
    @Command(name = "greenwave", description = "EV travel time in SUMO with and without Beacon's green waves, same seeds and traffic.")
    static final class GreenWave implements Callable<Integer>
    {
        @Option(names = "--net", description = "SUMO .net.xml (default: the bundled hcmc-grid)")
        Path net;

        @Option(names = "--seeds", defaultValue = "3", description = "seeds 1..N, two SUMO runs each (default ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--ev", defaultValue = "8", description = "emergency vehicles per seed (default ${DEFAULT-VALUE})")
        int evs;

        @Option(names = "--minutes", defaultValue = "15", description = "simulated minutes of departures (default ${DEFAULT-VALUE})")
        double minutes;

        @Option(names = "--demand", defaultValue = "0", description = "background vehicles per hour (default: 33.3/h per edge "
            + "of the network's connected passenger part, 12000/h on the bundled grid)")
        double demand;

        @Option(names = "--step", defaultValue = "0.5", description = "SUMO step length, seconds (default ${DEFAULT-VALUE})")
        double step;

        @Option(names = "--lead", defaultValue = "20",
            description = "planner lead time, seconds (default ${DEFAULT-VALUE}, as SignalConfig.DEFAULT)")
        double lead;

        @Option(names = "--drain", defaultValue = "900", description = "longest drain after the last departure, seconds "
            + "(default ${DEFAULT-VALUE})")
        double drain;

        @Option(names = "--work", description = "directory for SUMO's files (default: a temporary directory)")
        Path work;

        @Override
        public Integer call() throws java.io.IOException
        {
            final GreenWaveBench.Result result = GreenWaveBench.run(
                new GreenWaveBench.Config(net, seeds, evs, minutes, demand, step, lead, drain, work), System.out);
            return result.faultTrips() == 0 ? 0 : 1;
        }
    }

    /** {@code jmh [regex] [jmh args…]}: JMH's own command line, with Chronicle's flags added to the forks. */
    @Command(name = "jmh", description = "Runs the JMH benchmarks (JMH's own options apply; try: jmh -h, jmh -l).")
    static final class Jmh implements Callable<Integer>
    {
        @Parameters(arity = "0..*", paramLabel = "ARG", description = "a benchmark regex and/or JMH options")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws RunnerException, java.io.IOException
        {
            final CommandLineOptions cmd;
            try
            {
                cmd = new CommandLineOptions(args.toArray(new String[0]));
            }
            catch (final CommandLineOptionException ex)
            {
                System.err.println("jmh: " + ex.getMessage());
                return 2;
            }
            if (cmd.shouldHelp())
            {
                cmd.showHelp();
                return 0;
            }
            final OptionsBuilder options = new OptionsBuilder();
            options.parent(cmd);
            if (cmd.getIncludes().isEmpty())
            {
                options.include("org\\.beacon\\.benchmarks\\..*");
            }
            options.jvmArgsAppend(forkFlags().toArray(new String[0]));
            final Runner runner = new Runner(options.build());
            if (cmd.shouldList() || cmd.shouldListWithParams())
            {
                runner.list();
                return 0;
            }
            runner.run();
            return 0;
        }

        private static List<String> forkFlags()
        {
            final Set<String> flags = new LinkedHashSet<>(CHRONICLE_JVM_FLAGS);
            for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
            {
                if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dchronicle.") ||
                    arg.startsWith("-Dagrona."))
                {
                    flags.add(arg);
                }
            }
            return new ArrayList<>(flags);
        }
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        final CommandLine commandLine = new CommandLine(new BenchMain());
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        final int code = commandLine.execute(args);
        System.exit(code);
    }
}
