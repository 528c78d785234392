package org.beacon.dispatch.intake.aml;

import static org.assertj.core.api.Assertions.assertThat;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AmlFormParserTest
{
    static final String FORM = "v=3&emergency_number=112&source=call&time=1777622400000&location_latitude=10.7769&" +
        "location_longitude=106.7009&location_time=1777622405000&location_accuracy=14&location_confidence=68&" +
        "location_source=gps&location_altitude=12&device_number=%2B84901234567&device_imei=356938035643809&" +
        "device_imsi=452049876543210&device_model=Pixel&cell_network_mcc=452&cell_network_mnc=04";

    static String with(final String field, final String value)
    {
        return FORM.replaceFirst("(^|&)" + field + "=[^&]*", "$1" + field + "=" + value);
    }

    @Test
    void fullForm()
    {
        final AmlMessage message = AmlFormParser.parse(FORM);
        assertThat(message.valid()).isTrue();
        assertThat(message.source()).isEqualTo(FixSource.AML_HTTPS);
        assertThat(message.caller()).isEqualTo("+84901234567");
        assertThat(message.imei()).isEqualTo("356938035643809");
        assertThat(message.imsi()).isEqualTo("452049876543210");
        assertThat(message.mcc()).isEqualTo("452");
        assertThat(message.mnc()).isEqualTo("04");
        assertThat(message.fixTimeNs()).isEqualTo(1_777_622_405_000_000_000L);
        assertThat(message.location().method()).isEqualTo(LocationMethod.GNSS);
        assertThat(message.location().shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(message.location().latMicros()).isEqualTo(10_776_900);
        assertThat(message.location().uncertaintyM()).isEqualTo(23);
    }

    @Test
    void defaultsAndVariants()
    {
        assertThat(AmlFormParser.parse(FORM.replace("&location_confidence=68", "")).location().confidencePct()).isEqualTo(68);
        assertThat(AmlFormParser.parse(with("location_confidence", "0.95")).location().uncertaintyM()).isEqualTo(14);
        assertThat(AmlFormParser.parse(with("location_source", "wifi")).location().method()).isEqualTo(LocationMethod.WIFI);
        assertThat(AmlFormParser.parse(with("location_source", "C")).location().method()).isEqualTo(LocationMethod.CELL);
        assertThat(AmlFormParser.parse(with("location_source", "fused")).location().method()).isEqualTo(LocationMethod.HYBRID);
        final AmlMessage noAccuracy = AmlFormParser.parse(FORM.replace("&location_accuracy=14", ""));
        assertThat(noAccuracy.location().shape()).isEqualTo(LocationShape.POINT);
        assertThat(noAccuracy.location().uncertaintyM()).isZero();
        final AmlMessage homeNetwork = AmlFormParser.parse(FORM.replace("cell_network_mcc=452&cell_network_mnc=04",
            "cell_home_mcc=452&cell_home_mnc=02"));
        assertThat(homeNetwork.mnc()).isEqualTo("02");
        final AmlMessage imeiOnly = AmlFormParser.parse("location_latitude=10&location_longitude=106&location_accuracy=5&" +
            "device_imei=356938035643809");
        assertThat(imeiOnly.valid()).isTrue();
        assertThat(imeiOnly.caller()).isNull();
    }

    @Test
    void noFix()
    {
        for (final String form : new String[] {
            "device_number=%2B84901234567&location_source=none",
            "device_number=%2B84901234567&location_latitude=&location_longitude=",
            with("location_source", "N")})
        {
            final AmlMessage message = AmlFormParser.parse(form);
            assertThat(message.valid()).as(form).isTrue();
            assertThat(message.hasFix()).isFalse();
            assertThat(message.location().problem()).isEqualTo(LocationProblem.NO_FIX);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "location_latitude|91|location_latitude: 91 outside [-90, 90]",
        "location_latitude|north|location_latitude: 'north' is not a decimal latitude",
        "location_longitude|-181|location_longitude: -181 outside [-180, 180]",
        "location_accuracy|-1|location_accuracy: '-1' is not a radius in metres",
        "location_accuracy|5000000|location_accuracy: 5000000 m exceeds 1000000",
        "location_confidence|0|location_confidence: '0' is not a confidence in (0, 1] or (1, 100] percent",
        "location_confidence|120|location_confidence: '120' is not a confidence in (0, 1] or (1, 100] percent",
        "location_time|yesterday|location_time: 'yesterday' is not milliseconds since the epoch",
        "location_source|radar|location_source: 'radar' is not gps, wifi, cell, fused, unknown or none",
        "device_number|call-me|device_number: not a phone number",
        "device_imei|12|device_imei: not an IMEI of 14 to 16 digits",
        "device_imsi|abc|device_imsi: not an IMSI of 5 to 15 digits",
        "cell_network_mcc|4521|cell_network_mcc: '4521' is not 3 digits",
        "cell_network_mnc|x|cell_network_mnc: 'x' is not 2 or 3 digits",
        "v|three|v: 'three' is not a version number",
        "emergency_number|1a2|emergency_number: '1a2' is not a short number",
    })
    void everyFieldIsValidated(final String field, final String value, final String error)
    {
        final AmlMessage message = AmlFormParser.parse(with(field, value));
        assertThat(message.valid()).isFalse();
        assertThat(message.error()).isEqualTo(error);
        assertThat(message.errorKey()).isEqualTo(field);
    }

    @Test
    void structure()
    {
        assertThat(AmlFormParser.parse("").error()).isEqualTo("body: empty");
        assertThat(AmlFormParser.parse(FORM + "&device_model=Other").error()).isEqualTo("'device_model': given twice");
        assertThat(AmlFormParser.parse(FORM + "&x=%zz").error()).isEqualTo("body: malformed URL encoding");
        assertThat(AmlFormParser.parse(FORM + "&=3").error()).isEqualTo("body: a field without a name");
        assertThat(AmlFormParser.parse("location_latitude=10&location_longitude=106").errorKey()).isEqualTo("device_number");
        assertThat(AmlFormParser.parse("device_number=112233&location_latitude=10").error())
            .isEqualTo("location_longitude: missing while the other coordinate is given");
        assertThat(AmlFormParser.parse("a=" + "b".repeat(9000)).error()).contains("longer than");
        assertThat(AmlFormParser.parse("a=1&".repeat(70)).error()).contains("more than 64 fields");
    }

    @Test
    void aLocationTimeOutsideTheWindowOrBeyondNanosecondsIsUnusableAndTheFixKept()
    {
        final long now = 1_777_622_405_000_000_000L;
        assertThat(AmlFormParser.parse(FORM, now).fixTimeNs()).isEqualTo(now);
        final AmlMessage overflow = AmlFormParser.parse(FORM.replace("location_time=1777622405000", "location_time=999999999999999"));
        assertThat(overflow.hasFix()).isTrue();
        assertThat(overflow.fixTimeNs()).isEqualTo(AmlMessage.TIME_UNUSABLE);
        final AmlMessage late = AmlFormParser.parse(FORM, now - 2 * 86_400_000_000_000L);
        assertThat(late.hasFix()).isTrue();
        assertThat(late.timeUnusable()).isTrue();
    }
}
