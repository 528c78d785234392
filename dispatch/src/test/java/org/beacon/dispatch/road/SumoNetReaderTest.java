package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SumoNetReaderTest
{
    static RoadGraph readResource(final String name) throws IOException
    {
        try (InputStream in = SumoNetReaderTest.class.getResourceAsStream(name))
        {
            assertThat(in).as(name).isNotNull();
            return new SumoNetReader().read(in);
        }
    }

    @Test
    void readsEdgesLanesJunctionsAndConnections() throws IOException
    {
        final RoadGraph g = readResource("/road/tiny.net.xml");
        // internal :B_0 skipped, BC dropped (no lane for emergency or passenger vehicles).
        assertThat(g.edgeCount()).isEqualTo(3);
        assertThat(g.edgeIndex(":B_0")).isEqualTo(-1);
        assertThat(g.edgeIndex("BC")).isEqualTo(-1);
        final int ab = g.edgeIndex("AB");
        final int ba = g.edgeIndex("BA");
        final int bd = g.edgeIndex("BD");
        assertThat(g.lengthCm(ab)).isEqualTo(10_000);
        // The bus lane's 20 m/s does not count.
        assertThat(g.speedMetresPerSecond(ab)).isEqualTo(13.89);
        assertThat(g.freeFlowMs(ab)).isEqualTo(7_199);
        assertThat(g.freeFlowMs(bd)).isEqualTo(12_500);
        // Two lane connections AB->BD merge into one turn; AB->BC dropped with BC.
        assertThat(g.successors(ab)).containsExactly(ba, bd);
        assertThat(g.successors(bd)).isEmpty();
        assertThat(g.turnCount()).isEqualTo(2);
        assertThat(g.junctionCount()).isEqualTo(4);
        assertThat(g.trafficLightJunctionIds()).containsExactly("B");
        // No projection: metres around the default origin.
        assertThat(g.junctionLatMicros(0)).isEqualTo(10_772_500);
        assertThat(g.junctionLonMicros(0)).isEqualTo(106_698_000);
        assertThat(g.shapePointCount(ab)).isEqualTo(2);
        assertThat(g.shapeLatMicros(ab, 0)).isLessThan(g.junctionLatMicros(0) + 20);
    }

    @Test
    void readsTheHoChiMinhCityDemoNetworkInWgs84() throws IOException
    {
        final SumoNetReader reader = new SumoNetReader(0, 0);
        final RoadGraph g;
        try (InputStream in = SumoNetReaderTest.class.getResourceAsStream("/road/hcmc-grid.net.xml"))
        {
            g = reader.read(in);
        }
        assertThat(reader.projection().utmZone()).isEqualTo(48);
        // 10 x 10 junctions, two-way streets: 2 * 2 * 10 * 9 edges.
        assertThat(g.edgeCount()).isEqualTo(360);
        assertThat(g.junctionCount()).isEqualTo(100);
        assertThat(g.trafficLightJunctionIds()).hasSize(100);
        // Junction A0 was placed at 10.7700 N, 106.6950 E (see README.md next to the network).
        final int a0 = indexOfJunction(g, "A0");
        assertThat(g.junctionLatMicros(a0)).isBetween(10_769_900, 10_770_100);
        assertThat(g.junctionLonMicros(a0)).isBetween(106_694_900, 106_695_100);
        for (int e = 0; e < g.edgeCount(); e++)
        {
            assertThat(g.successors(e)).isNotEmpty();
            assertThat(g.speedMetresPerSecond(e)).isEqualTo(13.89);
        }
    }

    @Test
    void refusesExternalEntities(@TempDir final Path dir) throws IOException
    {
        final Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "SECRET");
        final String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE net [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
            + "<net><junction id=\"&xxe;\" type=\"priority\" x=\"0\" y=\"0\"/></net>";
        assertThatThrownBy(() -> new SumoNetReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
            .isInstanceOf(IOException.class);
    }

    @Test
    void reportsMalformedInput()
    {
        final byte[] xml = "<net><edge id=\"x\" from=\"a\"></net>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SumoNetReader().read(new ByteArrayInputStream(xml))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesNumbersAndShapesThatAreNotWithAnIoException()
    {
        // found by SumoNetFuzzer: a junction's x that is not a number escaped as a NumberFormatException
        final String[] nets = {
            "<net><junction id=\"a\" x=\"!00.00\" y=\"0\" type=\"priority\"/></net>",
            "<net><junction id=\"a\" x=\"NaN\" y=\"0\" type=\"priority\"/></net>",
            "<net><junction id=\"a\" x=\"0\" y=\"0\"/><junction id=\"b\" x=\"9\" y=\"9\"/>" +
                "<edge id=\"e\" from=\"a\" to=\"b\"><lane id=\"e_0\" speed=\"13.9\" length=\"10\" shape=\"0,0 1\"/></edge></net>",
            "<net><junction id=\"a\" x=\"0\" y=\"0\"/><junction id=\"a\" x=\"9\" y=\"9\"/></net>",
        };
        for (final String net : nets)
        {
            final byte[] xml = net.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> new SumoNetReader().read(new ByteArrayInputStream(xml)))
                .as(net).isInstanceOf(IOException.class).hasMessageStartingWith("malformed SUMO network: ");
        }
    }

    @Test
    void laneClassFilter()
    {
        assertThat(SumoNetReader.admitsResponders(null, null)).isTrue();
        assertThat(SumoNetReader.admitsResponders("bus taxi", null)).isFalse();
        assertThat(SumoNetReader.admitsResponders("bus emergency", null)).isTrue();
        assertThat(SumoNetReader.admitsResponders(null, "passenger")).isTrue();
        assertThat(SumoNetReader.admitsResponders(null, "all")).isFalse();
        assertThat(SumoNetReader.admitsResponders(null, "emergency passenger bus")).isFalse();
    }

    private static int indexOfJunction(final RoadGraph g, final String id)
    {
        for (int j = 0; j < g.junctionCount(); j++)
        {
            if (g.junctionId(j).equals(id))
            {
                return j;
            }
        }
        return -1;
    }
}
