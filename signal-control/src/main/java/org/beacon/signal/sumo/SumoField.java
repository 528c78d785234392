package org.beacon.signal.sumo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import org.agrona.CloseHelper;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.field.FieldControllers;
import org.beacon.signal.field.SignalFieldAgent;
import org.beacon.signal.field.SignalFieldGateway;

/**
 * A signal field in SUMO: a real sumo runs the city's network, Beacon's cabinets ({@link FieldControllers}) run on
 * SUMO's simulation time and drive its traffic lights through a {@link SumoSignalBridge}, and statuses go to the
 * core with detector readings measured by SUMO. One thread owns the {@link TraciClient} (it is not thread-safe)
 * and paces the simulation at real time times a speedup; each step it applies the center's outputs to the cabinets
 * and steps them ({@link SignalFieldAgent}), pushes the cabinets' indications to SUMO's lights, steps SUMO,
 * samples detectors, checks that SUMO shows what the cabinets show, and lets a {@link Participant} (the demo's
 * responders) use the connection.
 */
public final class SumoField implements AutoCloseable
{
    private static final long STATUS_STEP_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long HEARTBEAT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long DETECTOR_SAMPLE_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long LIGHT_CHECK_NS = TimeUnit.SECONDS.toNanos(5);

    /** Something else that drives SUMO: called on the field's thread after every simulation step. */
    @FunctionalInterface
    public interface Participant
    {
        /**
         * One simulation step has been taken.
         *
         * @param traci     the connection, owned by the calling thread for the duration of the call.
         * @param simTimeS  SUMO's simulation time now, seconds.
         */
        void onStep(TraciClient traci, double simTimeS);
    }

    /** What to run: the network, its mapping to Beacon's network, the pace. */
    public static final class Settings
    {
        Path netFile;
        Path routesFile;
        Path workDir;
        SignalNetwork network;
        ToIntFunction<String> edgeIndex;
        IntFunction<String> edgeId;
        double stepLengthS = 0.5;
        int speedup = 1;
        long seed = 1;
        Participant participant;

        /**
         * @param netFile the SUMO {@code .net.xml}, the same network the center plans on.
         * @return this.
         */
        public Settings netFile(final Path netFile)
        {
            this.netFile = netFile;
            return this;
        }

        /**
         * @param routesFile background traffic (trips or routes), or null for none.
         * @return this.
         */
        public Settings routesFile(final Path routesFile)
        {
            this.routesFile = routesFile;
            return this;
        }

        /**
         * @param workDir where SUMO runs and logs.
         * @return this.
         */
        public Settings workDir(final Path workDir)
        {
            this.workDir = workDir;
            return this;
        }

        /**
         * @param network   the signal network the center plans on (intersection ids are SUMO traffic-light ids).
         * @param edgeIndex the network's edge index of a SUMO edge id, negative when none.
         * @param edgeId    the SUMO edge id of a network edge index.
         * @return this.
         */
        public Settings network(final SignalNetwork network, final ToIntFunction<String> edgeIndex, final IntFunction<String> edgeId)
        {
            this.network = network;
            this.edgeIndex = edgeIndex;
            this.edgeId = edgeId;
            return this;
        }

        /**
         * @param stepLengthS SUMO's step length, seconds.
         * @param speedup     simulated seconds per wall-clock second.
         * @return this.
         */
        public Settings pace(final double stepLengthS, final int speedup)
        {
            if (stepLengthS <= 0 || speedup < 1)
            {
                throw new IllegalArgumentException("step length must be positive and speedup at least 1");
            }
            this.stepLengthS = stepLengthS;
            this.speedup = speedup;
            return this;
        }

        /**
         * @param seed SUMO's random seed.
         * @return this.
         */
        public Settings seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @param participant called after every step on the field's thread, or null.
         * @return this.
         */
        public Settings participant(final Participant participant)
        {
            this.participant = participant;
            return this;
        }
    }

    private final SumoProcess process;
    private final CoreClient client;
    private final SumoSignalBridge bridge;
    private final SumoSignalBridge.Detectors detectors;
    private final FieldControllers field;
    private final SignalFieldAgent agent;
    private final Participant participant;
    private final long speedup;
    private final long epochStartNs;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long simNs;
    private volatile long steps;
    private volatile long lightChecks;
    private volatile long lightMismatches;
    private volatile int vehicles;
    private volatile String firstMismatch;

