package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A per-character template matcher: a second opinion beside Tesseract for segmented glyphs. Its templates are
 * rendered at start-up from the machine's fonts, the same ones the generated plate set uses; real Vietnamese plates
 * are printed in one standard condensed sans-serif, so a few bold sans fonts are a fair stand-in for it. A glyph is
 * compared by normalised correlation of its mask stretched to a fixed grid, plus a penalty on the difference in
 * aspect ratio (what tells a 1 from a stretched block). Immutable after construction; shareable between threads.
 */
final class GlyphClassifier
{
    /** The classes, in score order: digits then series letters. */
    static final String ALPHABET = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private static final int GW = 16;
    private static final int GH = 32;
    private static final int N = GW * GH;
    private static final double ASPECT_WEIGHT = 0.35;

    private final List<float[]> templates = new ArrayList<>();
    private final List<Integer> classes = new ArrayList<>();
    private final List<Double> aspects = new ArrayList<>();

    GlyphClassifier()
    {
        for (final Font font : PlateSetGenerator.fonts())
        {
            for (int k = 0; k < ALPHABET.length(); k++)
            {
                for (final double condense : new double[] {0.95, 0.75})
                {
                    add(render(font, ALPHABET.charAt(k), condense), k);
                }
            }
        }
    }

    private void add(final Mat mask, final int cls)
    {
        templates.add(feature(mask));
        classes.add(cls);
        aspects.add((double) mask.cols() / mask.rows());
    }

    /** Renders one character, black background, white glyph, cropped to its outline. */
    private static Mat render(final Font font, final char c, final double condense)
    {
        final int h = 64;
        final BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        final Graphics2D pg = probe.createGraphics();
        final Shape outline = font.deriveFont(Font.BOLD, 100f).createGlyphVector(pg.getFontRenderContext(), String.valueOf(c))
            .getOutline();
        pg.dispose();
        final Rectangle2D b = outline.getBounds2D();
        final double sy = h / b.getHeight();
        final double sx = sy * condense;
        final int w = Math.max(1, (int) Math.ceil(b.getWidth() * sx));
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        final AffineTransform t = new AffineTransform();
        t.scale(sx, sy);
        t.translate(-b.getX(), -b.getY());
        g.fill(t.createTransformedShape(outline));
        g.dispose();
        final byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        final Mat m = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
        m.data().put(px);
        return m;
    }

    /** The mask stretched to the grid, zero mean, unit norm. */
    private static float[] feature(final Mat mask)
    {
        final Mat small = new Mat();
        resize(mask, small, new Size(GW, GH), 0, 0, INTER_AREA);
        final Mat f = new Mat();
        small.convertTo(f, CV_32F);
        final float[] v = new float[N];
        new FloatPointer(f.data()).get(v);
        double mean = 0;
        for (final float x : v)
        {
            mean += x;
        }
        mean /= N;
        double norm = 0;
        for (int i = 0; i < N; i++)
        {
            v[i] -= (float) mean;
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(Math.max(norm, 1e-9));
        for (int i = 0; i < N; i++)
        {
            v[i] /= (float) norm;
        }
        return v;
    }

    /**
     * Scores of one glyph against every class.
     *
     * @param mask the glyph (white on black, 8-bit), cropped to its bounding box.
     * @return per class of {@link #ALPHABET}: the best match, about -1..1 (higher is better).
     */
    double[] scores(final Mat mask)
    {
        final float[] v = feature(mask);
        final double aspect = (double) mask.cols() / mask.rows();
        final double[] best = new double[ALPHABET.length()];
        java.util.Arrays.fill(best, -2);
        for (int t = 0; t < templates.size(); t++)
        {
            final float[] tv = templates.get(t);
            double dot = 0;
            for (int i = 0; i < N; i++)
            {
                dot += v[i] * tv[i];
            }
            final double s = dot - ASPECT_WEIGHT * Math.abs(Math.log(aspect / aspects.get(t)));
            final int c = classes.get(t);
            if (s > best[c])
            {
                best[c] = s;
            }
        }
        return best;
    }

    /** Templates as in {@link VietnamesePlates}: D digit, L series letter, X either; '-', '.', ' ' separators. */
    private static final String[] ONE_LINE = {"DDL-DDD.DD", "DDL-DDDD", "DDLX-DDD.DD", "DDLX-DDDD"};
    private static final String[] TWO_LINE = {"DD-LD DDD.DD", "DD-LD DDDD"};

    /**
     * The plate the glyph scores fit best.
     *
     * @param scores  per glyph, its class scores.
     * @param seps    per glyph, the separator seen before it ('_' none, '-', '.', ' ' a line break).
     * @param twoLine the motorbike layout.
     * @param cost    out: cost[0] receives the mean cost per glyph (0 best).
     * @return the display form, or null when no template has as many slots as there are glyphs.
     */
    static String decode(final List<double[]> scores, final String seps, final boolean twoLine, final double[] cost)
    {
        String best = null;
        double bestCost = Double.MAX_VALUE;
        for (final String template : twoLine ? TWO_LINE : ONE_LINE)
        {
            final StringBuilder out = new StringBuilder(template.length());
            double c = 0;
            int k = 0;
            char sep = '_';
            boolean fits = true;
            for (int i = 0; i < template.length() && fits; i++)
            {
                final char t = template.charAt(i);
                if (t != 'D' && t != 'L' && t != 'X')
                {
                    sep = t;
                    out.append(t);
                    continue;
                }
                if (k >= scores.size())
                {
                    fits = false;
                    break;
                }
                final char seen = seps.charAt(k);
                if (k > 0 && seen != sep && sep != ' ')
                {
                    c += seen == '_' ? 0.05 : (sep == '_' ? 0.3 : 0.15);
                }
                sep = '_';
                final double[] s = scores.get(k++);
                final int from = t == 'L' ? 10 : 0;
                final int to = t == 'D' ? 10 : ALPHABET.length();
                int arg = from;
                for (int j = from; j < to; j++)
                {
                    arg = s[j] > s[arg] ? j : arg;
                }
                c += 1 - s[arg];
                out.append(ALPHABET.charAt(arg));
            }
            if (!fits || k != scores.size())
            {
                continue;
            }
            if (c < bestCost)
            {
                bestCost = c;
                best = out.toString();
            }
        }
        cost[0] = best == null ? Double.MAX_VALUE : bestCost / scores.size();
        return best;
    }
}
