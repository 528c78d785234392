package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GlyphClassifierTest
{
    @Test
    void decodeKeepsLettersAndDigitsInTheirPlaces()
    {
        // scores that prefer '8' everywhere: the letter slot must still take a letter
        final List<double[]> scores = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            final double[] s = new double[GlyphClassifier.ALPHABET.length()];
            s[GlyphClassifier.ALPHABET.indexOf('8')] = 0.9;
            s[GlyphClassifier.ALPHABET.indexOf('B')] = 0.8;
            scores.add(s);
        }
        final double[] cost = new double[1];
        // the separator seen before each glyph: a dash before the 4th, a dot before the 7th
        final String plate = GlyphClassifier.decode(scores, "___-__._", false, cost);
        assertThat(plate).isEqualTo("88B-888.88");
        assertThat(VietnamesePlates.isValid(plate)).isTrue();
        assertThat(cost[0]).isBetween(0.0, 1.0);
    }

    @Test
    void noTemplateFitsTooFewGlyphs()
    {
        final List<double[]> scores = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            scores.add(new double[GlyphClassifier.ALPHABET.length()]);
        }
        assertThat(GlyphClassifier.decode(scores, "_____", false, new double[1])).isNull();
    }
}
