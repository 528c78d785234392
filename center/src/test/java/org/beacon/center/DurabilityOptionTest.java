package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DurabilityOptionTest
{
    @TempDir
    Path dir;

    private CenterMain.NodeOptions parse(final String... args)
    {
        final CenterMain.Node node = new CenterMain.Node();
        new CommandLine(node).parseArgs(args);
        return node.options;
    }

    @Test
    void nodeForcesByDefaultAndTheDemoDefaultIsItsOwn()
    {
        final String data = dir.toString();
        assertThat(parse("--data", data).context(NodeContext.Durability.SYNC).durability())
            .isEqualTo(NodeContext.Durability.SYNC);
        assertThat(parse("--data", data).context(NodeContext.Durability.ASYNC).durability())
            .as("the demo's default when --durability is not given").isEqualTo(NodeContext.Durability.ASYNC);
        assertThat(parse("--data", data, "--durability", "async").context(NodeContext.Durability.SYNC).durability())
            .isEqualTo(NodeContext.Durability.ASYNC);
        assertThat(parse("--data", data, "--durability", "SYNC").context(NodeContext.Durability.ASYNC).durability())
            .isEqualTo(NodeContext.Durability.SYNC);
    }

    @Test
    void anythingElseIsRefusedWithTheChoices()
    {
        assertThatThrownBy(() -> parse("--durability", "fast")).isInstanceOf(CommandLine.ParameterException.class)
            .hasMessageContaining("sync or async");
    }
}
