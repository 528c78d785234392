/**
 * The consoles' read model: the city as JSON entities (incidents, calls, units, intersections, green waves,
 * notices) folded from the node's input and output journals, with change tracking for the WebSocket feed,
 * and the sentences of an incident's audit timeline.
 */
package org.beacon.console.model;
