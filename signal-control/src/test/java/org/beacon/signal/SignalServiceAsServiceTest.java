package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.core.OutputSink;
import org.beacon.core.service.Service;
import org.beacon.core.service.ServiceList;
import org.junit.jupiter.api.Test;

/**
 * Signal control as a service of a {@link ServiceList}: dispatch's {@code RouteAssigned} and {@code UnitStatusChanged}
 * handed over as outputs give exactly what the center's old calls gave (stopped units first, then routes, then the
 * event), with the incident's priority read from the lookup it was built with.
 */
class SignalServiceAsServiceTest
{
    /** What the scenario's route and stop steps become when dispatch's outputs carry them. */
    private static void applyAsOutputs(final SignalDriver driver, final SignalServiceDeterminismTest.Step step)
    {
        driver.nowNs = step.atNs();
        if (null != step.event())
        {
            driver.apply(step.event());
            return;
        }
        // an event signal control does nothing with itself, as the one dispatch acted on would be
        final byte[] neutral = SignalDriver.unitStatusChanged(step.unitId(), UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED);
        if (step.stop())
        {
            driver.applyAfter(neutral, SignalDriver.unitStatusChanged(step.unitId(), UnitStatusCode.EN_ROUTE,
                UnitStatusCode.ON_SCENE));
        }
        else
        {
            driver.applyAfter(neutral, SignalDriver.routeAssigned(step.unitId(), step.incidentId(), step.etaS(), step.edges()));
        }
    }

    @Test
    void dispatchOutputsGiveTheRecordedBytes() throws NoSuchAlgorithmException
    {
        final String actual = SignalServiceGoldenTest.digest(seed ->
        {
            // incident ids start again with each seed's scenario
            final Map<Long, Integer> priorities = new HashMap<>();
            for (final SignalServiceDeterminismTest.Step step : SignalServiceDeterminismTest.scenario(seed, SignalServiceGoldenTest.STEPS))
            {
                if (null == step.event() && !step.stop())
                {
                    assertThat(priorities.put(step.incidentId(), step.priority())).isIn(null, step.priority());
                }
            }
            return new SignalDriver(id -> priorities.getOrDefault(id, DispatchNotes.UNKNOWN_INCIDENT_PRIORITY));
        }, SignalServiceAsServiceTest::applyAsOutputs);
        assertThat(actual).isEqualTo(SignalServiceGoldenTest.GOLDEN);
    }

    @Test
    void stoppedUnitsGoFirstThenRoutesThenTheEvent()
    {
        final SignalDriver driver = new SignalDriver(id -> id == 77 ? 1 : 3);
        final byte[] tick = SignalDriver.tickEvent(1);
        // the route and then the stop of the same unit in one event: the stop ends the old wave, the route opens a new one
        final List<Object> outputs = driver.applyAfter(tick,
            SignalDriver.routeAssigned(1, 77, 60, TestStreets.EAST_ROUTE),
            SignalDriver.unitStatusChanged(1, UnitStatusCode.EN_ROUTE, UnitStatusCode.ON_SCENE),
            SignalDriver.unitStatusChanged(2, UnitStatusCode.AVAILABLE, UnitStatusCode.DISPATCHED),
            SignalDriver.routeAssigned(2, 78, 60, TestStreets.EAST_ROUTE));
        assertThat(driver.service.activeWaveCount()).isEqualTo(2);
        final List<SignalDriver.Planned> planned = SignalDriver.only(outputs, SignalDriver.Planned.class);
        assertThat(planned).extracting(SignalDriver.Planned::unitId).containsExactly(1L, 2L);
        assertThat(planned).extracting(SignalDriver.Planned::priority).containsExactly(1, 3);
        // a unit that stops later ends its wave; one still dispatched or en route keeps it
        driver.advance(1).applyAfter(SignalDriver.tickEvent(2),
            SignalDriver.unitStatusChanged(1, UnitStatusCode.EN_ROUTE, UnitStatusCode.AT_HOSPITAL),
            SignalDriver.unitStatusChanged(2, UnitStatusCode.DISPATCHED, UnitStatusCode.EN_ROUTE));
        assertThat(driver.service.activeWaveCount()).isEqualTo(1);
        assertThat(driver.service.waveState(2, 0)).isNotEqualTo(-1);
    }

