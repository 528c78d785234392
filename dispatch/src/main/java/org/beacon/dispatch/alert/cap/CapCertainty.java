package org.beacon.dispatch.alert.cap;

/**
 * The confidence in the observation or prediction ({@code <certainty>}, CAP 1.2 section 3.2.2).
 */
public enum CapCertainty
{
    /** Determined to have occurred or to be ongoing. */
    OBSERVED("Observed"),
    /** Likely (p &gt; ~50%). */
    LIKELY("Likely"),
    /** Possible but not likely (p &lt;= ~50%). */
    POSSIBLE("Possible"),
    /** Not expected to occur (p ~ 0). */
    UNLIKELY("Unlikely"),
    /** Certainty not known. */
    UNKNOWN("Unknown");

    private final String token;

    CapCertainty(final String token)
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
