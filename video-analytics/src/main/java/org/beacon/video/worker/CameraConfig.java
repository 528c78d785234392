package org.beacon.video.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The camera registry a worker runs from: each camera's id, place and heading, its video source, how many frames a
 * second it may analyse (its budget), what it looks for, and its crowd zones (polygons in the image) with their
 * places on the map. A JSON file:
 *
 * <pre>
 * {"cameras": [{"id": 3, "name": "Cổng chợ Bến Thành", "lat": 10.7725, "lon": 106.698, "headingDeg": 90,
 *               "source": "/videos/gate.mp4", "loop": true, "analysisFps": 5, "plates": true, "crowd": true,
 *               "zones": [{"id": 1, "name": "square", "polygon": [[0, 300], [768, 300], [768, 576], [0, 576]],
 *                          "lat": 10.7726, "lon": 106.6981, "radiusM": 40}]}]}
 * </pre>
 *
 * A relative source is resolved against the file's folder; a source with a scheme (rtsp://, http://) is a stream.
 */
public final class CameraConfig
{
    /** One crowd zone. */
    public record ZoneConfig(int id, String name, int[] xs, int[] ys, double lat, double lon, int radiusM)
    {
    }

    /** One camera. */
    public record Camera(int id, String name, double lat, double lon, double headingDeg, String source, boolean loop,
        double analysisFps, boolean plates, boolean crowd, List<ZoneConfig> zones, org.beacon.video.crowd.CrowdRules.Settings rules)
    {
    }

    private CameraConfig()
    {
    }

    /**
     * Reads and checks a registry file.
     *
     * @param file the JSON file.
     * @return its cameras.
     * @throws IllegalArgumentException naming the camera and field that is wrong.
     * @throws IOException when the file cannot be read.
     */
    public static List<Camera> load(final Path file) throws IOException
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalArgumentException(file + ": not valid JSON: " + ex.getOriginalMessage());
        }
        final JsonNode cameras = null == root ? null : root.get("cameras");
        if (null == cameras || !cameras.isArray() || cameras.isEmpty())
        {
            throw new IllegalArgumentException(file + ": needs a non-empty \"cameras\" array");
        }
        final Path base = file.toAbsolutePath().getParent();
        final List<Camera> list = new ArrayList<>();
        final Set<Integer> ids = new HashSet<>();
        for (final JsonNode c : cameras)
        {
            final int id = integer(c, "id", "camera", 1, Integer.MAX_VALUE);
            final String where = "camera " + id;
            if (!ids.add(id))
            {
                throw new IllegalArgumentException(file + ": camera id " + id + " appears twice");
            }
            String source = text(c, "source", where);
            if (!source.contains("://") && !Path.of(source).isAbsolute())
            {
                source = base.resolve(source).toString();
            }
            final List<ZoneConfig> zones = new ArrayList<>();
            final JsonNode zoneNodes = c.get("zones");
            if (null != zoneNodes)
            {
                for (final JsonNode z : zoneNodes)
                {
                    final int zoneId = integer(z, "id", where + " zone", 1, Integer.MAX_VALUE);
                    final JsonNode polygon = z.get("polygon");
                    if (null == polygon || !polygon.isArray() || polygon.size() < 3)
                    {
                        throw new IllegalArgumentException(where + " zone " + zoneId + ": \"polygon\" needs at least 3 [x, y] points");
                    }
                    final int[] xs = new int[polygon.size()];
                    final int[] ys = new int[polygon.size()];
                    for (int i = 0; i < polygon.size(); i++)
                    {
                        final JsonNode p = polygon.get(i);
                        if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber())
                        {
                            throw new IllegalArgumentException(where + " zone " + zoneId + ": point " + i + " is not [x, y]");
                        }
                        xs[i] = p.get(0).asInt();
                        ys[i] = p.get(1).asInt();
                    }
                    zones.add(new ZoneConfig(zoneId, z.path("name").asText("zone " + zoneId), xs, ys,
                        number(z, "lat", where + " zone " + zoneId, -90, 90), number(z, "lon", where + " zone " + zoneId, -180, 180),
                        z.path("radiusM").asInt(30)));
                }
            }
            list.add(new Camera(id, c.path("name").asText("camera " + id), number(c, "lat", where, -90, 90),
                number(c, "lon", where, -180, 180), c.path("headingDeg").asDouble(0), source, c.path("loop").asBoolean(false),
                c.path("analysisFps").asDouble(5), c.path("plates").asBoolean(true), c.path("crowd").asBoolean(!zones.isEmpty()),
                List.copyOf(zones), rules(c.get("crowdRules"), where)));
            if (list.get(list.size() - 1).analysisFps() <= 0 || list.get(list.size() - 1).analysisFps() > 60)
            {
                throw new IllegalArgumentException(where + ": \"analysisFps\" must be above 0 and at most 60");
            }
        }
        return list;
    }

    /** A camera's crowd rules: the defaults, each overridable ({@code countThreshold, occupancyThreshold, holdS, riseBy,
     *  riseWindowS, realarmGapS}). */
    private static org.beacon.video.crowd.CrowdRules.Settings rules(final JsonNode node, final String where)
    {
        final org.beacon.video.crowd.CrowdRules.Settings d = org.beacon.video.crowd.CrowdRules.Settings.DEFAULT;
        if (null == node)
        {
            return d;
        }
        if (!node.isObject())
        {
            throw new IllegalArgumentException(where + ": \"crowdRules\" must be an object");
        }
        final long second = 1_000_000_000L;
        return new org.beacon.video.crowd.CrowdRules.Settings(
            node.has("countThreshold") ? integer(node, "countThreshold", where + " crowdRules", 1, 100_000) : d.countThreshold(),
            node.has("occupancyThreshold") ? number(node, "occupancyThreshold", where + " crowdRules", 0, 1) : d.occupancyThreshold(),
            node.has("holdS") ? (long)(number(node, "holdS", where + " crowdRules", 0, 3600) * second) : d.holdNs(),
            node.has("riseBy") ? integer(node, "riseBy", where + " crowdRules", 1, 100_000) : d.riseBy(),
            node.has("riseWindowS") ? (long)(number(node, "riseWindowS", where + " crowdRules", 0, 3600) * second) : d.riseWindowNs(),
            node.has("realarmGapS") ? (long)(number(node, "realarmGapS", where + " crowdRules", 0, 86_400) * second) :
                d.realarmGapNs());
    }

    private static int integer(final JsonNode node, final String field, final String where, final int min, final int max)
    {
        final JsonNode v = node.get(field);
        if (null == v || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max)
        {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static double number(final JsonNode node, final String field, final String where, final double min, final double max)
    {
        final JsonNode v = node.get(field);
        if (null == v || !v.isNumber() || v.asDouble() < min || v.asDouble() > max)
        {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a number from " + min + " to " + max);
        }
        return v.asDouble();
    }

    private static String text(final JsonNode node, final String field, final String where)
    {
        final JsonNode v = node.get(field);
        if (null == v || !v.isTextual() || v.asText().isBlank())
        {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }
}
