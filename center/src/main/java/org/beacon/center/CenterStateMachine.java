package org.beacon.center;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.dispatch.CoverageConfig;
import org.beacon.dispatch.DispatchConfig;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;

/**
 * The center's state machine: the domain services over one journal. Each event goes to every
 * service in a fixed order; a service ignores the templates that are not its own. The snapshot is
 * the services' snapshots one after the other, each prefixed with its length.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  magic 'BCSM' (int32)         |  format version (int32)       |
 *  +---------------------------------------------------------------+
 *  |  dispatch length (int32)      |  dispatch snapshot bytes     ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The road network is part of the state machine's fixed configuration, like the services' configs: the
 * default center dispatches on the bundled network {@value #BUNDLED_NETWORK}, loaded once per JVM, and every
 * replay of a journal must use the network its node used. Changing the network changes routing decisions,
 * so it starts a new journal era (replay of an older journal needs the older network). Congestion is not
 * configuration: it arrives as {@code RoadCongestion} events and lives in each service's own copy of the graph.
 */
public final class CenterStateMachine implements StateMachine
{
    private static final int MAGIC = 0x4D534342;
    private static final int VERSION = 1;

    private final DispatchService dispatch;

    /** Class-path resource of the bundled road network. */
    public static final String BUNDLED_NETWORK = "/road/hcmc-grid.net.xml";

    /** Coverage points sampled from the bundled network's junctions. */
    public static final int COVERAGE_POINTS = 16;

    /**
     * A center with the default configuration of every service, dispatching on the bundled road
     * network and watching coverage at {@link #COVERAGE_POINTS} of its junctions.
     */
    public CenterStateMachine()
    {
        this(new DispatchService(DispatchConfig.DEFAULT, bundledNetwork(),
            CoverageConfig.sampledJunctions(bundledNetwork(), COVERAGE_POINTS)));
    }

    /**
     * The bundled road network, read once per JVM. Shared read-only: each {@link DispatchService} copies it.
     *
     * @return the graph.
     */
    public static RoadGraph bundledNetwork()
    {
        return BundledNetwork.GRAPH;
    }

    /**
     * A center over the given services.
     *
     * @param dispatch the 112 dispatch service.
     */
    public CenterStateMachine(final DispatchService dispatch)
    {
        this.dispatch = dispatch;
    }

    /** @return the dispatch service, for tools that read the state (replay show). */
    public DispatchService dispatch()
    {
        return dispatch;
    }

    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        dispatch.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putInt(offset, MAGIC);
        buffer.putInt(offset + 4, VERSION);
        final int dispatchLength = dispatch.snapshot(buffer, offset + 12);
        buffer.putInt(offset + 8, dispatchLength);
        return 12 + dispatchLength;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 12 || buffer.getInt(offset) != MAGIC || buffer.getInt(offset + 4) != VERSION)
        {
            throw new IllegalArgumentException("not a center snapshot of version " + VERSION);
        }
        final int dispatchLength = buffer.getInt(offset + 8);
        if (dispatchLength < 0 || 12 + dispatchLength > length)
        {
            throw new IllegalArgumentException("center snapshot truncated");
        }
        dispatch.restore(buffer, offset + 12, dispatchLength);
    }

    /** Lazily initialised holder: the class loader reads the network on first use, exactly once. */
    private static final class BundledNetwork
    {
        static final RoadGraph GRAPH = load();

        private static RoadGraph load()
        {
            try (InputStream in = DispatchService.class.getResourceAsStream(BUNDLED_NETWORK))
            {
                if (null == in)
                {
                    throw new IllegalStateException("bundled road network missing: " + BUNDLED_NETWORK);
                }
                return new SumoNetReader().read(in);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
