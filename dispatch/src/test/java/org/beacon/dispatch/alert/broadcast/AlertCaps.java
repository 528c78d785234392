package org.beacon.dispatch.alert.broadcast;

import java.time.Instant;
import java.util.List;

import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapArea;
import org.beacon.dispatch.alert.cap.CapCategory;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapCircle;
import org.beacon.dispatch.alert.cap.CapInfo;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapResponseType;
import org.beacon.dispatch.alert.cap.CapScope;
import org.beacon.dispatch.alert.cap.CapSeverity;
import org.beacon.dispatch.alert.cap.CapStatus;
import org.beacon.dispatch.alert.cap.CapUrgency;

/**
 * CAP messages shaped like the ones AlertIssued carries: vi-VN and en-US Evacuate over the inner circle, then vi-VN
 * and en-US Avoid over the outer circle; a Cancel with vi-VN and en-US AllClear over the outer circle.
 */
final class AlertCaps
{
    static final String SENDER = "112@hcmc.gov.vn";
    static final Instant SENT = Instant.parse("2024-01-31T10:17:48Z");
    static final String EVACUATE_VI = "Cháy lớn tại Phường Bến Nghé — sơ tán ngay";
    static final String EVACUATE_EN = "Major fire in Ben Nghe ward — evacuate now";

    private AlertCaps()
    {
    }

    static String identifier(final long alertId, final int n)
    {
        return "VN-HCM-112-" + alertId + "-" + n;
    }

    static CapAlert alert(
        final long alertId, final int n, final CapMsgType msgType, final List<CapReference> references, final double lat, final double lon,
        final double innerKm, final double outerKm, final CapCertainty certainty)
    {
        final CapArea inner = CapArea.circle("Khu vực sơ tán / evacuation zone", new CapCircle(lat, lon, innerKm));
        final CapArea outer = CapArea.circle("Khu vực cần tránh / area to avoid", new CapCircle(lat, lon, outerKm));
        final CapAlert.Builder alert = CapAlert.builder(identifier(alertId, n), SENDER, SENT.plusSeconds(n), CapStatus.ACTUAL, msgType,
            CapScope.PUBLIC)
            .info(info("vi-VN", "Cháy nhà", CapResponseType.EVACUATE, CapSeverity.EXTREME, certainty, EVACUATE_VI,
                "Rời khỏi khu vực ngay, đi theo hướng dẫn của lực lượng chức năng.", inner))
            .info(info("en-US", "Building fire", CapResponseType.EVACUATE, CapSeverity.EXTREME, certainty, EVACUATE_EN,
                "Leave the area now and follow the responders' directions.", inner))
            .info(info("vi-VN", "Cháy nhà", CapResponseType.AVOID, CapSeverity.SEVERE, certainty, "Cháy lớn gần đây — tránh khu vực",
                "Không đi vào khu vực; đóng cửa sổ.", outer))
            .info(info("en-US", "Building fire", CapResponseType.AVOID, CapSeverity.SEVERE, certainty, "Major fire nearby — avoid the area",
                "Keep out of the area; close your windows.", outer));
        references.forEach(alert::reference);
        return alert.build();
    }

    static CapAlert cancel(
        final long alertId, final int n, final List<CapReference> references, final double lat, final double lon, final double outerKm)
    {
        final CapArea outer = CapArea.circle("Khu vực cần tránh / area to avoid", new CapCircle(lat, lon, outerKm));
        final CapAlert.Builder alert = CapAlert.builder(identifier(alertId, n), SENDER, SENT.plusSeconds(n), CapStatus.ACTUAL,
            CapMsgType.CANCEL, CapScope.PUBLIC)
            .info(CapInfo.builder(CapCategory.FIRE, "Cháy nhà", CapUrgency.PAST, CapSeverity.MINOR, CapCertainty.OBSERVED)
                .language("vi-VN").responseType(CapResponseType.ALL_CLEAR).headline("Đã an toàn").area(outer).build())
            .info(CapInfo.builder(CapCategory.FIRE, "Building fire", CapUrgency.PAST, CapSeverity.MINOR, CapCertainty.OBSERVED)
                .language("en-US").responseType(CapResponseType.ALL_CLEAR).headline("All clear").area(outer).build());
        references.forEach(alert::reference);
        return alert.build();
    }

    private static CapInfo info(
        final String language, final String event, final CapResponseType responseType, final CapSeverity severity,
        final CapCertainty certainty, final String headline, final String instruction, final CapArea area)
    {
        return CapInfo.builder(CapCategory.FIRE, event, CapUrgency.IMMEDIATE, severity, certainty)
            .language(language)
            .responseType(responseType)
            .senderName("Trung tâm 112 TP. Hồ Chí Minh")
            .headline(headline)
            .instruction(instruction)
            .area(area)
            .build();
    }
}
