package org.beacon.video.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.CameraRegisteredEncoder;
import org.beacon.codecs.CrowdAlarmEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PlateReadEncoder;
import org.beacon.video.crowd.CrowdAnalyzer;
import org.beacon.video.crowd.CrowdRules;
import org.beacon.video.crowd.Zone;
import org.beacon.video.crowd.ZoneMeasurement;
import org.beacon.video.plates.PlatePipeline;
import org.beacon.video.plates.PlateReading;
import org.beacon.video.plates.PlateTracker;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * One camera of a worker: a decoder thread (FFmpeg through JavaCV: files paced at their own frame rate, or a
 * stream as fast as it arrives, with a read timeout) leaves every frame in a {@link FrameSlot}; a file read at full
 * speed ({@code speed} 0) waits for the analyser instead, on the file's own clock, so that none of its frames is
 * dropped. A live stream has no
 * end, so a stream that ends (its connection closed, dropped or silent past the timeout: FFmpeg's HTTP reader takes
 * a connection closed between two chunks for a clean end) is the camera's failure, as is a file whose reading failed;
 * the message names the source. With {@code loop} the camera then opens its source again. An analyser thread takes
 * the newest frame whenever the camera's budget ({@code analysisFps}) allows, reads plates (voted per vehicle track)
 * and measures its crowd zones against the crowd rules, and hands the results to the publisher as {@code PlateRead}
 * and {@code CrowdAlarm} events, with a crop written to the crop folder. Frames the analyser could not keep up with
 * are dropped and counted.
 */
final class CameraRunner implements AutoCloseable
{
    /**
     * How long a network source may stay silent (connecting or reading), in microseconds, before FFmpeg gives up
     * on it: without it a stream that stops sending without closing its connection would hold the decoder in a
     * blocking read forever (FFmpeg's default), and the camera would neither fail nor end.
     */
    static final long NETWORK_TIMEOUT_US = TimeUnit.SECONDS.toMicros(10);

    private final CameraConfig.Camera camera;
    private final DetectionPublisher publisher;
    private final Path cropDir;
    private final double speed;
    private final FrameSlot slot = new FrameSlot();
    /** Opened once the analyser's readers are built (Tesseract, glyphs): frames decoded before would only be dropped. */
    private final java.util.concurrent.CountDownLatch analyserReady = new java.util.concurrent.CountDownLatch(1);
    private final Thread decoder;
    private final Thread analyser;
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong analysed = new AtomicLong();
    private final AtomicLong plates = new AtomicLong();
    private final AtomicLong alarms = new AtomicLong();
    private final long startNs = System.currentTimeMillis() * 1_000_000L;
    private volatile boolean running = true;
    private volatile boolean sourceEnded;
    private volatile String failure;

    CameraRunner(final CameraConfig.Camera camera, final DetectionPublisher publisher, final Path cropDir, final double speed)
    {
        this.camera = camera;
        this.publisher = publisher;
        this.cropDir = cropDir;
        this.speed = speed;
        this.decoder = new Thread(this::decode, "beacon-camera-" + camera.id() + "-decoder");
        this.analyser = new Thread(this::analyse, "beacon-camera-" + camera.id() + "-analyser");
        decoder.setDaemon(true);
        analyser.setDaemon(true);
    }

    void start()
    {
        publisher.publish(registration(camera));
        decoder.start();
        analyser.start();
    }

