package org.beacon.dispatch.alert.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapSeverity;
import org.beacon.dispatch.alert.cap.CapStatus;
import org.beacon.dispatch.alert.cap.CapUrgency;
import org.junit.jupiter.api.Test;

class CellBroadcastCentreTest
{
    static final CellNetwork NETWORK = CellNetworkTest.NETWORK;
    static final double LAT = NETWORK.plane().originLat();
    static final double LON = NETWORK.plane().originLon();

    private final CellBroadcastCentre cbc = new CellBroadcastCentre(NETWORK);

    private static int[] ids(final Broadcast broadcast)
    {
        return broadcast.messages().stream().mapToInt(CbsMessage::messageId).toArray();
    }

    @Test
    void anAlertGoesOutOnEuAlertChannelsWithTheEnglishOnTheAdditionalLanguageTwins()
    {
        final Broadcast observed = cbc.broadcast(1, AlertCaps.alert(1, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7,
            CapCertainty.OBSERVED));
        final Broadcast likely = cbc.broadcast(2, AlertCaps.alert(2, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7,
            CapCertainty.LIKELY));

        assertThat(observed.outcome()).isEqualTo(BroadcastOutcome.BROADCAST);
        assertThat(ids(observed)).containsExactly(4371, 4384, 4375, 4388);
        assertThat(observed.messageIdInner()).isEqualTo(4371);
        assertThat(observed.messageIdOuter()).isEqualTo(4375);
        assertThat(ids(likely)).containsExactly(4372, 4385, 4376, 4389);
        assertThat(observed.messages()).extracting(CbsMessage::zone)
            .containsExactly(AlertZone.INNER, AlertZone.INNER, AlertZone.OUTER, AlertZone.OUTER);
        assertThat(observed.messages()).extracting(CbsMessage::language).containsExactly("vi-VN", "en-US", "vi-VN", "en-US");
    }

    @Test
    void theTableOfLevelsFollowsTs23041()
    {
        assertThat(EuAlertMessageIds.forLevel(CapStatus.ACTUAL, CapSeverity.EXTREME, CapUrgency.EXPECTED, CapCertainty.OBSERVED, false))
            .isEqualTo(4373);
        assertThat(EuAlertMessageIds.forLevel(CapStatus.ACTUAL, CapSeverity.SEVERE, CapUrgency.FUTURE, CapCertainty.POSSIBLE, true))
            .isEqualTo(4391);
        assertThat(EuAlertMessageIds.forLevel(CapStatus.ACTUAL, CapSeverity.MODERATE, CapUrgency.IMMEDIATE, CapCertainty.OBSERVED, false))
            .isEqualTo(4396);
        assertThat(EuAlertMessageIds.forLevel(CapStatus.EXERCISE, CapSeverity.EXTREME, CapUrgency.IMMEDIATE, CapCertainty.OBSERVED, true))
            .isEqualTo(4394);
        assertThat(EuAlertMessageIds.forLevel(CapStatus.TEST, CapSeverity.EXTREME, CapUrgency.IMMEDIATE, CapCertainty.OBSERVED, false))
            .isEqualTo(4380);
    }

    @Test
    void innerCellsCoverTheInnerZoneAndOuterCellsTheRestOfTheOuterArea()
    {
        final CapAlert alert = AlertCaps.alert(1, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.OBSERVED);
        final Broadcast broadcast = cbc.broadcast(1, alert);

        final BroadcastArea inner = BroadcastArea.circle(0, 0, 200);
        final BroadcastArea outer = BroadcastArea.circle(0, 0, 700);
        assertThat(broadcast.innerCells()).containsExactly(NETWORK.cellsIntersecting(inner.selectionGeometry()));
        final int[] all = IntStream.concat(Arrays.stream(broadcast.innerCells()), Arrays.stream(broadcast.outerCells())).sorted().toArray();
        assertThat(all).containsExactly(NETWORK.cellsIntersecting(outer.selectionGeometry()));
        assertThat(broadcast.outerCells()).doesNotContain(broadcast.innerCells());
        assertThat(broadcast.messages().get(0).cells()).containsExactly(broadcast.innerCells());
        assertThat(broadcast.messages().get(2).cells()).containsExactly(all);
    }

