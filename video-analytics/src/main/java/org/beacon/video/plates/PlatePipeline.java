package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.Canny;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.isContourConvex;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.beacon.codecs.PlateLayout;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Finds and reads every plate in a frame. Localisation runs on a downscaled grey image: edges, closed contours
 * that are plate-shaped quadrilaterals (car 520x110 mm, motorbike 190x140 mm). Each candidate is deskewed by
 * its own corners into a fixed-size crop (inside a margin, so characters touching the border are not lost with it),
 * binarised, cleared outside the plate, segmented into characters by connected components (touching characters cut
 * apart). Each character is scored by a template matcher ({@link GlyphClassifier}); only when its best fit to the
 * Vietnamese formats is not clearly good does Tesseract read the characters re-laid on a clean line (one call per
 * plate line) and vote per character. A candidate
 * that corrects to no format is not a plate. Owns a {@link TessBaseAPI}: one pipeline per thread.
 */
public final class PlatePipeline implements AutoCloseable
{
    /** Default Tesseract data directory (Debian's tesseract-ocr-eng). */
    public static final String DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

    private static final int LOCALISE_WIDTH = 960;
    private static final int ONE_W = 312;
    private static final int ONE_H = 66;
    private static final int TWO_W = 228;
    private static final int TWO_H = 168;
    private static final int GLYPH_H = 40;
    private static final float MARGIN_X = 0.04f;
    private static final double SURE_COST = 0.12;
    private static final double TESS_VOTE = 0.3;
    private static final float MARGIN_Y = 0.12f;
    private static final int MAX_CANDIDATES = 24;
    private static final int MAX_READS = 3;
    private static final String WHITELIST = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private final TessBaseAPI tess = new TessBaseAPI();
    private final GlyphClassifier classifier = new GlyphClassifier();
    private final Mat kernel3 = getStructuringElement(MORPH_RECT, new Size(3, 3));

    /** A pipeline with the Tesseract data of {@code BEACON_TESSDATA}, or {@link #DEFAULT_TESSDATA}. */
    public PlatePipeline()
    {
        this(System.getenv("BEACON_TESSDATA") != null ? System.getenv("BEACON_TESSDATA") : DEFAULT_TESSDATA);
    }

    /**
     * A pipeline.
     *
     * @param tessdata the directory holding eng.traineddata.
     */
    public PlatePipeline(final String tessdata)
    {
        if (tess.Init(tessdata, "eng") != 0)
        {
            tess.close();
            throw new IllegalStateException("Tesseract could not load eng from " + tessdata);
        }
        tess.SetPageSegMode(tesseract.PSM_SINGLE_LINE);
        tess.SetVariable("tessedit_char_whitelist", WHITELIST);
        tess.SetVariable("load_system_dawg", "0");
        tess.SetVariable("load_freq_dawg", "0");
    }

    /** The reads of the candidates at one place. */
    private static final class Group
    {
        final Rect box;
        final List<PlateReading> reads = new ArrayList<>();
        int attempts;

        Group(final Rect box)
        {
            this.box = box;
        }

