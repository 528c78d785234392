package org.beacon.dispatch.alert.broadcast;

import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapInfo;
import org.beacon.dispatch.alert.cap.CapSeverity;
import org.beacon.dispatch.alert.cap.CapStatus;
import org.beacon.dispatch.alert.cap.CapUrgency;

/**
 * Cell-broadcast message identifiers of public warnings, as 3GPP TS 23.041 section 9.4.1.2.2 allocates them to CMAS
 * and ETSI TS 102 900 (EU-Alert) reuses them: the severity, urgency and certainty of a CAP info block choose the
 * channel, and a second language goes on the "additional language" twin, 13 above.
 *
 * <pre>
 *   local  additional  3GPP TS 23.041 (CMAS)                       ETSI TS 102 900
 *   4370   4383        Presidential                                EU-Alert Level 1 (national; never chosen here)
 *   4371   4384        Extreme, Immediate, Observed                EU-Alert Level 2
 *   4372   4385        Extreme, Immediate, Likely                  EU-Alert Level 2
 *   4373   4386        Extreme, Expected, Observed                 EU-Alert Level 3
 *   4374   4387        Extreme, Expected, Likely                   EU-Alert Level 3
 *   4375   4388        Severe, Immediate, Observed                 EU-Alert Level 3
 *   4376   4389        Severe, Immediate, Likely                   EU-Alert Level 3
 *   4377   4390        Severe, Expected, Observed                  EU-Alert Level 3
 *   4378   4391        Severe, Expected, Likely                    EU-Alert Level 3
 *   4379   4392        Child abduction (AMBER)                     EU-Amber
 *   4380   4393        Required monthly test                       EU-Monthly test
 *   4381   4394        Exercise                                    EU-Exercise
 *   4396   4397        Public safety                               EU-Alert Level 4
 * </pre>
 *
 * The numbers were checked against Android's {@code SmsCbConstants} (e.g. 4384 =
 * {@code MESSAGE_ID_CMAS_ALERT_EXTREME_IMMEDIATE_OBSERVED_LANGUAGE}) and a CBC conformance test suite's EU-Alert table
 * (Level 2 = 4371-4372 / 4384-4385, Level 3 = 4373-4378 / 4386-4391, Level 4 = 4396 / 4397).
 *
 * <p>Mapping rules beyond the table: urgency other than Immediate (Expected, Future, Past, Unknown) counts as Expected;
 * certainty other than Observed counts as Likely (Possible and Unlikely are not eligible for CMAS classes, and sending
 * them on the Likely channel errs on the side of warning); severities below Severe go on Level 4 (public safety); CAP
 * status Exercise and Test go on the exercise and monthly-test channels whatever their severity.
 */
public final class EuAlertMessageIds
{
    /** EU-Alert Level 1 / CMAS Presidential. */
    public static final int LEVEL_1 = 4370;
    /** Extreme, Immediate, Observed. */
    public static final int EXTREME_IMMEDIATE_OBSERVED = 4371;
    /** Extreme, Immediate, Likely. */
    public static final int EXTREME_IMMEDIATE_LIKELY = 4372;
    /** Extreme, Expected, Observed. */
    public static final int EXTREME_EXPECTED_OBSERVED = 4373;
    /** Extreme, Expected, Likely. */
    public static final int EXTREME_EXPECTED_LIKELY = 4374;
    /** Severe, Immediate, Observed. */
    public static final int SEVERE_IMMEDIATE_OBSERVED = 4375;
    /** Severe, Immediate, Likely. */
    public static final int SEVERE_IMMEDIATE_LIKELY = 4376;
    /** Severe, Expected, Observed. */
    public static final int SEVERE_EXPECTED_OBSERVED = 4377;
    /** Severe, Expected, Likely. */
    public static final int SEVERE_EXPECTED_LIKELY = 4378;
    /** EU-Amber / child abduction. */
    public static final int AMBER = 4379;
    /** Required monthly test. */
    public static final int MONTHLY_TEST = 4380;
    /** Exercise. */
    public static final int EXERCISE = 4381;
    /** EU-Alert Level 4 / public safety. */
    public static final int PUBLIC_SAFETY = 4396;
    /** EU-Alert Level 4 / public safety, additional language. */
    public static final int PUBLIC_SAFETY_ADDITIONAL_LANGUAGE = 4397;
    /** What is added to a 4370-4382 identifier for its additional-language twin (4383-4395). */
    public static final int ADDITIONAL_LANGUAGE_OFFSET = 13;

    private EuAlertMessageIds()
    {
    }

    /**
     * The identifier an info block goes out on.
     *
     * @param status             the alert's status.
     * @param info               the info block.
     * @param additionalLanguage whether it is a second (third, ...) language of its zone.
     * @return the message identifier.
     */
    public static int forInfo(final CapStatus status, final CapInfo info, final boolean additionalLanguage)
    {
        return forLevel(status, info.severity(), info.urgency(), info.certainty(), additionalLanguage);
    }

    /**
     * The identifier for a severity, urgency and certainty.
     *
     * @param status             the alert's status.
     * @param severity           the severity.
     * @param urgency            the urgency.
     * @param certainty          the certainty.
     * @param additionalLanguage whether it is the additional-language channel.
     * @return the message identifier.
     */
    public static int forLevel(
        final CapStatus status, final CapSeverity severity, final CapUrgency urgency, final CapCertainty certainty,
        final boolean additionalLanguage)
    {
        final boolean immediate = urgency == CapUrgency.IMMEDIATE;
        final boolean observed = certainty == CapCertainty.OBSERVED;
        final int local;
        if (status == CapStatus.EXERCISE)
        {
            local = EXERCISE;
        }
        else if (status == CapStatus.TEST)
        {
            local = MONTHLY_TEST;
        }
        else if (severity == CapSeverity.EXTREME)
        {
            local = immediate ? (observed ? EXTREME_IMMEDIATE_OBSERVED : EXTREME_IMMEDIATE_LIKELY) :
                (observed ? EXTREME_EXPECTED_OBSERVED : EXTREME_EXPECTED_LIKELY);
        }
        else if (severity == CapSeverity.SEVERE)
        {
            local = immediate ? (observed ? SEVERE_IMMEDIATE_OBSERVED : SEVERE_IMMEDIATE_LIKELY) :
                (observed ? SEVERE_EXPECTED_OBSERVED : SEVERE_EXPECTED_LIKELY);
        }
        else
        {
            return additionalLanguage ? PUBLIC_SAFETY_ADDITIONAL_LANGUAGE : PUBLIC_SAFETY;
        }
        return additionalLanguage ? local + ADDITIONAL_LANGUAGE_OFFSET : local;
    }

    /**
     * The identifier of the other language of a pair.
     *
     * @param messageId a local-language identifier.
     * @return its additional-language twin.
     */
    public static int additionalLanguageOf(final int messageId)
    {
        if (messageId == PUBLIC_SAFETY)
        {
            return PUBLIC_SAFETY_ADDITIONAL_LANGUAGE;
        }
        if (messageId >= LEVEL_1 && messageId <= LEVEL_1 + 12)
        {
            return messageId + ADDITIONAL_LANGUAGE_OFFSET;
        }
        return messageId;
    }
}
