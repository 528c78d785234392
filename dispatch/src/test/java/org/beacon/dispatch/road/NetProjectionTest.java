package org.beacon.dispatch.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NetProjectionTest
{
    @Test
    void utmForwardMatchesReferenceValues()
    {
        final double[] centralMeridian = NetProjection.utmForward(0.0, 105.0, 48);
        assertThat(centralMeridian[0]).isCloseTo(500_000.0, within(1e-6));
        assertThat(centralMeridian[1]).isCloseTo(0.0, within(1e-6));
        // k0 times the WGS84 meridian arc to 10 degrees north (numerically integrated: 1,105,854.833 m).
        assertThat(NetProjection.utmForward(10.0, 105.0, 48)[1]).isCloseTo(1_105_412.491, within(0.01));
    }

    @Test
    void utmInverseRoundTripsAroundHoChiMinhCity()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++)
        {
            final double lat = 10.6 + random.nextDouble() * 0.4;
            final double lon = 106.5 + random.nextDouble() * 0.4;
            final double[] en = NetProjection.utmForward(lat, lon, 48);
            final double[] back = NetProjection.utmInverse(en[0], en[1], 48);
            assertThat(back[0]).isCloseTo(lat, within(1e-8));
            assertThat(back[1]).isCloseTo(lon, within(1e-8));
        }
    }

    @Test
    void locationWithNetOffsetMapsNetCoordinatesBack()
    {
        final double[] en = NetProjection.utmForward(10.7725, 106.6980, 48);
        final NetProjection p = NetProjection.fromLocation(
            (-en[0] + 100) + "," + (-en[1] + 200), "+proj=utm +zone=48 +ellps=WGS84 +datum=WGS84 +units=m +no_defs", 0, 0);
        assertThat(p.utmZone()).isEqualTo(48);
        assertThat(p.latMicros(100, 200)).isEqualTo(10_772_500);
        assertThat(p.lonMicros(100, 200)).isEqualTo(106_698_000);
    }

    @Test
    void southernHemisphereUsesFalseNorthing()
    {
        final double[] en = NetProjection.utmForward(-33.87, 151.21, 56);
        final NetProjection p = NetProjection.fromLocation("0,0", "+proj=utm +zone=56 +south +ellps=WGS84", 0, 0);
        assertThat(p.latMicros(en[0], en[1] + 10_000_000.0)).isEqualTo(-33_870_000);
        assertThat(p.lonMicros(en[0], en[1] + 10_000_000.0)).isEqualTo(151_210_000);
    }

    @Test
    void noProjectionPlacesMetresAroundTheOrigin()
    {
        final NetProjection p = NetProjection.fromLocation("0.00,0.00", "!", 10.7725, 106.698);
        assertThat(p.latMicros(0, 0)).isEqualTo(10_772_500);
        assertThat(p.lonMicros(0, 0)).isEqualTo(106_698_000);
        // 1 km north is about 8.993 milli-degrees of latitude.
        assertThat(p.latMicros(0, 1000) - 10_772_500).isBetween(8_990, 8_996);
    }

    @Test
    void otherProjectionsAreRefused()
    {
        assertThatThrownBy(() -> NetProjection.fromLocation("0,0", "+proj=merc +ellps=WGS84", 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
