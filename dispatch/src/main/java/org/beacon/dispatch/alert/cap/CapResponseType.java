package org.beacon.dispatch.alert.cap;

/**
 * The recommended action for the audience ({@code <responseType>}, CAP 1.2 section 3.2.2).
 */
public enum CapResponseType
{
    /** Take shelter in place. */
    SHELTER("Shelter"),
    /** Relocate as instructed. */
    EVACUATE("Evacuate"),
    /** Make preparations as instructed. */
    PREPARE("Prepare"),
    /** Execute a pre-planned activity. */
    EXECUTE("Execute"),
    /** Avoid the subject event. */
    AVOID("Avoid"),
    /** Attend to information sources. */
    MONITOR("Monitor"),
    /** Evaluate the information in this message (not for public warnings). */
    ASSESS("Assess"),
    /** The subject event no longer poses a threat. */
    ALL_CLEAR("AllClear"),
    /** No action recommended. */
    NONE("None");

    private final String token;

    CapResponseType(final String token)
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
