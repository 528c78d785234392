/**
 * The consoles' read model: the city as JSON entities (incidents, calls, units, intersections, green waves,
 * area alerts, cameras and the watchlist, notices) folded from the node's input and output journals, one fold per
 * entity kind, with change tracking for the WebSocket feed, and the sentences of an incident's audit timeline.
 */
package org.beacon.console.model;
