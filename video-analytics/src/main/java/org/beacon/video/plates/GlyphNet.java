package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.bytedeco.opencv.global.opencv_core.findNonZero;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A small learned glyph reader: one hidden layer (ReLU) and a softmax over {@link GlyphClassifier#ALPHABET} and one
 * class for what is no character (a rivet, dirt, a piece of border), on gradient-orientation histograms, a coarse
 * picture of the glyph and its aspect. Trained in the process, deterministically, on glyphs rendered from the fonts of
 * the generator's own split ({@link PlateSceneGenerator.Split#OWN}; never the held-out family), thickened, thinned,
 * slanted and brought down to the resolution of a small plate and binarised again, as the segmenter sees them.
 * Immutable once trained; shareable between threads.
 */
final class GlyphNet
{
    /** Classes: the alphabet and, last, "no character". */
    static final int CLASSES = GlyphClassifier.ALPHABET.length() + 1;

    private static final int FW = 12;
    private static final int FH = 24;
    private static final int CELL = 4;
    private static final int BINS = 8;
    private static final int PW = 6;
    private static final int PH = 12;
    private static final int DIM = (FW / CELL) * (FH / CELL) * BINS + PW * PH + 3;
    private static final int HIDDEN = 64;
    private static final int EPOCHS = 14;
    private static final long SEED = 20261208L;

    private static volatile GlyphNet shared;

    private final float[] mean = new float[DIM];
    private final float[] scale = new float[DIM];
    private final float[] w1 = new float[HIDDEN * DIM];
    private final float[] b1 = new float[HIDDEN];
    private final float[] w2 = new float[CLASSES * HIDDEN];
    private final float[] b2 = new float[CLASSES];

    private GlyphNet()
    {
    }

    /**
     * The reader, trained on first use.
     *
     * @return the one trained reader of this process.
     */
    static GlyphNet get()
    {
        GlyphNet net = shared;
        if (net == null)
        {
            synchronized (GlyphNet.class)
            {
                net = shared;
                if (net == null)
                {
                    net = train();
                    shared = net;
                }
            }
        }
        return net;
    }

    /**
     * Class probabilities of a glyph.
     *
     * @param mask the glyph, white on black, cropped to its bounding box.
     * @return per class of {@link GlyphClassifier#ALPHABET} then "no character": probabilities summing to 1.
     */
    double[] probabilities(final Mat mask)
    {
        final float[] x = features(mask);
        for (int i = 0; i < DIM; i++)
        {
            x[i] = (x[i] - mean[i]) * scale[i];
        }
        final float[] h = new float[HIDDEN];
        forward(x, h);
        final double[] p = new double[CLASSES];
        softmax(h, p);
        return p;
    }

    private void forward(final float[] x, final float[] h)
    {
        for (int j = 0; j < HIDDEN; j++)
        {
            float s = b1[j];
            final int o = j * DIM;
            for (int i = 0; i < DIM; i++)
            {
                s += w1[o + i] * x[i];
            }
            h[j] = Math.max(0, s);
        }
    }

    private void softmax(final float[] h, final double[] p)
    {
        double max = -Double.MAX_VALUE;
        for (int c = 0; c < CLASSES; c++)
        {
            double s = b2[c];
            for (int j = 0; j < HIDDEN; j++)
            {
                s += w2[c * HIDDEN + j] * h[j];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++)
        {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < CLASSES; c++)
        {
            p[c] /= sum;
        }
    }

    /** Orientation histograms per cell (L2-normalised), a coarse picture and the aspect of a glyph mask. */
    static float[] features(final Mat mask)
    {
        final Mat small = new Mat();
        resize(mask, small, new Size(FW, FH), 0, 0, INTER_AREA);
        final Mat f = new Mat();
        small.convertTo(f, CV_32F, 1 / 255.0, 0);
        final float[] v = new float[FW * FH];
        new FloatPointer(f.data()).get(v);
        final float[] out = new float[DIM];
        final int cellsX = FW / CELL;
        for (int y = 0; y < FH; y++)
        {
            for (int x = 0; x < FW; x++)
            {
                final float gx = v[y * FW + Math.min(FW - 1, x + 1)] - v[y * FW + Math.max(0, x - 1)];
                final float gy = v[Math.min(FH - 1, y + 1) * FW + x] - v[Math.max(0, y - 1) * FW + x];
                final double mag = Math.sqrt(gx * gx + gy * gy);
                if (mag < 1e-6)
                {
                    continue;
                }
                double a = Math.atan2(gy, gx);
                a = a < 0 ? a + Math.PI : a;
                final int bin = Math.min(BINS - 1, (int) (a / Math.PI * BINS));
                out[((y / CELL) * cellsX + x / CELL) * BINS + bin] += (float) mag;
            }
        }
        final int hog = (FW / CELL) * (FH / CELL) * BINS;
        double norm = 1e-6;
        for (int i = 0; i < hog; i++)
        {
            norm += out[i] * out[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < hog; i++)
        {
            out[i] = (float) Math.sqrt(out[i] / norm);
        }
        final Mat coarse = new Mat();
        resize(small, coarse, new Size(PW, PH), 0, 0, INTER_AREA);
        final Mat cf = new Mat();
        coarse.convertTo(cf, CV_32F, 1 / 255.0, 0);
        final float[] c = new float[PW * PH];
        new FloatPointer(cf.data()).get(c);
        System.arraycopy(c, 0, out, hog, c.length);
        final double aspect = Math.log((double) mask.cols() / Math.max(1, mask.rows()));
        out[DIM - 3] = (float) aspect;
        out[DIM - 2] = (float) (aspect * aspect);
        out[DIM - 1] = (float) Math.min(1, mask.rows() / 64.0);
        return out;
    }

    private static GlyphNet train()
    {
        final Random random = new Random(SEED);
        final List<float[]> xs = new ArrayList<>();
        final List<Integer> ys = new ArrayList<>();
        final Mat[] kernels = {getStructuringElement(MORPH_ELLIPSE, new Size(3, 3)), getStructuringElement(MORPH_ELLIPSE, new Size(5, 5))};
        for (final PlateSceneGenerator.PlateFont font : PlateSceneGenerator.fonts(PlateSceneGenerator.Split.OWN))
        {
            for (int k = 0; k < GlyphClassifier.ALPHABET.length(); k++)
            {
                for (final double condense : new double[] {1.0, 0.85, 0.7, 0.58})
                {
                    final Mat base = GlyphClassifier.render(font.font(), GlyphClassifier.ALPHABET.charAt(k), condense);
                    for (int a = 0; a < 6; a++)
                    {
                        final Mat m = augment(base, random, kernels);
                        if (m != null)
                        {
                            xs.add(features(m));
                            ys.add(k);
                        }
                    }
                }
            }
        }
        final int glyphs = xs.size();
        for (int i = 0; i < glyphs / 12; i++)
        {
            xs.add(features(junk(random)));
            ys.add(CLASSES - 1);
        }
        final GlyphNet net = new GlyphNet();
        net.fit(xs, ys, random);
        return net;
    }

    /** A rendered glyph thickened or thinned, slanted, shrunk to a small plate's resolution, blurred and binarised. */
    private static Mat augment(final Mat base, final Random random, final Mat[] kernels)
    {
        final Mat m = new Mat();
        final Mat padded = new Mat(base.rows() + 16, base.cols() + 16, CV_8UC1, Scalar.all(0));
        base.copyTo(new Mat(padded, new Rect(8, 8, base.cols(), base.rows())));
        final int stroke = random.nextInt(5) - 2;
        if (stroke > 0)
        {
            dilate(padded, m, kernels[stroke - 1]);
        }
        else if (stroke < 0)
        {
            erode(padded, m, kernels[-stroke - 1]);
        }
        else
        {
            padded.copyTo(m);
        }
        final double shear = (random.nextDouble() - 0.5) * 0.16;
        final double rot = (random.nextDouble() - 0.5) * 0.08;
        final Mat affine = new Mat(2, 3, org.bytedeco.opencv.global.opencv_core.CV_64F);
        final DoublePointer p = new DoublePointer(affine.data());
        p.put(0, Math.cos(rot)).put(1, -Math.sin(rot) + shear).put(2, m.rows() * (Math.sin(rot) - shear) / 2);
        p.put(3, Math.sin(rot)).put(4, Math.cos(rot)).put(5, -m.cols() * Math.sin(rot) / 2);
        final Mat warped = new Mat();
        warpAffine(m, warped, affine, m.size());
        // a small plate: the glyph 9-40 px high, blurred, brought back to the crop's size and binarised there
        final int h = 9 + random.nextInt(32);
        final double s = h / (double) base.rows();
        final Mat low = new Mat();
        resize(warped, low, new Size(Math.max(2, (int) Math.round(warped.cols() * s)), Math.max(2, (int) Math.round(warped.rows() * s))), 0,
            0, INTER_AREA);
        final Mat up = new Mat();
        resize(low, up, new Size(warped.cols() * 40 / base.rows(), warped.rows() * 40 / base.rows()), 0, 0, INTER_LINEAR);
        threshold(up, up, 100 + random.nextInt(60), 255, THRESH_BINARY);
        final Mat nz = new Mat();
        findNonZero(up, nz);
        if (nz.rows() < 8)
        {
            return null;
        }
        final Rect b = boundingRect(nz);
        return new Mat(up, b).clone();
    }

    /** What is no character: a rivet, a blob of dirt, a bar of border, a corner. */
    private static Mat junk(final Random random)
    {
        final int h = 20 + random.nextInt(30);
        final int w = 4 + random.nextInt(h);
        final Mat m = new Mat(h, w, CV_8UC1, Scalar.all(0));
        final int shapes = 1 + random.nextInt(3);
        for (int i = 0; i < shapes; i++)
        {
            final int x = random.nextInt(w);
            final int y = random.nextInt(h);
            final int rw = 1 + random.nextInt(Math.max(1, w - x));
            final int rh = 1 + random.nextInt(Math.max(1, h - y));
            if (random.nextBoolean())
            {
                new Mat(m, new Rect(x, y, rw, rh)).put(Scalar.all(255));
            }
            else
            {
                org.bytedeco.opencv.global.opencv_imgproc.ellipse(m, new org.bytedeco.opencv.opencv_core.Point(x, y),
                    new Size(Math.max(1, rw / 2), Math.max(1, rh / 2)), 0, 0, 360, Scalar.all(255), -1, 8, 0);
            }
        }
        final Mat nz = new Mat();
        findNonZero(m, nz);
        return nz.rows() == 0 ? m : new Mat(m, boundingRect(nz)).clone();
    }

    /** Standardises the features and fits both layers by stochastic gradient descent with momentum. */
    private void fit(final List<float[]> xs, final List<Integer> ys, final Random random)
    {
        final int n = xs.size();
        for (final float[] x : xs)
        {
            for (int i = 0; i < DIM; i++)
            {
                mean[i] += x[i] / n;
            }
        }
        for (final float[] x : xs)
        {
            for (int i = 0; i < DIM; i++)
            {
                scale[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / n;
            }
        }
        for (int i = 0; i < DIM; i++)
        {
            scale[i] = (float) (1 / Math.sqrt(scale[i] + 1e-4));
        }
        final float[][] data = new float[n][];
        for (int s = 0; s < n; s++)
        {
            data[s] = xs.get(s).clone();
            for (int i = 0; i < DIM; i++)
            {
                data[s][i] = (data[s][i] - mean[i]) * scale[i];
            }
        }
        final double init1 = Math.sqrt(2.0 / DIM);
        for (int i = 0; i < w1.length; i++)
        {
            w1[i] = (float) (random.nextGaussian() * init1);
        }
        final double init2 = Math.sqrt(1.0 / HIDDEN);
        for (int i = 0; i < w2.length; i++)
        {
            w2[i] = (float) (random.nextGaussian() * init2);
        }
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        final float[] h = new float[HIDDEN];
        final double[] p = new double[CLASSES];
        final float[] dh = new float[HIDDEN];
        for (int epoch = 0; epoch < EPOCHS; epoch++)
        {
            for (int i = n - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            final float lr = (float) (0.02 * (1 - 0.9 * epoch / (double) EPOCHS));
            for (final int s : order)
            {
                step(data[s], ys.get(s), lr, h, p, dh);
            }
        }
    }

    /** One sample's gradient step (cross-entropy, a little weight decay). */
    private void step(final float[] x, final int y, final float lr, final float[] h, final double[] p, final float[] dh)
    {
        forward(x, h);
        softmax(h, p);
        java.util.Arrays.fill(dh, 0);
        for (int c = 0; c < CLASSES; c++)
        {
            final float g = (float) (p[c] - (c == y ? 1 : 0));
            if (Math.abs(g) < 1e-4)
            {
                continue;
            }
            final int o = c * HIDDEN;
            for (int j = 0; j < HIDDEN; j++)
            {
                dh[j] += g * w2[o + j];
                w2[o + j] -= lr * (g * h[j] + 1e-4f * w2[o + j]);
            }
            b2[c] -= lr * g;
        }
        for (int j = 0; j < HIDDEN; j++)
        {
            if (h[j] <= 0 || dh[j] == 0)
            {
                continue;
            }
            final float g = dh[j];
            final int o = j * DIM;
            for (int i = 0; i < DIM; i++)
            {
                w1[o + i] -= lr * g * x[i];
            }
            b1[j] -= lr * g;
        }
    }
}