    @Test
    void atMostSixtyFourRoutesAndStopsAnEvent()
    {
        final SignalDriver driver = new SignalDriver(id -> 2);
        final byte[][] routes = new byte[70][];
        for (int i = 0; i < routes.length; i++)
        {
            routes[i] = SignalDriver.routeAssigned(i + 1, 1000 + i, 60, TestStreets.EAST_ROUTE);
        }
        driver.applyAfter(SignalDriver.tickEvent(1), routes);
        assertThat(driver.service.activeWaveCount()).isEqualTo(DispatchNotes.MAX_PER_EVENT);
        // nothing noted is left over for the next event
        driver.advance(1).tick();
        assertThat(driver.service.activeWaveCount()).isEqualTo(DispatchNotes.MAX_PER_EVENT);
    }

    @Test
    void inAServiceListBehindDispatch()
    {
        final byte[] route = SignalDriver.routeAssigned(5, 55, 40, TestStreets.EAST_ROUTE);
        final SignalService signal = new SignalService(SignalConfig.DEFAULT, TestStreets.network(), null, id -> 2);
        assertThat(signal.sectionId()).isEqualTo(2);
        assertThat(signal.sectionVersion()).isEqualTo(1);
        final ServiceList list = new ServiceList(new FakeDispatch(route), signal);
        final List<Integer> templates = new ArrayList<>();
        final OutputSink sink = (buffer, offset, length) -> templates.add(
            new MessageHeaderDecoder().wrap(buffer, offset).templateId());
        final byte[] tick = SignalDriver.tickEvent(1);
        list.onEvent(1, SignalDriver.T0, new UnsafeBuffer(tick), 0, tick.length, sink);
        assertThat(templates).startsWith(org.beacon.codecs.RouteAssignedDecoder.TEMPLATE_ID,
            org.beacon.codecs.GreenWavePlannedDecoder.TEMPLATE_ID);
        assertThat(signal.activeWaveCount()).isEqualTo(1);

        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(1024);
        final int length = list.snapshot(snapshot, 0);
        final SignalService other = new SignalService(SignalConfig.DEFAULT, TestStreets.network(), null, id -> 2);
        final ServiceList restored = new ServiceList(new FakeDispatch(), other);
        restored.restore(snapshot, 0, length);
        assertThat(other.activeWaveCount()).isEqualTo(1);
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(1024);
        assertThat(restored.snapshot(again, 0)).isEqualTo(length);
        assertThat(again.byteArray()).startsWith(java.util.Arrays.copyOf(snapshot.byteArray(), length));

        restored.reset();
        assertThat(other.activeWaveCount()).isZero();
        final ExpandableArrayBuffer fresh = new ExpandableArrayBuffer(1024);
        final int freshLength = new SignalService(SignalConfig.DEFAULT, TestStreets.network(), null).snapshot(fresh, 0);
        final ExpandableArrayBuffer afterReset = new ExpandableArrayBuffer(1024);
        assertThat(other.snapshot(afterReset, 0)).isEqualTo(freshLength);
        assertThat(java.util.Arrays.copyOf(afterReset.byteArray(), freshLength))
            .isEqualTo(java.util.Arrays.copyOf(fresh.byteArray(), freshLength));
    }

    /** Emits the given outputs on every event, as dispatch would. */
    private static final class FakeDispatch implements Service
    {
        private final byte[][] outputs;

        FakeDispatch(final byte[]... outputs)
        {
            this.outputs = outputs;
        }

        @Override
        public int sectionId()
        {
            return 1;
        }

        @Override
        public int sectionVersion()
        {
            return 1;
        }

        @Override
        public void reset()
        {
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink sink)
        {
            for (final byte[] output : outputs)
            {
                sink.emit(new UnsafeBuffer(output), 0, output.length);
            }
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            return 0;
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }
}
