package org.beacon.dispatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.beacon.codecs.Hazard;
import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapCategory;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapInfo;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReference;
import org.beacon.dispatch.alert.cap.CapResponseType;
import org.beacon.dispatch.alert.cap.CapScope;
import org.beacon.dispatch.alert.cap.CapSeverity;
import org.beacon.dispatch.alert.cap.CapUrgency;

/**
 * Writes the CAP 1.2 message of an area alert. An Alert or Update holds four info blocks in a fixed order: evacuate in
 * Vietnamese and English (responseType Evacuate, severity Extreme, area the inner zone), then avoid in Vietnamese and
 * English (responseType Avoid, severity Severe, area the whole area, inner zone and ring). A Cancel holds an all-clear
 * in both languages over the whole area. Urgency is Immediate; certainty Observed, Likely for a crowd seen by a camera.
 * Every text comes from the alert's events and this class, so a replay writes the same bytes.
 */
public final class AlertCap
{
    /** Kind of message. */
    public enum Kind
    {
        /** The first message of an alert. */
        ALERT,
        /** A change (area, renewal) of an alert that is out. */
        UPDATE,
        /** The end of an alert. */
        CANCEL
    }

    /**
     * What a message is about.
     *
     * @param alertId       the alert.
     * @param messageNumber 1 for the first message, then one more for each.
     * @param incidentId    its incident, or 0.
     * @param candidateId   its camera candidate, or 0.
     * @param hazard        the hazard.
     * @param area          the area.
     * @param sentNs        the CAP sent time, epoch nanoseconds.
     * @param expiresNs     the CAP expiry, epoch nanoseconds.
     * @param references    the alert's earlier messages.
     * @param note          CAP {@code <note>}, or {@code null}.
     */
    public record Message(long alertId, int messageNumber, long incidentId, long candidateId, Hazard hazard, AlertArea area,
        long sentNs, long expiresNs, List<CapReference> references, String note)
    {
    }

    private AlertCap()
    {
    }

    /**
     * The CAP identifier of an alert's message.
     *
     * @param config        the configuration (identifier prefix).
     * @param alertId       the alert.
     * @param messageNumber 1, 2, ...
     * @return e.g. {@code VN-HCM-112-1042-2}.
     */
    public static String identifier(final AlertConfig config, final long alertId, final int messageNumber)
    {
        return config.identifierPrefix() + "-" + alertId + "-" + messageNumber;
    }

