package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.Canny;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.isContourConvex;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.beacon.codecs.PlateLayout;
import org.beacon.video.plates.PlatePipeline.Candidate;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The localisation stage of {@link PlatePipeline}: plate-shaped quadrilaterals found on a downscaled grey image (thin,
 * dilated and closed-image edges), and each one's outline refined at full resolution to the light plate itself.
 */
final class PlateLocaliser
{
    private static final int LOCALISE_WIDTH = 960;
    private static final int MAX_CANDIDATES = 24;
    /** Grey-level spread (standard deviation) below which a candidate's middle holds no characters. */
    private static final double FLAT_SD = 12;

    private final Mat kernel3 = getStructuringElement(MORPH_RECT, new Size(3, 3));
    private final Mat kernel5 = getStructuringElement(MORPH_RECT, new Size(5, 5));

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
                duplicate |= c.layout() == layout && PlatePipeline.overlap(c.box(), box) > 0.9
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
        // light characters and border on a blue plate are opened away instead: the plate's ground is then lighter than
        // its dark holder, as a white plate's is once its dark characters are closed
        final boolean inverse = inverse(gray, b);
        morphologyEx(roi, bin, inverse ? MORPH_OPEN : MORPH_CLOSE, getStructuringElement(MORPH_RECT, new Size(k, k)));
        if (inverse)
        {
            // the split is the one between the plate and its holder, inside the candidate, whatever the body around
            final Mat inside = new Mat();
            final double t = threshold(new Mat(bin, new Rect(b.x() - x0, b.y() - y0, Math.min(b.width(), x1 - b.x()),
                Math.min(b.height(), y1 - b.y()))), inside, 0, 255, THRESH_BINARY | THRESH_OTSU);
            threshold(bin, bin, t, 255, THRESH_BINARY);
        }
        else
        {
            threshold(bin, bin, 0, 255, THRESH_BINARY | THRESH_OTSU);
        }
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

    /**
     * Whether the middle of a box is mostly dark with light marks: a plate of inverse polarity (light characters on
     * blue). Characters cover well under half of a plate's middle, so the ground is the larger of Otsu's two classes.
     *
     * @param gray the grey image.
     * @param box  the plate's box in it.
     * @return true for light characters on a dark ground.
     */
    static boolean inverse(final Mat gray, final Rect box)
    {
        final int ix = box.width() / 8;
        final int iy = box.height() / 5;
        final int x = Math.max(0, box.x() + ix);
        final int y = Math.max(0, box.y() + iy);
        final int w = Math.min(gray.cols(), box.x() + box.width() - ix) - x;
        final int h = Math.min(gray.rows(), box.y() + box.height() - iy) - y;
        if (w < 4 || h < 4)
        {
            return false;
        }
        final Mat bin = new Mat();
        threshold(new Mat(gray, new Rect(x, y, w, h)), bin, 0, 255, THRESH_BINARY | THRESH_OTSU);
        return countNonZero(bin) < 0.5 * w * h;
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
}
