package org.beacon.signal.sumo;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A strict TraCI client for SUMO: one command per message, every answer checked byte for byte
 * against {@link TraciDescriptor}. An error status from SUMO is a {@link TraciException} and leaves
 * the connection usable; anything that is not valid TraCI is a {@link TraciProtocolException} and
 * closes the connection. Not thread-safe: confine an instance, including {@link #close()}, to one
 * thread. SUMO 1.15 cannot frame an error text longer than 248 bytes and drops the connection
 * instead, which surfaces here as a {@link TraciProtocolException}; keep ids short.
 */
public final class TraciClient implements AutoCloseable
{
    /** Read timeout used by {@link #connect(String, int, long)}: generous for a slow step of a big network. */
    public static final long DEFAULT_READ_TIMEOUT_MS = 60_000;

    private final TraciConnection connection;
    private final TraciWriter writer;
    private int apiVersion;
    private String sumoVersion;

    /**
     * One immutable controlled link of a traffic light signal.
     *
     * @param incomingLane lane the link leaves from
     * @param outgoingLane lane the link leads to
     * @param viaLane      internal junction lane, empty when the junction has none
     */
    public record ControlledLink(String incomingLane, String outgoingLane, String viaLane)
    {
    }

    private TraciClient(final Socket socket, final long readTimeoutMs) throws IOException
    {
        this.connection = new TraciConnection(socket, readTimeoutMs);
        this.writer = connection.writer();
    }

    /**
     * Connects to a SUMO TraCI server, retrying until it listens or the timeout passes, then asks
     * for its version. Uses {@link #DEFAULT_READ_TIMEOUT_MS} for answers.
     *
     * @param host      host name or address
     * @param port      TraCI port (SUMO's {@code --remote-port})
     * @param timeoutMs how long to keep trying to connect
     * @return a connected client
     * @throws IOException if SUMO did not accept a connection in time
     */
    public static TraciClient connect(final String host, final int port, final long timeoutMs) throws IOException
    {
        return connect(host, port, timeoutMs, DEFAULT_READ_TIMEOUT_MS);
    }

    /**
     * Connects like {@link #connect(String, int, long)} with an explicit read timeout.
     *
     * @param host          host name or address
     * @param port          TraCI port
     * @param timeoutMs     how long to keep trying to connect
     * @param readTimeoutMs longest wait for one complete answer; exceeding it is a protocol failure
     * @return a connected client
     * @throws IOException if SUMO did not accept a connection in time
     */
    public static TraciClient connect(final String host, final int port, final long timeoutMs, final long readTimeoutMs)
        throws IOException
    {
        return connect(host, port, timeoutMs, readTimeoutMs, () -> false);
    }

    static TraciClient connect(
        final String host, final int port, final long timeoutMs, final long readTimeoutMs, final BooleanSupplier giveUp)
        throws IOException
    {
        return TraciConnection.connect(host, port, timeoutMs, readTimeoutMs, giveUp, TraciClient::handshake);
    }

    static TraciClient handshake(final Socket socket, final long readTimeoutMs) throws IOException
    {
        final TraciClient client;
        try
        {
            client = new TraciClient(socket, readTimeoutMs);
        }
        catch (final IOException ex)
        {
            TraciConnection.closeQuietly(socket);
            throw ex;
        }
        try
        {
            client.fetchVersion();
        }
        catch (final RuntimeException ex)
        {
            client.connection.closeSocket();
            throw ex;
        }
        return client;
    }

    /**
     * TraCI API version SUMO reported at connect (20 for SUMO 1.15).
     *
     * @return the API version
     */
    public int apiVersion()
    {
        return apiVersion;
    }

    /**
     * SUMO's version text reported at connect, e.g. {@code "SUMO 1.15.0"}.
     *
     * @return the version text
     */
    public String sumoVersion()
    {
        return sumoVersion;
    }

    /**
     * Whether the connection is closed, by {@link #close()} or after a protocol failure.
     *
     * @return true once closed
     */
    public boolean isClosed()
    {
        return connection.isClosed();
    }

    /**
     * Sets this client's execution order among several clients of one SUMO.
     *
     * @param order the order; lower steps first
     */
    public void setOrder(final int order)
    {
        writer.begin().int32(order);
        connection.statusOnly(TraciDescriptor.CMD_SETORDER);
    }

    /**
     * Advances the simulation.
     *
     * @param targetTimeS simulation time to run to, in seconds; 0 performs exactly one step
     */
    public void simulationStep(final double targetTimeS)
    {
        writer.begin().float64(targetTimeS);
        final int command = TraciDescriptor.CMD_SIMSTEP;
        final TraciReader r = connection.exchange(command);
        connection.guarded(() ->
        {
            final int at = r.position();
            final int subscriptions = r.int32("subscription result count");
            if (subscriptions != 0)
            {
                throw r.violation(String.format("step answer at offset %d: expected 0 subscription results (this client never "
                    + "subscribes), found %d", at, subscriptions));
            }
            r.endMessage("simulation step");
            return null;
        });
    }

    /**
     * Current simulation time.
     *
     * @return seconds
     */
    public double simulationTime()
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_SIM_VARIABLE, TraciDescriptor.VAR_TIME, "");
    }

    /**
     * Vehicles running plus vehicles still waiting to be inserted; 0 means the scenario is over.
     *
     * @return the count
     */
    public int minExpectedVehicles()
    {
        return connection.getInt(TraciDescriptor.CMD_GET_SIM_VARIABLE, TraciDescriptor.VAR_MIN_EXPECTED_VEHICLES, "");
    }

    /**
     * Vehicles that departed in the last step.
     *
     * @return vehicle ids
     */
    public List<String> departedVehicles()
    {
        return connection.getStringList(TraciDescriptor.CMD_GET_SIM_VARIABLE, TraciDescriptor.VAR_DEPARTED_VEHICLES_IDS, "");
    }

    /**
     * Vehicles that arrived in the last step.
     *
     * @return vehicle ids
     */
    public List<String> arrivedVehicles()
    {
        return connection.getStringList(TraciDescriptor.CMD_GET_SIM_VARIABLE, TraciDescriptor.VAR_ARRIVED_VEHICLES_IDS, "");
    }

    /**
     * Converts network coordinates to geo coordinates with the network's projection. A network
     * without a projection answers the input unchanged.
     *
     * @param x network x in metres
     * @param y network y in metres
     * @return {lon, lat} in degrees
     */
    public double[] lonLat(final double x, final double y)
    {
        writer.begin()
            .ubyte(TraciDescriptor.POSITION_CONVERSION).string("")
            .compound(2)
            .ubyte(TraciDescriptor.POSITION_2D).float64(x).float64(y)
            .ubyte(TraciDescriptor.TYPE_UBYTE).ubyte(TraciDescriptor.POSITION_LON_LAT);
        return connection.getFramed(TraciDescriptor.CMD_GET_SIM_VARIABLE, TraciDescriptor.POSITION_CONVERSION, "",
            TraciDescriptor.POSITION_LON_LAT, r -> new double[] {r.float64("longitude"), r.float64("latitude")});
    }

    /**
     * All traffic light ids.
     *
     * @return ids
     */
    public List<String> trafficLightIds()
    {
        return connection.getStringList(TraciDescriptor.CMD_GET_TL_VARIABLE, TraciDescriptor.TRACI_ID_LIST, "");
    }

    /**
     * Current signal state, one character per link index ({@code rRyYgGuos}).
     *
     * @param tlsId traffic light id
     * @return the state string
     */
    public String redYellowGreenState(final String tlsId)
    {
        return connection.getString(TraciDescriptor.CMD_GET_TL_VARIABLE, TraciDescriptor.TL_RED_YELLOW_GREEN_STATE, tlsId);
    }

    /**
     * Forces a signal state; SUMO holds it until the next phase or program command.
     *
     * @param tlsId traffic light id
     * @param state one character per link index
     */
    public void setRedYellowGreenState(final String tlsId, final String state)
    {
        connection.set(TraciDescriptor.CMD_SET_TL_VARIABLE, TraciDescriptor.TL_RED_YELLOW_GREEN_STATE, tlsId, w -> w.typedString(state));
    }

    /**
     * Switches to a phase of the current program.
     *
     * @param tlsId      traffic light id
     * @param phaseIndex phase index
     */
    public void setPhase(final String tlsId, final int phaseIndex)
    {
        connection.set(TraciDescriptor.CMD_SET_TL_VARIABLE, TraciDescriptor.TL_PHASE_INDEX, tlsId, w -> w.typedInt(phaseIndex));
    }

    /**
     * Switches program.
     *
     * @param tlsId     traffic light id
     * @param programId program id, e.g. {@code "0"} for a netconvert-built one, {@code "off"} to switch off
     */
    public void setProgram(final String tlsId, final String programId)
    {
        connection.set(TraciDescriptor.CMD_SET_TL_VARIABLE, TraciDescriptor.TL_PROGRAM, tlsId, w -> w.typedString(programId));
    }

    /**
     * Current phase index.
     *
     * @param tlsId traffic light id
     * @return phase index
     */
    public int phase(final String tlsId)
    {
        return connection.getInt(TraciDescriptor.CMD_GET_TL_VARIABLE, TraciDescriptor.TL_CURRENT_PHASE, tlsId);
    }

    /**
     * Current program id ({@code "online"} after {@link #setRedYellowGreenState}).
     *
     * @param tlsId traffic light id
     * @return program id
     */
    public String program(final String tlsId)
    {
        return connection.getString(TraciDescriptor.CMD_GET_TL_VARIABLE, TraciDescriptor.TL_CURRENT_PROGRAM, tlsId);
    }

    /**
     * Links controlled by a traffic light, by link index (the position in the state string).
     *
     * @param tlsId traffic light id
     * @return per link index, the links it controls
     */
    public List<List<ControlledLink>> controlledLinks(final String tlsId)
    {
        writer.begin().ubyte(TraciDescriptor.TL_CONTROLLED_LINKS).string(tlsId);
        return connection.getFramed(TraciDescriptor.CMD_GET_TL_VARIABLE, TraciDescriptor.TL_CONTROLLED_LINKS, tlsId,
            TraciDescriptor.TYPE_COMPOUND, TraciClient::readControlledLinks);
    }

    private static List<List<ControlledLink>> readControlledLinks(final TraciReader r)
    {
        final int itemsAt = r.position();
        final int items = r.int32("compound item count");
        final int signals = r.typedInt("signal count");
        if (signals < 0 || signals > r.remaining())
        {
            throw r.violation("signal count " + signals + " does not fit the " + r.remaining() + " bytes left");
        }
        final List<List<ControlledLink>> result = new ArrayList<>(signals);
        int counted = 1;
        for (int i = 0; i < signals; i++)
        {
            final int links = r.typedInt("link count of signal " + i);
            if (links < 0 || links > r.remaining())
            {
                throw r.violation("link count " + links + " of signal " + i + " does not fit the " + r.remaining() + " bytes left");
            }
            counted += 1 + links;
            final List<ControlledLink> signal = new ArrayList<>(links);
            for (int j = 0; j < links; j++)
            {
                final String what = "link " + j + " of signal " + i;
                r.expectType(TraciDescriptor.TYPE_STRINGLIST, what);
                final int at = r.position();
                final List<String> lanes = r.stringList(what);
                if (lanes.size() != 3)
                {
                    throw r.violation(String.format("%s at offset %d: expected 3 lanes (incoming, outgoing, via), found %d",
                        what, at, lanes.size()));
                }
                signal.add(new ControlledLink(lanes.get(0), lanes.get(1), lanes.get(2)));
            }
            result.add(Collections.unmodifiableList(signal));
        }
        if (counted != items)
        {
            throw r.violation(String.format("controlled links at offset %d: compound declared %d items, content holds %d",
                itemsAt, items, counted));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Adds a route.
     *
     * @param routeId new route id
     * @param edgeIds consecutive edge ids
     */
    public void addRoute(final String routeId, final List<String> edgeIds)
    {
        connection.set(TraciDescriptor.CMD_SET_ROUTE_VARIABLE, TraciDescriptor.ADD, routeId, w -> w.typedStringList(edgeIds));
    }

    /**
     * Adds a vehicle (TraCI {@code ADD_FULL}); the remaining parameters take SUMO's defaults.
     *
     * @param vehicleId    new vehicle id
     * @param routeId      existing route id
     * @param typeId       existing vehicle type id
     * @param depart       {@code "now"} or seconds
     * @param departLane   e.g. {@code "best"}, {@code "first"} or an index
     * @param departSpeed  e.g. {@code "max"}, {@code "0"}
     */
    public void addVehicle(
        final String vehicleId, final String routeId, final String typeId,
        final String depart, final String departLane, final String departSpeed)
    {
        final List<String> strings = List.of(routeId, typeId, depart, departLane, "base", departSpeed,
            "current", "max", "current", "", "", "");
        connection.set(TraciDescriptor.CMD_SET_VEHICLE_VARIABLE, TraciDescriptor.ADD_FULL, vehicleId, w ->
        {
            w.compound(TraciDescriptor.ADD_FULL_ITEMS);
            for (final String s : strings)
            {
                w.typedString(s);
            }
            w.typedInt(0).typedInt(0);
        });
    }

    /**
     * Copies a vehicle type.
     *
     * @param fromTypeId existing type, e.g. {@code "DEFAULT_VEHTYPE"}
     * @param newTypeId  new type id
     */
    public void copyVehicleType(final String fromTypeId, final String newTypeId)
    {
        connection.set(TraciDescriptor.CMD_SET_VEHICLETYPE_VARIABLE, TraciDescriptor.COPY, fromTypeId, w -> w.typedString(newTypeId));
    }

    /**
     * Sets a vehicle type's class.
     *
     * @param typeId vehicle type id
     * @param vClass SUMO vehicle class, e.g. {@code "emergency"}
     */
    public void setVehicleTypeClass(final String typeId, final String vClass)
    {
        connection.set(TraciDescriptor.CMD_SET_VEHICLETYPE_VARIABLE, TraciDescriptor.VAR_VEHICLECLASS, typeId, w -> w.typedString(vClass));
    }

    /**
     * A vehicle type's class.
     *
     * @param typeId vehicle type id
     * @return SUMO vehicle class
     */
    public String vehicleTypeClass(final String typeId)
    {
        return connection.getString(TraciDescriptor.CMD_GET_VEHICLETYPE_VARIABLE, TraciDescriptor.VAR_VEHICLECLASS, typeId);
    }

    /**
     * Sets a vehicle type's color.
     *
     * @param typeId vehicle type id
     * @param r      red 0..255
     * @param g      green 0..255
     * @param b      blue 0..255
     * @param a      alpha 0..255
     */
    public void setVehicleTypeColor(final String typeId, final int r, final int g, final int b, final int a)
    {
        connection.set(TraciDescriptor.CMD_SET_VEHICLETYPE_VARIABLE, TraciDescriptor.VAR_COLOR, typeId, w -> w.color(r, g, b, a));
    }

    /**
     * Replaces a vehicle's route; the first edge must be the one it is on.
     *
     * @param vehicleId vehicle id
     * @param edgeIds   consecutive edge ids
     */
    public void setVehicleRoute(final String vehicleId, final List<String> edgeIds)
    {
        connection.set(TraciDescriptor.CMD_SET_VEHICLE_VARIABLE, TraciDescriptor.VAR_ROUTE, vehicleId, w -> w.typedStringList(edgeIds));
    }

    /**
     * Sets a vehicle's speed mode bits (e.g. 31 = all checks, 0 = none).
     *
     * @param vehicleId vehicle id
     * @param mode      SUMO speed mode bit set
     */
    public void setVehicleSpeedMode(final String vehicleId, final int mode)
    {
        connection.set(TraciDescriptor.CMD_SET_VEHICLE_VARIABLE, TraciDescriptor.VAR_SPEEDSETMODE, vehicleId, w -> w.typedInt(mode));
    }

    /**
     * Vehicles currently in the network.
     *
     * @return vehicle ids
     */
    public List<String> vehicleIds()
    {
        return connection.getStringList(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.TRACI_ID_LIST, "");
    }

    /**
     * A vehicle's front bumper position in network coordinates.
     *
     * @param vehicleId vehicle id
     * @return {x, y} in metres
     */
    public double[] vehiclePosition(final String vehicleId)
    {
        writer.begin().ubyte(TraciDescriptor.VAR_POSITION).string(vehicleId);
        return connection.getFramed(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_POSITION, vehicleId,
            TraciDescriptor.POSITION_2D, r -> new double[] {r.float64("x"), r.float64("y")});
    }

    /**
     * A vehicle's position in geo coordinates (position, then {@link #lonLat}).
     *
     * @param vehicleId vehicle id
     * @return {lon, lat} in degrees
     */
    public double[] vehicleLonLat(final String vehicleId)
    {
        final double[] xy = vehiclePosition(vehicleId);
        return lonLat(xy[0], xy[1]);
    }

    /**
     * A vehicle's speed.
     *
     * @param vehicleId vehicle id
     * @return metres per second
     */
    public double vehicleSpeed(final String vehicleId)
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_SPEED, vehicleId);
    }

    /**
     * The edge a vehicle is on (an internal junction edge starts with {@code ':'}).
     *
     * @param vehicleId vehicle id
     * @return edge id
     */
    public String vehicleRoadId(final String vehicleId)
    {
        return connection.getString(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_ROAD_ID, vehicleId);
    }

    /**
     * A vehicle's distance from the start of its lane.
     *
     * @param vehicleId vehicle id
     * @return metres
     */
    public double vehicleLanePosition(final String vehicleId)
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_LANEPOSITION, vehicleId);
    }

    /**
     * A vehicle's accumulated time loss against driving at its desired speed.
     *
     * @param vehicleId vehicle id
     * @return seconds
     */
    public double vehicleTimeLoss(final String vehicleId)
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_TIMELOSS, vehicleId);
    }

    /**
     * How long a vehicle has been standing since it last moved.
     *
     * @param vehicleId vehicle id
     * @return seconds
     */
    public double vehicleWaitingTime(final String vehicleId)
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_VEHICLE_VARIABLE, TraciDescriptor.VAR_WAITING_TIME, vehicleId);
    }

    /**
     * All edge ids, internal junction edges included.
     *
     * @return edge ids
     */
    public List<String> edgeIds()
    {
        return connection.getStringList(TraciDescriptor.CMD_GET_EDGE_VARIABLE, TraciDescriptor.TRACI_ID_LIST, "");
    }

    /**
     * Mean speed on an edge in the last step (its speed limit when empty).
     *
     * @param edgeId edge id
     * @return metres per second
     */
    public double edgeMeanSpeed(final String edgeId)
    {
        return connection.getDouble(TraciDescriptor.CMD_GET_EDGE_VARIABLE, TraciDescriptor.LAST_STEP_MEAN_SPEED, edgeId);
    }

    /**
     * Vehicles on an edge in the last step.
     *
     * @param edgeId edge id
     * @return count
     */
    public int edgeVehicleCount(final String edgeId)
    {
        return connection.getInt(TraciDescriptor.CMD_GET_EDGE_VARIABLE, TraciDescriptor.LAST_STEP_VEHICLE_NUMBER, edgeId);
    }

    /**
     * Sends TraCI close (SUMO then ends the simulation) and closes the socket. Idempotent; a SUMO
     * that is already gone is not an error here.
     */
    @Override
    public void close()
    {
        if (connection.isClosed())
        {
            return;
        }
        try
        {
            writer.begin();
            connection.statusOnly(TraciDescriptor.CMD_CLOSE);
        }
        catch (final RuntimeException ignored)
        {
            // Best effort: the socket is released below either way and the caller cannot do better.
        }
        finally
        {
            connection.closeSocket();
        }
    }

    @Override
    public String toString()
    {
        return "TraciClient[" + connection.peer() + (connection.isClosed() ? ", closed]" : "]");
    }

    private void fetchVersion()
    {
        writer.begin();
        final int command = TraciDescriptor.CMD_GETVERSION;
        final TraciReader r = connection.exchange(command);
        connection.guarded(() ->
        {
            r.commandHeader("version response");
            final int at = r.position();
            final int id = r.ubyte("version response id");
            if (id != command)
            {
                throw r.violation(String.format("version response at offset %d: expected id 0x%02x, found 0x%02x", at, command, id));
            }
            apiVersion = r.int32("api version");
            sumoVersion = r.string("sumo version");
            r.endCommand("version response");
            r.endMessage("version");
            return null;
        });
    }
}
