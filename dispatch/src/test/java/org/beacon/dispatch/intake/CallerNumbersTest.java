package org.beacon.dispatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallerNumbersTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // tel: URIs (RFC 3966), visual separators, parameters
        "tel:+84901234567                                  | +84901234567",
        "TEL:+84901234567                                  | +84901234567",
        "tel:+84-90-123-4567                               | +84901234567",
        "tel:+84.90.123.4567                               | +84901234567",
        "tel:+84(90)1234567                                | +84901234567",
        "tel:+84901234567;ext=12                           | +84901234567",
        "tel:+84901234567;verstat=TN-Validation-Passed     | +84901234567",
        "tel:0901234567;phone-context=+84                  | +84901234567",
        "tel:901234567;phone-context=+84                   | +84901234567",
        "tel:090-123-4567;phone-context=+84                | +84901234567",
        "tel:0901234567;phone-context=ims.mnc004.mcc452.3gppnetwork.org | +84901234567",
        "tel:0901234567                                    | +84901234567",
        "tel:+442079460000                                 | +442079460000",
        // SIP URIs: user=phone, digits alone, percent-encoded plus
        "sip:+84901234567@ims.example.vn;user=phone        | +84901234567",
        "sip:+84-90-123-4567@ims.example.vn;user=phone     | +84901234567",
        "sip:0901234567;phone-context=+84@ims.example.vn;user=phone | +84901234567",
        "sip:0901234567@ims.example.vn;user=phone          | +84901234567",
        "sips:+84901234567@ims.example.vn;transport=tls;user=phone | +84901234567",
        "sip:+84901234567@127.0.0.1:5060                   | +84901234567",
        "sip:0901234567@10.0.0.1                           | +84901234567",
        "sip:84901234567@ims.example.vn                    | +84901234567",
        "sip:%2B84901234567@ims.example.vn                 | +84901234567",
        // a P-Asserted-Identity / From value with its display name
        "\"Nguyen Van A\" <tel:+84901234567>               | +84901234567",
        "<sip:+84901234567@ims.example.vn;user=phone>;tag=1 | +84901234567",
        // bare numbers: E.164, international prefix, country code, national form, separators and spaces
        "+84901234567                                      | +84901234567",
        "+84 90 123 4567                                   | +84901234567",
        "+84 (90) 123-4567                                 | +84901234567",
        "0084901234567                                     | +84901234567",
        "00 84 90 123 4567                                 | +84901234567",
        "84901234567                                       | +84901234567",
        "0901234567                                        | +84901234567",
        "090 123 4567                                      | +84901234567",
        "090-123-4567                                      | +84901234567",
        "090.123.4567                                      | +84901234567",
        "(028) 3829 1234                                   | +842838291234",
        "02838291234                                       | +842838291234",
        "0084 28 3829 1234                                 | +842838291234",
    })
    void normalisesTelephoneNumbersToE164(final String identity, final String e164)
    {
        assertThat(CallerNumbers.normalise(identity)).isEqualTo(e164);
        assertThat(CallerNumbers.isE164(e164)).isTrue();
        assertThat(CallerNumbers.normalise(e164)).as("idempotent").isEqualTo(e164);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        // not telephone numbers: they stay exactly as they came
        "sip:anonymous@anonymous.invalid",
        "sip:anonymous@127.0.0.1",
        "sips:caller@ims.example.vn",
        "sip:alice.nguyen@example.vn",
        "sip:090-123-4567@ims.example.vn",
        "sip:+84 901234567@ims.example.vn",
        "sip:%ZZ84901234567@ims.example.vn",
        "sip:%0A84901234567@ims.example.vn",
        "sip:@ims.example.vn",
        "sip:ims.example.vn",
        "tel:anonymous",
        "tel:",
        "tel:+",
        "tel:+0901234567",
        "tel:+1234567890123456",
        "tel:112",
        "tel:112;phone-context=+84",
        "tel:+84901234567x",
        "urn:service:sos",
        "pres:caller@ims.example.vn",
        "mailto:someone@example.vn",
        "Anonymous",
        "anonymous",
        "112",
        "113",
        "1900 1234",
        "901234567",
        "12345",
        "++84901234567",
        "084901234567890",
        "84 0 901234567",
        "<tel:+84901234567",
        "\"unclosed <sip:+84901234567@x",
        "0x41414141",
        "+84 90 123 4567 ext 12",
        "090123456a",
        "   ",
        ";;;",
        "@@@",
        "%%%",
        "\u0000\u0001\u0002",
        "s\u00edp:+84901234567@vn",
        "sip:\u0661\u0662\u0663\u0664\u0665\u0666\u0667@vn",
        "\u0660\u0669\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
    })
    void leavesWhatIsNotATelephoneNumberAsItCame(final String identity)
    {
        assertThat(CallerNumbers.normalise(identity)).isSameAs(identity);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void leavesNothingAsNothing(final String identity)
    {
        assertThat(CallerNumbers.normalise(identity)).isSameAs(identity);
    }

    @Test
    void leavesAnIdentityTooLongToBeANumberAsItCame()
    {
        final String longNumber = "+84" + "1".repeat(CallerNumbers.MAX_LENGTH);
        assertThat(CallerNumbers.normalise(longNumber)).isSameAs(longNumber);
    }

    @Test
    void isE164TakesOnlyAPlusAndSevenToFifteenDigitsNotStartingWithZero()
    {
        assertThat(CallerNumbers.isE164("+84901234567")).isTrue();
        assertThat(CallerNumbers.isE164("+1234567")).isTrue();
        assertThat(CallerNumbers.isE164("+123456789012345")).isTrue();
        assertThat(CallerNumbers.isE164("+123456")).isFalse();
        assertThat(CallerNumbers.isE164("+1234567890123456")).isFalse();
        assertThat(CallerNumbers.isE164("+0901234567")).isFalse();
        assertThat(CallerNumbers.isE164("84901234567")).isFalse();
        assertThat(CallerNumbers.isE164("+8490123456a")).isFalse();
        assertThat(CallerNumbers.isE164(null)).isFalse();
    }

    @Test
    void neverThrowsAndGivesEitherAnE164NumberOrTheIdentityOnRandomAndMutatedInput()
    {
        final Random random = new Random(16);
        final String[] seeds = {"tel:+84-90-123-4567;phone-context=+84", "sip:+84901234567@ims.example.vn;user=phone",
            "\"A\" <sip:%2B8490@x>", "0084 (90) 123.4567"};
        final String alphabet = "+-.() 0123456789;=@:<>%\"tel:sip:user=phone,phone-context=abcXYZ\u00e9\u0000";
        for (int i = 0; i < 20_000; i++)
        {
            final String identity;
            if (i % 2 == 0)
            {
                final StringBuilder s = new StringBuilder(seeds[random.nextInt(seeds.length)]);
                for (int k = random.nextInt(4); k >= 0 && s.length() > 0; k--)
                {
                    final int at = random.nextInt(s.length());
                    final char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    switch (random.nextInt(3))
                    {
                        case 0 -> s.setCharAt(at, c);
                        case 1 -> s.insert(at, c);
                        default -> s.deleteCharAt(at);
                    }
                }
                identity = s.toString();
            }
            else
            {
                final byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                identity = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            final String out = CallerNumbers.normalise(identity);
            assertThat(out == identity || CallerNumbers.isE164(out)).as("%s -> %s", identity, out).isTrue();
            if (out != identity)
            {
                assertThat(CallerNumbers.normalise(out)).isEqualTo(out);
            }
        }
    }
}
