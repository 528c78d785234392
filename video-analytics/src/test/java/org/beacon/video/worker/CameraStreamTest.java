package org.beacon.video.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.PlateReadDecoder;
import org.beacon.core.IngressFrameDescriptor;
import org.beacon.core.NodeContext;
import org.beacon.video.crowd.CrowdRules;
import org.beacon.video.plates.PlatePipeline;
import org.beacon.video.plates.PlateSetGenerator;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose source is a network stream: the gate video (generated plates, as the demo writes it) as MPEG-TS,
 * served over real HTTP by the JDK's server as a live stream would be (chunked, no length, no ranges, written in
 * pieces at about the video's own rate), read by the real {@link CameraRunner} and its {@link DetectionPublisher},
 * whose events this test takes off the ingress stream in the core's place.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraStreamTest
{
    private static final int CARS = 4;
    private static final int FRAMES_PER_CAR = 15;
    private static final int FPS = 10;
    /**
     * The empty road before the first car: FFmpeg's probe of a stream with no header (MPEG-TS) holds back its first
     * two seconds or so, which then reach the camera at once, and the analyser takes only the newest of them.
     */
    private static final int LEAD_IN_FRAMES = 3 * FPS;
    private static final int FRAMES = LEAD_IN_FRAMES + CARS * FRAMES_PER_CAR;
    /** The stream is written in pieces of this size, each followed by a pause, so that the whole takes DELIVERY_MS. */
    private static final int PIECE = 16 * 1024;
    /** The video's own length: the servers send it at about its frame rate. */
    private static final long DELIVERY_MS = (long)FRAMES * 1000 / FPS;

    @TempDir
    static Path dir;

    private static final List<String> PLATES = new ArrayList<>();
    private static byte[] video;
    private static MediaDriver driver;
    private static Aeron aeron;
    private static NodeContext ctx;

    @BeforeAll
    static void setUp() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        // as the worker does: FFmpeg's stream banners off, its errors still printed
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        assertThat(Path.of(tessdata(), "eng.traineddata")).as("Tesseract English data (Debian: tesseract-ocr-eng)").isReadable();
        final Path file = dir.resolve("gate.ts");
        writeGateVideo(file);
        video = Files.readAllBytes(file);
        driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        ctx = new NodeContext().aeronDir(driver.aeronDirectoryName());
    }

    @AfterAll
    static void tearDown()
    {
        if (null != aeron)
        {
            aeron.close();
        }
        if (null != driver)
        {
            driver.close();
        }
    }

    @Test
    void readsEveryPlateOfALiveHttpStream() throws Exception
    {
        final HttpServer server = serve(video.length, Ending.CLEAN);
        try
        {
            final String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gate.ts";
            final Run run = run(url, 60);
            assertThat(run.decoded).as(run.status).isEqualTo(FRAMES);
            // a live camera's stream has no end: the end of this one is reported, with the source
            assertThat(run.failure).as(run.status).isEqualTo("camera 7: the stream " + url + " ended after " + FRAMES +
                " frames (its connection closed or dropped)");
            // clean plates, each in view for 1.5 s at 10 frames/s: every one is read, and nothing else
            assertThat(run.plates).as(run.status).containsExactlyInAnyOrderElementsOf(PLATES);
        }
        finally
        {
            server.stop(0);
        }
    }

    @Test
    void reportsAStreamThatBreaksOffHalfWayAndKeepsWhatItRead() throws Exception
    {
        final HttpServer server = serve(video.length / 2, Ending.DROP);
        try
        {
            final String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gate.ts";
            final long start = System.nanoTime();
            final Run run = run(url, 30);
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(run.failure).as(run.status).startsWith("camera 7: the stream " + url + " ended after " + run.decoded + " frames");
            assertThat(tookMs).as("the camera ended soon after the drop").isLessThan(DELIVERY_MS + 10_000);
            assertThat(run.decoded).as(run.status).isGreaterThan(LEAD_IN_FRAMES + FRAMES_PER_CAR).isLessThan(FRAMES);
            // the first car was wholly sent before the drop, the last one not at all: what was read is kept and published
            assertThat(run.plates).as(run.status).contains(PLATES.get(0)).doesNotContain(PLATES.get(CARS - 1));
            assertThat(PLATES).as(run.status).containsAll(run.plates);
        }
        finally
        {
            server.stop(0);
        }
    }

    @Test
    void givesUpOnAStreamThatFallsSilentAfterTheNetworkTimeout() throws Exception
    {
        final HttpServer server = serve(video.length / 2, Ending.STALL);
        try
        {
            final String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gate.ts";
            final long start = System.nanoTime();
            final Run run = run(url, 40);
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // the connection stays open and sends nothing: FFmpeg's own default would wait forever
            assertThat(run.failure).as(run.status).startsWith("camera 7: the stream " + url + " ended after " + run.decoded + " frames: ");
            assertThat(tookMs).as("the camera gave up after the network timeout")
                .isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toMillis(CameraRunner.NETWORK_TIMEOUT_US))
                .isLessThan(DELIVERY_MS + TimeUnit.MICROSECONDS.toMillis(CameraRunner.NETWORK_TIMEOUT_US) + 10_000);
            assertThat(run.plates).as(run.status).contains(PLATES.get(0)).doesNotContain(PLATES.get(CARS - 1));
        }
        finally
        {
            server.stop(0);
        }
    }

    /** How a test server's stream ends. */
    private enum Ending
    {
        /** The chunked body is ended properly. */
        CLEAN,
        /** The connection is closed between two chunks, the body left unterminated. */
        DROP,
        /** The connection is kept open and nothing more is sent. */
        STALL
    }

    /** What one camera run published and counted. */
    private record Run(List<String> plates, long decoded, String failure, String status)
    {
    }

    private static Run run(final String url, final int maxSeconds) throws Exception
    {
        final CameraConfig.Camera camera = new CameraConfig.Camera(7, "stream gate", 10.7725, 106.698, 90, url, false, 30, true, false,
            List.of(), CrowdRules.Settings.DEFAULT);
        final List<String> plates = new CopyOnWriteArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PlateReadDecoder plateRead = new PlateReadDecoder();
        try (Subscription ingress = aeron.addSubscription(ctx.ingressChannel(), ctx.ingressStreamId());
            DetectionPublisher publisher = new DetectionPublisher(ctx.coreAddress());
            CameraRunner runner = new CameraRunner(camera, publisher, dir.resolve("crops"), 1.0))
        {
            runner.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            while (System.nanoTime() < deadline && !(runner.finished() && publisher.offered() >= runner.plates() + 1))
            {
                poll(ingress, header, plateRead, plates);
                Thread.sleep(10);
            }
            assertThat(runner.finished()).as("the camera ended within " + maxSeconds + " s: " + runner.status()).isTrue();
            while (plates.size() < runner.plates() && System.nanoTime() < deadline)
            {
                poll(ingress, header, plateRead, plates);
            }
            System.out.println(runner.status() + " plates=" + plates);
            return new Run(List.copyOf(plates), runner.decoded(), runner.failure(), runner.status() + " read " + plates);
        }
    }

    private static void poll(final Subscription ingress, final MessageHeaderDecoder header, final PlateReadDecoder plateRead,
        final List<String> plates)
    {
        ingress.poll((buffer, offset, length, h) ->
        {
            final int at = offset + IngressFrameDescriptor.HEADER_LENGTH;
            header.wrap(buffer, at);
            if (header.templateId() == PlateReadDecoder.TEMPLATE_ID)
            {
                plateRead.wrapAndApplyHeader(buffer, at, header);
                plates.add(plateRead.plate());
            }
        }, 16);
    }

    /**
     * A live-like HTTP source: chunked (no Content-Length), no ranges, the bytes written in pieces with pauses.
     *
     * @param upTo   bytes to send.
     * @param ending what happens after them.
     */
    private static HttpServer serve(final int upTo, final Ending ending) throws IOException
    {
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r ->
        {
            final Thread t = new Thread(r, "test-stream-" + ending);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/gate.ts", (final HttpExchange exchange) ->
        {
            exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
            exchange.getResponseHeaders().add("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            final long pauseNs = TimeUnit.MILLISECONDS.toNanos(DELIVERY_MS) * PIECE / video.length;
            try
            {
                for (int at = 0; at < upTo; at += PIECE)
                {
                    out.write(video, at, Math.min(PIECE, upTo - at));
                    out.flush();
                    TimeUnit.NANOSECONDS.sleep(pauseNs);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final IOException ex)
            {
                // the camera went away: nothing more to send
                return;
            }
            if (ending == Ending.DROP)
            {
                // an exception out of a handler makes the JDK's server close the connection, the body left unterminated
                throw new IllegalStateException("test: the stream drops here");
            }
            if (ending == Ending.STALL)
            {
                try
                {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(2));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            out.close();
        });
        server.start();
        return server;
    }

    /**
     * The demo's gate video (center's DemoCameras), as MPEG-TS: an empty road, then each car drifting a little through
     * the frame. MPEG-2 video: the encoder every FFmpeg build has, and one MPEG-TS carries as broadcast does.
     */
    private static void writeGateVideo(final Path file) throws Exception
    {
        final PlateSetGenerator generator = new PlateSetGenerator(21);
        final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT))
        {
            recorder.setFormat("mpegts");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG2VIDEO);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setVideoQuality(2);
            recorder.setGopSize(FPS);
            recorder.setFrameRate(FPS);
            recorder.start();
            final Mat road = new Mat(PlateSetGenerator.HEIGHT, PlateSetGenerator.WIDTH, CV_8UC3, new Scalar(90, 120, 60, 0));
            for (int i = 0; i < LEAD_IN_FRAMES; i++)
            {
                recorder.record(converter.convert(road));
            }
            road.release();
            for (int car = 0; car < CARS; car++)
            {
                final PlateSetGenerator.Sample sample = generator.next(false);
                PLATES.add(sample.plate());
                final Mat base = sample.image();
                for (int i = 0; i < FRAMES_PER_CAR; i++)
                {
                    final Mat shifted = new Mat();
                    final Mat m = getRotationMatrix2D(new Point2f(base.cols() / 2f, base.rows() / 2f), 0, 1);
                    m.ptr(0, 2).putDouble(m.ptr(0, 2).getDouble() + (i - FRAMES_PER_CAR / 2) * 2.0);
                    warpAffine(base, shifted, m, new Size(base.cols(), base.rows()), 1, BORDER_REPLICATE, new Scalar());
                    recorder.record(converter.convert(shifted));
                    shifted.release();
                    m.release();
                }
                base.release();
            }
            recorder.stop();
        }
    }

    private static String tessdata()
    {
        return null != System.getenv("BEACON_TESSDATA") ? System.getenv("BEACON_TESSDATA") : PlatePipeline.DEFAULT_TESSDATA;
    }
}
