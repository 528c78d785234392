package org.beacon.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.beacon.core.client.CoreAddress;

/**
 * Configuration of a {@link BeaconNode}, with defaults for the embedded deployment and one
 * validation step ({@link #conclude()}).
 */
public final class NodeContext
{
    /** Default ingress stream id. */
    public static final int INGRESS_STREAM_ID = CoreAddress.INGRESS_STREAM_ID;
    /** Default egress stream id. */
    public static final int EGRESS_STREAM_ID = CoreAddress.EGRESS_STREAM_ID;

    /** How the ring's consumers are laid out on threads. */
    public enum Pipeline
    {
        /** One consumer thread runs journal, state machine and egress in that order for each event. */
        SINGLE_THREAD,
        /** Three Disruptor handlers on three threads, each gated on the one before. */
        THREE_THREADS,
        /**
         * One thread for everything: the sequencer's duty cycle publishes to the ring and then drains
         * it through a Disruptor {@code EventPoller} (journal, state machine, egress). For machines
         * with few cores, where a hand-off between two spinning threads costs more than it saves.
         */
        SHARED_THREAD
    }

    /** What an Ack ("journaled at sequence N") promises about the disk. */
    public enum Durability
    {
        /**
         * An Ack, and the outputs of its event, go out only after the input record and the event's output records are
         * forced to stable storage (fdatasync). Group commit: the records appended while one force runs form the next
         * batch, forced once.
         */
        SYNC,
        /**
         * An Ack goes out once the records are in the journal's memory-mapped file, i.e. in the operating system's page
         * cache: it survives a crash or {@code kill -9} of the process, not a power cut or a kernel crash.
         */
        ASYNC
    }

