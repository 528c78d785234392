package org.beacon.dispatch;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.beacon.codecs.Agency;
import org.beacon.codecs.AgenciesEncoder;

/**
 * Agencies as a bit mask with the bit positions of the schema's {@code Agencies} set (POLICE 0, FIRE 1,
 * AMBULANCE 2), and the category compatibility table used by call correlation.
 * <p>
 * UNIFIED (112) is not an agency of its own: the call-taker triages it. A 112 call adds no agency to an
 * incident, and an incident whose mask is empty takes units of any agency.
 * <p>
 * Compatibility of a call's agency with an incident (a call may join only a compatible incident):
 * <pre>
 *   call \ incident needs   none(112 only)  POLICE  FIRE  AMBULANCE
 *   UNIFIED (112)                 yes         yes    yes     yes
 *   POLICE  (113)                 yes         yes    no      yes
 *   FIRE    (114)                 yes         no     yes     yes
 *   AMBULANCE (115)               yes         yes    yes     yes
 * </pre>
 * A call is compatible when its agency is compatible with at least one agency the incident needs.
 * Same agency and 112 on either side always match. POLICE and AMBULANCE co-occur in traffic crashes and
 * assaults, FIRE and AMBULANCE in fires, burns and entrapments; AMBULANCE thus matches everything.
 * POLICE and FIRE alone rarely describe one event (a theft and a kitchen fire a street apart are two
 * incidents); when they do there are injuries, the incident needs AMBULANCE too and then both match,
 * and a dispatcher can always ADD_AGENCY or MERGE_INCIDENTS.
 */
final class AgencySet
{
    static final int POLICE = 1;
    static final int FIRE = 2;
    static final int AMBULANCE = 4;
    static final int ALL = POLICE | FIRE | AMBULANCE;

    /** In {@link Incident#recommendedMask}: at least one recommendation round ran. */
    static final int RECOMMENDED = 8;

    /** Bit order used by every loop over agencies, so outputs come in a fixed order. */
    static final int[] BITS = {POLICE, FIRE, AMBULANCE};

    private static final int[] COMPATIBLE = {
        0,                    // UNIFIED: handled before the table
        POLICE | AMBULANCE,   // POLICE call
        FIRE | AMBULANCE,     // FIRE call
        ALL,                  // AMBULANCE call
    };

    private AgencySet()
    {
    }

    static int bit(final Agency agency)
    {
        switch (agency)
        {
            case POLICE:
                return POLICE;
            case FIRE:
                return FIRE;
            case AMBULANCE:
                return AMBULANCE;
            default:
                return 0;
        }
    }

    static Agency agency(final int bit)
    {
        switch (bit)
        {
            case POLICE:
                return Agency.POLICE;
            case FIRE:
                return Agency.FIRE;
            case AMBULANCE:
                return Agency.AMBULANCE;
            default:
                return Agency.UNIFIED;
        }
    }

    /**
     * Whether a call of the given agency may join an incident that needs the given agencies.
     */
    static boolean compatible(final Agency callAgency, final int incidentAgencies)
    {
        if (callAgency == Agency.UNIFIED || 0 == incidentAgencies)
        {
            return true;
        }
        return (COMPATIBLE[callAgency.value() - Agency.UNIFIED.value()] & incidentAgencies) != 0;
    }

    /**
     * 1 highest: the most urgent of the opening agency and every agency needed.
     */
    static short priority(final Agency opening, final int agencies)
    {
        short priority = priority(opening);
        for (final int bit : BITS)
        {
            if ((agencies & bit) != 0)
            {
                priority = (short)Math.min(priority, priority(agency(bit)));
            }
        }
        return priority;
    }

    static short priority(final Agency agency)
    {
        switch (agency)
        {
            case FIRE:
            case AMBULANCE:
                return 1;
            case POLICE:
                return 2;
            default:
                return 3;
        }
    }

    static void encode(final AgenciesEncoder encoder, final int agencies)
    {
        encoder.clear()
            .pOLICE((agencies & POLICE) != 0)
            .fIRE((agencies & FIRE) != 0)
            .aMBULANCE((agencies & AMBULANCE) != 0);
    }

    static Set<Agency> toSet(final int agencies)
    {
        final EnumSet<Agency> set = EnumSet.noneOf(Agency.class);
        for (final int bit : BITS)
        {
            if ((agencies & bit) != 0)
            {
                set.add(agency(bit));
            }
        }
        return Collections.unmodifiableSet(set);
    }
}
