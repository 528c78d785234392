package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./beacon plates FILE...}: reads the plates in still images and video files. Prints one line per plate,
 * {@code FILE PLATE CONFIDENCE}; a video's plates are voted per track. A file that cannot be read gets an error
 * line on stderr and exit code 1 at the end; the other files are still processed.
 */
@Command(name = "plates", mixinStandardHelpOptions = true, description = "Reads Vietnamese licence plates in images and videos.")
public final class PlatesMain implements Callable<Integer>
{
    private static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp", "pgm", "ppm");

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images (jpg, png...) or videos (mp4, avi, mkv...)")
    private List<File> files = new ArrayList<>();

    @Option(names = "--min-frames", description = "frames a video track needs to be reported (default ${DEFAULT-VALUE})")
    private int minFrames = 2;

    @Option(names = "--track-timeout-ms", description = "a video track ends after this long unseen (default ${DEFAULT-VALUE})")
    private long trackTimeoutMs = 1000;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /**
     * Runs the command.
     *
     * @param args the files.
     */
    public static void main(final String[] args)
    {
        // FFmpeg's banners and warnings would mix with the plate lines; errors still print
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args the command line.
     * @param out  where plate lines go.
     * @param err  where errors go.
     * @return the exit code: 0, or 1 when a file could not be read, 2 on a usage error.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PlatesMain main = new PlatesMain();
        main.out = out;
        main.err = err;
        final CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Override
    public Integer call()
    {
        int code = 0;
        try (PlatePipeline pipeline = new PlatePipeline())
        {
            for (final File file : files)
            {
                try
                {
                    final String name = file.getName();
                    final String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
                    if (!file.isFile())
                    {
                        throw new IllegalArgumentException("no such file");
                    }
                    if (IMAGES.contains(ext))
                    {
                        image(pipeline, file);
                    }
                    else
                    {
                        video(pipeline, file);
                    }
                }
                catch (final Exception e)
                {
                    err.println("plates: cannot read " + file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    code = 1;
                }
            }
        }
        return code;
    }

    private void image(final PlatePipeline pipeline, final File file)
    {
        final Mat mat = imread(file.getPath(), IMREAD_COLOR);
        if (mat == null || mat.empty())
        {
            throw new IllegalArgumentException("not a readable image");
        }
        for (final PlateReading r : pipeline.read(mat))
        {
            print(file, r.plate(), r.confidence());
        }
    }

    private void video(final PlatePipeline pipeline, final File file) throws Exception
    {
        final PlateTracker tracker = new PlateTracker(minFrames, trackTimeoutMs * 1_000_000L);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file);
            OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat())
        {
            grabber.start();
            if (grabber.getImageWidth() <= 0)
            {
                throw new IllegalArgumentException("no video stream");
            }
            Frame frame;
            while ((frame = grabber.grabImage()) != null)
            {
                final Mat mat = converter.convert(frame);
                if (mat == null)
                {
                    continue;
                }
                final long timeNs = grabber.getTimestamp() * 1000L;
                for (final PlateTracker.TrackResult r : tracker.update(timeNs, pipeline.read(mat)))
                {
                    print(file, r.plate(), r.confidence());
                }
            }
            grabber.stop();
        }
        for (final PlateTracker.TrackResult r : tracker.flush())
        {
            print(file, r.plate(), r.confidence());
        }
    }

    private void print(final File file, final String plate, final double confidence)
    {
        out.println(String.format(Locale.ROOT, "%s %s %.2f", file.getPath(), plate, confidence));
    }
}
