package org.beacon.video.plates;

import org.beacon.codecs.PlateLayout;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * One plate read in one frame.
 *
 * @param plate      the corrected display form ("51F-123.45", "59-X1 123.45").
 * @param confidence 0..1: the glyph reader's, as low as the worst glyph's and lowered by separators that do not fit.
 * @param box        where the plate is in the frame.
 * @param crop       the deskewed plate (grey), owned by the reading.
 * @param layout     one or two lines.
 */
public record PlateReading(String plate, double confidence, Rect box, Mat crop, PlateLayout layout)
{
}
