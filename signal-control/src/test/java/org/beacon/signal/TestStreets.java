package org.beacon.signal;

/**
 * A hand-built signal network: an east-west street of seven junctions 250 m apart (J0..J6, signals at
 * J1..J6 = intersections 0..5) and a north-south street crossing it at J3 (intersection 2), both ways,
 * free flow 13.89 m/s (18 s per block).
 *
 * <pre>
 *                         N2 (10)
 *                          |
 *                         N1 (9)
 *                          |
 *   J0 --- J1 --- J2 --- J3 --- J4 --- J5 --- J6
 *          i0     i1     i2     i3     i4     i5
 *                          |
 *                         S1 (8)
 *                          |
 *                         S2 (7)
 * </pre>
 * Edges: eastbound J(i) to J(i+1) is edge i (0..5), westbound J(i+1) to J(i) is 6 + i; northbound
 * S2-S1 12, S1-J3 13, J3-N1 14, N1-N2 15; southbound N2-N1 16, N1-J3 17, J3-S1 18, S1-S2 19.
 */
final class TestStreets
{
    static final int LAT0 = 10_772_000;
    static final int LON0 = 106_690_000;
    static final double BLOCK_M = 250.0;
    static final double SPEED_MPS = 13.89;
    static final int BLOCK_MS = 18_000;
    static final double COS_LAT = StrictMath.cos(StrictMath.toRadians(LAT0 / 1e6));
    static final int LON_STEP = (int)StrictMath.round(BLOCK_M / (SignalNetwork.METRES_PER_MICRODEGREE * COS_LAT));
    static final int LAT_STEP = (int)StrictMath.round(BLOCK_M / SignalNetwork.METRES_PER_MICRODEGREE);

    static final int J3_INTERSECTION = 2;
    static final int S2 = 7;
    static final int S1 = 8;
    static final int N1 = 9;
    static final int N2 = 10;

    static final int[] EAST_ROUTE = {0, 1, 2, 3, 4, 5};
    static final int[] WEST_ROUTE = {11, 10, 9, 8, 7, 6};
    static final int[] NORTH_ROUTE = {12, 13, 14, 15};
    static final int[] SOUTH_ROUTE = {16, 17, 18, 19};

    static final int[] JUNCTION_LAT = new int[11];
    static final int[] JUNCTION_LON = new int[11];
    static final int[] EDGE_FROM = new int[20];
    static final int[] EDGE_TO = new int[20];

    static
    {
        for (int j = 0; j <= 6; j++)
        {
            JUNCTION_LAT[j] = LAT0;
            JUNCTION_LON[j] = LON0 + j * LON_STEP;
        }
        final int[] ns = {S2, S1, N1, N2};
        final int[] rows = {-2, -1, 1, 2};
        for (int i = 0; i < ns.length; i++)
        {
            JUNCTION_LAT[ns[i]] = LAT0 + rows[i] * LAT_STEP;
            JUNCTION_LON[ns[i]] = LON0 + 3 * LON_STEP;
        }
        for (int i = 0; i < 6; i++)
        {
            link(i, i, i + 1);
            link(6 + i, i + 1, i);
        }
        link(12, S2, S1);
        link(13, S1, 3);
        link(14, 3, N1);
        link(15, N1, N2);
        link(16, N2, N1);
        link(17, N1, 3);
        link(18, 3, S1);
        link(19, S1, S2);
    }

    private TestStreets()
    {
    }

    private static void link(final int edge, final int from, final int to)
    {
        EDGE_FROM[edge] = from;
        EDGE_TO[edge] = to;
    }

    /** @return the network, approach phases by {@link SignalNetwork#phaseForHeading(double)}. */
    static SignalNetwork network()
    {
        final SignalNetwork.Builder builder = SignalNetwork.builder(20, 11);
        for (int j = 0; j < 11; j++)
        {
            builder.junction(j, JUNCTION_LAT[j], JUNCTION_LON[j]);
        }
        final int[] intersectionOf = new int[11];
        java.util.Arrays.fill(intersectionOf, -1);
        for (int j = 1; j <= 6; j++)
        {
            intersectionOf[j] = builder.intersection("J" + j, j);
        }
        for (int e = 0; e < 20; e++)
        {
            builder.edge(e, EDGE_FROM[e], EDGE_TO[e], (int)(BLOCK_M * 100), BLOCK_MS, SPEED_MPS);
            final int intersection = intersectionOf[EDGE_TO[e]];
            if (intersection >= 0)
            {
                builder.approach(e, intersection, SignalNetwork.phaseForHeading(heading(e)));
            }
        }
        return builder.build();
    }

    static double heading(final int edge)
    {
        final double dx = (JUNCTION_LON[EDGE_TO[edge]] - JUNCTION_LON[EDGE_FROM[edge]]) * COS_LAT;
        final double dy = JUNCTION_LAT[EDGE_TO[edge]] - JUNCTION_LAT[EDGE_FROM[edge]];
        return StrictMath.toDegrees(StrictMath.atan2(dx, dy));
    }

    /**
     * A point along an edge, optionally off to its side.
     *
     * @param edge     the edge.
     * @param metres   distance from its start (may exceed the block: continues straight on).
     * @param lateralM metres to the left of the direction of travel.
     * @return {lat, lon} micro-degrees.
     */
    static int[] along(final int edge, final double metres, final double lateralM)
    {
        final int from = EDGE_FROM[edge];
        final int to = EDGE_TO[edge];
        final double f = metres / BLOCK_M;
        final double lat = JUNCTION_LAT[from] + (JUNCTION_LAT[to] - JUNCTION_LAT[from]) * f;
        final double lon = JUNCTION_LON[from] + (JUNCTION_LON[to] - JUNCTION_LON[from]) * f;
        // unit vector of travel in metres (east, north), left normal = (-north, east)
        final double east = (JUNCTION_LON[to] - JUNCTION_LON[from]) * SignalNetwork.METRES_PER_MICRODEGREE * COS_LAT;
        final double north = (JUNCTION_LAT[to] - JUNCTION_LAT[from]) * SignalNetwork.METRES_PER_MICRODEGREE;
        final double norm = StrictMath.hypot(east, north);
        final double leftEast = -north / norm * lateralM;
        final double leftNorth = east / norm * lateralM;
        return new int[]{
            (int)StrictMath.round(lat + leftNorth / SignalNetwork.METRES_PER_MICRODEGREE),
            (int)StrictMath.round(lon + leftEast / (SignalNetwork.METRES_PER_MICRODEGREE * COS_LAT))};
    }
}
