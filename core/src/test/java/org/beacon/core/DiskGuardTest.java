package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.AckCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk guard on a real 8 MB tmpfs this test mounts (root only; skipped with a message otherwise): the
 * levels follow the free space, sheddable inputs go first, the ballast is given up under the reserve and
 * written again when the room is back, and under the floor the guard fails instead of letting a write fault.
 */
class DiskGuardTest
{
    private static final long MB = 1L << 20;
    private static final int AVL = 2;
    private static final int CALL = 1;

    @TempDir
    Path dir;

    private Path mount;
    private long now;

    @BeforeEach
    void mountTmpfs() throws Exception
    {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "DiskGuardTest mounts a tmpfs and needs root; skipped as " + System.getProperty("user.name"));
        mount = dir.resolve("disk");
        Files.createDirectories(mount);
        final int code = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()).inheritIO().start()
            .waitFor();
        Assumptions.assumeTrue(code == 0, "mount -t tmpfs failed (exit " + code + "): skipped");
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (null != mount)
        {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int admit(final DiskGuard guard, final int templateId)
    {
        now += TimeUnit.MILLISECONDS.toNanos(20);
        return guard.admit(now, templateId, 100);
    }

    @Test
    void levelsFollowTheFreeSpaceAndTheBallastIsGivenUpAndTakenBack() throws Exception
    {
        final NodeCounters counters = new NodeCounters();
        final Path ballast = mount.resolve("disk-reserve");
        final DiskGuard guard = new DiskGuard(new DiskGuard.Settings(4 * MB, 2 * MB, MB, MB / 4, 1, new int[] {AVL}), ballast, counters,
            mount.resolve("journal"));
        assertThat(Files.size(ballast)).isEqualTo(MB);
        assertThat(admit(guard, AVL)).isEqualTo(AckCode.JOURNALED.value());
        final FileStore store = Files.getFileStore(mount);
        final Path filler = mount.resolve("filler");

        fill(filler, store, 3 * MB);
        assertThat(admit(guard, AVL)).isEqualTo(AckCode.REJECTED_LOW_DISK.value());
        assertThat(admit(guard, CALL)).isEqualTo(AckCode.JOURNALED.value());
        assertThat(guard.takeLevelChange()).isTrue();
        assertThat(guard.level()).isEqualTo(DiskGuard.LOW);

        fill(filler, store, MB + MB / 2);
        assertThat(admit(guard, CALL)).isEqualTo(AckCode.REJECTED_DISK_FULL.value());
        assertThat(guard.level()).isEqualTo(DiskGuard.CRITICAL);
        assertThat(Files.exists(ballast)).as("ballast given up under the reserve").isFalse();
        assertThat(admit(guard, CALL)).as("still critical with the ballast's room counted as held")
            .isEqualTo(AckCode.REJECTED_DISK_FULL.value());
        assertThat(counters.rejectedLowDisk()).isEqualTo(1);
        assertThat(counters.rejectedDiskFull()).isEqualTo(2);

        Files.delete(filler);
        assertThat(admit(guard, AVL)).isEqualTo(AckCode.JOURNALED.value());
        assertThat(guard.level()).isEqualTo(DiskGuard.OK);
        assertThat(Files.size(ballast)).as("ballast written again").isEqualTo(MB);
        assertThat(counters.storageLevel()).isZero();
    }

    @Test
    void underTheFloorTheGuardFailsBeforeAWriteCanFault() throws Exception
    {
        final DiskGuard guard = new DiskGuard(new DiskGuard.Settings(4 * MB, 2 * MB, 0, MB, 1, new int[0]),
            mount.resolve("disk-reserve"), new NodeCounters(), mount.resolve("journal"));
        fill(mount.resolve("filler"), Files.getFileStore(mount), MB / 2);
        assertThatThrownBy(() -> admit(guard, CALL)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
    }

    private static void fill(final Path filler, final FileStore store, final long free) throws IOException
    {
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND))
        {
            final ByteBuffer chunk = ByteBuffer.allocate(4096);
            while (store.getUsableSpace() > free)
            {
                chunk.clear();
                channel.write(chunk);
            }
        }
    }
}
