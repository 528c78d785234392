/**
 * Camera analytics inside the state machine: the camera registry as the workers announce it, the licence-plate
 * watchlist and its hits, and crowd alarms turned into incident candidates.
 */
package org.beacon.dispatch.camera;
