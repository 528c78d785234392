/**
 * Crowd detection for one camera: per-zone occupancy from background subtraction (MOG2), people counts
 * from HOG detections fused with foreground blob shapes, and the alarm rules (count or occupancy held,
 * fast rise, re-alarm gap) that run in frame time.
 */
package org.beacon.video.crowd;
