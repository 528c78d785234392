package org.beacon.video.crowd;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

/**
 * Crowd measurements for one camera. Holds the camera's background model, so one instance per camera, fed its
 * frames in order, from one thread.
 *
 * <p>Per frame: MOG2 background subtraction (shadows, marked 127 by MOG2, are dropped), an opening that removes
 * speckle and a closing that joins a person's parts, then per zone (polygon mask):
 * <ul>
 *   <li><b>occupancy</b> = foreground pixels in the zone / zone pixels;</li>
 *   <li><b>count</b>: each foreground blob in the zone tall enough to be a person gets a HOG people detection
 *       (OpenCV's default 64x128 detector) on its own neighbourhood, upscaled so the blob is about
 *       {@value #HOG_TARGET_HEIGHT} px tall (vtest people are 30-150 px; the detector wants &ge; ~100);
 *       detections from all blobs go through one non-maximum suppression. A blob's count is then
 *       {@code max(HOG detections assigned to it, round(area / (k * height^2)))}: HOG separates people standing
 *       side by side that the foreground merged, the shape term counts the people HOG misses (small, partly
 *       hidden, odd poses). {@code k}, the area of one person over its squared height (scale-free, so it holds
 *       under perspective), starts at {@value #INITIAL_FILL} and is calibrated per zone from blobs holding
 *       exactly one HOG detection (running mean, clamped).</li>
 * </ul>
 * The count is therefore a count of moving or recently moving people: someone standing still for minutes
 * fades into the background model, like in every MOG2-based product.
 */
public final class CrowdAnalyzer implements AutoCloseable
{
    /** Height, in pixels, a blob is scaled to before HOG (the default detector's people are about 96 px). */
    static final int HOG_TARGET_HEIGHT = 112;
    /** Starting area / height^2 of one person's foreground blob. */
    static final double INITIAL_FILL = 0.16;
    private static final double MIN_FILL = 0.08;
    private static final double MAX_FILL = 0.30;
    private static final double MAX_UPSCALE = 4.0;
    private static final double NMS_OVERLAP = 0.35;
    private static final int MIN_BLOB_HEIGHT = 14;
    private static final int MIN_BLOB_AREA = 60;
    private static final int MOG2_HISTORY = 500;
    private static final double MOG2_VAR_THRESHOLD = 16;

    private final int frameWidth;
    private final int frameHeight;
    private final ZoneData[] zones;
    private final BackgroundSubtractorMOG2 mog2;
    private final HOGDescriptor hog;
    private final Mat peopleDetector;
    private final Mat openKernel;
    private final Mat closeKernel;
    private final Mat foreground = new Mat();
    private final Mat zoneForeground = new Mat();
    private final Mat labels = new Mat();
    private final Mat stats = new Mat();
    private final Mat centroids = new Mat();
    private final Mat scaled = new Mat();
    private final RectVector found = new RectVector();
    private final DoublePointer weights = new DoublePointer();
    private final Size winStride = new Size(8, 8);
    private final Size hogPadding = new Size(16, 16);
    private final List<Detection> detections = new ArrayList<>();
    private boolean hogEnabled = true;
    private boolean perspectiveSet;
    private double heightAtZero;
    private double heightSlope;

    /**
     * @param zones       the camera's zones (polygons in image pixels; clipped to the frame).
     * @param frameWidth  width of every frame.
     * @param frameHeight height of every frame.
     */
    public CrowdAnalyzer(final List<Zone> zones, final int frameWidth, final int frameHeight)
    {
        if (zones == null || zones.isEmpty() || frameWidth <= 0 || frameHeight <= 0)
        {
            throw new IllegalArgumentException("zones and a frame size are required");
        }
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.zones = new ZoneData[zones.size()];
        for (int i = 0; i < zones.size(); i++)
        {
            this.zones[i] = new ZoneData(zones.get(i), frameWidth, frameHeight);
        }
        mog2 = createBackgroundSubtractorMOG2(MOG2_HISTORY, MOG2_VAR_THRESHOLD, true);
        hog = new HOGDescriptor();
        final FloatPointer coefficients = HOGDescriptor.getDefaultPeopleDetector();
        peopleDetector = new Mat(coefficients);
        hog.setSVMDetector(peopleDetector);
        openKernel = getStructuringElement(MORPH_ELLIPSE, new Size(3, 3));
        closeKernel = getStructuringElement(MORPH_ELLIPSE, new Size(5, 9));
    }

