package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;
import static org.bytedeco.opencv.global.opencv_core.BORDER_TRANSPARENT;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The labelled plate set Beacon's plate reading is measured on: Vietnamese plates (both layouts, random
 * province, series and number) rendered with the machine's fonts, placed on a car-like body in a cluttered
 * 1280x720 scene under perspective; the degraded kind adds small sizes, blur, lighting, noise and JPEG
 * artefacts. Deterministic for a seed (fonts permitting: the same machine gives the same images).
 */
public final class PlateSetGenerator
{
    /** Scene width. */
    public static final int WIDTH = 1280;
    /** Scene height. */
    public static final int HEIGHT = 720;

    private static final String[] FONT_FILES = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
    };

    private static final List<Font> FONTS = loadFonts();

    private final Random random;

    /**
     * One labelled scene.
     *
     * @param image    the 1280x720 BGR scene.
     * @param plate    the plate's display form ("51F-123.45", "59-X1 123.45").
     * @param plateBox the plate's bounding box in the scene.
     */
    public record Sample(Mat image, String plate, Rect plateBox)
    {
    }

    /**
     * A generator.
     *
     * @param seed the seed; the same seed gives the same samples.
     */
    public PlateSetGenerator(final long seed)
    {
        random = new Random(seed);
    }

    /**
     * The fonts plates are rendered with.
     *
     * @return the loaded fonts, at least one.
     */
    static List<Font> fonts()
    {
        return FONTS;
    }

    private static List<Font> loadFonts()
    {
        final List<Font> fonts = new ArrayList<>();
        for (final String file : FONT_FILES)
        {
            try
            {
                final File f = new File(file);
                if (f.isFile())
                {
                    fonts.add(Font.createFont(Font.TRUETYPE_FONT, f));
                }
            }
            catch (final Exception ignored)
            {
                // a missing or broken font only narrows the set
            }
        }
        if (fonts.isEmpty())
        {
            fonts.add(new Font(Font.SANS_SERIF, Font.BOLD, 100));
        }
        return fonts;
    }

    /**
     * A random plate number in display form.
     *
     * @param twoLine the motorbike layout.
     * @return e.g. "51F-123.45" or "59-X1 123.45".
     */
    public String randomPlate(final boolean twoLine)
    {
        final String letters = VietnamesePlates.SERIES_LETTERS;
        final StringBuilder sb = new StringBuilder();
        sb.append(11 + random.nextInt(89));
        if (twoLine)
        {
            sb.append('-').append(letters.charAt(random.nextInt(letters.length()))).append(1 + random.nextInt(9)).append(' ');
        }
        else
        {
            sb.append(letters.charAt(random.nextInt(letters.length())));
            if (random.nextInt(8) == 0)
            {
                sb.append(letters.charAt(random.nextInt(letters.length())));
            }
            sb.append('-');
        }
        if (random.nextInt(5) == 0)
        {
            sb.append(String.format("%04d", random.nextInt(10000)));
        }
        else
        {
            sb.append(String.format("%03d.%02d", random.nextInt(1000), random.nextInt(100)));
        }
        return sb.toString();
    }

    /**
     * The next scene.
     *
     * @param degraded small plates, blur, lighting, noise and JPEG artefacts; otherwise a large, sharp plate.
     * @return the scene with its label.
     */
    public Sample next(final boolean degraded)
    {
        final boolean twoLine = random.nextInt(3) == 0;
        final String plate = randomPlate(twoLine);
        final Mat plateImage = renderPlate(plate, twoLine, random.nextInt(6) == 0, FONTS.get(random.nextInt(FONTS.size())));
        final BufferedImage scene = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        final double aspect = twoLine ? 140.0 / 190.0 : 110.0 / 520.0;
        final double pw = degraded ? (twoLine ? 80 + random.nextInt(100) : 90 + random.nextInt(161))
            : (twoLine ? 140 + random.nextInt(60) : 180 + random.nextInt(71));
        final double ph = pw * aspect;
        final double carW = Math.max(pw * (twoLine ? 2.2 : 2.6) + random.nextInt(60), 160);
        final double carH = carW * (0.55 + random.nextDouble() * 0.3);
        final double cx = carW / 2 + 20 + random.nextDouble() * (WIDTH - carW - 40);
        final double cy = carH * 0.75 + 20 + random.nextDouble() * Math.max(1, HEIGHT - carH - 40);
        drawScene(scene, cx, cy, carW, carH, pw, ph);
        final Mat mat = toMat(scene);
        // the plate: a rotated, perspective-skewed quadrilateral centred low on the car body
        final double angle = Math.toRadians((random.nextDouble() - 0.5) * (degraded ? 14 : 8));
        final double[] quad = new double[8];
        final double[][] corners = {{-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}};
        final double yaw = (random.nextDouble() - 0.5) * 0.16;
        for (int i = 0; i < 4; i++)
        {
            final double x = corners[i][0] + (random.nextDouble() - 0.5) * 0.05 * pw;
            final double y = corners[i][1] * (1 + (corners[i][0] > 0 ? yaw : -yaw)) + (random.nextDouble() - 0.5) * 0.08 * ph;
            quad[2 * i] = cx + x * Math.cos(angle) - y * Math.sin(angle);
            quad[2 * i + 1] = cy + x * Math.sin(angle) + y * Math.cos(angle);
        }
        final Mat src = pointsMat(new double[] {0, 0, plateImage.cols(), 0, plateImage.cols(), plateImage.rows(), 0, plateImage.rows()});
        final Mat dst = pointsMat(quad);
        final Mat m = getPerspectiveTransform(src, dst);
        warpPerspective(plateImage, mat, m, mat.size(), INTER_LINEAR, BORDER_TRANSPARENT, new Scalar(0, 0, 0, 0));
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++)
        {
            minX = Math.min(minX, quad[2 * i]);
            maxX = Math.max(maxX, quad[2 * i]);
            minY = Math.min(minY, quad[2 * i + 1]);
            maxY = Math.max(maxY, quad[2 * i + 1]);
        }
        final Rect box = new Rect((int) Math.floor(minX), (int) Math.floor(minY), (int) Math.ceil(maxX - minX),
            (int) Math.ceil(maxY - minY));
        final Mat image = degraded ? degrade(mat) : mat;
        return new Sample(image, plate, box);
    }

    private void drawScene(final BufferedImage scene, final double cx, final double cy, final double carW, final double carH,
        final double pw, final double ph)
    {
        final Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        final Color top = randomColor(40, 220);
        final Color bottom = randomColor(30, 160);
        g.setPaint(new java.awt.GradientPaint(0, 0, top, 0, HEIGHT, bottom));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        // clutter: buildings, windows, road marks, poles
        for (int i = 0; i < 40; i++)
        {
            g.setColor(randomColor(0, 255));
            final int x = random.nextInt(WIDTH);
            final int y = random.nextInt(HEIGHT);
            switch (random.nextInt(4))
            {
                case 0:
                    g.fillRect(x, y, 10 + random.nextInt(200), 10 + random.nextInt(150));
                    break;
                case 1:
                    g.setStroke(new BasicStroke(1 + random.nextInt(6)));
                    g.drawLine(x, y, x + random.nextInt(400) - 200, y + random.nextInt(400) - 200);
                    break;
                case 2:
                    g.setStroke(new BasicStroke(1 + random.nextInt(4)));
                    g.drawRect(x, y, 10 + random.nextInt(150), 10 + random.nextInt(100));
                    break;
                default:
                    final int r = 5 + random.nextInt(60);
                    g.fillOval(x, y, r, r);
                    break;
            }
        }
        // the car: body, windscreen, lights, bumper; the plate goes low and centred
        final Color body = randomColor(20, 190);
        final int x0 = (int) (cx - carW / 2);
        final int y0 = (int) (cy - carH * 0.75);
        g.setColor(body);
        g.fillRoundRect(x0, y0, (int) carW, (int) carH, (int) (carW * 0.15), (int) (carW * 0.15));
        g.setColor(body.darker().darker());
        g.fillRoundRect((int) (x0 + carW * 0.12), (int) (y0 + carH * 0.05), (int) (carW * 0.76), (int) (carH * 0.3), 20, 20);
        g.setColor(new Color(230, 200, 120));
        g.fillOval((int) (x0 + carW * 0.05), (int) (y0 + carH * 0.45), (int) (carW * 0.14), (int) (carH * 0.12));
        g.fillOval((int) (x0 + carW * 0.81), (int) (y0 + carH * 0.45), (int) (carW * 0.14), (int) (carH * 0.12));
        g.setColor(body.darker());
        g.fillRect(x0, (int) (cy + ph * 0.8), (int) carW, (int) (carH * 0.08));
        g.setColor(new Color(25, 25, 25));
        g.fillRect((int) (cx - pw * 0.6), (int) (cy - ph * 0.65), (int) (pw * 1.2), (int) (ph * 1.3));
        g.dispose();
    }

    private Color randomColor(final int min, final int max)
    {
        return new Color(min + random.nextInt(max - min + 1), min + random.nextInt(max - min + 1), min + random.nextInt(max - min + 1));
    }

    /**
     * Renders a plate, front view, white (or yellow) with black characters and a black border.
     *
     * @param plate   display form.
     * @param twoLine the motorbike layout.
     * @param yellow  a yellow (commercial) plate.
     * @param font    the glyphs.
     * @return a BGR image, 520x110 (one line) or 380x280 (two lines).
     */
    static Mat renderPlate(final String plate, final boolean twoLine, final boolean yellow, final Font font)
    {
        final int w = twoLine ? 380 : 520;
        final int h = twoLine ? 280 : 110;
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(yellow ? new Color(250, 205, 40) : new Color(245, 245, 240));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(15, 15, 15));
        final float border = twoLine ? 9 : 5;
        g.setStroke(new BasicStroke(border));
        g.drawRoundRect((int) (border / 2), (int) (border / 2), (int) (w - border), (int) (h - border), 12, 12);
        if (twoLine)
        {
            final int space = plate.indexOf(' ');
            drawText(g, font, plate.substring(0, space), new Rectangle2D.Double(w * 0.12, h * 0.11, w * 0.76, h * 0.33));
            drawText(g, font, plate.substring(space + 1), new Rectangle2D.Double(w * 0.08, h * 0.56, w * 0.84, h * 0.33));
        }
        else
        {
            drawText(g, font, plate, new Rectangle2D.Double(w * 0.05, h * 0.17, w * 0.9, h * 0.66));
        }
        g.dispose();
        return toMat(img);
    }

    /** Draws text with its cap height filling the box's height, condensed if needed, centred. */
    static void drawText(final Graphics2D g, final Font font, final String text, final Rectangle2D box)
    {
        final Font sized = font.deriveFont(Font.BOLD, 100f);
        final Shape outline = sized.createGlyphVector(g.getFontRenderContext(), text).getOutline();
        final Rectangle2D b = outline.getBounds2D();
        final double sy = box.getHeight() / b.getHeight();
        final double sx = Math.min(sy * 0.95, box.getWidth() / b.getWidth());
        final AffineTransform t = new AffineTransform();
        t.translate(box.getCenterX() - b.getWidth() * sx / 2, box.getY());
        t.scale(sx, sy);
        t.translate(-b.getX(), -b.getY());
        g.fill(t.createTransformedShape(outline));
    }

    private Mat degrade(final Mat mat)
    {
        final Mat out = new Mat();
        // lighting
        mat.convertTo(out, -1, 0.7 + random.nextDouble() * 0.4, random.nextInt(41) - 20);
        final double sigma = 0.4 + random.nextDouble() * 0.9;
        GaussianBlur(out, out, new Size(0, 0), sigma);
        // sensor noise
        final int n = (int) (out.total() * out.channels());
        final byte[] px = new byte[n];
        out.data().get(px);
        final double noise = 3 + random.nextDouble() * 6;
        for (int i = 0; i < n; i++)
        {
            final int v = (px[i] & 0xff) + (int) Math.round(random.nextGaussian() * noise);
            px[i] = (byte) Math.max(0, Math.min(255, v));
        }
        out.data().put(px);
        // compression
        final BytePointer buf = new BytePointer();
        imencode(".jpg", out, buf, new IntPointer(IMWRITE_JPEG_QUALITY, 30 + random.nextInt(41)));
        final Mat encoded = new Mat(1, (int) buf.limit(), CV_8UC1, buf);
        final Mat decoded = imdecode(encoded, IMREAD_COLOR);
        return decoded;
    }

    static Mat pointsMat(final double[] xy)
    {
        final Mat m = new Mat(4, 1, CV_32FC2);
        final FloatPointer p = new FloatPointer(m.data());
        for (int i = 0; i < 8; i++)
        {
            p.put(i, (float) xy[i]);
        }
        return m;
    }

    /**
     * Copies a TYPE_3BYTE_BGR image into a new Mat.
     *
     * @param img the image.
     * @return a CV_8UC3 Mat.
     */
    static Mat toMat(final BufferedImage img)
    {
        final byte[] bytes = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        final Mat m = new Mat(img.getHeight(), img.getWidth(), CV_8UC3);
        m.data().put(bytes);
        return m;
    }
}
