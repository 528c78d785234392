package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.beacon.codecs.Agency;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmergencyServiceUriTest
{
    private static Agency classify(final String uri)
    {
        final byte[] b = ("x" + uri + "y").getBytes(StandardCharsets.US_ASCII);
        return EmergencyServiceUri.classify(b, 1, b.length - 1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "urn:service:sos,                          UNIFIED",
        "URN:Service:SOS,                          UNIFIED",
        "urn:service:sos.police,                   POLICE",
        "urn:service:sos.fire,                     FIRE",
        "urn:service:sos.ambulance,                AMBULANCE",
        "urn:service:sos.marine,                   UNIFIED",
        "urn:service:sos.poison,                   UNIFIED",
        "urn:service:sos.police.traffic,           POLICE",
        "tel:112,                                  UNIFIED",
        "tel:113;phone-context=+84,                POLICE",
        "tel:1-1-4,                                FIRE",
        "sip:115@ims.example.vn;user=phone,        AMBULANCE",
        "sips:112@[2001:db8::1]:5061,              UNIFIED",
        "sip:113;npdi@ims.example.vn,              POLICE",
    })
    void mapsEmergencyServicesToAgencies(final String uri, final Agency agency)
    {
        assertThat(classify(uri)).isEqualTo(agency);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "urn:service:counseling", "urn:service:sosx", "urn:service:sos.", "tel:911", "tel:1120", "tel:+84112",
        "sip:alice@example.vn", "sip:112", "mailto:112@example.vn", "tel:11", "sip:116@ims.example.vn",
    })
    void refusesEverythingElse(final String uri)
    {
        assertThat(classify(uri)).isNull();
    }
}