        boolean agreed()
        {
            for (int i = 0; i < reads.size(); i++)
            {
                for (int j = i + 1; j < reads.size(); j++)
                {
                    if (reads.get(i).plate().equals(reads.get(j).plate()))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The plate with the highest summed confidence; its most confident read. */
        PlateReading best()
        {
            PlateReading best = null;
            double bestScore = -1;
            for (final PlateReading r : reads)
            {
                double score = 0;
                for (final PlateReading o : reads)
                {
                    score += o.plate().equals(r.plate()) ? o.confidence() : 0;
                }
                if (score > bestScore || (score == bestScore && r.confidence() > best.confidence()))
                {
                    bestScore = score;
                    best = r;
                }
            }
            return best;
        }
    }

    /** A plate-shaped quadrilateral, corners TL, TR, BR, BL in frame coordinates. */
    record Candidate(float[] quad, PlateLayout layout, Rect box)
    {
    }

    /**
     * Every plate found in a frame.
     *
     * @param bgrFrame a BGR (or grey) frame.
     * @return the readings, corrected, best first; empty when none.
     */
    public List<PlateReading> read(final Mat bgrFrame)
    {
        final Mat gray = new Mat();
        if (bgrFrame.channels() == 1)
        {
            bgrFrame.copyTo(gray);
        }
        else
        {
            cvtColor(bgrFrame, gray, COLOR_BGR2GRAY);
        }
        // candidates of one place (an outline and its inner edge, thin and dilated edges) are read a few times
        // and their reads agree or are outvoted: a group is done once two reads agree or MAX_READS were made
        final List<Group> groups = new ArrayList<>();
        for (final Candidate c : localise(gray))
        {
            Group group = null;
            for (final Group g : groups)
            {
                if (overlap(g.box, c.box()) > 0.5)
                {
                    group = g;
                    break;
                }
            }
            if (group == null)
            {
                group = new Group(c.box());
                groups.add(group);
            }
            if (group.attempts >= MAX_READS || group.agreed())
            {
                continue;
            }
            group.attempts++;
            final PlateReading r = readCandidate(gray, c);
            if (r != null)
            {
                group.reads.add(r);
            }
        }
        final List<PlateReading> readings = new ArrayList<>();
        for (final Group g : groups)
        {
            final PlateReading best = g.best();
            if (best != null)
            {
                readings.add(best);
            }
        }
        readings.sort(Comparator.comparingDouble(PlateReading::confidence).reversed());
        return readings;
    }

    /**
     * Plate-shaped quadrilaterals, largest first.
     *
     * @param gray the grey frame.
     * @return candidates in frame coordinates.
     */
    List<Candidate> localise(final Mat gray)
    {
        final double scale = gray.cols() > LOCALISE_WIDTH ? (double) LOCALISE_WIDTH / gray.cols() : 1.0;
        final Mat small = new Mat();
        if (scale < 1.0)
        {
            resize(gray, small, new Size(), scale, scale, INTER_AREA);
        }
        else
        {
            gray.copyTo(small);
        }
        final Mat edges = new Mat();
        Canny(small, edges, 40, 120);
        final List<Candidate> out = new ArrayList<>();
        final List<Double> areas = new ArrayList<>();
        // thin edges keep a plate apart from a holder or bumper close by; dilated ones close a blurred outline
        collect(edges, scale, out, areas);
        dilate(edges, edges, kernel3);
        collect(edges, scale, out, areas);
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++)
        {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(areas.get(b), areas.get(a)));
        final List<Candidate> sorted = new ArrayList<>();
        for (int i = 0; i < order.size() && i < MAX_CANDIDATES; i++)
        {
            sorted.add(out.get(order.get(i)));
        }
        return sorted;
    }

    private void collect(final Mat edges, final double scale, final List<Candidate> out, final List<Double> areas)
    {
        final MatVector contours = new MatVector();
        findContours(edges.clone(), contours, RETR_LIST, CHAIN_APPROX_SIMPLE);
        for (long i = 0; i < contours.size(); i++)
        {
            final Mat contour = contours.get(i);
            final Rect br = boundingRect(contour);
            if (br.width() < 24 || br.height() < 10 || br.width() > edges.cols() / 3 || br.height() > edges.rows() / 3)
            {
                continue;
            }
            final RotatedRect rr = minAreaRect(contour);
            final double w = Math.max(rr.size().width(), rr.size().height());
            final double h = Math.min(rr.size().width(), rr.size().height());
            final double ratio = w / Math.max(1, h);
            final PlateLayout layout;
            if (ratio >= 3.0 && ratio <= 7.0)
            {
                layout = PlateLayout.ONE_LINE;
            }
            else if (ratio >= 1.0 && ratio <= 1.9 && h >= 18)
            {
                layout = PlateLayout.TWO_LINE;
            }
            else
            {
                continue;
            }
            final double area = contourArea(contour);
            if (area < 0.75 * w * h)
            {
                continue;
            }
            boolean duplicate = false;
            final Rect box = new Rect((int) (br.x() / scale), (int) (br.y() / scale), (int) Math.ceil(br.width() / scale),
                (int) Math.ceil(br.height() / scale));
            for (final Candidate c : out)
            {
                duplicate |= c.layout() == layout && overlap(c.box(), box) > 0.9
                    && Math.abs(c.box().area() - box.area()) < 0.1 * box.area();
            }
            if (duplicate)
            {
                continue;
            }
            final float[] quad = corners(contour, rr);
            for (int k = 0; k < 8; k++)
            {
                quad[k] /= scale;
            }
            out.add(new Candidate(quad, layout, box));
            areas.add(area);
        }
    }

    /** The four corners TL, TR, BR, BL: the contour's polygon when it is a convex quadrilateral, else its rotated box. */
    private static float[] corners(final Mat contour, final RotatedRect rr)
    {
        final Mat approx = new Mat();
        approxPolyDP(contour, approx, 0.04 * arcLength(contour, true), true);
        final float[] pts = new float[8];
        if (approx.rows() == 4 && isContourConvex(approx))
        {
            final IntPointer p = new IntPointer(approx.data());
            for (int i = 0; i < 8; i++)
            {
                pts[i] = p.get(i);
            }
        }
        else
        {
            final Point2f box = new Point2f(4);
            rr.points(box);
            for (int i = 0; i < 4; i++)
            {
                pts[2 * i] = box.position(i).x();
                pts[2 * i + 1] = box.position(i).y();
            }
            box.position(0);
        }
        return order(pts);
    }

    /**
     * Orders four points TL, TR, BR, BL: clockwise around their centroid (y grows downwards), starting from the
     * smallest x+y. Picking each corner by its own extreme can pick one point twice on a rotated quad.
     */
    private static float[] order(final float[] p)
    {
        final float cx = (p[0] + p[2] + p[4] + p[6]) / 4;
        final float cy = (p[1] + p[3] + p[5] + p[7]) / 4;
        final Integer[] idx = {0, 1, 2, 3};
        java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> Math.atan2(p[2 * i + 1] - cy, p[2 * i] - cx)));
        int start = 0;
        for (int k = 1; k < 4; k++)
        {
            if (p[2 * idx[k]] + p[2 * idx[k] + 1] < p[2 * idx[start]] + p[2 * idx[start] + 1])
            {
                start = k;
            }
        }
        final float[] out = new float[8];
        for (int k = 0; k < 4; k++)
        {
            final int i = idx[(start + k) % 4];
            out[2 * k] = p[2 * i];
            out[2 * k + 1] = p[2 * i + 1];
        }
        return out;
    }

