package org.beacon.dispatch.intake.aml;

import java.nio.charset.StandardCharsets;

/**
 * Jazzer target: an AML SMS text. The contract ({@link AmlSmsParser}): never throws; an invalid message carries its
 * error, a valid one a location that is on the earth.
 */
public final class AmlSmsFuzzer
{
    private AmlSmsFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the SMS bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        AmlFormFuzzer.check(AmlSmsParser.parse(data, 0, data.length, "+84900000001"), new String(data, StandardCharsets.UTF_8));
    }
}
