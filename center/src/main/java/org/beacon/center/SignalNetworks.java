package org.beacon.center;

import org.beacon.dispatch.road.RoadGraph;
import org.beacon.dispatch.road.SignalLinks;
import org.beacon.signal.SignalGroups;
import org.beacon.signal.SignalNetwork;

/**
 * Builds the signal network from the road network dispatch routes on, so that a route's edge indices
 * name the signals ahead of a unit. Every traffic-light junction becomes an intersection; every edge
 * ending at one is an approach, its phase chosen from the direction of travel over the edge's last
 * shape segment ({@link SignalNetwork#phaseForHeading(double)}).
 *
 * <p>A graph read from a SUMO file carries its signal links and conflicts; then {@link SignalGroups} maps each
 * junction's links to phases (the heading rule when it is conflict-free there, stages from the conflict graph
 * otherwise), a traffic-light junction it cannot map is no intersection (SUMO keeps its program there), and every
 * approach takes its links' phase.
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
        if (graph.signalLinks().count() > 0)
        {
            return fromSignalLinks(graph);
        }
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

    /**
     * The mapping of a road graph's signal links to phases ({@link SignalGroups}), approaches on the through phase
     * of their heading where that is conflict-free.
     *
     * @param graph the road network read from a SUMO file.
     * @return the mapping.
     */
    public static SignalGroups groups(final RoadGraph graph)
    {
        return SignalGroups.derive(linksView(graph.signalLinks()), graph.junctionCount(), graph::isTrafficLight,
            e -> SignalNetwork.phaseForHeading(headingAtEnd(graph, e)));
    }

    private static SignalNetwork fromSignalLinks(final RoadGraph graph)
    {
        final SignalLinks links = graph.signalLinks();
        final SignalGroups groups = groups(graph);
        final SignalNetwork.Builder builder = SignalNetwork.builder(graph.edgeCount(), graph.junctionCount());
        final int[] intersectionOfJunction = new int[graph.junctionCount()];
        for (int j = 0; j < graph.junctionCount(); j++)
        {
            builder.junction(j, graph.junctionLatMicros(j), graph.junctionLonMicros(j));
            intersectionOfJunction[j] = graph.isTrafficLight(j) && groups.mapped(j) ? builder.intersection(graph.junctionId(j), j) : -1;
        }
        final int[] approachPhase = new int[graph.edgeCount()];
        for (int l = 0; l < links.count(); l++)
        {
            final int edge = links.fromEdge(l);
            if (groups.phase(l) > 0 && edge >= 0 && graph.edgeTo(edge) == links.junction(l))
            {
                approachPhase[edge] = groups.phase(l);
            }
        }
        for (int e = 0; e < graph.edgeCount(); e++)
        {
            builder.edge(e, graph.edgeFrom(e), graph.edgeTo(e), graph.lengthCm(e), graph.freeFlowMs(e),
                graph.speedMetresPerSecond(e));
            final int intersection = intersectionOfJunction[graph.edgeTo(e)];
            if (intersection >= 0 && approachPhase[e] > 0)
            {
                builder.approach(e, intersection, approachPhase[e]);
            }
        }
        for (int l = 0; l < links.count(); l++)
        {
            final int intersection = intersectionOfJunction[links.junction(l)];
            if (intersection >= 0 && groups.phase(l) > 0)
            {
                builder.signalLink(links.tls(l), links.tlsIndex(l), intersection, links.fromEdge(l), groups.phase(l), groups.minor(l));
            }
        }
        return builder.build();
    }

    /**
     * The signal service's view of dispatch's signal links.
     *
     * @param links the links read with the road graph.
     * @return the view.
     */
    public static SignalGroups.Links linksView(final SignalLinks links)
    {
        return new SignalGroups.Links()
        {
            @Override
            public int count()
            {
                return links.count();
            }

            @Override
            public String tls(final int link)
            {
                return links.tls(link);
            }

            @Override
            public int junction(final int link)
            {
                return links.junction(link);
            }

            @Override
            public String fromEdgeId(final int link)
            {
                return links.fromEdgeId(link);
            }

            @Override
            public String toEdgeId(final int link)
            {
                return links.toEdgeId(link);
            }

            @Override
            public int fromEdge(final int link)
            {
                return links.fromEdge(link);
            }

            @Override
            public boolean conflict(final int a, final int b)
            {
                return links.foes(a, b);
            }

            @Override
            public boolean hardConflict(final int a, final int b)
            {
                return links.hardConflict(a, b);
            }

            @Override
            public boolean yields(final int a, final int b)
            {
                return links.yields(a, b);
            }
        };
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