    /**
     * Deskews, segments and reads one candidate.
     *
     * @param gray the grey frame.
     * @param c    the candidate.
     * @return the reading, or null when it is not a readable plate.
     */
    PlateReading readCandidate(final Mat gray, final Candidate c)
    {
        final boolean two = c.layout() == PlateLayout.TWO_LINE;
        final int w = two ? TWO_W : ONE_W;
        final int h = two ? TWO_H : ONE_H;
        // the quad lands inside a margin: when the contour was the border's inner edge, characters touching it
        // would otherwise touch the crop's edge and be stripped with the border
        final int mx = Math.round(w * MARGIN_X);
        final int my = Math.round(h * (two ? MARGIN_X : MARGIN_Y));
        final Mat src = points(c.quad());
        final Mat dst = points(new float[] {mx, my, w + mx, my, w + mx, h + my, mx, h + my});
        final Mat crop = new Mat();
        warpPerspective(gray, crop, getPerspectiveTransform(src, dst), new Size(w + 2 * mx, h + 2 * my), INTER_CUBIC, BORDER_REPLICATE,
            new Scalar());
        // the plate inside the margin, less about a border's thickness: what lies outside is not a character
        final int ix = mx + Math.round(w * 0.02f);
        final int iy = my + Math.round(h * (two ? 0.03f : 0.04f));
        final Rect inner = new Rect(ix, iy, crop.cols() - 2 * ix, crop.rows() - 2 * iy);
        final List<Line> lines = new ArrayList<>();
        if (two)
        {
            final Line top = segment(crop, 0, crop.rows() / 2, inner);
            final Line bottom = top == null ? null : segment(crop, crop.rows() / 2, crop.rows(), inner);
            if (bottom == null)
            {
                return null;
            }
            lines.add(top);
            lines.add(new Line(bottom.masks(), " " + bottom.seps().substring(1)));
        }
        else
        {
            final Line line = segment(crop, 0, crop.rows(), inner);
            if (line == null)
            {
                return null;
            }
            lines.add(line);
        }
        // every glyph is scored by the template matcher; when its best fit is not clearly good, Tesseract reads
        // each line and, when it has as many characters as there are glyphs, votes for its character at each place
        final List<double[]> scores = new ArrayList<>();
        final StringBuilder seps = new StringBuilder();
        for (final Line line : lines)
        {
            for (final Mat m : line.masks())
            {
                scores.add(classifier.scores(m));
            }
            seps.append(line.seps());
        }
        final double[] cost = new double[1];
        final String sure = GlyphClassifier.decode(scores, seps.toString(), two, cost);
        if (sure == null)
        {
            return null; // no format has this many characters: Tesseract, voting per glyph, cannot change that
        }
        if (cost[0] < SURE_COST)
        {
            final double confidence = Math.max(0, Math.min(1, (1 - cost[0] + TESS_VOTE) / (1 + TESS_VOTE)));
            return new PlateReading(sure, confidence, c.box(), crop, VietnamesePlates.layout(sure));
        }
        int at = 0;
        for (final Line line : lines)
        {
            final String read = ocrChars(line);
            if (read != null && read.length() == line.masks().size())
            {
                for (int i = 0; i < read.length(); i++)
                {
                    final int k = GlyphClassifier.ALPHABET.indexOf(read.charAt(i));
                    if (k >= 0)
                    {
                        scores.get(at + i)[k] += TESS_VOTE;
                    }
                }
            }
            at += line.masks().size();
        }
        final String plate = GlyphClassifier.decode(scores, seps.toString(), two, cost);
        final double confidence = Math.max(0, Math.min(1, (1 - cost[0]) / (1 + TESS_VOTE)));
        return new PlateReading(plate, confidence, c.box(), crop, VietnamesePlates.layout(plate));
    }

