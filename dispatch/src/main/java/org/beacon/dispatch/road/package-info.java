/**
 * Road network and drive-time unit ranking: {@link org.beacon.dispatch.road.SumoNetReader} reads a SUMO
 * network into an edge-based {@link org.beacon.dispatch.road.RoadGraph} (routing node = directed road edge,
 * arc = allowed turn), {@link org.beacon.dispatch.road.RoadSnapper} snaps positions onto it,
 * {@link org.beacon.dispatch.road.DriveTimeRouter} runs bounded backward Dijkstra searches from an incident
 * and {@link org.beacon.dispatch.road.UnitRanker} turns one search into the best k units by ETA, ties by id.
 * Integer milliseconds and micro-degrees throughout; StrictMath for trigonometry; no hash iteration.
 */
package org.beacon.dispatch.road;
