package org.beacon.center.sim;

/**
 * How the demo's dispatched units move when something other than {@link DemoRunner}'s built-in movement drives
 * them (SUMO: {@link SumoMover}). The runner keeps the dispatcher, statuses and summary; a mover is told of each
 * dispatch and its route, and reports the units' positions and arrivals back. Every method is called on the
 * runner's thread.
 */
public interface UnitMover
{
    /** Where a mover reports. */
    interface Reports
    {
        /**
         * An AVL fix of a unit.
         *
         * @param unit           the unit's index.
         * @param latMicros      latitude, micro-degrees.
         * @param lonMicros      longitude, micro-degrees.
         * @param speedCmPerS    speed.
         * @param headingDeciDeg heading, 0..3599 clockwise from north.
         */
        void position(int unit, int latMicros, int lonMicros, int speedCmPerS, int headingDeciDeg);

        /**
         * A unit reached its incident.
         *
         * @param unit      the unit's index.
         * @param latMicros where it stopped.
         * @param lonMicros where it stopped.
         * @param driveS    simulated drive time, seconds.
         */
        void arrived(int unit, int latMicros, int lonMicros, double driveS);
    }

    /**
     * A unit was ordered to an incident (its route follows in {@link #onRoute}).
     *
     * @param unit       the unit's index.
     * @param incidentId the incident.
     * @param nowNs      the runner's clock.
     */
    void onDispatched(int unit, long incidentId, long nowNs);

    /**
     * The center's route for a dispatched unit.
     *
     * @param unit       the unit's index.
     * @param incidentId the incident.
     * @param edges      network edge indices, the unit's edge first, the incident's last.
     * @param length     how many of {@code edges} are the route.
     */
    void onRoute(int unit, long incidentId, int[] edges, int length);

    /**
     * Moves the units on and reports what happened since the last call.
     *
     * @param nowNs   the runner's clock.
     * @param reports where fixes and arrivals go.
     */
    void poll(long nowNs, Reports reports);
}