    /** Raw text with separators, and Tesseract's confidence (0..1). */
    private record Text(String raw, double confidence)
    {
    }

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
    private record Line(List<Mat> masks, String seps)
    {
    }

    /** Segments the rows [y0, y1) of the deskewed crop into one line of characters. */
    private Line segment(final Mat crop, final int y0, final int y1, final Rect inner)
    {
        final Mat band = new Mat(crop, new Rect(0, y0, crop.cols(), y1 - y0));
        final int w = band.cols();
        final int h = band.rows();
        final Mat bin = new Mat();
        threshold(band, bin, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
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
        final Mat labels = new Mat();
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
            return null;
        }
        heights.sort(Integer::compare);
        final int median = heights.get(heights.size() / 2);
        // characters that touch come as one wide glyph: cut it where the fewest pixels are, near the nominal cuts
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
        final List<Glyph> pieces = new ArrayList<>();
        for (final Glyph g : merged)
        {
            final int k = (int) Math.round(g.w() / typical);
            if (g.h() >= 0.75 * median && g.h() <= 1.25 * median && g.w() > 1.55 * typical && k >= 2 && k <= 3)
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
        if (chars.size() < 3 || chars.size() > 9)
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

    /** Tesseract's characters for a line, without separators; null when it reads nothing. */
    private String ocrChars(final Line line)
    {
        final Text t = ocr(new Line(line.masks(), "_".repeat(line.masks().size())));
        return t == null ? null : t.raw();
    }

    /** Lays the glyphs out on a clean line, black on white, and reads it; separators put back when the counts agree. */
    private Text ocr(final Line line)
    {
        final int gap = 10;
        final int margin = 14;
        final List<Mat> glyphs = new ArrayList<>();
        int width = margin * 2;
        for (final Mat mask : line.masks())
        {
            final int gw = Math.max(1, (int) Math.round(mask.cols() * (double) GLYPH_H / mask.rows()));
            final Mat scaled = new Mat();
            resize(mask, scaled, new Size(gw, GLYPH_H), 0, 0, INTER_LINEAR);
            threshold(scaled, scaled, 127, 255, THRESH_BINARY);
            glyphs.add(scaled);
            width += gw + gap;
        }
        final Mat canvas = new Mat(GLYPH_H + 2 * margin, width, CV_8UC1, Scalar.all(0));
        int x = margin;
        for (final Mat g : glyphs)
        {
            g.copyTo(new Mat(canvas, new Rect(x, margin, g.cols(), g.rows())));
            x += g.cols() + gap;
        }
        bitwise_not(canvas, canvas);
        tess.SetImage(canvas.data(), canvas.cols(), canvas.rows(), 1, (int) canvas.step());
        final BytePointer out = tess.GetUTF8Text();
        if (out == null)
        {
            return null;
        }
        final String s = out.getString().replaceAll("[^0-9A-Z]", "");
        out.deallocate();
        final int conf = tess.MeanTextConf();
        tess.Clear();
        if (s.isEmpty())
        {
            return null;
        }
        if (s.length() != line.masks().size())
        {
            return new Text(s, conf / 100.0);
        }
        final StringBuilder raw = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            if (line.seps().charAt(i) != '_')
            {
                raw.append(line.seps().charAt(i));
            }
            raw.append(s.charAt(i));
        }
        return new Text(raw.toString(), conf / 100.0);
    }

    private static Mat points(final float[] xy)
    {
        final Mat m = new Mat(4, 1, CV_32FC2);
        final FloatPointer p = new FloatPointer(m.data());
        for (int i = 0; i < 8; i++)
        {
            p.put(i, xy[i]);
        }
        return m;
    }

    /**
     * Intersection over the smaller box's area.
     *
     * @param a a box.
     * @param b a box.
     * @return 0..1.
     */
    static double overlap(final Rect a, final Rect b)
    {
        final int ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        final int iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        final double smaller = Math.min((double) a.width() * a.height(), (double) b.width() * b.height());
        return smaller <= 0 ? 0 : ix * (double) iy / smaller;
    }

    @Override
    public void close()
    {
        tess.End();
        tess.close();
    }
}

