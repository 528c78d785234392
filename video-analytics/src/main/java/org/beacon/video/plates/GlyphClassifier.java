package org.beacon.video.plates;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Scores segmented glyphs and fits them to the Vietnamese formats. The scores are the class probabilities of
 * {@link GlyphNet}, a small network trained in the process on glyphs rendered from the generator's own fonts (the
 * held-out family never); real Vietnamese plates are printed in one standard condensed sans-serif, which bold sans,
 * condensed and mono fonts of several families, thickened, thinned and brought down to a small plate's resolution,
 * stand in for. Immutable; shareable between threads.
 */
final class GlyphClassifier
{
    /** The classes, in score order: digits then series letters. */
    static final String ALPHABET = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private final GlyphNet net = GlyphNet.get();

    /** Renders one character, black background, white glyph, cropped to its outline, 64 px high. */
    static Mat render(final Font font, final char c, final double condense)
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

    /**
     * Scores of one glyph against every class.
     *
     * @param mask the glyph (white on black, 8-bit), cropped to its bounding box.
     * @return per class of {@link #ALPHABET}: its probability, 0..1 (what is left to 1 is "no character").
     */
    double[] scores(final Mat mask)
    {
        final double[] p = net.probabilities(mask);
        return java.util.Arrays.copyOf(p, ALPHABET.length());
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
     * @param cost    out: cost[0] receives the mean cost per glyph (0 best); cost[1], when there, the worst glyph's.
     * @return the display form, or null when no template has as many slots as there are glyphs.
     */
    static String decode(final List<double[]> scores, final String seps, final boolean twoLine, final double[] cost)
    {
        String best = null;
        double bestCost = Double.MAX_VALUE;
        double bestWorst = 1;
        for (final String template : twoLine ? TWO_LINE : ONE_LINE)
        {
            final StringBuilder out = new StringBuilder(template.length());
            double c = 0;
            int k = 0;
            char sep = '_';
            boolean fits = true;
            double worst = 0;
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
                worst = Math.max(worst, 1 - s[arg]);
                out.append(ALPHABET.charAt(arg));
            }
            if (!fits || k != scores.size())
            {
                continue;
            }
            final double[] province = province(scores.get(0), scores.get(1));
            c += province[0];
            out.setCharAt(0, (char) ('0' + (int) province[1]));
            out.setCharAt(1, (char) ('0' + (int) province[2]));
            worst = Math.max(worst, province[3]);
            if (c < bestCost)
            {
                bestCost = c;
                best = out.toString();
                bestWorst = worst;
            }
        }
        cost[0] = best == null ? Double.MAX_VALUE : bestCost / scores.size();
        if (cost.length > 1)
        {
            cost[1] = best == null ? 1 : bestWorst;
        }
        return best;
    }

    /**
     * The best valid province code for the first two glyphs: {extra cost over the two best digits, tens, ones, the
     * worse of the two glyphs' costs}.
     */
    private static double[] province(final double[] tens, final double[] ones)
    {
        int freeT = 0;
        int freeO = 0;
        for (int d = 0; d < 10; d++)
        {
            freeT = tens[d] > tens[freeT] ? d : freeT;
            freeO = ones[d] > ones[freeO] ? d : freeO;
        }
        final double free = 2 - tens[freeT] - ones[freeO];
        double best = Double.MAX_VALUE;
        final double[] out = new double[4];
        for (final int code : VietnamesePlates.provinces())
        {
            final double c = 2 - tens[code / 10] - ones[code % 10];
            if (c < best)
            {
                best = c;
                out[1] = code / 10;
                out[2] = code % 10;
                out[3] = Math.max(1 - tens[code / 10], 1 - ones[code % 10]);
            }
        }
        out[0] = best - free;
        return out;
    }
}
