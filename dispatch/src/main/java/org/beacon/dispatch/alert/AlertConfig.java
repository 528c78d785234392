package org.beacon.dispatch.alert;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Hazard;
import org.beacon.dispatch.alert.cap.CapStatus;

/**
 * How area alerts are proposed and issued: per hazard, the inner (evacuate) zone and the outer (avoid) ring, whether
 * it goes out at once or waits for a dispatcher, and how long a message stays valid; for every message, the CAP
 * sender and status. Part of the state machine's fixed configuration: changing it changes decisions, so replay must
 * use the configuration the node used.
 *
 * <p>Sizing an incident's zones: the inner radius is the hazard's radius or the reported extent plus
 * {@link Rule#extentMarginM()}, whichever is larger, plus the incident's location uncertainty up to
 * {@link #maxUncertaintyAddM()} (the hazard may be anywhere in the uncertainty circle, and the evacuation zone must
 * cover it wherever it is). The outer ring is the hazard's ring width.
 *
 * @param rules              by hazard; a hazard without a rule never proposes an alert.
 * @param sender             CAP {@code <sender>}.
 * @param senderName         CAP {@code <senderName>} (Vietnamese; the English blocks add a translation).
 * @param identifierPrefix   CAP identifiers are this prefix, the alert id and the message number.
 * @param status             CAP {@code <status>} (ACTUAL in service, EXERCISE for drills).
 * @param maxUncertaintyAddM most uncertainty added to an inner radius.
 * @param renewBeforeNs      an active alert of an open incident is renewed (an Update) this long before it expires.
 */
public record AlertConfig(
    Map<Hazard, Rule> rules,
    String sender,
    String senderName,
    String identifierPrefix,
    CapStatus status,
    int maxUncertaintyAddM,
    long renewBeforeNs)
{
    /**
     * The zones and handling of one hazard.
     *
     * @param innerRadiusM   radius of the evacuation zone.
     * @param ringM          width of the avoid ring around it.
     * @param extentMarginM  added to a reported extent.
     * @param autoIssue      whether a proposal goes out at once (no approval).
     * @param expiresNs      validity of a message.
     */
    public record Rule(int innerRadiusM, int ringM, int extentMarginM, boolean autoIssue, long expiresNs)
    {
        /**
         * Checks the values.
         */
        public Rule
        {
            if (innerRadiusM < MIN_RADIUS_M || innerRadiusM > MAX_RADIUS_M || ringM < 0 || ringM > MAX_RADIUS_M || extentMarginM < 0 ||
                expiresNs <= 0)
            {
                throw new IllegalArgumentException("bad alert rule");
            }
        }
    }

    /** Smallest inner radius, metres. */
    public static final int MIN_RADIUS_M = 10;
    /** Largest inner radius and ring width, metres. */
    public static final int MAX_RADIUS_M = 20_000;

    /**
     * The default: a chemical release goes out at once (minutes matter and the hazard is invisible); every other
     * hazard waits for a dispatcher. Radii follow common first-response practice: a building fire 150 m evacuate /
     * 350 m avoid; a toxic release 500 m / 1,000 m; a gas leak 300 m / 500 m; a flood 500 m / 1,000 m; an explosion
     * (risk of a second one) 300 m / 700 m; a crowd 50 m / 200 m around its zone; a collapse 100 m / 200 m.
     */
    public static final AlertConfig DEFAULT = new AlertConfig(defaultRules(), "beacon@112.hochiminhcity.gov.vn",
        "Trung tâm 112 TP. Hồ Chí Minh", "VN-HCM-112", CapStatus.ACTUAL, 1_000, TimeUnit.MINUTES.toNanos(10));

    /**
     * Checks and copies.
     */
    public AlertConfig
    {
        rules = Map.copyOf(rules);
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderName, "senderName");
        Objects.requireNonNull(identifierPrefix, "identifierPrefix");
        Objects.requireNonNull(status, "status");
        if (identifierPrefix.isEmpty() || identifierPrefix.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '<' || c == '&'))
        {
            throw new IllegalArgumentException("a CAP identifier may not hold spaces, commas, < or &");
        }
        if (maxUncertaintyAddM < 0 || renewBeforeNs < 0)
        {
            throw new IllegalArgumentException("bad alert config");
        }
    }

    /**
     * @param hazard the hazard.
     * @return its rule, or {@code null} when it never proposes an alert.
     */
    public Rule rule(final Hazard hazard)
    {
        return rules.get(hazard);
    }

    /**
     * The same configuration with one hazard's rule replaced.
     *
     * @param hazard the hazard.
     * @param rule   its rule, or {@code null} to propose nothing for it.
     * @return the new configuration.
     */
    public AlertConfig withRule(final Hazard hazard, final Rule rule)
    {
        final EnumMap<Hazard, Rule> copy = new EnumMap<>(Hazard.class);
        copy.putAll(rules);
        if (null == rule)
        {
            copy.remove(hazard);
        }
        else
        {
            copy.put(hazard, rule);
        }
        return new AlertConfig(copy, sender, senderName, identifierPrefix, status, maxUncertaintyAddM, renewBeforeNs);
    }

    private static Map<Hazard, Rule> defaultRules()
    {
        final long twoHours = TimeUnit.HOURS.toNanos(2);
        final EnumMap<Hazard, Rule> rules = new EnumMap<>(Hazard.class);
        rules.put(Hazard.FIRE, new Rule(150, 350, 50, false, twoHours));
        rules.put(Hazard.CHEMICAL, new Rule(500, 1_000, 100, true, twoHours));
        rules.put(Hazard.GAS_LEAK, new Rule(300, 500, 50, false, twoHours));
        rules.put(Hazard.FLOOD, new Rule(500, 1_000, 100, false, TimeUnit.HOURS.toNanos(6)));
        rules.put(Hazard.EXPLOSION, new Rule(300, 700, 100, false, twoHours));
        rules.put(Hazard.CROWD, new Rule(50, 200, 20, false, TimeUnit.HOURS.toNanos(1)));
        rules.put(Hazard.COLLAPSE, new Rule(100, 200, 30, false, twoHours));
        return rules;
    }
}
