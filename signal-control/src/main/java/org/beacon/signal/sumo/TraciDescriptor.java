package org.beacon.signal.sumo;

/**
 * The TraCI wire layout (SUMO's TCP control protocol) and every constant this client uses.
 * Values checked against SUMO 1.15.0 ({@code tools/traci/constants.py}, TraCI API version 20).
 *
 * <pre>
 * All integers are big-endian; strings are int32 byte count + UTF-8 bytes (no terminator).
 *
 * Message (either direction)
 *   0               4
 *  +---------------+---------------------------------------------+
 *  | int32 length  | command | command | ...                     |   length counts its own 4 bytes
 *  +---------------+---------------------------------------------+
 *
 * Command, short form (total length 2..255)        Command, long form (total length > 255)
 *  +--------+-------+-----------------+             +------+--------------+-------+-----------------+
 *  | ubyte  | ubyte | content         |             | 0x00 | int32 length | ubyte | content         |
 *  | length | id    |                 |             |      |              | id    |                 |
 *  +--------+-------+-----------------+             +------+--------------+-------+-----------------+
 *   length counts itself, the id and the content     int32 length counts the 0x00, itself, id, content
 *
 * Get / set request content:     ubyte variable | string objectId | [set: ubyte type | value]
 * Get with parameters (convertGeo) also carries "ubyte type | value" after the object id.
 *
 * Response message: one status command per request command, then (get commands, getVersion)
 * one response command:
 *   status   : [len] ubyte commandId | ubyte result (0x00 OK, 0x01 not implemented, 0xFF error)
 *              | string description
 *   get resp : [len] ubyte commandId+0x10 | ubyte variable | string objectId | ubyte type | value
 *   version  : [len] ubyte 0x00 | int32 apiVersion | string "SUMO x.y.z"
 *   simStep  : after the status, a bare int32 count of subscription results (no command framing)
 * A failed command (result != OK) is answered by its status command only.
 *
 * Typed values:
 *   0x07 ubyte | 0x08 byte | 0x09 int32 | 0x0B double | 0x0C string
 *   0x0E stringList = int32 n, n strings    0x0F compound = int32 n items, each typed
 *   0x01 position2D = double x, double y    0x00 lon/lat = double lon, double lat
 *   0x11 color      = ubyte r, g, b, a
 * </pre>
 */
public final class TraciDescriptor
{
    /** Bytes of the int32 message length prefix. */
    public static final int MESSAGE_LENGTH_BYTES = 4;
    /** Largest command length that fits the one-byte length form. */
    public static final int MAX_SHORT_COMMAND_LENGTH = 255;
    /** Largest message this client accepts; far above anything a get-command of this client returns. */
    public static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

    /** Status result: OK. */
    public static final int RTYPE_OK = 0x00;
    /** Status result: not implemented. */
    public static final int RTYPE_NOT_IMPLEMENTED = 0x01;
    /** Status result: error. */
    public static final int RTYPE_ERR = 0xFF;

    /** Offset from a get command id to its response id. */
    public static final int RESPONSE_OFFSET = 0x10;

    /** Control command: get version. */
    public static final int CMD_GETVERSION = 0x00;
    /** Control command: simulation step (raw double target time). */
    public static final int CMD_SIMSTEP = 0x02;
    /** Control command: set client order (raw int32). */
    public static final int CMD_SETORDER = 0x03;
    /** Control command: close. */
    public static final int CMD_CLOSE = 0x7F;

    /** Domain: traffic light get. */
    public static final int CMD_GET_TL_VARIABLE = 0xa2;
    /** Domain: traffic light set. */
    public static final int CMD_SET_TL_VARIABLE = 0xc2;
    /** Domain: vehicle get. */
    public static final int CMD_GET_VEHICLE_VARIABLE = 0xa4;
    /** Domain: vehicle set. */
    public static final int CMD_SET_VEHICLE_VARIABLE = 0xc4;
    /** Domain: vehicle type get. */
    public static final int CMD_GET_VEHICLETYPE_VARIABLE = 0xa5;
    /** Domain: vehicle type set. */
    public static final int CMD_SET_VEHICLETYPE_VARIABLE = 0xc5;
    /** Domain: route set. */
    public static final int CMD_SET_ROUTE_VARIABLE = 0xc6;
    /** Domain: edge get. */
    public static final int CMD_GET_EDGE_VARIABLE = 0xaa;
    /** Domain: simulation get. */
    public static final int CMD_GET_SIM_VARIABLE = 0xab;

    /** Variable (all domains): id list. */
    public static final int TRACI_ID_LIST = 0x00;
    /** Variable (edge): vehicles on it in the last step. */
    public static final int LAST_STEP_VEHICLE_NUMBER = 0x10;
    /** Variable (edge): mean speed in the last step. */
    public static final int LAST_STEP_MEAN_SPEED = 0x11;

