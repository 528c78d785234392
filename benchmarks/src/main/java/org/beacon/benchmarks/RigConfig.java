package org.beacon.benchmarks;

import java.nio.file.Path;

import org.beacon.core.NodeContext;

/**
 * What the latency and the throughput rig share in their configuration: how the node under measurement is
 * tuned (pipeline layout, wait and idle strategies, snapshot interval) and which event mix it is fed. Each
 * rig's {@code Config} adds its own settings and chooses its own default wait and ingress idle strategies.
 *
 * @param <C> the rig's own configuration, which the setters return so that they chain.
 */
public abstract class RigConfig<C extends RigConfig<C>>
{
    NodeContext.Pipeline pipeline = NodeContext.Pipeline.SHARED_THREAD;
    NodeContext.Durability durability = NodeContext.Durability.SYNC;
    String waitStrategy;
    String ingressIdle;
    String driverIdle = "backoff-long";
    long seed = 112;
    int callsPerMillion = EventMix.CITY_MIX;
    int units = EventMix.DEFAULT_UNITS;
    long snapshotEvery = new NodeContext().snapshotIntervalEvents();

    RigConfig(final String waitStrategy, final String ingressIdle)
    {
        this.waitStrategy = waitStrategy;
        this.ingressIdle = ingressIdle;
    }

    /** @return this, with the layout of the node's pipeline threads set. */
    public C pipeline(final NodeContext.Pipeline pipeline)
    {
        this.pipeline = pipeline;
        return self();
    }

    /** @return this, with what the node's Acks promise set: forced to disk first (sync, the node's default) or not. */
    public C durability(final NodeContext.Durability durability)
    {
        this.durability = durability;
        return self();
    }

    /** @return this, with the pipeline's wait strategy set (see {@link Strategies#WAIT_NAMES}). */
    public C waitStrategy(final String waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return self();
    }

    /** @return this, with the ingress agent's idle strategy set (see {@link Strategies#IDLE_NAMES}). */
    public C ingressIdle(final String ingressIdle)
    {
        this.ingressIdle = ingressIdle;
        return self();
    }

    /** @return this, with the media driver's idle strategy set (see {@link Strategies#IDLE_NAMES}). */
    public C driverIdle(final String driverIdle)
    {
        this.driverIdle = driverIdle;
        return self();
    }

    /** @return this, with the event generator's seed set. */
    public C seed(final long seed)
    {
        this.seed = seed;
        return self();
    }

    /** @return this, with the node's snapshot interval set (events; the node's default unless changed). */
    public C snapshotEvery(final long snapshotEvery)
    {
        this.snapshotEvery = snapshotEvery;
        return self();
    }

    /** @return this, with the size of the simulated fleet set (the first events register it). */
    public C units(final int units)
    {
        this.units = units;
        return self();
    }

    /** @return this, with the share of calls set (per million events; {@link EventMix#CITY_MIX} for the city's own). */
    public C callsPerMillion(final int callsPerMillion)
    {
        this.callsPerMillion = callsPerMillion;
        return self();
    }

    @SuppressWarnings("unchecked")
    private C self()
    {
        return (C)this;
    }

    /** Throws {@link IllegalArgumentException} when a strategy name is unknown. */
    void validateStrategies()
    {
        Strategies.waitStrategy(waitStrategy);
        Strategies.idleStrategy(ingressIdle);
        Strategies.idleStrategy(driverIdle);
    }

    /** @return {@code count} distinct events of the configured mix. */
    EventMix generateMix(final int count)
    {
        return EventMix.generate(seed, count, units, callsPerMillion);
    }

    /** @return the mix's name for the rigs' header lines: {@code city} or {@code N calls per million}. */
    String mixName()
    {
        return callsPerMillion == EventMix.CITY_MIX ? "city" : callsPerMillion + " calls per million";
    }

    /** @return the context of a node tuned as configured, journaling into {@code dataDir}, not snapshotting on close. */
    NodeContext nodeContext(final Path dataDir)
    {
        return new NodeContext()
            .dataDir(dataDir)
            .stateMachineSupplier(BenchSupport::newStateMachine)
            .pipeline(pipeline)
            .durability(durability)
            .waitStrategy(Strategies.waitStrategy(waitStrategy))
            .ingressIdleStrategy(Strategies.idleStrategy(ingressIdle))
            .driverIdleStrategy(Strategies.idleStrategy(driverIdle))
            .snapshotIntervalEvents(snapshotEvery)
            .snapshotOnClose(false);
    }
}
