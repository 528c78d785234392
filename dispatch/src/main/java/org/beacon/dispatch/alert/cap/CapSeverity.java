package org.beacon.dispatch.alert.cap;

/**
 * The intensity of impact ({@code <severity>}, CAP 1.2 section 3.2.2).
 */
public enum CapSeverity
{
    /** Extraordinary threat to life or property. */
    EXTREME("Extreme"),
    /** Significant threat to life or property. */
    SEVERE("Severe"),
    /** Possible threat to life or property. */
    MODERATE("Moderate"),
    /** Minimal to no known threat to life or property. */
    MINOR("Minor"),
    /** Severity not known. */
    UNKNOWN("Unknown");

    private final String token;

    CapSeverity(final String token)
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
