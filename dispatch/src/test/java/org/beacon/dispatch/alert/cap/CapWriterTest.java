package org.beacon.dispatch.alert.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class CapWriterTest
{
    @Test
    void sameAlertGivesTheSameCharacters()
    {
        final String first = CapWriter.write(CapSamples.alert());
        final String second = CapWriter.write(CapSamples.alert());

        assertThat(second).isEqualTo(first);
        assertThat(CapWriter.writeUtf8(CapSamples.alert())).isEqualTo(first.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheStandardOrderAndFixedFormats()
    {
        final String xml = CapWriter.write(CapSamples.alert());

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
            + "  <identifier>BCN-2024-000123</identifier>\n"
            + "  <sender>112@hcmc.gov.vn</sender>\n"
            + "  <sent>2024-01-31T17:17:48+07:00</sent>\n"
            + "  <status>Actual</status>\n"
            + "  <msgType>Alert</msgType>\n"
            + "  <source>dispatcher-07</source>\n"
            + "  <scope>Public</scope>\n"
            + "  <incidents>INC-42</incidents>\n"
            + "  <info>\n"
            + "    <language>vi-VN</language>\n"
            + "    <category>Fire</category>\n"
            + "    <category>Rescue</category>\n"
            + "    <event>Cháy nhà</event>\n"
            + "    <responseType>Evacuate</responseType>\n"
            + "    <responseType>Avoid</responseType>\n"
            + "    <urgency>Immediate</urgency>\n");
        assertThat(xml).contains("<expires>2024-01-31T20:17:48+07:00</expires>");
        assertThat(xml).contains("<polygon>10.774000,106.701000 10.774000,106.705000 10.770000,106.705000 10.770000,106.701000 "
            + "10.774000,106.701000</polygon>");
        assertThat(xml).contains("<circle>10.772000,106.703000 1.500</circle>");
        assertThat(xml.indexOf("<language>vi-VN</language>")).isLessThan(xml.indexOf("<language>en-US</language>"));
        assertThat(xml).endsWith("</alert>\n");
    }

    @Test
    void formatsReferencesAsTriplesAndUtcWithoutZ()
    {
        final CapAlert original = CapSamples.alert();
        final CapAlert second = CapAlert.builder("B-2", CapSamples.SENDER, CapSamples.SENT.plusSeconds(60), CapStatus.ACTUAL,
            CapMsgType.ALERT, CapScope.PUBLIC).build();
        final CapAlert cancel = CapAlert.builder("B-3", CapSamples.SENDER, Instant.parse("2024-01-31T11:00:00.750Z"), CapStatus.ACTUAL,
            CapMsgType.CANCEL, CapScope.PUBLIC)
            .reference(CapReference.to(original))
            .reference(CapReference.to(second))
            .build();

        assertThat(CapWriter.write(cancel)).contains("<sent>2024-01-31T18:00:00+07:00</sent>")
            .contains("<references>112@hcmc.gov.vn,BCN-2024-000123,2024-01-31T17:17:48+07:00 "
                + "112@hcmc.gov.vn,B-2,2024-01-31T17:18:48+07:00</references>");
        assertThat(CapWriter.write(cancel, ZoneOffset.UTC)).contains("<sent>2024-01-31T11:00:00-00:00</sent>");
    }

    @Test
    void escapesMarkupInText() throws Exception
    {
        final String nasty = "<b>\"Fire\" & 'smoke'</b> ]]> <!-- -->";
        final CapAlert alert = CapAlert.builder(
                "B-1", CapSamples.SENDER, CapSamples.SENT, CapStatus.TEST, CapMsgType.ALERT, CapScope.PUBLIC)
            .note(nasty)
            .build();

        final String xml = CapWriter.write(alert);

        assertThat(xml).contains("<note>&lt;b&gt;&quot;Fire&quot; &amp; &apos;smoke&apos;&lt;/b&gt; ]]&gt; &lt;!-- --&gt;</note>");
        assertThat(text(xml, "note")).containsExactly(nasty);
        assertThat(CapValidator.validate(xml)).isEmpty();
    }

    @Test
    void vietnameseTextRoundTrips() throws Exception
    {
        final String xml = new String(CapWriter.writeUtf8(CapSamples.alert()), StandardCharsets.UTF_8);

        assertThat(text(xml, "headline")).containsExactly(CapSamples.HEADLINE_VI, "Major fire in Ben Nghe ward — evacuate now");
        assertThat(text(xml, "description").get(0)).isEqualTo(CapSamples.DESCRIPTION_VI);
        assertThat(text(xml, "senderName").get(0)).isEqualTo("Trung tâm 112 TP. Hồ Chí Minh");
    }

    @Test
    void refusesCharactersXmlCannotCarry()
    {
        final CapAlert alert = CapAlert.builder(
                "B-1", CapSamples.SENDER, CapSamples.SENT, CapStatus.TEST, CapMsgType.ALERT, CapScope.PUBLIC)
            .note("bell \u0007")
            .build();

        assertThatThrownBy(() -> CapWriter.write(alert)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+7");
    }

    @Test
    void negativeZeroIsWrittenAsZero()
    {
        final CapAlert alert = CapSamples.withAreas(CapArea.circle("equator", new CapCircle(-0.0, -0.0000001, 2)));

        assertThat(CapWriter.write(alert)).contains("<circle>0.000000,0.000000 2.000</circle>");
    }

    private static List<String> text(final String xml, final String localName) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        final Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        final NodeList nodes = document.getElementsByTagNameNS(CapWriter.NAMESPACE, localName);
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++)
        {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
