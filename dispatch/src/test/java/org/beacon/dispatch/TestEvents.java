package org.beacon.dispatch;

import java.util.Arrays;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallEndReason;
import org.beacon.codecs.CallEndedEncoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
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
        return call(callId, agency, quality, lat, lon, uncertaintyM, callerOf(callId));
    }

    /** The caller number the short {@code call} helpers use: one number per call id. */
    static String callerOf(final long callId)
    {
        return "tel:+8490" + callId;
    }

    static byte[] call(
        final long callId,
        final Agency agency,
        final LocationQuality quality,
        final int lat,
        final int lon,
        final long uncertaintyM,
        final String caller)
    {
        final FixSource source = quality == LocationQuality.USABLE ? FixSource.SIP_PIDF_LO : FixSource.NONE;
        final LocationShape shape = quality == LocationQuality.USABLE ? LocationShape.CIRCLE : LocationShape.NONE;
        return call(callId, agency, quality, lat, lon, uncertaintyM, caller, source, shape);
    }

    static byte[] call(
        final long callId,
        final Agency agency,
        final LocationQuality quality,
        final int lat,
        final int lon,
        final long uncertaintyM,
        final String caller,
        final FixSource source,
        final LocationShape shape)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final CallReceivedEncoder encoder = new CallReceivedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .agency(agency)
            .locationQuality(quality)
            .locationMethod(LocationMethod.GNSS);
        encoder.location().latMicros(lat).lonMicros(lon);
        encoder.uncertaintyM(uncertaintyM).confidencePct((short)95)
            .shape(shape)
            .locationProblem(problemFor(quality))
            .fixSource(source)
            .caller(caller)
            .sipCallId("sip-" + callId)
            .emergencyCallId("urn:emergency:uid:callid:" + callId)
            .locationReference("");
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** A cell-sector call: the network's location with kilometres of uncertainty. */
    static byte[] cellCall(final long callId, final Agency agency, final int lat, final int lon, final long uncertaintyM)
    {
        return call(callId, agency, LocationQuality.USABLE, lat, lon, uncertaintyM, callerOf(callId),
            FixSource.NETWORK_CELL, LocationShape.CELL_SECTOR);
    }

    /**
     * The same call as a version 1 gateway journaled it: the 24-byte block of schema version 1 and the
     * caller as the only var data.
     */
    static byte[] callV1(final long callId, final Agency agency, final int lat, final int lon, final long uncertaintyM)
    {
        final byte[] v2 = call(callId, agency, LocationQuality.USABLE, lat, lon, uncertaintyM);
        final String caller = callerOf(callId);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        buffer.putBytes(0, v2, 0, HEADER + 24);
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(24).version(1);
        buffer.putInt(HEADER + 24, caller.length(), java.nio.ByteOrder.LITTLE_ENDIAN);
        final int length = buffer.putStringWithoutLengthAscii(HEADER + 28, caller);
        return copy(buffer, HEADER + 28 + length);
    }

    static LocationProblem problemFor(final LocationQuality quality)
    {
        switch (quality)
        {
            case USABLE:
                return LocationProblem.NONE;
            case MISSING:
                return LocationProblem.NO_LOCATION;
            case BY_REFERENCE:
                return LocationProblem.BY_REFERENCE_ONLY;
            default:
                return LocationProblem.MALFORMED_XML;
        }
    }

    /** A usable fix for a call given by id (0: match by caller number). */
    static byte[] fix(
        final long callId,
        final String caller,
        final FixSource source,
        final int lat,
        final int lon,
        final long uncertaintyM,
        final long fixTimeNs)
    {
        return fix(callId, caller, source, LocationQuality.USABLE, lat, lon, uncertaintyM, fixTimeNs);
    }

    static byte[] fix(
        final long callId,
        final String caller,
        final FixSource source,
        final LocationQuality quality,
        final int lat,
        final int lon,
        final long uncertaintyM,
        final long fixTimeNs)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final LocationFixEncoder encoder = new LocationFixEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .fixSource(source)
            .locationQuality(quality)
            .locationMethod(source == FixSource.NETWORK_CELL ? LocationMethod.CELL : LocationMethod.GNSS)
            .shape(source == FixSource.NETWORK_CELL ? LocationShape.CELL_SECTOR : LocationShape.CIRCLE)
            .locationProblem(quality == LocationQuality.USABLE ? LocationProblem.NONE : LocationProblem.NO_FIX);
        encoder.location().latMicros(lat).lonMicros(lon);
        encoder.uncertaintyM(uncertaintyM).confidencePct((short)95).fixTimeNs(fixTimeNs)
            .caller(caller)
            .imsi("452040000000001")
            .imei("350000000000001");
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** An AML fix: matched by caller number only. */
    static byte[] aml(final String caller, final int lat, final int lon, final long uncertaintyM)
    {
        return fix(0, caller, FixSource.AML_HTTPS, lat, lon, uncertaintyM, 0);
    }

    static byte[] callEnded(final long callId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final CallEndedEncoder encoder = new CallEndedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .reason(CallEndReason.BYE_CALLER);
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
        return command(type, incidentId, unitId, operatorId, 0, 0, Agency.NULL_VAL, 0, 0, 0, 0);
    }

    static byte[] command(
        final CommandType type,
        final long incidentId,
        final long unitId,
        final int operatorId,
        final long callId,
        final long targetIncidentId,
        final Agency agency,
        final int lat,
        final int lon,
        final long uncertaintyM,
        final int fixNumber)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(96);
        final OperatorCommandEncoder encoder = new OperatorCommandEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandType(type)
            .incidentId(incidentId)
            .unitId(unitId)
            .operatorId(operatorId)
            .callId(callId)
            .targetIncidentId(targetIncidentId)
            .agency(agency);
        encoder.location().latMicros(lat).lonMicros(lon);
        encoder.uncertaintyM(uncertaintyM).fixNumber(fixNumber);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    static byte[] confirm(final long callId, final int lat, final int lon, final long uncertaintyM)
    {
        return command(CommandType.CONFIRM_LOCATION, 0, 0, 7, callId, 0, Agency.NULL_VAL, lat, lon, uncertaintyM, 0);
    }

    static byte[] acceptFix(final long callId, final int fixNumber)
    {
        return command(CommandType.ACCEPT_FIX, 0, 0, 7, callId, 0, Agency.NULL_VAL, 0, 0, 0, fixNumber);
    }

    static byte[] split(final long callId)
    {
        return command(CommandType.SPLIT_CALL, 0, 0, 7, callId, 0, Agency.NULL_VAL, 0, 0, 0, 0);
    }

    static byte[] merge(final long incidentId, final long targetIncidentId)
    {
        return command(CommandType.MERGE_INCIDENTS, incidentId, 0, 7, 0, targetIncidentId, Agency.NULL_VAL, 0, 0, 0, 0);
    }

    static byte[] addAgency(final long incidentId, final Agency agency)
    {
        return command(CommandType.ADD_AGENCY, incidentId, 0, 7, 0, 0, agency, 0, 0, 0, 0);
    }

    static byte[] clearNuisance(final long callId)
    {
        return command(CommandType.CLEAR_NUISANCE, 0, 0, 7, callId, 0, Agency.NULL_VAL, 0, 0, 0, 0);
    }

    /** A command whose type byte is a value the schema does not define. */
    static byte[] rawCommand(final int rawType, final long incidentId, final long unitId, final int operatorId)
    {
        final byte[] bytes = command(CommandType.DISPATCH, incidentId, unitId, operatorId);
        new UnsafeBuffer(bytes).putByte(HEADER + OperatorCommandEncoder.commandTypeEncodingOffset(), (byte)rawType);
        return bytes;
    }

    static byte[] congestion(final int edgeIndex, final int factorPermille)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final org.beacon.codecs.RoadCongestionEncoder encoder = new org.beacon.codecs.RoadCongestionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .edgeIndex(edgeIndex)
            .factorPermille(factorPermille);
        return copy(buffer, HEADER + encoder.encodedLength());
    }

    /** A HospitalStatus; {@code capabilities} are raw HospitalCapabilities bits (0x20 GENERAL, 0x01 TRAUMA). */
    static byte[] hospital(
        final long hospitalId, final int lat, final int lon, final int capabilities, final int beds, final boolean diverting)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final org.beacon.codecs.HospitalStatusEncoder encoder = new org.beacon.codecs.HospitalStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .hospitalId(hospitalId)
            .availableBeds(beds)
            .diverting((short)(diverting ? 1 : 0));
        encoder.position().latMicros(lat).lonMicros(lon);
        buffer.putByte(HEADER + org.beacon.codecs.HospitalStatusEncoder.capabilitiesEncodingOffset(), (byte)capabilities);
        encoder.name("H" + hospitalId);
        return copy(buffer, HEADER + encoder.encodedLength());
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
