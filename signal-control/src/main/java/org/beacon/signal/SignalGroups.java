package org.beacon.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import org.beacon.signal.controller.ControllerConfig;

/**
 * Maps every real junction's signal groups to phases of Beacon's controller model (NEMA's eight phases in two
 * rings with a barrier, {@link ControllerConfig}) from the network's own links and conflicts ({@link Links}:
 * dispatch's {@code SignalLinks}, SUMO's foe and response matrices). Start-up work; the result is fixed by the file.
 *
 * <p><b>Signal groups.</b> The links of a junction that enter from one incoming edge form one group (they share
 * the approach's signal heads); a pedestrian crossing is a group of its own. Every link of a group gets the
 * group's phase.
 *
 * <p><b>Conflicts.</b> Two links conflict when SUMO's foe matrix says they cross or merge. A conflicting pair is
 * <em>permissive</em> when the light's own program in the file shows both green in some phase (a left turn with
 * the oncoming through, a turn with the crossing it cuts: the network's designer let them go together, one
 * giving way); every other conflicting pair is a <em>hard</em> conflict and must never be green together. A
 * permissive pair green together in Beacon's mapping shows the link that gives way (SUMO's response matrix) as
 * the minor green {@code 'g'}, as a permissive left turn under a green ball yields. Two groups are compatible
 * when no pair of their links is a hard conflict. Two phases are green together when they are the same phase or
 * {@link ControllerConfig#compatible compatible} in the ring-barrier sense (different rings, same side of the
 * barrier); the controller and its conflict monitor never show anything else, so a mapping in which every two
 * groups on phases that may be green together are compatible cannot put conflicting movements in green
 * together, whatever the plan's timing or a preemption does. Clearance stays the controller's: each phase
 * leaves green only through its yellow and red clearance, so no signal skips yellow or red.
 *
 * <p><b>NEMA eight-phase fit.</b> First the conventional mapping is tried: each approach on the through phase of
 * its heading ({@link SignalNetwork#phaseForHeading}: 2 northbound, 6 southbound, 4 eastbound, 8 westbound), the
 * two directions of one street concurrent; groups that are not approaches of the road graph (bus-only or bike
 * lanes, crossings) join the first of 2, 6, 4, 8 whose concurrent groups they are compatible with. It is kept when
 * it is conflict-free.
 *
 * <p><b>Conflict-graph stages.</b> Otherwise (junctions of three or five legs, skewed legs that share a heading,
 * split phasing, protected turns) the groups are coloured greedily, in link order, into stages of mutually
 * compatible groups, and stage {@code k} runs on ring 1's phase 2, 4, 1, 3 (ring 2 stays empty), so that no two
 * stages are ever green together. A junction needing more than four stages, or whose groups conflict within
 * themselves, is not mapped: it and every junction sharing its traffic light stay under SUMO's own program.
 */
public final class SignalGroups
{
    /** How a junction's groups were mapped. */
    public enum Method
    {
        /** Not a signalized junction of the network's links. */
        NONE,
        /** The heading-based NEMA eight-phase mapping. */
        NEMA_EIGHT,
        /** Stages coloured from the conflict graph. */
        CONFLICT_STAGES,
        /** No conflict-free mapping into the controller's phases: left to SUMO. */
        UNMAPPED
    }

    /** Stage k's phase in the conflict-graph mapping (ring 1 only). */
    private static final int[] STAGE_PHASES = {2, 4, 1, 3};
    /** Phases tried, in order, for a group that is no approach. */
    private static final int[] EXTRA_ORDER = {2, 6, 4, 8};

    /**
     * The signal-controlled links of a network and their conflicts (implemented over dispatch's
     * {@code SignalLinks}).
     */
    public interface Links
    {
        /** @return links. */
        int count();

        /**
         * @param link index.
         * @return the traffic light's id.
         */
        String tls(int link);

        /**
         * @param link index.
         * @return its junction index.
         */
        int junction(int link);

        /**
         * @param link index.
         * @return the SUMO id of its incoming edge (a walking area's for a crossing, starting with ':').
         */
        String fromEdgeId(int link);

        /**
         * @param link index.
         * @return the SUMO id of its outgoing edge.
         */
        String toEdgeId(int link);

        /**
         * @param link index.
         * @return the routing edge it enters from, -1 when the road graph has none.
         */
        int fromEdge(int link);

        /**
         * @param a link index.
         * @param b link index.
         * @return whether the two cross or merge (SUMO's foe matrix).
         */
        boolean conflict(int a, int b);

        /**
         * @param a link index.
         * @param b link index.
         * @return whether the two conflict and must never be green together.
         */
        boolean hardConflict(int a, int b);

