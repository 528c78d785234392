package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.beacon.codecs.PlateLayout;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class PlateTrackerTest
{
    private static final long MS = 1_000_000L;

    private static PlateReading reading(final String plate, final double confidence, final int x)
    {
        return new PlateReading(plate, confidence, new Rect(x, 300, 150, 32), new Mat(), VietnamesePlates.layout(plate));
    }

    @Test
    void votesTheRightPlateWhenSingleFramesDisagree()
    {
        final PlateTracker tracker = new PlateTracker(3, 500 * MS);
        final String[] reads = {"51F-123.45", "51F-128.45", "57F-123.45", "51F-123.46", "51E-123.45", "51F-1234"};
        final List<PlateTracker.TrackResult> results = new ArrayList<>();
        for (int i = 0; i < reads.length; i++)
        {
            results.addAll(tracker.update(i * 40 * MS, List.of(reading(reads[i], 0.8, 100 + 5 * i))));
        }
        results.addAll(tracker.update(2000 * MS, List.of()));
        assertThat(results).hasSize(1);
        final PlateTracker.TrackResult r = results.get(0);
        assertThat(r.plate()).isEqualTo("51F-123.45");
        assertThat(r.layout()).isEqualTo(PlateLayout.ONE_LINE);
        assertThat(r.frames()).isEqualTo(6);
        assertThat(r.bestFrameTimeNs()).isZero();
        assertThat(r.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void aReadThatLostItsLastDigitCountsForTheLongerPlate()
    {
        // one frame reads the plate's box, the next a wider box that cuts the last digit (and the dot with it); the
        // truncated reads even outnumber the whole ones here
        final PlateTracker tracker = new PlateTracker(2, 300 * MS);
        final String[] reads = {"68R-7462", "68R-746.24", "68R-7462", "68R-746.24", "68R-7462"};
        final List<PlateTracker.TrackResult> results = new ArrayList<>();
        for (int i = 0; i < reads.length; i++)
        {
            results.addAll(tracker.update(i * 40 * MS, List.of(reading(reads[i], reads[i].length() == 8 ? 0.87 : 0.91, 100 + 3 * i))));
        }
        results.addAll(tracker.flush());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).plate()).isEqualTo("68R-746.24");
        assertThat(PlateTracker.truncates("68R-7462", "68R-746.24")).isTrue();
        assertThat(PlateTracker.truncates("68R-746.24", "68R-7462")).isFalse();
        assertThat(PlateTracker.truncates("68R-7463", "68R-746.24")).isFalse();
    }

    @Test
    void keepsTwoVehiclesApartAndReportsEachOnce()
    {
        final PlateTracker tracker = new PlateTracker(2, 300 * MS);
        final List<PlateTracker.TrackResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            results.addAll(tracker.update(i * 40 * MS, List.of(reading("51F-123.45", 0.9, 100 + 4 * i),
                reading("59-X1 678.90", 0.7, 900 - 4 * i))));
        }
        results.addAll(tracker.flush());
        assertThat(results).extracting(PlateTracker.TrackResult::plate).containsExactlyInAnyOrder("51F-123.45", "59-X1 678.90");
    }

    @Test
    void dropsTracksShorterThanMinFrames()
    {
        final PlateTracker tracker = new PlateTracker(3, 100 * MS);
        assertThat(tracker.update(0, List.of(reading("51F-123.45", 0.9, 100)))).isEmpty();
        assertThat(tracker.update(500 * MS, List.of())).isEmpty();
        assertThat(tracker.flush()).isEmpty();
    }
}
