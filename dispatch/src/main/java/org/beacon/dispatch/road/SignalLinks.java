package org.beacon.dispatch.road;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal-controlled links of a SUMO network and the conflicts between them, as the network file states
 * them: what the signal service needs to map each junction's signal groups to controller phases. Immutable.
 *
 * <p>A <em>link</em> is one {@code <connection>} that carries {@code tl} and {@code linkIndex}: one lane-to-lane
 * movement through a junction (or a pedestrian crossing), shown by character {@code linkIndex} of its traffic
 * light's state string. Every link belongs to one junction, the junction whose {@code incLanes} holds the link's
 * incoming lane, and has there its <em>junction index</em>: the junction's links enumerated lane by lane in
 * {@code incLanes} order, each lane's connections in file order (connections into or out of walking areas are
 * not links, those from a walking area onto a crossing are). That index is the row and column of SUMO's own foe
 * matrix, the junction's {@code <request index=… foes=… response=…>} elements, where character {@code k} from
 * the right of {@code foes} says whether link {@code k} crosses or merges with the row's link, and the same
 * character of {@code response} whether the row's link gives way to it when both may go (the junction's
 * right of way, used by SUMO for minor greens {@code 'g'}).
 *
 * <p>Which conflicting pairs may be green together at all is a matter of signal design, not of geometry: the file
 * states it in the traffic light's own programs ({@code <tlLogic>}): a conflicting pair that some phase of those
 * programs shows green together (a left turn with the oncoming through, a turn with the crossing it cuts, the
 * yielding one as {@code 'g'}) is <em>permissive</em>; every other conflicting pair is a {@link #hardConflict}
 * and must never be green together. A junction without usable foe matrix is read conservatively (every pair
 * from different incoming edges conflicts), a light without program lets no conflicting pair go together.
 */
public final class SignalLinks
{
    /** No links. */
    public static final SignalLinks NONE = new Builder().build();

    private final String[] tls;
    private final int[] tlsIndex;
    private final int[] junction;
    private final int[] junctionLink;
    private final String[] fromEdgeId;
    private final int[] fromEdge;
    private final int[] toEdge;
    private final String[] toEdgeId;
    private final char[] dir;
    private final int[] junctionsWithLinks;
    private final long[][][] foes;
    private final long[][][] response;
    private final int[] junctionSlot;
    private final Map<String, List<String>> programs;

    private SignalLinks(final Builder b, final int junctionCount)
    {
        final int n = b.tls.size();
        tls = b.tls.toArray(new String[0]);
        tlsIndex = toArray(b.tlsIndex);
        junction = toArray(b.junction);
        junctionLink = toArray(b.junctionLink);
        fromEdgeId = b.fromEdgeId.toArray(new String[0]);
        fromEdge = toArray(b.fromEdge);
        toEdge = toArray(b.toEdge);
        toEdgeId = b.toEdgeId.toArray(new String[0]);
        dir = new char[n];
        for (int i = 0; i < n; i++)
        {
            dir[i] = b.dir.get(i);
        }
        junctionsWithLinks = toArray(b.matrixJunction);
        foes = b.foes.toArray(new long[0][][]);
        response = b.response.toArray(new long[0][][]);
        programs = new HashMap<>(b.programs);
        junctionSlot = new int[Math.max(junctionCount, 0)];
        Arrays.fill(junctionSlot, -1);
        for (int s = 0; s < junctionsWithLinks.length; s++)
        {
            junctionSlot[junctionsWithLinks[s]] = s;
        }
    }

    private static int[] toArray(final List<Integer> list)
    {
        final int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++)
        {
            a[i] = list.get(i);
        }
        return a;
    }

    /** @return links, in file order of their junctions. */
    public int count()
    {
        return tls.length;
    }

    /**
     * @param link index.
     * @return the traffic light's id (the {@code tl} attribute).
     */
    public String tls(final int link)
    {
        return tls[link];
    }

    /**
     * @param link index.
     * @return its position in the traffic light's state string.
     */
    public int tlsIndex(final int link)
    {
        return tlsIndex[link];
    }

    /**
     * @param link index.
     * @return the road graph's index of its junction.
     */
    public int junction(final int link)
    {
        return junction[link];
    }

    /**
     * @param link index.
     * @return its junction index (row of the foe matrix).
     */
    public int junctionLink(final int link)
    {
        return junctionLink[link];
    }

    /**
     * @param link index.
     * @return the SUMO id of its incoming edge (a walking area's for a crossing).
     */
    public String fromEdgeId(final int link)
    {
        return fromEdgeId[link];
    }

    /**
     * @param link index.
     * @return the road graph's index of the incoming edge, -1 when the graph does not hold it.
     */
    public int fromEdge(final int link)
    {
        return fromEdge[link];
    }

    /**
     * @param link index.
     * @return the road graph's index of the outgoing edge, -1 when the graph does not hold it.
     */
    public int toEdge(final int link)
    {
        return toEdge[link];
    }

    /**
     * @param link index.
     * @return the SUMO id of its outgoing edge (a crossing's for a crossing).
     */
    public String toEdgeId(final int link)
    {
        return toEdgeId[link];
    }

    /**
     * @param link index.
     * @return SUMO's direction ({@code s r l t R L}), {@code '?'} when absent.
     */
    public char dir(final int link)
    {
        return dir[link];
    }

    /**
     * Whether two links of one junction conflict (either one lists the other as a foe).
     *
     * @param a link index.
     * @param b link index.
     * @return false for links of different junctions.
     */
    public boolean foes(final int a, final int b)
    {
        if (junction[a] != junction[b])
        {
            return false;
        }
        if (junctionSlot[junction[a]] < 0)
        {
            // no usable foe matrix: every pair from different incoming edges is taken to conflict
            return !fromEdgeId[a].equals(fromEdgeId[b]);
        }
        return bit(foes, a, b) || bit(foes, b, a);
    }

    /**
     * @param junction the road graph's junction index.
     * @return whether the file gave a foe matrix matching the junction's links.
     */
    public boolean hasMatrix(final int junction)
    {
        return junction >= 0 && junction < junctionSlot.length && junctionSlot[junction] >= 0;
    }

    /**
     * Whether link {@code a} must yield to link {@code b} when both are green.
     *
     * @param a link index.
     * @param b link index.
     * @return false for links of different junctions.
     */
    public boolean yields(final int a, final int b)
    {
        return junction[a] == junction[b] && bit(response, a, b);
    }

    /**
     * Whether some phase of the traffic light's own programs shows both links green ({@code G} or {@code g}).
     *
     * @param a link index.
     * @param b link index.
     * @return false for links of different lights.
     */
    public boolean greenTogetherInProgram(final int a, final int b)
    {
        if (!tls[a].equals(tls[b]))
        {
            return false;
        }
        for (final String state : programs.getOrDefault(tls[a], List.of()))
        {
            if (green(state, tlsIndex[a]) && green(state, tlsIndex[b]))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean green(final String state, final int index)
    {
        return index < state.length() && (state.charAt(index) == 'G' || state.charAt(index) == 'g');
    }

    /**
     * Whether two links must never be green together: they conflict and no phase of the light's own programs
     * lets them go together.
     *
     * @param a link index.
     * @param b link index.
     * @return whether the pair is a hard conflict.
     */
    public boolean hardConflict(final int a, final int b)
    {
        return foes(a, b) && !greenTogetherInProgram(a, b);
    }

    /**
     * @param tlsId a traffic light's id.
     * @return the state strings of its programs' phases, in file order (empty when the file has none).
     */
    public List<String> programStates(final String tlsId)
    {
        return programs.getOrDefault(tlsId, List.of());
    }

    private boolean bit(final long[][][] matrix, final int a, final int b)
    {
        final int slot = junctionSlot[junction[a]];
        if (slot < 0)
        {
            return false;
        }
        final long[][] rows = matrix[slot];
        final int row = junctionLink[a];
        final int column = junctionLink[b];
        if (row >= rows.length || null == rows[row] || (column >>> 6) >= rows[row].length)
        {
            return false;
        }
        return (rows[row][column >>> 6] & (1L << (column & 63))) != 0;
    }

    /** Collects links and foe matrices (the reader's work). */
    static final class Builder
    {
        private final List<String> tls = new ArrayList<>();
        private final List<Integer> tlsIndex = new ArrayList<>();
        private final List<Integer> junction = new ArrayList<>();
        private final List<Integer> junctionLink = new ArrayList<>();
        private final List<String> fromEdgeId = new ArrayList<>();
        private final List<Integer> fromEdge = new ArrayList<>();
        private final List<Integer> toEdge = new ArrayList<>();
        private final List<String> toEdgeId = new ArrayList<>();
        private final List<Character> dir = new ArrayList<>();
        private final List<Integer> matrixJunction = new ArrayList<>();
        private final List<long[][]> foes = new ArrayList<>();
        private final List<long[][]> response = new ArrayList<>();
        private final Map<String, List<String>> programs = new HashMap<>();
        private int junctionCount;

        /** One phase of one of a light's programs. */
        Builder programPhase(final String tlsId, final String state)
        {
            programs.computeIfAbsent(tlsId, k -> new ArrayList<>()).add(state);
            return this;
        }

        Builder link(final String tlsId, final int tlsLinkIndex, final int junctionIndex, final int linkOfJunction,
            final String fromId, final int from, final String toId, final int to, final char direction)
        {
            tls.add(tlsId);
            tlsIndex.add(tlsLinkIndex);
            junction.add(junctionIndex);
            junctionLink.add(linkOfJunction);
            fromEdgeId.add(fromId);
            fromEdge.add(from);
            toEdge.add(to);
            toEdgeId.add(toId);
            dir.add(direction);
            junctionCount = Math.max(junctionCount, junctionIndex + 1);
            return this;
        }

        /**
         * One junction's matrices: {@code foes[i]} and {@code response[i]} are the bit sets of row {@code i}
         * (bit {@code k} = link {@code k}).
         */
        Builder matrix(final int junctionIndex, final long[][] junctionFoes, final long[][] junctionResponse)
        {
            matrixJunction.add(junctionIndex);
            foes.add(junctionFoes);
            response.add(junctionResponse);
            junctionCount = Math.max(junctionCount, junctionIndex + 1);
            return this;
        }

        SignalLinks build()
        {
            return new SignalLinks(this, junctionCount);
        }
    }
}
