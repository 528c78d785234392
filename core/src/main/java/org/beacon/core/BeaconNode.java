package org.beacon.core;

import java.util.concurrent.atomic.AtomicReference;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.core.journal.JournalReplayer;
import org.beacon.core.journal.JournalWriter;
import org.beacon.core.snapshot.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host of a state machine: ingress over Aeron, the Disruptor sequencer, the input journal, the
 * state machine, the output journal and egress. {@link #launch} first rebuilds the state from the
 * newest usable snapshot plus the journal tail (writing any output the journal lacks), and only then
 * takes input.
 */
public final class BeaconNode implements AutoCloseable
{
    /** The ballast file the disk guard keeps in the data folder and deletes when the disk runs under its reserve. */
    public static final String DISK_BALLAST = "disk-reserve";

    private static final Logger LOG = LoggerFactory.getLogger(BeaconNode.class);

    private final NodeContext ctx;
    private final NodeCounters counters = new NodeCounters();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private MediaDriver driver;
    private Aeron aeron;
    private JournalWriter inputJournal;
    private JournalWriter outputJournal;
    private Disruptor<RingEvent> disruptor;
    private EventPoller<RingEvent> poller;
    private EventPoller.Handler<RingEvent> pollHandler;
    private SnapshotWriter snapshotWriter;
    private AgentRunner ingressRunner;
    private PipelineHandlers.Apply apply;
    private JournalReplayer.Result recovery;
    private boolean closed;

    private BeaconNode(final NodeContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Recovers and starts a node.
     *
     * @param ctx its configuration.
     * @return the running node.
     */
    public static BeaconNode launch(final NodeContext ctx)
    {
        ctx.conclude();
        final BeaconNode node = new BeaconNode(ctx);
        try
        {
            node.start();
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
        return node;
    }

    private void start()
    {
        final long startNs = System.nanoTime();
        inputJournal = JournalWriter.open(ctx.inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT, ctx.maxBlockRecords());
        outputJournal = JournalWriter.open(ctx.outputJournalDir(), JournalRecordDescriptor.TYPE_OUTPUT, ctx.maxBlockRecords());
        final long openedNs = System.nanoTime();
        final SnapshotStore snapshots = new SnapshotStore(ctx.snapshotDir(), ctx.snapshotsKept());
        final StateMachine stateMachine = ctx.stateMachineSupplier().get();
        final long builtNs = System.nanoTime();
        recovery = recover(stateMachine, snapshots);
        final long recoveredNs = System.nanoTime();
        final DiskGuard disk = new DiskGuard(ctx.disk(), ctx.dataDir().resolve(DISK_BALLAST), counters, ctx.inputJournalDir(),
            ctx.outputJournalDir());
        final java.util.List<org.beacon.core.journal.TornTail.Repair> repairs = new java.util.ArrayList<>();
        for (final JournalWriter writer : new JournalWriter[] {inputJournal, outputJournal})
        {
            if (null != writer.repair())
            {
                repairs.add(writer.repair());
            }
        }
        inputJournal.forceExisting();
        outputJournal.forceExisting();
        LOG.info("start-up: journals opened at their tails in {} ms, state machine built in {} ms, recovered to input {} in {} ms " +
            "({} journal records read), journals forced in {} ms", millis(openedNs - startNs), millis(builtNs - openedNs),
            recovery.lastSequence(), millis(recoveredNs - builtNs), recovery.inputsRead(), millis(System.nanoTime() - recoveredNs));
        counters.journalForcedSequence.set(inputJournal.lastSequence());
        inputJournal.releaseThread();
        outputJournal.releaseThread();

        if (ctx.embeddedMediaDriver())
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(ctx.aeronDir())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(ctx.driverIdleStrategy().get())
                .ipcTermBufferLength(16 * 1024 * 1024)
                .termBufferSparseFile(true));
        }
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDir()));
        final Subscription ingress = aeron.addSubscription(ctx.ingressChannel(), ctx.ingressStreamId());
        final ExclusivePublication egress = aeron.addExclusivePublication(ctx.egressChannel(), ctx.egressStreamId());

        snapshotWriter = new SnapshotWriter(snapshots, ex ->
        {
            // a failed snapshot costs a longer recovery, never the center: count it and go on
            counters.snapshotFailures.incrementAndGet();
            ex.printStackTrace();
        });
        final PipelineHandlers.Journal journal = new PipelineHandlers.Journal(inputJournal, counters);
        apply = new PipelineHandlers.Apply(stateMachine, snapshotWriter, ctx.snapshotIntervalEvents(), counters,
            recovery.outputSequence());
        final PipelineHandlers.Egress egressHandler =
            new PipelineHandlers.Egress(outputJournal, ctx.durability() == NodeContext.Durability.SYNC ? inputJournal : null,
                ctx.ringSize(), egress, new YieldingIdleStrategy(), counters);
        final PipelineHandlers.Combined combined = new PipelineHandlers.Combined(journal, apply, egressHandler);
        final RingBuffer<RingEvent> ring;
        if (ctx.pipeline() == NodeContext.Pipeline.SHARED_THREAD)
        {
            ring = RingBuffer.createSingleProducer(() -> new RingEvent(ctx.maxPayloadLength()), ctx.ringSize(),
                ctx.waitStrategy().get());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            pollHandler = (event, slot, endOfBatch) ->
            {
                combined.onEvent(event, slot, endOfBatch);
                return true;
            };
        }
        else
        {
            disruptor = new Disruptor<>(() -> new RingEvent(ctx.maxPayloadLength()), ctx.ringSize(),
                runnable -> new Thread(runnable, "beacon-pipeline"), ProducerType.SINGLE, ctx.waitStrategy().get());
            if (ctx.pipeline() == NodeContext.Pipeline.SINGLE_THREAD)
            {
                disruptor.handleEventsWith(combined);
            }
            else
            {
                disruptor.handleEventsWith(journal).then(apply).then(egressHandler);
            }
            disruptor.setDefaultExceptionHandler(new HaltingExceptionHandler());
            ring = disruptor.start();
        }

        final IngressAgent ingressAgent = new IngressAgent(ingress, ring, ctx.clock(),
            ctx.tickIntervalNs(), ctx.maxPayloadLength(), counters, recovery.lastSequence(),
            Math.max(recovery.lastTimestampNs(), inputJournal.lastTimestampNs()), () -> null != failure.get(), disk, repairs);
        final Agent agent = null == poller ? ingressAgent :
            new SharedAgent(ingressAgent, ring, ctx.durability() == NodeContext.Durability.SYNC ? ctx.ringSize() / 2 : 0);
        ingressRunner = new AgentRunner(ctx.ingressIdleStrategy().get(), this::onAgentError, null, agent);
        AgentRunner.startOnThread(ingressRunner, this::agentThread);
    }

    /**
     * The sequencer's thread. The JVM delivers the InternalError of a faulting mapped write at a later safepoint, which
     * can be inside the runner's own error handling: whatever ends the thread is still the node's failure, so that the
     * watchdog exits rather than leave a live JVM that journals nothing.
     */
    private Thread agentThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable);
        thread.setUncaughtExceptionHandler((t, ex) -> onAgentError(ex));
        return thread;
    }

    private static long millis(final long nanos)
    {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private JournalReplayer.Result recover(final StateMachine stateMachine, final SnapshotStore snapshots)
    {
        final long journaledOutputs = outputJournal.lastSequence();
        long fromSequence = 0;
        long fromOutputSequence = 0;
        for (final SnapshotStore.Snapshot snapshot : snapshots.usable(inputJournal.lastSequence(), journaledOutputs))
        {
            try
            {
                stateMachine.restore(snapshot.state(), 0, snapshot.state().capacity());
                fromSequence = snapshot.sequence();
                fromOutputSequence = snapshot.outputSequence();
                break;
            }
            catch (final IllegalArgumentException | IllegalStateException ex)
            {
                // the state machine is left as new by a refused restore: an older snapshot or the journal's start follows
                LOG.warn("snapshot {} skipped: {}", snapshot.file(), ex.getMessage());
            }
        }
        if (0 == fromSequence)
        {
            LOG.info("recovery replays the input journal from its start");
        }
        final JournalReplayer.Result result = JournalReplayer.replay(ctx.inputJournalDir(), stateMachine, fromSequence,
            fromOutputSequence, null,
            (outputSequence, inputSequence, timestampNs, buffer, offset, length) ->
            {
                if (outputSequence > journaledOutputs)
                {
                    outputJournal.append(outputSequence, timestampNs, inputSequence, 0, buffer, offset, length);
                }
            });
        if (result.status() != JournalReplayer.END)
        {
            throw new IllegalStateException("recovery failed: " + result.problem());
        }
        if (result.lastSequence() != inputJournal.lastSequence())
        {
            throw new IllegalStateException("recovery replayed to " + result.lastSequence() + " but the journal ends at " +
                inputJournal.lastSequence());
        }
        if (result.outputSequence() < journaledOutputs)
        {
            throw new IllegalStateException("the output journal holds " + journaledOutputs + " outputs but replay of the input " +
                "journal produces " + result.outputSequence() + ": the journals do not belong together");
        }
        outputJournal.seal(result.lastTimestampNs());
        return result;
    }

    /**
     * The sequencer and the ring's consumers on one duty cycle. With durability {@code sync} the sequencer first moves
     * everything waiting in Aeron's log (what arrived while the previous force ran) into the ring, up to half of it,
     * so that one poll, and so one group commit, covers it all rather than one fragment limit's worth.
     */
    private final class SharedAgent implements Agent
    {
        private final IngressAgent ingress;
        private final RingBuffer<RingEvent> ring;
        private final int gatherLimit;

        SharedAgent(final IngressAgent ingress, final RingBuffer<RingEvent> ring, final int gatherLimit)
        {
            this.ingress = ingress;
            this.ring = ring;
            this.gatherLimit = gatherLimit;
        }

        @Override
        public int doWork() throws Exception
        {
            int work = ingress.doWork();
            int gathered = work;
            while (work > 0 && gathered < gatherLimit && ring.hasAvailableCapacity(2 * IngressAgent.FRAGMENT_LIMIT + 2))
            {
                work = ingress.doWork();
                gathered += work;
            }
            return gathered + (poller.poll(pollHandler) == EventPoller.PollState.PROCESSING ? 1 : 0);
        }

        @Override
        public void onClose()
        {
            if (null != failure.get())
            {
                // the event that failed is still in the ring: it must not be journaled (or acknowledged) on a second try
                return;
            }
            try
            {
                while (poller.poll(pollHandler) == EventPoller.PollState.PROCESSING)
                {
                    Thread.onSpinWait();
                }
            }
            catch (final Exception ex)
            {
                onAgentError(ex);
            }
        }

        @Override
        public String roleName()
        {
            return "beacon-sequencer-pipeline";
        }
    }

    private void onAgentError(final Throwable throwable)
    {
        if (failure.compareAndSet(null, throwable))
        {
            LOG.error("node failed{}: nothing more is journaled or acknowledged", isIoFailure(throwable) ? " on an I/O error" : "",
                throwable);
        }
        else
        {
            throwable.printStackTrace();
        }
    }

    /**
     * @param failure a node's failure.
     * @return true when it comes from the disk (an {@code IOException}, or the {@code InternalError} of a faulting mapped write).
     */
    public static boolean isIoFailure(final Throwable failure)
    {
        for (Throwable t = failure; null != t; t = t.getCause())
        {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException || t instanceof InternalError)
            {
                return true;
            }
            if (t.getCause() == t)
            {
                break;
            }
        }
        return false;
    }

    /** Stops the node on any exception in a pipeline handler: nothing after a failed append may be acknowledged. */
    private final class HaltingExceptionHandler implements ExceptionHandler<RingEvent>
    {
        @Override
        public void handleEventException(final Throwable ex, final long slot, final RingEvent event)
        {
            onAgentError(new IllegalStateException("pipeline failed at sequence " + event.sequence, ex));
            throw new IllegalStateException("pipeline halted", ex);
        }


        @Override
        public void handleOnStartException(final Throwable ex)
        {
            onAgentError(ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            onAgentError(ex);
        }
    }

    /** @return the configuration. */
    public NodeContext context()
    {
        return ctx;
    }

    /** @return the counters. */
    public NodeCounters counters()
    {
        return counters;
    }

    /** @return how start-up recovery ended: inputs re-applied, outputs rebuilt. */
    public JournalReplayer.Result recovery()
    {
        return recovery;
    }

    /** @return the first fatal error, or null while the node is healthy. */
    public Throwable failure()
    {
        return failure.get();
    }

    /** Stops taking input, drains the ring, snapshots when configured, seals and closes the journals. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(ingressRunner);
        if (null != disruptor)
        {
            if (null == failure.get())
            {
                disruptor.shutdown();
            }
            else
            {
                disruptor.halt();
            }
        }
        if (null != apply && null == failure.get() && ctx.snapshotOnClose())
        {
            apply.snapshot();
        }
        if (null == failure.get())
        {
            CloseHelper.quietCloseAll(snapshotWriter, inputJournal, outputJournal, aeron, driver);
        }
        else
        {
            // after a failed write the journals are left as they are: a seal now would write into the same full or faulting file;
            // the next start checks them (and cuts a torn last record)
            CloseHelper.quietCloseAll(snapshotWriter, aeron, driver);
        }
    }
}
