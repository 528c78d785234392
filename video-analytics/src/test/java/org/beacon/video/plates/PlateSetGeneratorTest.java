package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlateSetGeneratorTest
{
    @Test
    void isDeterministicForASeed()
    {
        System.setProperty("java.awt.headless", "true");
        final PlateSetGenerator a = new PlateSetGenerator(42);
        final PlateSetGenerator b = new PlateSetGenerator(42);
        for (int i = 0; i < 3; i++)
        {
            final boolean degraded = i != 1;
            final PlateSetGenerator.Sample x = a.next(degraded);
            final PlateSetGenerator.Sample y = b.next(degraded);
            assertThat(x.plate()).isEqualTo(y.plate());
            assertThat(VietnamesePlates.isValid(x.plate())).isTrue();
            assertThat(x.plateBox().x()).isEqualTo(y.plateBox().x());
            assertThat(x.plateBox().width()).isEqualTo(y.plateBox().width());
            assertThat(x.image().cols()).isEqualTo(1280);
            assertThat(x.image().rows()).isEqualTo(720);
            assertThat(bytes(x)).isEqualTo(bytes(y));
        }
    }

    private static byte[] bytes(final PlateSetGenerator.Sample s)
    {
        final byte[] b = new byte[(int) (s.image().total() * s.image().channels())];
        s.image().data().get(b);
        return b;
    }
}
