package org.beacon.dispatch;

import org.beacon.dispatch.road.RoadGraph;

/**
 * A deep copy of a {@link RoadGraph}, so that each {@link DispatchService} owns the only mutable part of its
 * graph (the congestion factors): two state machines in one JVM (tests, replay beside a node) never see each
 * other's congestion. Edge and junction indices are preserved.
 */
final class RoadGraphCopy
{
    private RoadGraphCopy()
    {
    }

    static RoadGraph copy(final RoadGraph source)
    {
        final RoadGraph.Builder b = RoadGraph.builder();
        for (int j = 0, n = source.junctionCount(); j < n; j++)
        {
            b.addJunction(source.junctionId(j), source.junctionLatMicros(j), source.junctionLonMicros(j), source.isTrafficLight(j));
        }
        final int edges = source.edgeCount();
        for (int e = 0; e < edges; e++)
        {
            final int points = source.shapePointCount(e);
            final int[] lat = new int[points];
            final int[] lon = new int[points];
            for (int p = 0; p < points; p++)
            {
                lat[p] = source.shapeLatMicros(e, p);
                lon[p] = source.shapeLonMicros(e, p);
            }
            b.addEdge(
                source.edgeId(e), source.edgeFrom(e), source.edgeTo(e), source.lengthCm(e) / 100.0,
                source.speedMetresPerSecond(e), lat, lon);
        }
        for (int e = 0; e < edges; e++)
        {
            for (final int to : source.successors(e))
            {
                b.addTurn(e, to);
            }
        }
        b.signalLinks(source.signalLinks());
        final RoadGraph copy = b.build();
        for (int e = 0; e < edges; e++)
        {
            if (source.congestionPermille(e) != RoadGraph.FREE_FLOW_PERMILLE)
            {
                copy.setCongestion(e, source.congestionPermille(e));
            }
        }
        return copy;
    }
}
