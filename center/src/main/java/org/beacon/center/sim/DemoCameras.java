package org.beacon.center.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistEntryEncoder;
import org.beacon.codecs.WatchlistReason;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewaySession;
import org.beacon.core.NodeContext;
import org.beacon.core.client.Sources;
import org.beacon.video.crowd.CrowdRules;
import org.beacon.video.plates.PlateSetGenerator;
import org.beacon.video.worker.CameraConfig;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

/**
 * The demo's cameras: a gate camera whose video the demo writes itself (cars with generated Vietnamese plates
 * driving slowly through the frame, on a loop) and, when Debian's opencv-doc is installed, a square camera on its
 * sample vtest.avi with one crowd zone. The demo's dispatcher puts some of the gate's plates on the watchlist.
 */
public final class DemoCameras
{
    /** The source id of the demo dispatcher's watchlist entries. */
    public static final int WATCHLIST_SOURCE_ID = Sources.WATCHLIST;
    /** Frames each car stays in the gate video. */
    private static final int FRAMES_PER_CAR = 30;
    private static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    /**
     * The registry and the plates the gate shows.
     *
     * @param cameras the registry.
     * @param plates  the plates in the gate video, in order.
     */
    public record Setup(List<CameraConfig.Camera> cameras, List<String> plates)
    {
    }

    private DemoCameras()
    {
    }

    /**
     * Writes the gate video into {@code DATA/cameras} (once) and returns the demo's registry.
     *
     * @param dataDir the data folder.
     * @param seed    the demo's seed.
     * @param cars    cars in the gate video.
     * @param lat     where the gate camera is.
     * @param lon     where the gate camera is.
     * @return the cameras and the plates.
     */
    public static Setup prepare(final Path dataDir, final long seed, final int cars, final double lat, final double lon) throws IOException
    {
        final Path dir = dataDir.resolve("cameras");
        Files.createDirectories(dir);
        final Path video = dir.resolve("gate-" + seed + ".avi");
        final PlateSetGenerator generator = new PlateSetGenerator(seed);
        final List<String> plates = new ArrayList<>();
        final List<PlateSetGenerator.Sample> samples = new ArrayList<>();
        for (int i = 0; i < cars; i++)
        {
            final PlateSetGenerator.Sample sample = generator.next(false);
            samples.add(sample);
            plates.add(sample.plate());
        }
        if (!Files.isRegularFile(video))
        {
            write(video, samples);
        }
        final List<CameraConfig.Camera> cameras = new ArrayList<>();
        final String tessdata = null != System.getenv("BEACON_TESSDATA") ? System.getenv("BEACON_TESSDATA") :
            org.beacon.video.plates.PlatePipeline.DEFAULT_TESSDATA;
        if (!Files.isReadable(Path.of(tessdata, "eng.traineddata")))
        {
            System.out.println("cameras: no Tesseract English data in " + tessdata + " (Debian: apt-get install tesseract-ocr-eng): " +
                "the gate camera is left out");
            return new Setup(vtestCamera(lat, lon), List.of());
        }
        cameras.add(new CameraConfig.Camera(1, "Cổng chợ Bến Thành", lat, lon, 90, video.toString(), true, 5, true, false, List.of(),
            CrowdRules.Settings.DEFAULT));
        cameras.addAll(vtestCamera(lat, lon));
        return new Setup(List.copyOf(cameras), List.copyOf(plates));
    }

    private static List<CameraConfig.Camera> vtestCamera(final double lat, final double lon)
    {
        if (!Files.isReadable(VTEST))
        {
            return List.of();
        }
        final CameraConfig.ZoneConfig zone = new CameraConfig.ZoneConfig(1, "square", new int[] {0, 768, 768, 0},
            new int[] {0, 0, 576, 576}, lat + 0.0015, lon + 0.0045, 60);
        return List.of(new CameraConfig.Camera(2, "Phố đi bộ Nguyễn Huệ", lat + 0.0014, lon + 0.0044, 180, VTEST.toString(), true, 5,
            false, true, List.of(zone), new CrowdRules.Settings(7, 0.5, 2_000_000_000L, 5, 10_000_000_000L, 120_000_000_000L)));
    }

    /**
     * The demo's dispatcher puts plates on the watchlist (as stolen), and waits until they are journaled.
     *
     * @param ctx    the node.
     * @param plates the plates.
     */
    public static void watch(final NodeContext ctx, final List<String> plates)
    {
        if (plates.isEmpty())
        {
            return;
        }
        final long[] acked = {0};
        // the entries' Acks are counted by correlation id: the session's own range
        try (GatewaySession<Void> session = GatewaySession.<Void>builder(WATCHLIST_SOURCE_ID)
            .client(CoreClient.connect(ctx.coreAddress(), WATCHLIST_SOURCE_ID))
            .fragmentLimit(100)
            .listener(new GatewaySession.Listener<>()
            {
                @Override
                public void onUntrackedAck(final long correlationId, final boolean journaled, final long sequence)
                {
                    acked[0]++;
                }
            })
            .build())
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!session.isConnected() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            for (final String plate : plates)
            {
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + new WatchlistEntryEncoder()
                    .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).action(WatchlistAction.ADD)
                    .reason(WatchlistReason.STOLEN).incidentId(0).operatorId(DemoRunner.DEMO_DISPATCHER_ID).plate(plate)
                    .note("demo: reported stolen").encodedLength();
                if (session.offer(buffer, 0, length) < 0)
                {
                    throw new IllegalStateException("the node refused the watchlist entry for " + plate);
                }
            }
            while (acked[0] < plates.size() && System.nanoTime() < deadline)
            {
                session.poll();
            }
        }
    }

    private static void write(final Path video, final List<PlateSetGenerator.Sample> samples) throws FrameRecorder.Exception
    {
        final Mat first = samples.get(0).image();
        final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        final Path partial = video.resolveSibling(video.getFileName() + ".partial.avi");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), first.cols(), first.rows()))
        {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setVideoQuality(3);
            recorder.setFrameRate(10);
            recorder.start();
            for (final PlateSetGenerator.Sample sample : samples)
            {
                final Mat base = sample.image();
                for (int i = 0; i < FRAMES_PER_CAR; i++)
                {
                    // the car drifts a little through the frame, as at a gate
                    final Mat shifted = new Mat();
                    final Mat m = getRotationMatrix2D(new Point2f(base.cols() / 2f, base.rows() / 2f), 0, 1);
                    m.ptr(0, 2).putDouble(m.ptr(0, 2).getDouble() + (i - FRAMES_PER_CAR / 2) * 2.0);
                    warpAffine(base, shifted, m, new Size(base.cols(), base.rows()), 1, BORDER_REPLICATE, new Scalar());
                    recorder.record(converter.convert(shifted));
                    shifted.release();
                }
            }
            recorder.stop();
        }
        try
        {
            Files.move(partial, video);
        }
        catch (final IOException ex)
        {
            throw new FrameRecorder.Exception("cannot move " + partial + " to " + video + ": " + ex.getMessage());
        }
    }
}
