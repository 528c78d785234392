package org.beacon.dispatch;

import java.util.Arrays;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.SnapshotRequestEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;

/**
 * Encodes input events as the gateways would journal them (header included), one byte array each.
 */
final class TestEvents
{
    /** Ben Thanh market, Ho Chi Minh City. */
    static final int BASE_LAT = 10_772_000;
    static final int BASE_LON = 106_698_000;

    /** Micro-degrees of latitude per metre on the sphere Geo uses. */
    private static final double MICROS_PER_METRE_LAT = 180_000_000.0 / (StrictMath.PI * Geo.EARTH_RADIUS_M);

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private TestEvents()
    {
    }

    /** Latitude the given number of metres north of {@code lat} (negative: south). */
    static int north(final int lat, final double metres)
    {
        return lat + (int)StrictMath.round(metres * MICROS_PER_METRE_LAT);
    }

    static byte[] call(final long callId, final Agency agency, final int lat, final int lon)
    {
        return call(callId, agency, LocationQuality.USABLE, lat, lon, 15);
    }

    static byte[] call(
        final long callId, final Agency agency, final LocationQuality quality, final int lat, final int lon, final long uncertaintyM)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final CallReceivedEncoder encoder = new CallReceivedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .agency(agency)
            .locationQuality(quality)
            .locationMethod(LocationMethod.GNSS);
        encoder.location().latMicros(lat).lonMicros(lon);
        encoder.uncertaintyM(uncertaintyM).confidencePct((short)95).caller("tel:+84900000000");
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    static byte[] unitStatus(
        final long unitId, final Agency agency, final UnitType type, final UnitStatusCode status, final int lat, final int lon)
    {
        return unitStatus(unitId, agency, type, status, lat, lon, "U" + unitId);
    }

    static byte[] unitStatus(
        final long unitId,
        final Agency agency,
        final UnitType type,
        final UnitStatusCode status,
        final int lat,
        final int lon,
        final String callSign)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final UnitStatusEncoder encoder = new UnitStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId)
            .agency(agency)
            .unitType(type)
            .status(status);
        encoder.position().latMicros(lat).lonMicros(lon);
        encoder.callSign(callSign);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** An available unit of a type that suits its agency. */
    static byte[] availableUnit(final long unitId, final Agency agency, final int lat, final int lon)
    {
        return unitStatus(unitId, agency, typeFor(agency), UnitStatusCode.AVAILABLE, lat, lon);
    }

    static UnitType typeFor(final Agency agency)
    {
        switch (agency)
        {
            case POLICE:
                return UnitType.POLICE_PATROL;
            case FIRE:
                return UnitType.ENGINE;
            case AMBULANCE:
                return UnitType.ALS_AMBULANCE;
            default:
                return UnitType.RESCUE;
        }
    }

    static byte[] unitPosition(final long unitId, final int lat, final int lon)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final UnitPositionEncoder encoder = new UnitPositionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .unitId(unitId);
        encoder.position().latMicros(lat).lonMicros(lon);
        encoder.speedCmPerS(1_000).headingDeciDeg(900);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    static byte[] dispatch(final long incidentId, final long unitId, final int operatorId)
    {
        return command(CommandType.DISPATCH, incidentId, unitId, operatorId);
    }

    static byte[] close(final long incidentId, final int operatorId)
    {
        return command(CommandType.CLOSE_INCIDENT, incidentId, 0, operatorId);
    }

    static byte[] command(final CommandType type, final long incidentId, final long unitId, final int operatorId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final OperatorCommandEncoder encoder = new OperatorCommandEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** A command whose type byte is a value the schema does not define. */
    static byte[] rawCommand(final int rawType, final long incidentId, final long unitId, final int operatorId)
    {
        final byte[] bytes = command(CommandType.DISPATCH, incidentId, unitId, operatorId);
        new UnsafeBuffer(bytes).putByte(HEADER + OperatorCommandEncoder.commandTypeEncodingOffset(), (byte)rawType);
        return bytes;
    }

    static byte[] tick(final long tickNumber)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final TickEncoder encoder = new TickEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .tickNumber(tickNumber);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** An event of another service's template (core control). */
    static byte[] snapshotRequest(final int operatorId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final SnapshotRequestEncoder encoder = new SnapshotRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .operatorId(operatorId);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** The same bytes under another schema id: must be ignored even though the template id matches. */
    static byte[] foreignSchema(final byte[] event)
    {
        final byte[] bytes = event.clone();
        new MessageHeaderEncoder().wrap(new UnsafeBuffer(bytes), 0).schemaId(999);
        return bytes;
    }

    private static byte[] copy(final ExpandableArrayBuffer buffer, final int length)
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }
}
