package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GeodesyTest
{
    @Test
    void oneDegreeOfLatitude()
    {
        assertThat(Geodesy.distanceM(10, 106, 11, 106)).isCloseTo(111_195, within(1.0));
    }

    @Test
    void longitudesAreNormalized()
    {
        assertThat(Geodesy.normalizeLongitude(190)).isEqualTo(-170.0);
        assertThat(Geodesy.normalizeLongitude(-190)).isEqualTo(170.0);
        assertThat(Geodesy.normalizeLongitude(180)).isEqualTo(180.0);
        assertThat(Geodesy.normalizeLongitude(540)).isEqualTo(-180.0);
        assertThat(Geodesy.distanceM(0, 179.999, 0, -179.999)).isCloseTo(222.4, within(0.5));
    }

    /** Property: walking d metres on any bearing lands d metres away. */
    @Test
    void destinationIsAtTheRequestedDistance()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++)
        {
            final double lat = random.nextDouble(-80, 80);
            final double lon = random.nextDouble(-180, 180);
            final double bearing = random.nextDouble(0, 360);
            final double distance = random.nextDouble(0, 50_000);
            final double[] to = Geodesy.destination(lat, lon, bearing, distance);
            assertThat(Geodesy.validLatitude(to[0]) && Geodesy.validLongitude(to[1])).isTrue();
            assertThat(Geodesy.distanceM(lat, lon, to[0], to[1])).isCloseTo(distance, within(1e-3 + distance * 1e-9));
        }
    }

    @Test
    void localPlaneRoundTrips()
    {
        final Geodesy.LocalPlane plane = new Geodesy.LocalPlane(10.7769, 106.7009);
        assertThat(plane.latitude(plane.north(10.8))).isCloseTo(10.8, within(1e-12));
        assertThat(plane.longitude(plane.east(106.75))).isCloseTo(106.75, within(1e-12));
        assertThat(Geodesy.toMicros(10.7769)).isEqualTo(10_776_900);
        assertThat(Geodesy.toMicros(-0.0000005)).isEqualTo(0);
    }
}
