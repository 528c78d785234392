package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatesMainTest
{
    @TempDir
    Path dir;

    @Test
    void printsThePlateOfAnImageAndFailsOnGarbage() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final PlateSetGenerator.Sample sample = new PlateSetGenerator(1).next(false);
        final Path png = dir.resolve("car.png");
        imwrite(png.toString(), sample.image());
        final Path garbage = dir.resolve("garbage.png");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        final Path garbageVideo = dir.resolve("garbage.mp4");
        Files.write(garbageVideo, new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1});

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = PlatesMain.run(new String[] {garbage.toString(), png.toString(), garbageVideo.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("(?s)" + java.util.regex.Pattern.quote(png + " " + sample.plate() + " ")
            + "[01]\\.\\d\\d\\R");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read " + garbage).contains("cannot read " + garbageVideo);
    }

    @Test
    void succeedsOnAGoodImage() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final PlateSetGenerator.Sample sample = new PlateSetGenerator(2).next(false);
        final Path png = dir.resolve("car2.png");
        imwrite(png.toString(), sample.image());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = PlatesMain.run(new String[] {png.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(sample.plate());
    }
}
