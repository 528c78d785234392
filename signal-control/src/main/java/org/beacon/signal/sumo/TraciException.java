package org.beacon.signal.sumo;

/**
 * SUMO answered a TraCI command with a non-OK status. The message was read completely, so the
 * connection stays usable for the next command.
 */
public class TraciException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int commandId;
    private final int status;
    private final String description;

    /**
     * An error status from SUMO.
     *
     * @param commandId   the command SUMO refused
     * @param status      the status byte ({@link TraciDescriptor#RTYPE_ERR} or {@link TraciDescriptor#RTYPE_NOT_IMPLEMENTED})
     * @param description SUMO's own description text
     */
    public TraciException(final int commandId, final int status, final String description)
    {
        super(String.format("SUMO answered command 0x%02x with %s: %s",
            commandId, status == TraciDescriptor.RTYPE_NOT_IMPLEMENTED ? "NOT_IMPLEMENTED" : "ERR", description));
        this.commandId = commandId;
        this.status = status;
        this.description = description;
    }

    TraciException(final int commandId, final String message, final Throwable cause)
    {
        super(message, cause);
        this.commandId = commandId;
        this.status = -1;
        this.description = message;
    }

    /**
     * The id of the command the failure belongs to.
     *
     * @return the command id, -1 if no command was in flight
     */
    public int commandId()
    {
        return commandId;
    }

    /**
     * The status byte SUMO sent.
     *
     * @return the status byte, -1 for a protocol failure
     */
    public int status()
    {
        return status;
    }

    /**
     * SUMO's description text for an error status, or this client's text for a protocol failure.
     *
     * @return the description
     */
    public String description()
    {
        return description;
    }
}
