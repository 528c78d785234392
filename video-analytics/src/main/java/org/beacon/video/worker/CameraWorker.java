package org.beacon.video.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.CloseHelper;
import org.beacon.core.client.CoreAddress;

/**
 * The cameras of a registry running against a node: one {@link CameraRunner} each and one publisher for all.
 * {@code ./beacon cameras} runs it as a process of its own; the demo runs one inside its process.
 */
public final class CameraWorker implements AutoCloseable
{
    private final DetectionPublisher publisher;
    private final List<CameraRunner> runners = new ArrayList<>();

    private CameraWorker(final CoreAddress address, final List<CameraConfig.Camera> cameras, final Path cropDir, final double speed)
    {
        // FFmpeg's own chatter (stream banners) would bury the worker's status lines; errors still print
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        this.publisher = new DetectionPublisher(address);
        for (final CameraConfig.Camera camera : cameras)
        {
            runners.add(new CameraRunner(camera, publisher, cropDir, speed));
        }
    }

    /**
     * Starts the cameras.
     *
     * @param address the node's channels and Aeron folder.
     * @param cameras the registry.
     * @param cropDir where crops are written.
     * @param speed   play files at this multiple of real time (0: as fast as they decode).
     * @return the running worker.
     */
    public static CameraWorker launch(final CoreAddress address, final List<CameraConfig.Camera> cameras, final Path cropDir,
        final double speed)
    {
        final CameraWorker worker = new CameraWorker(address, cameras, cropDir, speed);
        worker.runners.forEach(CameraRunner::start);
        return worker;
    }

    /** @return whether the node is connected. */
    public boolean connected()
    {
        return publisher.connected();
    }

    /** @return whether every camera has ended (sources without loop that were read to their end). */
    public boolean finished()
    {
        return runners.stream().allMatch(CameraRunner::finished);
    }

    /** @return one status line per camera. */
    public List<String> status()
    {
        return runners.stream().map(CameraRunner::status).toList();
    }

    /** @return the publisher's line: events offered, journaled, rejected, refused. */
    public String publisherStatus()
    {
        return "events offered=" + publisher.offered() + " journaled=" + publisher.journaled() + " rejected=" + publisher.rejected() +
            " refused(queue full)=" + publisher.refused();
    }

    /** @return plate reads published by every camera. */
    public long plates()
    {
        return runners.stream().mapToLong(CameraRunner::plates).sum();
    }

    /** @return whether a camera failed or the core refused an event. */
    public boolean failed()
    {
        return publisher.rejected() > 0 || runners.stream().anyMatch(r -> null != r.failure());
    }

    /**
     * Stops the cameras and waits (up to a time) for the core to acknowledge what was offered.
     *
     * @param drainMs longest wait for acknowledgements.
     */
    public void stop(final long drainMs) throws InterruptedException
    {
        runners.forEach(CloseHelper::quietClose);
        final long deadline = System.currentTimeMillis() + drainMs;
        while (publisher.journaled() + publisher.rejected() < publisher.offered() && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
    }

    @Override
    public void close()
    {
        runners.forEach(CloseHelper::quietClose);
        publisher.close();
    }
}
