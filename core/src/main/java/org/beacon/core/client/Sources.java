package org.beacon.core.client;

/**
 * The one registry of ingress source ids: every gateway offers under its own id (journal records carry it, and
 * the id in the top 16 bits of its correlation ids keeps its Acks apart from the others' on the shared egress).
 * 0 is the core's own.
 */
public final class Sources
{
    /** The simulated city of the demo and the load rigs (LatencyRig, ThroughputRig, ConsoleRig). */
    public static final int SIMULATED_CITY = 1;
    /** The SIP gateway (emergency calls). */
    public static final int SIP = 11;
    /** The AML gateway (handset locations over HTTPS and SMS). */
    public static final int AML = 31;
    /** The signal field gateway (simulated cabinets or SUMO). */
    public static final int SIGNAL_FIELD = 41;
    /** The operators' console. */
    public static final int CONSOLE = 51;
    /** The camera workers' detection publisher. */
    public static final int CAMERAS = 61;
    /** The demo's watch-list loader. */
    public static final int WATCHLIST = 62;
    /** The broadcast gateway (cell broadcast). */
    public static final int BROADCAST = 71;
    /** The alert benchmark's operator. */
    public static final int ALERT_BENCH = 73;

    private static final int[] IDS = {SIMULATED_CITY, SIP, AML, SIGNAL_FIELD, CONSOLE, CAMERAS, WATCHLIST, BROADCAST, ALERT_BENCH};
    private static final String[] NAMES = {
        "simulated-city", "sip", "aml", "signal-field", "console", "cameras", "watchlist", "broadcast", "alert-bench"};

    private Sources()
    {
    }

    /**
     * @param source a source id.
     * @return its name, or "source N" for an id not in the registry.
     */
    public static String name(final int source)
    {
        if (source == 0)
        {
            return "core";
        }
        for (int i = 0; i < IDS.length; i++)
        {
            if (IDS[i] == source)
            {
                return NAMES[i];
            }
        }
        return "source " + source;
    }

    /**
     * @param source a source id, 1..32767.
     * @return the first correlation id of that source's range: the id in the top 16 bits.
     */
    public static long correlationBase(final int source)
    {
        return (long)source << 48;
    }
}
