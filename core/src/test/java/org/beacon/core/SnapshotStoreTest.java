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

    @Test
    void theCrcCoversTheHeaderAChangedByteAnywhereIsCaughtWithItsReason() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir, 3);
        final UnsafeBuffer state = new UnsafeBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        final Path file = store.write(30, 300, 15, state, 8);
        final byte[] good = Files.readAllBytes(file);
        assertThat(SnapshotStore.inspect(file).problem()).isNull();
        for (int i = 0; i < good.length; i++)
        {
            final byte[] bytes = good.clone();
            bytes[i] ^= 0x01;
            Files.write(file, bytes);
            final SnapshotStore.Checked checked = SnapshotStore.inspect(file);
            assertThat(checked.snapshot()).as("byte " + i + " changed").isNull();
            assertThat(checked.damaged()).as("byte " + i).isTrue();
            assertThat(checked.problem()).as("byte " + i).startsWith("damaged");
        }
        // the sequence (bytes 8..15) used to be outside the CRC: a changed one was accepted
        final byte[] sequenceChanged = good.clone();
        sequenceChanged[8] = 31;
        Files.write(file, sequenceChanged);
        assertThat(SnapshotStore.inspect(file).problem()).contains("CRC32C").contains("header or state changed");
        assertThat(store.latest(100, 100)).isNull();
    }

    @Test
    void aVersionOneFileIsSkippedAsAnOlderFormatNotAsDamage() throws Exception
    {
        final SnapshotStore store = new SnapshotStore(dir, 3);
        final Path file = store.write(30, 300, 15, new UnsafeBuffer(new byte[] {1, 2, 3, 4}), 4);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[4] = 1;
        Files.write(file, bytes);
        final SnapshotStore.Checked checked = SnapshotStore.inspect(file);
        assertThat(checked.snapshot()).isNull();
        assertThat(checked.damaged()).isFalse();
        assertThat(checked.problem()).startsWith("format version 1, whose CRC does not cover the header");
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(SnapshotStore.inspect(file).problem()).contains("shorter than the 40-byte header");
    }
}
