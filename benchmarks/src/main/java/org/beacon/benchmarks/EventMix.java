package org.beacon.benchmarks;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitStatusEncoder;
import org.beacon.codecs.UnitType;

/**
 * A pre-generated, seeded sequence of encoded input events (SBE, header first) laid out back to back
 * in one heap buffer, so that the rigs and benchmarks spend no time generating while they measure.
 */
public final class EventMix
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final int count;
    private final int maxLength;

    private EventMix(final byte[] data, final int[] offsets, final int[] lengths, final int count)
    {
        this.buffer = new UnsafeBuffer(data);
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = count;
        int max = 0;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, lengths[i]);
        }
        this.maxLength = max;
    }

    /**
     * Generates a mix.
     *
     * @param seed  of the generator: the same seed gives the same bytes.
     * @param count number of events.
     * @return the mix.
     */
    public static EventMix generate(final long seed, final int count)
    {
        final int[] offsets = new int[count];
        final int[] lengths = new int[count];
        byte[] data = new byte[Math.max(1024, count * 48)];
        UnsafeBuffer out = new UnsafeBuffer(data);
        final SplittableRandom random = new SplittableRandom(seed);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final CallReceivedEncoder call = new CallReceivedEncoder();
        final UnitPositionEncoder position = new UnitPositionEncoder();
        final UnitStatusEncoder status = new UnitStatusEncoder();
        final int units = 500;
        int at = 0;
        long callId = 1;
        for (int i = 0; i < count; i++)
        {
            if (at + 256 > data.length)
            {
                final byte[] bigger = new byte[data.length * 2];
                System.arraycopy(data, 0, bigger, 0, at);
                data = bigger;
                out = new UnsafeBuffer(data);
            }
            final int length;
            final int lat = 10_700_000 + random.nextInt(200_000);
            final int lon = 106_600_000 + random.nextInt(200_000);
            if (i < units)
            {
                status.wrapAndApplyHeader(out, at, header).unitId(i + 1).agency(Agency.POLICE).unitType(UnitType.POLICE_PATROL)
                    .status(UnitStatusCode.AVAILABLE);
                status.position().latMicros(lat).lonMicros(lon);
                status.callSign("P-" + (i + 1));
                length = MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength();
            }
            else if (random.nextInt(100) < 2)
            {
                call.wrapAndApplyHeader(out, at, header).callId(callId++).agency(Agency.UNIFIED)
                    .locationQuality(LocationQuality.USABLE).locationMethod(LocationMethod.GNSS).uncertaintyM(30).confidencePct((short)90);
                call.location().latMicros(lat).lonMicros(lon);
                call.caller("tel:+8490" + (1_000_000 + random.nextInt(8_000_000)));
                length = MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength();
            }
            else
            {
                position.wrapAndApplyHeader(out, at, header).unitId(1 + random.nextInt(units)).speedCmPerS(random.nextInt(2000))
                    .headingDeciDeg(random.nextInt(3600));
                position.position().latMicros(lat).lonMicros(lon);
                length = MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength();
            }
            offsets[i] = at;
            lengths[i] = length;
            at += length;
        }
        return new EventMix(data, offsets, lengths, count);
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

    /** @return length of the longest event. */
    public int maxLength()
    {
        return maxLength;
    }
}
