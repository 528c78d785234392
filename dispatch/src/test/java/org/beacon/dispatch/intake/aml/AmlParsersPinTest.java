package org.beacon.dispatch.intake.aml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Pins every outcome (error text, problem, location, identities) of both AML parsers over field-by-field variants of
 * a good message: each field set to each of a list of awkward values, with a fix and without (pm=N / location_source=none),
 * and left out. A refactor of the parsers must leave the digest of all outcomes as it is.
 */
class AmlParsersPinTest
{
    private static final String[] VALUES = {"", "N", "0", "1", "-1", "+1", "68", "100", "101", "0.5", "1.0", "14", "14.5", "x",
        "+10.77690", "-90.000001", "90.0", "+180.0", "180.000001", "-180", "1000000", "1000001", "452", "04", "4520",
        "452049876543210", "4520498765432101", "356938035643809", "35693803564380912", "20260501080000", "20261301080000",
        "1777622405000", "9999999999999999", "+84901234567", "+8", "gps", "G", "wifi", "W", "C", "cell", "fused", "none", "n",
        "unknown", "bogus", "1e3", ".5", "%2B84", "%ZZ"};

    private static final String[] SMS_KEYS = {"lt", "lg", "rd", "top", "lc", "pm", "si", "ei", "mcc", "mnc"};
    private static final String[] FORM_KEYS = {"v", "emergency_number", "location_latitude", "location_longitude", "location_time",
        "location_accuracy", "location_confidence", "location_source", "device_number", "device_imei", "device_imsi",
        "cell_network_mcc", "cell_network_mnc", "cell_home_mcc", "cell_home_mnc"};

    private static String describe(final AmlMessage m)
    {
        return m.error() + "|" + m.location() + "|" + m.source() + "|" + m.caller() + "|" + m.imsi() + "|" + m.imei() + "|" +
            m.mcc() + "|" + m.mnc() + "|" + m.fixTimeNs();
    }

    static List<String> smsOutcomes()
    {
        final List<String> out = new ArrayList<>();
        for (final String base : new String[] {AmlSmsParserTest.FIELDS, AmlSmsParserTest.FIELDS.replace("pm=G", "pm=N")})
        {
            for (final String key : SMS_KEYS)
            {
                for (final String value : VALUES)
                {
                    final String fields = base.replaceFirst("(^|;)" + key + "=[^;]*", "$1" + key + "=" + value);
                    out.add(describe(AmlSmsParser.parse(AmlSmsParserTest.sms(fields), "+84901234567")));
                }
                out.add(describe(AmlSmsParser.parse(AmlSmsParserTest.sms(base.replaceFirst("(^|;)" + key + "=[^;]*", "")))));
            }
        }
        return out;
    }

    static List<String> formOutcomes()
    {
        final List<String> out = new ArrayList<>();
        final String form = AmlFormParserTest.FORM + "&cell_home_mcc=452&cell_home_mnc=01";
        for (final String base : new String[] {form, form.replace("location_source=gps", "location_source=none"),
            form.replace("&cell_network_mcc=452&cell_network_mnc=04", "")})
        {
            for (final String key : FORM_KEYS)
            {
                for (final String value : VALUES)
                {
                    out.add(describe(AmlFormParser.parse(base.replaceFirst("(^|&)" + key + "=[^&]*", "$1" + key + "=" + value))));
                }
                out.add(describe(AmlFormParser.parse(base.replaceFirst("(^|&)" + key + "=[^&]*", ""))));
            }
        }
        return out;
    }

    private static String digest(final List<String> outcomes, final String dump) throws Exception
    {
        final String all = String.join("\n", outcomes);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", dump), all);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void smsOutcomesAreAsPinned() throws Exception
    {
        assertThat(digest(smsOutcomes(), "aml-sms-outcomes.txt"))
            .isEqualTo("d81d36c4efee39955ad74fda62c1a4073e741f996e637ef3d01c1cc478da1f26");
    }

    @Test
    void formOutcomesAreAsPinned() throws Exception
    {
        // re-pinned when location_time became exact: the four 14- and 15-digit values used to overflow into another year
        // (for instance 20260501080000 ms times 1e6) and are now journaled as AmlMessage.TIME_UNUSABLE
        // re-pinned when numbers were normalised to E.164 (CallerNumbers, issue 16): device_number=+84901234567 sent
        // unencoded arrives as " 84901234567" (the form's + is a space), which is now read as +84901234567 instead of
        // being refused as not a phone number
        assertThat(digest(formOutcomes(), "aml-form-outcomes.txt"))
            .isEqualTo("f8bad980cb0805239efb8b0dc4c5bd30bf1d9d18c8ca5a670b83b59d28131dd1");
    }
}
