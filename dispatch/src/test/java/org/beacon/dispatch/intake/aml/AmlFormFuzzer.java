package org.beacon.dispatch.intake.aml;

import java.nio.charset.StandardCharsets;

import org.beacon.dispatch.fuzz.Defects;

/**
 * Jazzer target: an AML HTTPS form body. The contract ({@link AmlFormParser}): never throws; an invalid message carries
 * its error, a valid one a location that is on the earth.
 */
public final class AmlFormFuzzer
{
    private AmlFormFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the body bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        final String body = new String(data, StandardCharsets.UTF_8);
        check(AmlFormParser.parse(body), body);
    }

    static void check(final AmlMessage message, final String input)
    {
        if (null == message)
        {
            throw new AssertionError("no message at all");
        }
        Defects.reason(message.error(), input);
        if (null == message.location())
        {
            throw new AssertionError("a message without a location: " + message);
        }
        if (message.valid())
        {
            Defects.location(message.location(), input);
        }
        else if (message.error().isEmpty())
        {
            throw new AssertionError("an invalid message with an empty error");
        }
    }
}
