package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.close;
import static org.beacon.dispatch.TestEvents.dispatch;
import static org.beacon.dispatch.TestEvents.tick;
import static org.beacon.dispatch.TestEvents.unitStatus;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.IncidentRetiredDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.codecs.UnitType;
import org.junit.jupiter.api.Test;

/** Closed incidents and their calls leave the live state the configured retention after closing (issue 15, part 4). */
class RetentionTest
{
    private static final long RETENTION_NS = TimeUnit.MINUTES.toNanos(10);
    private static final DispatchConfig CONFIG = DispatchConfig.DEFAULT.withRetentionNs(RETENTION_NS);

    private final DispatchDriver driver = new DispatchDriver(new DispatchService(CONFIG));
    private final DispatchService service = driver.service;

    @Test
    void aClosedIncidentAndItsCallsLeaveTheLiveStateTheRetentionAfterClosing()
    {
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 40));
        driver.advanceSeconds(30);
        driver.apply(close(1, 77));
        final int withIt = driver.snapshot().length;

        driver.advanceNs(RETENTION_NS - TimeUnit.SECONDS.toNanos(1));
        driver.apply(tick(1));
        assertThat(service.incident(1)).as("within the retention").isNotNull();
        assertThat(service.call(1)).isNotNull();

        driver.advanceSeconds(2);
        final List<byte[]> retired = driver.apply(tick(2));
        assertThat(retired).extracting(Outputs::templateId).containsExactly(IncidentRetiredDecoder.TEMPLATE_ID);
        final IncidentRetiredDecoder decoder = new IncidentRetiredDecoder().wrapAndApplyHeader(
            new org.agrona.concurrent.UnsafeBuffer(retired.get(0)), 0, new org.beacon.codecs.MessageHeaderDecoder());
        assertThat(decoder.incidentId()).isEqualTo(1);
        assertThat(decoder.callCount()).isEqualTo(1);
        assertThat(service.incident(1)).as("past the retention").isNull();
        assertThat(service.call(1)).isNull();
        assertThat(service.incidentCount()).isZero();
        assertThat(driver.snapshot().length).isLessThan(withIt);

        final List<byte[]> out = driver.apply(close(1, 77));
        assertThat(out).extracting(Outputs::templateId).containsExactly(CommandRejectedDecoder.TEMPLATE_ID);
        assertThat(new CommandRejectedDecoder().wrapAndApplyHeader(new org.agrona.concurrent.UnsafeBuffer(out.get(0)), 0,
            new org.beacon.codecs.MessageHeaderDecoder()).reason()).isEqualTo(RejectReason.UNKNOWN_INCIDENT);
    }

    @Test
    void anOpenIncidentStaysHoweverOld()
    {
        driver.apply(call(1, Agency.POLICE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 40));
        driver.advanceNs(10 * RETENTION_NS);
        driver.apply(tick(1));

        assertThat(service.incident(1)).isNotNull();
    }

    @Test
    void aUnitStillCommittedToItKeepsItUntilTheUnitIsReleased()
    {
        driver.apply(availableUnit(5, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(call(1, Agency.FIRE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 40));
        driver.apply(dispatch(2, 5, 77));
        driver.apply(unitStatus(5, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.ON_SCENE, BASE_LAT, BASE_LON));
        driver.apply(close(2, 77));

        driver.advanceNs(RETENTION_NS + 1);
        driver.apply(tick(1));
        assertThat(service.incident(2)).as("its engine is still on scene").isNotNull();

        driver.apply(unitStatus(5, Agency.FIRE, UnitType.ENGINE, UnitStatusCode.AVAILABLE, BASE_LAT, BASE_LON));
        driver.apply(tick(2));
        assertThat(service.incident(2)).isNull();
    }

    @Test
    void aRestoredServiceRetiresAtTheSameMomentAsTheOneThatTookTheSnapshot()
    {
        driver.apply(call(1, Agency.AMBULANCE, LocationQuality.USABLE, BASE_LAT, BASE_LON, 40));
        driver.advanceSeconds(5);
        driver.apply(close(1, 77));
        driver.apply(call(3, Agency.AMBULANCE, LocationQuality.USABLE, BASE_LAT + 50_000, BASE_LON, 40));
        driver.advanceSeconds(60);
        driver.apply(close(3, 77));
        final DispatchDriver restored = new DispatchDriver(DispatchDriver.restored(driver.snapshot(), CONFIG));
        restored.sequence = driver.sequence;
        restored.nowNs = driver.nowNs;

        for (int minute = 1; minute <= 12; minute++)
        {
            driver.advanceSeconds(60);
            restored.advanceSeconds(60);
            final List<byte[]> expected = driver.apply(tick(minute));
            final List<byte[]> actual = restored.apply(tick(minute));
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++)
            {
                assertThat(actual.get(i)).isEqualTo(expected.get(i));
            }
            assertThat(restored.snapshot()).as("minute %d", minute).isEqualTo(driver.snapshot());
        }
        assertThat(service.incidentCount()).isZero();
    }
}
