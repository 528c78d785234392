package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoreOffersTest
{
    @Test
    void keepsOrderAcrossUnsentSentAndDone()
    {
        final CoreOffers offers = new CoreOffers(16);
        final SipCall a = null;
        assertThat(offers.isEmpty()).isTrue();
        assertThat(offers.add(a, CoreOffers.RECEIVED, 100)).isTrue();
        assertThat(offers.add(a, CoreOffers.END, 200)).isTrue();
        assertThat(offers.hasUnsent()).isTrue();
        assertThat(offers.hasOutstanding()).isFalse();
        assertThat(offers.unsentKind()).isEqualTo(CoreOffers.RECEIVED);
        offers.markSent(7);
        assertThat(offers.hasOutstanding()).isTrue();
        assertThat(offers.unsentKind()).isEqualTo(CoreOffers.END);
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
        final CoreOffers offers = new CoreOffers(16);
        int added = 0;
        while (offers.add(null, CoreOffers.FIX, 0))
        {
            added++;
        }
        assertThat(added).isEqualTo(32);
        assertThat(offers.size()).isEqualTo(32);
        offers.removeOldest();
        assertThat(offers.add(null, CoreOffers.FIX, 0)).isTrue();
    }
}