    private Path dataDir = Path.of("data");
    private String aeronDir;
    private boolean embeddedMediaDriver = true;
    private String ingressChannel = "aeron:ipc";
    private int ingressStreamId = INGRESS_STREAM_ID;
    private String egressChannel = "aeron:ipc";
    private int egressStreamId = EGRESS_STREAM_ID;
    private int ringSize = 16 * 1024;
    private int maxPayloadLength = 4096;
    private long tickIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
    private long snapshotIntervalEvents = 1_000_000;
    private int maxBlockRecords = org.beacon.core.journal.JournalWriter.DEFAULT_MAX_BLOCK_RECORDS;
    private int snapshotsKept = 3;
    private EpochNanoClock clock = new SystemEpochNanoClock();
    private Pipeline pipeline = Pipeline.SHARED_THREAD;
    private boolean snapshotOnClose = true;
    private DiskGuard.Settings disk = DiskGuard.Settings.defaults();
    private Durability durability = Durability.SYNC;
    private Supplier<StateMachine> stateMachineSupplier;
    private Supplier<IdleStrategy> ingressIdleStrategy = () -> new BackoffIdleStrategy(100, 10, 1_000, 200_000);
    private Supplier<WaitStrategy> waitStrategy = () -> new SleepingWaitStrategy(200, 50_000);
    private Supplier<IdleStrategy> driverIdleStrategy = () -> new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);

    /**
     * Checks the configuration and fills derived defaults.
     *
     * @return this.
     * @throws IllegalArgumentException on an invalid setting.
     */
    public NodeContext conclude()
    {
        if (null == stateMachineSupplier)
        {
            throw new IllegalArgumentException("a state machine supplier is required");
        }
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ringSize must be a power of two: " + ringSize);
        }
        if (tickIntervalNs <= 0 || maxPayloadLength < 64 || snapshotIntervalEvents <= 0 || maxBlockRecords <= 0)
        {
            throw new IllegalArgumentException("tick interval, max payload (>= 64), snapshot interval and block size must be positive");
        }
        if (null == aeronDir)
        {
            aeronDir = defaultAeronDir(dataDir);
        }
        return this;
    }

    /**
     * The Aeron folder this context names, or the default for its data folder when none is set; needs no other
     * part of the configuration, so a gateway in another process can describe the node it talks to.
     *
     * @return the folder name.
     */
    public String resolvedAeronDir()
    {
        return null != aeronDir ? aeronDir : defaultAeronDir(dataDir);
    }

    /**
     * What a gateway needs to reach this node: its Aeron folder ({@link #resolvedAeronDir()}), channels and streams.
     *
     * @return the address.
     */
    public CoreAddress coreAddress()
    {
        return new CoreAddress(resolvedAeronDir(), ingressChannel, ingressStreamId, egressChannel, egressStreamId);
    }

    /**
     * The Aeron folder a node with this data folder uses by default: in shared memory when there is
     * one, named after the data folder so that several nodes on one machine do not collide.
     *
     * @return the folder name.
     */
    public static String defaultAeronDir(final Path dataDir)
    {
        return CoreAddress.defaultAeronDir(dataDir);
    }

    /** @return folder holding journals and snapshots. */
    public Path dataDir()
    {
        return dataDir;
    }

    /** @return this, with the data folder set. */
    public NodeContext dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    /** @return the input journal's folder. */
    public Path inputJournalDir()
    {
        return dataDir.resolve("journal").resolve("input");
    }

    /** @return the output journal's folder. */
    public Path outputJournalDir()
    {
        return dataDir.resolve("journal").resolve("output");
    }

    /** @return the snapshots' folder. */
    public Path snapshotDir()
    {
        return dataDir.resolve("snapshots");
    }

    /** @return Aeron folder. */
    public String aeronDir()
    {
        return aeronDir;
    }

    /** @return this, with the Aeron folder set. */
    public NodeContext aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    /** @return whether the node launches its own media driver. */
    public boolean embeddedMediaDriver()
    {
        return embeddedMediaDriver;
    }

    /** @return this, with the embedded driver choice set. */
    public NodeContext embeddedMediaDriver(final boolean embeddedMediaDriver)
    {
        this.embeddedMediaDriver = embeddedMediaDriver;
        return this;
    }

    /** @return ingress channel. */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    /** @return this, with the ingress channel set. */
    public NodeContext ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    /** @return ingress stream id. */
    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    /** @return this, with the ingress stream id set. */
    public NodeContext ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    /** @return egress channel. */
    public String egressChannel()
    {
        return egressChannel;
    }

    /** @return this, with the egress channel set. */
    public NodeContext egressChannel(final String egressChannel)
    {
        this.egressChannel = egressChannel;
        return this;
    }

    /** @return egress stream id. */
    public int egressStreamId()
    {
        return egressStreamId;
    }

    /** @return this, with the egress stream id set. */
    public NodeContext egressStreamId(final int egressStreamId)
    {
        this.egressStreamId = egressStreamId;
        return this;
    }

    /** @return ring size, a power of two. */
    public int ringSize()
    {
        return ringSize;
    }

    /** @return this, with the ring size set. */
    public NodeContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** @return the largest SBE message accepted on ingress. */
    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /** @return this, with the largest accepted message set. */
    public NodeContext maxPayloadLength(final int maxPayloadLength)
    {
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    /** @return interval between journaled ticks. */
    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /** @return this, with the tick interval set. */
    public NodeContext tickIntervalNs(final long tickIntervalNs)
    {
        this.tickIntervalNs = tickIntervalNs;
        return this;
    }

    /** @return events between scheduled snapshots. */
    public long snapshotIntervalEvents()
    {
        return snapshotIntervalEvents;
    }

    /** @return this, with the snapshot schedule set. */
    public NodeContext snapshotIntervalEvents(final long snapshotIntervalEvents)
    {
        this.snapshotIntervalEvents = snapshotIntervalEvents;
        return this;
    }

    /** @return records after which a journal block is sealed without waiting for a tick. */
    public int maxBlockRecords()
    {
        return maxBlockRecords;
    }

    /** @return this, with the block size set. */
    public NodeContext maxBlockRecords(final int maxBlockRecords)
    {
        this.maxBlockRecords = maxBlockRecords;
        return this;
    }

    /** @return snapshots kept on disk. */
    public int snapshotsKept()
    {
        return snapshotsKept;
    }

    /** @return this, with the number of kept snapshots set. */
    public NodeContext snapshotsKept(final int snapshotsKept)
    {
        this.snapshotsKept = snapshotsKept;
        return this;
    }

    /** @return the sequencer's clock; the only clock that reaches events. */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /** @return this, with the sequencer's clock set. */
    public NodeContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the consumer thread layout. */
    public Pipeline pipeline()
    {
        return pipeline;
    }

    /** @return this, with the consumer thread layout set. */
    public NodeContext pipeline(final Pipeline pipeline)
    {
        this.pipeline = pipeline;
        return this;
    }

    /** @return the free-space guard's settings. */
    public DiskGuard.Settings disk()
    {
        return disk;
    }

    /** @return this, with the free-space guard's settings (low-water mark, reserve, ballast, floor, sheddable inputs). */
    public NodeContext disk(final DiskGuard.Settings disk)
    {
        this.disk = disk;
        return this;
    }

    /** @return what an Ack promises about the disk; {@link Durability#SYNC} unless set. */
    public Durability durability()
    {
        return durability;
    }

    /** @return this, with the durability of an Ack set. */
    public NodeContext durability(final Durability durability)
    {
        this.durability = Objects.requireNonNull(durability, "durability");
        return this;
    }

    /** @return whether a clean close takes a snapshot. */
    public boolean snapshotOnClose()
    {
        return snapshotOnClose;
    }

    /** @return this, with the close-time snapshot choice set. */
    public NodeContext snapshotOnClose(final boolean snapshotOnClose)
    {
        this.snapshotOnClose = snapshotOnClose;
        return this;
    }

    /** @return the supplier of the state machine. */
    public Supplier<StateMachine> stateMachineSupplier()
    {
        return stateMachineSupplier;
    }

    /** @return this, with the state machine supplier set. */
    public NodeContext stateMachineSupplier(final Supplier<StateMachine> stateMachineSupplier)
    {
        this.stateMachineSupplier = stateMachineSupplier;
        return this;
    }

    /** @return how the sequencer idles when there is no input. */
    public Supplier<IdleStrategy> ingressIdleStrategy()
    {
        return ingressIdleStrategy;
    }

    /** @return this, with the sequencer's idle strategy set. */
    public NodeContext ingressIdleStrategy(final Supplier<IdleStrategy> ingressIdleStrategy)
    {
        this.ingressIdleStrategy = ingressIdleStrategy;
        return this;
    }

    /** @return how the ring's consumers wait for events. */
    public Supplier<WaitStrategy> waitStrategy()
    {
        return waitStrategy;
    }

    /** @return this, with the consumers' wait strategy set. */
    public NodeContext waitStrategy(final Supplier<WaitStrategy> waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** @return how the embedded media driver idles. */
    public Supplier<IdleStrategy> driverIdleStrategy()
    {
        return driverIdleStrategy;
    }

    /** @return this, with the embedded driver's idle strategy set. */
    public NodeContext driverIdleStrategy(final Supplier<IdleStrategy> driverIdleStrategy)
    {
        this.driverIdleStrategy = driverIdleStrategy;
        return this;
    }
}
