package org.beacon.video.plates;

import static org.assertj.core.api.Assertions.assertThat;

import org.beacon.codecs.PlateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VietnamesePlatesTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "51F-123.45|51F-123.45",
        "51F12345|51F-123.45",
        "51f-123.45|51F-123.45",
        "51F-1234|51F-1234",
        "51LD-123.45|51LD-123.45",
        "51A1-1234|51A1-1234",
        // digit positions: B->8 D->0 O->0 Q->0 S->5 Z->2 G->6 I->1 L->1 T->7 A->4
        "5IF-123.45|51F-123.45",
        "51F-B23.45|51F-823.45",
        "51F-D23.45|51F-023.45",
        "51F-O23.45|51F-023.45",
        "51F-Q23.45|51F-023.45",
        "S1F-123.45|51F-123.45",
        "51F-1Z3.45|51F-123.45",
        "51F-12G.45|51F-126.45",
        "51F-123.L5|51F-123.15",
        "51F-123.4T|51F-123.47",
        "51F-A23.45|51F-423.45",
        // letter positions: 8->B 0->D 5->S 2->Z 6->G 4->A 7->T, and the letters series never use
        "518-123.45|51B-123.45",
        "510-123.45|51D-123.45",
        "51O-123.45|51D-123.45",
        "515-123.45|51S-123.45",
        "512-123.45|51Z-123.45",
        "516-123.45|51G-123.45",
        "514-123.45|51A-123.45",
        "517-123.45|51T-123.45",
        // two lines, joined by a space or a newline
        "59-X1 123.45|59-X1 123.45",
        "59-X1 1234|59-X1 1234",
        "59-XI 123.45|59-X1 123.45",
        "59-81 123.45|59-B1 123.45",
        "S9-X1 I23.4S|59-X1 123.45",
        "59X1 12345|59-X1 123.45",
    })
    void correctsToTheNearestValidPlate(final String raw, final String expected)
    {
        assertThat(VietnamesePlates.correct(raw)).isEqualTo(expected);
        assertThat(VietnamesePlates.isValid(expected)).isTrue();
    }

    @Test
    void joinsLinesGivenByANewline()
    {
        assertThat(VietnamesePlates.correct("59-X1\n123.45")).isEqualTo("59-X1 123.45");
        assertThat(VietnamesePlates.correct("59-XI\r\n1234")).isEqualTo("59-X1 1234");
    }

    @Test
    void separatorsChooseBetweenFormatsOfTheSameLength()
    {
        assertThat(VietnamesePlates.correct("51F1-2345")).isEqualTo("51F1-2345");
        assertThat(VietnamesePlates.correct("51F-123.45")).isEqualTo("51F-123.45");
        assertThat(VietnamesePlates.correct("59-X1 1234")).isEqualTo("59-X1 1234");
        assertThat(VietnamesePlates.correct("59X-11234")).isEqualTo("59X-112.34");
    }

    @Test
    void dropsOneStrayCharacterAtAnEnd()
    {
        assertThat(VietnamesePlates.correct("|51F-123.45")).isEqualTo("51F-123.45");
        assertThat(VietnamesePlates.correct("51F-123.45I")).isEqualTo("51F-123.45");
        assertThat(VietnamesePlates.correct("I59-X1 123.45")).isEqualTo("59-X1 123.45");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL", "''", "HELLO", "51F-12", "51F-123456789", "XXF-123.45", "5-X1 123.45", "51F-1*", "51FF1-123.456", "KK-X1 123.45",
    })
    void returnsNullWhenNoFormatFits(final String raw)
    {
        assertThat(VietnamesePlates.correct(raw)).isNull();
    }

    @Test
    void normalizesToLettersAndDigits()
    {
        assertThat(VietnamesePlates.normalize("51F-123.45")).isEqualTo("51F12345");
        assertThat(VietnamesePlates.normalize("59-x1 123.45")).isEqualTo("59X112345");
        assertThat(VietnamesePlates.normalize(null)).isEmpty();
    }

    @Test
    void validatesAndTellsTheLayout()
    {
        assertThat(VietnamesePlates.layout("51F-123.45")).isEqualTo(PlateLayout.ONE_LINE);
        assertThat(VietnamesePlates.layout("51F-1234")).isEqualTo(PlateLayout.ONE_LINE);
        assertThat(VietnamesePlates.layout("59-X1 123.45")).isEqualTo(PlateLayout.TWO_LINE);
        assertThat(VietnamesePlates.layout("59-X1 1234")).isEqualTo(PlateLayout.TWO_LINE);
        assertThat(VietnamesePlates.layout("51I-123.45")).isEqualTo(PlateLayout.UNKNOWN);
        assertThat(VietnamesePlates.layout("51F12345")).isEqualTo(PlateLayout.UNKNOWN);
        assertThat(VietnamesePlates.isValid("51O-123.45")).isFalse();
        assertThat(VietnamesePlates.isValid(null)).isFalse();
    }

    @Test
    void aPhoneNumberIsNoPlate()
    {
        // a shop sign's phone number: "09" and "03" are no province, and no series letter stands in it
        assertThat(VietnamesePlates.correct("0903 456 789")).isNull();
        assertThat(VietnamesePlates.correct("0903456789")).isNull();
        assertThat(VietnamesePlates.isValid("03A5-6789")).isFalse();
        assertThat(VietnamesePlates.isValid("09S-1234")).isFalse();
        assertThat(VietnamesePlates.isValid("10A-1234")).isFalse();
        assertThat(VietnamesePlates.isValid("11A-1234")).isTrue();
        assertThat(VietnamesePlates.isValid("99-X1 123.45")).isTrue();
        assertThat(VietnamesePlates.provinces()).hasSize(89).startsWith(11).endsWith(99);
    }
}