    /** @return the camera's registration event. */
    static byte[] registration(final CameraConfig.Camera camera)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024 + 32 * camera.zones().size() + camera.name().length() * 4]);
        final CameraRegisteredEncoder e = new CameraRegisteredEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .cameraId(camera.id());
        e.position().latMicros(micros(camera.lat())).lonMicros(micros(camera.lon()));
        e.headingDeciDeg((int)Math.round(((camera.headingDeg() % 360) + 360) % 360 * 10));
        final CameraRegisteredEncoder.ZonesEncoder zones = e.zonesCount(camera.zones().size());
        for (final CameraConfig.ZoneConfig z : camera.zones())
        {
            zones.next().zoneId(z.id()).radiusM(Math.min(65_534, Math.max(1, z.radiusM())))
                .place().latMicros(micros(z.lat())).lonMicros(micros(z.lon()));
        }
        e.name(camera.name());
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private static int micros(final double degrees)
    {
        return (int)Math.round(degrees * 1e6);
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private void decode()
    {
        final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        final boolean stream = camera.source().contains("://");
        try
        {
            analyserReady.await(60, TimeUnit.SECONDS);
            do
            {
                try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(camera.source()))
                {
                    if (stream)
                    {
                        grabber.setOption("rw_timeout", Long.toString(NETWORK_TIMEOUT_US));
                        if (camera.source().startsWith("rtsp://") || camera.source().startsWith("rtsps://"))
                        {
                            grabber.setOption("timeout", Long.toString(NETWORK_TIMEOUT_US));
                        }
                    }
                    grabber.start();
                    final long wallStart = System.nanoTime();
                    long frames = 0;
                    Frame frame;
                    while (running && null != (frame = grabber.grabImage()))
                    {
                        final long mediaNs = TimeUnit.MICROSECONDS.toNanos(grabber.getTimestamp());
                        if (speed > 0 && !stream)
                        {
                            final long due = wallStart + (long)(mediaNs / speed);
                            final long wait = due - System.nanoTime();
                            if (wait > 0)
                            {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                        final Mat mat = converter.convert(frame);
                        if (null == mat || mat.empty())
                        {
                            continue;
                        }
                        decoded.incrementAndGet();
                        frames++;
                        if (speed > 0 || stream)
                        {
                            slot.offer(mat.clone(), startNs + (System.nanoTime() - wallStart));
                        }
                        else
                        {
                            // a file at full speed: every frame, on the file's own clock
                            slot.offerLossless(mat.clone(), startNs + mediaNs);
                        }
                    }
                    final String error = running ? inputError(grabber) : null;
                    if (running && (stream || null != error))
                    {
                        final String why = null != error ? ": " + error : " (its connection closed or dropped)";
                        failure = "camera " + camera.id() + ": " + (stream ? "the stream " : "the file ") + camera.source() +
                            " ended after " + frames + " frames" + why;
                        System.err.println(failure);
                    }
                    grabber.stop();
                }
            }
            while (running && camera.loop());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Exception ex)
        {
            failure = "camera " + camera.id() + ": cannot decode " + camera.source() + ": " + ex.getMessage();
            System.err.println(failure);
        }
        finally
        {
            sourceEnded = true;
        }
    }

    /**
     * Why the grabber's input ended, when reading it failed: JavaCV's {@code grabImage()} answers null both at the end
     * of a source and on a read error (a connection reset, a read timed out, a body cut short), so the worker asks
     * FFmpeg's I/O context, which keeps the error.
     *
     * @param grabber a grabber whose {@code grabImage()} has just answered null.
     * @return FFmpeg's description of the read error, or null when the input ended cleanly.
     */
    static String inputError(final FFmpegFrameGrabber grabber)
    {
        final AVFormatContext format = grabber.getFormatContext();
        final AVIOContext io = null == format ? null : format.pb();
        if (null == io || io.error() >= 0)
        {
            return null;
        }
        final byte[] text = new byte[256];
        avutil.av_strerror(io.error(), text, text.length);
        int length = 0;
        while (length < text.length && text[length] != 0)
        {
            length++;
        }
        return new String(text, 0, length, java.nio.charset.StandardCharsets.UTF_8) + " (" + io.error() + ")";
    }

    private void analyse()
    {
        final long budgetNs = (long)(TimeUnit.SECONDS.toNanos(1) / camera.analysisFps());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final PlateReadEncoder plateEncoder = new PlateReadEncoder();
        final CrowdAlarmEncoder crowdEncoder = new CrowdAlarmEncoder();
        final PlateTracker tracker = new PlateTracker(2, TimeUnit.SECONDS.toNanos(2));
        final CrowdRules rules = new CrowdRules(camera.rules());
        CrowdAnalyzer crowd = null;
        try (PlatePipeline pipeline = camera.plates() ? new PlatePipeline() : null)
        {
            analyserReady.countDown();
            long nextDueNs = 0;
            while (running)
            {
                final FrameSlot.Taken taken = slot.take(200);
                if (null == taken)
                {
                    if (sourceEnded)
                    {
                        break;
                    }
                    continue;
                }
                final Mat frame = taken.frame();
                try
                {
                    final long now = taken.timeNs();
                    if (now - nextDueNs < 0)
                    {
                        continue;
                    }
                    nextDueNs = now + budgetNs;
                    analysed.incrementAndGet();
                    if (null != pipeline)
                    {
                        final List<PlateReading> readings = pipeline.read(frame);
                        for (final PlateTracker.TrackResult result : tracker.update(taken.timeNs(), readings))
                        {
                            publishPlate(result, buffer, header, plateEncoder);
                        }
                    }
                    if (camera.crowd() && !camera.zones().isEmpty())
                    {
                        if (null == crowd)
                        {
                            crowd = new CrowdAnalyzer(zones(), frame.cols(), frame.rows());
                        }
                        for (final ZoneMeasurement m : crowd.analyze(frame))
                        {
                            for (final CrowdRules.Alarm alarm : rules.update(taken.timeNs(), m))
                            {
                                publishAlarm(alarm, frame, buffer, header, crowdEncoder);
                            }
                        }
                    }
                }
                finally
                {
                    frame.release();
                    frame.close();
                }
            }
            for (final PlateTracker.TrackResult result : tracker.flush())
            {
                publishPlate(result, buffer, header, plateEncoder);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            failure = "camera " + camera.id() + ": analysis failed: " + ex;
            System.err.println(failure);
        }
        finally
        {
            analyserReady.countDown();
            if (null != crowd)
            {
                crowd.close();
            }
        }
    }

    private List<Zone> zones()
    {
        final List<Zone> zones = new ArrayList<>();
        for (final CameraConfig.ZoneConfig z : camera.zones())
        {
            zones.add(new Zone(z.id(), z.name(), z.xs(), z.ys()));
        }
        return zones;
    }

    private void publishPlate(final PlateTracker.TrackResult result, final UnsafeBuffer buffer, final MessageHeaderEncoder header,
        final PlateReadEncoder encoder)
    {
        final String cropRef = writeCrop(result.bestCrop(), "plate-" + result.trackId());
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.wrapAndApplyHeader(buffer, 0, header)
            .cameraId(camera.id())
            .trackId(result.trackId())
            .confidencePermille((int)Math.round(Math.max(0, Math.min(1, result.confidence())) * 1000))
            .frameTimeNs(result.bestFrameTimeNs())
            .layout(result.layout())
            .plate(result.plate())
            .cropRef(cropRef)
            .encodedLength();
        plates.incrementAndGet();
        publisher.publish(copy(buffer, length));
    }

    private void publishAlarm(final CrowdRules.Alarm alarm, final Mat frame, final UnsafeBuffer buffer, final MessageHeaderEncoder header,
        final CrowdAlarmEncoder encoder)
    {
        final Mat small = new Mat();
        final double scale = Math.min(1.0, 640.0 / Math.max(1, frame.cols()));
        resize(frame, small, new Size((int)(frame.cols() * scale), (int)(frame.rows() * scale)));
        final String cropRef = writeCrop(small, "crowd-z" + alarm.zoneId());
        small.release();
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.wrapAndApplyHeader(buffer, 0, header)
            .cameraId(camera.id())
            .zoneId(alarm.zoneId())
            .rule(alarm.rule())
            .count(Math.min(65_534, alarm.count()))
            .occupancyPermille((int)Math.round(Math.max(0, Math.min(1, alarm.occupancy())) * 1000))
            .baselineCount(Math.min(65_534, alarm.baselineCount()))
            .frameTimeNs(alarm.frameTimeNs())
            .cropRef(cropRef)
            .encodedLength();
        alarms.incrementAndGet();
        publisher.publish(copy(buffer, length));
    }

    private String writeCrop(final Mat image, final String what)
    {
        if (null == image || image.empty())
        {
            return "";
        }
        try
        {
            final String name = "cam" + camera.id() + "/" + System.currentTimeMillis() + "-" + what + ".jpg";
            final Path file = cropDir.resolve(name);
            Files.createDirectories(file.getParent());
            return imwrite(file.toString(), image) ? name : "";
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
    }

    /** @return a status line: decoded, analysed, dropped, reads, alarms. */
    String status()
    {
        return "camera " + camera.id() + ": decoded=" + decoded.get() + " analysed=" + analysed.get() + " dropped=" + slot.dropped() +
            " plates=" + plates.get() + " crowd-alarms=" + alarms.get() + (null == failure ? "" : " failure=" + failure);
    }

    /** @return frames decoded. */
    long decoded()
    {
        return decoded.get();
    }

    /** @return frames analysed. */
    long analysed()
    {
        return analysed.get();
    }

    /** @return frames dropped because the analyser was behind. */
    long dropped()
    {
        return slot.dropped();
    }

    /** @return plate reads published. */
    long plates()
    {
        return plates.get();
    }

    /** @return whether both threads are done (a file without loop has ended and been analysed). */
    boolean finished()
    {
        return !decoder.isAlive() && !analyser.isAlive();
    }

    /** @return the failure, or null. */
    String failure()
    {
        return failure;
    }

    @Override
    public void close()
    {
        running = false;
        slot.close();
        decoder.interrupt();
        try
        {
            decoder.join(5000);
            analyser.join(5000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
