package org.beacon.center;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.Supplier;

import org.beacon.dispatch.CoverageConfig;
import org.beacon.dispatch.DispatchConfig;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.signal.SignalConfig;
import org.beacon.signal.SignalNetwork;

/**
 * The road network a data folder's journal was recorded on. The network is part of the state machine's fixed
 * configuration: a node started on another network than the bundled one keeps a copy of it as
 * {@code DATA/network.net.xml}, refuses to start on a folder that holds a different one, and every replay of the
 * folder builds its {@link CenterStateMachine} on that copy. A folder without the file was recorded on the bundled
 * network. The folder's journal era ({@link DataEra}) is the other part of that configuration: {@link #stateMachines(Path)}
 * builds for it.
 */
public final class DataNetwork
{
    /** Name of the network file inside a data folder. */
    public static final String FILE_NAME = "network.net.xml";

    private final RoadGraph graph;
    private final SignalNetwork signals;

    private DataNetwork(final RoadGraph graph, final SignalNetwork signals)
    {
        this.graph = graph;
        this.signals = signals;
    }

    /**
     * Where a data folder keeps its network.
     *
     * @param dataDir the data folder.
     * @return {@code dataDir/network.net.xml}.
     */
    public static Path file(final Path dataDir)
    {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Makes a network the data folder's network: copies it in when the folder has none, accepts it when the folder
     * already holds the same bytes, and refuses otherwise (the journal in the folder was recorded on another network).
     *
     * @param dataDir the data folder (created when missing).
     * @param netFile the SUMO {@code .net.xml}.
     * @return the folder's copy.
     * @throws IOException           when a file cannot be read or written.
     * @throws IllegalStateException when the folder already holds a different network.
     */
    public static Path install(final Path dataDir, final Path netFile) throws IOException
    {
        final byte[] wanted = Files.readAllBytes(netFile);
        final Path target = file(dataDir);
        if (Files.exists(target))
        {
            if (!Arrays.equals(wanted, Files.readAllBytes(target)))
            {
                throw new IllegalStateException("the data folder " + dataDir + " was recorded on another road network (" +
                    target + " differs from " + netFile + "); use another --data folder");
            }
            return target;
        }
        Files.createDirectories(dataDir);
        final Path temp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.write(temp, wanted);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * Reads a network file.
     *
     * @param netFile the SUMO {@code .net.xml}.
     * @return the network with its signal network.
     * @throws UncheckedIOException when it cannot be read.
     */
    public static DataNetwork read(final Path netFile)
    {
        try
        {
            final RoadGraph graph = new SumoNetReader().read(netFile);
            return new DataNetwork(graph, SignalNetworks.fromRoadGraph(graph));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the road network " + netFile, ex);
        }
    }

    /**
     * The data folder's network.
     *
     * @param dataDir the data folder.
     * @return its network, or null when it was recorded on the bundled one.
     */
    public static DataNetwork ofDataDir(final Path dataDir)
    {
        final Path file = file(dataDir);
        return Files.isRegularFile(file) ? read(file) : null;
    }

    /**
     * Fresh state machines for a data folder: on its own network when it has one, else on the bundled network.
     * The network is read once, here.
     *
     * @param dataDir the data folder.
     * @return a supplier of state machines.
     */
    public static Supplier<CenterStateMachine> stateMachines(final Path dataDir)
    {
        return stateMachines(ofDataDir(dataDir), DataEra.of(dataDir));
    }

    /**
     * Fresh state machines on a network already read.
     *
     * @param network a data folder's network, or null for the bundled one.
     * @return a supplier of state machines.
     */
    public static Supplier<CenterStateMachine> stateMachines(final DataNetwork network)
    {
        return stateMachines(network, DispatchConfig.CURRENT_ERA);
    }

    /**
     * Fresh state machines of a journal era on a network already read.
     *
     * @param network a data folder's network, or null for the bundled one.
     * @param era     the folder's journal era ({@link DataEra}).
     * @return a supplier of state machines.
     */
    public static Supplier<CenterStateMachine> stateMachines(final DataNetwork network, final int era)
    {
        final DispatchConfig config = DispatchConfig.ofEra(era);
        return null == network ? () -> new CenterStateMachine(config) : () -> network.newStateMachine(config);
    }

    /**
     * The signal network of a data folder's road network.
     *
     * @param dataDir the data folder.
     * @return its signal network, the bundled one when it has no network of its own.
     */
    public static SignalNetwork signalNetwork(final Path dataDir)
    {
        return signalNetwork(ofDataDir(dataDir));
    }

    /**
     * The signal network of a network already read.
     *
     * @param network a data folder's network, or null for the bundled one.
     * @return its signal network, or the bundled one.
     */
    public static SignalNetwork signalNetwork(final DataNetwork network)
    {
        return null == network ? CenterStateMachine.bundledSignalNetwork() : network.signals();
    }

    /**
     * A center with the default configuration of every service on this network, as {@link CenterStateMachine#CenterStateMachine()}
     * is on the bundled one.
     *
     * @return the state machine.
     */
    public CenterStateMachine newStateMachine()
    {
        return newStateMachine(DispatchConfig.DEFAULT);
    }

    /**
     * A center on this network whose dispatch has the given configuration (a journal era's), every other service the
     * default one.
     *
     * @param config the dispatch configuration.
     * @return the state machine.
     */
    public CenterStateMachine newStateMachine(final DispatchConfig config)
    {
        return new CenterStateMachine(
            new DispatchService(config, graph, CoverageConfig.sampledJunctions(graph, CenterStateMachine.COVERAGE_POINTS)),
            SignalConfig.DEFAULT, signals);
    }

    /** @return the road network (shared read-only; each dispatch service copies it). */
    public RoadGraph graph()
    {
        return graph;
    }

    /** @return the signal network of the road network. */
    public SignalNetwork signals()
    {
        return signals;
    }
}
