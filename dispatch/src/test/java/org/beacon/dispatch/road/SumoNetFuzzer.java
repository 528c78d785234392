package org.beacon.dispatch.road;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.beacon.dispatch.fuzz.Defects;

/**
 * Jazzer target: a SUMO {@code .net.xml}. The contract ({@link SumoNetReader#read(java.io.InputStream)}): a road graph,
 * or an {@link IOException} saying what is malformed; no other exception, and no programming error wrapped in one.
 */
public final class SumoNetFuzzer
{
    private SumoNetFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the file's bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        try
        {
            if (null == new SumoNetReader().read(new ByteArrayInputStream(data)))
            {
                throw new AssertionError("no graph and no error");
            }
        }
        catch (final IOException ex)
        {
            Defects.reason(ex.getMessage(), new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
            Defects.cause(ex);
        }
    }
}
