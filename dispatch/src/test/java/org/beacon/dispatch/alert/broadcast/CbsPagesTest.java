package org.beacon.dispatch.alert.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;

import org.junit.jupiter.api.Test;

class CbsPagesTest
{
    private static final String TEXT = AlertCaps.EVACUATE_VI + "\nRời khỏi khu vực ngay, đi theo hướng dẫn của lực lượng chức năng.";

    @Test
    void vietnameseIsUcs2InPagesOf82OctetsPaddedWithCarriageReturns()
    {
        final CbsPages pages = CbsPages.ucs2(TEXT);

        assertThat(pages.dataCodingScheme()).isEqualTo(0x48);
        assertThat(TEXT).hasSize(108);
        assertThat(pages.pages()).hasSize(3);
        assertThat(pages.pages()).allSatisfy(page -> assertThat(page).hasSize(82));
        assertThat(pages.usedOctets()).containsExactly(82, 82, 52);
        final byte[] first = pages.pages().get(0);
        // "C" then "h": big-endian UTF-16
        assertThat(first[0]).isEqualTo((byte)0x00);
        assertThat(first[1]).isEqualTo((byte)'C');
        // "á" (U+00E1) is the third character
        assertThat(first[4]).isEqualTo((byte)0x00);
        assertThat(first[5]).isEqualTo((byte)0xE1);
        final byte[] last = pages.pages().get(2);
        assertThat(last[52]).isZero();
        assertThat(last[53]).isEqualTo((byte)0x0D);
        assertThat(last[81]).isEqualTo((byte)0x0D);
        assertThat(pages.decode()).isEqualTo(TEXT);
        assertThat(pages.truncated()).isFalse();
    }

    @Test
    void decomposedMarksAreComposedFirst()
    {
        final String decomposed = Normalizer.normalize(TEXT, Normalizer.Form.NFD);
        assertThat(decomposed.length()).isGreaterThan(TEXT.length() + 20);

        final CbsPages pages = CbsPages.ucs2(decomposed);

        assertThat(pages.pages()).hasSize(3);
        assertThat(pages.decode()).isEqualTo(TEXT);
    }

    @Test
    void textBeyondFifteenPagesIsCutWithAnEllipsis()
    {
        final String longText = "Sơ tán ngay. ".repeat(60);

        final CbsPages pages = CbsPages.ucs2(longText);

        assertThat(pages.pages()).hasSize(15);
        assertThat(pages.truncated()).isTrue();
        assertThat(pages.text()).hasSize(615).endsWith("\u2026");
        assertThat(java.util.Arrays.stream(pages.usedOctets()).allMatch(used -> used == 82)).isTrue();
        assertThat(longText).startsWith(pages.text().substring(0, 614));
    }

    @Test
    void aPageNeverSplitsASurrogatePair()
    {
        final String text = "x".repeat(40) + "\uD83D\uDD25" + "y";

        final CbsPages pages = CbsPages.ucs2(text);

        assertThat(pages.usedOctets()).containsExactly(80, 6);
        assertThat(pages.decode()).isEqualTo(text);
    }
}
