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

    @Test
    void theProvinceIsAValidCode()
    {
        // the first glyph looks most like a 0: no province begins with 0, so the next best digit stands there, and the
        // worst glyph's cost says how unsure that was
        final List<double[]> scores = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            final double[] s = new double[GlyphClassifier.ALPHABET.length()];
            s[GlyphClassifier.ALPHABET.indexOf(i == 0 ? '0' : i == 2 ? 'A' : '5')] = 0.95;
            s[GlyphClassifier.ALPHABET.indexOf('8')] = 0.3;
            scores.add(s);
        }
        final double[] cost = new double[2];
        final String plate = GlyphClassifier.decode(scores, "___-__._", false, cost);
        assertThat(plate).isEqualTo("85A-555.55");
        assertThat(cost[1]).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theLearnedReaderReadsGlyphsOfAFontItWasNotTrainedOn()
    {
        // rendered in the held-out family, thick and condensed as a plate prints them: most read as themselves
        final GlyphClassifier classifier = new GlyphClassifier();
        int right = 0;
        int total = 0;
        for (final PlateSceneGenerator.PlateFont font : PlateSceneGenerator.fonts(PlateSceneGenerator.Split.HELDOUT))
        {
            for (int k = 0; k < GlyphClassifier.ALPHABET.length(); k++)
            {
                final double[] s = classifier.scores(GlyphClassifier.render(font.font(), GlyphClassifier.ALPHABET.charAt(k), 0.8));
                int arg = 0;
                for (int j = 1; j < s.length; j++)
                {
                    arg = s[j] > s[arg] ? j : arg;
                }
                right += arg == k ? 1 : 0;
                total++;
            }
        }
        assertThat(total).isPositive();
        assertThat(right).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * total));
    }
}
