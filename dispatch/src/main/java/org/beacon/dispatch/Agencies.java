package org.beacon.dispatch;

import org.beacon.codecs.Agency;

/**
 * The emergency numbers dialled in Vietnam and the agencies they reach: 112 (unified, triaged by the call-taker), 113
 * police, 114 fire, 115 ambulance. The one place this mapping is written: the dispatch slice reads raw agency values
 * of its inputs with it, and the SIP intake reads dialled numbers with it.
 */
public final class Agencies
{
    private Agencies()
    {
    }

    /**
     * The agency an emergency number reaches.
     *
     * @param number    the number, e.g. 113, or a raw agency value of a message.
     * @param otherwise what to answer for any other number (a default agency, or null for "not an emergency number").
     * @return the agency, or {@code otherwise}.
     */
    public static Agency ofNumber(final int number, final Agency otherwise)
    {
        switch (number)
        {
            case 112:
                return Agency.UNIFIED;
            case 113:
                return Agency.POLICE;
            case 114:
                return Agency.FIRE;
            case 115:
                return Agency.AMBULANCE;
            default:
                return otherwise;
        }
    }
}
