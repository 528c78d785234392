package org.beacon.dispatch.intake.aml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AmlSmsParserTest
{
    static final String FIELDS = "lt=+10.77690;lg=+106.70090;rd=14;top=20260501080000;lc=68;pm=G;si=452049876543210;" +
        "ei=356938035643809;mcc=452;mnc=04";

    /** An AML SMS with the given fields and a correct {@code ml}. */
    static String sms(final String fields)
    {
        final String base = "A\"ML=1;" + fields + ";ml=";
        for (int digits = 1; digits <= 4; digits++)
        {
            final int total = base.length() + digits;
            if (String.valueOf(total).length() == digits)
            {
                return base + total;
            }
        }
        throw new IllegalArgumentException("too long");
    }

    static String with(final String field, final String value)
    {
        return FIELDS.replaceFirst("(^|;)" + field + "=[^;]*", "$1" + field + "=" + value);
    }

    @Test
    void gnssFix()
    {
        final AmlMessage message = AmlSmsParser.parse(sms(FIELDS), "+84901234567");
        assertThat(message.valid()).isTrue();
        assertThat(message.hasFix()).isTrue();
        assertThat(message.source()).isEqualTo(FixSource.AML_SMS);
        assertThat(message.caller()).isEqualTo("+84901234567");
        assertThat(message.imsi()).isEqualTo("452049876543210");
        assertThat(message.imei()).isEqualTo("356938035643809");
        assertThat(message.mcc()).isEqualTo("452");
        assertThat(message.mnc()).isEqualTo("04");
        assertThat(message.fixTimeNs()).isEqualTo(Instant.parse("2026-05-01T08:00:00Z").getEpochSecond() * 1_000_000_000L);
        assertThat(message.location().quality()).isEqualTo(LocationQuality.USABLE);
        assertThat(message.location().shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(message.location().method()).isEqualTo(LocationMethod.GNSS);
        assertThat(message.location().latMicros()).isEqualTo(10_776_900);
        assertThat(message.location().lonMicros()).isEqualTo(106_700_900);
        // 14 m at 68% is 22.7 m at 95%
        assertThat(message.location().uncertaintyM()).isEqualTo(23);
        assertThat(message.location().confidencePct()).isEqualTo(68);
    }

    @Test
    void methodsAndTheEtsiExampleShape()
    {
        assertThat(AmlSmsParser.parse(sms(with("pm", "W"))).location().method()).isEqualTo(LocationMethod.WIFI);
        assertThat(AmlSmsParser.parse(sms(with("pm", "C"))).location().method()).isEqualTo(LocationMethod.CELL);
        final AmlMessage london = AmlSmsParser.parse("A\"ML=1;lt=+00.00000;lg=+000.00000;rd=N;top=20220131173734;lc=0;pm=N;" +
            "si=234159000000000;ei=123456789012345;mcc=234;mnc=15;ml=127");
        assertThat(london.valid()).isTrue();
        assertThat(london.hasFix()).isFalse();
        final AmlMessage negative = AmlSmsParser.parse(sms(with("lg", "-0.12601").replace("lt=+10.77690", "lt=+51.53321")));
        assertThat(negative.location().lonMicros()).isEqualTo(-126_010);
        assertThat(negative.location().latMicros()).isEqualTo(51_533_210);
    }

    @Test
    void noFixWithEmptyFieldsIsValid()
    {
        final AmlMessage message = AmlSmsParser.parse(sms("lt=;lg=;rd=;top=;lc=;pm=N;si=452049876543210;ei=;mcc=452;mnc=04"));
        assertThat(message.valid()).isTrue();
        assertThat(message.hasFix()).isFalse();
        assertThat(message.location().quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(message.location().problem()).isEqualTo(LocationProblem.NO_FIX);
        assertThat(message.fixTimeNs()).isZero();
        assertThat(message.imei()).isNull();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "lt|+95.00000|lt: +95.00000 outside [-90, 90]",
        "lt|ten|lt: 'ten' is not a decimal latitude",
        "lt||lt: '' is not a decimal latitude",
        "lg|-180.50000|lg: -180.50000 outside [-180, 180]",
        "lg|106,7009|lg: '106,7009' is not a decimal longitude",
        "rd|-5|rd: '-5' is not a radius in metres",
        "rd|N|rd: 'N' is not a radius in metres",
        "rd|2000000|rd: 2000000 m exceeds 1000000",
        "top|20261301080000|top: '20261301080000' is not a UTC time yyyyMMddHHmmss",
        "top|2026050108000|top: '2026050108000' is not a UTC time yyyyMMddHHmmss",
        "top|20260230080000|top: '20260230080000' is not a UTC time yyyyMMddHHmmss",
        "lc|0|lc: '0' is not a confidence in 1..100 percent",
        "lc|101|lc: '101' is not a confidence in 1..100 percent",
        "lc|68.5|lc: '68.5' is not a confidence in 1..100 percent",
        "pm|X|pm: 'X' is not G, W, C or N",
        "pm|g|pm: 'g' is not G, W, C or N",
        "si|45204ABC|si: not an IMSI of 5 to 15 digits",
        "si|4520498765432101|si: not an IMSI of 5 to 15 digits",
        "ei|3569380356|ei: not an IMEI of 14 to 16 digits",
        "mcc|45|mcc: '45' is not 3 digits",
        "mcc|4a2|mcc: '4a2' is not 3 digits",
        "mnc|4|mnc: '4' is not 2 or 3 digits",
        "mnc|0404|mnc: '0404' is not 2 or 3 digits",
    })
    void everyFieldIsValidated(final String field, final String value, final String error)
    {
        final AmlMessage message = AmlSmsParser.parse(sms(with(field, null == value ? "" : value)));
        assertThat(message.valid()).isFalse();
        assertThat(message.error()).isEqualTo(error);
        assertThat(message.errorKey()).isEqualTo(field);
        assertThat(message.location().usable()).isFalse();
    }

    @Test
    void outOfRangeIsMarkedAsSuch()
    {
        assertThat(AmlSmsParser.parse(sms(with("lt", "-90.00001"))).location().problem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(AmlSmsParser.parse(sms(with("lt", "-90.00000"))).valid()).isTrue();
        assertThat(AmlSmsParser.parse(sms(with("lg", "+180.00000"))).valid()).isTrue();
    }

    @Test
    void declaredLengthMustMatch()
    {
        final String good = sms(FIELDS);
        final String shorter = good.replace("rd=14", "rd=1");
        final AmlMessage message = AmlSmsParser.parse(shorter);
        assertThat(message.valid()).isFalse();
        assertThat(message.errorKey()).isEqualTo("ml");
        assertThat(message.error()).contains("declares " + good.length()).contains("has " + (good.length() - 1));
        assertThat(AmlSmsParser.parse(good.replaceFirst("ml=\\d+", "ml=abc")).error()).isEqualTo("ml: 'abc' is not a length");
        // a line end added in transit is not part of the message
        assertThat(AmlSmsParser.parse(good + "\r\n").valid()).isTrue();
        // a truncated message fails on its length, or on the field it lost
        assertThat(AmlSmsParser.parse(good.substring(0, good.length() - 20)).valid()).isFalse();
    }

    @Test
    void structure()
    {
        assertThat(AmlSmsParser.parse("").error()).isEqualTo("message: empty");
        assertThat(AmlSmsParser.parse((String)null).error()).isEqualTo("message: empty");
        assertThat(AmlSmsParser.parse("AML=1;" + FIELDS).errorKey()).isEqualTo("header");
        assertThat(AmlSmsParser.parse(sms(FIELDS).replace("A\"ML=1", "A\"ML=2")).error()).contains("version '2'");
        assertThat(AmlSmsParser.parse(sms(FIELDS + ";lt=+10.00000")).error()).isEqualTo("lt: given twice");
        assertThat(AmlSmsParser.parse(sms(FIELDS.replace("lc=68;", ""))).error()).isEqualTo("lc: missing");
        assertThat(AmlSmsParser.parse(sms(FIELDS + ";garbage")).error()).contains("is not key=value");
        assertThat(AmlSmsParser.parse(sms(FIELDS + ";fl=3")).valid()).isTrue();
        assertThat(AmlSmsParser.parse("A\"ML=1;" + "x".repeat(2000)).error()).contains("longer than");
        assertThat(AmlSmsParser.parse(sms(FIELDS), "not-a-number").errorKey()).isEqualTo("originator");
    }

    @Test
    void bytesAreReadAsText()
    {
        final byte[] bytes = ("xx" + sms(FIELDS) + "yy").getBytes(StandardCharsets.US_ASCII);
        assertThat(AmlSmsParser.parse(bytes, 2, bytes.length - 4, "+84901234567").hasFix()).isTrue();
        assertThat(AmlSmsParser.parse(bytes, 0, 0, null).valid()).isFalse();
        assertThat(AmlSmsParser.parse(bytes, 5, bytes.length, null).valid()).isFalse();
    }

    @Test
    void toStringMasksPersonalData()
    {
        final String text = AmlSmsParser.parse(sms(FIELDS), "+84901234567").toString();
        assertThat(text).doesNotContain("452049876543210").doesNotContain("356938035643809").doesNotContain("84901234567");
        assertThat(text).contains("567").contains("210");
    }

    /** Thousands of mutated messages: never an exception; valid ones carry a sane fix or an explicit no-fix. */
    @Test
    void mutatedMessagesNeverThrow()
    {
        final String seed = sms(FIELDS);
        final String alphabet = "0123456789+-.;=NGWCA\"ML ltgrdopcsimen";
        final SplittableRandom random = new SplittableRandom(103625);
        int valid = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final StringBuilder text = new StringBuilder(seed);
            final int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && text.length() > 0; e++)
            {
                final int at = random.nextInt(text.length());
                switch (random.nextInt(3))
                {
                    case 0:
                        text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        break;
                    case 1:
                        text.deleteCharAt(at);
                        break;
                    default:
                        text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        break;
                }
            }
            final AmlMessage message = AmlSmsParser.parse(text.toString());
            if (message.valid())
            {
                valid++;
                if (message.hasFix())
                {
                    assertThat(message.location().latMicros()).isBetween(-90_000_000, 90_000_000);
                    assertThat(message.location().lonMicros()).isBetween(-180_000_000, 180_000_000);
                    assertThat(message.location().uncertaintyM()).isNotNegative();
                }
                else
                {
                    assertThat(message.location().problem()).isEqualTo(LocationProblem.NO_FIX);
                }
            }
            else
            {
                assertThat(message.error()).contains(":");
            }
        }
        // an edit that keeps the length (a digit for a digit) can stay valid; most do not
        assertThat(valid).isLessThan(5_000);
    }

    @Test
    void aTimeOfPositioningIsKeptOnlyWithinADayOfTheGatewaysClock()
    {
        final long now = Instant.parse("2026-05-01T08:00:00Z").getEpochSecond() * 1_000_000_000L;
        assertThat(AmlSmsParser.parse(sms(FIELDS), null, now).fixTimeNs()).isEqualTo(now);
        assertThat(AmlSmsParser.parse(sms(with("top", "20260502075959")), null, now).fixTimeNs()).isEqualTo(now + 86_399_000_000_000L);
        for (final String top : new String[] {"20260502080001", "20260430075959", "27000615120000", "25840101000000", "19600101000000"})
        {
            final AmlMessage message = AmlSmsParser.parse(sms(with("top", top)), null, now);
            assertThat(message.valid()).as(top).isTrue();
            assertThat(message.hasFix()).as(top).isTrue();
            assertThat(message.timeUnusable()).as(top).isTrue();
            assertThat(message.fixTimeNs()).as(top).isEqualTo(AmlMessage.TIME_UNUSABLE);
        }
    }

    @Test
    void withoutAClockATimeNanosecondsCannotHoldIsUnusableNeverWrappedIntoAnotherYear()
    {
        // 2700 used to overflow toEpochSecond * 1e9 and come out in the 2200s
        assertThat(AmlSmsParser.parse(sms(with("top", "27000615120000"))).fixTimeNs()).isEqualTo(AmlMessage.TIME_UNUSABLE);
        assertThat(AmlSmsParser.parse(sms(with("top", "22620101000000"))).fixTimeNs())
            .isEqualTo(Instant.parse("2262-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
        assertThat(AmlSmsParser.parse(sms(with("top", "22630101000000"))).fixTimeNs()).isEqualTo(AmlMessage.TIME_UNUSABLE);
    }
}
