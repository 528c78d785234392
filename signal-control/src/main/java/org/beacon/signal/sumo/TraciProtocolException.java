package org.beacon.signal.sumo;

/**
 * The bytes on the wire are not valid TraCI for the command in flight (bad length, unexpected
 * response id, variable or type, truncated or stalled stream). The stream can no longer be trusted
 * to be in step with SUMO, so the client closes the connection before throwing this.
 */
public final class TraciProtocolException extends TraciException
{
    private static final long serialVersionUID = 1L;

    TraciProtocolException(final int commandId, final String message)
    {
        this(commandId, message, null);
    }

    TraciProtocolException(final int commandId, final String message, final Throwable cause)
    {
        super(commandId, String.format("TraCI protocol violation (command 0x%02x): %s", commandId & 0xFF, message), cause);
    }
}
