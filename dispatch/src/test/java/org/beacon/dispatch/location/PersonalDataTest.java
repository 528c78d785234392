package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest
{
    @Test
    void keepsTheLastThreeDigitsOnly()
    {
        assertThat(PersonalData.mask("+84901234567")).isEqualTo("+********567");
        assertThat(PersonalData.mask("452049876543210")).isEqualTo("************210");
        assertThat(PersonalData.mask("sip:+84901234567@ims.example.vn")).isEqualTo("***:+********567@***.*******.**");
    }

    @Test
    void shortValuesAndNamesAreMaskedWhole()
    {
        assertThat(PersonalData.mask("115")).isEqualTo("***");
        assertThat(PersonalData.mask("123456")).isEqualTo("******");
        assertThat(PersonalData.mask("alice")).isEqualTo("*****");
        assertThat(PersonalData.mask(null)).isEqualTo("-");
        assertThat(PersonalData.mask("12\n3")).isEqualTo("**?*");
    }
}
