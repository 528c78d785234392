package org.beacon.dispatch.alert.cap;

import java.time.Instant;
import java.util.Objects;

/**
 * An earlier message that an Update, Cancel, Ack or Error refers to; written as {@code sender,identifier,sent}.
 *
 * @param sender     the earlier message's sender.
 * @param identifier the earlier message's identifier.
 * @param sent       when the earlier message was sent (whole seconds are written).
 */
public record CapReference(String sender, String identifier, Instant sent)
{
    /**
     * Checks the parts are present.
     */
    public CapReference
    {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(sent, "sent");
    }

    /**
     * A reference to an earlier alert.
     *
     * @param alert the earlier alert.
     * @return the reference to it.
     */
    public static CapReference to(final CapAlert alert)
    {
        return new CapReference(alert.sender(), alert.identifier(), alert.sent());
    }
}
