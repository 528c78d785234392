package org.beacon.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.snapshot.SnapshotStore;

/**
 * Takes snapshot bytes from the pipeline thread and writes them (with an fsync) on a thread of its
 * own, so the pipeline pauses only for the state machine's serialisation, not for the disk. Writes
 * happen in submission order; closing waits for the pending ones.
 */
final class SnapshotWriter implements AutoCloseable
{
    private final SnapshotStore store;
    private final Consumer<Throwable> errorHandler;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "beacon-snapshot-writer");
        thread.setDaemon(true);
        return thread;
    });

    SnapshotWriter(final SnapshotStore store, final Consumer<Throwable> errorHandler)
    {
        this.store = store;
        this.errorHandler = errorHandler;
    }

    void submit(final long sequence, final long timestampNs, final long outputSequence, final DirectBuffer state, final int length)
    {
        final byte[] copy = new byte[length];
        state.getBytes(0, copy);
        executor.execute(() ->
        {
            try
            {
                store.write(sequence, timestampNs, outputSequence, new UnsafeBuffer(copy), length);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.accept(ex);
            }
        });
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS))
            {
                errorHandler.accept(new IllegalStateException("snapshot writer did not finish within 30 s"));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
