package org.beacon.dispatch.road;

import java.util.SplittableRandom;

/**
 * Builds a synthetic Manhattan grid {@link RoadGraph} in code, for tests, benchmarks and a demo without
 * SUMO: {@code rows x cols} junctions {@code spacing} metres apart around an origin, two-way streets
 * between neighbours, every turn allowed except U-turns. Every fifth street is an arterial at 60 km/h,
 * the others run at 30 to 50 km/h chosen by a seeded generator; every arterial crossing has a signal.
 */
public final class GridNetwork
{
    private static final double METRES_PER_DEGREE_LAT = 6_371_008.8 * StrictMath.PI / 180.0;

    private GridNetwork()
    {
    }

    /**
     * Builds the grid.
     *
     * @param rows          junction rows (south to north).
     * @param cols          junction columns (west to east).
     * @param spacingMetres distance between neighbouring junctions.
     * @param originLatDeg  latitude of the south-west junction.
     * @param originLonDeg  longitude of the south-west junction.
     * @param seed          seed of the speed choice.
     * @return the graph; junction {@code r * cols + c} is "J{r}_{c}", edges are "E{from}_{to}".
     */
    public static RoadGraph build(
        final int rows, final int cols, final double spacingMetres, final double originLatDeg, final double originLonDeg, final long seed)
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        final double dLat = spacingMetres / METRES_PER_DEGREE_LAT;
        final double dLon = dLat / StrictMath.cos(StrictMath.toRadians(originLatDeg));
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                b.addJunction("J" + r + "_" + c, NetProjection.toMicros(originLatDeg + r * dLat),
                    NetProjection.toMicros(originLonDeg + c * dLon), r % 5 == 0 && c % 5 == 0);
            }
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] rowSpeed = new double[rows];
        final double[] colSpeed = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            rowSpeed[r] = r % 5 == 0 ? 16.67 : 8.33 + random.nextInt(3) * 2.78;
        }
        for (int c = 0; c < cols; c++)
        {
            colSpeed[c] = c % 5 == 0 ? 16.67 : 8.33 + random.nextInt(3) * 2.78;
        }
        // out[j * 4 + d], in[j * 4 + d]: edge leaving / entering junction j towards / from direction d (E, N, W, S).
        final int[] out = new int[rows * cols * 4];
        final int[] in = new int[rows * cols * 4];
        java.util.Arrays.fill(out, -1);
        java.util.Arrays.fill(in, -1);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                final int j = r * cols + c;
                if (c + 1 < cols)
                {
                    final int k = j + 1;
                    out[j * 4] = b.addEdge("E" + j + "_" + k, j, k, spacingMetres, rowSpeed[r], null, null);
                    in[k * 4 + 2] = out[j * 4];
                    out[k * 4 + 2] = b.addEdge("E" + k + "_" + j, k, j, spacingMetres, rowSpeed[r], null, null);
                    in[j * 4] = out[k * 4 + 2];
                }
                if (r + 1 < rows)
                {
                    final int k = j + cols;
                    out[j * 4 + 1] = b.addEdge("E" + j + "_" + k, j, k, spacingMetres, colSpeed[c], null, null);
                    in[k * 4 + 3] = out[j * 4 + 1];
                    out[k * 4 + 3] = b.addEdge("E" + k + "_" + j, k, j, spacingMetres, colSpeed[c], null, null);
                    in[j * 4 + 1] = out[k * 4 + 3];
                }
            }
        }
        for (int j = 0; j < rows * cols; j++)
        {
            for (int dIn = 0; dIn < 4; dIn++)
            {
                final int from = in[j * 4 + dIn];
                if (from < 0)
                {
                    continue;
                }
                for (int dOut = 0; dOut < 4; dOut++)
                {
                    final int to = out[j * 4 + dOut];
                    if (to >= 0 && dOut != dIn)
                    {
                        b.addTurn(from, to);
                    }
                }
            }
        }
        return b.build();
    }
}
