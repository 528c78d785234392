package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The segmentation stage of {@link PlatePipeline}: one band of a deskewed crop binarised, cleared of the border and
 * the surround, cut into characters by connected components (pieces of one character merged, touching characters
 * cut apart and, as a second option, kept whole) and the separators between them.
 */
final class PlateSegmenter
{
    /** Where between the characters' mean and Otsu's threshold the strict pass cuts. */
    private static final double STRICT = 0.5;

    private final Mat kernel3 = getStructuringElement(MORPH_RECT, new Size(3, 3));

    /** A character's connected components merged: bounding box and label ids. */
    private static final class Glyph
    {
        int x0;
        int y0;
        int x1;
        int y1;
        final List<Integer> labels = new ArrayList<>();
        /** The pixels when the glyph is a piece cut from a wider one; null to take them from the labels. */
        Mat mask;

        Glyph(final int x, final int y, final int w, final int h, final int label)
        {
            x0 = x;
            y0 = y;
            x1 = x + w;
            y1 = y + h;
            labels.add(label);
        }

        int w()
        {
            return x1 - x0;
        }

        int h()
        {
            return y1 - y0;
        }

        void merge(final Glyph o)
        {
            x0 = Math.min(x0, o.x0);
            y0 = Math.min(y0, o.y0);
            x1 = Math.max(x1, o.x1);
            y1 = Math.max(y1, o.y1);
            labels.addAll(o.labels);
        }
    }

    /** Segmented characters of one line: each one's mask (white on black) and the separator seen before it. */
    record Line(List<Mat> masks, String seps)
    {
    }

    /** Segments the rows [y0, y1) of the deskewed crop into one line of characters: its segmentations, best first; empty when none. */
    List<Line> segment(final Mat crop, final int y0, final int y1, final Rect inner, final int pass)
    {
        final Mat bin = binarise(crop, y0, y1, inner, pass);
        final int w = bin.cols();
        final int h = bin.rows();
        final Mat labels = new Mat();
        final List<Glyph> merged = glyphs(bin, labels, w, h);
        // characters: the tall glyphs of similar height
        final List<Integer> heights = new ArrayList<>();
        for (final Glyph g : merged)
        {
            if (g.h() >= 0.35 * h)
            {
                heights.add(g.h());
            }
        }
        if (heights.size() < 3)
        {
            return List.of();
        }
        heights.sort(Integer::compare);
        final int median = heights.get(heights.size() / 2);
        final List<Integer> widths = new ArrayList<>();
        for (final Glyph g : merged)
        {
            // a 1 is narrower than the rest: it does not count towards the usual width
            if (g.h() >= 0.75 * median && g.h() <= 1.25 * median && g.w() <= 1.1 * median && g.w() >= 0.35 * median)
            {
                widths.add(g.w());
            }
        }
        widths.sort(Integer::compare);
        final double typical = widths.size() < 3 ? 0.55 * median : widths.get(widths.size() / 2);
        // characters that touch come as one wide glyph: cut it where the fewest pixels are, near the nominal cuts;
        // a wide letter (M, D) looks the same, so the glyph is also kept whole in a second option
        final List<Line> options = new ArrayList<>();
        final Line split = line(labels, merged, h, median, typical, true);
        if (split != null)
        {
            options.add(split);
        }
        boolean anyWide = false;
        for (final Glyph g : merged)
        {
            anyWide |= wide(g, median, typical);
        }
        final Line whole = anyWide ? line(labels, merged, h, median, typical, false) : null;
        if (whole != null)
        {
            options.add(whole);
        }
        return options;
    }

