package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.beacon.codecs.PlateLayout;
import org.beacon.video.plates.PlateSegmenter.Line;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds and reads every plate in a frame. Localisation runs on a downscaled grey image: edges (thin, dilated, and of
 * the image closed so that characters touching a plate's outline do not open it), closed contours that are
 * plate-shaped quadrilaterals (car 520x110 mm, motorbike 190x140 mm) with more than one grey level inside. Each
 * candidate's outline is refined at full resolution to the light plate itself (a holder's outline, or one cut short,
 * would cost characters), deskewed by its corners into a fixed-size crop (inside a margin, so characters touching the
 * border are not lost with it), binarised, cleared outside the plate, segmented into characters by connected
 * components (touching characters cut apart, and kept whole as a second option, since a wide letter looks the same).
 * A plate of light characters on a dark ground (blue government plates) is inverted first; a candidate whose ground
 * is not a plate's colour (white, yellow, blue) is not read. Each character is scored by a small learned glyph reader
 * ({@link GlyphClassifier}, {@link GlyphNet}, trained in the process on the generator's own fonts) and the segmentation
 * that best fits a Vietnamese format (a valid province code first) wins; when that fit is not clearly good the strokes
 * are thinned, then cut at a stricter threshold, and segmented again. A read's confidence is as low as its worst
 * glyph's; below {@link #ACCEPT} it is no plate, since the watchlist acts on every read. Candidates of one place and
 * size are read as a group; of readings that overlap, the most confident stays. The stages are
 * {@link PlateLocaliser} and {@link PlateSegmenter}: one pipeline per thread.
 */
public final class PlatePipeline implements AutoCloseable
{
    /** Default Tesseract data directory (Debian's tesseract-ocr-eng); the reader no longer needs it. */
    public static final String DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

    private static final int ONE_W = 312;
    private static final int ONE_H = 66;
    private static final int TWO_W = 228;
    private static final int TWO_H = 168;
    private static final float MARGIN_X = 0.04f;
    private static final double SURE_COST = 0.12;
    /** Below this confidence a read is no plate: the watchlist acts on every read the worker publishes. */
    static final double ACCEPT = 0.5;
    /** How much bluer than red a blue plate's ground is, and redder than blue a yellow one's (grey levels). */
    private static final double GROUND_HUE = 40;
    /** A white ground's channels differ by less than this share of the brightest. */
    private static final double GROUND_GREY = 0.3;
    private static final float MARGIN_Y = 0.12f;
    private static final int MAX_READS = 3;
    /** Segmentations of a crop: at Otsu's threshold, thinned, at a stricter threshold. */
    private static final int PASSES = 3;

    private final GlyphClassifier classifier = new GlyphClassifier();
    private final PlateLocaliser localiser = new PlateLocaliser();
    private final PlateSegmenter segmenter = new PlateSegmenter();
    /** A pipeline (the glyph reader is trained on the first one of the process). */
    public PlatePipeline()
    {
        this(DEFAULT_TESSDATA);
    }

    /**
     * A pipeline.
     *
     * @param tessdata where Tesseract's data was: the learned glyph reader replaced Tesseract, so it is not read.
     */
    public PlatePipeline(final String tessdata)
    {
        // kept for the callers that name a data directory
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
            final PlateReading r = readCandidate(gray, bgrFrame.channels() == 3 ? bgrFrame : null, c);
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
        return localiser.localise(gray);
    }

    /**
     * The plate's own outline near a candidate, at full resolution ({@link PlateLocaliser#refine}).
     *
     * @param gray the grey frame.
     * @param c    the candidate.
     * @return the corners TL, TR, BR, BL in frame coordinates; the candidate's own when no better outline is found.
     */
    float[] refine(final Mat gray, final Candidate c)
    {
        return localiser.refine(gray, c);
    }

    /**
     * Deskews, segments and reads one candidate.
     *
     * @param gray the grey frame.
     * @param bgr  the colour frame, or null to skip the plate-colour check.
     * @param c    the candidate.
     * @return the reading, or null when it is not a readable plate.
     */
    PlateReading readCandidate(final Mat gray, final Mat bgr, final Candidate c)
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
        final Mat warp = getPerspectiveTransform(src, dst);
        final Mat crop = new Mat();
        final Size size = new Size(w + 2 * mx, h + 2 * my);
        warpPerspective(gray, crop, warp, size, INTER_LINEAR, BORDER_REPLICATE, new Scalar());
        // the plate inside the margin, less about a border's thickness: what lies outside is not a character
        final int ix = mx + Math.round(w * 0.02f);
        final int iy = my + Math.round(h * (two ? 0.03f : 0.04f));
        final Rect inner = new Rect(ix, iy, crop.cols() - 2 * ix, crop.rows() - 2 * iy);
        // light characters on a dark ground (blue government plates) are read inverted, as dark on light
        final boolean inverse = PlateLocaliser.inverse(crop, inner);
        if (inverse)
        {
            bitwise_not(crop, crop);
        }
        if (bgr != null && !plateColoured(bgr, warp, size, crop, inner, inverse))
        {
            return null;
        }
        // each line's segmentations (wide glyphs cut apart, or kept whole) in every combination: the one that best
        // fits a Vietnamese format is read; the glyph reader scores each glyph once
        final Map<Mat, double[]> scored = new IdentityHashMap<>();
        Fit best = null;
        // characters that touch (blur, a dash run into its neighbours) come apart when the strokes are thinned: a
        // second segmentation, tried when the first fits no format clearly
        for (int pass = 0; pass < PASSES && (best == null || best.cost() >= SURE_COST); pass++)
        {
            final Fit f = bestFit(crop, inner, two, pass, scored);
            if (f != null && (best == null || f.cost() < best.cost()))
            {
                best = f;
            }
        }
        if (best == null)
        {
            return null;
        }
        // the confidence is as low as the worst glyph's: a phone number's digit forced into a series letter's place
        // leaves the whole read unsure
        final double confidence = Math.sqrt(Math.max(0, 1 - best.cost()) * Math.max(0, 1 - best.worst()));
        if (confidence < ACCEPT)
        {
            return null;
        }
        return new PlateReading(best.plate(), confidence, c.box(), crop, VietnamesePlates.layout(best.plate()));
    }

    /**
     * Whether a candidate's ground has a plate's colour: white or yellow under dark characters, blue under light ones.
     * A red or green shop sign, a dark timestamp box, a lit window, are not plates whatever their text.
     */
    private static boolean plateColoured(final Mat bgr, final Mat warp, final Size size, final Mat crop, final Rect inner,
        final boolean inverse)
    {
        final Mat colour = new Mat();
        warpPerspective(bgr, colour, warp, size, INTER_LINEAR, BORDER_REPLICATE, new Scalar());
        final Mat ground = new Mat();
        threshold(new Mat(crop, inner), ground, 0, 255, THRESH_BINARY | THRESH_OTSU);
        final Scalar m = mean(new Mat(colour, inner), ground);
        final double b = m.get(0);
        final double g = m.get(1);
        final double r = m.get(2);
        if (inverse)
        {
            return b > r + GROUND_HUE && b > g;
        }
        final double max = Math.max(b, Math.max(g, r));
        final double min = Math.min(b, Math.min(g, r));
        final boolean white = max - min < GROUND_GREY * max;
        final boolean yellow = r > b + GROUND_HUE && g > b + GROUND_HUE / 2 && g > 0.55 * r;
        return white || yellow;
    }

    /** The segmentation of a crop that best fits a format, over each line's options; null when none fits. */
    private Fit bestFit(final Mat crop, final Rect inner, final boolean two, final int pass, final Map<Mat, double[]> scored)
    {
        // each line's segmentations (wide glyphs cut apart, or kept whole) in every combination: the one that best
        // fits a Vietnamese format is read; the template matcher scores each glyph once
        final List<List<Line>> options = new ArrayList<>();
        if (two)
        {
            final List<Line> top = segmenter.segment(crop, 0, crop.rows() / 2, inner, pass);
            final List<Line> bottom = top.isEmpty() ? List.of() : segmenter.segment(crop, crop.rows() / 2, crop.rows(), inner, pass);
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
            final List<Line> one = segmenter.segment(crop, 0, crop.rows(), inner, pass);
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
    private record Fit(List<Line> lines, List<double[]> scores, String seps, String plate, double cost, double worst)
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
        final double[] cost = new double[2];
        final String plate = GlyphClassifier.decode(scores, seps.toString(), two, cost);
        return plate == null ? null : new Fit(lines, scores, seps.toString(), plate, cost[0], cost[1]);
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
        // nothing native is held beyond the frames' own Mats
    }
}
