package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PlateSceneGeneratorTest
{
    @Test
    void theHeldOutFamilyIsInNoOtherSplit()
    {
        System.setProperty("java.awt.headless", "true");
        assertThat(PlateSceneGenerator.fonts(PlateSceneGenerator.Split.HELDOUT)).isNotEmpty()
            .allSatisfy(f -> assertThat(f.family()).startsWith(PlateSceneGenerator.HELDOUT_FAMILY));
        assertThat(PlateSceneGenerator.fonts(PlateSceneGenerator.Split.OWN)).hasSizeGreaterThanOrEqualTo(3)
            .noneSatisfy(f -> assertThat(f.family()).startsWith(PlateSceneGenerator.HELDOUT_FAMILY))
            .allSatisfy(f -> assertThat(f.file()).doesNotContainIgnoringCase("italic").doesNotContainIgnoringCase("oblique"));
    }

    @Test
    void isDeterministicAndCoversTheStyles()
    {
        System.setProperty("java.awt.headless", "true");
        final PlateSceneGenerator a = new PlateSceneGenerator(3, PlateSceneGenerator.Split.HELDOUT);
        final PlateSceneGenerator b = new PlateSceneGenerator(3, PlateSceneGenerator.Split.HELDOUT);
        final Set<PlateSceneGenerator.PlateColour> colours = EnumSet.noneOf(PlateSceneGenerator.PlateColour.class);
        boolean twoRow = false;
        boolean fourDigits = false;
        for (int i = 0; i < 12; i++)
        {
            final PlateSceneGenerator.Sample x = a.next();
            final PlateSceneGenerator.Sample y = b.next();
            assertThat(x.plate()).isEqualTo(y.plate());
            assertThat(VietnamesePlates.isValid(x.plate())).as(x.plate()).isTrue();
            assertThat(x.font()).startsWith(PlateSceneGenerator.HELDOUT_FAMILY);
            assertThat(x.width()).isBetween(90, 260);
            assertThat(x.image().cols()).isEqualTo(1280);
            assertThat(x.image().rows()).isEqualTo(720);
            final byte[] bx = new byte[(int) (x.image().total() * 3)];
            final byte[] by = new byte[bx.length];
            x.image().data().get(bx);
            y.image().data().get(by);
            assertThat(bx).isEqualTo(by);
            colours.add(x.colour());
            twoRow |= x.plate().contains(" ");
            fourDigits |= !x.plate().contains(".");
        }
        assertThat(colours).hasSize(3);
        assertThat(twoRow).isTrue();
        assertThat(fourDigits).isTrue();
    }
}
