package org.beacon.center.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.sumo.SumoField;
import org.beacon.signal.sumo.TraciClient;
import org.beacon.signal.sumo.TraciException;

/**
 * Beacon's responders as SUMO vehicles. When the center's route for a dispatched unit arrives, the unit enters SUMO
 * as a vehicle (type copied from {@code DEFAULT_VEHTYPE}, class {@code emergency}, no blue-light device: it obeys
 * the lights Beacon's controllers set) on the route's SUMO edges; while it drives, its position is reported every
 * simulated second, and when SUMO reports it arrived, the unit is on scene. A route SUMO refuses is retried as a
 * trip between its first and last edges (SUMO routes it); a unit whose route never comes is put on scene after a
 * grace period so that the demo goes on. A unit sent elsewhere while it drives gets a new vehicle; the old one
 * (TraCI here cannot remove vehicles) drives on and reports nothing.
 *
 * <p>Two threads meet here: the demo runner calls the {@link UnitMover} side, the SUMO field's thread calls
 * {@link #onStep}; they exchange work through two concurrent queues, and only the field's thread touches TraCI.
 */
public final class SumoMover implements UnitMover, SumoField.Participant
{
    /** SUMO vehicle type of the responders. */
    public static final String VEHICLE_TYPE = "beacon-responder";

    private static final long ROUTE_GRACE_NS = TimeUnit.SECONDS.toNanos(3);
    private static final double MAX_DRIVE_S = 900;
    private static final double FIX_INTERVAL_S = 1.0;

    private record Add(int unit, String vehicleId, List<String> edges)
    {
    }

    private record Report(int unit, boolean arrived, int latMicros, int lonMicros, int speedCmPerS, int heading, double driveS)
    {
    }

    /** Field-thread state of one responder vehicle. */
    private static final class Vehicle
    {
        final int unit;
        final String id;
        final double addedS;
        boolean departed;
        double nextFixS;
        int lat;
        int lon;
        boolean located;

        Vehicle(final int unit, final String id, final double addedS)
        {
            this.unit = unit;
            this.id = id;
            this.addedS = addedS;
        }
    }

    private final RoadGraph graph;
    private final ConcurrentLinkedQueue<Add> adds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Report> reports = new ConcurrentLinkedQueue<>();
    private final long[] awaitingRouteSinceNs;
    private final long[] awaitingIncident;
    private final int[] trips;
    private final Map<String, Vehicle> active = new HashMap<>();
    private final String[] currentVehicle;
    private final Set<String> present = new HashSet<>();
    private boolean typeReady;
    private volatile long added;
    private volatile long arrived;
    private volatile long refused;
    private volatile long unrouted;
    private volatile long fixes;

    /**
     * A mover for a fleet.
     *
     * @param graph     the road network the center routes on (edge ids are SUMO edge ids).
     * @param unitCount units in the fleet.
     */
    public SumoMover(final RoadGraph graph, final int unitCount)
    {
        this.graph = graph;
        this.awaitingRouteSinceNs = new long[unitCount];
        this.awaitingIncident = new long[unitCount];
        this.trips = new int[unitCount];
        this.currentVehicle = new String[unitCount];
        Arrays.fill(awaitingRouteSinceNs, -1);
    }

    @Override
    public void onDispatched(final int unit, final long incidentId, final long nowNs)
    {
        awaitingRouteSinceNs[unit] = nowNs;
        awaitingIncident[unit] = incidentId;
    }

    @Override
    public void onRoute(final int unit, final long incidentId, final int[] edges, final int length)
    {
        if (unit < 0 || unit >= awaitingRouteSinceNs.length || awaitingRouteSinceNs[unit] < 0 ||
            awaitingIncident[unit] != incidentId || length <= 0)
        {
            return;
        }
        awaitingRouteSinceNs[unit] = -1;
        final List<String> ids = new ArrayList<>(length);
        for (int i = 0; i < length; i++)
        {
            ids.add(graph.edgeId(edges[i]));
        }
        adds.add(new Add(unit, "unit-" + SimulatedCity.unitId(unit) + "-" + (++trips[unit]), ids));
    }

    @Override
    public void poll(final long nowNs, final Reports out)
    {
        for (int unit = 0; unit < awaitingRouteSinceNs.length; unit++)
        {
            if (awaitingRouteSinceNs[unit] >= 0 && nowNs - awaitingRouteSinceNs[unit] > ROUTE_GRACE_NS)
            {
                awaitingRouteSinceNs[unit] = -1;
                unrouted++;
                out.arrived(unit, Integer.MIN_VALUE, Integer.MIN_VALUE, 0);
            }
        }
        Report r;
        while (null != (r = reports.poll()))
        {
            if (r.arrived())
            {
                out.arrived(r.unit(), r.latMicros(), r.lonMicros(), r.driveS());
            }
            else
            {
                out.position(r.unit(), r.latMicros(), r.lonMicros(), r.speedCmPerS(), r.heading());
            }
        }
    }

