package org.beacon.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.beacon.core.NodeContext;
import org.beacon.core.StateMachine;
import org.beacon.core.journal.JournalWriter;

/**
 * One member of a Beacon cluster in its own process: its media driver, archive and consensus module (one
 * {@link ClusteredMediaDriver}) and the service container hosting the state machine ({@link StateMachineService}).
 * A member's folder holds {@code journal/input}, {@code journal/output} (as a single node's data folder, so
 * {@code beacon replay verify} reads it), {@code cluster/} (the consensus module's and the service's files) and
 * {@code archive/} (the recorded log).
 *
 * <p>Ports, all on the members' hosts: member {@code N} uses {@code basePort + 10 N + k}, {@code k} = 0 ingress,
 * 1 consensus, 2 log, 3 catch-up, 4 archive control, 5 archive replication, 6 the consensus module's replication.
 *
 * <p>Timeouts, tuned for failover in well under a second (Aeron's defaults are 10 s and 200 ms; its own system tests
 * use a 2 s heartbeat timeout): the leader heartbeats every {@link #LEADER_HEARTBEAT_INTERVAL_NS}, a follower starts
 * an election after {@link #LEADER_HEARTBEAT_TIMEOUT_NS} without one, an election's phases time out after
 * {@link #ELECTION_TIMEOUT_NS} and exchange status every {@link #ELECTION_STATUS_INTERVAL_NS}. Every agent idles with
 * a backing-off strategy parking up to {@link #MAX_PARK_NS} (three members and their drivers share two cores here); a
 * production deployment on its own cores would use busy-spin or yielding strategies and a dedicated driver.
 */
public final class ClusterMember implements AutoCloseable
{
    /** The leader's heartbeat interval. */
    public static final long LEADER_HEARTBEAT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Silence from the leader after which a follower starts an election. */
    public static final long LEADER_HEARTBEAT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** An election phase's timeout. */
    public static final long ELECTION_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often election status is exchanged. */
    public static final long ELECTION_STATUS_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a first start waits for every member before electing with a majority. */
    public static final long STARTUP_CANVASS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** The longest park of the backing-off idle strategies. */
    public static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(500);
    /** Ports per member. */
    public static final int PORTS_PER_MEMBER = 10;
    /** The log's term length (small: the members share a small machine). */
    static final int LOG_TERM_LENGTH = 1024 * 1024;

    private final Settings settings;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final StateMachineService service;

    /**
     * What one member needs.
     *
     * @param memberId         this member, 0..members-1.
     * @param members          the cluster's size.
     * @param hosts            each member's host, by id.
     * @param basePort         the first port of member 0 (see the class comment).
     * @param memberDir        this member's folder.
     * @param aeronDir         its media driver's folder.
     * @param stateMachine     a fresh state machine.
     * @param tickIntervalNs   time between ticks.
     * @param snapshotIntervalNs time between snapshots the leader asks for, 0 for none.
     */
    public record Settings(
        int memberId,
        int members,
        String[] hosts,
        int basePort,
        Path memberDir,
        String aeronDir,
        Supplier<? extends StateMachine> stateMachine,
        long tickIntervalNs,
        long snapshotIntervalNs)
    {
        /** @return the consensus module's member list: id,ingress,consensus,log,catchup,archive per member. */
        public String clusterMembers()
        {
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < members; i++)
            {
                final String host = hosts[i];
                b.append(i).append(',')
                    .append(host).append(':').append(port(i, 0)).append(',')
                    .append(host).append(':').append(port(i, 1)).append(',')
                    .append(host).append(':').append(port(i, 2)).append(',')
                    .append(host).append(':').append(port(i, 3)).append(',')
                    .append(host).append(':').append(port(i, 4)).append('|');
            }
            b.setLength(b.length() - 1);
            return b.toString();
        }

        /** @return a client's ingress endpoints: id=host:port per member. */
        public String ingressEndpoints()
        {
            return ingressEndpoints(hosts, basePort);
        }

