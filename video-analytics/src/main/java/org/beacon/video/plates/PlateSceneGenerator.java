package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.BORDER_TRANSPARENT;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The wide plate set: every bold sans, condensed and mono font on the machine (as {@code fc-list} lists them), white,
 * yellow (commercial) and blue (government, white characters: inverse) plates, an outer and sometimes an inset border
 * line, rivets, dirt, 90-260 px wide, both one-line series layouts and the motorbike two-row layout, 4- and 5-digit
 * serials, JPEG quality 40-70; and in every scene text that is not a plate: shop signs with their names and phone
 * numbers ("0903 456 789"), a camera's timestamp overlay.
 *
 * <p>Two splits. {@link Split#OWN} is what the reader may be tuned and trained on: every font but the held-out
 * family, street scenes (sky, buildings, clutter, a car). {@link Split#HELDOUT} is kept out of all tuning: plates in
 * the held-out font family only ({@link #HELDOUT_FAMILY}), and a scene style of its own (night shop fronts, glare,
 * a colour cast, signs and overlay in other layouts). Deterministic for a seed and split on one machine.
 */
public final class PlateSceneGenerator
{
    /** The font family no part of the reader is tuned or trained on. */
    public static final String HELDOUT_FAMILY = "Roboto";

    /** Which fonts and scene style. */
    public enum Split
    {
        /** Fonts and scenes the reader may be tuned on. */
        OWN,
        /** The held-out font family and scene style. */
        HELDOUT
    }

    /** A plate's colours. */
    public enum PlateColour
    {
        /** Private: black on white. */
        WHITE,
        /** Commercial: black on yellow. */
        YELLOW,
        /** Government: white on blue (inverse). */
        BLUE
    }

    /** A bold sans, condensed or mono font and its family. */
    public record PlateFont(String family, String file, Font font)
    {
    }

    /**
     * One labelled scene.
     *
     * @param image    the 1280x720 BGR scene.
     * @param plate    the plate's display form.
     * @param plateBox the plate's bounding box.
     * @param colour   the plate's colours.
     * @param font     the family the plate was printed in.
     * @param width    the plate's width in the scene, px.
     */
    public record Sample(Mat image, String plate, Rect plateBox, PlateColour colour, String font, int width)
    {
    }

    private static final Pattern BOLD = Pattern.compile("(?i).*\\b(bold|black|heavy)\\b.*");
    private static final Pattern SLANTED = Pattern.compile("(?i).*(italic|oblique).*");
    private static final Pattern SANS = Pattern.compile("(?i).*(sans|mono|narrow|condensed|roboto|arial|helvetica|ubuntu|cantarell).*");
    private static final Pattern SERIF = Pattern.compile("(?i).*(?<!sans)(?<!sans )serif.*");
    private static final String PROBE = "0123456789" + VietnamesePlates.SERIES_LETTERS + "-.";

    private static final List<PlateFont> ALL = loadFonts();
    private static final String[] SHOPS = {
        "TAP HOA", "PHO 24", "BANH MI", "CAFE", "SUA XE", "NHA THUOC", "KARAOKE", "TIEM VANG", "BIA HOI", "COM TAM",
        "HOTEL", "SPA", "GAS", "ATM", "MOTEL 68", "SALE 50%", "WIFI FREE", "SHOP 79",
    };

    private final Random random;
    private final Split split;
    private final List<PlateFont> fonts;
    private final List<PlateFont> signFonts;

    /**
     * A generator.
     *
     * @param seed  the seed.
     * @param split which fonts and scene style.
     */
    public PlateSceneGenerator(final long seed, final Split split)
    {
        this.random = new Random(seed);
        this.split = split;
        this.fonts = fonts(split);
        this.signFonts = split == Split.OWN ? fonts : ALL;
        if (fonts.isEmpty())
        {
            throw new IllegalStateException("no bold sans, condensed or mono font for the " + split + " split on this machine");
        }
    }

    /**
     * The fonts of a split.
     *
     * @param split the split.
     * @return the held-out family's fonts for HELDOUT, every other one for OWN.
     */
    public static List<PlateFont> fonts(final Split split)
    {
        final List<PlateFont> out = new ArrayList<>();
        for (final PlateFont f : ALL)
        {
            final boolean held = f.family().toLowerCase(Locale.ROOT).startsWith(HELDOUT_FAMILY.toLowerCase(Locale.ROOT));
            if (held == (split == Split.HELDOUT))
            {
                out.add(f);
            }
        }
        return out;
    }

    /** Bold sans, condensed and mono fonts, from fc-list (or the font folders when it is missing), by file. */
    private static List<PlateFont> loadFonts()
    {
        final TreeMap<String, String> families = new TreeMap<>();
        try
        {
            final Process p = new ProcessBuilder("fc-list", "--format", "%{file}\\t%{family[0]}\\t%{style[0]}\\n").redirectErrorStream(true)
                .start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    final String[] f = line.split("\t");
                    if (f.length == 3 && BOLD.matcher(f[2]).matches() && !SLANTED.matcher(f[2]).matches())
                    {
                        families.put(f[0], f[1]);
                    }
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            scan(new File("/usr/share/fonts"), families);
        }
        if (families.isEmpty())
        {
            scan(new File("/usr/share/fonts"), families);
        }
        final List<PlateFont> out = new ArrayList<>();
        for (final var e : families.entrySet())
        {
            final String family = e.getValue();
            if (!SANS.matcher(family + " " + e.getKey()).matches() || SERIF.matcher(family).matches())
            {
                continue;
            }
            try
            {
                final Font font = Font.createFont(Font.TRUETYPE_FONT, new File(e.getKey()));
                if (font.canDisplayUpTo(PROBE) == -1)
                {
                    out.add(new PlateFont(family, e.getKey(), font));
                }
            }
            catch (final Exception ignored)
            {
                // a broken font only narrows the set
            }
        }
        return out;
    }

    private static void scan(final File dir, final TreeMap<String, String> families)
    {
        final File[] files = dir.listFiles();
        if (files == null)
        {
            return;
        }
        for (final File f : files)
        {
            final String name = f.getName();
            if (f.isDirectory())
            {
                scan(f, families);
            }
            else if ((name.endsWith(".ttf") || name.endsWith(".otf")) && BOLD.matcher(name.replace('-', ' ')).matches()
                && !SLANTED.matcher(name).matches())
            {
                families.put(f.getPath(), name.replaceAll("[-.].*", ""));
            }
        }
    }

    /**
     * A random plate in display form, of a valid province.
     *
     * @param twoRow the motorbike layout.
     * @return e.g. "51F-123.45", "51LD-1234", "59-X1 123.45".
     */
    public String randomPlate(final boolean twoRow)
    {
        final String letters = VietnamesePlates.SERIES_LETTERS;
        final StringBuilder sb = new StringBuilder();
        final int[] provinces = VietnamesePlates.provinces();
        sb.append(provinces[random.nextInt(provinces.length)]);
        if (twoRow)
        {
            sb.append('-').append(letters.charAt(random.nextInt(letters.length()))).append(1 + random.nextInt(9)).append(' ');
        }
        else
        {
            sb.append(letters.charAt(random.nextInt(letters.length())));
            if (random.nextInt(6) == 0)
            {
                sb.append(letters.charAt(random.nextInt(letters.length())));
            }
            sb.append('-');
        }
        if (random.nextInt(3) == 0)
        {
            sb.append(String.format(Locale.ROOT, "%04d", random.nextInt(10000)));
        }
        else
        {
            sb.append(String.format(Locale.ROOT, "%03d.%02d", random.nextInt(1000), random.nextInt(100)));
        }
        return sb.toString();
    }

    /**
     * The next scene.
     *
     * @return the scene with its label.
     */
    public Sample next()
    {
        final boolean twoRow = random.nextInt(3) == 0;
        final String plate = randomPlate(twoRow);
        final int c = random.nextInt(4);
        final PlateColour colour = c < 2 ? PlateColour.WHITE : c == 2 ? PlateColour.YELLOW : PlateColour.BLUE;
        final PlateFont font = fonts.get(random.nextInt(fonts.size()));
        final Mat plateImage = renderPlate(plate, twoRow, colour, font.font());
        final double aspect = twoRow ? 140.0 / 190.0 : 110.0 / 520.0;
        final double pw = twoRow ? 90 + random.nextInt(111) : 90 + random.nextInt(171);
        final double ph = pw * aspect;
        final double carW = Math.max(pw * (twoRow ? 2.0 : 2.6) + random.nextInt(60), 160);
        final double carH = carW * (0.55 + random.nextDouble() * 0.3);
        final double cx = carW / 2 + 20 + random.nextDouble() * (PlateSetGenerator.WIDTH - carW - 40);
        final double cy = carH * 0.75 + 20 + random.nextDouble() * Math.max(1, PlateSetGenerator.HEIGHT - carH - 40);
        final BufferedImage scene = new BufferedImage(PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (split == Split.OWN)
        {
            drawStreet(g);
        }
        else
        {
            drawShopFronts(g);
        }
        drawSigns(g, new Rectangle2D.Double(cx - carW / 2, cy - carH * 0.75, carW, carH));
        drawVehicle(g, cx, cy, carW, carH, pw, ph, twoRow);
        drawOverlay(g);
        g.dispose();
        final Mat mat = PlateSetGenerator.toMat(scene);
        final Rect box = place(plateImage, mat, cx, cy, pw, ph);
        return new Sample(degrade(mat), plate, box, colour, font.family(), (int) Math.round(pw));
    }

    /** Warps the plate onto the scene, rotated and perspective-skewed around (cx, cy); its bounding box. */
    private Rect place(final Mat plateImage, final Mat mat, final double cx, final double cy, final double pw, final double ph)
    {
        final double angle = Math.toRadians((random.nextDouble() - 0.5) * 12);
        final double yaw = (random.nextDouble() - 0.5) * 0.16;
        final double[] quad = new double[8];
        final double[][] corners = {{-pw / 2, -ph / 2}, {pw / 2, -ph / 2}, {pw / 2, ph / 2}, {-pw / 2, ph / 2}};
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++)
        {
            final double x = corners[i][0] + (random.nextDouble() - 0.5) * 0.05 * pw;
            final double y = corners[i][1] * (1 + (corners[i][0] > 0 ? yaw : -yaw)) + (random.nextDouble() - 0.5) * 0.08 * ph;
            quad[2 * i] = cx + x * Math.cos(angle) - y * Math.sin(angle);
            quad[2 * i + 1] = cy + x * Math.sin(angle) + y * Math.cos(angle);
            minX = Math.min(minX, quad[2 * i]);
            maxX = Math.max(maxX, quad[2 * i]);
            minY = Math.min(minY, quad[2 * i + 1]);
            maxY = Math.max(maxY, quad[2 * i + 1]);
        }
        final Mat src = PlateSetGenerator.pointsMat(new double[] {0, 0, plateImage.cols(), 0, plateImage.cols(), plateImage.rows(), 0,
            plateImage.rows()});
        final Mat m = getPerspectiveTransform(src, PlateSetGenerator.pointsMat(quad));
        warpPerspective(plateImage, mat, m, mat.size(), INTER_LINEAR, BORDER_TRANSPARENT, new Scalar(0, 0, 0, 0));
        return new Rect((int) Math.floor(minX), (int) Math.floor(minY), (int) Math.ceil(maxX - minX), (int) Math.ceil(maxY - minY));
    }

    /** The own style: a daylight street, buildings and random clutter. */
    private void drawStreet(final Graphics2D g)
    {
        g.setPaint(new GradientPaint(0, 0, randomColor(80, 230), 0, PlateSetGenerator.HEIGHT, randomColor(30, 160)));
        g.fillRect(0, 0, PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT);
        for (int i = 0; i < 36; i++)
        {
            g.setColor(randomColor(0, 255));
            final int x = random.nextInt(PlateSetGenerator.WIDTH);
            final int y = random.nextInt(PlateSetGenerator.HEIGHT);
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
    }

    /** The held-out style: night shop fronts side by side, lit windows, a dark road, street-light glare. */
    private void drawShopFronts(final Graphics2D g)
    {
        g.setColor(randomColor(5, 40));
        g.fillRect(0, 0, PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT);
        int x = -random.nextInt(80);
        while (x < PlateSetGenerator.WIDTH)
        {
            final int w = 120 + random.nextInt(200);
            g.setColor(randomColor(30, 120));
            g.fillRect(x, 0, w - 6, PlateSetGenerator.HEIGHT * 2 / 3);
            for (int k = 0; k < 3; k++)
            {
                g.setColor(new Color(200 + random.nextInt(55), 170 + random.nextInt(60), 80 + random.nextInt(100)));
                g.fillRect(x + 10 + random.nextInt(Math.max(1, w - 70)), 120 + random.nextInt(260), 20 + random.nextInt(40),
                    30 + random.nextInt(60));
            }
            x += w;
        }
        g.setColor(new Color(40, 40, 45));
        g.fillRect(0, PlateSetGenerator.HEIGHT * 2 / 3, PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT / 3);
        g.setColor(new Color(220, 220, 200));
        g.setStroke(new BasicStroke(4 + random.nextInt(5), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {40, 30}, 0));
        final int lane = PlateSetGenerator.HEIGHT * 5 / 6;
        g.drawLine(0, lane, PlateSetGenerator.WIDTH, lane + random.nextInt(40) - 20);
        for (int k = 0; k < 2; k++)
        {
            final int r = 40 + random.nextInt(80);
            g.setPaint(new java.awt.RadialGradientPaint(random.nextInt(PlateSetGenerator.WIDTH), random.nextInt(300), r,
                new float[] {0, 1}, new Color[] {new Color(255, 250, 220, 230), new Color(255, 250, 220, 0)}));
            g.fillRect(0, 0, PlateSetGenerator.WIDTH, PlateSetGenerator.HEIGHT);
        }
    }

    /** Shop signs with their names and phone numbers: text that is not a plate, some of it on plate-shaped boards. */
    private void drawSigns(final Graphics2D g, final Rectangle2D vehicle)
    {
        final int n = 3 + random.nextInt(4);
        for (int i = 0; i < n; i++)
        {
            final boolean phoneBoard = random.nextInt(2) == 0;
            final double h = phoneBoard ? 20 + random.nextInt(45) : 30 + random.nextInt(60);
            final String text = phoneBoard ? phone() : SHOPS[random.nextInt(SHOPS.length)]
                + (random.nextInt(2) == 0 ? " " + phone() : "");
            final double w = h * (phoneBoard ? 3.5 + random.nextDouble() * 2.5 : Math.max(2.5, 0.55 * text.length()));
            final double x = random.nextDouble() * Math.max(1, PlateSetGenerator.WIDTH - w);
            final double y = random.nextDouble() * Math.max(1, PlateSetGenerator.HEIGHT * 0.7 - h);
            if (new Rectangle2D.Double(x, y, w, h).intersects(vehicle))
            {
                continue;
            }
            final boolean light = random.nextInt(3) != 0;
            g.setColor(light ? (random.nextBoolean() ? new Color(245, 245, 240) : new Color(250, 210, 50)) : randomColor(20, 200));
            g.fill(new RoundRectangle2D.Double(x, y, w, h, 6, 6));
            if (random.nextBoolean())
            {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2));
                g.draw(new RoundRectangle2D.Double(x + 2, y + 2, w - 4, h - 4, 6, 6));
            }
            g.setColor(light ? new Color(20, 20, 20) : new Color(250, 250, 250));
            final Font f = signFonts.get(random.nextInt(signFonts.size())).font();
            PlateSetGenerator.drawText(g, f, text, new Rectangle2D.Double(x + w * 0.05, y + h * 0.2, w * 0.9, h * 0.6));
        }
    }

    private String phone()
    {
        final String[] prefixes = {"090", "091", "093", "098", "097", "028", "083", "070"};
        final String p = prefixes[random.nextInt(prefixes.length)] + random.nextInt(10);
        final String a = String.format(Locale.ROOT, "%03d", random.nextInt(1000));
        final String b = String.format(Locale.ROOT, "%03d", random.nextInt(1000));
        switch (random.nextInt(3))
        {
            case 0:
                return p + " " + a + " " + b;
            case 1:
                return p + "." + a + "." + b;
            default:
                return p + "-" + a + b;
        }
    }

    /** A camera's overlay: its name and the time, top left (own) or bottom right (held out). */
    private void drawOverlay(final Graphics2D g)
    {
        final String time = split == Split.OWN
            ? String.format(Locale.ROOT, "2026-%02d-%02d %02d:%02d:%02d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60))
            : String.format(Locale.ROOT, "%02d/%02d/2026 %02d:%02d:%02d CAM%02d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(100));
        final double h = 18 + random.nextInt(14);
        final double w = h * 0.6 * time.length();
        final double x = split == Split.OWN ? 12 : PlateSetGenerator.WIDTH - w - 12;
        final double y = split == Split.OWN ? 12 : PlateSetGenerator.HEIGHT - h - 12;
        if (random.nextBoolean())
        {
            g.setColor(new Color(0, 0, 0, 160));
            g.fill(new Rectangle2D.Double(x - 4, y - 4, w + 8, h + 8));
        }
        g.setColor(Color.WHITE);
        PlateSetGenerator.drawText(g, signFonts.get(random.nextInt(signFonts.size())).font(), time, new Rectangle2D.Double(x, y, w, h));
        g.setColor(Color.BLACK);
    }

    /** A car (one-line plate) or a motorbike's rear (two-row plate); the plate's dark holder. */
    private void drawVehicle(final Graphics2D g, final double cx, final double cy, final double carW, final double carH, final double pw,
        final double ph, final boolean twoRow)
    {
        final Color body = randomColor(20, 200);
        final int x0 = (int) (cx - carW / 2);
        final int y0 = (int) (cy - carH * 0.75);
        g.setColor(body);
        if (twoRow && split == Split.HELDOUT)
        {
            g.fillOval((int) (cx - carW * 0.3), y0, (int) (carW * 0.6), (int) carH);
            g.setColor(new Color(200, 30, 20));
            g.fillRect((int) (cx - pw * 0.3), (int) (cy - ph * 0.95), (int) (pw * 0.6), (int) (ph * 0.2));
        }
        else
        {
            g.fillRoundRect(x0, y0, (int) carW, (int) carH, (int) (carW * 0.15), (int) (carW * 0.15));
            g.setColor(body.darker().darker());
            g.fillRoundRect((int) (x0 + carW * 0.12), (int) (y0 + carH * 0.05), (int) (carW * 0.76), (int) (carH * 0.3), 20, 20);
            g.setColor(new Color(230, 200, 120));
            g.fillOval((int) (x0 + carW * 0.05), (int) (y0 + carH * 0.45), (int) (carW * 0.14), (int) (carH * 0.12));
            g.fillOval((int) (x0 + carW * 0.81), (int) (y0 + carH * 0.45), (int) (carW * 0.14), (int) (carH * 0.12));
        }
        g.setColor(new Color(25, 25, 25));
        g.fillRect((int) (cx - pw * 0.6), (int) (cy - ph * 0.65), (int) (pw * 1.2), (int) (ph * 1.3));
    }

    private Color randomColor(final int min, final int max)
    {
        return new Color(min + random.nextInt(max - min + 1), min + random.nextInt(max - min + 1), min + random.nextInt(max - min + 1));
    }

    /**
     * Renders a plate, front view: its ground and characters, an outer border, sometimes an inset line, rivets and
     * dirt.
     */
    private Mat renderPlate(final String plate, final boolean twoRow, final PlateColour colour, final Font font)
    {
        final int w = twoRow ? 380 : 520;
        final int h = twoRow ? 280 : 110;
        final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        final Color ground = switch (colour)
        {
            case WHITE -> new Color(235 + random.nextInt(20), 235 + random.nextInt(20), 230 + random.nextInt(20));
            case YELLOW -> new Color(240 + random.nextInt(15), 190 + random.nextInt(30), 20 + random.nextInt(40));
            case BLUE -> new Color(10 + random.nextInt(30), 50 + random.nextInt(50), 130 + random.nextInt(60));
        };
        final Color ink = colour == PlateColour.BLUE ? new Color(245, 245, 245) : new Color(15, 15, 15);
        g.setColor(ground);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        final float border = twoRow ? 8 + random.nextInt(4) : 4 + random.nextInt(3);
        g.setStroke(new BasicStroke(border));
        g.drawRoundRect((int) (border / 2), (int) (border / 2), (int) (w - border), (int) (h - border), 12, 12);
        final boolean inset = random.nextInt(3) == 0;
        final double in = inset ? border * 2.2 : 0;
        if (inset)
        {
            g.setStroke(new BasicStroke(Math.max(1.5f, border / 2.5f)));
            g.draw(new RoundRectangle2D.Double(in, in, w - 2 * in, h - 2 * in, 10, 10));
        }
        final boolean rivets = random.nextBoolean();
        final double margin = rivets ? 0.075 : 0.05;
        if (twoRow)
        {
            final int space = plate.indexOf(' ');
            PlateSetGenerator.drawText(g, font, plate.substring(0, space), new Rectangle2D.Double(w * 0.14, h * 0.11, w * 0.72, h * 0.33));
            PlateSetGenerator.drawText(g, font, plate.substring(space + 1), new Rectangle2D.Double(w * 0.08, h * 0.56, w * 0.84, h * 0.33));
        }
        else
        {
            PlateSetGenerator.drawText(g, font, plate, new Rectangle2D.Double(w * margin, h * 0.17 + in * 0.3, w * (1 - 2 * margin),
                h * 0.66 - in * 0.6));
        }
        if (rivets)
        {
            drawRivets(g, w, h, twoRow, ground);
        }
        drawDirt(g, w, h);
        g.dispose();
        return PlateSetGenerator.toMat(img);
    }

    private void drawRivets(final Graphics2D g, final int w, final int h, final boolean twoRow, final Color ground)
    {
        final double r = twoRow ? 9 : 5.5;
        final double[][] at = twoRow ? new double[][] {{0.07, 0.5}, {0.93, 0.5}} : new double[][] {{0.035, 0.5}, {0.965, 0.5}};
        for (final double[] p : at)
        {
            final double x = w * p[0];
            final double y = h * p[1];
            g.setColor(ground.darker().darker());
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            g.setColor(new Color(200, 200, 200));
            g.fill(new Ellipse2D.Double(x - r * 0.5, y - r * 0.6, r * 0.8, r * 0.8));
        }
    }

    private void drawDirt(final Graphics2D g, final int w, final int h)
    {
        final int spots = random.nextInt(3) == 0 ? 0 : random.nextInt(14);
        for (int i = 0; i < spots; i++)
        {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.15f + random.nextFloat() * 0.3f));
            g.setColor(new Color(70 + random.nextInt(50), 55 + random.nextInt(40), 35 + random.nextInt(30)));
            final double r = 3 + random.nextInt(14);
            g.fill(new Ellipse2D.Double(random.nextInt(w), random.nextInt(h), r * (1 + random.nextDouble()), r));
        }
        if (random.nextInt(3) == 0)
        {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
            g.setPaint(new GradientPaint(0, h, new Color(80, 60, 40), 0, h * 0.6f, new Color(80, 60, 40, 0)));
            g.fillRect(0, 0, w, h);
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Lighting (a colour cast at night), blur, sensor noise and JPEG at quality 40-70. */
    private Mat degrade(final Mat mat)
    {
        final Mat out = new Mat();
        if (split == Split.OWN)
        {
            mat.convertTo(out, -1, 0.7 + random.nextDouble() * 0.4, random.nextInt(41) - 20);
        }
        else
        {
            mat.convertTo(out, -1, 0.6 + random.nextDouble() * 0.6, random.nextInt(31) - 10);
        }
        GaussianBlur(out, out, new Size(0, 0), 0.4 + random.nextDouble() * 0.9);
        final int n = (int) (out.total() * out.channels());
        final byte[] px = new byte[n];
        out.data().get(px);
        final double noise = 3 + random.nextDouble() * 6;
        final int[] cast = split == Split.OWN ? new int[3] : new int[] {-random.nextInt(20), random.nextInt(8), random.nextInt(25)};
        for (int i = 0; i < n; i++)
        {
            final int v = (px[i] & 0xff) + cast[i % 3] + (int) Math.round(random.nextGaussian() * noise);
            px[i] = (byte) Math.max(0, Math.min(255, v));
        }
        out.data().put(px);
        final BytePointer buf = new BytePointer();
        imencode(".jpg", out, buf, new IntPointer(IMWRITE_JPEG_QUALITY, 40 + random.nextInt(31)));
        return imdecode(new Mat(1, (int) buf.limit(), CV_8UC1, buf), IMREAD_COLOR);
    }
}
