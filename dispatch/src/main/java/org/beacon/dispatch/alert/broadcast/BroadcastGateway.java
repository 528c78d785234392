package org.beacon.dispatch.alert.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewayRunner;
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

    private final BroadcastAgent agent;
    private final ExecutorService air;
    private GatewayRunner runner;

    private BroadcastGateway(final BroadcastAgent agent, final ExecutorService air)
    {
        this.air = air;
        this.agent = agent;
    }

    /**
     * Starts the gateway with geofencing handsets against a running node.
     *
     * @param address  the node's Aeron folder and channels.
     * @param cells    the cells the CBC broadcasts in.
     * @param handsets the simulated population, or null for none.
     * @return the running gateway.
     */
    public static BroadcastGateway launch(final CoreAddress address, final CellNetwork cells, final Handsets handsets)
    {
        return launch(address, cells, handsets, HandsetDisplay.Policy.GEOFENCED, null);
    }

    /**
     * Starts the gateway against a running node.
     *
     * @param address  the node's Aeron folder and channels.
     * @param cells    the cells the CBC broadcasts in.
     * @param handsets the simulated population, or null for none.
     * @param policy   how the handsets decide to show a message.
     * @param listener told of every handled message from the first on, or null.
     * @return the running gateway.
     */
    public static BroadcastGateway launch(
        final CoreAddress address, final CellNetwork cells, final Handsets handsets, final HandsetDisplay.Policy policy,
        final BroadcastListener listener)
    {
        final CoreClient client = CoreClient.connect(address, SOURCE_ID);
        final ExecutorService air = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "broadcast-air");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final HandsetDisplay display = null == handsets ? null : new HandsetDisplay(handsets, policy);
            final BroadcastAgent agent = new BroadcastAgent(client, new CellBroadcastCentre(cells), display,
                BroadcastGateway::wallClockNs, System::nanoTime, air);
            if (null != listener)
            {
                agent.addListener(listener);
            }
            agent.warmUp(WARM_UP_ROUNDS);
            final BroadcastGateway gateway = new BroadcastGateway(agent, air);
            // parks at most 1 ms when idle: an approval is broadcast within about a millisecond of reaching egress
            gateway.runner = GatewayRunner.start(agent, new BackoffIdleStrategy(10, 20, 1_000, 1_000_000),
                ex -> System.err.println("broadcast gateway: " + ex), false);
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
        return agent.coreConnected();
    }

    /** @return the agent, for its counters. */
    public BroadcastAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(runner);
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
