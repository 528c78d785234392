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
}
