package org.beacon.center;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.RoadCongestionEncoder;
import org.beacon.codecs.RouteAssignedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.dispatch.CoverageConfig;
import org.beacon.dispatch.DispatchConfig;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.alert.AlertConfig;
import org.beacon.dispatch.alert.AlertService;
import org.beacon.dispatch.camera.CameraService;
import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.IncidentView;
import org.beacon.dispatch.road.SumoNetReader;
import org.beacon.signal.SignalConfig;
import org.beacon.signal.SignalNetwork;
import org.beacon.signal.SignalService;

/**
 * The center's state machine: the domain services over one journal. Each event goes to every
 * service in a fixed order (dispatch, then signal control, then camera analytics, then area alerts); a service ignores the
 * templates that are not its own. Area alerts also see the incident updates dispatch emitted and the incident candidates
 * camera analytics emitted for the same event, before the event itself. Signal control also sees what dispatch decided
 * for the same event: every
 * {@code RouteAssigned} dispatch emitted opens a green wave (with the incident's priority), and every
 * {@code UnitStatusChanged} out of DISPATCHED / EN_ROUTE ends one; the congestion signal control derives
 * from detectors reaches dispatch as a {@code RoadCongestion} message applied within the same event.
 * The snapshot is the services' snapshots one after the other, each prefixed with its length.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  magic 'BCSM' (int32)         |  format version (int32) = 4   |
 *  +---------------------------------------------------------------+
 *  |  dispatch length (int32)      |  dispatch snapshot bytes     ...
 *  +---------------------------------------------------------------+
 *  |  signal length (int32)        |  signal snapshot bytes       ...
 *  +---------------------------------------------------------------+
 *  |  camera length (int32)        |  camera snapshot bytes       ...
 *  +---------------------------------------------------------------+
 *  |  alert length (int32)         |  alert snapshot bytes        ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A version 1 snapshot (dispatch only, before signal control) restores with no waves and no signal state; a version 2
 * snapshot (before camera analytics) with no cameras and an empty watchlist; a version 3 snapshot (before area alerts)
 * with no alerts.
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
    private static final int VERSION = 4;
    private static final int VERSION_WITH_CAMERAS = 3;
    private static final int VERSION_WITH_SIGNALS = 2;
    private static final int VERSION_DISPATCH_ONLY = 1;
    private static final int MAX_ROUTES_PER_EVENT = 64;

    private final DispatchService dispatch;
    private final SignalService signal;
    private final CameraService camera = new CameraService();
    private final AlertService alert;
    private final ExpandableArrayBuffer noted = new ExpandableArrayBuffer(1024);
    private int notedLength;
    private final SignalConfig signalConfig;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RouteAssignedDecoder routeDecoder = new RouteAssignedDecoder();
    private final UnitStatusChangedDecoder statusChangedDecoder = new UnitStatusChangedDecoder();
    private final MessageHeaderEncoder congestionHeader = new MessageHeaderEncoder();
    private final RoadCongestionEncoder congestionEncoder = new RoadCongestionEncoder();
    private final UnsafeBuffer congestionBuffer = new UnsafeBuffer(new byte[64]);
    private final long[] routeUnit = new long[MAX_ROUTES_PER_EVENT];
    private final long[] routeIncident = new long[MAX_ROUTES_PER_EVENT];
    private final int[] routeEta = new int[MAX_ROUTES_PER_EVENT];
    private final int[][] routeEdges = new int[MAX_ROUTES_PER_EVENT][];
    private final int[] routeLength = new int[MAX_ROUTES_PER_EVENT];
    private final long[] stoppedUnit = new long[MAX_ROUTES_PER_EVENT];
    private int routeCount;
    private int stoppedCount;
    private long eventSequence;
    private long eventTimestampNs;
    private OutputSink downstream;
    private final OutputSink dispatchOutputs = this::onDispatchOutput;
    private final OutputSink cameraOutputs = this::onCameraOutput;

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
     * A center over the given services.
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
        this.signalConfig = signalConfig;
        this.signal = new SignalService(signalConfig, signals, this::onCongestion);
        this.alert = new AlertService(AlertConfig.DEFAULT, dispatch::incident);
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

    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        eventSequence = sequence;
        eventTimestampNs = timestampNs;
        downstream = outputs;
        routeCount = 0;
        stoppedCount = 0;
        notedLength = 0;
        dispatch.onEvent(sequence, timestampNs, buffer, offset, length, dispatchOutputs);
        for (int i = 0; i < stoppedCount; i++)
        {
            signal.onUnitStopped(stoppedUnit[i], timestampNs, outputs);
        }
        for (int i = 0; i < routeCount; i++)
        {
            final IncidentView incident = dispatch.incident(routeIncident[i]);
            final int priority = null == incident ? 3 : incident.priority();
            signal.onRouteAssigned(routeUnit[i], routeIncident[i], priority, routeEta[i], routeEdges[i], routeLength[i],
                timestampNs, outputs);
        }
        signal.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
        camera.onEvent(sequence, timestampNs, buffer, offset, length, cameraOutputs);
        for (int at = 0; at < notedLength; )
        {
            final int noteLength = noted.getInt(at);
            alert.onOutput(sequence, timestampNs, noted, at + Integer.BYTES, noteLength, outputs);
            at += Integer.BYTES + noteLength;
        }
        alert.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
        downstream = null;
    }

    /** Passes dispatch's output on and notes what signal control must act on after dispatch is done. */
    private void onDispatchOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        downstream.emit(buffer, offset, length);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        note(buffer, offset, length, headerDecoder.templateId());
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case RouteAssignedDecoder.TEMPLATE_ID:
                if (routeCount < MAX_ROUTES_PER_EVENT)
                {
                    routeDecoder.wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                    final int i = routeCount++;
                    routeUnit[i] = routeDecoder.unitId();
                    routeIncident[i] = routeDecoder.incidentId();
                    routeEta[i] = (int)Math.min(Integer.MAX_VALUE, routeDecoder.etaS());
                    final RouteAssignedDecoder.RouteDecoder route = routeDecoder.route();
                    final int count = route.count();
                    if (null == routeEdges[i] || routeEdges[i].length < count)
                    {
                        routeEdges[i] = new int[Math.max(count, 64)];
                    }
                    int n = 0;
                    while (route.hasNext())
                    {
                        routeEdges[i][n++] = route.next().edgeIndex();
                    }
                    routeLength[i] = n;
                }
                break;
            case UnitStatusChangedDecoder.TEMPLATE_ID:
                statusChangedDecoder.wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                final short to = statusChangedDecoder.toRaw();
                if (to != UnitStatusCode.DISPATCHED.value() && to != UnitStatusCode.EN_ROUTE.value() &&
                    stoppedCount < MAX_ROUTES_PER_EVENT)
                {
                    stoppedUnit[stoppedCount++] = statusChangedDecoder.unitId();
                }
                break;
            default:
                break;
        }
    }

    private void onCameraOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        downstream.emit(buffer, offset, length);
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            headerDecoder.wrap(buffer, offset);
            note(buffer, offset, length, headerDecoder.templateId());
        }
    }

    /** Keeps a copy of an output area alerts act on, handed to them once the other services are done with the event. */
    private void note(final DirectBuffer buffer, final int offset, final int length, final int templateId)
    {
        if (alert.observes(templateId))
        {
            noted.putInt(notedLength, length);
            noted.putBytes(notedLength + Integer.BYTES, buffer, offset, length);
            notedLength += Integer.BYTES + length;
        }
    }

    /** Detector-derived congestion reaches dispatch through its own input message, within the same event. */
    private void onCongestion(final int edge, final int factorPermille)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + congestionEncoder
            .wrapAndApplyHeader(congestionBuffer, 0, congestionHeader)
            .edgeIndex(edge)
            .factorPermille(Math.min(factorPermille, 65_534))
            .encodedLength();
        dispatch.onEvent(eventSequence, eventTimestampNs, congestionBuffer, 0, length, downstream);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putInt(offset, MAGIC);
        buffer.putInt(offset + 4, VERSION);
        final int dispatchLength = dispatch.snapshot(buffer, offset + 12);
        buffer.putInt(offset + 8, dispatchLength);
        final int signalOffset = offset + 12 + dispatchLength;
        final int signalLength = signal.snapshot(buffer, signalOffset + 4);
        buffer.putInt(signalOffset, signalLength);
        final int cameraOffset = signalOffset + 4 + signalLength;
        final int cameraLength = camera.snapshot(buffer, cameraOffset + 4);
        buffer.putInt(cameraOffset, cameraLength);
        final int alertOffset = cameraOffset + 4 + cameraLength;
        final int alertLength = alert.snapshot(buffer, alertOffset + 4);
        buffer.putInt(alertOffset, alertLength);
        return 12 + dispatchLength + 4 + signalLength + 4 + cameraLength + 4 + alertLength;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        final int version = length < 12 ? -1 : buffer.getInt(offset + 4);
        if (length < 12 || buffer.getInt(offset) != MAGIC || version < VERSION_DISPATCH_ONLY || version > VERSION)
        {
            throw new IllegalArgumentException("not a center snapshot of version " + VERSION_DISPATCH_ONLY + " to " + VERSION);
        }
        final int dispatchLength = buffer.getInt(offset + 8);
        if (dispatchLength < 0 || 12 + dispatchLength > length)
        {
            throw new IllegalArgumentException("center snapshot truncated");
        }
        dispatch.restore(buffer, offset + 12, dispatchLength);
        camera.clear();
        alert.clear();
        if (version >= VERSION_WITH_SIGNALS)
        {
            final int signalOffset = offset + 12 + dispatchLength;
            final int signalLength = 12 + dispatchLength + 4 <= length ? buffer.getInt(signalOffset) : -1;
            final int signalEnd = 12 + dispatchLength + 4 + signalLength;
            if (signalLength < 0 || (version == VERSION_WITH_SIGNALS ? signalEnd != length : signalEnd + 4 > length))
            {
                throw new IllegalArgumentException("center snapshot truncated (signal part)");
            }
            signal.restore(buffer, signalOffset + 4, signalLength);
            if (version >= VERSION_WITH_CAMERAS)
            {
                final int cameraLength = buffer.getInt(offset + signalEnd);
                final int cameraEnd = signalEnd + 4 + cameraLength;
                if (cameraLength < 0 || (version == VERSION_WITH_CAMERAS ? cameraEnd != length : cameraEnd + 4 > length))
                {
                    throw new IllegalArgumentException("center snapshot truncated (camera part)");
                }
                camera.restore(buffer, offset + signalEnd + 4, cameraLength);
                if (version == VERSION)
                {
                    final int alertLength = buffer.getInt(offset + cameraEnd);
                    if (alertLength < 0 || cameraEnd + 4 + alertLength != length)
                    {
                        throw new IllegalArgumentException("center snapshot truncated (alert part)");
                    }
                    alert.restore(buffer, offset + cameraEnd + 4, alertLength);
                }
            }
        }
        else
        {
            // before signal control there were no waves: whatever this instance held is not part of that state
            final ExpandableArrayBuffer empty = new ExpandableArrayBuffer(256);
            final int emptyLength = new SignalService(signalConfig, signal.network(), null).snapshot(empty, 0);
            signal.restore(empty, 0, emptyLength);
        }
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
