package org.beacon.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.beacon.codecs.AckCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space under the journals, on the sequencer's thread, so that a journal write never
 * runs into a full disk. Chronicle's cycle files are sparse memory maps: a page is allocated when it is
 * first written, and on a full filesystem that write faults (an {@code InternalError} in the middle of a
 * record). Nothing in the mapping reserves space, so the guard keeps it:
 *
 * <ul>
 *   <li>it measures the filesystem (statvfs) at most every {@link Settings#checkIntervalNs} and whenever
 *       {@link #MEASURE_EVERY_BYTES} were admitted since, and between measurements counts what it admitted
 *       (twice over: the output journal and Chronicle's index grow with the input);</li>
 *   <li>below {@link Settings#lowWaterBytes} ({@link #LOW}) it refuses the sheddable inputs (AVL, detector
 *       counts, camera reads: {@link Settings#sheddable}) with {@code REJECTED_LOW_DISK}: the band down to
 *       {@link Settings#reserveBytes} is kept for emergency calls and operator commands;</li>
 *   <li>below the reserve ({@link #CRITICAL}) it refuses every input with {@code REJECTED_DISK_FULL} and
 *       deletes its ballast file ({@code disk-reserve} in the data folder, written in full at start): the
 *       room it frees takes the records already in the ring, the ticks and the node's orderly stop;</li>
 *   <li>below {@link Settings#floorBytes} actually free (the ballast gone too) it fails the node with an
 *       {@code IOException} before a write can fault: the process exits non-zero.</li>
 * </ul>
 * Levels go back up only with a margin (a quarter of the reserve), and the ballast is written again once
 * the level is back to {@link #OK}. Free space is counted as if the ballast were still held.
 */
public final class DiskGuard
{
    /** Enough room. */
    static final int OK = 0;
    /** Under the low-water mark: sheddable inputs refused. */
    static final int LOW = 1;
    /** Under the reserve: every input refused. */
    static final int CRITICAL = 2;
    /** Bytes admitted after which the guard measures again, whatever the interval. */
    static final long MEASURE_EVERY_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    private static final int WRITE_CHUNK = 64 * 1024;

    /**
     * The guard's settings.
     *
     * @param lowWaterBytes   under this, sheddable inputs are refused.
     * @param reserveBytes    under this, every input is refused.
     * @param ballastBytes    size of the ballast file deleted at {@link #CRITICAL} (0: none).
     * @param floorBytes      under this actually free, the node fails before a write can fault.
     * @param checkIntervalNs longest time between two measurements.
     * @param sheddable       input template ids refused first (sorted here).
     */
    public record Settings(long lowWaterBytes, long reserveBytes, long ballastBytes, long floorBytes, long checkIntervalNs, int[] sheddable)
    {
        /** Checks the settings. */
        public Settings
        {
            if (reserveBytes > lowWaterBytes || floorBytes > reserveBytes || ballastBytes < 0 || checkIntervalNs <= 0)
            {
                throw new IllegalArgumentException("disk settings need floor <= reserve <= low-water, a ballast >= 0 and an interval > 0");
            }
            sheddable = sheddable.clone();
            Arrays.sort(sheddable);
        }

        /**
         * @return the defaults: low-water 256 MB, reserve 64 MB, no ballast (the center's command line keeps one of 16 MB;
         *     an embedded node, a test or a benchmark is spared writing it), floor 1 MB, measured every 10 ms, nothing sheddable.
         */
        public static Settings defaults()
        {
            return new Settings(256L << 20, 64L << 20, 0, 1L << 20, 10_000_000L, new int[0]);
        }

        /**
         * @param templateIds the input templates refused under the low-water mark.
         * @return these settings with that list.
         */
        public Settings withSheddable(final int... templateIds)
        {
            return new Settings(lowWaterBytes, reserveBytes, ballastBytes, floorBytes, checkIntervalNs, templateIds);
        }

        /** @return the sheddable templates, sorted (a copy). */
        @Override
        public int[] sheddable()
        {
            return sheddable.clone();
        }

        boolean isSheddable(final int templateId)
        {
            return Arrays.binarySearch(sheddable, templateId) >= 0;
        }
    }

    private final Settings settings;
    private final FileStore[] stores;
    private final Path ballast;
    private final NodeCounters counters;
    private boolean measured;
    private long measuredAtNs;
    private long measuredFree;
    private long admittedSinceMeasure;
    private boolean ballastHeld;
    private int level = OK;
    private boolean levelChanged;

    DiskGuard(final Settings settings, final Path ballast, final NodeCounters counters, final Path... dirs)
    {
        this.settings = settings;
        this.ballast = ballast;
        this.counters = counters;
        try
        {
            stores = new FileStore[dirs.length];
            for (int i = 0; i < dirs.length; i++)
            {
                Files.createDirectories(dirs[i]);
                stores[i] = Files.getFileStore(dirs[i]);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        ballastHeld = Files.isRegularFile(ballast) && size(ballast) >= settings.ballastBytes();
        if (!ballastHeld)
        {
            writeBallast();
        }
    }

    /**
     * Measures when due and decides on one input.
     *
     * @param nowNs      the sequencer's clock.
     * @param templateId the input's template.
     * @param bytes      its length.
     * @return {@code JOURNALED} to admit it, else the refusal's code.
     */
    int admit(final long nowNs, final int templateId, final int bytes)
    {
        poll(nowNs);
        if (level == CRITICAL)
        {
            counters.rejectedDiskFull.incrementAndGet();
            return AckCode.REJECTED_DISK_FULL.value();
        }
        if (level == LOW && settings.isSheddable(templateId))
        {
            counters.rejectedLowDisk.incrementAndGet();
            return AckCode.REJECTED_LOW_DISK.value();
        }
        admittedSinceMeasure += bytes;
        return AckCode.JOURNALED.value();
    }

    /**
     * Counts bytes the sequencer journals on its own (ticks, notices) and measures when due.
     *
     * @param nowNs the sequencer's clock.
     * @param bytes bytes about to be journaled.
     */
    void wrote(final long nowNs, final int bytes)
    {
        admittedSinceMeasure += bytes;
        poll(nowNs);
    }

    /**
     * Measures the filesystem when due and moves the level.
     *
     * @param nowNs the sequencer's clock.
     * @throws UncheckedIOException when the disk is so full that the next write could fault.
     */
    void poll(final long nowNs)
    {
        if (measured && nowNs - measuredAtNs < settings.checkIntervalNs() && admittedSinceMeasure < MEASURE_EVERY_BYTES)
        {
            return;
        }
        final long actual = usable();
        measured = true;
        measuredAtNs = nowNs;
        admittedSinceMeasure = 0;
        if (actual < settings.floorBytes())
        {
            throw new UncheckedIOException(new IOException("disk full: " + actual + " bytes free under the journals, under the floor of " +
                settings.floorBytes() + "; the node stops before a write can fault"));
        }
        measuredFree = ballastHeld ? actual : actual - settings.ballastBytes();
        counters.freeBytes.lazySet(measuredFree);
        final int next = levelFor(measuredFree);
        if (next != level)
        {
            LOG.warn("disk level {} -> {}: {} bytes free (low-water {}, reserve {})", name(level), name(next), measuredFree,
                settings.lowWaterBytes(), settings.reserveBytes());
            level = next;
            levelChanged = true;
            counters.storageLevel.lazySet(level);
        }
        if (level == CRITICAL && ballastHeld)
        {
            deleteBallast();
        }
        else if (level == OK && !ballastHeld)
        {
            writeBallast();
        }
    }

    private int levelFor(final long free)
    {
        final long margin = settings.reserveBytes() / 4;
        if (free < settings.reserveBytes() || (level == CRITICAL && free < settings.reserveBytes() + margin))
        {
            return CRITICAL;
        }
        if (free < settings.lowWaterBytes() || (level != OK && free < settings.lowWaterBytes() + margin))
        {
            return LOW;
        }
        return OK;
    }

    /** @return true once after each level change (the sequencer journals a {@code StorageAlarm}). */
    boolean takeLevelChange()
    {
        final boolean changed = levelChanged;
        levelChanged = false;
        return changed;
    }

    /** @return the current level. */
    int level()
    {
        return level;
    }

    /** @return the free bytes last measured, the ballast counted as held. */
    long measuredFree()
    {
        return measuredFree - 2 * admittedSinceMeasure;
    }

    /** @return the settings. */
    Settings settings()
    {
        return settings;
    }

    static String name(final int level)
    {
        return switch (level)
        {
            case OK -> "OK";
            case LOW -> "LOW";
            default -> "CRITICAL";
        };
    }

    private long usable()
    {
        long min = Long.MAX_VALUE;
        try
        {
            for (final FileStore store : stores)
            {
                min = Math.min(min, store.getUsableSpace());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return min;
    }

    private void deleteBallast()
    {
        try
        {
            Files.deleteIfExists(ballast);
            ballastHeld = false;
            LOG.warn("disk under the reserve: deleted the ballast {} ({} bytes) to make room for the records in flight", ballast,
                settings.ballastBytes());
        }
        catch (final IOException ex)
        {
            LOG.error("cannot delete the ballast {}: {}", ballast, ex.toString());
        }
    }

    private void writeBallast()
    {
        if (settings.ballastBytes() == 0)
        {
            ballastHeld = true;
            return;
        }
        if (usable() < settings.lowWaterBytes() + settings.ballastBytes())
        {
            return;
        }
        try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            // real zeros, not a hole: a sparse file would reserve nothing
            final ByteBuffer zeros = ByteBuffer.allocate(WRITE_CHUNK);
            for (long at = 0; at < settings.ballastBytes(); at += WRITE_CHUNK)
            {
                zeros.clear().limit((int)Math.min(WRITE_CHUNK, settings.ballastBytes() - at));
                while (zeros.hasRemaining())
                {
                    channel.write(zeros);
                }
            }
            channel.force(true);
            ballastHeld = true;
            LOG.info("disk ballast {} written ({} bytes)", ballast, settings.ballastBytes());
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot write the disk ballast {}: {}", ballast, ex.toString());
            try
            {
                Files.deleteIfExists(ballast);
            }
            catch (final IOException ignored)
            {
                // nothing more to free
            }
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
