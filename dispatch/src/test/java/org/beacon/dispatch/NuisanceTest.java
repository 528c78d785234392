package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.TestEvents.BASE_LAT;
import static org.beacon.dispatch.TestEvents.BASE_LON;
import static org.beacon.dispatch.TestEvents.availableUnit;
import static org.beacon.dispatch.TestEvents.call;
import static org.beacon.dispatch.TestEvents.clearNuisance;
import static org.beacon.dispatch.TestEvents.north;
import static org.beacon.dispatch.TestEvents.tick;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.RejectReason;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.junit.jupiter.api.Test;

/**
 * Repeated calls from one number are flagged, never dropped.
 */
class NuisanceTest
{
    private static final String CALLER = "tel:+84987654321";

    private DispatchDriver driver = new DispatchDriver();
    private DispatchService service = driver.service;

    @Test
    void thirdCallWithinTenMinutesIsFlaggedButStillServed()
    {
        driver.apply(availableUnit(1, Agency.AMBULANCE, north(BASE_LAT, 500), BASE_LON));
        assertThat(lastCallUpdate(driver.apply(callFrom(1, 0))).nuisance()).isZero();
        driver.advanceSeconds(4 * 60);
        assertThat(lastCallUpdate(driver.apply(callFrom(2, 5_000))).recentCallsFromCaller()).isEqualTo(2);
        driver.advanceSeconds(5 * 60);

        final List<byte[]> out = driver.apply(callFrom(3, 10_000));

        final IncidentOpenedDecoder opened = Outputs.opened(out.get(0));
        assertThat(opened.callId()).isEqualTo(3);
        assertThat(Outputs.only(out, UnitRecommendedDecoder.TEMPLATE_ID)).hasSize(1);
        final CallUpdatedDecoder callUpdated = lastCallUpdate(out);
        assertThat(callUpdated.nuisance()).isEqualTo((short)1);
        assertThat(callUpdated.recentCallsFromCaller()).isEqualTo(3);
        assertThat(service.incident(opened.incidentId()).nuisance()).isTrue();
        assertThat(service.call(1).nuisance()).isFalse();
    }

    @Test
    void flaggedCallMarksTheIncidentItJoins()
    {
        driver.apply(call(100, Agency.FIRE, BASE_LAT, BASE_LON));
        driver.apply(callFrom(1, 5_000));
        driver.apply(callFrom(2, 10_000));

        final List<byte[]> out = driver.apply(callFrom(3, 0));

        assertThat(Outputs.updated(out.get(0)).incidentId()).isEqualTo(1);
        assertThat(Outputs.updated(out.get(0)).nuisance()).isEqualTo((short)1);
    }

    @Test
    void callsSpreadOverMoreThanTheWindowAreNotFlagged()
    {
        driver.apply(callFrom(1, 0));
        driver.advanceSeconds(6 * 60);
        driver.apply(callFrom(2, 5_000));
        driver.advanceSeconds(5 * 60);

        final CallUpdatedDecoder third = lastCallUpdate(driver.apply(callFrom(3, 10_000)));

        assertThat(third.nuisance()).isZero();
        assertThat(third.recentCallsFromCaller()).isEqualTo(2);
    }

    @Test
    void thresholdAndWindowAreConfigurable()
    {
        final ConfigBuilder config = new ConfigBuilder();
        config.nuisanceCallThreshold = 2;
        config.nuisanceWindowNs = TimeUnit.MINUTES.toNanos(1);
        driver = new DispatchDriver(new DispatchService(config.build()));
        driver.apply(callFrom(1, 0));
        driver.advanceSeconds(30);

        assertThat(lastCallUpdate(driver.apply(callFrom(2, 5_000))).nuisance()).isEqualTo((short)1);
        driver.advanceSeconds(61);
        assertThat(lastCallUpdate(driver.apply(callFrom(3, 10_000))).nuisance()).isZero();
    }

    @Test
    void clearNuisanceClearsTheCallAndRestartsTheCount()
    {
        driver.apply(callFrom(1, 0));
        driver.apply(callFrom(2, 0));
        driver.apply(callFrom(3, 0));
        assertThat(service.incident(1).nuisance()).isTrue();

        final List<byte[]> out = driver.apply(clearNuisance(3));

        assertThat(out).extracting(Outputs::templateId).containsExactly(CallUpdatedDecoder.TEMPLATE_ID);
        assertThat(Outputs.callUpdated(out.get(0)).nuisance()).isZero();
        assertThat(service.call(3).nuisance()).isFalse();
        assertThat(service.incident(1).nuisance()).isFalse();

        driver.advanceSeconds(1);
        assertThat(lastCallUpdate(driver.apply(callFrom(4, 0))).nuisance()).isZero();
        assertThat(lastCallUpdate(driver.apply(callFrom(5, 0))).nuisance()).isZero();
        assertThat(lastCallUpdate(driver.apply(callFrom(6, 0))).nuisance()).isEqualTo((short)1);
    }

    @Test
    void clearNuisanceOfUnknownCallIsRejected()
    {
        final List<byte[]> out = driver.apply(clearNuisance(8));

        assertThat(Outputs.rejected(out.get(0)).commandType()).isEqualTo(CommandType.CLEAR_NUISANCE);
        assertThat(Outputs.rejected(out.get(0)).reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
    }

    @Test
    void callerHistoryIsEvictedByEventTimeOnTick()
    {
        driver.apply(callFrom(1, 0));
        driver.apply(call(2, Agency.POLICE, BASE_LAT, BASE_LON));
        assertThat(service.callerHistoryCount()).isEqualTo(2);
        driver.advanceSeconds(30 * 60);
        driver.apply(callFrom(3, 0));

        driver.advanceNs(DispatchConfig.DEFAULT.callerRetentionNs() - TimeUnit.MINUTES.toNanos(30) + 1);
        driver.apply(tick(1));

        assertThat(service.callerHistoryCount()).isEqualTo(1);
        driver.advanceNs(TimeUnit.MINUTES.toNanos(30));
        driver.apply(tick(2));
        assertThat(service.callerHistoryCount()).isZero();
        assertThat(service.callCount()).isEqualTo(3);
    }

    private byte[] callFrom(final long callId, final double metresNorth)
    {
        return call(callId, Agency.AMBULANCE, LocationQuality.USABLE, north(BASE_LAT, metresNorth), BASE_LON, 10, CALLER);
    }

    private static CallUpdatedDecoder lastCallUpdate(final List<byte[]> out)
    {
        return Outputs.callUpdated(out.get(out.size() - 1));
    }
}
