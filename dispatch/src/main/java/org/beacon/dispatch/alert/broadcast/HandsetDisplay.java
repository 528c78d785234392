package org.beacon.dispatch.alert.broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.BroadcastOutcome;

/**
 * What the handsets of a {@link Handsets} population show, message after message, under one display policy.
 *
 * <p>A handset receives a message when its serving cell broadcasts it. Of the messages of one broadcast it keeps, per
 * zone, the one in its own language, else the local-language one. With device-based geofencing (WEA 3.0 style,
 * {@link Policy#geofenced}) it shows a message only when its own location estimate is inside the message's area or
 * within the margin plus its accuracy of it, so that every handset truly inside shows it; a handset without location,
 * or whose accuracy is worse than {@link Policy#maxAccuracyM}, fails open and shows whatever its cell broadcasts,
 * as the cell-only baseline ({@link Policy#CELL_ONLY}) does for every handset. Of what passes it shows the most severe:
 * Evacuate beats Avoid. An Update replaces what a receiving handset showed for the alert (nothing, when the update's
 * area leaves it out); a Cancel clears the alert on every receiving handset and shows the all-clear where it passes.
 *
 * <p>Not thread-safe: the gateway thread owns it.
 */
public final class HandsetDisplay
{
    /**
     * Default geofence margin beyond an area's edge, metres, on top of the handset's own accuracy (which already keeps
     * every handset truly inside showing the message): what is left of WEA 3.0's 0.1 mile (161 m) overshoot allowance
     * after the accuracy of a Wi-Fi fix.
     */
    public static final double DEFAULT_MARGIN_M = 25.0;
    /** Default worst accuracy a handset still geofences with, metres. */
    public static final double DEFAULT_MAX_ACCURACY_M = 300.0;

    /**
     * How handsets decide to show a message.
     *
     * @param geofenced    whether handsets compare their location with the message's area.
     * @param marginM      how far beyond the area a located handset still shows it, metres.
     * @param maxAccuracyM the worst accuracy a handset trusts its location with; beyond it, it shows what it receives.
     */
    public record Policy(boolean geofenced, double marginM, double maxAccuracyM)
    {
        /** Every handset shows whatever its cell broadcasts. */
        public static final Policy CELL_ONLY = new Policy(false, 0.0, 0.0);
        /** Device-based geofencing with the default margin and accuracy bound. */
        public static final Policy GEOFENCED = new Policy(true, DEFAULT_MARGIN_M, DEFAULT_MAX_ACCURACY_M);
    }

    /**
     * What the handsets did with one broadcast.
     *
     * @param alertKey  the alert.
     * @param receivers handsets that received at least one of its messages.
     * @param evacuate  handsets now showing its Evacuate (inner zone) message, ascending.
     * @param avoid     handsets now showing its Avoid (outer area) message, ascending.
     * @param allClear  handsets now showing its all-clear, ascending.
     */
    public record Delivery(long alertKey, int receivers, int[] evacuate, int[] avoid, int[] allClear)
    {
        /**
         * Nothing delivered.
         *
         * @param alertKey the alert.
         * @return an empty delivery.
         */
        public static Delivery none(final long alertKey)
        {
            return new Delivery(alertKey, 0, new int[0], new int[0], new int[0]);
        }

        /** @return how many handsets show one of the broadcast's messages. */
        public int showing()
        {
            return evacuate.length + avoid.length + allClear.length;
        }
    }

    private final Handsets handsets;
    private final Policy policy;
    private final Long2ObjectHashMap<Int2ObjectHashMap<CbsMessage>> shown = new Long2ObjectHashMap<>();

    /**
     * Handsets showing nothing yet.
     *
     * @param handsets the population.
     * @param policy   how they decide.
     */
    public HandsetDisplay(final Handsets handsets, final Policy policy)
    {
        this.handsets = handsets;
        this.policy = policy;
    }

    /** @return the policy. */
    public Policy policy()
    {
        return policy;
    }

    /** @return the population. */
    public Handsets handsets()
    {
        return handsets;
    }

