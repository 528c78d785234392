package org.beacon.dispatch.location;

import java.nio.charset.StandardCharsets;

import org.beacon.dispatch.fuzz.Defects;

/**
 * Jazzer target: a PIDF-LO body. The contract ({@link PidfLoParser#parse(byte[])}): never throws; the result is a usable
 * location on the earth, or unusable with its problem and a reason that is the parser's own (not a swallowed
 * programming error).
 */
public final class PidfLoFuzzer
{
    private PidfLoFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the body bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        Defects.location(PidfLoParser.parse(data), new String(data, StandardCharsets.ISO_8859_1));
    }
}
