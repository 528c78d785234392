package org.beacon.benchmarks;

import java.util.Arrays;
import java.util.Locale;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusCode;

/**
 * A pre-generated, seeded sequence of encoded input events (SBE, header first) laid out back to back
 * in one heap buffer, so that the rigs and benchmarks spend no time generating while they measure.
 */
public final class EventMix
{
    /** Room left for one event before the buffer grows; every event of the city is far shorter. */
    private static final int MAX_EVENT_LENGTH = 512;

    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final int count;
    private final int maxLength;
    private final int calls;

    private EventMix(final byte[] data, final int[] offsets, final int[] lengths, final int count)
    {
        this.buffer = new UnsafeBuffer(data);
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = count;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        int max = 0;
        int calls = 0;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, lengths[i]);
            header.wrap(buffer, offsets[i]);
            if (header.templateId() == CallReceivedDecoder.TEMPLATE_ID)
            {
                calls++;
            }
        }
        this.maxLength = max;
        this.calls = calls;
    }

    /** Units in the simulated fleet: the scale the design plans for. */
    public static final int DEFAULT_UNITS = 5_000;
    /** Call share meaning "the city's own mix" ({@link SimulatedCity#encodeNext}: 8% calls). */
    public static final int CITY_MIX = -1;
    /**
     * A call share for the design's surge: hundreds of calls a minute (here 600, i.e. 10 a second) among
     * 100,000 events a second, i.e. 100 calls per million events; the rest as in the city's mix.
     */
    public static final int SURGE_CALLS_PER_MILLION = 100;
    /** Share of status changes in the city's mix, per million events. */
    private static final int STATUS_PER_MILLION = 20_000;

    /**
     * Generates the city's own mix with {@link #DEFAULT_UNITS} units.
     *
     * @param seed  of the city: the same seed gives the same bytes.
     * @param count number of events, registrations included.
     * @return the mix.
     * @see #generate(long, int, int, int)
     */
    public static EventMix generate(final long seed, final int count)
    {
        return generate(seed, count, DEFAULT_UNITS, CITY_MIX);
    }

    /**
     * Generates a mix from {@link SimulatedCity}: first one {@code UnitStatus} per unit (registering the
     * fleet, available), then either the city's open-loop mix ({@link SimulatedCity#encodeNext}: 90% AVL
     * fixes, 8% calls, 2% status changes) or the same kinds of event with another share of calls.
     *
     * @param seed            of the city: the same seed gives the same bytes.
     * @param count           number of events, registrations included.
     * @param units           in the fleet.
     * @param callsPerMillion calls per million events, or {@link #CITY_MIX} for the city's own mix.
     * @return the mix.
     */
    public static EventMix generate(final long seed, final int count, final int units, final int callsPerMillion)
    {
        if (callsPerMillion != CITY_MIX && (callsPerMillion < 0 || callsPerMillion > 1_000_000 - STATUS_PER_MILLION))
        {
            throw new IllegalArgumentException("calls per million must be " + CITY_MIX + " or 0.." + (1_000_000 - STATUS_PER_MILLION));
        }
        final SimulatedCity city = new SimulatedCity(seed, units);
        final int[] offsets = new int[count];
        final int[] lengths = new int[count];
        byte[] data = new byte[Math.max(4096, count * 48)];
        UnsafeBuffer out = new UnsafeBuffer(data);
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            if (at + MAX_EVENT_LENGTH > data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
                out = new UnsafeBuffer(data);
            }
            final int length;
            if (i < units)
            {
                length = city.encodeStatus(i, UnitStatusCode.AVAILABLE, out, at);
            }
            else if (callsPerMillion == CITY_MIX)
            {
                length = city.encodeNext(out, at);
            }
            else
            {
                length = encodeWithCallShare(city, callsPerMillion, out, at);
            }
            offsets[i] = at;
            lengths[i] = length;
            at += length;
        }
        return new EventMix(data, offsets, lengths, count);
    }

    /** The city's kinds of event (drifting AVL fixes, calls, status changes) with the given share of calls. */
    private static int encodeWithCallShare(final SimulatedCity city, final int callsPerMillion, final UnsafeBuffer out, final int at)
    {
        final int roll = city.nextInt(1_000_000);
        final int index = city.nextInt(city.unitCount());
        if (roll < callsPerMillion)
        {
            return city.encodeCall(out, at);
        }
        if (roll < callsPerMillion + STATUS_PER_MILLION)
        {
            final UnitStatusCode status = city.nextInt(2) == 0 ? UnitStatusCode.OUT_OF_SERVICE : UnitStatusCode.AVAILABLE;
            return city.encodeStatus(index, status, out, at);
        }
        city.moveTo(index, city.latMicros(index) + city.nextInt(101) - 50, city.lonMicros(index) + city.nextInt(101) - 50);
        return city.encodePosition(index, city.nextInt(1500), out, at);
    }

    /** @return the buffer holding every event. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** @return number of events. */
    public int count()
    {
        return count;
    }

    /** @return offset of event {@code i} in {@link #buffer()}. */
    public int offset(final int i)
    {
        return offsets[i];
    }

    /** @return length of event {@code i}. */
    public int length(final int i)
    {
        return lengths[i];
    }

    /** @return number of {@code CallReceived} events. */
    public int calls()
    {
        return calls;
    }

    /** @return a one-line description: events, calls, longest event. */
    public String describe()
    {
        return String.format(Locale.ROOT, "%d events, %d calls (%.3f%%), longest %d B", count, calls, 100.0 * calls / Math.max(1, count),
            maxLength);
    }

    /** @return length of the longest event. */
    public int maxLength()
    {
        return maxLength;
    }
}
