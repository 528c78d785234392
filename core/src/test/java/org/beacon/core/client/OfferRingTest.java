package org.beacon.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfferRingTest
{
    @Test
    void keepsOrderAcrossUnsentSentAndDone()
    {
        final OfferRing<String> offers = new OfferRing<String>(16);
        final String a = "a";
        assertThat(offers.isEmpty()).isTrue();
        assertThat(offers.add(a, 1, 100)).isTrue();
        assertThat(offers.add(a, 4, 200)).isTrue();
        assertThat(offers.hasUnsent()).isTrue();
        assertThat(offers.hasOutstanding()).isFalse();
        assertThat(offers.unsentKind()).isEqualTo(1);
        offers.markSent(7);
        assertThat(offers.hasOutstanding()).isTrue();
        assertThat(offers.unsentKind()).isEqualTo(4);
        assertThat(offers.oldestCorrelation()).isEqualTo(7);
        assertThat(offers.oldestDeadline()).isEqualTo(100);
        offers.removeOldest();
        assertThat(offers.hasOutstanding()).isFalse();
        assertThat(offers.hasUnsent()).isTrue();
        // an unsent entry can expire too: removing it keeps sent in step
        offers.removeOldest();
        assertThat(offers.isEmpty()).isTrue();
        assertThat(offers.hasUnsent()).isFalse();
    }

    @Test
    void refusesWhenFull()
    {
        final OfferRing<String> offers = new OfferRing<String>(16);
        int added = 0;
        while (offers.add(null, 2, 0))
        {
            added++;
        }
        assertThat(added).isEqualTo(32);
        assertThat(offers.size()).isEqualTo(32);
        offers.removeOldest();
        assertThat(offers.add(null, 2, 0)).isTrue();
    }
}