    /**
     * Switches the HOG stage on or off (off: counts from blob shapes alone; for measurements and slow machines).
     *
     * @param enabled whether HOG runs.
     * @return this.
     */
    public CrowdAnalyzer hogEnabled(final boolean enabled)
    {
        this.hogEnabled = enabled;
        return this;
    }

    /**
     * Analyses the next frame of the camera.
     *
     * @param bgrFrame an 8-bit BGR frame of the size given at construction.
     * @return one measurement per zone for this frame, in the order of the zones given at construction.
     */
    public List<ZoneMeasurement> analyze(final Mat bgrFrame)
    {
        if (bgrFrame.cols() != frameWidth || bgrFrame.rows() != frameHeight || bgrFrame.channels() != 3)
        {
            throw new IllegalArgumentException("expected a " + frameWidth + "x" + frameHeight + " BGR frame");
        }
        mog2.apply(bgrFrame, foreground);
        threshold(foreground, foreground, 200, 255, THRESH_BINARY);
        morphologyEx(foreground, foreground, MORPH_OPEN, openKernel);
        morphologyEx(foreground, foreground, MORPH_CLOSE, closeKernel);

        final List<ZoneMeasurement> result = new ArrayList<>(zones.length);
        for (final ZoneData zone : zones)
        {
            result.add(measure(zone, bgrFrame));
        }
        return result;
    }

    /** @return the cleaned foreground mask of the last frame (owned by this analyzer; for debugging views). */
    public Mat foreground()
    {
        return foreground;
    }

    private ZoneMeasurement measure(final ZoneData zone, final Mat frame)
    {
        if (zone.pixels == 0)
        {
            return new ZoneMeasurement(zone.zone.id(), 0, 0.0);
        }
        final Mat fgRoi = new Mat(foreground, zone.bounds);
        try (Mat maskRoi = new Mat(zone.mask, zone.bounds))
        {
            bitwise_and(fgRoi, maskRoi, zoneForeground);
        }
        finally
        {
            fgRoi.close();
        }
        final int fgPixels = countNonZero(zoneForeground);
        final double occupancy = fgPixels / (double)zone.pixels;
        if (fgPixels < MIN_BLOB_AREA)
        {
            return new ZoneMeasurement(zone.zone.id(), 0, occupancy);
        }

        final int n = connectedComponentsWithStats(zoneForeground, labels, stats, centroids, 8, CV_32S);
        final IntIndexer s = stats.createIndexer();
        final int ox = zone.bounds.x();
        final int oy = zone.bounds.y();
        final List<int[]> blobs = new ArrayList<>();
        for (int i = 1; i < n; i++)
        {
            final int area = s.get(i, CC_STAT_AREA);
            final int h = s.get(i, CC_STAT_HEIGHT);
            if (area >= MIN_BLOB_AREA && h >= MIN_BLOB_HEIGHT)
            {
                blobs.add(new int[] {ox + s.get(i, CC_STAT_LEFT), oy + s.get(i, CC_STAT_TOP), s.get(i, CC_STAT_WIDTH), h, area});
            }
        }
        s.close();

        final int[] hogPerBlob = new int[blobs.size()];
        if (hogEnabled && !blobs.isEmpty())
        {
            detectPeople(frame, blobs);
            assign(blobs, hogPerBlob);
        }

        double count = 0;
        for (int b = 0; b < blobs.size(); b++)
        {
            final int[] blob = blobs.get(b);
            final double h = blob[3];
            final double expected = expectedHeight(zone, blob[1] + h);
            if (hogPerBlob[b] == 1 && (expected <= 0 || Math.abs(h - expected) < 0.25 * expected))
            {
                zone.calibrate(blob[4] / (h * h), blob[1] + h, h);
            }
            if (expected > 0)
            {
                // People of known size: fragments of one person add up to about one, merged people to several.
                count += Math.max(hogPerBlob[b], blob[4] / (zone.fill * expected * expected));
            }
            else
            {
                count += Math.max(hogPerBlob[b], Math.max(1, Math.round(blob[4] / (zone.fill * h * h))));
            }
        }
        return new ZoneMeasurement(zone.zone.id(), (int)Math.round(count), occupancy);
    }

    private double expectedHeight(final ZoneData zone, final double feetY)
    {
        if (perspectiveSet)
        {
            return Math.max(MIN_BLOB_HEIGHT, heightAtZero + heightSlope * feetY);
        }
        return zone.learnedHeight(feetY);
    }

