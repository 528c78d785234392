package org.beacon.video.crowd;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders a camera's view of a square with a known number of walking, person-shaped figures, for measuring
 * crowd counts against ground truth. Everything comes from the seed: the textured background, the sensor
 * noise (a few precomputed noise frames, cycled), each figure's size, colours, gait and path.
 *
 * <p>Figures are head, torso, two swinging arms and two swinging legs, with varied clothes colours (some close
 * to the ground's), and a height that follows perspective: about 30 % of the frame height near the bottom edge,
 * a third of that near the top, &plusmn;12 % per figure. They walk in straight lines and turn back at the
 * frame's edges and where they would walk into another figure, so figures never overlap but often stand a
 * few pixels apart (their foreground blobs merge, which the counter must handle). Call {@link #next(int)}
 * with 0 for a while first so the background model warms up.
 */
public final class CrowdSceneGenerator
{
    private static final int NOISE_FRAMES = 4;
    private static final int GAP = 3;

    private final SplittableRandom random;
    private final int width;
    private final int height;
    private final Mat background;
    private final Mat[] noisePlus = new Mat[NOISE_FRAMES];
    private final Mat[] noiseMinus = new Mat[NOISE_FRAMES];
    private final List<Figure> figures = new ArrayList<>();
    private long frame;

    /**
     * @param seed   the seed of everything.
     * @param width  frame width.
     * @param height frame height.
     */
    public CrowdSceneGenerator(final long seed, final int width, final int height)
    {
        if (width < 160 || height < 120)
        {
            throw new IllegalArgumentException("frames of at least 160x120");
        }
        this.random = new SplittableRandom(seed);
        this.width = width;
        this.height = height;
        this.background = renderBackground();
        for (int i = 0; i < NOISE_FRAMES; i++)
        {
            noisePlus[i] = noise(4);
            noiseMinus[i] = noise(4);
        }
    }

    /** @return frame width. */
    public int width()
    {
        return width;
    }

    /** @return frame height. */
    public int height()
    {
        return height;
    }

    /**
     * Renders the next frame with {@code people} figures: figures beyond that number leave, new ones appear at
     * free places, then everyone takes a step.
     *
     * @param people how many figures the frame should show.
     * @return a new 8-bit BGR frame (the caller closes it); {@link #lastCount()} tells how many figures it shows.
     */
    public Mat next(final int people)
    {
        while (figures.size() > people)
        {
            figures.remove(figures.size() - 1);
        }
        int attempts = 0;
        while (figures.size() < people && attempts < people * 50)
        {
            attempts++;
            final Figure f = randomFigure();
            if (fits(f, -1, f.x, f.y))
            {
                figures.add(f);
            }
        }
        for (int i = 0; i < figures.size(); i++)
        {
            step(i);
        }
        final Mat out = new Mat();
        background.copyTo(out);
        // Paint far figures first so near ones would cover them (they never overlap, but keep it right).
        final List<Figure> order = new ArrayList<>(figures);
        order.sort((a, b) -> Double.compare(a.y, b.y));
        for (final Figure f : order)
        {
            draw(out, f);
        }
        final int n = (int)(frame % NOISE_FRAMES);
        add(out, noisePlus[n], out);
        subtract(out, noiseMinus[n], out);
        frame++;
        return out;
    }

    /** @return how many figures the last frame shows (less than asked when the scene had no room). */
    public int lastCount()
    {
        return figures.size();
    }

    /**
     * The nominal height of a figure standing at a feet row (each figure is 0.88 to 1.12 times that): what an
     * installer would give {@link CrowdAnalyzer#personHeight(double, double, double, double)}.
     *
     * @param feetY image row of the feet.
     * @return height in pixels.
     */
    public double personHeightAt(final double feetY)
    {
        return heightAt(feetY);
    }

    private double heightAt(final double feetY)
    {
        final double t = Math.max(0, Math.min(1, feetY / height));
        return height * (0.10 + 0.20 * t);
    }

    private Figure randomFigure()
    {
        final Figure f = new Figure();
        f.scale = 0.88 + 0.24 * random.nextDouble();
        f.y = height * (0.25 + 0.75 * random.nextDouble());
        f.x = width * (0.05 + 0.9 * random.nextDouble());
        final double speed = 0.008 * height * (0.6 + 0.8 * random.nextDouble());
        final double angle = random.nextDouble() * 2 * Math.PI;
        f.vx = speed * Math.cos(angle);
        f.vy = 0.5 * speed * Math.sin(angle);
        f.phase = random.nextDouble() * 2 * Math.PI;
        f.shirt = colour();
        f.trousers = random.nextInt(3) == 0 ? colour()
            : new Scalar(40 + random.nextInt(60), 30 + random.nextInt(40), 20 + random.nextInt(30), 0);
        final int skin = 90 + random.nextInt(130);
        f.skin = new Scalar(skin * 0.7, skin * 0.8, skin, 0);
        f.hair = random.nextInt(4) == 0 ? new Scalar(120, 170, 200, 0)
            : new Scalar(20 + random.nextInt(40), 20 + random.nextInt(40), 20 + random.nextInt(50), 0);
        return f;
    }

    private Scalar colour()
    {
        return new Scalar(random.nextInt(230) + 10, random.nextInt(230) + 10, random.nextInt(230) + 10, 0);
    }

    private void step(final int i)
    {
        final Figure f = figures.get(i);
        f.phase += 0.35;
        double nx = f.x + f.vx;
        double ny = f.y + f.vy;
        final double h = heightAt(ny) * f.scale;
        if (nx < h * 0.25 || nx > width - h * 0.25)
        {
            f.vx = -f.vx;
            nx = f.x;
        }
        if (ny < height * 0.25 || ny > height - 2)
        {
            f.vy = -f.vy;
            ny = f.y;
        }
        if (fits(f, i, nx, ny))
        {
            f.x = nx;
            f.y = ny;
        }
        else
        {
            f.vx = -f.vx;
            f.vy = -f.vy;
        }
    }

    /** Whether a figure at (x, y) keeps {@value #GAP} px from every other figure's box. */
    private boolean fits(final Figure f, final int self, final double x, final double y)
    {
        final double h = heightAt(y) * f.scale;
        final double w = h * 0.5;
        for (int j = 0; j < figures.size(); j++)
        {
            if (j == self)
            {
                continue;
            }
            final Figure o = figures.get(j);
            final double oh = heightAt(o.y) * o.scale;
            final double ow = oh * 0.5;
            final boolean apartX = x + w / 2 + GAP <= o.x - ow / 2 || o.x + ow / 2 + GAP <= x - w / 2;
            final boolean apartY = y + GAP <= o.y - oh || o.y + GAP <= y - h;
            if (!apartX && !apartY)
            {
                return false;
            }
        }
        return true;
    }

    private void draw(final Mat img, final Figure f)
    {
        final double h = heightAt(f.y) * f.scale;
        final double x = f.x;
        final double feet = f.y;
        final double head = h * 0.13;
        final double hip = feet - h * 0.47;
        final double shoulder = feet - h * 0.82;
        final double torsoW = h * 0.24;
        final int limb = Math.max(2, (int)Math.round(h * 0.075));
        final double swing = Math.sin(f.phase) * h * 0.12;
        // legs
        segment(img, x - torsoW * 0.2, hip, x - torsoW * 0.2 + swing, feet, f.trousers, limb + 1);
        segment(img, x + torsoW * 0.2, hip, x + torsoW * 0.2 - swing, feet, f.trousers, limb + 1);
        // torso
        try (Point p1 = new Point((int)Math.round(x - torsoW / 2), (int)Math.round(shoulder));
            Point p2 = new Point((int)Math.round(x + torsoW / 2), (int)Math.round(hip + h * 0.04)))
        {
            rectangle(img, p1, p2, f.shirt, FILLED, LINE_8, 0);
        }
        // Folds and stripes: clothes are not flat colour, and flat colour fades into the background model.
        try (Scalar shade = new Scalar(f.shirt.get(0) * 0.7, f.shirt.get(1) * 0.7, f.shirt.get(2) * 0.7, 0))
        {
            for (double yy = shoulder + h * 0.06; yy < hip; yy += h * 0.09)
            {
                segment(img, x - torsoW / 2, yy, x + torsoW / 2, yy + h * 0.02, shade, Math.max(1, limb / 2));
            }
        }
        // arms
        segment(img, x - torsoW / 2, shoulder + limb, x - torsoW / 2 - swing * 0.6, hip + h * 0.02, f.shirt, limb);
        segment(img, x + torsoW / 2, shoulder + limb, x + torsoW / 2 + swing * 0.6, hip + h * 0.02, f.shirt, limb);
        // head and hair
        try (Point c = new Point((int)Math.round(x), (int)Math.round(shoulder - head * 0.55));
            Size axes = new Size((int)Math.round(head * 0.42), (int)Math.round(head * 0.55));
            Point hc = new Point((int)Math.round(x), (int)Math.round(shoulder - head * 0.8));
            Size hairAxes = new Size((int)Math.round(head * 0.44), (int)Math.round(head * 0.35)))
        {
            ellipse(img, c, axes, 0, 0, 360, f.skin, FILLED, LINE_8, 0);
            ellipse(img, hc, hairAxes, 0, 180, 360, f.hair, FILLED, LINE_8, 0);
        }
    }

    private static void segment(final Mat img, final double x1, final double y1, final double x2, final double y2,
        final Scalar colour, final int thickness)
    {
        try (Point a = new Point((int)Math.round(x1), (int)Math.round(y1)); Point b = new Point((int)Math.round(x2), (int)Math.round(y2)))
        {
            line(img, a, b, colour, thickness, LINE_8, 0);
        }
    }

    private Mat renderBackground()
    {
        final Mat bg = new Mat(height, width, CV_8UC3);
        final UByteIndexer px = bg.createIndexer();
        final double[] grain = new double[width * height];
        for (int i = 0; i < grain.length; i++)
        {
            grain[i] = random.nextDouble() * 24 - 12;
        }
        final int tile = 24 + random.nextInt(16);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                final double t = y / (double)height;
                final boolean seam = x % tile == 0 || y % tile == 0;
                final double base = (seam ? 95 : 130) + 30 * t + grain[y * width + x];
                px.put(y, x, 0, sat(base * 0.95));
                px.put(y, x, 1, sat(base));
                px.put(y, x, 2, sat(base * 1.04));
            }
        }
        px.close();
        // A few fixed objects (benches, planters, a lawn) the figures walk over.
        for (int i = 0; i < 6; i++)
        {
            final int x = random.nextInt(width);
            final int y = random.nextInt(height);
            try (Point p1 = new Point(x, y);
                Point p2 = new Point(x + 20 + random.nextInt(width / 5), y + 10 + random.nextInt(height / 8));
                Scalar c = colour())
            {
                rectangle(bg, p1, p2, c, FILLED, LINE_8, 0);
            }
        }
        try (Size k = new Size(3, 3))
        {
            GaussianBlur(bg, bg, k, 0);
        }
        return bg;
    }

    private Mat noise(final int amplitude)
    {
        final Mat m = new Mat(height, width, CV_8UC3);
        final UByteIndexer px = m.createIndexer();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    px.put(y, x, c, random.nextInt(amplitude + 1));
                }
            }
        }
        px.close();
        return m;
    }

    private static int sat(final double v)
    {
        return (int)Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A walking figure: feet at (x, y). */
    private static final class Figure
    {
        double x;
        double y;
        double vx;
        double vy;
        double scale;
        double phase;
        Scalar shirt;
        Scalar trousers;
        Scalar skin;
        Scalar hair;
    }
}
