package org.beacon.signal.field;

import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
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

    private final CoreClient client;
    private final SignalFieldAgent agent;
    private final AgentRunner runner;

    private SignalFieldGateway(final CoreClient client, final SignalFieldAgent agent)
    {
        this.client = client;
        this.agent = agent;
        this.runner = new AgentRunner(new SleepingMillisIdleStrategy(5), ex -> System.err.println("signal field: " + ex),
            null, agent);
    }

    /**
     * Starts simulated cabinets for every intersection of the network against a running node.
     *
     * @param ctx     the node's context (Aeron folder and channels).
     * @param network the signal network the node plans on.
     * @param seed    of the simulated detectors.
     * @return the running gateway.
     */
    public static SignalFieldGateway launch(final NodeContext ctx, final SignalNetwork network, final long seed)
    {
        final CoreClient client = CoreClient.connect(ctx.coreAddress(), DEFAULT_SOURCE_ID);
        try
        {
            final FieldControllers field = new FieldControllers(network, wallClockNs());
            final SignalFieldAgent agent = new SignalFieldAgent(client, field, SignalFieldGateway::wallClockNs,
                new SimulatedDetectors(network, seed), TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30));
            final SignalFieldGateway gateway = new SignalFieldGateway(client, agent);
            AgentRunner.startOnThread(gateway.runner);
            return gateway;
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
        CloseHelper.quietCloseAll(runner, client);
    }
}