    /**
     * Sets the camera's person size the way an installer does: the height of a standing person at two image
     * rows (feet row, height in pixels); heights in between and beyond follow the straight line through both.
     * Without it, each zone learns the line from blobs that hold exactly one HOG detection, and until it has,
     * a blob's own height stands for the person height.
     *
     * @param farFeetY   image row of a far person's feet.
     * @param farHeight  that person's height in pixels.
     * @param nearFeetY  image row of a near person's feet (different from {@code farFeetY}).
     * @param nearHeight that person's height in pixels.
     * @return this.
     */
    public CrowdAnalyzer personHeight(final double farFeetY, final double farHeight, final double nearFeetY, final double nearHeight)
    {
        if (farFeetY == nearFeetY || farHeight <= 0 || nearHeight <= 0)
        {
            throw new IllegalArgumentException("two different rows and positive heights");
        }
        heightSlope = (nearHeight - farHeight) / (nearFeetY - farFeetY);
        heightAtZero = farHeight - heightSlope * farFeetY;
        perspectiveSet = true;
        return this;
    }

    private void detectPeople(final Mat frame, final List<int[]> blobs)
    {
        detections.clear();
        for (final int[] blob : blobs)
        {
            final double scale = Math.min(MAX_UPSCALE, Math.max(1.0, HOG_TARGET_HEIGHT / (double)blob[3]));
            // The neighbourhood must hold a whole 64x128 window once scaled, with a margin around the blob.
            final int needW = (int)Math.ceil(72 / scale);
            final int needH = (int)Math.ceil(144 / scale);
            final int w = Math.max(needW, blob[2] + blob[3] / 2);
            final int h = Math.max(needH, blob[3] + blob[3] / 3);
            final int x0 = clamp(blob[0] + blob[2] / 2 - w / 2, 0, frameWidth - 1);
            final int y0 = clamp(blob[1] + blob[3] / 2 - h / 2, 0, frameHeight - 1);
            final int x1 = clamp(x0 + w, 1, frameWidth);
            final int y1 = clamp(y0 + h, 1, frameHeight);
            final int sw = (int)Math.round((x1 - x0) * scale);
            final int sh = (int)Math.round((y1 - y0) * scale);
            if (sw < 64 || sh < 128)
            {
                continue;
            }
            try (Rect roi = new Rect(x0, y0, x1 - x0, y1 - y0); Mat region = new Mat(frame, roi); Size size = new Size(sw, sh))
            {
                resize(region, scaled, size, 0, 0, INTER_LINEAR);
            }
            hog.detectMultiScale(scaled, found, weights, 0.0, winStride, hogPadding, 1.05, 2.0, false);
            final long k = found.size();
            for (long i = 0; i < k; i++)
            {
                final Rect r = found.get(i);
                final double weight = weights.limit() > i ? weights.get(i) : 0.0;
                detections.add(new Detection(
                    x0 + r.x() / scale, y0 + r.y() / scale, r.width() / scale, r.height() / scale, weight));
            }
        }
        nonMaximumSuppression();
    }

    /** Greedy NMS over all the zone's detections: the strongest box wins, overlaps above the limit go. */
    private void nonMaximumSuppression()
    {
        detections.sort((a, b) -> Double.compare(b.weight, a.weight) != 0 ? Double.compare(b.weight, a.weight)
            : Double.compare(a.x, b.x) != 0 ? Double.compare(a.x, b.x) : Double.compare(a.y, b.y));
        final List<Detection> kept = new ArrayList<>();
        for (final Detection d : detections)
        {
            boolean keep = true;
            for (final Detection k : kept)
            {
                if (d.overlap(k) > NMS_OVERLAP)
                {
                    keep = false;
                    break;
                }
            }
            if (keep)
            {
                kept.add(d);
            }
        }
        detections.clear();
        detections.addAll(kept);
    }

