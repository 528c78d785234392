package org.beacon.signal.field;

import java.util.SplittableRandom;

import org.beacon.codecs.SignalStatusEncoder;
import org.beacon.signal.SignalNetwork;

/**
 * Approach detectors for the built-in simulated city: seeded, so a demo run is repeatable. Most
 * approaches flow near their speed limit; now and then one slows to a crawl for a while, the way a
 * stalled bus or a market street does, which is what dispatch's drive times should notice.
 */
public final class SimulatedDetectors implements FieldControllers.DetectorSource
{
    private static final int UNKNOWN_SPEED = SignalStatusEncoder.DetectorsEncoder.meanSpeedCmPerSNullValue();

    private final SignalNetwork network;
    private final SplittableRandom random;
    private final int[] slowReports;

    /**
     * Detectors on every approach of the network.
     *
     * @param network the signal network.
     * @param seed    of the simulated traffic.
     */
    public SimulatedDetectors(final SignalNetwork network, final long seed)
    {
        this.network = network;
        this.random = new SplittableRandom(seed);
        this.slowReports = new int[network.edgeCount()];
    }

    @Override
    public int read(final int intersection, final int[] edges, final int[] counts, final int[] occupancy, final int[] speedsCmPerS)
    {
        final int[] approaches = network.approaches(intersection);
        final int n = Math.min(edges.length, approaches.length);
        for (int d = 0; d < n; d++)
        {
            final int edge = approaches[d];
            edges[d] = edge;
            final int freeMs = network.freeFlowMs(edge);
            final long freeCmPerS = freeMs > 0 ? (long)network.lengthCm(edge) * 1000L / freeMs : 0;
            if (slowReports[edge] == 0 && random.nextInt(100) < 3)
            {
                slowReports[edge] = 2 + random.nextInt(6);
            }
            counts[d] = 4 + random.nextInt(22);
            if (freeCmPerS == 0)
            {
                speedsCmPerS[d] = UNKNOWN_SPEED;
                occupancy[d] = 0;
            }
            else if (slowReports[edge] > 0)
            {
                slowReports[edge]--;
                speedsCmPerS[d] = (int)(freeCmPerS * (25 + random.nextInt(30)) / 100);
                occupancy[d] = 350 + random.nextInt(400);
            }
            else
            {
                speedsCmPerS[d] = (int)(freeCmPerS * (85 + random.nextInt(16)) / 100);
                occupancy[d] = 40 + random.nextInt(120);
            }
        }
        return n;
    }
}
