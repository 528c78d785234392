package org.beacon.dispatch.alert.cap;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.beacon.dispatch.fuzz.Defects;

/**
 * Jazzer target: a CAP 1.2 document as the broadcast gateway receives one. The contract: {@link CapValidator#validate}
 * never throws and answers a list of problems; {@link CapReader#read} returns an alert or throws its own
 * {@link CapFormatException} (whatever the validator said), and an alert it returns can be written again.
 */
public final class CapReaderFuzzer
{
    private CapReaderFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the document bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        final String xml = new String(data, StandardCharsets.UTF_8);
        final List<String> problems = CapValidator.validate(xml);
        if (null == problems)
        {
            throw new AssertionError("no answer from the validator");
        }
        problems.forEach(p -> Defects.reason(p, xml));
        final CapAlert alert;
        try
        {
            alert = CapReader.read(xml);
        }
        catch (final CapFormatException ex)
        {
            Defects.reason(ex.getMessage(), xml);
            Defects.cause(ex);
            return;
        }
        if (null == alert)
        {
            throw new AssertionError("the reader returned no alert and no error");
        }
        if (CapWriter.write(alert).isEmpty())
        {
            throw new AssertionError("an alert that was read writes as nothing");
        }
    }
}
