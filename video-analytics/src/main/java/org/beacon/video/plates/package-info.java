/**
 * Licence-plate reading: localisation in a frame, deskew, Tesseract OCR, correction against the Vietnamese
 * plate formats and voting over the frames of a vehicle's track; plus the generated, labelled plate set the
 * reading is measured on.
 */
package org.beacon.video.plates;