    private SumoField(final SumoProcess process, final CoreClient client, final Settings settings) throws IOException
    {
        this.process = process;
        this.client = client;
        this.participant = settings.participant;
        this.speedup = settings.speedup;
        this.bridge = SumoSignalBridge.fromNetFile(settings.netFile, settings.network, settings.edgeIndex);
        this.detectors = bridge.readDetectors(settings.edgeId);
        this.epochStartNs = System.currentTimeMillis() * 1_000_000L;
        this.field = new FieldControllers(settings.network, clockNs());
        this.agent = new SignalFieldAgent(client, field, this::clockNs, detectors, STATUS_STEP_NS, HEARTBEAT_NS);
        this.thread = new Thread(this::run, "sumo-field");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sumo on the network and the field's thread, against a running node.
     *
     * @param address  the node's Aeron folder and channels.
     * @param settings what to run.
     * @return the running field.
     * @throws IOException when SUMO cannot be started or the net file read.
     */
    public static SumoField launch(final CoreAddress address, final Settings settings) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(
            "-n", settings.netFile.toAbsolutePath().toString(),
            "--step-length", Double.toString(settings.stepLengthS),
            "--seed", Long.toString(settings.seed),
            "--no-step-log", "true",
            "--no-warnings", "true",
            "--ignore-route-errors", "true",
            "--time-to-teleport", "120",
            "--max-depart-delay", "60"));
        if (null != settings.routesFile)
        {
            args.add("-r");
            args.add(settings.routesFile.toAbsolutePath().toString());
        }
        final SumoProcess process = SumoProcess.start(args, settings.workDir);
        CoreClient client = null;
        try
        {
            client = CoreClient.connect(address, SignalFieldGateway.DEFAULT_SOURCE_ID);
            final SumoField sumoField = new SumoField(process, client, settings);
            sumoField.thread.start();
            return sumoField;
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, process);
            throw ex;
        }
    }

    private long clockNs()
    {
        return epochStartNs + simNs;
    }

    private void run()
    {
        final TraciClient traci = process.client();
        final long wallStart = System.nanoTime();
        long nextSample = 0;
        long nextCheck = LIGHT_CHECK_NS;
        long nextCount = 0;
        try
        {
            while (running)
            {
                final long targetSimNs = (System.nanoTime() - wallStart) * speedup;
                agent.doWork();
                if (simNs >= targetSimNs)
                {
                    Thread.sleep(1);
                    continue;
                }
                bridge.apply(field, traci);
                traci.simulationStep(0);
                simNs = Math.round(traci.simulationTime() * 1e9);
                steps++;
                if (simNs >= nextSample)
                {
                    detectors.sample(traci);
                    nextSample = simNs + DETECTOR_SAMPLE_NS;
                }
                if (simNs >= nextCheck)
                {
                    checkLights(traci);
                    nextCheck = simNs + LIGHT_CHECK_NS;
                }
                if (simNs >= nextCount)
                {
                    vehicles = traci.vehicleIds().size();
                    nextCount = simNs + TimeUnit.SECONDS.toNanos(1);
                }
                if (null != participant)
                {
                    participant.onStep(traci, simNs / 1e9);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            if (running)
            {
                failure = ex;
                System.err.println("sumo field stopped: " + ex);
            }
        }
    }

    /** SUMO must show, for every light the bridge drives, the state last sent: what the cabinet shows. */
    private void checkLights(final TraciClient traci)
    {
        long checks = 0;
        long mismatches = 0;
        for (int t = 0; t < bridge.tlsCount(); t++)
        {
            final String sent = bridge.lastSent(t);
            if (null == sent)
            {
                continue;
            }
            final String shown = traci.redYellowGreenState(bridge.tlsId(t));
            final String cabinet = bridge.state(t, field);
            checks++;
            if (!shown.equals(sent) || !sent.equals(cabinet))
            {
                mismatches++;
                if (null == firstMismatch)
                {
                    firstMismatch = bridge.tlsId(t) + ": SUMO " + shown + ", sent " + sent + ", cabinet " + cabinet;
                }
            }
        }
        lightChecks += checks;
        lightMismatches += mismatches;
    }

    /** @return the failure that stopped the field's thread, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** @return SUMO's simulation time, seconds. */
    public double simTimeS()
    {
        return simNs / 1e9;
    }

    /** @return simulation steps taken. */
    public long steps()
    {
        return steps;
    }

    /** @return vehicles in SUMO at the last count (once a simulated second). */
    public int vehicles()
    {
        return vehicles;
    }

    /** @return light states compared between SUMO and the cabinets. */
    public long lightChecks()
    {
        return lightChecks;
    }

    /** @return comparisons where SUMO did not show what the cabinet shows. */
    public long lightMismatches()
    {
        return lightMismatches;
    }

    /** @return the first mismatch seen, or null. */
    public String firstMismatch()
    {
        return firstMismatch;
    }

    /** @return traffic lights driven by Beacon's cabinets. */
    public int lightsDriven()
    {
        return bridge.tlsCount();
    }

    /** @return the field's agent, for its counters (read them after {@link #close}). */
    public SignalFieldAgent agent()
    {
        return agent;
    }

    /** @return SUMO's log file. */
    public Path logFile()
    {
        return process.logFile();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietCloseAll(client, process);
    }
}
