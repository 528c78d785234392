package org.beacon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusDecoder;
import org.junit.jupiter.api.Test;

class EventMixTest
{
    @Test
    void sameSeedGivesTheSameBytes()
    {
        final EventMix a = EventMix.generate(7, 3_000, 100, EventMix.CITY_MIX);
        final EventMix b = EventMix.generate(7, 3_000, 100, EventMix.CITY_MIX);

        assertThat(a.count()).isEqualTo(3_000);
        for (int i = 0; i < a.count(); i++)
        {
            assertThat(a.length(i)).isEqualTo(b.length(i));
            for (int j = 0; j < a.length(i); j++)
            {
                assertThat(a.buffer().getByte(a.offset(i) + j)).isEqualTo(b.buffer().getByte(b.offset(i) + j));
            }
        }
    }

    @Test
    void registersTheFleetFirstThenMixesWithTheRequestedShareOfCalls()
    {
        final EventMix city = EventMix.generate(7, 20_100, 100, EventMix.CITY_MIX);
        final EventMix surge = EventMix.generate(7, 20_100, 100, 1_000);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();

        for (int i = 0; i < 100; i++)
        {
            header.wrap(city.buffer(), city.offset(i));
            assertThat(header.templateId()).isEqualTo(UnitStatusDecoder.TEMPLATE_ID);
        }
        assertThat(city.calls()).isBetween(1_200, 2_000);
        assertThat(surge.calls()).isBetween(5, 40);
    }
}
