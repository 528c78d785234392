package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipCallIdsTest
{
    private long nowNs = 1_764_000_000_000_000_000L;

    @Test
    void idsGrowStrictlyAndCarryTheInstance()
    {
        final SipCallIds ids = new SipCallIds(() -> nowNs, 3);
        final long first = ids.next();
        final long second = ids.next();
        assertThat(second).isGreaterThan(first);
        assertThat(first & SipCallIds.MAX_INSTANCE_ID).isEqualTo(3);
        assertThat(SipCallIds.issuedAtMicros(first)).isEqualTo(nowNs / 1000);
        assertThat(SipCallIds.issuedAtMicros(second)).isEqualTo(nowNs / 1000 + 1);
    }

    @Test
    void aRestartedGatewayStartsPastTheIdsOfTheRunBefore()
    {
        final SipCallIds before = new SipCallIds(() -> nowNs, 0);
        long last = 0;
        for (int i = 0; i < 1000; i++)
        {
            last = before.next();
        }
        nowNs += 2_000_000;
        final SipCallIds after = new SipCallIds(() -> nowNs, 0);
        assertThat(after.next()).isGreaterThan(last);
    }

    @Test
    void twoInstancesNeverCollideEvenOnTheSameClock()
    {
        final SipCallIds a = new SipCallIds(() -> nowNs, 0);
        final SipCallIds b = new SipCallIds(() -> nowNs, 1);
        for (int i = 0; i < 100; i++)
        {
            assertThat(a.next()).isNotEqualTo(b.next());
        }
    }
}
