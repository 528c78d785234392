package org.beacon.dispatch.alert.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReference;
import org.junit.jupiter.api.Test;

class HandsetDisplayTest
{
    private static final CellNetwork NETWORK = CellNetworkTest.NETWORK;
    private static final double LAT = NETWORK.plane().originLat();
    private static final double LON = NETWORK.plane().originLon();
    private static final double NO_LOCATION = Double.NaN;

    private static final int INSIDE = 0;
    private static final int INSIDE_ENGLISH = 1;
    private static final int RING = 2;
    private static final int FAR_LOCATED = 3;
    private static final int FAR_NO_LOCATION = 4;
    private static final int JUST_OUTSIDE_INNER = 5;
    private static final int COARSE_FIX = 6;

    private final CellBroadcastCentre cbc = new CellBroadcastCentre(NETWORK);
    private final CapAlert alert = AlertCaps.alert(5, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.OBSERVED);
    private final Broadcast broadcast = cbc.broadcast(5, alert);
    private final Handsets handsets = population();

    private Handsets population()
    {
        final int[] all = IntStream.concat(Arrays.stream(broadcast.innerCells()), Arrays.stream(broadcast.outerCells())).toArray();
        double[] far = null;
        for (int degrees = 0; degrees < 360 && null == far; degrees += 5)
        {
            final double x = 1_000 * StrictMath.sin(StrictMath.toRadians(degrees));
            final double y = 1_000 * StrictMath.cos(StrictMath.toRadians(degrees));
            final int cell = NETWORK.servingCell(x, y);
            if (Arrays.stream(all).anyMatch(c -> c == cell))
            {
                far = new double[] {x, y};
            }
        }
        assertThat(far).as("a point 1 km out whose cell broadcasts the alert").isNotNull();
        final List<Handsets.Handset> list = new ArrayList<>();
        list.add(new Handsets.Handset(50, 0, 10, 50, 0, Handsets.VIETNAMESE));
        list.add(new Handsets.Handset(50, 10, 5, 52, 10, Handsets.ENGLISH));
        list.add(new Handsets.Handset(400, 0, 10, 405, 0, Handsets.VIETNAMESE));
        list.add(new Handsets.Handset(far[0], far[1], 10, far[0], far[1], Handsets.VIETNAMESE));
        list.add(new Handsets.Handset(far[0], far[1], NO_LOCATION, far[0], far[1], Handsets.VIETNAMESE));
        list.add(new Handsets.Handset(230, 0, 10, 230, 0, Handsets.VIETNAMESE));
        list.add(new Handsets.Handset(0, 0, 500, 450, 0, Handsets.VIETNAMESE));
        return new Handsets(NETWORK, list);
    }

    @Test
    void geofencedHandsetsShowTheMostSevereMessageWhoseAreaHoldsThem()
    {
        final HandsetDisplay display = new HandsetDisplay(handsets, HandsetDisplay.Policy.GEOFENCED);

        final HandsetDisplay.Delivery delivery = display.deliver(broadcast);

        assertThat(delivery.receivers()).isEqualTo(handsets.size());
        // inside the inner zone both messages pass the geofence: Evacuate beats Avoid
        assertThat(delivery.evacuate()).containsExactly(INSIDE, INSIDE_ENGLISH, JUST_OUTSIDE_INNER, COARSE_FIX);
        assertThat(delivery.avoid()).containsExactly(RING, FAR_NO_LOCATION);
        assertThat(display.shown(INSIDE, 5).messageId()).isEqualTo(4371);
        assertThat(display.shown(INSIDE, 5).pages().decode()).startsWith(AlertCaps.EVACUATE_VI);
        assertThat(display.shown(INSIDE_ENGLISH, 5).messageId()).isEqualTo(4384);
        assertThat(display.shown(INSIDE_ENGLISH, 5).pages().decode()).startsWith(AlertCaps.EVACUATE_EN);
        // located and a kilometre out: its cell broadcasts the alert, its geofence keeps it quiet
        assertThat(display.shown(FAR_LOCATED, 5)).isNull();
    }

    @Test
    void cellOnlyHandsetsShowWhateverTheirCellBroadcasts()
    {
        final HandsetDisplay display = new HandsetDisplay(handsets, HandsetDisplay.Policy.CELL_ONLY);

        final HandsetDisplay.Delivery delivery = display.deliver(broadcast);

        assertThat(delivery.showing()).isEqualTo(handsets.size());
        assertThat(display.shown(FAR_LOCATED, 5)).isNotNull();
        assertThat(display.shown(FAR_LOCATED, 5).level()).isEqualTo(display.shown(FAR_NO_LOCATION, 5).level());
    }

    @Test
    void anUpdateReplacesAndACancelClears()
    {
        final HandsetDisplay display = new HandsetDisplay(handsets, HandsetDisplay.Policy.GEOFENCED);
        display.deliver(broadcast);
        final CapAlert update = AlertCaps.alert(5, 2, CapMsgType.UPDATE, List.of(CapReference.to(alert)), LAT, LON, 0.1, 0.7,
            CapCertainty.OBSERVED);

        final HandsetDisplay.Delivery updated = display.deliver(cbc.broadcast(5, update));

        assertThat(updated.evacuate()).containsExactly(INSIDE, INSIDE_ENGLISH, COARSE_FIX);
        assertThat(updated.avoid()).contains(JUST_OUTSIDE_INNER, RING);
        assertThat(SerialNumber.updateNumber(display.shown(INSIDE, 5).serialNumber())).isEqualTo(1);

        final HandsetDisplay.Delivery cancelled = display.deliver(cbc.broadcast(5,
            AlertCaps.cancel(5, 3, List.of(CapReference.to(alert), CapReference.to(update)), LAT, LON, 0.7)));

        assertThat(cancelled.allClear()).contains(INSIDE, INSIDE_ENGLISH, RING, FAR_NO_LOCATION).doesNotContain(FAR_LOCATED);
        assertThat(cancelled.evacuate()).isEmpty();
        assertThat(display.shown(INSIDE, 5)).isNull();
        assertThat(display.shown(RING, 5)).isNull();
    }

    @Test
    void theSimulatedPopulationIsSeededAndCampedOnCoveringCells()
    {
        final Handsets a = Handsets.simulated(NETWORK, 5_000, 3);
        final Handsets b = Handsets.simulated(NETWORK, 5_000, 3);

        assertThat(a.size()).isEqualTo(5_000);
        long located = 0;
        for (int i = 0; i < a.size(); i++)
        {
            assertThat(a.handset(i)).isEqualTo(b.handset(i));
            assertThat(a.servingCell(i)).isPositive();
            located += a.handset(i).located() ? 1 : 0;
            final Handsets.Handset h = a.handset(i);
            if (h.located())
            {
                assertThat(StrictMath.hypot(h.estimateX() - h.x(), h.estimateY() - h.y())).isLessThanOrEqualTo(h.accuracyM());
            }
        }
        assertThat(located / 5_000.0).isBetween(0.87, 0.93);
    }
}
