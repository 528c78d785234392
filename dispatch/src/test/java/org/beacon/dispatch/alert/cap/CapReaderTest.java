package org.beacon.dispatch.alert.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapReaderTest
{
    private static void assertRoundTrip(final CapAlert original)
    {
        final String xml = CapWriter.write(original);
        final CapAlert read = CapReader.read(xml);

        // records holding double[] points compare arrays by identity: compare field by field, arrays by content
        assertThat(read).usingRecursiveComparison().isEqualTo(original);
        assertThat(CapWriter.write(read)).isEqualTo(xml);
    }

    @Test
    void theTwoLanguageAlertWithPolygonAndCircleRoundTrips()
    {
        assertRoundTrip(CapSamples.alert());
    }

    @Test
    void updateAndCancelRoundTrip()
    {
        final CapAlert original = CapSamples.alert();
        final CapAlert update = CapSamples.alertWith("BCN-2024-000125", CapMsgType.UPDATE, List.of(CapReference.to(original)),
            List.of(CapArea.polygon("wider", CapSamples.BLOCK)));
        final CapAlert cancel = CapAlert.builder("BCN-2024-000126", CapSamples.SENDER, CapSamples.SENT.plusSeconds(1800), CapStatus.ACTUAL,
            CapMsgType.CANCEL, CapScope.PUBLIC)
            .note("Đám cháy đã được dập tắt / the fire is out")
            .reference(CapReference.to(original))
            .reference(CapReference.to(update))
            .build();

        assertRoundTrip(update);
        assertRoundTrip(cancel);
    }

    @Test
    void everyOptionalPartRoundTrips()
    {
        final CapArea area = new CapArea("Quận 1 & \"Bến Nghé\" <ward>", List.of(CapSamples.BLOCK, CapSamples.BLOCK),
            List.of(new CapCircle(10.772, 106.703, 0.25), new CapCircle(-0.000001, 0, 12.5)),
            List.of(new CapValue("VN-HCM-WARD", "26734")), 10.5, 250.0);
        final CapAlert alert = CapAlert.builder("VN-HCM-112-42-1", CapSamples.SENDER, CapSamples.SENT, CapStatus.EXERCISE,
                CapMsgType.ALERT, CapScope.RESTRICTED)
            .restriction("agencies only")
            .addresses("a b")
            .code("IPAWSv1.0")
            .code("drill")
            .note("line one\r\nline two\ttabbed")
            .incidents("INC-1 INC-2")
            .info(CapInfo.builder(CapCategory.CBRNE, "Rò rỉ hoá chất", CapUrgency.EXPECTED, CapSeverity.MODERATE, CapCertainty.POSSIBLE)
                .language("vi-VN")
                .audience("  people nearby  ")
                .effective(CapSamples.SENT)
                .onset(CapSamples.SENT.plusSeconds(60))
                .area(area)
                .build())
            .info(CapInfo.builder(CapCategory.OTHER, "no language", CapUrgency.UNKNOWN, CapSeverity.UNKNOWN, CapCertainty.UNKNOWN).build())
            .build();

        assertRoundTrip(alert);
    }

    @Test
    void aTimeInAnotherZoneIsTheSameInstant()
    {
        final String xml = CapWriter.write(CapSamples.alert()).replace("2024-01-31T17:17:48+07:00", "2024-01-31T10:17:48-00:00");

        assertThat(CapReader.read(xml).sent()).isEqualTo(CapSamples.SENT);
    }

    @Test
    void aDoctypeIsRefused()
    {
        final String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            + CapWriter.write(CapSamples.alert()).substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".length())
            .replace("<note>", "<note>&x;");

        assertThatThrownBy(() -> CapReader.read(xml)).isInstanceOf(CapFormatException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anOversizedDocumentIsRefusedBeforeParsing()
    {
        final String xml = "<alert>" + " ".repeat(CapValidator.MAX_LENGTH) + "</alert>";

        assertThatThrownBy(() -> CapReader.read(xml)).isInstanceOf(CapFormatException.class).hasMessageContaining("longer than");
    }

    @Test
    void notXmlAndNotCapAreRefused()
    {
        assertThatThrownBy(() -> CapReader.read("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> CapReader.read("<alert")).isInstanceOf(CapFormatException.class).hasMessageContaining("not XML");
        assertThatThrownBy(() -> CapReader.read("<alert/>")).hasMessageContaining("namespace " + CapWriter.NAMESPACE);
    }

    @Test
    void aMissingRequiredElementIsNamed()
    {
        final String xml = CapWriter.write(CapSamples.alert()).replace("  <sender>112@hcmc.gov.vn</sender>\n", "");

        assertThatThrownBy(() -> CapReader.read(xml))
            .isInstanceOfSatisfying(CapFormatException.class, ex -> assertThat(ex.element()).isEqualTo("alert"))
            .hasMessage("<alert>: missing <sender>");
    }

    @Test
    void anUnknownCodeValueIsNamedWithItsPath()
    {
        final String xml = CapWriter.write(CapSamples.alert()).replaceFirst("<urgency>Immediate</urgency>", "<urgency>Now</urgency>");

        assertThatThrownBy(() -> CapReader.read(xml))
            .isInstanceOfSatisfying(CapFormatException.class, ex -> assertThat(ex.element()).isEqualTo("alert/info[1]/urgency"))
            .hasMessageContaining("\"Now\" is not one of Immediate, Expected, Future, Past, Unknown");
    }

    @Test
    void badGeometryAndReferencesAreNamed()
    {
        final String written = CapWriter.write(CapSamples.alert());

        assertThatThrownBy(() -> CapReader.read(written.replaceFirst("<circle>[^<]*</circle>", "<circle>10.77,106.70</circle>")))
            .hasMessage("<alert/info[1]/area[2]/circle[1]>: \"10.77,106.70\" is not \"lat,lon radius\"");
        assertThatThrownBy(() -> CapReader.read(written.replaceFirst("<polygon>10.774000,106.701000", "<polygon>10.774000;106.701000")))
            .hasMessage("<alert/info[1]/area[1]/polygon[1]>: point 1 \"10.774000;106.701000\" is not lat,lon");
        assertThatThrownBy(() -> CapReader.read(written.replace("<scope>Public</scope>\n", "<scope>Public</scope>\n  <references>a,b</references>\n")))
            .hasMessage("<alert/references>: \"a,b\" is not a sender,identifier,sent triple");
        assertThatThrownBy(() -> CapReader.read(written.replace("<sent>2024-01-31T17:17:48+07:00</sent>", "<sent>yesterday</sent>")))
            .hasMessage("<alert/sent>: \"yesterday\" is not a time like 2024-01-31T17:17:48+07:00");
    }

    @Test
    void unknownCapElementsAreRefusedAndForeignOnesSkipped()
    {
        final String written = CapWriter.write(CapSamples.alert());

        assertThatThrownBy(() -> CapReader.read(written.replace("<scope>Public</scope>", "<scope>Public</scope><colour>red</colour>")))
            .hasMessage("<alert>: unknown element <colour>");
        final CapAlert read = CapReader.read(written.replace("</alert>", "<x:sig xmlns:x=\"urn:example\">abc</x:sig></alert>"));
        assertThat(read.identifier()).isEqualTo(CapSamples.alert().identifier());
    }
}
