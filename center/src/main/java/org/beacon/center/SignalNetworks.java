package org.beacon.center;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.signal.SignalNetwork;

/**
 * Builds the signal network from the road network dispatch routes on, so that a route's edge indices
 * name the signals ahead of a unit. Every traffic-light junction becomes an intersection; every edge
 * ending at one is an approach, its phase chosen from the direction of travel over the edge's last
 * shape segment ({@link SignalNetwork#phaseForHeading(double)}).
 */
public final class SignalNetworks
{
    private SignalNetworks()
    {
    }

    /**
     * The signal network of a road graph.
     *
     * @param graph the road network.
     * @return its signalized intersections and approaches.
     */
    public static SignalNetwork fromRoadGraph(final RoadGraph graph)
    {
        final SignalNetwork.Builder builder = SignalNetwork.builder(graph.edgeCount(), graph.junctionCount());
        final int[] intersectionOfJunction = new int[graph.junctionCount()];
        for (int j = 0; j < graph.junctionCount(); j++)
        {
            builder.junction(j, graph.junctionLatMicros(j), graph.junctionLonMicros(j));
            intersectionOfJunction[j] = graph.isTrafficLight(j) ? builder.intersection(graph.junctionId(j), j) : -1;
        }
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            builder.edge(e, graph.edgeFrom(e), graph.edgeTo(e), graph.lengthCm(e), graph.freeFlowMs(e),
                graph.speedMetresPerSecond(e));
            final int intersection = intersectionOfJunction[graph.edgeTo(e)];
            if (intersection >= 0)
            {
                builder.approach(e, intersection, SignalNetwork.phaseForHeading(headingAtEnd(graph, e)));
            }
        }
        return builder.build();
    }

    /** Direction of travel over the last shape segment, degrees clockwise from north. */
    static double headingAtEnd(final RoadGraph graph, final int edge)
    {
        final int points = graph.shapePointCount(edge);
        final int lat0 = graph.shapeLatMicros(edge, points - 2);
        final int lon0 = graph.shapeLonMicros(edge, points - 2);
        final int lat1 = graph.shapeLatMicros(edge, points - 1);
        final int lon1 = graph.shapeLonMicros(edge, points - 1);
        final double cosLat = StrictMath.cos(StrictMath.toRadians(lat1 / 1e6));
        final double dx = (lon1 - lon0) * cosLat;
        final double dy = lat1 - lat0;
        return StrictMath.toDegrees(StrictMath.atan2(dx, dy));
    }
}