        /**
         * @param hosts    each member's host.
         * @param basePort the first port of member 0.
         * @return a client's ingress endpoints: id=host:port per member.
         */
        public static String ingressEndpoints(final String[] hosts, final int basePort)
        {
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < hosts.length; i++)
            {
                b.append(i).append('=').append(hosts[i]).append(':').append(basePort + PORTS_PER_MEMBER * i).append(',');
            }
            b.setLength(b.length() - 1);
            return b.toString();
        }

        int port(final int member, final int k)
        {
            return basePort + PORTS_PER_MEMBER * member + k;
        }

        String host()
        {
            return hosts[memberId];
        }
    }

    private ClusterMember(final Settings settings)
    {
        this.settings = settings;
        final Path dir = settings.memberDir();
        final NodeContext paths = new NodeContext().dataDir(dir);
        try
        {
            Files.createDirectories(paths.inputJournalDir());
            Files.createDirectories(paths.outputJournalDir());
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        final File clusterDir = dir.resolve("cluster").toFile();
        final String host = settings.host();
        final MediaDriver.Context driverCtx = new MediaDriver.Context()
            .aeronDirectoryName(settings.aeronDir())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(LOG_TERM_LENGTH)
            .ipcTermBufferLength(LOG_TERM_LENGTH);
        final Archive.Context archiveCtx = new Archive.Context()
            .aeronDirectoryName(settings.aeronDir())
            .archiveId(settings.memberId())
            .archiveDir(dir.resolve("archive").toFile())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + settings.port(settings.memberId(), 4))
            .localControlChannel("aeron:ipc")
            .replicationChannel("aeron:udp?endpoint=" + host + ":" + settings.port(settings.memberId(), 5))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(ClusterMember::idle)
            .segmentFileLength(8 * LOG_TERM_LENGTH);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .aeronDirectoryName(settings.aeronDir())
            .controlRequestChannel(archiveCtx.localControlChannel())
            .controlRequestStreamId(archiveCtx.localControlStreamId())
            .controlResponseChannel("aeron:ipc")
            .controlResponseStreamId(AeronArchive.Configuration.controlResponseStreamId() + 100 + settings.memberId());
        final ConsensusModule.Context consensusCtx = new ConsensusModule.Context()
            .aeronDirectoryName(settings.aeronDir())
            .clusterMemberId(settings.memberId())
            .clusterMembers(settings.clusterMembers())
            .clusterDir(clusterDir)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + LOG_TERM_LENGTH)
            .consensusChannel("aeron:udp")
            .replicationChannel("aeron:udp?endpoint=" + host + ":" + settings.port(settings.memberId(), 6))
            .archiveContext(archiveClient.clone())
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatIntervalNs(LEADER_HEARTBEAT_INTERVAL_NS)
            .leaderHeartbeatTimeoutNs(LEADER_HEARTBEAT_TIMEOUT_NS)
            .electionTimeoutNs(ELECTION_TIMEOUT_NS)
            .electionStatusIntervalNs(ELECTION_STATUS_INTERVAL_NS)
            .startupCanvassTimeoutNs(STARTUP_CANVASS_TIMEOUT_NS)
            .idleStrategySupplier(ClusterMember::idle);
        service = new StateMachineService(paths.inputJournalDir(), paths.outputJournalDir(), settings.stateMachine(),
            settings.tickIntervalNs(), paths.maxPayloadLength(), JournalWriter.DEFAULT_MAX_BLOCK_RECORDS);
        ClusteredMediaDriver launched = null;
        ClusteredServiceContainer started = null;
        try
        {
            launched = ClusteredMediaDriver.launch(driverCtx, archiveCtx, consensusCtx);
            started = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(settings.aeronDir())
                .clusterDir(clusterDir)
                .archiveContext(archiveClient.clone())
                .clusteredService(service)
                .idleStrategySupplier(ClusterMember::idle));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(started, launched);
            throw ex;
        }
        driver = launched;
        container = started;
    }

    /**
     * Starts a member.
     *
     * @param settings what it needs.
     * @return the running member.
     */
    public static ClusterMember launch(final Settings settings)
    {
        return new ClusterMember(settings);
    }

    /** @return the backing-off idle strategy every agent of a member uses. */
    static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(50), MAX_PARK_NS);
    }

    /** @return true while this member's consensus module is the leader. */
    public boolean isLeader()
    {
        return driver.consensusModule().context().clusterNodeRoleCounter().get() == Cluster.Role.LEADER.code();
    }

    /** Asks the cluster for a snapshot (taken by every member at the same log position); only the leader acts on it. */
    public boolean requestSnapshot()
    {
        return ClusterControl.ToggleState.SNAPSHOT.toggle(driver.consensusModule().context().controlToggleCounter());
    }

    /** @return the member's settings. */
    public Settings settings()
    {
        return settings;
    }

    /** Stops the service (its journals forced, left unsealed), then the consensus module, archive and driver. */
    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(container, driver);
        service.close();
    }

    /**
     * Runs one member until SIGTERM or SIGINT. Arguments: {@code --member N --members M --data DIR [--hosts H,H,H]
     * [--base-port P] [--aeron-dir D] [--state-machine CLASS] [--tick-ms T] [--snapshot-s S]}; the member's folder is
     * {@code DIR/member-N}.
     *
     * @param args the arguments.
     * @throws Exception when the member cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final Settings settings;
        try
        {
            settings = MemberArguments.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("cluster member: " + ex.getMessage());
            System.err.println(MemberArguments.USAGE);
            System.exit(2);
            return;
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier(); ClusterMember member = launch(settings))
        {
            System.out.println("member " + settings.memberId() + " started: " + settings.memberDir() + ", ingress " +
                settings.host() + ":" + settings.port(settings.memberId(), 0));
            System.out.flush();
            final Thread snapshots = new Thread(() -> requestSnapshots(member, settings.snapshotIntervalNs()),
                "beacon-cluster-snapshots");
            snapshots.setDaemon(true);
            if (settings.snapshotIntervalNs() > 0)
            {
                snapshots.start();
            }
            barrier.await();
            System.out.println("member " + settings.memberId() + " stopping");
        }
    }

    private static void requestSnapshots(final ClusterMember member, final long intervalNs)
    {
        while (!Thread.currentThread().isInterrupted())
        {
            java.util.concurrent.locks.LockSupport.parkNanos(intervalNs);
            if (member.isLeader())
            {
                member.requestSnapshot();
            }
        }
    }
}
