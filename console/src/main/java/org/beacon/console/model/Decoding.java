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
}
