package org.beacon.video.plates;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.List;

import org.beacon.video.plates.PlateSegmenter.Line;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * The Tesseract stage of {@link PlatePipeline}: a line's glyphs re-laid on a clean line, black on white, and read
 * in one call. Owns a {@link TessBaseAPI}: one per thread.
 */
final class PlateOcr implements AutoCloseable
{
    private static final int GLYPH_H = 40;
    private static final String WHITELIST = "0123456789" + VietnamesePlates.SERIES_LETTERS;

    private final TessBaseAPI tess = new TessBaseAPI();

    /**
     * A Tesseract reader of single lines of plate characters.
     *
     * @param tessdata the directory holding eng.traineddata.
     */
    PlateOcr(final String tessdata)
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

    /** Raw text with separators, and Tesseract's confidence (0..1). */
    private record Text(String raw, double confidence)
    {
    }

    /** Tesseract's characters for a line, without separators; null when it reads nothing. */
    String chars(final Line line)
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


    @Override
    public void close()
    {
        tess.End();
        tess.close();
    }
}
