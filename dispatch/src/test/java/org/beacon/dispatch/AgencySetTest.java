package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.beacon.codecs.Agency;
import org.junit.jupiter.api.Test;

class AgencySetTest
{
    @Test
    void unifiedAddsNoAgency()
    {
        assertThat(AgencySet.bit(Agency.UNIFIED)).isZero();
        assertThat(AgencySet.toSet(AgencySet.bit(Agency.FIRE) | AgencySet.bit(Agency.AMBULANCE)))
            .containsExactlyInAnyOrder(Agency.FIRE, Agency.AMBULANCE);
    }

    @Test
    void priorityIsTheMostUrgentNeeded()
    {
        assertThat(AgencySet.priority(Agency.UNIFIED, 0)).isEqualTo((short)3);
        assertThat(AgencySet.priority(Agency.UNIFIED, AgencySet.POLICE)).isEqualTo((short)2);
        assertThat(AgencySet.priority(Agency.POLICE, AgencySet.POLICE | AgencySet.AMBULANCE)).isEqualTo((short)1);
    }

    @Test
    void anIncidentNeedingNothingTakesAnyCall()
    {
        for (final Agency agency : new Agency[]{Agency.UNIFIED, Agency.POLICE, Agency.FIRE, Agency.AMBULANCE})
        {
            assertThat(AgencySet.compatible(agency, 0)).isTrue();
        }
        assertThat(AgencySet.compatible(Agency.FIRE, AgencySet.POLICE)).isFalse();
        assertThat(AgencySet.compatible(Agency.FIRE, AgencySet.POLICE | AgencySet.AMBULANCE)).isTrue();
    }
}
