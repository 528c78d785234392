package org.beacon.center;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.core.service.ServiceList;
import org.beacon.dispatch.CoverageConfig;
import org.beacon.dispatch.DispatchConfig;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.IncidentView;
import org.beacon.dispatch.alert.AlertConfig;
import org.beacon.dispatch.alert.AlertService;
import org.beacon.dispatch.camera.CameraService;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.signal.SignalConfig;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.SignalService;

/**
 * The center's state machine: the ordered list of its services (see docs/ARCHITECTURE.md, "The service contract").
 *
 * <ol>
 *   <li>dispatch (section 1): calls, incidents, units, recommendation, hospitals, coverage, operator commands;</li>
 *   <li>signal control (section 2): observes dispatch's {@code RouteAssigned} (a green wave, with the incident's
 *       priority) and {@code UnitStatusChanged} (a unit that stopped driving ends its wave); the congestion it derives
 *       from detectors reaches dispatch's road graph through {@link DispatchService#applyCongestion};</li>
 *   <li>camera analytics (section 3): registry, watchlist, crowd candidates;</li>
 *   <li>area alerts (section 4): observes dispatch's incident updates and the cameras' incident candidates, and reads
 *       incidents through {@link IncidentView}.</li>
 * </ol>
 * The snapshot is the {@link ServiceList}'s: one tagged section per service, restored by its owner; a snapshot of the
 * format before sections is refused (the node then replays from the journal).
 *
 * <p>The road network is part of the state machine's fixed configuration, like the services' configs: the
 * default center dispatches on the bundled network {@value #BUNDLED_NETWORK}, loaded once per JVM, and every
 * replay of a journal must use the network its node used. Changing the network changes routing decisions,
 * so it starts a new journal era (replay of an older journal needs the older network). Congestion is not
 * configuration: it arrives as {@code RoadCongestion} events and lives in each service's own copy of the graph.
 */
public final class CenterStateMachine implements StateMachine
{
    /** Priority a green wave gets when dispatch does not know the route's incident. */
    static final int UNKNOWN_INCIDENT_PRIORITY = 3;

    /** Class-path resource of the bundled road network. */
    public static final String BUNDLED_NETWORK = "/road/hcmc-grid.net.xml";

    /** Coverage points sampled from the bundled network's junctions. */
    public static final int COVERAGE_POINTS = 16;

    private final DispatchService dispatch;
    private final SignalService signal;
    private final CameraService camera = new CameraService();
    private final AlertService alert;
    private final ServiceList services;

    /**
     * A center with the default configuration of every service, dispatching on the bundled road
     * network and watching coverage at {@link #COVERAGE_POINTS} of its junctions.
     */
    public CenterStateMachine()
    {
        this(DispatchConfig.DEFAULT);
    }

    /**
     * A center on the bundled road network as {@link #CenterStateMachine()}, whose dispatch has the given configuration
     * (a journal era's, see {@link DataEra}).
     *
     * @param config the dispatch configuration.
     */
    public CenterStateMachine(final DispatchConfig config)
    {
        this(new DispatchService(config, bundledNetwork(),
            CoverageConfig.sampledJunctions(bundledNetwork(), COVERAGE_POINTS)), SignalConfig.DEFAULT, bundledSignalNetwork());
    }

    /**
     * The signal network of the bundled road network, built once per JVM. Immutable and shared.
     *
     * @return the network.
     */
    public static SignalNetwork bundledSignalNetwork()
    {
        return BundledNetwork.SIGNALS;
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
     * A center over the given dispatch service and a signal network of its road network.
     *
     * @param dispatch the 112 dispatch service.
     */
    public CenterStateMachine(final DispatchService dispatch)
    {
        this(dispatch, SignalConfig.DEFAULT, null == dispatch.roadGraph() ?
            bundledSignalNetwork() : SignalNetworks.fromRoadGraph(dispatch.roadGraph()));
    }

    /**
     * A center over the given dispatch service and a signal network of the same road network.
     *
     * @param dispatch     the 112 dispatch service.
     * @param signalConfig the green-wave planner's configuration.
     * @param signals      the signalized intersections of dispatch's road network.
     */
    public CenterStateMachine(final DispatchService dispatch, final SignalConfig signalConfig, final SignalNetwork signals)
    {
        this.dispatch = dispatch;
        this.signal = new SignalService(signalConfig, signals, dispatch::applyCongestion, this::incidentPriority);
        this.alert = new AlertService(AlertConfig.DEFAULT, dispatch::incident);
        this.services = new ServiceList(dispatch, signal, camera, alert);
    }

    private int incidentPriority(final long incidentId)
    {
        final IncidentView incident = dispatch.incident(incidentId);
        return null == incident ? UNKNOWN_INCIDENT_PRIORITY : incident.priority();
    }

    /** @return the area-alert service, for tools that read the state. */
    public AlertService alert()
    {
        return alert;
    }

    /** @return the camera-analytics service (registry, watchlist, crowd candidates), for tools that read the state. */
    public CameraService camera()
    {
        return camera;
    }

    /** @return the signal-control service, for tools that read the state. */
    public SignalService signal()
    {
        return signal;
    }

    /** @return the dispatch service, for tools that read the state (replay show). */
    public DispatchService dispatch()
    {
        return dispatch;
    }

    /** @return the ordered list of services, with the notes of the last restore. */
    public ServiceList services()
    {
        return services;
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
        services.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return services.snapshot(buffer, offset);
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        services.restore(buffer, offset, length);
    }

    /** Lazily initialised holder: the class loader reads the network on first use, exactly once. */
    private static final class BundledNetwork
    {
        static final RoadGraph GRAPH = load();
        static final SignalNetwork SIGNALS = SignalNetworks.fromRoadGraph(GRAPH);

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