    /** Variable (TL get/set): red-yellow-green state string. */
    public static final int TL_RED_YELLOW_GREEN_STATE = 0x20;
    /** Variable (TL set): phase index. */
    public static final int TL_PHASE_INDEX = 0x22;
    /** Variable (TL set): program id. */
    public static final int TL_PROGRAM = 0x23;
    /** Variable (TL get): controlled links. */
    public static final int TL_CONTROLLED_LINKS = 0x27;
    /** Variable (TL get): current phase index. */
    public static final int TL_CURRENT_PHASE = 0x28;
    /** Variable (TL get): current program id. */
    public static final int TL_CURRENT_PROGRAM = 0x29;

    /** Variable (vehicle): speed. */
    public static final int VAR_SPEED = 0x40;
    /** Variable (vehicle): 2D position. */
    public static final int VAR_POSITION = 0x42;
    /** Variable (vehicle, type): color. */
    public static final int VAR_COLOR = 0x45;
    /** Variable (vehicle, type): vehicle class. */
    public static final int VAR_VEHICLECLASS = 0x49;
    /** Variable (vehicle): road (edge) id. */
    public static final int VAR_ROAD_ID = 0x50;
    /** Variable (vehicle): position along the lane. */
    public static final int VAR_LANEPOSITION = 0x56;
    /** Variable (vehicle set): route as edge list. */
    public static final int VAR_ROUTE = 0x57;
    /** Variable (vehicle): accumulated waiting time. */
    public static final int VAR_WAITING_TIME = 0x7a;
    /** Variable (vehicle): accumulated time loss. */
    public static final int VAR_TIMELOSS = 0x8c;
    /** Variable (vehicle set): speed mode bit set. */
    public static final int VAR_SPEEDSETMODE = 0xb3;

    /** Variable (simulation): current time in seconds. */
    public static final int VAR_TIME = 0x66;
    /** Variable (simulation): ids of vehicles departed in the last step. */
    public static final int VAR_DEPARTED_VEHICLES_IDS = 0x74;
    /** Variable (simulation): ids of vehicles arrived in the last step. */
    public static final int VAR_ARRIVED_VEHICLES_IDS = 0x7a;
    /** Variable (simulation): vehicles running plus still to be inserted. */
    public static final int VAR_MIN_EXPECTED_VEHICLES = 0x7d;
    /** Variable (simulation): position conversion (convertGeo). */
    public static final int POSITION_CONVERSION = 0x82;

    /** Variable (route, vehicle set): add. */
    public static final int ADD = 0x80;
    /** Variable (vehicle set): add with all 14 parameters. */
    public static final int ADD_FULL = 0x85;
    /** Variable (vehicle type set): copy. */
    public static final int COPY = 0x88;

    /** Type: lon/lat position. */
    public static final int POSITION_LON_LAT = 0x00;
    /** Type: 2D position. */
    public static final int POSITION_2D = 0x01;
    /** Type: unsigned byte. */
    public static final int TYPE_UBYTE = 0x07;
    /** Type: signed byte. */
    public static final int TYPE_BYTE = 0x08;
    /** Type: int32. */
    public static final int TYPE_INTEGER = 0x09;
    /** Type: double. */
    public static final int TYPE_DOUBLE = 0x0B;
    /** Type: string. */
    public static final int TYPE_STRING = 0x0C;
    /** Type: string list. */
    public static final int TYPE_STRINGLIST = 0x0E;
    /** Type: compound. */
    public static final int TYPE_COMPOUND = 0x0F;
    /** Type: RGBA color. */
    public static final int TYPE_COLOR = 0x11;

    /** Number of items in an ADD_FULL compound: 12 strings then 2 ints. */
    public static final int ADD_FULL_ITEMS = 14;

    private TraciDescriptor()
    {
    }

    /**
     * Human-readable name of a type byte, for error messages.
     *
     * @param type the type byte
     * @return a short name and the hex value
     */
    public static String typeName(final int type)
    {
        final String name;
        switch (type)
        {
            case POSITION_LON_LAT -> name = "lon/lat";
            case POSITION_2D -> name = "position2D";
            case TYPE_UBYTE -> name = "ubyte";
            case TYPE_BYTE -> name = "byte";
            case TYPE_INTEGER -> name = "int";
            case TYPE_DOUBLE -> name = "double";
            case TYPE_STRING -> name = "string";
            case TYPE_STRINGLIST -> name = "stringList";
            case TYPE_COMPOUND -> name = "compound";
            case TYPE_COLOR -> name = "color";
            default -> name = "unknown";
        }
        return name + String.format(" (0x%02x)", type);
    }
}
