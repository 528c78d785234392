package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.List;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatePipelineTest
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

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void readsACleanGeneratedPlateExactly(final long seed)
    {
        final PlateSetGenerator.Sample sample = new PlateSetGenerator(seed).next(false);
        final List<PlateReading> readings = pipeline.read(sample.image());
        assertThat(readings).extracting(PlateReading::plate).contains(sample.plate());
        final PlateReading r = readings.stream().filter(x -> x.plate().equals(sample.plate())).findFirst().orElseThrow();
        assertThat(r.layout()).isEqualTo(VietnamesePlates.layout(sample.plate()));
        assertThat(PlatePipeline.overlap(r.box(), sample.plateBox())).isGreaterThan(0.5);
        assertThat(r.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void findsNothingInAPlateFreeScene()
    {
        final Mat empty = new Mat(720, 1280, CV_8UC3, new Scalar(90, 120, 60, 0));
        assertThat(pipeline.read(empty)).isEmpty();
    }

    @Test
    void aPhoneNumberOnAPlateShapedSignIsNoPlate()
    {
        // a white board with a black border, the size and shape of a car plate, with a shop's phone number on it
        final java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1280, 720, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        final java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(90, 110, 70));
        g.fillRect(0, 0, 1280, 720);
        g.setColor(new java.awt.Color(245, 245, 240));
        g.fillRect(500, 300, 260, 55);
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(3));
        g.drawRect(502, 302, 256, 51);
        PlateSetGenerator.drawText(g, PlateSceneGenerator.fonts(PlateSceneGenerator.Split.OWN).get(0).font(), "0903 456 789",
            new java.awt.geom.Rectangle2D.Double(512, 311, 236, 33));
        g.dispose();
        assertThat(pipeline.read(PlateSetGenerator.toMat(img))).isEmpty();
    }

    @Test
    void readsBlueGovernmentPlatesOfLightCharacters()
    {
        // inverse polarity: white characters on blue; the first blue plates of a seed of the own split
        final PlateSceneGenerator gen = new PlateSceneGenerator(11, PlateSceneGenerator.Split.OWN);
        int blue = 0;
        int exact = 0;
        while (blue < 6)
        {
            final PlateSceneGenerator.Sample s = gen.next();
            if (s.colour() != PlateSceneGenerator.PlateColour.BLUE || s.width() < 150)
            {
                continue;
            }
            blue++;
            exact += pipeline.read(s.image()).stream().anyMatch(r -> r.plate().equals(s.plate())) ? 1 : 0;
        }
        assertThat(exact).isGreaterThanOrEqualTo(4);
    }
}
