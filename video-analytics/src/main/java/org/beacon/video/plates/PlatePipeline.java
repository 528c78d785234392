package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
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
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.beacon.codecs.PlateLayout;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
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
 * Finds and reads every plate in a frame. Localisation runs on a downscaled grey image: edges (thin, dilated, and of
 * the image closed so that characters touching a plate's outline do not open it), closed contours that are
 * plate-shaped quadrilaterals (car 520x110 mm, motorbike 190x140 mm) with more than one grey level inside. Each
 * candidate's outline is refined at full resolution to the light plate itself (a holder's outline, or one cut short,
 * would cost characters), deskewed by its corners into a fixed-size crop (inside a margin, so characters touching the
 * border are not lost with it), binarised, cleared outside the plate, segmented into characters by connected
 * components (touching characters cut apart, and kept whole as a second option, since a wide letter looks the same).
 * Each character is scored by a template matcher ({@link GlyphClassifier}) and the segmentation that best fits a
 * Vietnamese format wins; when that fit is not clearly good the strokes are thinned and segmented again, and only then
 * does Tesseract read the characters re-laid on a clean line (one call per plate line) and vote per character. A
 * candidate that corrects to no format is not a plate. Candidates of one place and size are read as a group; of
 * readings that overlap, the most confident stays. Owns a {@link TessBaseAPI}: one pipeline per thread.
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
    /** Grey-level spread (standard deviation) below which a candidate's middle holds no characters. */
    private static final double FLAT_SD = 12;
    private static final int MAX_READS = 3;
    private static final String WHITELIST = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private final TessBaseAPI tess = new TessBaseAPI();
    private final GlyphClassifier classifier = new GlyphClassifier();
    private final Mat kernel3 = getStructuringElement(MORPH_RECT, new Size(3, 3));
    private final Mat kernel5 = getStructuringElement(MORPH_RECT, new Size(5, 5));

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
                if (samePlace(g.box, c.box()))
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
        // one plate, one reading: a reading inside a more confident one (a plate and its holder) is left out
        final List<PlateReading> kept = new ArrayList<>();
        for (final PlateReading r : readings)
        {
            boolean inside = false;
            for (final PlateReading k : kept)
            {
                inside |= overlap(k.box(), r.box()) > 0.5;
            }
            if (!inside)
            {
                kept.add(r);
            }
        }
        return kept;
    }

    /**
     * Whether two candidate boxes are one place: they overlap and are of a like size (an outline and its inner
     * edge, a plate and its holder), so a box the size of the car around a plate does not take the plate's reads.
     */
    private static boolean samePlace(final Rect a, final Rect b)
    {
        final double ratio = Math.min(a.area(), b.area()) / (double) Math.max(1, Math.max(a.area(), b.area()));
        return ratio > 0.4 && overlap(a, b) > 0.5;
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
        collect(edges, small, scale, out, areas);
        dilate(edges, edges, kernel3);
        collect(edges, small, scale, out, areas);
        // a small or soft plate whose characters touch its outline, which the edges then leave open: closing the
        // grey image fills the dark strokes in, and the plate's outline stands alone
        final Mat closed = new Mat();
        morphologyEx(small, closed, MORPH_CLOSE, kernel5);
        Canny(closed, edges, 40, 120);
        collect(edges, small, scale, out, areas);
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

    private void collect(final Mat edges, final Mat small, final double scale, final List<Candidate> out, final List<Double> areas)
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
            if (flat(small, br))
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

    /**
     * Whether the middle of a box is about one grey level: a painted panel, a window, not a plate, whose dark
     * characters on a light ground always spread its grey levels. Reading it would only be lost time.
     */
    private static boolean flat(final Mat small, final Rect br)
    {
        final int ix = br.width() / 6;
        final int iy = br.height() / 5;
        final Mat mean = new Mat();
        final Mat sd = new Mat();
        meanStdDev(new Mat(small, new Rect(br.x() + ix, br.y() + iy, br.width() - 2 * ix, br.height() - 2 * iy)), mean, sd);
        return new DoublePointer(sd.data()).get(0) < FLAT_SD;
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
     * The plate's own outline near a candidate, at full resolution: the candidate's surroundings, closed so the dark
     * characters fill in, split by Otsu into the light plate and its darker holder; the light part at the centre, when
     * it is plate-shaped, gives the corners. A candidate that was a holder's outline, or an outline cut short by a
     * character touching the plate's edge, is then read from the plate itself.
     *
     * @param gray the grey frame.
     * @param c    the candidate.
     * @return the corners TL, TR, BR, BL in frame coordinates; the candidate's own when no better outline is found.
     */
    float[] refine(final Mat gray, final Candidate c)
    {
        final boolean two = c.layout() == PlateLayout.TWO_LINE;
        final Rect b = c.box();
        final int padX = Math.max(4, b.width() / 8);
        final int padY = Math.max(4, b.height() / (two ? 6 : 3));
        final int x0 = Math.max(0, b.x() - padX);
        final int y0 = Math.max(0, b.y() - padY);
        final int x1 = Math.min(gray.cols(), b.x() + b.width() + padX);
        final int y1 = Math.min(gray.rows(), b.y() + b.height() + padY);
        final int cx = b.x() + b.width() / 2 - x0;
        final int cy = b.y() + b.height() / 2 - y0;
        if (x1 - x0 < 8 || y1 - y0 < 8 || cx < 0 || cy < 0 || cx >= x1 - x0 || cy >= y1 - y0)
        {
            return c.quad();
        }
        final Mat roi = new Mat(gray, new Rect(x0, y0, x1 - x0, y1 - y0));
        // a stroke is about a tenth of a one-line plate's height, a twentieth of a two-line one's
        final int k = Math.max(3, (int) Math.round(b.height() * (two ? 0.08 : 0.16)) | 1);
        final Mat bin = new Mat();
        morphologyEx(roi, bin, MORPH_CLOSE, getStructuringElement(MORPH_RECT, new Size(k, k)));
        threshold(bin, bin, 0, 255, THRESH_BINARY | THRESH_OTSU);
        Mat contour = lightAt(bin, cx, cy);
        if (contour == null)
        {
            // the light part runs on beyond the surroundings (a plate's corner out of its holder, onto a light body):
            // kept to the candidate's box, the plate alone
            final Mat box = new Mat(bin.rows(), bin.cols(), CV_8UC1, Scalar.all(0));
            new Mat(box, new Rect(b.x() - x0, b.y() - y0, Math.min(b.width(), x1 - b.x()), Math.min(b.height(), y1 - b.y())))
                .put(Scalar.all(255));
            bitwise_and(bin, box, bin);
            contour = lightAt(bin, cx, cy);
        }
        if (contour == null)
        {
            return c.quad();
        }
        final RotatedRect rr = minAreaRect(contour);
        final double w = Math.max(rr.size().width(), rr.size().height());
        final double h = Math.min(rr.size().width(), rr.size().height());
        final double ratio = w / Math.max(1, h);
        final double longSide = Math.max(b.width(), b.height());
        final boolean shaped = two ? ratio >= 1.0 && ratio <= 1.9 : ratio >= 3.0 && ratio <= 7.0;
        if (!shaped || w < 0.6 * longSide || w > 1.25 * longSide || contourArea(contour) < 0.8 * w * h)
        {
            return c.quad();
        }
        final float[] quad = corners(contour, rr);
        for (int i = 0; i < 4; i++)
        {
            quad[2 * i] += x0;
            quad[2 * i + 1] += y0;
        }
        return quad;
    }

    /** The outline of the light region at (x, y) of a binary image; null when dark there, or when it reaches the edge. */
    private static Mat lightAt(final Mat bin, final int x, final int y)
    {
        final Mat labels = new Mat();
        final Mat stats = new Mat();
        final Mat centroids = new Mat();
        connectedComponentsWithStats(bin, labels, stats, centroids, 4, CV_32S);
        final int label = new IntPointer(labels.ptr(y)).get(x);
        if (label == 0)
        {
            return null;
        }
        final Mat one = new Mat();
        compare(labels, new Mat(1, 1, CV_32S, Scalar.all(label)), one, CMP_EQ);
        final MatVector contours = new MatVector();
        findContours(one, contours, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
        if (contours.size() != 1)
        {
            return null;
        }
        final Mat contour = contours.get(0);
        final Rect cb = boundingRect(contour);
        final boolean edge = cb.x() == 0 || cb.y() == 0 || cb.x() + cb.width() == bin.cols() || cb.y() + cb.height() == bin.rows();
        return edge ? null : contour;
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
        final Mat src = points(refine(gray, c));
        final Mat dst = points(new float[] {mx, my, w + mx, my, w + mx, h + my, mx, h + my});
        final Mat crop = new Mat();
        warpPerspective(gray, crop, getPerspectiveTransform(src, dst), new Size(w + 2 * mx, h + 2 * my), INTER_LINEAR, BORDER_REPLICATE,
            new Scalar());
        // the plate inside the margin, less about a border's thickness: what lies outside is not a character
        final int ix = mx + Math.round(w * 0.02f);
        final int iy = my + Math.round(h * (two ? 0.03f : 0.04f));
        final Rect inner = new Rect(ix, iy, crop.cols() - 2 * ix, crop.rows() - 2 * iy);
        // each line's segmentations (wide glyphs cut apart, or kept whole) in every combination: the one that best
        // fits a Vietnamese format is read; the template matcher scores each glyph once
        final Map<Mat, double[]> scored = new IdentityHashMap<>();
        Fit best = null;
        // characters that touch (blur, a dash run into its neighbours) come apart when the strokes are thinned: a
        // second segmentation, tried when the first fits no format clearly
        for (int pass = 0; pass < 2 && (best == null || best.cost() >= SURE_COST); pass++)
        {
            final Fit f = bestFit(crop, inner, two, pass == 1, scored);
            if (f != null && (best == null || f.cost() < best.cost()))
            {
                best = f;
            }
        }
        if (best == null)
        {
            return null; // no format has this many characters: Tesseract, voting per glyph, cannot change that
        }
        if (best.cost() < SURE_COST)
        {
            final double confidence = Math.max(0, Math.min(1, (1 - best.cost() + TESS_VOTE) / (1 + TESS_VOTE)));
            return new PlateReading(best.plate(), confidence, c.box(), crop, VietnamesePlates.layout(best.plate()));
        }
        // when the best fit is not clearly good, Tesseract reads each line and, when it has as many characters as
        // there are glyphs, votes for its character at each place
        final List<Line> lines = best.lines();
        final List<double[]> scores = new ArrayList<>();
        for (final double[] v : best.scores())
        {
            scores.add(v.clone());
        }
        final double[] cost = new double[1];
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
        final String plate = GlyphClassifier.decode(scores, best.seps(), two, cost);
        final double confidence = Math.max(0, Math.min(1, (1 - cost[0]) / (1 + TESS_VOTE)));
        return new PlateReading(plate, confidence, c.box(), crop, VietnamesePlates.layout(plate));
    }

    /** The segmentation of a crop that best fits a format, over each line's options; null when none fits. */
    private Fit bestFit(final Mat crop, final Rect inner, final boolean two, final boolean thin, final Map<Mat, double[]> scored)
    {
        // each line's segmentations (wide glyphs cut apart, or kept whole) in every combination: the one that best
        // fits a Vietnamese format is read; the template matcher scores each glyph once
        final List<List<Line>> options = new ArrayList<>();
        if (two)
        {
            final List<Line> top = segment(crop, 0, crop.rows() / 2, inner, thin);
            final List<Line> bottom = top.isEmpty() ? List.of() : segment(crop, crop.rows() / 2, crop.rows(), inner, thin);
            if (bottom.isEmpty())
            {
                return null;
            }
            options.add(top);
            final List<Line> broken = new ArrayList<>();
            for (final Line l : bottom)
            {
                broken.add(new Line(l.masks(), " " + l.seps().substring(1)));
            }
            options.add(broken);
        }
        else
        {
            final List<Line> one = segment(crop, 0, crop.rows(), inner, thin);
            if (one.isEmpty())
            {
                return null;
            }
            options.add(one);
        }
        Fit best = null;
        for (final Line first : options.get(0))
        {
            for (final Line second : two ? options.get(1) : List.<Line>of(first))
            {
                final Fit f = fit(two ? List.of(first, second) : List.of(first), two, scored);
                if (f != null && (best == null || f.cost() < best.cost()))
                {
                    best = f;
                }
            }
        }
        return best;
    }

    /** Lines of glyphs, their class scores and separators, and the plate they fit best at a mean cost per glyph. */
    private record Fit(List<Line> lines, List<double[]> scores, String seps, String plate, double cost)
    {
    }

    /** The best format fit of some lines' glyphs; null when no format has as many characters. */
    private Fit fit(final List<Line> lines, final boolean two, final Map<Mat, double[]> scored)
    {
        final List<double[]> scores = new ArrayList<>();
        final StringBuilder seps = new StringBuilder();
        for (final Line line : lines)
        {
            for (final Mat m : line.masks())
            {
                scores.add(scored.computeIfAbsent(m, classifier::scores));
            }
            seps.append(line.seps());
        }
        final double[] cost = new double[1];
        final String plate = GlyphClassifier.decode(scores, seps.toString(), two, cost);
        return plate == null ? null : new Fit(lines, scores, seps.toString(), plate, cost[0]);
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

    /** Segments the rows [y0, y1) of the deskewed crop into one line of characters: its segmentations, best first; empty when none. */
    private List<Line> segment(final Mat crop, final int y0, final int y1, final Rect inner, final boolean thin)
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
        if (thin)
        {
            erode(bin, bin, kernel3);
        }
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

