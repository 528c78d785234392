package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.beacon.dispatch.DispatchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder's journal era: pinned when a node starts on it, read by every replay, refused when unknown. */
class DataEraTest
{
    @TempDir
    Path dir;

    @Test
    void aNewFolderIsPinnedToTheCurrentEraAndKeepsIt() throws IOException
    {
        final Path data = dir.resolve("data");

        assertThat(DataEra.pin(data)).isEqualTo(DispatchConfig.CURRENT_ERA);
        assertThat(Files.readString(DataEra.file(data)).trim()).isEqualTo(String.valueOf(DispatchConfig.CURRENT_ERA));
        assertThat(DataNetwork.stateMachines(data).get().dispatch().config()).isEqualTo(DispatchConfig.DEFAULT);
    }

    @Test
    void aFolderOfEraOneReplaysWithEraOnesBehaviour() throws IOException
    {
        DataEra.write(dir, DispatchConfig.ERA_1);

        assertThat(DataEra.pin(dir)).isEqualTo(DispatchConfig.ERA_1);
        assertThat(DataNetwork.stateMachines(dir).get().dispatch().config().keepsRecommendationsCurrent()).isFalse();
    }

    @Test
    void aFolderWithAJournalButNoEraFileIsOfAnEarlierBuildAndGoesOnInEraOne()
    {
        final Path data = dir.resolve("before-eras");
        final org.beacon.core.NodeContext ctx = new org.beacon.core.NodeContext().dataDir(data);
        try (org.beacon.core.journal.JournalWriter writer = org.beacon.core.journal.JournalWriter.open(ctx.inputJournalDir(),
            org.beacon.core.journal.JournalRecordDescriptor.TYPE_INPUT, 16))
        {
            final org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
            writer.append(1, 1_000, 1, 1, payload, 0, payload.capacity());
        }

        assertThat(DataEra.pin(data)).isEqualTo(DispatchConfig.ERA_1);
        assertThat(DataEra.of(data)).isEqualTo(DispatchConfig.ERA_1);
        assertThat(DataNetwork.stateMachines(data).get().dispatch().config().keepsRecommendationsCurrent()).isFalse();
    }

    @Test
    void anEraThisBuildDoesNotKnowOrADamagedFileIsRefusedWithItsReason() throws IOException
    {
        Files.writeString(DataEra.file(dir), "3\n");
        assertThatThrownBy(() -> DataEra.of(dir)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("journal era 3").hasMessageContaining("newer build");

        Files.writeString(DataEra.file(dir), "two");
        assertThatThrownBy(() -> DataEra.of(dir)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'two'");
    }
}
