package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.beacon.center.sim.DemoRunner;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoRunnerTest
{
    @TempDir
    Path dir;

    @Test
    void theSimulatedCityGetsCallsIncidentsAndDispatchesThroughARealNode()
    {
        final NodeContext ctx = new NodeContext().dataDir(dir).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final DemoRunner runner;
        try (BeaconNode node = BeaconNode.launch(ctx);
            CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            runner = new DemoRunner(node, client, new SimulatedCity(1, 30), 5.0, 50,
                new PrintStream(out, true, StandardCharsets.UTF_8));
            runner.run(TimeUnit.SECONDS.toNanos(6));
            final boolean drained = runner.drain(TimeUnit.SECONDS.toNanos(30));
            assertThat(drained).as("acked %d of %d; %s", runner.acked(), runner.sent(), out.toString(StandardCharsets.UTF_8))
                .isTrue();
            assertThat(node.failure()).isNull();
            assertThat(node.counters().inputsJournaled()).isGreaterThanOrEqualTo(runner.sent());
        }
        assertThat(runner.acked()).isEqualTo(runner.sent());
        assertThat(runner.incidentsOpened()).isPositive();
        assertThat(runner.dispatches()).isPositive();
        final String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("t=1s events/s=").contains("units=30");
    }
}
