package org.beacon.dispatch.alert.broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.locationtech.jts.geom.Envelope;

/**
 * A simulated population of handsets: where each one is, the cell it camps on, whether it knows its own location (and
 * how well), and its language. Immutable once built; what handsets show lives in {@link HandsetDisplay}.
 *
 * <p>The default population ({@link #simulated}) is seeded: {@value #CLUSTERED_SHARE} of the people around
 * {@value #HOTSPOTS} hotspots (markets, offices, schools: Gaussian, 150-500 m), the rest spread evenly over the
 * network's served box; {@value #NO_LOCATION_SHARE} without location service; of the others, 70% with a satellite
 * fix (3-20 m), 25% Wi-Fi (20-80 m) and 5% only the cell (150-600 m). A handset's own estimate of its position is off
 * by at most its reported accuracy. {@value #ENGLISH_SHARE} of handsets are set to English, the rest Vietnamese.
 */
public final class Handsets
{
    /** Share of people around hotspots. */
    public static final double CLUSTERED_SHARE = 0.6;
    /** Hotspots of the default population. */
    public static final int HOTSPOTS = 24;
    /** Share of handsets without location service. */
    public static final double NO_LOCATION_SHARE = 0.10;
    /** Share of handsets set to English. */
    public static final double ENGLISH_SHARE = 0.07;
    /** Language of most handsets. */
    public static final String VIETNAMESE = "vi-VN";
    /** The secondary language. */
    public static final String ENGLISH = "en-US";

    /**
     * One handset.
     *
     * @param x         true position, metres east.
     * @param y         true position, metres north.
     * @param accuracyM the accuracy of its own location estimate, metres; NaN without location service.
     * @param estimateX its own estimate, metres east (= x without location service).
     * @param estimateY its own estimate, metres north (= y without location service).
     * @param language  its language, e.g. {@code vi-VN}.
     */
    public record Handset(double x, double y, double accuracyM, double estimateX, double estimateY, String language)
    {
        /** @return whether the handset knows its own location. */
        public boolean located()
        {
            return !Double.isNaN(accuracyM);
        }
    }

    private final CellNetwork network;
    private final List<Handset> handsets;
    private final int[] servingCell;
    private final Int2ObjectHashMap<int[]> byCell = new Int2ObjectHashMap<>();

    /**
     * A population camped on a network.
     *
     * @param network  the cells.
     * @param handsets the handsets; their index is their id.
     */
    public Handsets(final CellNetwork network, final List<Handset> handsets)
    {
        this.network = network;
        this.handsets = List.copyOf(handsets);
        this.servingCell = new int[handsets.size()];
        final Int2ObjectHashMap<IntArrayList> lists = new Int2ObjectHashMap<>();
        for (int i = 0; i < servingCell.length; i++)
        {
            final Handset handset = this.handsets.get(i);
            servingCell[i] = network.servingCell(handset.x(), handset.y());
            if (servingCell[i] >= 0)
            {
                lists.computeIfAbsent(servingCell[i], k -> new IntArrayList()).addInt(i);
            }
        }
        lists.forEach((cell, list) -> byCell.put(cell, list.toIntArray()));
    }

    /**
     * The default simulated population over the network's served box.
     *
     * @param network the cells.
     * @param count   handsets.
     * @param seed    of positions, location service and language.
     * @return the population.
     */
    public static Handsets simulated(final CellNetwork network, final int count, final long seed)
    {
        final Envelope box = network.servedBox();
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] hotX = new double[HOTSPOTS];
        final double[] hotY = new double[HOTSPOTS];
        final double[] hotSigma = new double[HOTSPOTS];
        for (int h = 0; h < HOTSPOTS; h++)
        {
            hotX[h] = box.getMinX() + random.nextDouble() * box.getWidth();
            hotY[h] = box.getMinY() + random.nextDouble() * box.getHeight();
            hotSigma[h] = 150.0 + random.nextDouble() * 350.0;
        }
        final List<Handset> handsets = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            double x;
            double y;
            if (random.nextDouble() < CLUSTERED_SHARE)
            {
                final int h = random.nextInt(HOTSPOTS);
                x = hotX[h] + gaussian(random) * hotSigma[h];
                y = hotY[h] + gaussian(random) * hotSigma[h];
                x = StrictMath.max(box.getMinX(), StrictMath.min(box.getMaxX(), x));
                y = StrictMath.max(box.getMinY(), StrictMath.min(box.getMaxY(), y));
            }
            else
            {
                x = box.getMinX() + random.nextDouble() * box.getWidth();
                y = box.getMinY() + random.nextDouble() * box.getHeight();
            }
            double accuracy = Double.NaN;
            double ex = x;
            double ey = y;
            if (random.nextDouble() >= NO_LOCATION_SHARE)
            {
                final double kind = random.nextDouble();
                accuracy = kind < 0.70 ? 3.0 + random.nextDouble() * 17.0 :
                    kind < 0.95 ? 20.0 + random.nextDouble() * 60.0 : 150.0 + random.nextDouble() * 450.0;
                final double angle = random.nextDouble() * 2.0 * StrictMath.PI;
                final double off = accuracy * StrictMath.sqrt(random.nextDouble());
                ex = x + off * StrictMath.cos(angle);
                ey = y + off * StrictMath.sin(angle);
            }
            final String language = random.nextDouble() < ENGLISH_SHARE ? ENGLISH : VIETNAMESE;
            handsets.add(new Handset(x, y, accuracy, ex, ey, language));
        }
        return new Handsets(network, handsets);
    }

    private static double gaussian(final SplittableRandom random)
    {
        // Box-Muller through StrictMath: the same population on every JVM
        final double u = 1.0 - random.nextDouble();
        final double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }

    /** @return the cells the handsets camp on. */
    public CellNetwork network()
    {
        return network;
    }

    /** @return how many handsets. */
    public int size()
    {
        return handsets.size();
    }

    /**
     * A handset.
     *
     * @param id its index.
     * @return the handset.
     */
    public Handset handset(final int id)
    {
        return handsets.get(id);
    }

    /**
     * The cell a handset camps on.
     *
     * @param id its index.
     * @return the cell id, -1 when out of coverage.
     */
    public int servingCell(final int id)
    {
        return servingCell[id];
    }

    /**
     * The handsets camped on a cell.
     *
     * @param cellId the cell.
     * @return their ids, ascending; shared, do not change.
     */
    public int[] campedOn(final int cellId)
    {
        final int[] ids = byCell.get(cellId);
        return null == ids ? new int[0] : ids;
    }
}
