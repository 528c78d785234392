package org.beacon.dispatch.alert.cap;

/**
 * The category of the subject event ({@code <category>}, CAP 1.2 section 3.2.2).
 */
public enum CapCategory
{
    /** Geophysical, landslide included. */
    GEO("Geo"),
    /** Meteorological, flood included. */
    MET("Met"),
    /** General emergency and public safety. */
    SAFETY("Safety"),
    /** Law enforcement, military, homeland and local or private security. */
    SECURITY("Security"),
    /** Rescue and recovery. */
    RESCUE("Rescue"),
    /** Fire suppression and rescue. */
    FIRE("Fire"),
    /** Medical and public health. */
    HEALTH("Health"),
    /** Pollution and other environmental events. */
    ENV("Env"),
    /** Public and private transportation. */
    TRANSPORT("Transport"),
    /** Utility, telecommunication and other non-transport infrastructure. */
    INFRA("Infra"),
    /** Chemical, biological, radiological, nuclear or high-yield explosive threat or attack. */
    CBRNE("CBRNE"),
    /** Other events. */
    OTHER("Other");

    private final String token;

    CapCategory(final String token)
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
