package org.beacon.dispatch.alert.cap;

/**
 * The handling of a CAP message ({@code <status>}, CAP 1.2 section 3.2.1).
 */
public enum CapStatus
{
    /** Actionable by all targeted recipients. */
    ACTUAL("Actual"),
    /** Actionable only by designated exercise participants. */
    EXERCISE("Exercise"),
    /** Internal functions of the alert network. */
    SYSTEM("System"),
    /** Technical testing only; all recipients disregard it. */
    TEST("Test"),
    /** A preliminary template or draft, not actionable. */
    DRAFT("Draft");

    private final String token;

    CapStatus(final String token)
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
