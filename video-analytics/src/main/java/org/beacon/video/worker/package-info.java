/**
 * The camera worker process: the camera registry, one decoder and one analyser per camera with a one-frame slot
 * between them, and the publisher that sends detections to the node.
 */
package org.beacon.video.worker;