    /**
     * The rows [y0, y1) of the crop binarised (characters white), kept to the plate's inside and cleared of the border;
     * pass 0 at Otsu's threshold, 1 the same eroded, 2 at a threshold half way from Otsu's to the characters' mean (what a
     * blurred small plate's halo joins comes apart).
     */
    private Mat binarise(final Mat crop, final int y0, final int y1, final Rect inner, final int pass)
    {
        final Mat band = new Mat(crop, new Rect(0, y0, crop.cols(), y1 - y0));
        final int w = band.cols();
        final int h = band.rows();
        final Mat bin = new Mat();
        final double otsu = threshold(band, bin, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
        if (pass == 2)
        {
            final double ink = mean(band, bin).get(0);
            threshold(band, bin, ink + STRICT * (otsu - ink), 255, THRESH_BINARY_INV);
        }
        // a character touching the border stays; the border and the dark surround go
        final int top = Math.max(0, inner.y() - y0);
        final int bottom = Math.min(h, inner.y() + inner.height() - y0);
        final Mat keep = new Mat(h, w, CV_8UC1, Scalar.all(0));
        if (bottom > top)
        {
            new Mat(keep, new Rect(inner.x(), top, inner.width(), bottom - top)).put(Scalar.all(255));
        }
        bitwise_and(bin, keep, bin);
        // the border: long straight runs no character has
        final Mat lines = new Mat();
        final Mat hl = new Mat();
        morphologyEx(bin, hl, MORPH_OPEN, getStructuringElement(MORPH_RECT, new Size(w / 4, 1)));
        morphologyEx(bin, lines, MORPH_OPEN, getStructuringElement(MORPH_RECT, new Size(1, (int) (h * 0.75))));
        bitwise_or(lines, hl, lines);
        dilate(lines, lines, kernel3);
        subtract(bin, lines, bin);
        if (pass == 1)
        {
            erode(bin, bin, kernel3);
        }
        return bin;
    }

    /** The band's connected components (labelled into {@code labels}), left to right, broken pieces merged. */
    private static List<Glyph> glyphs(final Mat bin, final Mat labels, final int w, final int h)
    {
        final Mat stats = new Mat();
        final Mat centroids = new Mat();
        final int n = connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
        final IntPointer st = new IntPointer(stats.data());
        final List<Glyph> blobs = new ArrayList<>();
        for (int i = 1; i < n; i++)
        {
            final int x = st.get(5L * i);
            final int y = st.get(5L * i + 1);
            final int bw = st.get(5L * i + 2);
            final int bh = st.get(5L * i + 3);
            final int area = st.get(5L * i + 4);
            if (area < 6 || bh > 0.97 * h || bw > 0.3 * w)
            {
                continue;
            }
            blobs.add(new Glyph(x, y, bw, bh, i));
        }
        blobs.sort(Comparator.comparingInt(g -> g.x0));
        // pieces of one broken character overlap in x
        final List<Glyph> merged = new ArrayList<>();
        for (final Glyph g : blobs)
        {
            final Glyph last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && Math.min(last.x1, g.x1) - Math.max(last.x0, g.x0) > 0.6 * Math.min(last.w(), g.w()))
            {
                last.merge(g);
            }
            else
            {
                merged.add(g);
            }
        }
        return merged;
    }

    /** Whether a glyph is as wide as two or three characters side by side. */
    private static boolean wide(final Glyph g, final int median, final double typical)
    {
        final int k = (int) Math.round(g.w() / typical);
        return g.h() >= 0.75 * median && g.h() <= 1.25 * median && g.w() > 1.55 * typical && k >= 2 && k <= 3;
    }

