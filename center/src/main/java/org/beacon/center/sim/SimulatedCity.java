package org.beacon.center.sim;

import java.util.SplittableRandom;

import org.agrona.MutableDirectBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;
import org.beacon.core.client.Sources;

/**
 * A seeded simulated city around central Ho Chi Minh City: a fleet of police, fire and ambulance
 * units and a stream of 112/113/114/115 calls. It only encodes events; whoever drives it (the demo,
 * the benchmarks) decides when to send them. The same seed gives the same events.
 */
public final class SimulatedCity
{
    /** Gateway id the simulated city uses on ingress. */
    public static final int SOURCE_ID = Sources.SIMULATED_CITY;
    /** Centre of the simulated area (Ben Thanh, District 1), micro-degrees. */
    public static final int CENTER_LAT_MICROS = 10_772_500;
    /** Centre of the simulated area, micro-degrees. */
    public static final int CENTER_LON_MICROS = 106_698_000;
    /** Half the side of the simulated square, micro-degrees (about 4.4 km). */
    public static final int HALF_SPAN_MICROS = 40_000;
    /** First unit id. */
    public static final long FIRST_UNIT_ID = 1001;

    private final SplittableRandom random;
    private final int unitCount;
    private final int centerLat;
    private final int centerLon;
    private final int halfSpanLat;
    private final int halfSpanLon;
    private final int[] lat;
    private final int[] lon;
    private final Agency[] agency;
    private final UnitType[] type;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CallReceivedEncoder callEncoder = new CallReceivedEncoder();
    private final UnitPositionEncoder positionEncoder = new UnitPositionEncoder();
    private final UnitStatusEncoder statusEncoder = new UnitStatusEncoder();
    private final int[] recentCallLat = new int[8];
    private final int[] recentCallLon = new int[8];
    private final byte[][] callers = new byte[64][];
    private int recentCalls;
    private long nextCallId = 1;

    /**
     * Creates a city.
     *
     * @param seed      of every random choice.
     * @param unitCount units in the fleet: a third police, a sixth engines, a sixth ladders or rescue, a third ambulances.
     */
    public SimulatedCity(final long seed, final int unitCount)
    {
        this(seed, unitCount, CENTER_LAT_MICROS, CENTER_LON_MICROS, HALF_SPAN_MICROS, HALF_SPAN_MICROS);
    }

    /**
     * Creates a city whose units and calls lie in a given box (e.g. a road network's bounding box). The same
     * seed gives the same random draws as {@link #SimulatedCity(long, int)}, mapped into the box.
     *
     * @param seed      of every random choice.
     * @param unitCount units in the fleet, as in {@link #SimulatedCity(long, int)}.
     * @param minLat    southern edge, micro-degrees.
     * @param minLon    western edge, micro-degrees.
     * @param maxLat    northern edge, micro-degrees (greater than minLat).
     * @param maxLon    eastern edge, micro-degrees (greater than minLon).
     * @return the city.
     */
    public static SimulatedCity inBox(
        final long seed, final int unitCount, final int minLat, final int minLon, final int maxLat, final int maxLon)
    {
        return new SimulatedCity(seed, unitCount, (int)(((long)minLat + maxLat) / 2), (int)(((long)minLon + maxLon) / 2),
            halfSpan(minLat, maxLat), halfSpan(minLon, maxLon));
    }