        /**
         * @param a link index.
         * @param b link index.
         * @return whether {@code a} yields to {@code b} when both are green.
         */
        boolean yields(int a, int b);
    }

    private final Links links;
    private final int[] linkPhase;
    private final boolean[] linkMinor;
    private final Method[] junctionMethod;

    private SignalGroups(final Links links, final int[] linkPhase, final boolean[] linkMinor, final Method[] junctionMethod)
    {
        this.links = links;
        this.linkPhase = linkPhase;
        this.linkMinor = linkMinor;
        this.junctionMethod = junctionMethod;
    }

    /**
     * Maps a network's signal links.
     *
     * @param links         the links.
     * @param junctionCount junctions of the network.
     * @param trafficLight  whether a junction is a signalized one.
     * @param headingPhase  the NEMA through phase (2, 4, 6, 8) of an approach edge's heading.
     * @return the mapping.
     */
    public static SignalGroups derive(final Links links, final int junctionCount, final IntPredicate trafficLight,
        final IntUnaryOperator headingPhase)
    {
        final int[] phase = new int[links.count()];
        final boolean[] minor = new boolean[links.count()];
        final Method[] method = new Method[junctionCount];
        Arrays.fill(method, Method.NONE);
        final Map<Integer, List<Integer>> byJunction = new HashMap<>();
        final List<Integer> junctionOrder = new ArrayList<>();
        for (int l = 0; l < links.count(); l++)
        {
            final int j = links.junction(l);
            if (!byJunction.containsKey(j))
            {
                junctionOrder.add(j);
            }
            byJunction.computeIfAbsent(j, k -> new ArrayList<>()).add(l);
        }
        for (final int j : junctionOrder)
        {
            method[j] = trafficLight.test(j) ? mapJunction(links, byJunction.get(j), headingPhase, phase) : Method.UNMAPPED;
        }
        leaveSharedLightsToSumo(links, method, phase);
        for (final int j : junctionOrder)
        {
            if (method[j] == Method.NEMA_EIGHT || method[j] == Method.CONFLICT_STAGES)
            {
                markMinor(links, byJunction.get(j), phase, minor);
            }
        }
        return new SignalGroups(links, phase, minor, method);
    }

    /** Maps one junction's links into {@code phase}; returns how (UNMAPPED leaves its links at 0). */
    private static Method mapJunction(final Links links, final List<Integer> junctionLinks, final IntUnaryOperator headingPhase,
        final int[] phase)
    {
        final List<List<Integer>> groups = groups(links, junctionLinks);
        for (final List<Integer> g : groups)
        {
            if (!compatible(links, g, g))
            {
                return Method.UNMAPPED;
            }
        }
        final int[] groupPhase = new int[groups.size()];
        final Method how;
        if (nemaFit(links, groups, headingPhase, groupPhase))
        {
            how = Method.NEMA_EIGHT;
        }
        else if (stages(links, groups, groupPhase))
        {
            how = Method.CONFLICT_STAGES;
        }
        else
        {
            return Method.UNMAPPED;
        }
        for (int g = 0; g < groups.size(); g++)
        {
            for (final int l : groups.get(g))
            {
                phase[l] = groupPhase[g];
            }
        }
        return how;
    }

    /** Groups by incoming edge (a crossing by the crossing it enters), in link order. */
    private static List<List<Integer>> groups(final Links links, final List<Integer> junctionLinks)
    {
        final Map<String, List<Integer>> byKey = new HashMap<>();
        final List<List<Integer>> groups = new ArrayList<>();
        for (final int l : junctionLinks)
        {
            final String from = links.fromEdgeId(l);
            final String key = from.startsWith(":") ? "crossing " + links.toEdgeId(l) : from;
            final List<Integer> group = byKey.get(key);
            if (null == group)
            {
                final List<Integer> fresh = new ArrayList<>();
                fresh.add(l);
                byKey.put(key, fresh);
                groups.add(fresh);
            }
            else
            {
                group.add(l);
            }
        }
        return groups;
    }

