package org.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.MessageView;

/**
 * Jazzer target: an operator command's JSON body as the console receives it. Read as {@link HttpIo#body} reads it (not
 * JSON, or not an object: refused before the codec); then the contract ({@link CommandCodec#encode}): an SBE message
 * of Beacon's schema whose block and var data lie inside it, or {@link CommandCodec.BadCommand} with a reason; no
 * other exception.
 */
public final class CommandCodecFuzzer
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MessageView VIEW = new MessageView();

    private CommandCodecFuzzer()
    {
    }

    /**
     * One input.
     *
     * @param data the body bytes.
     */
    public static void fuzzerTestOneInput(final byte[] data)
    {
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(data);
        }
        catch (final IOException ex)
        {
            return;
        }
        if (null == node || !node.isObject())
        {
            return;
        }
        final byte[] message;
        try
        {
            message = CommandCodec.encode(node, 7);
        }
        catch (final CommandCodec.BadCommand ex)
        {
            if (null == ex.getMessage() || ex.getMessage().isEmpty())
            {
                throw new AssertionError("a refusal without its reason", ex);
            }
            return;
        }
        final int templateId = VIEW.wrap(new UnsafeBuffer(message), 0, message.length);
        if (MessageView.NOT_A_MESSAGE == templateId || templateId < 1 || message.length > 4096)
        {
            throw new AssertionError("encoded something the core would not take: template " + templateId + ", " +
                message.length + " bytes");
        }
    }
}
