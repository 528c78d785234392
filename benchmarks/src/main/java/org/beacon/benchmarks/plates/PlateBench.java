package org.beacon.benchmarks.plates;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import org.beacon.codecs.PlateLayout;
import org.beacon.video.plates.PlatePipeline;
import org.beacon.video.plates.PlateReading;
import org.beacon.video.plates.PlateSetGenerator;
import org.beacon.video.plates.VietnamesePlates;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Plate reading measured on the generated, degraded plate set: exact reads, localisation recall and frames per
 * CPU-second of the one thread running the pipeline (1280x720 frames, localisation and OCR included; OpenCV's
 * own worker threads are switched off so that thread does all the work).
 */
public final class PlateBench
{
    private PlateBench()
    {
    }

    /**
     * Runs the benchmark.
     *
     * @param images how many degraded scenes.
     * @param seed   the generator's seed.
     * @param out    where the `# ...` detail lines and the result line go.
     * @return the result line: {@code plates images=N exact=X% localised=Y% fps_per_core=Z}.
     */
    public static String run(final int images, final long seed, final PrintStream out)
    {
        opencv_core.setNumThreads(0);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final PlateSetGenerator generator = new PlateSetGenerator(seed);
        final int[] total = new int[3];
        final int[] exact = new int[3];
        final int[] localised = new int[3];
        final int[] small = new int[2];
        long cpuNs = 0;
        final String dump = System.getProperty("plates.dump");
        try (PlatePipeline pipeline = new PlatePipeline())
        {
            pipeline.read(generator.next(true).image()); // warm-up: Tesseract's first call loads the model
            for (int i = 0; i < images; i++)
            {
                final PlateSetGenerator.Sample s = generator.next(true);
                final long t0 = mx.getCurrentThreadCpuTime();
                final List<PlateReading> readings = pipeline.read(s.image());
                cpuNs += mx.getCurrentThreadCpuTime() - t0;
                final int kind = VietnamesePlates.layout(s.plate()).value();
                total[kind]++;
                boolean found = false;
                boolean read = false;
                String got = "-";
                for (final PlateReading r : readings)
                {
                    if (overlap(r.box(), s.plateBox()) > 0.5)
                    {
                        found = true;
                        got = r.plate();
                        read |= r.plate().equals(s.plate());
                    }
                }
                localised[kind] += found ? 1 : 0;
                exact[kind] += read ? 1 : 0;
                if (s.plateBox().width() < 140)
                {
                    small[0]++;
                    small[1] += read ? 1 : 0;
                }
                if (!read && Boolean.getBoolean("plates.verbose"))
                {
                    out.println("# miss " + i + " " + s.plate() + " got " + got + " width=" + s.plateBox().width());
                }
                if (!read && dump != null)
                {
                    dump(s, i, got, dump);
                }
            }
        }
        for (final PlateLayout layout : new PlateLayout[] {PlateLayout.ONE_LINE, PlateLayout.TWO_LINE})
        {
            final int k = layout.value();
            out.printf(Locale.ROOT, "# %s images=%d exact=%.1f%% localised=%.1f%%%n", layout, total[k], pct(exact[k], total[k]),
                pct(localised[k], total[k]));
        }
        out.printf(Locale.ROOT, "# plate width < 140 px: images=%d exact=%.1f%%%n", small[0], pct(small[1], small[0]));
        final int n = images;
        final double fps = cpuNs == 0 ? 0 : n / (cpuNs / 1e9);
        final String line = String.format(Locale.ROOT, "plates images=%d exact=%.1f%% localised=%.1f%% fps_per_core=%.1f", n,
            pct(exact[1] + exact[2], n), pct(localised[1] + localised[2], n), fps);
        out.println(line);
        return line;
    }

    /**
     * Writes a missed plate's surroundings (the plate box with half its size around it, enlarged 3x) as
     * {@code DIR/INDEX_EXPECTED_got_READ.png}, for looking at what the reader got wrong.
     */
    private static void dump(final PlateSetGenerator.Sample s, final int index, final String got, final String dir)
    {
        final Rect b = s.plateBox();
        final int x0 = Math.max(0, b.x() - b.width() / 2);
        final int y0 = Math.max(0, b.y() - b.height() / 2);
        final int x1 = Math.min(s.image().cols(), b.x() + b.width() * 3 / 2);
        final int y1 = Math.min(s.image().rows(), b.y() + b.height() * 3 / 2);
        if (x1 <= x0 || y1 <= y0)
        {
            return;
        }
        final Mat roi = new Mat(s.image(), new Rect(x0, y0, x1 - x0, y1 - y0));
        final Mat big = new Mat();
        resize(roi, big, new Size(), 3, 3, INTER_NEAREST);
        new File(dir).mkdirs();
        final String name = String.format(Locale.ROOT, "%03d_%s_got_%s.png", index, s.plate().replace(' ', '_'), got.replace(' ', '_'));
        imwrite(new File(dir, name).getPath(), big);
    }

    private static double pct(final int a, final int b)
    {
        return b == 0 ? 0 : 100.0 * a / b;
    }

    private static double overlap(final Rect a, final Rect b)
    {
        final int ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        final int iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        final double union = (double) a.width() * a.height() + (double) b.width() * b.height() - (double) ix * iy;
        return union <= 0 ? 0 : ix * (double) iy / union;
    }

    /**
     * Runs the benchmark from the command line.
     *
     * @param args [images [seed]]; defaults 500 and 1.
     */
    public static void main(final String[] args)
    {
        final int images = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        final long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        run(images, seed, System.out);
    }
}
