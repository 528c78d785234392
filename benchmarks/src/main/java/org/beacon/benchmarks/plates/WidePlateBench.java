package org.beacon.benchmarks.plates;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.beacon.video.plates.PlatePipeline;
import org.beacon.video.plates.PlateReading;
import org.beacon.video.plates.PlateSceneGenerator;
import org.beacon.video.plates.PlateSceneGenerator.Split;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Plate reading on the wide generated set ({@link PlateSceneGenerator}), on its own split or the held-out one: exact
 * reads (overall, per colour, for plates under 140 px, two-row, 4- and 5-digit serials), false reads per scene (every
 * reading that is not the scene's plate as printed: the watchlist in dispatch/camera acts on a read of any confidence,
 * so every one counts; the count at confidence 0.5 and above is shown beside it), and frames per CPU-second of the whole
 * process (its CPU time over the reads, every thread, garbage collection and compilation included) and of the reading
 * thread alone.
 */
public final class WidePlateBench
{
    /** The confidence from which the watchlist acts on a read: CameraService matches every PlateRead. */
    public static final double WATCHLIST_CONFIDENCE = 0.0;

    private WidePlateBench()
    {
    }

    /** Exact reads of one kind of plate. */
    private static final class Tally
    {
        int total;
        int exact;

        void add(final boolean read)
        {
            total++;
            exact += read ? 1 : 0;
        }

        String pct()
        {
            return String.format(Locale.ROOT, "%d/%d=%.1f%%", exact, total, total == 0 ? 0 : 100.0 * exact / total);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param images how many scenes.
     * @param seed   the generator's seed.
     * @param split  the generator's split.
     * @param out    where the detail lines and the result go.
     * @return the result line.
     */
    public static String run(final int images, final long seed, final Split split, final PrintStream out)
    {
        opencv_core.setNumThreads(0);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final PlateSceneGenerator generator = new PlateSceneGenerator(seed, split);
        final Map<String, Tally> kinds = new TreeMap<>();
        final Tally all = new Tally();
        int falseReads = 0;
        int falseSure = 0;
        long processNs = 0;
        long threadNs = 0;
        final boolean verbose = Boolean.getBoolean("plates.verbose");
        final String dump = System.getProperty("plates.dump");
        try (PlatePipeline pipeline = new PlatePipeline())
        {
            pipeline.read(generator.next().image());
            for (int i = 0; i < images; i++)
            {
                final PlateSceneGenerator.Sample s = generator.next();
                final long p0 = os.getProcessCpuTime();
                final long t0 = mx.getCurrentThreadCpuTime();
                final List<PlateReading> readings = pipeline.read(s.image());
                threadNs += mx.getCurrentThreadCpuTime() - t0;
                processNs += os.getProcessCpuTime() - p0;
                boolean read = false;
                final StringBuilder got = new StringBuilder();
                for (final PlateReading r : readings)
                {
                    final boolean right = r.plate().equals(s.plate()) && overlap(r.box(), s.plateBox()) > 0.3;
                    read |= right;
                    if (!right && r.confidence() >= WATCHLIST_CONFIDENCE)
                    {
                        falseReads++;
                        falseSure += r.confidence() >= 0.5 ? 1 : 0;
                        got.append(String.format(Locale.ROOT, " false:%s@%.2f[%d,%d,%d]", r.plate(), r.confidence(), r.box().x(),
                            r.box().y(), r.box().width()));
                    }
                }
                if (dump != null && (i < 8 || !read))
                {
                    new java.io.File(dump).mkdirs();
                    org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(dump + "/" + i + (read ? "_ok_" : "_miss_")
                        + s.plate().replace(' ', '_') + ".png", s.image());
                }
                all.add(read);
                kinds.computeIfAbsent("colour " + s.colour(), k -> new Tally()).add(read);
                kinds.computeIfAbsent(s.width() < 140 ? "width <140" : "width >=140", k -> new Tally()).add(read);
                kinds.computeIfAbsent(s.plate().contains(" ") ? "two-row" : "one-line", k -> new Tally()).add(read);
                kinds.computeIfAbsent(s.plate().contains(".") ? "serial 5 digits" : "serial 4 digits", k -> new Tally()).add(read);
                kinds.computeIfAbsent("font " + s.font(), k -> new Tally()).add(read);
                if (verbose && (!read || got.length() > 0))
                {
                    out.println("# " + i + " " + s.plate() + " " + s.colour() + " w=" + s.width() + " " + s.font()
                        + (read ? " ok" : " MISS") + got);
                }
            }
        }
        for (final Map.Entry<String, Tally> e : kinds.entrySet())
        {
            out.println("# " + e.getKey() + ": exact " + e.getValue().pct());
        }
        final String line = String.format(Locale.ROOT,
            "plates style=%s images=%d exact=%.1f%% false_reads_per_scene=%.3f (conf>=0.5: %.3f) fps_per_process_cpu_s=%.1f"
                + " fps_per_thread_cpu_s=%.1f",
            split.name().toLowerCase(Locale.ROOT), images, 100.0 * all.exact / Math.max(1, images),
            falseReads / (double) Math.max(1, images), falseSure / (double) Math.max(1, images),
            images / Math.max(1e-9, processNs / 1e9), images / Math.max(1e-9, threadNs / 1e9));
        out.println(line);
        return line;
    }

    /**
     * Runs the benchmark from the command line.
     *
     * @param args [own|heldout [images [seed]]].
     */
    public static void main(final String[] args)
    {
        final Split split = args.length > 0 ? Split.valueOf(args[0].toUpperCase(Locale.ROOT)) : Split.HELDOUT;
        run(args.length > 1 ? Integer.parseInt(args[1]) : 150, args.length > 2 ? Long.parseLong(args[2]) : 1, split, System.out);
    }

    private static double overlap(final Rect a, final Rect b)
    {
        final int ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        final int iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        final double union = (double) a.width() * a.height() + (double) b.width() * b.height() - (double) ix * iy;
        return union <= 0 ? 0 : ix * (double) iy / union;
    }
}
