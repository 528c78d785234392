package org.beacon.dispatch.alert.cap;

import java.time.Instant;
import java.util.List;

/**
 * Alerts used by the tests: a fire in District 1 of Ho Chi Minh City, evacuate inside, avoid nearby.
 */
final class CapSamples
{
    static final Instant SENT = Instant.parse("2024-01-31T10:17:48Z");
    static final String SENDER = "112@hcmc.gov.vn";
    static final String HEADLINE_VI = "Cháy lớn tại Phường Bến Nghé — sơ tán ngay";
    static final String DESCRIPTION_VI = "Đám cháy ở tòa nhà số 12 đường Nguyễn Huệ, Quận 1. Khói dày đặc; tránh khu vực.";

    /** Quận 1, around Nguyễn Huệ: a closed four-corner ring (five points). */
    static final List<double[]> BLOCK = List.of(
        new double[] {10.7740, 106.7010},
        new double[] {10.7740, 106.7050},
        new double[] {10.7700, 106.7050},
        new double[] {10.7700, 106.7010},
        new double[] {10.7740, 106.7010});

    private CapSamples()
    {
    }

    static CapAlert alert()
    {
        return alertWith("BCN-2024-000123", CapMsgType.ALERT, List.of(), List.of(
            CapArea.polygon("Khu vực sơ tán / evacuation zone", BLOCK),
            CapArea.circle("Khu vực cần tránh / area to avoid", new CapCircle(10.7720, 106.7030, 1.5))));
    }

    static CapAlert withAreas(final CapArea... areas)
    {
        return alertWith("BCN-2024-000124", CapMsgType.ALERT, List.of(), List.of(areas));
    }

    static CapAlert alertWith(
        final String identifier, final CapMsgType msgType, final List<CapReference> references, final List<CapArea> areas)
    {
        final CapInfo.Builder vi = CapInfo.builder(
                CapCategory.FIRE, "Cháy nhà", CapUrgency.IMMEDIATE, CapSeverity.SEVERE, CapCertainty.OBSERVED)
            .language("vi-VN")
            .category(CapCategory.RESCUE)
            .responseType(CapResponseType.EVACUATE)
            .responseType(CapResponseType.AVOID)
            .eventCode("BEACON", "FIRE-BUILDING")
            .expires(SENT.plusSeconds(3 * 3600))
            .senderName("Trung tâm 112 TP. Hồ Chí Minh")
            .headline(HEADLINE_VI)
            .description(DESCRIPTION_VI)
            .instruction("Rời khỏi tòa nhà bằng cầu thang bộ, không dùng thang máy.")
            .web("https://112.hcmc.gov.vn/alerts/BCN-2024-000123")
            .contact("112")
            .parameter("incidentId", "INC-42");
        final CapInfo.Builder en = CapInfo.builder(
                CapCategory.FIRE, "Building fire", CapUrgency.IMMEDIATE, CapSeverity.SEVERE, CapCertainty.OBSERVED)
            .language("en-US")
            .category(CapCategory.RESCUE)
            .responseType(CapResponseType.EVACUATE)
            .responseType(CapResponseType.AVOID)
            .eventCode("BEACON", "FIRE-BUILDING")
            .expires(SENT.plusSeconds(3 * 3600))
            .senderName("Ho Chi Minh City 112 Center")
            .headline("Major fire in Ben Nghe ward — evacuate now")
            .description("Fire at 12 Nguyen Hue street, District 1. Thick smoke; avoid the area.")
            .instruction("Leave the building by the stairs; do not use lifts.")
            .contact("112")
            .resource(new CapResource("map of the zones", "image/png", 20_480L, "https://112.hcmc.gov.vn/maps/INC-42.png", null, null));
        for (final CapArea area : areas)
        {
            vi.area(area);
            en.area(area);
        }
        final CapAlert.Builder alert = CapAlert.builder(identifier, SENDER, SENT, CapStatus.ACTUAL, msgType, CapScope.PUBLIC)
            .source("dispatcher-07")
            .incidents("INC-42")
            .info(vi.build())
            .info(en.build());
        references.forEach(alert::reference);
        return alert.build();
    }
}
