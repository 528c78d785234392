package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    @Test
    void picksTheNewestIntactSnapshotThatTheJournalsCanContinueFrom() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir, 3);
        final UnsafeBuffer state = new UnsafeBuffer(new byte[] {1, 2, 3, 4});
        store.write(10, 100, 4, state, 4);
        store.write(20, 200, 9, state, 4);
        final Path newest = store.write(30, 300, 15, state, 4);

        assertThat(store.latest(100, 100).sequence()).isEqualTo(30);
        // the output journal only reached 12: the snapshot at 30 (15 outputs) cannot be continued from
        assertThat(store.latest(100, 12).sequence()).isEqualTo(20);
        assertThat(store.latest(25, 100).sequence()).isEqualTo(20);

        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x7F;
        Files.write(newest, bytes);
        assertThat(store.latest(100, 100).sequence()).as("a damaged snapshot is skipped").isEqualTo(20);

        store.write(40, 400, 20, state, 4);
        assertThat(store.list()).hasSize(3);
        assertThat(store.latest(5, 100)).isNull();
    }
}
