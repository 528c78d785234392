package org.beacon.center;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.CameraRegisteredDecoder;
import org.beacon.codecs.CrowdAlarmDecoder;
import org.beacon.codecs.PlateReadDecoder;
import org.beacon.codecs.RoadCongestionDecoder;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.DiskGuard;

/**
 * Turns a node's failure into the process's exit: a failed node journals and acknowledges nothing more, so
 * the process must not stay up with its ports closed (a supervisor restarts it; the next start checks the
 * journals). A daemon thread watches the node; on a failure it exits with {@link #EXIT_IO} (an I/O error:
 * a full disk, a faulting mapped write) or {@link #EXIT_FAILED}, and halts the JVM outright when the
 * shutdown hooks have not finished within {@link #HALT_AFTER_MS}. Also the center's free-space settings.
 */
final class NodeWatchdog
{
    /** Exit code of a node failed on an I/O error (sysexits' EX_IOERR). */
    static final int EXIT_IO = 74;
    /** Exit code of any other node failure. */
    static final int EXIT_FAILED = 1;
    /** Exit code when even exiting hung, or an error escaped the command. */
    static final int EXIT_HALTED = 70;
    /** How long the shutdown hooks may take after a failure before the JVM is halted. */
    static final long HALT_AFTER_MS = 5_000;

    /** Inputs refused first when the disk runs low: AVL, detector counts, camera reads and detections, congestion. */
    static final int[] SHEDDABLE = {UnitPositionDecoder.TEMPLATE_ID, SignalStatusDecoder.TEMPLATE_ID, PlateReadDecoder.TEMPLATE_ID,
        CrowdAlarmDecoder.TEMPLATE_ID, CameraRegisteredDecoder.TEMPLATE_ID, RoadCongestionDecoder.TEMPLATE_ID};

    private NodeWatchdog()
    {
    }

    /**
     * @param failure a node's failure.
     * @return the exit code for it.
     */
    static int exitCode(final Throwable failure)
    {
        return BeaconNode.isIoFailure(failure) ? EXIT_IO : EXIT_FAILED;
    }

    /**
     * Watches a node from a daemon thread.
     *
     * @param node the running node.
     */
    static void watch(final BeaconNode node)
    {
        final Thread thread = new Thread(() ->
        {
            while (null == node.failure())
            {
                try
                {
                    Thread.sleep(100);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
            final int code = exitCode(node.failure());
            System.err.println("node failed, exiting with " + code + ": " + node.failure());
            exit(code);
        }, "beacon-node-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Exits the JVM, halting it when the shutdown hooks do not finish in time.
     *
     * @param code the exit code.
     */
    static void exit(final int code)
    {
        final Thread halter = new Thread(() ->
        {
            try
            {
                Thread.sleep(HALT_AFTER_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            System.err.println("exit did not finish in " + HALT_AFTER_MS + " ms: halting with " + code);
            Runtime.getRuntime().halt(code);
        }, "beacon-halter");
        halter.setDaemon(true);
        halter.start();
        System.exit(code);
    }

    /**
     * The center's free-space settings from the command line.
     *
     * @param lowWater under this, sheddable inputs are refused (a size: 256m, 512k, 2g or bytes).
     * @param reserve  under this, every input is refused.
     * @param ballast  the ballast file deleted under the reserve.
     * @param floor    under this actually free, the node stops.
     * @return the settings.
     */
    static DiskGuard.Settings disk(final String lowWater, final String reserve, final String ballast, final String floor)
    {
        return new DiskGuard.Settings(size(lowWater), size(reserve), size(ballast), size(floor), TimeUnit.MILLISECONDS.toNanos(10),
            SHEDDABLE);
    }

    /**
     * @param text a size: digits with an optional k, m or g.
     * @return bytes.
     */
    static long size(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        final long scale = switch (unit)
        {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(scale == 1 ? t : t.substring(0, t.length() - 1)) * scale;
    }
}