    @Override
    public void onStep(final TraciClient traci, final double simTimeS)
    {
        if (!typeReady)
        {
            traci.copyVehicleType("DEFAULT_VEHTYPE", VEHICLE_TYPE);
            traci.setVehicleTypeClass(VEHICLE_TYPE, "emergency");
            traci.setVehicleTypeColor(VEHICLE_TYPE, 255, 0, 0, 255);
            typeReady = true;
        }
        Add add;
        while (null != (add = adds.poll()))
        {
            addVehicle(traci, add, simTimeS);
        }
        if (active.isEmpty())
        {
            return;
        }
        for (final String id : traci.arrivedVehicles())
        {
            final Vehicle v = active.remove(id);
            if (null != v && isCurrent(v))
            {
                onScene(v, simTimeS);
            }
        }
        boolean listed = false;
        final List<String> gone = new ArrayList<>();
        for (final Vehicle v : active.values())
        {
            if (simTimeS < v.nextFixS)
            {
                continue;
            }
            if (!listed)
            {
                present.clear();
                present.addAll(traci.vehicleIds());
                listed = true;
            }
            v.nextFixS = simTimeS + FIX_INTERVAL_S;
            if (!isCurrent(v))
            {
                gone.add(v.id); // the unit was sent elsewhere: this vehicle drives on in SUMO but speaks for nobody
                continue;
            }
            if (!present.contains(v.id))
            {
                if (v.departed || simTimeS - v.addedS > MAX_DRIVE_S)
                {
                    gone.add(v.id); // left SUMO without arriving (teleported out, removed): on scene where last seen
                }
                continue;
            }
            v.departed = true;
            final double[] lonLat = traci.vehicleLonLat(v.id);
            final int lat = (int)Math.round(lonLat[1] * 1e6);
            final int lon = (int)Math.round(lonLat[0] * 1e6);
            final int heading = v.located ? heading(v.lat, v.lon, lat, lon) : 0;
            v.lat = lat;
            v.lon = lon;
            v.located = true;
            final int speed = (int)Math.round(traci.vehicleSpeed(v.id) * 100.0);
            fixes++;
            reports.add(new Report(v.unit, false, lat, lon, Math.max(0, speed), heading, 0));
            if (simTimeS - v.addedS > MAX_DRIVE_S)
            {
                gone.add(v.id);
            }
        }
        for (final String id : gone)
        {
            final Vehicle v = active.remove(id);
            if (isCurrent(v))
            {
                onScene(v, simTimeS);
            }
        }
    }

    /** The vehicle's unit is on scene where it was last seen (nowhere known when it never was). */
    private void onScene(final Vehicle v, final double simTimeS)
    {
        arrived++;
        reports.add(new Report(v.unit, true, v.located ? v.lat : Integer.MIN_VALUE, v.located ? v.lon : Integer.MIN_VALUE,
            0, 0, simTimeS - v.addedS));
    }

    private void addVehicle(final TraciClient traci, final Add add, final double simTimeS)
    {
        final String routeId = "route-" + add.vehicleId();
        try
        {
            traci.addRoute(routeId, add.edges());
            traci.addVehicle(add.vehicleId(), routeId, VEHICLE_TYPE, "now", "best", "max");
        }
        catch (final TraciException ex)
        {
            refused++;
            try
            {
                final List<String> ends = add.edges().size() == 1 ? add.edges() :
                    List.of(add.edges().get(0), add.edges().get(add.edges().size() - 1));
                traci.addRoute(routeId + "-trip", ends);
                traci.addVehicle(add.vehicleId(), routeId + "-trip", VEHICLE_TYPE, "now", "best", "max");
            }
            catch (final TraciException again)
            {
                reports.add(new Report(add.unit(), true, Integer.MIN_VALUE, Integer.MIN_VALUE, 0, 0, 0));
                return;
            }
        }
        added++;
        currentVehicle[add.unit()] = add.vehicleId();
        active.put(add.vehicleId(), new Vehicle(add.unit(), add.vehicleId(), simTimeS));
    }

    private boolean isCurrent(final Vehicle v)
    {
        return v.id.equals(currentVehicle[v.unit]);
    }

    private static int heading(final int lat0, final int lon0, final int lat1, final int lon1)
    {
        final double cos = StrictMath.cos(StrictMath.toRadians(lat0 / 1e6));
        double degrees = StrictMath.toDegrees(StrictMath.atan2((lon1 - lon0) * cos, lat1 - lat0));
        if (degrees < 0)
        {
            degrees += 360;
        }
        return (int)Math.round(degrees * 10) % 3600;
    }

    /** @return responders added to SUMO as vehicles. */
    public long added()
    {
        return added;
    }

    /** @return responder vehicles that arrived (or left SUMO) and were put on scene. */
    public long arrived()
    {
        return arrived;
    }

    /** @return routes SUMO refused (retried as trips). */
    public long refused()
    {
        return refused;
    }

    /** @return dispatched units whose route never came (put on scene without driving). */
    public long unrouted()
    {
        return unrouted;
    }

    /** @return AVL fixes taken from SUMO. */
    public long fixes()
    {
        return fixes;
    }
}
