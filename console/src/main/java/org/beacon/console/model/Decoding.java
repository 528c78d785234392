package org.beacon.console.model;

import org.agrona.sbe.MessageDecoderFlyweight;
import org.beacon.core.MessageView;

/**
 * How the console reads a journal record once {@link MessageView#wrap} has checked its header: a decoder over the
 * view's body, at the record's own block length and version.
 */
final class Decoding
{
    private Decoding()
    {
    }

    /**
     * @param view    wrapped over a record of the decoder's template.
     * @param decoder the decoder to wrap.
     * @param <T>     the decoder's type.
     * @return the decoder, over the record's body.
     */
    static <T extends MessageDecoderFlyweight> T body(final MessageView view, final T decoder)
    {
        decoder.wrap(view.buffer(), MessageView.BODY, view.blockLength(), view.version());
        return decoder;
    }

    /**
     * Checks that the next variable-length field lies within the record before it is read (its length could otherwise
     * make the decoder allocate that much, or fail with a negative size).
     *
     * @param view   wrapped over the record.
     * @param limit  the decoder's limit (where the field's length sits).
     * @param length the field's declared length.
     * @throws IndexOutOfBoundsException when it does not fit: the model counts the record as malformed.
     */
    static void fits(final MessageView view, final int limit, final int length)
    {
        if (!view.varDataFits(limit, length))
        {
            throw new IndexOutOfBoundsException("a text field of " + length + " bytes runs past the record");
        }
    }
}
