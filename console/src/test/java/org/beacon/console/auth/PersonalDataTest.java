package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PersonalDataTest
{
    private static final String NUMBER = "+84901234567";
    private static final String MASKED_NUMBER = "+8490*****67";
    private static final String IMSI = "452040123456789";
    private static final String MASKED_IMSI = "45204**********";
    private static final String IMEI = "356938035643809";
    private static final String MASKED_IMEI = "35693**********";

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+84901234567                  | +8490*****67",
        "0901234567                    | 0901****67",
        "090-123-4567                  | 090-1**-**67",
        "sip:+84901234567@ims.example  | sip:+8490*****67@ims.example",
        "SIP:+84901234567@ims.example  | SIP:+8490*****67@ims.example",
        "sips:0901234567@10.0.0.1:5061 | sips:0901****67@10.0.0.1:5061",
        "tel:+84901234567              | tel:+8490*****67",
        "1234567                       | 1234*67",
        "123456                        | ******",
        "+84 123                       | +** ***",
        "113                           | ***",
        "anonymous                     | anonymous",
        "''                            | ''",
    })
    void masksNumbers(final String number, final String masked)
    {
        assertThat(PersonalData.maskNumber(number)).isEqualTo(masked);
        assertThat(PersonalData.forLog(number)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "452040123456789    | 45204**********",
        "356938035643809    | 35693**********",
        "35-209900-176148-1 | 35-209***-******-*",
        "123456             | ******",
    })
    void masksIds(final String id, final String masked)
    {
        assertThat(PersonalData.maskId(id)).isEqualTo(masked);
    }

    @Test
    void nullStaysNull()
    {
        assertThat(PersonalData.maskNumber(null)).isNull();
        assertThat(PersonalData.maskId(null)).isNull();
        assertThat(PersonalData.forLog(null)).isNull();
        for (final Role role : Role.values())
        {
            assertThat(PersonalData.caller(role, null)).isNull();
            assertThat(PersonalData.imsi(role, null)).isNull();
            assertThat(PersonalData.imei(role, null)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void eachRoleSeesWhatThePolicySays(final Role role)
    {
        final boolean seesNumbers = role == Role.DISPATCHER || role == Role.AUDITOR;
        final boolean seesIds = role == Role.AUDITOR;
        assertThat(PersonalData.caller(role, NUMBER)).isEqualTo(seesNumbers ? NUMBER : MASKED_NUMBER);
        assertThat(PersonalData.caller(role, "sip:+84901234567@ims.example"))
            .isEqualTo(seesNumbers ? "sip:+84901234567@ims.example" : "sip:+8490*****67@ims.example");
        assertThat(PersonalData.imsi(role, IMSI)).isEqualTo(seesIds ? IMSI : MASKED_IMSI);
        assertThat(PersonalData.imei(role, IMEI)).isEqualTo(seesIds ? IMEI : MASKED_IMEI);
    }

    @Test
    void withoutARoleEverythingIsMasked()
    {
        assertThat(PersonalData.caller(null, NUMBER)).isEqualTo(MASKED_NUMBER);
        assertThat(PersonalData.imsi(null, IMSI)).isEqualTo(MASKED_IMSI);
        assertThat(PersonalData.imei(null, IMEI)).isEqualTo(MASKED_IMEI);
    }

    @Test
    void applyMasksACallForTraffic()
    {
        final ObjectNode call = call();
        PersonalData.apply(Role.TRAFFIC, call);
        assertThat(call.get("caller").textValue()).isEqualTo(MASKED_NUMBER);
        assertThat(call.get("imsi").textValue()).isEqualTo(MASKED_IMSI);
        assertThat(call.get("imei").textValue()).isEqualTo(MASKED_IMEI);
        assertThat(call.get("id").intValue()).isEqualTo(7);
        assertThat(call.get("k").textValue()).isEqualTo("call:7");
    }

    @Test
    void applyMasksOnlyIdsForADispatcher()
    {
        final ObjectNode call = call();
        PersonalData.apply(Role.DISPATCHER, call);
        assertThat(call.get("caller").textValue()).isEqualTo(NUMBER);
        assertThat(call.get("imsi").textValue()).isEqualTo(MASKED_IMSI);
        assertThat(call.get("imei").textValue()).isEqualTo(MASKED_IMEI);
    }

    @Test
    void applyMasksNumberAndIdsForAnAdmin()
    {
        final ObjectNode call = call();
        PersonalData.apply(Role.ADMIN, call);
        assertThat(call.get("caller").textValue()).isEqualTo(MASKED_NUMBER);
        assertThat(call.get("imsi").textValue()).isEqualTo(MASKED_IMSI);
        assertThat(call.get("imei").textValue()).isEqualTo(MASKED_IMEI);
    }

    @Test
    void applyLeavesACallAloneForAnAuditor()
    {
        final ObjectNode call = call();
        final ObjectNode before = call.deepCopy();
        PersonalData.apply(Role.AUDITOR, call);
        assertThat(call).isEqualTo(before);
    }

    @Test
    void applyDoesNotAddAbsentFieldsNorTouchNonText()
    {
        final ObjectNode call = mapper.createObjectNode();
        call.put("k", "call:8").put("kind", "call").put("caller", 84901234567L);
        call.putNull("imsi");
        PersonalData.apply(Role.TRAFFIC, call);
        assertThat(call.get("caller").longValue()).isEqualTo(84901234567L);
        assertThat(call.get("imsi").isNull()).isTrue();
        assertThat(call.has("imei")).isFalse();
    }

    @Test
    void applyIgnoresOtherKinds()
    {
        for (final String kind : new String[] {"incident", "unit", "notice", "CALL"})
        {
            final ObjectNode entity = call();
            entity.put("kind", kind);
            final ObjectNode before = entity.deepCopy();
            PersonalData.apply(Role.TRAFFIC, entity);
            assertThat(entity).as(kind).isEqualTo(before);
        }
        final ObjectNode noKind = call();
        noKind.remove("kind");
        final ObjectNode before = noKind.deepCopy();
        PersonalData.apply(Role.ADMIN, noKind);
        assertThat(noKind).isEqualTo(before);

        PersonalData.apply(Role.ADMIN, null);
    }

    private ObjectNode call()
    {
        final ObjectNode call = mapper.createObjectNode();
        call.put("k", "call:7").put("kind", "call").put("id", 7).put("caller", NUMBER).put("imsi", IMSI).put("imei", IMEI);
        return call;
    }
}
