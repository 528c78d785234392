package org.beacon.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitPositionEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode then decode of the two commonest inputs, as a gateway encodes and the state machine
 * decodes them: {@code CallReceived} (fixed block plus the caller as var data) and {@code UnitPosition}
 * (fixed block only). Flyweights over one heap buffer; nothing is allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final byte[] caller = "tel:+84901234567".getBytes(StandardCharsets.US_ASCII);
    private final byte[] callerOut = new byte[64];
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CallReceivedEncoder callEncoder = new CallReceivedEncoder();
    private final CallReceivedDecoder callDecoder = new CallReceivedDecoder();
    private final UnitPositionEncoder positionEncoder = new UnitPositionEncoder();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private long counter;

    /**
     * Encodes and decodes one CallReceived.
     *
     * @return a value depending on every decoded field, so nothing is optimised away.
     */
    @Benchmark
    public long callReceived()
    {
        final long id = ++counter;
        callEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .callId(id)
            .agency(Agency.AMBULANCE)
            .locationQuality(LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS)
            .uncertaintyM(25)
            .confidencePct((short)90);
        callEncoder.location().latMicros(10_776_000 + (int)(id & 1023)).lonMicros(106_700_000);
        callEncoder.putCaller(caller, 0, caller.length);

        headerDecoder.wrap(buffer, 0);
        callDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        long result = callDecoder.callId() + callDecoder.agencyRaw() + callDecoder.locationQualityRaw() +
            callDecoder.locationMethodRaw() + callDecoder.uncertaintyM() + callDecoder.confidencePct();
        result += callDecoder.location().latMicros() + callDecoder.location().lonMicros();
        result += callDecoder.getCaller(callerOut, 0, callerOut.length);
        return result;
    }

    /**
     * Encodes and decodes one UnitPosition.
     *
     * @return a value depending on every decoded field, so nothing is optimised away.
     */
    @Benchmark
    public long unitPosition()
    {
        final long id = ++counter;
        positionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .unitId(id & 4095)
            .speedCmPerS(1_250)
            .headingDeciDeg(900);
        positionEncoder.position().latMicros(10_776_000 + (int)(id & 1023)).lonMicros(106_700_000);

        headerDecoder.wrap(buffer, 0);
        positionDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return positionDecoder.unitId() + positionDecoder.position().latMicros() + positionDecoder.position().lonMicros() +
            positionDecoder.speedCmPerS() + positionDecoder.headingDeciDeg();
    }
}
