package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

class DataNetworkTest
{
    @TempDir
    Path dir;

    private Path smallGrid() throws IOException
    {
        final Path file = dir.resolve("small-grid.net.xml");
        try (InputStream in = DataNetworkTest.class.getResourceAsStream("/road/small-grid.net.xml"))
        {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    @Test
    void aFolderWithoutANetworkIsOnTheBundledOne()
    {
        assertThat(DataNetwork.ofDataDir(dir.resolve("data"))).isNull();
        assertThat(DataNetwork.signalNetwork(dir.resolve("data"))).isSameAs(CenterStateMachine.bundledSignalNetwork());
        assertThat(DataNetwork.stateMachines(dir.resolve("data")).get().dispatch().roadGraph().edgeCount())
            .isEqualTo(CenterStateMachine.bundledNetwork().edgeCount());
    }

    @Test
    void installCopiesTheNetworkAndTheStateMachineRunsOnIt() throws IOException
    {
        final Path data = dir.resolve("data");
        final Path net = smallGrid();
        final Path copy = DataNetwork.install(data, net);
        assertThat(copy).isEqualTo(data.resolve(DataNetwork.FILE_NAME));
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(net));
        final DataNetwork network = DataNetwork.ofDataDir(data);
        assertThat(network).isNotNull();
        assertThat(network.graph().edgeCount()).isNotEqualTo(CenterStateMachine.bundledNetwork().edgeCount());
        assertThat(network.signals().intersectionCount()).isEqualTo(25);
        assertThat(DataNetwork.stateMachines(data).get().dispatch().roadGraph().edgeCount()).isEqualTo(network.graph().edgeCount());
        // the same network again is fine
        assertThat(DataNetwork.install(data, net)).isEqualTo(copy);
    }

    @Test
    void aDifferentNetworkIsRefused() throws IOException
    {
        final Path data = dir.resolve("data");
        DataNetwork.install(data, smallGrid());
        final Path other = dir.resolve("other.net.xml");
        final byte[] bytes = Files.readAllBytes(smallGrid());
        bytes[bytes.length - 2] = (byte)' ';
        Files.write(other, bytes);
        assertThatThrownBy(() -> DataNetwork.install(data, other))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("another road network");
        assertThat(Files.readAllBytes(DataNetwork.file(data))).isEqualTo(Files.readAllBytes(smallGrid()));
    }

    @Test
    void theDemoRefusesAFolderRecordedOnAnotherNetwork() throws IOException
    {
        final Path data = dir.resolve("data");
        DataNetwork.install(data, smallGrid());
        final Path other = dir.resolve("other.net.xml");
        Files.writeString(other, "<net/>\n");
        final int code = new CommandLine(new CenterMain()).execute("demo", "--sumo", other.toString(), "--data", data.toString(),
            "--seconds", "1", "--sip-port", "-1", "--aml-port", "-1", "--http-port", "-1", "--no-cameras");
        assertThat(code).isEqualTo(2);
        assertThat(Files.exists(data.resolve("journal"))).isFalse();
    }
}
