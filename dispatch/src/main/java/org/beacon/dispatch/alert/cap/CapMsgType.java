package org.beacon.dispatch.alert.cap;

/**
 * The nature of a CAP message ({@code <msgType>}, CAP 1.2 section 3.2.1).
 */
public enum CapMsgType
{
    /** Initial information requiring attention. */
    ALERT("Alert"),
    /** Updates and supersedes the earlier messages in references. */
    UPDATE("Update"),
    /** Cancels the earlier messages in references. */
    CANCEL("Cancel"),
    /** Acknowledges receipt of the messages in references. */
    ACK("Ack"),
    /** Rejects the messages in references. */
    ERROR("Error");

    private final String token;

    CapMsgType(final String token)
    {
        this.token = token;
    }

    /**
     * The code value as the standard spells it in XML.
     *
     * @return the code value.
     */
    public String token()
    {
        return token;
    }
}
