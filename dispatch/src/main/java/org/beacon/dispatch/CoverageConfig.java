package org.beacon.dispatch;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.beacon.dispatch.road.RoadGraph;

/**
 * Fixed parameters of the coverage check of a {@link DispatchService}: the points that must each have an
 * AVAILABLE unit of every agency within the agency's target drive time, and how often (in event time) they are
 * checked. Like {@link DispatchConfig} it is given at construction and is not part of the snapshot.
 */
public final class CoverageConfig
{
    /** At most this many coverage points: the check runs one bounded search per point. */
    public static final int MAX_POINTS = 64;

    /** Default interval between checks (60 s of event time). */
    public static final long DEFAULT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(60);

    /** Default target drive time of ambulances and fire units (8 min). */
    public static final int DEFAULT_AMBULANCE_FIRE_TARGET_S = 480;

    /** Default target drive time of police units (10 min). */
    public static final int DEFAULT_POLICE_TARGET_S = 600;

    /** No coverage points: coverage is never checked. */
    public static final CoverageConfig NONE = new CoverageConfig(
        DEFAULT_INTERVAL_NS, DEFAULT_POLICE_TARGET_S, DEFAULT_AMBULANCE_FIRE_TARGET_S, DEFAULT_AMBULANCE_FIRE_TARGET_S,
        new int[0], new int[0]);

    private final long intervalNs;
    private final int policeTargetS;
    private final int fireTargetS;
    private final int ambulanceTargetS;
    private final int[] latMicros;
    private final int[] lonMicros;

    /**
     * Coverage parameters, validated.
     *
     * @param intervalNs       event time between two checks (positive).
     * @param policeTargetS    target drive time of police units, seconds (positive).
     * @param fireTargetS      target drive time of fire units, seconds (positive).
     * @param ambulanceTargetS target drive time of ambulances, seconds (positive).
     * @param latMicros        the points' latitudes, micro-degrees; copied.
     * @param lonMicros        the points' longitudes, micro-degrees, as many as latitudes (at most {@link #MAX_POINTS}).
     */
    public CoverageConfig(
        final long intervalNs,
        final int policeTargetS,
        final int fireTargetS,
        final int ambulanceTargetS,
        final int[] latMicros,
        final int[] lonMicros)
    {
        if (intervalNs <= 0 || policeTargetS <= 0 || fireTargetS <= 0 || ambulanceTargetS <= 0)
        {
            throw new IllegalArgumentException("coverage interval and targets must be positive");
        }
        if (latMicros.length != lonMicros.length || latMicros.length > MAX_POINTS)
        {
            throw new IllegalArgumentException("coverage points: as many latitudes as longitudes, at most " + MAX_POINTS);
        }
        for (int i = 0; i < latMicros.length; i++)
        {
            if (!Geo.isValid(latMicros[i], lonMicros[i]))
            {
                throw new IllegalArgumentException("coverage point " + i + " is not a WGS84 position");
            }
        }
        this.intervalNs = intervalNs;
        this.policeTargetS = policeTargetS;
        this.fireTargetS = fireTargetS;
        this.ambulanceTargetS = ambulanceTargetS;
        this.latMicros = latMicros.clone();
        this.lonMicros = lonMicros.clone();
    }

    /**
     * Default targets and interval with points sampled from a network's junctions at an even stride.
     *
     * @param graph     the road network.
     * @param maxPoints how many points at most (1 to {@link #MAX_POINTS}).
     * @return the configuration.
     */
    public static CoverageConfig sampledJunctions(final RoadGraph graph, final int maxPoints)
    {
        final int count = StrictMath.min(graph.junctionCount(), StrictMath.max(0, StrictMath.min(maxPoints, MAX_POINTS)));
        final int[] lat = new int[count];
        final int[] lon = new int[count];
        for (int i = 0; i < count; i++)
        {
            final int junction = (int)((long)i * graph.junctionCount() / count);
            lat[i] = graph.junctionLatMicros(junction);
            lon[i] = graph.junctionLonMicros(junction);
        }
        return new CoverageConfig(
            DEFAULT_INTERVAL_NS, DEFAULT_POLICE_TARGET_S, DEFAULT_AMBULANCE_FIRE_TARGET_S, DEFAULT_AMBULANCE_FIRE_TARGET_S,
            lat, lon);
    }

    /**
     * @return event time between two checks, nanoseconds.
     */
    public long intervalNs()
    {
        return intervalNs;
    }

    /**
     * The target drive time of an agency.
     *
     * @param agencyIndex 0 police, 1 fire, 2 ambulance.
     * @return seconds.
     */
    public int targetS(final int agencyIndex)
    {
        switch (agencyIndex)
        {
            case 0:
                return policeTargetS;
            case 1:
                return fireTargetS;
            default:
                return ambulanceTargetS;
        }
    }

    /**
     * @return the number of coverage points.
     */
    public int pointCount()
    {
        return latMicros.length;
    }

    /**
     * @param point a point index.
     * @return its latitude, micro-degrees.
     */
    public int latMicros(final int point)
    {
        return latMicros[point];
    }

    /**
     * @param point a point index.
     * @return its longitude, micro-degrees.
     */
    public int lonMicros(final int point)
    {
        return lonMicros[point];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "CoverageConfig{intervalNs=" + intervalNs + ", targetsS=" + policeTargetS + "/" + fireTargetS + "/" +
            ambulanceTargetS + ", points=" + Arrays.toString(latMicros) + "/" + Arrays.toString(lonMicros) + "}";
    }
}