    private SimulatedCity(
        final long seed,
        final int unitCount,
        final int centerLat,
        final int centerLon,
        final int halfSpanLat,
        final int halfSpanLon)
    {
        this.random = new SplittableRandom(seed);
        this.unitCount = unitCount;
        this.centerLat = centerLat;
        this.centerLon = centerLon;
        this.halfSpanLat = halfSpanLat;
        this.halfSpanLon = halfSpanLon;
        this.lat = new int[unitCount];
        this.lon = new int[unitCount];
        this.agency = new Agency[unitCount];
        this.type = new UnitType[unitCount];
        for (int i = 0; i < unitCount; i++)
        {
            lat[i] = centerLat + random.nextInt(-halfSpanLat, halfSpanLat);
            lon[i] = centerLon + random.nextInt(-halfSpanLon, halfSpanLon);
            final int kind = i % 6;
            agency[i] = kind < 2 ? Agency.POLICE : kind < 4 ? Agency.FIRE : Agency.AMBULANCE;
            type[i] = switch (kind)
            {
                case 0, 1 -> UnitType.POLICE_PATROL;
                case 2 -> UnitType.ENGINE;
                case 3 -> i % 12 == 3 ? UnitType.LADDER : UnitType.RESCUE;
                case 4 -> UnitType.ALS_AMBULANCE;
                default -> UnitType.BLS_AMBULANCE;
            };
        }
        for (int i = 0; i < callers.length; i++)
        {
            callers[i] = ("tel:+8490" + (1_000_000 + random.nextInt(8_999_999))).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private static int halfSpan(final int min, final int max)
    {
        if (max <= min)
        {
            throw new IllegalArgumentException("empty box: " + min + ".." + max);
        }
        return (int)StrictMath.max(1, ((long)max - min) / 2);
    }

    /** @return units in the fleet. */
    public int unitCount()
    {
        return unitCount;
    }

    /**
     * @param index of the unit, 0..unitCount-1.
     * @return its id.
     */
    public static long unitId(final int index)
    {
        return FIRST_UNIT_ID + index;
    }

    /** @return the unit's agency. */
    public Agency agency(final int index)
    {
        return agency[index];
    }

    /** @return the unit's latitude, micro-degrees. */
    public int latMicros(final int index)
    {
        return lat[index];
    }

    /** @return the unit's longitude, micro-degrees. */
    public int lonMicros(final int index)
    {
        return lon[index];
    }

    /**
     * Moves a unit (the simulation's own record of where it is).
     *
     * @param index     the unit.
     * @param latMicros new latitude.
     * @param lonMicros new longitude.
     */
    public void moveTo(final int index, final int latMicros, final int lonMicros)
    {
        lat[index] = latMicros;
        lon[index] = lonMicros;
    }

    /**
     * Encodes a unit's status report (its first one registers it).
     *
     * @return the encoded length.
     */
    public int encodeStatus(final int index, final UnitStatusCode status, final MutableDirectBuffer buffer, final int offset)
    {
        statusEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .unitId(unitId(index))
            .agency(agency[index])
            .unitType(type[index])
            .status(status);
        statusEncoder.position().latMicros(lat[index]).lonMicros(lon[index]);
        statusEncoder.callSign(callSign(index));
        return MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
    }

    private String callSign(final int index)
    {
        final String prefix = switch (type[index])
        {
            case POLICE_PATROL -> "P";
            case ENGINE -> "E";
            case LADDER -> "L";
            case RESCUE -> "R";
            case ALS_AMBULANCE -> "M";
            default -> "B";
        };
        return prefix + (index + 1);
    }

    /**
     * Encodes an AVL fix of a unit at its current simulated position.
     *
     * @return the encoded length.
     */
    public int encodePosition(final int index, final int speedCmPerS, final MutableDirectBuffer buffer, final int offset)
    {
        positionEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .unitId(unitId(index))
            .speedCmPerS(speedCmPerS)
            .headingDeciDeg(random.nextInt(3600));
        positionEncoder.position().latMicros(lat[index]).lonMicros(lon[index]);
        return MessageHeaderEncoder.ENCODED_LENGTH + positionEncoder.encodedLength();
    }

    /**
     * Encodes an AVL fix of a unit at its current simulated position with a given heading; unlike
     * {@link #encodePosition(int, int, MutableDirectBuffer, int)} it draws nothing from the seeded generator.
     *
     * @param index          the unit.
     * @param speedCmPerS    its speed.
     * @param headingDeciDeg its heading, 0..3599, clockwise from north.
     * @param buffer         to encode into.
     * @param offset         where the message starts.
     * @return the encoded length.
     */
    public int encodePosition(
        final int index, final int speedCmPerS, final int headingDeciDeg, final MutableDirectBuffer buffer, final int offset)
    {
        positionEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .unitId(unitId(index))
            .speedCmPerS(speedCmPerS)
            .headingDeciDeg(headingDeciDeg);
        positionEncoder.position().latMicros(lat[index]).lonMicros(lon[index]);
        return MessageHeaderEncoder.ENCODED_LENGTH + positionEncoder.encodedLength();
    }

    /**
     * Encodes a new call: a quarter of calls are about an event already called in (within about
     * 100 m of a recent call), a few have no usable location, the rest are anywhere in the city.
     *
     * @return the encoded length.
     */
    public int encodeCall(final MutableDirectBuffer buffer, final int offset)
    {
        final int roll = random.nextInt(100);
        final Agency callAgency = switch (random.nextInt(4))
        {
            case 0 -> Agency.UNIFIED;
            case 1 -> Agency.POLICE;
            case 2 -> Agency.FIRE;
            default -> Agency.AMBULANCE;
        };
        int callLat = centerLat + random.nextInt(-halfSpanLat, halfSpanLat);
        int callLon = centerLon + random.nextInt(-halfSpanLon, halfSpanLon);
        LocationQuality quality = LocationQuality.USABLE;
        if (roll < 25 && recentCalls > 0)
        {
            final int recent = random.nextInt(Math.min(recentCalls, recentCallLat.length));
            callLat = recentCallLat[recent] + random.nextInt(-700, 700);
            callLon = recentCallLon[recent] + random.nextInt(-700, 700);
        }
        else if (roll >= 97)
        {
            quality = LocationQuality.MISSING;
            callLat = 0;
            callLon = 0;
        }
        if (quality == LocationQuality.USABLE)
        {
            recentCallLat[recentCalls % recentCallLat.length] = callLat;
            recentCallLon[recentCalls % recentCallLon.length] = callLon;
            recentCalls++;
        }
        final int uncertaintyM = quality == LocationQuality.USABLE ? 5 + random.nextInt(60) : 0;
        final byte[] caller = callers[random.nextInt(callers.length)];
        return encodeCall(callAgency, quality, callLat, callLon, uncertaintyM, caller, buffer, offset);
    }

    /**
     * Encodes a new call from a given number at a given place, with a usable GNSS location as {@link #encodeCall(
     * MutableDirectBuffer, int)} gives most of its calls (for a driver that picks numbers and places itself, e.g. repeat
     * callers and nuisance callers); draws only the location's uncertainty from the seeded generator.
     *
     * @param caller    the caller's number, e.g. {@code tel:+84901234567}, US-ASCII.
     * @param agency    the number dialled.
     * @param latMicros where the caller is, micro-degrees.
     * @param lonMicros where the caller is, micro-degrees.
     * @param buffer    to encode into.
     * @param offset    where the message starts.
     * @return the encoded length.
     */
    public int encodeCall(
        final byte[] caller, final Agency agency, final int latMicros, final int lonMicros, final MutableDirectBuffer buffer,
        final int offset)
    {
        return encodeCall(agency, LocationQuality.USABLE, latMicros, lonMicros, 5 + random.nextInt(60), caller, buffer, offset);
    }

    private int encodeCall(
        final Agency callAgency,
        final LocationQuality quality,
        final int callLat,
        final int callLon,
        final int uncertaintyM,
        final byte[] caller,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        callEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .callId(nextCallId++)
            .agency(callAgency)
            .locationQuality(quality)
            .locationMethod(quality == LocationQuality.USABLE ? LocationMethod.GNSS : LocationMethod.UNKNOWN)
            .uncertaintyM(uncertaintyM)
            .confidencePct((short)(quality == LocationQuality.USABLE ? 95 : 0));
        callEncoder.location().latMicros(callLat).lonMicros(callLon);
        callEncoder.putCaller(caller, 0, caller.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + callEncoder.encodedLength();
    }

    /** @return the id the next call will have (calls are numbered 1, 2, ... in the order they are encoded). */
    public long nextCallId()
    {
        return nextCallId;
    }

    /**
     * Encodes the next event of an open-loop mix, as the benchmarks use it: 90% AVL fixes of a
     * random unit that drifts a little, 8% calls, 2% units going out of and back into service.
     *
     * @return the encoded length.
     */
    public int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        final int roll = random.nextInt(100);
        final int index = random.nextInt(unitCount);
        if (roll < 90)
        {
            lat[index] += random.nextInt(-50, 51);
            lon[index] += random.nextInt(-50, 51);
            return encodePosition(index, random.nextInt(1500), buffer, offset);
        }
        if (roll < 98)
        {
            return encodeCall(buffer, offset);
        }
        return encodeStatus(index, random.nextBoolean() ? UnitStatusCode.OUT_OF_SERVICE : UnitStatusCode.AVAILABLE, buffer, offset);
    }

    /** @return a uniform random int in [0, bound), from the city's seeded generator. */
    public int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }
}
