package org.beacon.dispatch.alert.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.Publication;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.beacon.core.CoreClient;
import org.beacon.core.NodeContext;

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
    public static final int SOURCE_ID = 71;
    /** Rounds of the start-up warm-up ({@link BroadcastAgent#warmUp}). */
    public static final int WARM_UP_ROUNDS = 200;

    private final Aeron aeron;
    private final CoreClient client;
    private final Publication ingress;
    private final BroadcastAgent agent;
    private final ExecutorService air;
    private final AgentRunner runner;

    private BroadcastGateway(
        final Aeron aeron, final CoreClient client, final Publication ingress, final BroadcastAgent agent, final ExecutorService air)
    {
        this.air = air;
        this.aeron = aeron;
        this.client = client;
        this.ingress = ingress;
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
        // as CoreClient.connect, but the gateway keeps the Aeron client: its reports go on a publication of its own with a
        // bounded retry (CoreClient.offer retries back pressure without end), egress is polled through the CoreClient
        final Aeron aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(ctx.resolvedAeronDir())
            .errorHandler(throwable -> System.err.println("broadcast gateway aeron: " + throwable)));
        CoreClient client = null;
        Publication ingress = null;
        final ExecutorService air = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "broadcast-air");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            client = new CoreClient(aeron, false, ctx, SOURCE_ID);
            ingress = aeron.addPublication(ctx.ingressChannel(), ctx.ingressStreamId());
            final HandsetDisplay display = null == handsets ? null : new HandsetDisplay(handsets, policy);
            final BroadcastAgent agent = new BroadcastAgent(client, new BoundedIngress(ingress, SOURCE_ID, BroadcastAgent.OFFER_TIMEOUT_NS),
                new CellBroadcastCentre(cells), display, BroadcastGateway::wallClockNs, System::nanoTime, air);
            if (null != listener)
            {
                agent.addListener(listener);
            }
            agent.warmUp(WARM_UP_ROUNDS);
            final BroadcastGateway gateway = new BroadcastGateway(aeron, client, ingress, agent, air);
            AgentRunner.startOnThread(gateway.runner);
            return gateway;
        }
        catch (final RuntimeException ex)
        {
            air.shutdownNow();
            CloseHelper.quietCloseAll(ingress, client, aeron);
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
        return client.isConnected() && ingress.isConnected();
    }

    /** @return the agent, for its counters. */
    public BroadcastAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(runner, ingress, client, aeron);
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
