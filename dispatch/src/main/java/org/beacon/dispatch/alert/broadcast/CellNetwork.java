package org.beacon.dispatch.alert.broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.collections.Int2ObjectHashMap;
import org.beacon.dispatch.road.RoadGraph;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The radio cells an alert can be broadcast in: sectors of sites, each with a coverage polygon on a {@link GeoPlane}.
 *
 * <p>The embedded default ({@link #simulated}) is built deterministically from a seed over a bounding box: sites on a
 * hexagonal grid (urban inter-site distance, default {@value #DEFAULT_ISD_M} m) with each site moved by up to
 * {@value #JITTER_SHARE} of the distance and its sector plan rotated at random, as real sites follow rooftops rather
 * than a lattice; three sectors a site, each a 120&deg; wedge reaching {@value #REACH_SHARE} of the inter-site
 * distance. Every point is at most ISD / &radic;3 (0.58 ISD) from its nearest site, so the wedges cover the plane and
 * overlap their neighbours' like a real network's cells. The grid extends one inter-site distance beyond the box.
 *
 * <p>Simulated cell ids are {@code site * 10 + sector}, sectors 1 to 3. Immutable and thread-safe once built.
 */
public final class CellNetwork
{
    /** Default urban inter-site distance, metres. */
    public static final double DEFAULT_ISD_M = 750.0;
    /** How far a site may move from its lattice point, as a share of the inter-site distance. */
    public static final double JITTER_SHARE = 0.15;
    /** A sector's reach as a share of the inter-site distance. */
    public static final double REACH_SHARE = 0.9;
    /** Sectors of a site. */
    public static final int SECTORS = 3;

    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final int ARC_POINTS = 24;

    /**
     * One cell: a sector of a site.
     *
     * @param cellId     the cell's id.
     * @param siteId     the site's id.
     * @param siteX      site position, metres east.
     * @param siteY      site position, metres north.
     * @param azimuthDeg the sector's main direction, degrees clockwise from north.
     * @param widthDeg   the sector's angular width, degrees.
     * @param reachM     the sector's reach, metres.
     * @param coverage   the coverage polygon, plane metres.
     */
    public record Cell(int cellId, int siteId, double siteX, double siteY, double azimuthDeg, double widthDeg, double reachM,
        Polygon coverage)
    {
    }

    private final GeoPlane plane;
    private final Envelope servedBox;
    private final List<Cell> cells;
    private final Int2ObjectHashMap<Cell> byId = new Int2ObjectHashMap<>();
    private final STRtree cellIndex = new STRtree();
    private final double[] siteX;
    private final double[] siteY;
    private final int[] siteIds;
    private final double siteBucketM;
    private final Int2ObjectHashMap<int[]> siteBuckets = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<List<Cell>> cellsOfSite = new Int2ObjectHashMap<>();

    /**
     * A network of given cells serving the envelope of their coverage.
     *
     * @param plane the plane the coverage polygons are on.
     * @param cells the cells; ids unique, the sites of a cell's site id at the same place.
     */
    public CellNetwork(final GeoPlane plane, final List<Cell> cells)
    {
        this(plane, cells, null);
    }

    /**
     * A network of given cells.
     *
     * @param plane     the plane the coverage polygons are on.
     * @param cells     the cells; ids unique, the sites of a cell's site id at the same place.
     * @param servedBox the box the network was planned for (where simulated people live), or null for its extent.
     */
    public CellNetwork(final GeoPlane plane, final List<Cell> cells, final Envelope servedBox)
    {
        this.plane = plane;
        final List<Cell> sorted = new ArrayList<>(cells);
        sorted.sort((a, b) -> Integer.compare(a.cellId(), b.cellId()));
        this.cells = List.copyOf(sorted);
        final Int2ObjectHashMap<Cell> firstOfSite = new Int2ObjectHashMap<>();
        double maxReach = 1.0;
        for (final Cell cell : this.cells)
        {
            if (null != byId.put(cell.cellId(), cell))
            {
                throw new IllegalArgumentException("duplicate cell id " + cell.cellId());
            }
            cellIndex.insert(cell.coverage().getEnvelopeInternal(), cell);
            firstOfSite.putIfAbsent(cell.siteId(), cell);
            cellsOfSite.computeIfAbsent(cell.siteId(), k -> new ArrayList<>()).add(cell);
            maxReach = StrictMath.max(maxReach, cell.reachM());
        }
        cellIndex.build();
        final int[] ids = firstOfSite.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.siteIds = ids;
        this.siteX = new double[ids.length];
        this.siteY = new double[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            siteX[i] = firstOfSite.get(ids[i]).siteX();
            siteY[i] = firstOfSite.get(ids[i]).siteY();
        }
        this.siteBucketM = maxReach;
        final Int2ObjectHashMap<List<Integer>> buckets = new Int2ObjectHashMap<>();
        for (int i = 0; i < ids.length; i++)
        {
            buckets.computeIfAbsent(bucket(siteX[i], siteY[i]), k -> new ArrayList<>()).add(i);
        }
        buckets.forEach((key, list) -> siteBuckets.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        this.servedBox = null == servedBox ? extent() : new Envelope(servedBox);
    }

    /**
     * A simulated network over the bounding box of a road network's junctions, plane origin at its centre.
     *
     * @param roads the road network.
     * @param seed  of the site jitter and sector plans.
     * @return the network.
     */
    public static CellNetwork simulated(final RoadGraph roads, final long seed)
    {
        int minLat = Integer.MAX_VALUE;
        int minLon = Integer.MAX_VALUE;
        int maxLat = Integer.MIN_VALUE;
        int maxLon = Integer.MIN_VALUE;
        for (int j = 0; j < roads.junctionCount(); j++)
        {
            minLat = Math.min(minLat, roads.junctionLatMicros(j));
            maxLat = Math.max(maxLat, roads.junctionLatMicros(j));
            minLon = Math.min(minLon, roads.junctionLonMicros(j));
            maxLon = Math.max(maxLon, roads.junctionLonMicros(j));
        }
        if (roads.junctionCount() == 0)
        {
            throw new IllegalArgumentException("the road network has no junctions");
        }
        return simulated(minLat / 1e6, minLon / 1e6, maxLat / 1e6, maxLon / 1e6, DEFAULT_ISD_M, seed);
    }

    /**
     * A simulated network over a bounding box, plane origin at its centre.
     *
     * @param minLat south edge, degrees.
     * @param minLon west edge, degrees.
     * @param maxLat north edge, degrees.
     * @param maxLon east edge, degrees.
     * @param isdM   inter-site distance, metres.
     * @param seed   of the site jitter and sector plans.
     * @return the network.
     */
    public static CellNetwork simulated(
        final double minLat, final double minLon, final double maxLat, final double maxLon, final double isdM, final long seed)
    {
        if (!(maxLat > minLat) || !(maxLon > minLon) || !(isdM > 0))
        {
            throw new IllegalArgumentException("empty bounding box or inter-site distance");
        }
        final GeoPlane plane = new GeoPlane((minLat + maxLat) / 2.0, (minLon + maxLon) / 2.0);
        final double x0 = plane.x(minLon) - isdM;
        final double x1 = plane.x(maxLon) + isdM;
        final double y0 = plane.y(minLat) - isdM;
        final double y1 = plane.y(maxLat) + isdM;
        final double rowStep = isdM * StrictMath.sqrt(3.0) / 2.0;
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Cell> cells = new ArrayList<>();
        int site = 0;
        int row = 0;
        for (double y = y0; y <= y1 + 1e-9; y += rowStep, row++)
        {
            final double offset = (row & 1) == 0 ? 0.0 : isdM / 2.0;
            for (double x = x0 + offset; x <= x1 + 1e-9; x += isdM)
            {
                site++;
                final double jitterAngle = random.nextDouble() * 2.0 * StrictMath.PI;
                final double jitter = random.nextDouble() * JITTER_SHARE * isdM;
                final double sx = x + jitter * StrictMath.cos(jitterAngle);
                final double sy = y + jitter * StrictMath.sin(jitterAngle);
                final double rotation = random.nextDouble() * 120.0;
                for (int sector = 1; sector <= SECTORS; sector++)
                {
                    final double azimuth = (rotation + (sector - 1) * 120.0) % 360.0;
                    final double reach = REACH_SHARE * isdM;
                    cells.add(new Cell(site * 10 + sector, site, sx, sy, azimuth, 120.0, reach, wedge(sx, sy, azimuth, 120.0, reach)));
                }
            }
        }
        return new CellNetwork(plane, cells, new Envelope(plane.x(minLon), plane.x(maxLon), plane.y(minLat), plane.y(maxLat)));
    }

    /**
     * A sector's coverage: the wedge between {@code azimuth - width/2} and {@code azimuth + width/2} out to the reach,
     * its arc drawn outside the true arc so that every point within reach in the wedge is covered.
     *
     * @param x          site, metres east.
     * @param y          site, metres north.
     * @param azimuthDeg main direction, degrees clockwise from north.
     * @param widthDeg   angular width, degrees.
     * @param reachM     reach, metres.
     * @return the polygon.
     */
    public static Polygon wedge(final double x, final double y, final double azimuthDeg, final double widthDeg, final double reachM)
    {
        final Coordinate[] ring = new Coordinate[ARC_POINTS + 3];
        ring[0] = new Coordinate(x, y);
        final double step = widthDeg / ARC_POINTS;
        final double outer = reachM / StrictMath.cos(StrictMath.toRadians(step / 2.0));
        for (int i = 0; i <= ARC_POINTS; i++)
        {
            final double bearing = StrictMath.toRadians(azimuthDeg - widthDeg / 2.0 + i * step);
            final double r = i == 0 || i == ARC_POINTS ? reachM : outer;
            ring[i + 1] = new Coordinate(x + r * StrictMath.sin(bearing), y + r * StrictMath.cos(bearing));
        }
        ring[ARC_POINTS + 2] = new Coordinate(x, y);
        return GEOMETRY.createPolygon(ring);
    }

    /** @return the plane coverage is given on. */
    public GeoPlane plane()
    {
        return plane;
    }

    /** @return the cells, by id. */
    public List<Cell> cells()
    {
        return cells;
    }

    /**
     * A cell by id.
     *
     * @param cellId the id.
     * @return the cell, or null.
     */
    public Cell cell(final int cellId)
    {
        return byId.get(cellId);
    }

    /**
     * The cells whose coverage intersects an area: what a cell-broadcast centre selects for it.
     *
     * @param area the area, plane metres.
     * @return the cell ids, ascending.
     */
    public int[] cellsIntersecting(final Geometry area)
    {
        if (area.isEmpty())
        {
            return new int[0];
        }
        final PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        @SuppressWarnings("unchecked")
        final List<Cell> candidates = cellIndex.query(area.getEnvelopeInternal());
        final int[] ids = new int[candidates.size()];
        int count = 0;
        for (final Cell cell : candidates)
        {
            if (prepared.intersects(cell.coverage()))
            {
                ids[count++] = cell.cellId();
            }
        }
        final int[] result = Arrays.copyOf(ids, count);
        Arrays.sort(result);
        return result;
    }

    /**
     * The cell a handset at a point camps on: a sector of the nearest site, the one whose wedge the point's bearing
     * from the site falls in (the strongest signal in this simple model).
     *
     * @param x metres east.
     * @param y metres north.
     * @return the cell id, or -1 when no sector reaches the point.
     */
    public int servingCell(final double x, final double y)
    {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        final int bx = (int)StrictMath.floor(x / siteBucketM);
        final int by = (int)StrictMath.floor(y / siteBucketM);
        for (int dx = -1; dx <= 1; dx++)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                final int[] sites = siteBuckets.get(key(bx + dx, by + dy));
                if (null == sites)
                {
                    continue;
                }
                for (final int s : sites)
                {
                    final double d = StrictMath.hypot(x - siteX[s], y - siteY[s]);
                    if (d < bestDistance || (d == bestDistance && siteIds[s] < siteIds[best]))
                    {
                        bestDistance = d;
                        best = s;
                    }
                }
            }
        }
        if (best < 0)
        {
            return -1;
        }
        final double bearing = (StrictMath.toDegrees(StrictMath.atan2(x - siteX[best], y - siteY[best])) + 360.0) % 360.0;
        Cell chosen = null;
        double chosenOff = Double.POSITIVE_INFINITY;
        for (final Cell cell : cellsOfSite.get(siteIds[best]))
        {
            final double off = StrictMath.abs(((bearing - cell.azimuthDeg()) % 360.0 + 540.0) % 360.0 - 180.0);
            if (off < chosenOff)
            {
                chosenOff = off;
                chosen = cell;
            }
        }
        return null == chosen || bestDistance > chosen.reachM() ? -1 : chosen.cellId();
    }

    /**
     * The box the network was planned for.
     *
     * @return plane metres; a copy.
     */
    public Envelope servedBox()
    {
        return new Envelope(servedBox);
    }

    /**
     * The envelope of all coverage.
     *
     * @return plane metres.
     */
    public Envelope extent()
    {
        final Envelope envelope = new Envelope();
        for (final Cell cell : cells)
        {
            envelope.expandToInclude(cell.coverage().getEnvelopeInternal());
        }
        return envelope;
    }

    private int bucket(final double x, final double y)
    {
        return key((int)StrictMath.floor(x / siteBucketM), (int)StrictMath.floor(y / siteBucketM));
    }

    private static int key(final int bx, final int by)
    {
        return (bx & 0xFFFF) << 16 | (by & 0xFFFF);
    }
}
