package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the pipeline's reads, exactly (plate, confidence, box), of a fixed set of generated images, clean and
 * degraded: a refactor of the pipeline must leave every one of them as it is.
 */
class PlatePipelineReadsTest
{
    private static PlatePipeline pipeline;

    @BeforeAll
    static void open()
    {
        System.setProperty("java.awt.headless", "true");
        pipeline = new PlatePipeline();
    }

    @AfterAll
    static void close()
    {
        pipeline.close();
    }

    static List<String> reads()
    {
        final List<String> out = new ArrayList<>();
        final PlateSetGenerator gen = new PlateSetGenerator(2026);
        for (int i = 0; i < 24; i++)
        {
            final PlateSetGenerator.Sample s = gen.next(i % 3 != 0);
            final StringBuilder line = new StringBuilder(s.plate()).append(':');
            for (final PlateReading r : pipeline.read(s.image()))
            {
                line.append(' ').append(r.plate()).append('@').append(Double.doubleToLongBits(r.confidence()))
                    .append('[').append(r.box().x()).append(',').append(r.box().y()).append(',').append(r.box().width())
                    .append(',').append(r.box().height()).append(']');
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Every candidate of each image and its own read: pins localisation, refinement and segmentation apart. */
    static String candidates()
    {
        final StringBuilder out = new StringBuilder();
        final PlateSetGenerator gen = new PlateSetGenerator(77);
        for (int i = 0; i < 6; i++)
        {
            final PlateSetGenerator.Sample s = gen.next(i % 2 == 0);
            final org.bytedeco.opencv.opencv_core.Mat gray = new org.bytedeco.opencv.opencv_core.Mat();
            org.bytedeco.opencv.global.opencv_imgproc.cvtColor(s.image(), gray,
                org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY);
            for (final PlatePipeline.Candidate c : pipeline.localise(gray))
            {
                out.append(c.layout()).append(box(c.box()));
                for (final float q : pipeline.refine(gray, c))
                {
                    out.append(' ').append(Float.floatToIntBits(q));
                }
                final PlateReading r = pipeline.readCandidate(gray, s.image(), c);
                out.append(" -> ").append(r == null ? "none" : r.plate() + "@" + Double.doubleToLongBits(r.confidence()));
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String box(final org.bytedeco.opencv.opencv_core.Rect b)
    {
        return "[" + b.x() + "," + b.y() + "," + b.width() + "," + b.height() + "]";
    }

    @Test
    void candidatesAndTheirReadsAreAsPinned() throws Exception
    {
        final String got = candidates();
        final String pinned;
        try (java.io.InputStream in = getClass().getResourceAsStream("/plates/pinned-candidates.txt"))
        {
            pinned = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/candidates-now.txt"), got);
        assertThat(got).isEqualTo(pinned);
    }

    @Test
    void readsOfTheGeneratedImagesAreAsPinned()
    {
        final List<String> reads = reads();
        assertThat(reads).containsExactly(PINNED);
    }

    private static final String[] PINNED = {
        "91R-038.73: 91R-038.73@4607014582285102527[862,393,231,56]",
        "98Y-6727: 98Y-6727@4607159515234906491[408,561,192,48]",
        "33D-538.82: 33D-538.82@4607145194392407565[516,560,130,34]",
        "11-V2 621.88: 11-V2 621.88@4607181815750203869[93,445,172,138]",
        "87E-8498: 87E-8498@4607181309223011864[318,577,187,44]",
        "81-Y9 680.02: 81-Y9 680.02@4607179619697198939[293,514,176,139]",
        "65P-5214: 65P-5214@4607179469578364043[250,497,272,66]",
        "16D-914.51: 16D-914.51@4607174611330262697[496,412,142,39]",
        "68T-830.82: 68T-830.82@4607127069336551253[578,488,230,67]",
        "87E-7591: 87E-7591@4607182015673193206[902,560,220,52]",
        "86Y-404.85: 86Y-404.85@4607178393032315904[481,512,239,56]",
        "13E-728.19: 13E-728.10@4603245443593374449[625,536,122,34]",
        "63-S1 396.97: 63-S1 396.97@4607179278523608388[713,224,234,187]",
        "34L-884.29: 34L-884.29@4607180467952778203[294,476,220,54]",
        "53P-2085: 53P-2085@4607177937996501535[812,533,228,58]",
        "79G-029.01: 79G-029.01@4607176273844520650[537,345,283,70]",
        "85E-094.77: 85E-094.77@4607181022135655474[312,402,178,50]",
        "65-M4 707.49: 65-M4 707.49@4607181792982364811[778,454,167,135]",
        "83G-488.09: 83G-488.09@4607181947941442576[296,562,246,62]",
        "29U-719.05: 29U-719.05@4607175599421558182[361,412,214,64]",
        "95-K2 518.70: 95-K2 518.70@4607176996219021382[124,512,102,82]",
        "26-U3 779.73: 26-U3 779.73@4607158853514448220[800,524,156,118]",
        "59R-026.10: 59R-026.10@4606671698625717217[192,424,127,35]",
        "38-F7 486.72: 38-F7 486.72@4607177010241772034[182,561,95,71]",
    };
}
