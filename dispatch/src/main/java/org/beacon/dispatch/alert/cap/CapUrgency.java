package org.beacon.dispatch.alert.cap;

/**
 * The time available to prepare ({@code <urgency>}, CAP 1.2 section 3.2.2).
 */
public enum CapUrgency
{
    /** Act immediately. */
    IMMEDIATE("Immediate"),
    /** Act soon, within the next hour. */
    EXPECTED("Expected"),
    /** Act in the near future. */
    FUTURE("Future"),
    /** Action no longer required. */
    PAST("Past"),
    /** Urgency not known. */
    UNKNOWN("Unknown");

    private final String token;

    CapUrgency(final String token)
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
