package org.beacon.dispatch.alert.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.client.Sources;

/**
 * The broadcast gateway: Beacon's cell-broadcast entity (CBE) towards a cell-broadcast centre. It runs on its own
 * thread as a client of the node (ingress source {@value #SOURCE_ID}), takes each {@code AlertIssued} off egress and
 * answers it with a {@code BroadcastReport} input (see {@link BroadcastAgent}). The embedded default is a simulated
 * CBC ({@link CellBroadcastCentre}) over a simulated network ({@link CellNetwork#simulated}) and population
 * ({@link Handsets#simulated}) with device-based geofencing.
 */
public final class BroadcastGateway implements AutoCloseable
{
    /** Ingress source id of the broadcast gateway. */
    public static final int SOURCE_ID = Sources.BROADCAST;
    /** Rounds of the start-up warm-up ({@link BroadcastAgent#warmUp}). */
    public static final int WARM_UP_ROUNDS = 200;

    private final CoreClient client;
    private final BroadcastAgent agent;
    private final ExecutorService air;
    private final AgentRunner runner;

    private BroadcastGateway(final CoreClient client, final BroadcastAgent agent, final ExecutorService air)
    {
        this.air = air;
        this.client = client;
        this.agent = agent;
        // parks at most 1 ms when idle: an approval is broadcast within about a millisecond of reaching egress
        this.runner = new AgentRunner(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000),
            ex -> System.err.println("broadcast gateway: " + ex), null, agent);
    }

    /**
     * Starts the gateway with geofencing handsets against a running node.
     *
     * @param ctx      the node's context (Aeron folder and channels).
     * @param cells    the cells the CBC broadcasts in.
     * @param handsets the simulated population, or null for none.
     * @return the running gateway.
     */
    public static BroadcastGateway launch(final NodeContext ctx, final CellNetwork cells, final Handsets handsets)
    {
        return launch(ctx, cells, handsets, HandsetDisplay.Policy.GEOFENCED, null);
    }

    /**
     * Starts the gateway against a running node.
     *
     * @param ctx      the node's context (Aeron folder and channels).
     * @param cells    the cells the CBC broadcasts in.
     * @param handsets the simulated population, or null for none.
     * @param policy   how the handsets decide to show a message.
     * @param listener told of every handled message from the first on, or null.
     * @return the running gateway.
     */
    public static BroadcastGateway launch(
        final NodeContext ctx, final CellNetwork cells, final Handsets handsets, final HandsetDisplay.Policy policy,
        final BroadcastListener listener)
    {
        final CoreClient client = CoreClient.connect(ctx.coreAddress(), SOURCE_ID);
        final ExecutorService air = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "broadcast-air");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final HandsetDisplay display = null == handsets ? null : new HandsetDisplay(handsets, policy);
            // reports are offered from the agent's duty cycle: back pressure is retried for a bounded time only
            final BroadcastAgent agent = new BroadcastAgent(client,
                (correlationId, buffer, offset, length) -> client.offer(correlationId, buffer, offset, length,
                    BroadcastAgent.OFFER_TIMEOUT_NS),
                new CellBroadcastCentre(cells), display, BroadcastGateway::wallClockNs, System::nanoTime, air);
            if (null != listener)
            {
                agent.addListener(listener);
            }
            agent.warmUp(WARM_UP_ROUNDS);
            final BroadcastGateway gateway = new BroadcastGateway(client, agent, air);
            AgentRunner.startOnThread(gateway.runner);
            return gateway;
        }
        catch (final RuntimeException ex)
        {
            air.shutdownNow();
            CloseHelper.quietClose(client);
            throw ex;
        }
    }

    /** Epoch nanoseconds (millisecond resolution): the time base the sequencer stamps events with. */
    static long wallClockNs()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /**
     * Adds a listener; it sees the messages handled from then on.
     *
     * @param listener the listener.
     */
    public void addListener(final BroadcastListener listener)
    {
        agent.addListener(listener);
    }

    /** @return whether the gateway reaches the core both ways. */
    public boolean coreConnected()
    {
        return client.isConnected();
    }

    /** @return the agent, for its counters. */
    public BroadcastAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(runner, client);
        air.shutdown();
        try
        {
            if (!air.awaitTermination(5, TimeUnit.SECONDS))
            {
                air.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            air.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