    /**
     * What a handset shows for an alert.
     *
     * @param handset  the handset's id.
     * @param alertKey the alert.
     * @return the message shown, or null.
     */
    public CbsMessage shown(final int handset, final long alertKey)
    {
        final Int2ObjectHashMap<CbsMessage> ofAlert = shown.get(alertKey);
        return null == ofAlert ? null : ofAlert.get(handset);
    }

    /**
     * Delivers a broadcast to the handsets of its cells.
     *
     * @param broadcast what the CBC sent.
     * @return what the handsets did.
     */
    public Delivery deliver(final Broadcast broadcast)
    {
        final long alertKey = broadcast.alertKey();
        final boolean cancel = broadcast.outcome() == BroadcastOutcome.CANCELLED;
        if (broadcast.outcome() != BroadcastOutcome.BROADCAST && !cancel)
        {
            return Delivery.none(alertKey);
        }
        // a handset receives exactly what its serving cell broadcasts: go cell by cell
        final TreeMap<Integer, List<CbsMessage>> byCell = new TreeMap<>();
        for (final CbsMessage message : broadcast.messages())
        {
            for (final int cell : message.cells())
            {
                byCell.computeIfAbsent(cell, k -> new ArrayList<>(4)).add(message);
            }
        }
        final Int2ObjectHashMap<CbsMessage> ofAlert = shown.computeIfAbsent(alertKey, k -> new Int2ObjectHashMap<>());
        final IntArrayList evacuate = new IntArrayList();
        final IntArrayList avoid = new IntArrayList();
        final IntArrayList allClear = new IntArrayList();
        int receivers = 0;
        for (final Map.Entry<Integer, List<CbsMessage>> cell : byCell.entrySet())
        {
            final List<CbsMessage> messages = cell.getValue();
            for (final int id : handsets.campedOn(cell.getKey()))
            {
                receivers++;
                final CbsMessage best = choose(handsets.handset(id), messages);
                if (null == best)
                {
                    ofAlert.remove(id);
                    continue;
                }
                ofAlert.put(id, best);
                switch (best.level())
                {
                    case EVACUATE -> evacuate.addInt(id);
                    case AVOID -> avoid.addInt(id);
                    default -> allClear.addInt(id);
                }
            }
        }
        if (cancel)
        {
            // the all-clear is read once; the alert itself is gone from every handset that heard the cancel
            shown.remove(alertKey);
        }
        else if (ofAlert.isEmpty())
        {
            shown.remove(alertKey);
        }
        return new Delivery(alertKey, receivers, sorted(evacuate), sorted(avoid), sorted(allClear));
    }

    private static int[] sorted(final IntArrayList ids)
    {
        final int[] array = ids.toIntArray();
        Arrays.sort(array);
        return array;
    }

    private CbsMessage choose(final Handsets.Handset handset, final List<CbsMessage> messages)
    {
        CbsMessage best = null;
        for (final CbsMessage message : messages)
        {
            if (!inLanguage(handset, message, messages) || !passes(handset, message.area()))
            {
                continue;
            }
            if (null == best || message.level().ordinal() > best.level().ordinal())
            {
                best = message;
            }
        }
        return best;
    }

    /** Whether a message is the one of its zone and level the handset reads: its own language, else the local one. */
    private static boolean inLanguage(final Handsets.Handset handset, final CbsMessage message, final List<CbsMessage> messages)
    {
        if (handset.language().equals(message.language()))
        {
            return true;
        }
        if (message.additionalLanguage())
        {
            return false;
        }
        for (final CbsMessage other : messages)
        {
            if (other != message && other.zone() == message.zone() && other.level() == message.level() &&
                handset.language().equals(other.language()))
            {
                return false;
            }
        }
        return true;
    }

    private boolean passes(final Handsets.Handset handset, final BroadcastArea area)
    {
        if (!policy.geofenced() || !handset.located() || handset.accuracyM() > policy.maxAccuracyM())
        {
            return true;
        }
        return area.distanceOutside(handset.estimateX(), handset.estimateY()) <= policy.marginM() + handset.accuracyM();
    }
}
