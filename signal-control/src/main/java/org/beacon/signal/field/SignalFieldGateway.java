package org.beacon.signal.field;

import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewayRunner;
import org.beacon.core.client.Sources;
import org.beacon.signal.SignalNetwork;

/**
 * The built-in simulated field: one simulated cabinet per signalized intersection of the network,
 * on wall-clock time, connected to a node like any other gateway. It is the embedded default of
 * the demo and of a node without real controllers.
 */
public final class SignalFieldGateway implements AutoCloseable
{
    /** Ingress source id of the signal field gateway. */
    public static final int DEFAULT_SOURCE_ID = Sources.SIGNAL_FIELD;

    private final SignalFieldAgent agent;
    private final GatewayRunner runner;

    private SignalFieldGateway(final SignalFieldAgent agent)
    {
        this.agent = agent;
        this.runner = GatewayRunner.start(agent, new SleepingMillisIdleStrategy(5), ex -> System.err.println("signal field: " + ex),
            false);
    }

    /**
     * Starts simulated cabinets for every intersection of the network against a running node.
     *
     * @param address the node's Aeron folder and channels.
     * @param network the signal network the node plans on.
     * @param seed    of the simulated detectors.
     * @return the running gateway.
     */
    public static SignalFieldGateway launch(final CoreAddress address, final SignalNetwork network, final long seed)
    {
        final CoreClient client = CoreClient.connect(address, DEFAULT_SOURCE_ID);
        try
        {
            final FieldControllers field = new FieldControllers(network, wallClockNs());
            final SignalFieldAgent agent = new SignalFieldAgent(client, field, SignalFieldGateway::wallClockNs,
                new SimulatedDetectors(network, seed), TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30));
            return new SignalFieldGateway(agent);
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    /** Epoch nanoseconds (millisecond resolution): the time base the sequencer stamps events with. */
    static long wallClockNs()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** @return the agent, for its counters. */
    public SignalFieldAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(runner);
    }
}
