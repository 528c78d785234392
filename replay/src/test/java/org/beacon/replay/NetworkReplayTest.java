package org.beacon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.beacon.center.DataNetwork;
import org.beacon.center.sim.DemoRunner;
import org.beacon.center.sim.RoadCity;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal recorded on a network other than the bundled one replays on the folder's copy of it, and only on it. */
class NetworkReplayTest
{
    @TempDir
    Path dir;

    @Test
    void replayUsesTheDataFoldersNetwork() throws IOException
    {
        final Path net = dir.resolve("small-grid.net.xml");
        try (InputStream in = NetworkReplayTest.class.getResourceAsStream("/road/small-grid.net.xml"))
        {
            Files.copy(in, net, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path data = dir.resolve("data");
        DataNetwork.install(data, net);
        final DataNetwork network = DataNetwork.ofDataDir(data);
        final NodeContext ctx = new NodeContext().dataDir(data).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(DataNetwork.stateMachines(data)::get);
        final DemoRunner runner;
        try (BeaconNode node = BeaconNode.launch(ctx); CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
        {
            while (!client.isConnected())
            {
                Thread.onSpinWait();
            }
            final RoadCity roads = new RoadCity(network.graph());
            runner = new DemoRunner(node, client, roads.newCity(7, 12), roads, 4.0, 20,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            runner.run(TimeUnit.SECONDS.toNanos(6));
            assertThat(runner.drain(TimeUnit.SECONDS.toNanos(5))).isTrue();
            assertThat(node.failure()).isNull();
        }
        assertThat(runner.dispatches()).isPositive();

        final VerifyResult onItsNetwork = ReplayVerifier.verify(data);
        assertThat(onItsNetwork.identical()).as(String.valueOf(onItsNetwork.failure())).isTrue();

        final StateAt.State<org.beacon.center.CenterStateMachine> shown = StateAt.at(data, Long.MAX_VALUE);
        assertThat(shown.problem()).isNull();
        assertThat(shown.stateMachine().dispatch().roadGraph().edgeCount()).isEqualTo(network.graph().edgeCount());

        // the same journals without the network file replay on the bundled network, and differ
        final Path bare = dir.resolve("bare");
        copyJournals(data, bare);
        assertThat(DataNetwork.ofDataDir(bare)).isNull();
        assertThat(ReplayVerifier.verify(bare).identical()).isFalse();
    }

    private static void copyJournals(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from.resolve("journal")))
        {
            for (final Path source : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
    }
}
