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
}