    /** A detection belongs to the blob whose box holds the centre of the detection's inner (person) box. */
    private void assign(final List<int[]> blobs, final int[] hogPerBlob)
    {
        for (final Detection d : detections)
        {
            // The 64x128 window holds the person in its middle 40x96 or so.
            final double cx = d.x + d.w / 2;
            final double cy = d.y + d.h / 2;
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int b = 0; b < blobs.size(); b++)
            {
                final int[] blob = blobs.get(b);
                if (cx >= blob[0] && cx < blob[0] + blob[2] && cy >= blob[1] && cy < blob[1] + blob[3])
                {
                    final double dx = cx - (blob[0] + blob[2] / 2.0);
                    final double dy = cy - (blob[1] + blob[3] / 2.0);
                    final double distance = dx * dx + dy * dy;
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = b;
                    }
                }
            }
            if (best >= 0)
            {
                hogPerBlob[best]++;
            }
        }
    }

    private static int clamp(final int v, final int lo, final int hi)
    {
        return Math.max(lo, Math.min(hi, v));
    }

    /** @return the calibrated area / height^2 of one person's blob, per zone in construction order (for reports). */
    public double[] calibratedFill()
    {
        final double[] fill = new double[zones.length];
        for (int i = 0; i < zones.length; i++)
        {
            fill[i] = zones[i].fill;
        }
        return fill;
    }

    /**
     * Releases the native resources.
     */
    @Override
    public void close()
    {
        for (final ZoneData zone : zones)
        {
            zone.mask.close();
            zone.bounds.close();
        }
        mog2.close();
        hog.close();
        peopleDetector.close();
        openKernel.close();
        closeKernel.close();
        foreground.close();
        zoneForeground.close();
        labels.close();
        stats.close();
        centroids.close();
        scaled.close();
        found.close();
        weights.close();
        winStride.close();
        hogPadding.close();
    }

    private record Detection(double x, double y, double w, double h, double weight)
    {
        double overlap(final Detection o)
        {
            final double ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
            final double iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
            final double inter = ix * iy;
            return inter / Math.min(w * h, o.w * o.h);
        }
    }

    /** A zone's mask, bounding box and calibration. */
    private static final class ZoneData
    {
        private static final int CALIBRATION_SAMPLES = 200;
        private static final int MIN_HEIGHT_SAMPLES = 30;

        final Zone zone;
        final Mat mask;
        final Rect bounds;
        final int pixels;
        double fill = INITIAL_FILL;
        int samples;
        int heightSamples;
        double sn;
        double sy;
        double sh;
        double syy;
        double syh;

        ZoneData(final Zone zone, final int width, final int height)
        {
            this.zone = zone;
            mask = new Mat(height, width, CV_8UC1, Scalar.all(0));
            final int[] xy = new int[zone.xs().length * 2];
            int minX = width;
            int minY = height;
            int maxX = -1;
            int maxY = -1;
            for (int i = 0; i < zone.xs().length; i++)
            {
                xy[2 * i] = zone.xs()[i];
                xy[2 * i + 1] = zone.ys()[i];
                minX = Math.min(minX, Math.max(0, zone.xs()[i]));
                minY = Math.min(minY, Math.max(0, zone.ys()[i]));
                maxX = Math.max(maxX, Math.min(width - 1, zone.xs()[i]));
                maxY = Math.max(maxY, Math.min(height - 1, zone.ys()[i]));
            }
            try (IntPointer points = new IntPointer(xy);
                Mat polygon = new Mat(zone.xs().length, 1, CV_32SC2, points);
                MatVector polygons = new MatVector(polygon))
            {
                fillPoly(mask, polygons, Scalar.all(255));
            }
            if (maxX < minX || maxY < minY)
            {
                bounds = new Rect(0, 0, 1, 1);
                pixels = 0;
            }
            else
            {
                bounds = new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
                pixels = countNonZero(mask);
            }
        }

        void calibrate(final double observed, final double feetY, final double personHeight)
        {
            // A running mean over the first samples, then an exponential average: settles fast, then follows slowly.
            samples = Math.min(samples + 1, CALIBRATION_SAMPLES);
            final double clamped = Math.max(MIN_FILL, Math.min(MAX_FILL, observed));
            fill += (clamped - fill) / samples;
            // Least squares of height over feet row, decayed so that old samples fade.
            final double decay = 1.0 - 1.0 / CALIBRATION_SAMPLES;
            sn = sn * decay + 1;
            sy = sy * decay + feetY;
            sh = sh * decay + personHeight;
            syy = syy * decay + feetY * feetY;
            syh = syh * decay + feetY * personHeight;
            heightSamples++;
        }

        /** @return the learned person height at a feet row, or 0 while the line is not known well enough. */
        double learnedHeight(final double feetY)
        {
            if (heightSamples < MIN_HEIGHT_SAMPLES)
            {
                return 0;
            }
            final double denominator = sn * syy - sy * sy;
            // Samples from too narrow a band of rows cannot tell a slope: use their mean height.
            final double spread = Math.sqrt(Math.max(0, denominator) / (sn * sn));
            if (spread < 20)
            {
                return sh / sn;
            }
            final double slope = (sn * syh - sy * sh) / denominator;
            final double intercept = (sh - slope * sy) / sn;
            return Math.max(MIN_BLOB_HEIGHT, intercept + slope * feetY);
        }
    }
}
