package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.addAgency;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.north;

import java.util.List;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UpdateReason;
import org.junit.jupiter.api.Test;

/**
 * An incident carries every agency it needs, and recommendations cover each of them.
 */
class MultiAgencyTest
{
    private final DispatchDriver driver = new DispatchDriver();
    private final DispatchService service = driver.service;

    @Test
    void callOfAnotherAgencyAddsItAndItsRecommendations()
    {
        driver.applyAll(
            availableUnit(1, Agency.POLICE, north(BASE_LAT, 100), BASE_LON),
            availableUnit(2, Agency.AMBULANCE, north(BASE_LAT, 300), BASE_LON),
            availableUnit(3, Agency.AMBULANCE, north(BASE_LAT, 200), BASE_LON),
            availableUnit(4, Agency.FIRE, north(BASE_LAT, 50), BASE_LON));
        final List<byte[]> crash = driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        assertThat(Outputs.only(crash, UnitRecommendedDecoder.TEMPLATE_ID)).extracting(o -> Outputs.recommended(o).unitId())
            .containsExactly(1L);

        final List<byte[]> out = driver.apply(call(2, Agency.AMBULANCE, north(BASE_LAT, 20), BASE_LON));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, IncidentUpdatedDecoder.TEMPLATE_ID,
            UnitRecommendedDecoder.TEMPLATE_ID, UnitRecommendedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.updated(out.get(0)).reason()).isEqualTo(UpdateReason.CALL_ADDED);
        final IncidentUpdatedDecoder added = Outputs.updated(out.get(1));
        assertThat(added.reason()).isEqualTo(UpdateReason.AGENCY_ADDED);
        assertThat(added.agencies().pOLICE()).isTrue();
        assertThat(added.agencies().aMBULANCE()).isTrue();
        assertThat(added.agencies().fIRE()).isFalse();
        assertThat(Outputs.recommended(out.get(2)).unitId()).isEqualTo(3);
        assertThat(Outputs.recommended(out.get(2)).rank()).isEqualTo((short)1);
        assertThat(Outputs.recommended(out.get(3)).unitId()).isEqualTo(2);
        assertThat(Outputs.recommended(out.get(3)).rank()).isEqualTo((short)2);
    }

    @Test
    void unifiedCallAddsNoAgencyAndAnIncidentNeedingNoneTakesAny()
    {
        driver.applyAll(
            availableUnit(1, Agency.POLICE, north(BASE_LAT, 100), BASE_LON),
            availableUnit(2, Agency.FIRE, north(BASE_LAT, 200), BASE_LON));
        final List<byte[]> opened = driver.apply(call(1, Agency.UNIFIED, BASE_LAT, BASE_LON));
        assertThat(Outputs.only(opened, UnitRecommendedDecoder.TEMPLATE_ID)).hasSize(2);
        assertThat(service.incident(3).agencies()).isEmpty();

        final List<byte[]> joined = driver.apply(call(2, Agency.UNIFIED, BASE_LAT, BASE_LON));

        assertThat(joined).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, CallUpdatedDecoder.TEMPLATE_ID);
    }

    @Test
    void recommendationsCoverEveryNeededAgencyWithKEach()
    {
        final ConfigBuilder config = new ConfigBuilder();
        config.recommendationCount = 2;
        final DispatchDriver custom = new DispatchDriver(new DispatchService(config.build()));
        for (int i = 1; i <= 9; i++)
        {
            final Agency agency = i <= 3 ? Agency.POLICE : i <= 6 ? Agency.FIRE : Agency.AMBULANCE;
            custom.apply(availableUnit(i, agency, north(BASE_LAT, 100 * i), BASE_LON));
        }
        custom.apply(call(1, Agency.FIRE, BASE_LAT, BASE_LON));
        custom.apply(addAgency(custom.sequence, Agency.POLICE));

        // A move far away recommends again, for every needed agency: FIRE and POLICE, not AMBULANCE.
        custom.apply(TestEvents.aml(TestEvents.callerOf(1), north(BASE_LAT, 600), BASE_LON, 5));
        final List<byte[]> out = custom.outputs.subList(custom.outputs.size() - 6, custom.outputs.size());

        assertThat(Outputs.only(out, UnitRecommendedDecoder.TEMPLATE_ID)).extracting(o -> Outputs.recommended(o).unitId())
            .containsExactly(3L, 2L, 6L, 5L);
    }

    @Test
    void addAgencyAddsAndRecommends()
    {
        driver.applyAll(
            availableUnit(1, Agency.FIRE, north(BASE_LAT, 100), BASE_LON),
            availableUnit(2, Agency.AMBULANCE, north(BASE_LAT, 200), BASE_LON),
            call(1, Agency.FIRE, BASE_LAT, BASE_LON));

        final List<byte[]> out = driver.apply(addAgency(3, Agency.AMBULANCE));

        assertThat(out).extracting(Outputs::templateId).containsExactly(
            IncidentUpdatedDecoder.TEMPLATE_ID, UnitRecommendedDecoder.TEMPLATE_ID);
        final IncidentUpdatedDecoder updated = Outputs.updated(out.get(0));
        assertThat(updated.reason()).isEqualTo(UpdateReason.AGENCY_ADDED);
        assertThat(updated.agencies().aMBULANCE()).isTrue();
        assertThat(updated.agencies().fIRE()).isTrue();
        assertThat(Outputs.recommended(out.get(1)).unitId()).isEqualTo(2);

        // Adding it again changes nothing and recommends nothing.
        assertThat(driver.apply(addAgency(3, Agency.AMBULANCE))).extracting(Outputs::templateId)
            .containsExactly(IncidentUpdatedDecoder.TEMPLATE_ID);
    }

    @Test
    void addedAgencyRaisesPriority()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));
        assertThat(service.incident(1).priority()).isEqualTo((short)2);

        driver.apply(addAgency(1, Agency.FIRE));

        assertThat(service.incident(1).priority()).isEqualTo((short)1);
    }

    @Test
    void addAgencyRejects()
    {
        driver.apply(call(1, Agency.POLICE, BASE_LAT, BASE_LON));

        assertRejected(driver.apply(addAgency(5, Agency.FIRE)), 5, RejectReason.UNKNOWN_INCIDENT);
        assertRejected(driver.apply(addAgency(1, Agency.UNIFIED)), 1, RejectReason.INVALID_COMMAND);
        driver.apply(close(1, 1));
        assertRejected(driver.apply(addAgency(1, Agency.FIRE)), 1, RejectReason.INCIDENT_CLOSED);
    }

    private static void assertRejected(final List<byte[]> out, final long incidentId, final RejectReason reason)
    {
        assertThat(out).hasSize(1);
        assertThat(Outputs.rejected(out.get(0)).commandType()).isEqualTo(CommandType.ADD_AGENCY);
        assertThat(Outputs.rejected(out.get(0)).incidentId()).isEqualTo(incidentId);
        assertThat(Outputs.rejected(out.get(0)).reason()).isEqualTo(reason);
    }
}
