package org.beacon.center;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.CRC32;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.sim.SimulatedCity;
import org.junit.jupiter.api.Test;

class SimulatedCityTest
{
    /**
     * CRC32 of the first 10,000 {@code encodeNext} events of {@code new SimulatedCity(42, 60)}, recorded before
     * the road mode was added: the benchmarks' event mix must not change for the same seed.
     */
    private static final long BENCHMARK_MIX_CRC = 0xd187d3cdL;

    @Test
    void theBenchmarkMixIsByteIdenticalForTheSameSeed()
    {
        final SimulatedCity city = new SimulatedCity(42, 60);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final CRC32 crc = new CRC32();
        for (int i = 0; i < 10_000; i++)
        {
            final int length = city.encodeNext(buffer, 0);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            crc.update(bytes);
        }
        assertThat(crc.getValue()).isEqualTo(BENCHMARK_MIX_CRC);
    }

    @Test
    void aCityInABoxKeepsItsUnitsInTheBox()
    {
        final SimulatedCity city = SimulatedCity.inBox(5, 100, 10_770_000, 106_695_000, 10_790_000, 106_715_000);
        for (int i = 0; i < city.unitCount(); i++)
        {
            assertThat(city.latMicros(i)).isBetween(10_770_000, 10_790_000);
            assertThat(city.lonMicros(i)).isBetween(106_695_000, 106_715_000);
        }
    }

    /**
     * The demo's callers are a city's: over 5,000 calls (a demo hour and more at its default rate) nearly every number is
     * new, and a number that calls a third time within the dispatch service's nuisance window (10 minutes, taken here as
     * 600 calls at one call a second: more calls per window than the demo makes) is the rare exception. Each located
     * call says where its location came from, and most handsets follow with an AML fix.
     */
    @Test
    void theDemosCallersAreMostlyNewNumbersAndTheirCallsSayWhereTheirLocationCameFrom()
    {
        final SimulatedCity city = new SimulatedCity(7, 24);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final org.beacon.codecs.MessageHeaderDecoder header = new org.beacon.codecs.MessageHeaderDecoder();
        final org.beacon.codecs.CallReceivedDecoder call = new org.beacon.codecs.CallReceivedDecoder();
        final java.util.Map<String, java.util.ArrayDeque<Integer>> recent = new java.util.HashMap<>();
        final int calls = 5_000;
        final int window = 600;
        int thirdCalls = 0;
        int located = 0;
        int withSource = 0;
        int aml = 0;
        for (int i = 0; i < calls; i++)
        {
            city.encodeDemoCall(buffer, 0);
            call.wrapAndApplyHeader(buffer, 0, header);
            final boolean usable = call.locationQuality() == org.beacon.codecs.LocationQuality.USABLE;
            located += usable ? 1 : 0;
            withSource += usable && call.fixSource() != org.beacon.codecs.FixSource.NONE &&
                call.locationMethod() != org.beacon.codecs.LocationMethod.UNKNOWN ? 1 : 0;
            final String caller = call.caller();
            assertThat(caller).matches("\\+84[3-9]\\d{8}");
            final java.util.ArrayDeque<Integer> times = recent.computeIfAbsent(caller, c -> new java.util.ArrayDeque<>());
            while (!times.isEmpty() && times.peekFirst() <= i - window)
            {
                times.removeFirst();
            }
            times.addLast(i);
            thirdCalls += times.size() >= 3 ? 1 : 0;
            aml += city.encodeAmlFollowUp(buffer, 0) > 0 ? 1 : 0;
        }
        System.out.printf("demo callers: %d calls, %d distinct numbers, %d third calls within the window, %d located, %d AML%n",
            calls, recent.size(), thirdCalls, located, aml);
        assertThat(recent.size()).as("distinct numbers").isGreaterThan(calls * 97 / 100);
        assertThat(thirdCalls).as("calls that a 3-calls-in-10-minutes rule flags").isLessThanOrEqualTo(calls / 500);
        assertThat(withSource).as("located calls with their fix source and method").isEqualTo(located);
        assertThat(aml).as("AML follow-ups").isBetween(located / 2, located * 7 / 10);
    }
}