    /** The characters of a line and the separators between them; wide glyphs cut apart when {@code cut}. */
    private static Line line(final Mat labels, final List<Glyph> merged, final int h, final int median, final double typical,
        final boolean cut)
    {
        final List<Glyph> pieces = new ArrayList<>();
        for (final Glyph g : merged)
        {
            final int k = (int) Math.round(g.w() / typical);
            if (cut && wide(g, median, typical))
            {
                split(labels, g, k, pieces);
            }
            else
            {
                pieces.add(g);
            }
        }
        final List<Glyph> chars = new ArrayList<>();
        final StringBuilder seps = new StringBuilder();
        int lineTop = h;
        int lineBottom = 0;
        for (final Glyph g : pieces)
        {
            if (g.h() >= 0.75 * median && g.h() <= 1.25 * median && g.w() <= 1.1 * median)
            {
                chars.add(g);
                seps.append('_');
                lineTop = Math.min(lineTop, g.y0);
                lineBottom = Math.max(lineBottom, g.y1);
            }
        }
        if (chars.size() < 3 || chars.size() > 10)
        {
            return null;
        }
        // separators between characters: a dash is flat and mid-height, a dot small and low
        for (final Glyph g : merged)
        {
            if (g.h() >= 0.5 * median)
            {
                continue;
            }
            final double cy = (g.y0 + g.y1) / 2.0;
            final double rel = (cy - lineTop) / Math.max(1, lineBottom - lineTop);
            int after = 0;
            while (after < chars.size() && chars.get(after).x1 <= g.x0)
            {
                after++;
            }
            if (after == 0 || after == chars.size() || chars.get(after).x0 < g.x1)
            {
                continue;
            }
            if (g.w() > g.h() && rel > 0.3 && rel < 0.7)
            {
                seps.setCharAt(after, '-');
            }
            else if (rel > 0.7 && g.w() < 0.5 * median)
            {
                seps.setCharAt(after, '.');
            }
        }
        final List<Mat> masks = new ArrayList<>();
        for (final Glyph g : chars)
        {
            masks.add(g.mask != null ? g.mask : mask(labels, g));
        }
        return new Line(masks, seps.toString());
    }

    /** The glyph's pixels, white on black, over its bounding box. */
    private static Mat mask(final Mat labels, final Glyph g)
    {
        final Mat roi = new Mat(labels, new Rect(g.x0, g.y0, g.w(), g.h()));
        final Mat mask = new Mat(g.h(), g.w(), CV_8UC1, Scalar.all(0));
        final Mat one = new Mat();
        for (final int label : g.labels)
        {
            compare(roi, new Mat(1, 1, CV_32S, Scalar.all(label)), one, CMP_EQ);
            bitwise_or(mask, one, mask);
        }
        return mask;
    }

    /** Cuts a glyph of k touching characters at the emptiest columns near its nominal cuts. */
    private static void split(final Mat labels, final Glyph g, final int k, final List<Glyph> out)
    {
        final Mat m = mask(labels, g);
        final int w = g.w();
        final int h = g.h();
        final byte[] px = new byte[w * h];
        final Mat dense = m.isContinuous() ? m : m.clone();
        dense.data().get(px);
        final int[] cols = new int[w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                cols[x] += px[y * w + x] != 0 ? 1 : 0;
            }
        }
        int from = 0;
        for (int i = 1; i <= k; i++)
        {
            int cut = w;
            if (i < k)
            {
                final int nominal = w * i / k;
                final int reach = Math.max(1, w / (4 * k));
                cut = nominal;
                for (int x = Math.max(from + 1, nominal - reach); x <= Math.min(w - 2, nominal + reach); x++)
                {
                    cut = cols[x] < cols[cut] ? x : cut;
                }
            }
            // the piece's rows: tightened to where it has pixels
            int top = h;
            int bottom = -1;
            for (int y = 0; y < h; y++)
            {
                for (int x = from; x < cut; x++)
                {
                    if (px[y * w + x] != 0)
                    {
                        top = Math.min(top, y);
                        bottom = y;
                        break;
                    }
                }
            }
            if (bottom >= top && cut > from)
            {
                final Glyph piece = new Glyph(g.x0 + from, g.y0 + top, cut - from, bottom - top + 1, g.labels.get(0));
                piece.labels.clear();
                piece.labels.addAll(g.labels);
                piece.mask = new Mat(m, new Rect(from, top, cut - from, bottom - top + 1)).clone();
                out.add(piece);
            }
            from = cut;
        }
    }
}
