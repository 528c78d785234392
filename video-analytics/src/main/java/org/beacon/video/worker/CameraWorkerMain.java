package org.beacon.video.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.beacon.core.client.CoreAddress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./beacon cameras --config FILE}: a camera worker, a process of its own that handles several cameras and
 * publishes their detections to a running node over Aeron (the node's Aeron folder on this machine, or UDP channels
 * in a split deployment). Prints one status line per camera every few seconds (frames decoded, analysed, dropped
 * because analysis was behind, plates read, crowd alarms) and a last one when it stops.
 */
@Command(name = "cameras", mixinStandardHelpOptions = true,
    description = "Run a camera worker: decode the cameras of a registry, read plates, watch crowds, publish to the node.")
public final class CameraWorkerMain implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "camera registry (JSON)")
    Path config;

    @Option(names = "--data", description = "the node's data folder: its Aeron folder and DATA/crops (default: ${DEFAULT-VALUE})")
    Path data = Path.of("data");

    @Option(names = "--aeron-dir", description = "the node's Aeron folder (default: the node's default for --data)")
    String aeronDir;

    @Option(names = "--ingress-channel", description = "Aeron channel to the node (default: ${DEFAULT-VALUE})")
    String ingressChannel = "aeron:ipc";

    @Option(names = "--egress-channel", description = "Aeron channel from the node (default: ${DEFAULT-VALUE})")
    String egressChannel = "aeron:ipc";

    @Option(names = "--crops", description = "where crops are written (default: DATA/crops)")
    Path crops;

    @Option(names = "--speed", description = "video files play at this multiple of real time; 0 as fast as the analysers go, "
        + "on the file's own clock, dropping no frame (results then do not depend on the machine's speed) "
        + "(default: ${DEFAULT-VALUE})")
    double speed = 1.0;

    @Option(names = "--seconds", description = "stop after this long (default: when every non-looping source has ended)")
    long seconds = -1;

    @Option(names = "--status-seconds", description = "status line interval (default: ${DEFAULT-VALUE})")
    long statusSeconds = 5;

    @Override
    public Integer call() throws Exception
    {
        final List<CameraConfig.Camera> cameras;
        try
        {
            cameras = CameraConfig.load(config);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("cameras: " + ex.getMessage());
            return 2;
        }
        final CoreAddress address = CoreAddress.of(aeronDir, data, ingressChannel, egressChannel);
        final Path cropDir = null != crops ? crops : data.resolve("crops");
        try (CameraWorker worker = CameraWorker.launch(address, cameras, cropDir, speed))
        {
            final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!worker.connected() && System.nanoTime() < connectDeadline)
            {
                Thread.sleep(20);
            }
            if (!worker.connected())
            {
                System.err.println("cameras: no node at " + address.aeronDir() + " (start ./beacon node or demo first); " +
                    "detections will wait for it");
            }
            for (final CameraConfig.Camera camera : cameras)
            {
                System.out.println("camera " + camera.id() + " (" + camera.name() + "): " + camera.source() + ", " +
                    camera.analysisFps() + " analysed frames/s, plates " + camera.plates() + ", crowd zones " + camera.zones().size());
            }
            final long deadline = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(statusSeconds);
            while (System.nanoTime() < deadline && !worker.finished())
            {
                Thread.sleep(50);
                if (System.nanoTime() >= nextStatus)
                {
                    nextStatus += TimeUnit.SECONDS.toNanos(statusSeconds);
                    worker.status().forEach(System.out::println);
                }
            }
            worker.stop(5000);
            worker.status().forEach(System.out::println);
            System.out.println("cameras: " + worker.publisherStatus());
            return worker.failed() ? 1 : 0;
        }
    }

    /**
     * Entry point.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(new CommandLine(new CameraWorkerMain()).execute(args));
    }
}
