package org.beacon.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoTest
{
    @Test
    void oneDegreeOfLatitude()
    {
        assertThat(Geo.distanceMetres(10_000_000, 106_000_000, 11_000_000, 106_000_000)).isEqualTo(111_195);
    }

    @Test
    void zeroForSamePoint()
    {
        assertThat(Geo.distanceMetres(10_772_000, 106_698_000, 10_772_000, 106_698_000)).isZero();
    }

    @Test
    void symmetricAndAcrossTheAntimeridian()
    {
        final long east = Geo.distanceMetres(0, 179_999_000, 0, -179_999_000);
        assertThat(east).isEqualTo(Geo.distanceMetres(0, -179_999_000, 0, 179_999_000));
        assertThat(east).isBetween(222L, 223L);
    }
}