    /**
     * Builds a message.
     *
     * @param config  sender, status.
     * @param kind    Alert, Update or Cancel.
     * @param message its content.
     * @return the CAP alert.
     */
    public static CapAlert build(final AlertConfig config, final Kind kind, final Message message)
    {
        final Instant sent = instant(message.sentNs());
        final Instant expires = instant(message.expiresNs());
        final CapAlert.Builder alert = CapAlert.builder(identifier(config, message.alertId(), message.messageNumber()), config.sender(),
                sent, config.status(), kind == Kind.ALERT ? CapMsgType.ALERT : kind == Kind.UPDATE ? CapMsgType.UPDATE : CapMsgType.CANCEL,
                CapScope.PUBLIC)
            .source("Beacon")
            .incidents(message.incidentId() > 0 ? "INC-" + message.incidentId() : "CAND-" + message.candidateId());
        if (null != message.note())
        {
            alert.note(message.note());
        }
        for (final CapReference reference : message.references())
        {
            alert.reference(reference);
        }
        final Texts t = Texts.of(message.hazard());
        final AlertArea area = message.area();
        final String place = place(area);
        final CapCertainty certainty = message.hazard() == Hazard.CROWD ? CapCertainty.LIKELY : CapCertainty.OBSERVED;
        final String ref = message.incidentId() > 0 ? "112-" + message.incidentId() : "camera-" + message.candidateId();
        if (kind == Kind.CANCEL)
        {
            alert.info(info(message, t, "vi-VN", t.eventVi, CapResponseType.ALL_CLEAR, CapUrgency.PAST, CapSeverity.MINOR, certainty,
                expires, config.senderName(), "Hết cảnh báo: " + t.eventVi,
                "Cảnh báo " + t.eventVi.toLowerCase(Locale.ROOT) + " tại " + place + " đã kết thúc (" + ref + ").",
                "Cảnh báo đã được hủy. Tiếp tục làm theo hướng dẫn của lực lượng chức năng.",
                area.outerCap("Khu vực cảnh báo: bán kính " + area.outerRadiusM() + " m quanh " + place)));
            alert.info(info(message, t, "en-US", t.eventEn, CapResponseType.ALL_CLEAR, CapUrgency.PAST, CapSeverity.MINOR, certainty,
                expires, config.senderName() + " (Ho Chi Minh City 112 Center)",
                "All clear: " + t.eventEn.toLowerCase(Locale.ROOT),
                "The " + t.eventEn.toLowerCase(Locale.ROOT) + " alert at " + place + " has ended (" + ref + ").",
                "The alert is cancelled. Keep following the responders' directions.",
                area.outerCap("Alert area: " + area.outerRadiusM() + " m around " + place)));
            return alert.build();
        }
        final String innerVi = area.isPolygon() ? "Vùng sơ tán quanh " + place :
            "Vùng sơ tán: bán kính " + area.innerRadiusM() + " m quanh " + place;
        final String innerEn = area.isPolygon() ? "Evacuation zone around " + place :
            "Evacuation zone: " + area.innerRadiusM() + " m around " + place;
        final String outerVi = "Khu vực cần tránh: trong vòng " + area.ringM() + " m quanh vùng sơ tán";
        final String outerEn = "Area to avoid: within " + area.ringM() + " m of the evacuation zone";
        alert.info(info(message, t, "vi-VN", t.eventVi, CapResponseType.EVACUATE, CapUrgency.IMMEDIATE, CapSeverity.EXTREME, certainty,
            expires, config.senderName(), t.eventVi + ": sơ tán ngay khỏi khu vực",
            t.eventVi + " tại " + place + " (" + ref + "). " + innerVi + ".", t.evacuateVi, area.innerCap(innerVi)));
        alert.info(info(message, t, "en-US", t.eventEn, CapResponseType.EVACUATE, CapUrgency.IMMEDIATE, CapSeverity.EXTREME, certainty,
            expires, config.senderName() + " (Ho Chi Minh City 112 Center)", t.eventEn + ": evacuate the area now",
            t.eventEn + " at " + place + " (" + ref + "). " + innerEn + ".", t.evacuateEn, area.innerCap(innerEn)));
        alert.info(info(message, t, "vi-VN", t.eventVi, CapResponseType.AVOID, CapUrgency.IMMEDIATE, CapSeverity.SEVERE, certainty,
            expires, config.senderName(), t.eventVi + ": tránh xa khu vực",
            t.eventVi + " tại " + place + " (" + ref + "). " + outerVi + ".",
            "Không đi vào khu vực. Nhường đường cho xe cứu hỏa, cứu thương và cảnh sát.", area.outerCap(outerVi)));
        alert.info(info(message, t, "en-US", t.eventEn, CapResponseType.AVOID, CapUrgency.IMMEDIATE, CapSeverity.SEVERE, certainty,
            expires, config.senderName() + " (Ho Chi Minh City 112 Center)", t.eventEn + ": keep away from the area",
            t.eventEn + " at " + place + " (" + ref + "). " + outerEn + ".",
            "Do not enter the area. Make way for fire engines, ambulances and police.", area.outerCap(outerEn)));
        return alert.build();
    }

