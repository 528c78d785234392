package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PAccessNetworkInfoTest
{
    @Test
    void lteWithATwoDigitMnc()
    {
        final CellIdentity cell = PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5F");
        assertThat(cell).isEqualTo(new CellIdentity(CellIdentity.Radio.LTE, 452, 4, 0xA1B2, 0xC3D4E5FL));
    }

    @Test
    void threeDigitMncQuotedValueAndOtherAccessTypes()
    {
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-TDD;utran-cell-id-3gpp=\"310410A1B2C3D4E5F\""))
            .isEqualTo(new CellIdentity(CellIdentity.Radio.LTE, 310, 410, 0xA1B2, 0xC3D4E5FL));
        assertThat(PAccessNetworkInfo.parse("3GPP-UTRAN-FDD; utran-cell-id-3gpp=452020BEA0110001"))
            .isEqualTo(new CellIdentity(CellIdentity.Radio.UMTS, 452, 2, 0x0BEA, 0x0110001L));
        assertThat(PAccessNetworkInfo.parse("3GPP-GERAN; cgi-3gpp=4520403FD8707"))
            .isEqualTo(new CellIdentity(CellIdentity.Radio.GSM, 452, 4, 0x03FD, 0x8707L));
        assertThat(PAccessNetworkInfo.parse("3GPP-NR-FDD; utran-cell-id-3gpp=4520400A1B2123456789"))
            .isEqualTo(new CellIdentity(CellIdentity.Radio.NR, 452, 4, 0xA1B2, 0x123456789L));
    }

    @Test
    void theNetworkProvidedValueWins()
    {
        final CellIdentity cell = PAccessNetworkInfo.parse(
            "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204000100000AB, 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5F; " +
                "network-provided");
        assertThat(cell.cellId()).isEqualTo(0xC3D4E5FL);
        assertThat(PAccessNetworkInfo.parse("IEEE-802.11; i-wlan-node-id=ffffff, 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204000100000AB")
            .cellId()).isEqualTo(0xABL);
    }

    @Test
    void valuesThatDoNotFitGiveNull()
    {
        assertThat(PAccessNetworkInfo.parse(null)).isNull();
        assertThat(PAccessNetworkInfo.parse("")).isNull();
        assertThat(PAccessNetworkInfo.parse("IEEE-802.11")).isNull();
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD")).isNull();
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5")).isNull();
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=4520A1B2C3D4E5F12")).isNull();
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5G")).isNull();
        assertThat(PAccessNetworkInfo.parse("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204\u0661\u0662B2C3D4E5F")).isNull();
        assertThat(PAccessNetworkInfo.parse("DOCSIS; utran-cell-id-3gpp=45204A1B2C3D4E5F")).isNull();
    }

    @Test
    void randomValuesNeverThrow()
    {
        final SplittableRandom random = new SplittableRandom(24229);
        final String alphabet = "3GP-EUTRANFD;=,\" 0123456789ABCDEFutranclid";
        for (int i = 0; i < 5_000; i++)
        {
            final StringBuilder value = new StringBuilder("3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=");
            final int length = random.nextInt(24);
            for (int j = 0; j < length; j++)
            {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final CellIdentity cell = PAccessNetworkInfo.parse(value.toString());
            if (null != cell)
            {
                assertThat(cell.mcc()).isBetween(0, 999);
                assertThat(cell.area()).isBetween(0, 0xFFFF);
                assertThat(cell.cellId()).isBetween(0L, 0xFFF_FFFFL);
            }
        }
    }
}