    @Test
    void anUpdateKeepsTheMessageCodeAndIncrementsTheUpdateNumberThenACancelKillsAndClears()
    {
        final CapAlert alert = AlertCaps.alert(7, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.LIKELY);
        final CapAlert update = AlertCaps.alert(7, 2, CapMsgType.UPDATE, List.of(CapReference.to(alert)), LAT, LON, 0.3, 0.9,
            CapCertainty.OBSERVED);
        final CapAlert cancel = AlertCaps.cancel(7, 3, List.of(CapReference.to(alert), CapReference.to(update)), LAT, LON, 0.9);
        cbc.broadcast(3, AlertCaps.alert(3, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.OBSERVED));

        final Broadcast first = cbc.broadcast(7, alert);
        final Broadcast second = cbc.broadcast(7, update);
        final Broadcast third = cbc.broadcast(7, cancel);

        assertThat(SerialNumber.scope(first.serialNumber())).isEqualTo(SerialNumber.SCOPE_CELL_IMMEDIATE);
        assertThat(SerialNumber.messageCode(first.serialNumber())).isEqualTo(2);
        assertThat(SerialNumber.updateNumber(first.serialNumber())).isZero();
        assertThat(SerialNumber.messageCode(second.serialNumber())).isEqualTo(2);
        assertThat(SerialNumber.updateNumber(second.serialNumber())).isEqualTo(1);
        assertThat(second.messages()).allSatisfy(m -> assertThat(m.serialNumber()).isEqualTo(second.serialNumber()));
        assertThat(ids(second)).containsExactly(4371, 4384, 4375, 4388);

        assertThat(third.outcome()).isEqualTo(BroadcastOutcome.CANCELLED);
        assertThat(SerialNumber.messageCode(third.serialNumber())).isEqualTo(2);
        assertThat(SerialNumber.updateNumber(third.serialNumber())).isEqualTo(2);
        // the all-clear goes out on the channels handsets show the alert on, both languages, over the outer area
        assertThat(ids(third)).containsExactly(4371, 4375, 4384, 4388);
        assertThat(third.messages()).allSatisfy(m -> assertThat(m.level()).isEqualTo(MessageLevel.ALL_CLEAR));
        assertThat(third.innerCells()).isEmpty();
        assertThat(third.outerCells()).containsExactly(NETWORK.cellsIntersecting(BroadcastArea.circle(0, 0, 900).selectionGeometry()));
        assertThat(third.detail()).startsWith("killed in ");
        assertThat(cbc.isActive(7)).isFalse();
        assertThat(cbc.isActive(3)).isTrue();
        assertThat(SerialNumber.of(SerialNumber.SCOPE_CELL_IMMEDIATE, 2, 1)).isEqualTo(0x0021);
    }

    @Test
    void theUpdateNumberWrapsAfterFifteen()
    {
        final CapAlert alert = AlertCaps.alert(9, 1, CapMsgType.ALERT, List.of(), LAT, LON, 0.2, 0.7, CapCertainty.OBSERVED);
        Broadcast last = cbc.broadcast(9, alert);
        for (int n = 2; n <= 17; n++)
        {
            last = cbc.broadcast(9, AlertCaps.alert(9, n, CapMsgType.UPDATE, List.of(CapReference.to(alert)), LAT, LON, 0.2, 0.7,
                CapCertainty.OBSERVED));
        }
        assertThat(SerialNumber.updateNumber(last.serialNumber())).isZero();
        assertThat(SerialNumber.messageCode(last.serialNumber())).isEqualTo(1);
    }

    @Test
    void anAreaNoCellCoversIsReportedNoCells()
    {
        final Broadcast broadcast = cbc.broadcast(4, AlertCaps.alert(4, 1, CapMsgType.ALERT, List.of(), 11.5, 107.5, 0.2, 0.7,
            CapCertainty.OBSERVED));

        assertThat(broadcast.outcome()).isEqualTo(BroadcastOutcome.NO_CELLS);
        assertThat(broadcast.detail()).isEqualTo("no cell covers the alert's area");
        assertThat(broadcast.messages()).isEmpty();
        assertThat(cbc.isActive(4)).isFalse();
    }
}