    private static CapInfo info(final Message message, final Texts t, final String language, final String event,
        final CapResponseType response, final CapUrgency urgency, final CapSeverity severity, final CapCertainty certainty,
        final Instant expires, final String senderName, final String headline, final String description, final String instruction,
        final org.beacon.dispatch.alert.cap.CapArea area)
    {
        final CapInfo.Builder info = CapInfo.builder(t.category, event, urgency, severity, certainty)
            .language(language)
            .responseType(response)
            .eventCode("BEACON", message.hazard().name())
            .expires(expires)
            .senderName(senderName)
            .headline(headline)
            .description(description)
            .instruction(instruction)
            .contact("112")
            .parameter("alertId", Long.toString(message.alertId()))
            .area(area);
        if (message.incidentId() > 0)
        {
            info.parameter("incidentId", Long.toString(message.incidentId()));
        }
        return info.build();
    }

    /** Epoch nanoseconds as an instant (the journal's time base). */
    static Instant instant(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    /**
     * A position as people read it: degrees with five decimals (about a metre), computed from the micro-degrees without
     * floating point.
     */
    static String place(final AlertArea area)
    {
        return degrees(area.latMicros()) + ", " + degrees(area.lonMicros());
    }

    private static String degrees(final int micros)
    {
        final long tenths = Math.round(micros / 10.0);
        final long abs = Math.abs(tenths);
        final String frac = Long.toString(100_000 + abs % 100_000).substring(1);
        return (tenths < 0 ? "-" : "") + abs / 100_000 + "." + frac;
    }

    /** The words for one hazard. */
    private record Texts(CapCategory category, String eventVi, String eventEn, String evacuateVi, String evacuateEn)
    {
        static Texts of(final Hazard hazard)
        {
            return switch (hazard)
            {
                case CHEMICAL -> new Texts(CapCategory.CBRNE, "Rò rỉ hóa chất độc hại", "Hazardous chemical release",
                    "Rời khỏi khu vực ngay, đi theo hướng vuông góc với hướng gió. "
                        + "Nếu không thể rời đi: vào nhà, đóng kín cửa, tắt điều hòa.",
                    "Leave now, moving crosswind. If you cannot leave: go indoors, close doors and windows, switch off air conditioning.");
                case GAS_LEAK -> new Texts(CapCategory.SAFETY, "Rò rỉ khí gas", "Gas leak",
                    "Rời khỏi khu vực ngay. Không bật lửa, không bật tắt công tắc điện, không dùng điện thoại gần nơi rò rỉ.",
                    "Leave the area now. No flames, do not touch electrical switches, do not use phones near the leak.");
                case FLOOD -> new Texts(CapCategory.MET, "Ngập lụt", "Flooding",
                    "Di chuyển lên chỗ cao ngay. Không đi bộ hay lái xe qua vùng nước chảy xiết.",
                    "Move to higher ground now. Do not walk or drive through moving water.");
                case EXPLOSION -> new Texts(CapCategory.CBRNE, "Vụ nổ", "Explosion",
                    "Rời khỏi khu vực ngay: có thể xảy ra vụ nổ tiếp theo. Làm theo hướng dẫn của lực lượng chức năng.",
                    "Leave the area now: a further explosion is possible. Follow the responders' directions.");
                case CROWD -> new Texts(CapCategory.SAFETY, "Đám đông nguy hiểm", "Dangerous crowd",
                    "Bình tĩnh rời khỏi khu vực đông người, không chen lấn, giữ khoảng cách.",
                    "Leave the crowded area calmly; do not push; keep your distance.");
                case COLLAPSE -> new Texts(CapCategory.RESCUE, "Sập công trình", "Structural collapse",
                    "Rời khỏi khu vực ngay, tránh xa các công trình bị hư hại.",
                    "Leave the area now and keep away from damaged structures.");
                default -> new Texts(CapCategory.FIRE, "Cháy", "Fire",
                    "Rời khỏi khu vực ngay, đi ngược hướng khói. Không dùng thang máy; che mũi miệng bằng khăn ướt.",
                    "Leave the area now, away from the smoke. Do not use lifts; cover nose and mouth with a wet cloth.");
            };
        }
    }
}
