package org.beacon.benchmarks.crowd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.beacon.video.crowd.CrowdAnalyzer;
import org.beacon.video.crowd.CrowdSceneGenerator;
import org.beacon.video.crowd.Zone;
import org.beacon.video.crowd.ZoneMeasurement;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Crowd-count accuracy and cost. Two measurements:
 * <ul>
 *   <li><b>vtest</b>: OpenCV's sample {@code vtest.avi} decoded frame by frame into one {@link CrowdAnalyzer} whose
 *       zone is the whole frame; at the hand-labelled frames of {@code crowd/vtest-counts.csv} the estimated count
 *       is compared with the hand count (mean absolute error). Frames per second per core = analysed frames / CPU
 *       seconds the analysing thread spent in {@code analyze} (ThreadMXBean), with OpenCV held to one thread so
 *       that CPU time is all of it; decoding is not included.</li>
 *   <li><b>generated</b>: {@link CrowdSceneGenerator} scenes with a known number of figures: per episode 60 empty
 *       frames to warm the background model up, then 360 frames whose figure count changes every 40 frames
 *       (uniform 0..24); every one of those 360 frames is compared with the figure count.</li>
 * </ul>
 * The last line printed (and returned) is
 * {@code crowd vtest_frames=N vtest_mae=X generated_frames=M generated_mae=Y fps_per_core=Z}.
 */
public final class CrowdBench
{
    /** Where Debian's opencv-doc installs the sample. */
    public static final Path DEFAULT_VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    private static final int EPISODES = 3;
    private static final int WARM_UP = 60;
    private static final int MEASURED = 360;
    private static final int SEGMENT = 40;
    private static final int MAX_PEOPLE = 24;

    private CrowdBench()
    {
    }

    /**
     * Runs both measurements.
     *
     * @param vtest path of vtest.avi (skipped, with N=0, if missing).
     * @param seed  seed of the generated scenes.
     * @param out   where detail lines ({@code # ...}) and the summary line go.
     * @return the summary line.
     */
    public static String run(final Path vtest, final long seed, final PrintStream out)
    {
        opencv_core.setNumThreads(1);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final TreeMap<Integer, Integer> truth = readCounts();

        int vtestFrames = 0;
        double vtestError = 0;
        long analysedFrames = 0;
        long cpuNs = 0;
        if (Files.isReadable(vtest))
        {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(vtest.toFile());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat())
            {
                grabber.start();
                final int w = grabber.getImageWidth();
                final int h = grabber.getImageHeight();
                try (CrowdAnalyzer analyzer = new CrowdAnalyzer(List.of(Zone.rectangle(1, "frame", 0, 0, w, h)), w, h))
                {
                    int index = 0;
                    Frame frame;
                    while ((frame = grabber.grabImage()) != null)
                    {
                        final Mat mat = converter.convert(frame);
                        final long t0 = threads.getCurrentThreadCpuTime();
                        final ZoneMeasurement m = analyzer.analyze(mat).get(0);
                        cpuNs += threads.getCurrentThreadCpuTime() - t0;
                        analysedFrames++;
                        final Integer expected = truth.get(index);
                        if (expected != null)
                        {
                            vtestFrames++;
                            vtestError += Math.abs(m.count() - expected);
                            out.printf(Locale.ROOT, "# vtest frame=%d hand=%d estimated=%d occupancy=%.4f%n",
                                index, expected, m.count(), m.occupancy());
                        }
                        index++;
                    }
                    out.printf(Locale.ROOT, "# vtest decoded=%d calibrated_fill=%.3f%n", index, analyzer.calibratedFill()[0]);
                }
                grabber.stop();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        else
        {
            out.println("# vtest not found at " + vtest + ": skipped");
        }

        int generatedFrames = 0;
        double generatedError = 0;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int episode = 0; episode < EPISODES; episode++)
        {
            final double episodeError = episode(random, episode, out);
            generatedFrames += MEASURED;
            generatedError += episodeError;
        }

        final String line = String.format(Locale.ROOT,
            "crowd vtest_frames=%d vtest_mae=%.2f generated_frames=%d generated_mae=%.2f fps_per_core=%.1f",
            vtestFrames, vtestFrames == 0 ? 0.0 : vtestError / vtestFrames,
            generatedFrames, generatedFrames == 0 ? 0.0 : generatedError / generatedFrames,
            cpuNs == 0 ? 0.0 : analysedFrames / (cpuNs / 1e9));
        out.println(line);
        return line;
    }

    /**
     * One generated episode: a scene of its own, the installer's calibration, a warm-up, then the measured frames.
     *
     * @return the sum of the absolute count errors over the measured frames.
     */
    private static double episode(final SplittableRandom random, final int episode, final PrintStream out)
    {
        final CrowdSceneGenerator scene = new CrowdSceneGenerator(random.nextLong(), 640, 480);
        double episodeError = 0;
        int signed = 0;
        try (CrowdAnalyzer analyzer = new CrowdAnalyzer(List.of(Zone.rectangle(1, "square", 0, 0, 640, 480)), 640, 480))
        {
            // The installer's person-size calibration (two rows), as a product asks for it.
            analyzer.personHeight(120, scene.personHeightAt(120), 470, scene.personHeightAt(470));
            for (int i = 0; i < WARM_UP; i++)
            {
                try (Mat frame = scene.next(0))
                {
                    analyzer.analyze(frame);
                }
            }
            int target = 0;
            for (int i = 0; i < MEASURED; i++)
            {
                if (i % SEGMENT == 0)
                {
                    target = random.nextInt(MAX_PEOPLE + 1);
                }
                try (Mat frame = scene.next(target))
                {
                    final int count = analyzer.analyze(frame).get(0).count();
                    final int expected = scene.lastCount();
                    episodeError += Math.abs(count - expected);
                    signed += count - expected;
                    if (i % SEGMENT == SEGMENT - 1)
                    {
                        out.printf(Locale.ROOT, "# generated episode=%d frame=%d figures=%d estimated=%d%n",
                            episode, i, expected, count);
                    }
                }
            }
            out.printf(Locale.ROOT, "# generated episode=%d mae=%.2f mean_signed_error=%.2f calibrated_fill=%.3f%n",
                episode, episodeError / MEASURED, signed / (double)MEASURED, analyzer.calibratedFill()[0]);
        }
        return episodeError;
    }

    private static TreeMap<Integer, Integer> readCounts()
    {
        final TreeMap<Integer, Integer> counts = new TreeMap<>();
        try (InputStream in = CrowdAnalyzer.class.getResourceAsStream("/crowd/vtest-counts.csv"))
        {
            if (in == null)
            {
                throw new IllegalStateException("crowd/vtest-counts.csv is not on the class path");
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String row;
            while ((row = reader.readLine()) != null)
            {
                row = row.trim();
                if (row.isEmpty() || row.startsWith("#") || row.startsWith("frame"))
                {
                    continue;
                }
                final String[] cells = row.split(",");
                counts.put(Integer.parseInt(cells[0].trim()), Integer.parseInt(cells[1].trim()));
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /**
     * Runs the bench.
     *
     * @param args optional: the path of vtest.avi, then the seed.
     */
    public static void main(final String[] args)
    {
        final Path vtest = args.length > 0 ? Path.of(args[0]) : DEFAULT_VTEST;
        final long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        run(vtest, seed, System.out);
    }
}