    /** Whether no link of {@code a} is a hard conflict of a link of {@code b}. */
    private static boolean compatible(final Links links, final List<Integer> a, final List<Integer> b)
    {
        for (final int x : a)
        {
            for (final int y : b)
            {
                if (x != y && links.hardConflict(x, y))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether two phases may show green at the same time: the same phase, or different rings on one side of
     * the barrier.
     *
     * @param p a phase 1..8.
     * @param q a phase 1..8.
     * @return whether they may be green together.
     */
    public static boolean greenTogether(final int p, final int q)
    {
        return p == q || ControllerConfig.compatible(p, q);
    }

    private static boolean nemaFit(final Links links, final List<List<Integer>> groups, final IntUnaryOperator headingPhase,
        final int[] groupPhase)
    {
        Arrays.fill(groupPhase, 0);
        for (int g = 0; g < groups.size(); g++)
        {
            final int edge = links.fromEdge(groups.get(g).get(0));
            if (edge >= 0)
            {
                groupPhase[g] = headingPhase.applyAsInt(edge);
            }
        }
        for (int g = 0; g < groups.size(); g++)
        {
            for (int h = g + 1; h < groups.size(); h++)
            {
                if (groupPhase[g] != 0 && groupPhase[h] != 0 && greenTogether(groupPhase[g], groupPhase[h])
                    && !compatible(links, groups.get(g), groups.get(h)))
                {
                    return false;
                }
            }
        }
        for (int g = 0; g < groups.size(); g++)
        {
            if (groupPhase[g] == 0 && !place(links, groups, groupPhase, g, EXTRA_ORDER))
            {
                return false;
            }
        }
        return true;
    }

    /** Puts group g on the first candidate phase whose green-together groups it is compatible with. */
    private static boolean place(final Links links, final List<List<Integer>> groups, final int[] groupPhase, final int g,
        final int[] candidates)
    {
        for (final int p : candidates)
        {
            boolean fits = true;
            for (int h = 0; h < groups.size() && fits; h++)
            {
                fits = h == g || groupPhase[h] == 0 || !greenTogether(p, groupPhase[h]) || compatible(links, groups.get(g), groups.get(h));
            }
            if (fits)
            {
                groupPhase[g] = p;
                return true;
            }
        }
        return false;
    }

    /** Greedy colouring into at most four ring-1 stages. */
    private static boolean stages(final Links links, final List<List<Integer>> groups, final int[] groupPhase)
    {
        Arrays.fill(groupPhase, 0);
        for (int g = 0; g < groups.size(); g++)
        {
            if (!place(links, groups, groupPhase, g, STAGE_PHASES))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A traffic light drives all its junctions with one state string: when one of them could not be mapped (or
     * is not a signalized junction of the network), none of them is, and SUMO keeps its own program there.
     */
    private static void leaveSharedLightsToSumo(final Links links, final Method[] method, final int[] phase)
    {
        boolean changed = true;
        while (changed)
        {
            changed = false;
            final Map<String, Boolean> tlsMapped = new HashMap<>();
            for (int l = 0; l < links.count(); l++)
            {
                final Method m = method[links.junction(l)];
                tlsMapped.merge(links.tls(l), m == Method.NEMA_EIGHT || m == Method.CONFLICT_STAGES, Boolean::logicalAnd);
            }
            for (int l = 0; l < links.count(); l++)
            {
                final int j = links.junction(l);
                if (!tlsMapped.get(links.tls(l)) && method[j] != Method.UNMAPPED)
                {
                    method[j] = Method.UNMAPPED;
                    changed = true;
                }
            }
        }
        for (int l = 0; l < links.count(); l++)
        {
            if (method[links.junction(l)] == Method.UNMAPPED)
            {
                phase[l] = 0;
            }
        }
    }

    /** A link that yields to a link which may be green with it shows the minor green. */
    private static void markMinor(final Links links, final List<Integer> junctionLinks, final int[] phase, final boolean[] minor)
    {
        for (final int a : junctionLinks)
        {
            for (final int b : junctionLinks)
            {
                if (a != b && links.conflict(a, b) && links.yields(a, b) && greenTogether(phase[a], phase[b]))
                {
                    minor[a] = true;
                }
            }
        }
    }

    /** @return the links mapped. */
    public Links links()
    {
        return links;
    }

    /**
     * @param link index in {@link #links()}.
     * @return its phase 1..8, or 0 when its junction is left to SUMO.
     */
    public int phase(final int link)
    {
        return linkPhase[link];
    }

    /**
     * @param link index in {@link #links()}.
     * @return whether its green is SUMO's minor {@code 'g'} (it yields to a link that may be green with it).
     */
    public boolean minor(final int link)
    {
        return linkMinor[link];
    }

    /**
     * @param junction road-graph junction index.
     * @return how its links were mapped.
     */
    public Method method(final int junction)
    {
        return junctionMethod[junction];
    }

    /**
     * @param junction road-graph junction index.
     * @return whether Beacon's controllers drive it.
     */
    public boolean mapped(final int junction)
    {
        return junctionMethod[junction] == Method.NEMA_EIGHT || junctionMethod[junction] == Method.CONFLICT_STAGES;
    }
}
