/**
 * Camera analytics: plate reading ({@code plates}), crowd detection ({@code crowd}) and the worker process that runs
 * them over the cameras of a registry and publishes detections to the core ({@code worker}).
 */
package org.beacon.video;
