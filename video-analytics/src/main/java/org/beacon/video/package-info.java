/**
 * Camera analytics workers: plate reading and crowd detection, publishing detections to the core
 * (issue 7). Nothing is built here yet.
 */
package org.beacon.video;
