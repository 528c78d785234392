package org.beacon.dispatch.alert.cap;

/**
 * The intended distribution of a CAP message ({@code <scope>}, CAP 1.2 section 3.2.1).
 */
public enum CapScope
{
    /** For general dissemination to unrestricted audiences. */
    PUBLIC("Public"),
    /** For users with a known operational need (see restriction). */
    RESTRICTED("Restricted"),
    /** For the addresses listed in addresses. */
    PRIVATE("Private");

    private final String token;

    CapScope(final String token)
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
