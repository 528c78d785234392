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
        "91R-038.73: 91R-038.73@4606492393105456460[862,393,231,56]",
        "98Y-6727: 98Y-6727@4606388764814630676[409,562,187,43]",
        "33D-538.82: 33D-538.82@4605911698851754057[516,560,130,34]",
        "11-V2 621.88: 11-V2 621.88@4606845899760314299[93,445,172,138]",
        "87E-8498: 87E-8498@4606064027843355840[318,577,187,44]",
        "81-Y9 680.02: 81-Y9 680.02@4606900651358138537[306,530,151,112]",
        "65P-5214: 65P-5214@4606616577271371988[250,497,272,66]",
        "16D-914.51: 16D-914.51@4606354213550210876[496,412,142,39]",
        "68T-830.82: 68T-830.82@4605093890136318200[578,488,230,67]",
        "87E-7591: 87E-7591@4606750372951665920[924,569,183,38]",
        "86Y-404.85: 86Y-404.85@4606181847380948697[481,512,239,56]",
        "13E-728.19: 13E-728.19@4604961100575412393[625,536,122,34]",
        "63-S1 396.97: 63-S1 396.97@4607018729099148634[713,224,234,187]",
        "34L-884.29: 34L-884.29@4606644713659405317[294,476,220,54]",
        "53P-2085: 53P-2085@4606431164845463451[812,533,228,58]",
        "79G-029.01: 79G-029.01@4606538899859370951[537,345,283,70]",
        "85E-094.77: 85E-094.77@4606588702823213226[316,404,170,44]",
        "65-M4 707.49: 65-M4 707.49@4606696964933419617[796,469,146,106]",
        "83G-488.09: 83G-488.09@4606269060926476908[296,562,246,62]",
        "29U-719.05: 29U-719.05@4606398468302226259[361,412,214,64]",
        "95-K2 518.70:",
        "26-U3 779.73: 26-U3 779.73@4606889995884770730[800,524,156,118]",
        "59R-026.10: 59R-026.10@4605932025483174856[192,424,127,35]",
        "38-F7 486.72: 38-F7 486.72@4606589107893015653[182,561,95,71]",
    };
}
