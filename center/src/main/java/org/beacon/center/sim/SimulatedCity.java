package org.beacon.center.sim;

import java.util.SplittableRandom;

import org.agrona.MutableDirectBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
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
    /**
     * The demo's calls ({@link #encodeDemoCall}), per mille, from a number that called a little earlier (a caller calling
     * back): a city's callers are millions of distinct numbers, and a number calling twice within minutes is the exception.
     */
    public static final int REPEAT_CALLER_PER_MILLE = 15;
    /** The demo's calls, per mille, whose handset also sends an AML fix (Android ELS / iOS HELO) after the call. */
    public static final int AML_PER_MILLE = 600;
    /** Vietnamese mobile prefixes after +84 (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile). */
    private static final int[] MOBILE_PREFIXES =
    {
        32, 33, 34, 35, 36, 37, 38, 39, 56, 58, 59, 70, 76, 77, 78, 79, 81, 82, 83, 84, 85, 86, 88, 89, 90, 91, 93, 94, 96, 97,
        98, 99
    };
    private static final byte[] EMPTY = new byte[0];

    private final SplittableRandom random;
    /** The demo's callers and their fixes: a stream of its own, so the benchmarks' mix stays the same for a seed. */
    private final SplittableRandom people;
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
    private final LocationFixEncoder fixEncoder = new LocationFixEncoder();
    private final int[] recentCallLat = new int[8];
    private final int[] recentCallLon = new int[8];
    private final byte[][] callers = new byte[64][];
    /** The demo's last callers' numbers: a repeat caller is one of them. */
    private final byte[][] recentCallers = new byte[32][];
    private int callersSeen;
    /** The AML fix the last demo call's handset sends, or none (a zero-length caller). */
    private byte[] amlCaller = EMPTY;
    private int amlLat;
    private int amlLon;
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
        this.people = new SplittableRandom(seed ^ 0x112_115_114_113L);
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

    /** A caller in E.164, as the gateways journal one: mostly a number never seen before, now and then a recent caller calling back. */
    private byte[] nextCaller()
    {
        if (callersSeen > 0 && people.nextInt(1000) < REPEAT_CALLER_PER_MILLE)
        {
            return recentCallers[people.nextInt(Math.min(callersSeen, recentCallers.length))];
        }
        final int prefix = MOBILE_PREFIXES[people.nextInt(MOBILE_PREFIXES.length)];
        final int subscriber = people.nextInt(10_000_000);
        final byte[] caller = String.format(java.util.Locale.ROOT, "+84%d%07d", prefix, subscriber)
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        recentCallers[callersSeen % recentCallers.length] = caller;
        callersSeen++;
        return caller;
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
     * Encodes a new call of the demo: placed as {@link #encodeCall} places them, from a population of callers as a
     * city's (mostly numbers never seen before, {@link #REPEAT_CALLER_PER_MILLE} call-backs), located as handsets and
     * networks locate them (the INVITE's PIDF-LO by GNSS, Wi-Fi or both, or the network's cell); the handset's AML fix
     * follows with {@link #encodeAmlFollowUp}. Drawn from a stream of its own: {@link #encodeCall} and the benchmarks'
     * mix are unchanged.
     *
     * @return the encoded length.
     */
    public int encodeDemoCall(final MutableDirectBuffer buffer, final int offset)
    {
        final int roll = people.nextInt(100);
        final Agency callAgency = switch (people.nextInt(4))
        {
            case 0 -> Agency.UNIFIED;
            case 1 -> Agency.POLICE;
            case 2 -> Agency.FIRE;
            default -> Agency.AMBULANCE;
        };
        int callLat = centerLat + people.nextInt(-halfSpanLat, halfSpanLat);
        int callLon = centerLon + people.nextInt(-halfSpanLon, halfSpanLon);
        LocationQuality quality = LocationQuality.USABLE;
        if (roll < 25 && recentCalls > 0)
        {
            final int recent = people.nextInt(Math.min(recentCalls, recentCallLat.length));
            callLat = recentCallLat[recent] + people.nextInt(-700, 700);
            callLon = recentCallLon[recent] + people.nextInt(-700, 700);
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
        final boolean located = quality == LocationQuality.USABLE;
        // where the INVITE's location came from: the handset's PIDF-LO (GNSS, Wi-Fi or both) or the network's cell
        final int how = people.nextInt(100);
        final LocationMethod method = !located ? LocationMethod.UNKNOWN :
            how < 50 ? LocationMethod.GNSS : how < 70 ? LocationMethod.WIFI : how < 85 ? LocationMethod.HYBRID : LocationMethod.CELL;
        final FixSource source = !located ? FixSource.NONE : method == LocationMethod.CELL ? FixSource.NETWORK_CELL : FixSource.SIP_PIDF_LO;
        final int uncertaintyM = !located ? 0 : 5 + people.nextInt(60) + (method == LocationMethod.CELL ? 150 + people.nextInt(250) :
            method == LocationMethod.WIFI ? 15 : 0);
        callEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .callId(nextCallId++)
            .agency(callAgency)
            .locationQuality(quality)
            .locationMethod(method)
            .uncertaintyM(uncertaintyM)
            .confidencePct((short)(located ? 95 : 0))
            .shape(!located ? LocationShape.NONE : method == LocationMethod.CELL ? LocationShape.CELL_SECTOR : LocationShape.CIRCLE)
            .locationProblem(located ? LocationProblem.NONE : LocationProblem.NO_LOCATION)
            .fixSource(source);
        callEncoder.location().latMicros(callLat).lonMicros(callLon);
        final byte[] caller = nextCaller();
        callEncoder.putCaller(caller, 0, caller.length);
        callEncoder.putSipCallId(EMPTY, 0, 0).putEmergencyCallId(EMPTY, 0, 0).putLocationReference(EMPTY, 0, 0);
        amlCaller = located && people.nextInt(1000) < AML_PER_MILLE ? caller : EMPTY;
        amlLat = callLat + people.nextInt(-60, 61);
        amlLon = callLon + people.nextInt(-60, 61);
        return MessageHeaderEncoder.ENCODED_LENGTH + callEncoder.encodedLength();
    }

    /**
     * Encodes the AML fix the last call's handset sends after the call (by HTTPS, or by SMS when it has no data), matched
     * to the call by the caller's number as the AML gateway does, or encodes nothing.
     *
     * @return the encoded length, 0 when the last call's handset sends none (then nothing is written).
     */
    public int encodeAmlFollowUp(final MutableDirectBuffer buffer, final int offset)
    {
        if (0 == amlCaller.length)
        {
            return 0;
        }
        final boolean https = people.nextInt(100) < 80;
        final int how = people.nextInt(100);
        final LocationMethod method = how < 75 ? LocationMethod.GNSS : how < 95 ? LocationMethod.WIFI : LocationMethod.CELL;
        final int uncertaintyM = method == LocationMethod.GNSS ? 3 + people.nextInt(12) : method == LocationMethod.WIFI ?
            20 + people.nextInt(40) : 200 + people.nextInt(300);
        fixEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .callId(0)
            .fixSource(https ? FixSource.AML_HTTPS : FixSource.AML_SMS)
            .locationQuality(LocationQuality.USABLE)
            .locationMethod(method)
            .shape(LocationShape.CIRCLE)
            .locationProblem(LocationProblem.NONE)
            .uncertaintyM(uncertaintyM)
            .confidencePct((short)95)
            .fixTimeNs(0);
        fixEncoder.location().latMicros(amlLat).lonMicros(amlLon);
        fixEncoder.putCaller(amlCaller, 0, amlCaller.length).putImsi(EMPTY, 0, 0).putImei(EMPTY, 0, 0);
        amlCaller = EMPTY;
        return MessageHeaderEncoder.ENCODED_LENGTH + fixEncoder.encodedLength();
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
