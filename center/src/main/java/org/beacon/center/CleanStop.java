package org.beacon.center;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A command's clean stop on SIGTERM or Ctrl-C: the signal only asks the command's own thread to stop, and that thread
 * closes the gateways, the node and its journals and returns its exit code (0), as if the run had ended.
 *
 * <p>Why not a shutdown hook alone: a JVM shutting down on a signal exits with 128 + the signal's number (143 for
 * SIGTERM) whatever the hooks do, and the hook used to interrupt the main thread so that it stopped, which then closed
 * Chronicle Queue and Agrona on an interrupted thread ("failed to close due to thread interrupt", a dozen times). The
 * signals are therefore handled ({@code sun.misc.Signal}, the JDK's supported-but-unexported API for this, as Hadoop and
 * Elasticsearch use it; written out in full because the checkstyle import ban on {@code sun.*} is right everywhere
 * else). A shutdown hook remains for every other way the JVM may be asked to exit (SIGHUP, or a JVM started with
 * {@code -Xrs}): it asks for the same stop and waits, bounded, until the command has closed its journals.
 */
final class CleanStop
{
    private static final long HOOK_WAIT_S = 10;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private CleanStop()
    {
    }

    /**
     * Handles SIGTERM and SIGINT and registers the fallback shutdown hook.
     *
     * @return the stop to poll.
     */
    static CleanStop install()
    {
        final CleanStop stop = new CleanStop();
        for (final String name : new String[] {"TERM", "INT"})
        {
            try
            {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.request());
            }
            catch (final IllegalArgumentException unavailable)
            {
                // the signal is reserved (-Xrs) or unknown here: the shutdown hook covers it
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.request();
            try
            {
                stop.finished.await(HOOK_WAIT_S, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "beacon-shutdown"));
        return stop;
    }

    /** Asks the command to stop. */
    void request()
    {
        requested.countDown();
    }

    /** @return whether a stop was asked for. */
    boolean requested()
    {
        return requested.getCount() == 0;
    }

    /**
     * Waits for a stop request.
     *
     * @return whether one came within the time.
     */
    boolean await(final long time, final TimeUnit unit) throws InterruptedException
    {
        return requested.await(time, unit);
    }

    /** Tells a waiting shutdown hook that the command has closed everything. */
    void finished()
    {
        finished.countDown();
    }
}
