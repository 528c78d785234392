package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
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
 * its own corners into a fixed-size crop, binarised, stripped of its border, segmented into characters by
 * connected components; the characters are re-laid on a clean line (uniform height and spacing) that Tesseract
 * reads in one call per plate line, and the text is corrected against the Vietnamese formats. A candidate
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
    private static final int MAX_CANDIDATES = 24;
    private static final int MAX_READS = 3;
    private static final String WHITELIST = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private final TessBaseAPI tess = new TessBaseAPI();
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

    /** Orders four points TL, TR, BR, BL (smallest x+y is TL, largest is BR; smallest y-x is TR). */
    private static float[] order(final float[] p)
    {
        int tl = 0;
        int br = 0;
        int tr = 0;
        int bl = 0;
        for (int i = 1; i < 4; i++)
        {
            final float s = p[2 * i] + p[2 * i + 1];
            final float d = p[2 * i + 1] - p[2 * i];
            if (s < p[2 * tl] + p[2 * tl + 1])
            {
                tl = i;
            }
            if (s > p[2 * br] + p[2 * br + 1])
            {
                br = i;
            }
            if (d < p[2 * tr + 1] - p[2 * tr])
            {
                tr = i;
            }
            if (d > p[2 * bl + 1] - p[2 * bl])
            {
                bl = i;
            }
        }
        return new float[] {p[2 * tl], p[2 * tl + 1], p[2 * tr], p[2 * tr + 1], p[2 * br], p[2 * br + 1], p[2 * bl], p[2 * bl + 1]};
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
        final Mat src = points(c.quad());
        final Mat dst = points(new float[] {0, 0, w, 0, w, h, 0, h});
        final Mat crop = new Mat();
        warpPerspective(gray, crop, getPerspectiveTransform(src, dst), new Size(w, h), INTER_CUBIC, BORDER_REPLICATE, new Scalar());
        final Text text = two ? readTwoLines(crop) : readLine(crop, 0, h);
        if (text == null)
        {
            return null;
        }
        final String plate = VietnamesePlates.correct(text.raw);
        if (plate == null)
        {
            return null;
        }
        final PlateLayout layout = VietnamesePlates.layout(plate);
        if (layout != c.layout())
        {
            return null;
        }
        final String a = VietnamesePlates.normalize(text.raw);
        final String b = VietnamesePlates.normalize(plate);
        int fixes = Math.abs(a.length() - b.length());
        for (int i = 0; i < Math.min(a.length(), b.length()); i++)
        {
            fixes += a.charAt(i) == b.charAt(i) ? 0 : 1;
        }
        final double confidence = Math.max(0, Math.min(1, text.confidence * (1 - 0.12 * fixes)));
        return new PlateReading(plate, confidence, c.box(), crop, layout);
    }

    /** Raw text with separators, and Tesseract's confidence (0..1). */
    private record Text(String raw, double confidence)
    {
    }

    private Text readTwoLines(final Mat crop)
    {
        final int h = crop.rows();
        final Text top = readLine(crop, 0, h / 2);
        if (top == null)
        {
            return null;
        }
        final Text bottom = readLine(crop, h / 2, h);
        if (bottom == null)
        {
            return null;
        }
        return new Text(top.raw + " " + bottom.raw, Math.min(top.confidence, bottom.confidence));
    }

    /** A character's connected components merged: bounding box and label ids. */
    private static final class Glyph
    {
        int x0;
        int y0;
        int x1;
        int y1;
        final List<Integer> labels = new ArrayList<>();

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

    /** Reads the rows [y0, y1) of the deskewed crop as one line of characters. */
    private Text readLine(final Mat crop, final int y0, final int y1)
    {
        final Mat band = new Mat(crop, new Rect(0, y0, crop.cols(), y1 - y0));
        final int w = band.cols();
        final int h = band.rows();
        final Mat bin = new Mat();
        threshold(band, bin, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
        // the border: long straight runs no character has
        final Mat lines = new Mat();
        final Mat hl = new Mat();
        morphologyEx(bin, hl, MORPH_OPEN, getStructuringElement(MORPH_RECT, new Size(w / 4, 1)));
        morphologyEx(bin, lines, MORPH_OPEN, getStructuringElement(MORPH_RECT, new Size(1, (int) (h * 0.85))));
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
        final List<Glyph> chars = new ArrayList<>();
        final StringBuilder seps = new StringBuilder();
        int top = h;
        int bottom = 0;
        for (final Glyph g : merged)
        {
            if (g.h() >= 0.75 * median && g.h() <= 1.25 * median && g.w() <= 1.1 * median)
            {
                chars.add(g);
                seps.append('_');
                top = Math.min(top, g.y0);
                bottom = Math.max(bottom, g.y1);
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
            final double rel = (cy - top) / Math.max(1, bottom - top);
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
        final Text text = ocr(labels, chars);
        if (text == null)
        {
            return null;
        }
        if (text.raw.length() != chars.size())
        {
            return text;
        }
        final StringBuilder raw = new StringBuilder();
        for (int i = 0; i < chars.size(); i++)
        {
            if (seps.charAt(i) != '_')
            {
                raw.append(seps.charAt(i));
            }
            raw.append(text.raw.charAt(i));
        }
        return new Text(raw.toString(), text.confidence);
    }

    /** Lays the glyphs out on a clean line, black on white, and reads it. */
    private Text ocr(final Mat labels, final List<Glyph> chars)
    {
        final int gap = 10;
        final int margin = 14;
        final List<Mat> glyphs = new ArrayList<>();
        int width = margin * 2;
        for (final Glyph g : chars)
        {
            final Rect r = new Rect(g.x0, g.y0, g.w(), g.h());
            final Mat roi = new Mat(labels, r);
            final Mat mask = new Mat(g.h(), g.w(), CV_8UC1, Scalar.all(0));
            final Mat one = new Mat();
            for (final int label : g.labels)
            {
                compare(roi, new Mat(1, 1, CV_32S, Scalar.all(label)), one, CMP_EQ);
                bitwise_or(mask, one, mask);
            }
            final int gw = Math.max(1, (int) Math.round(g.w() * (double) GLYPH_H / g.h()));
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
        return s.isEmpty() ? null : new Text(s, conf / 100.0);
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
