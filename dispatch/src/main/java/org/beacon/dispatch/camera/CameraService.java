package org.beacon.dispatch.camera;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.CameraRegisteredDecoder;
import org.beacon.codecs.CrowdAlarmDecoder;
import org.beacon.codecs.CrowdRule;
import org.beacon.codecs.IncidentCandidateEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.PlateReadDecoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistEntryDecoder;
import org.beacon.codecs.WatchlistHitEncoder;
import org.beacon.codecs.WatchlistReason;
import org.beacon.codecs.WatchlistUpdatedEncoder;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;
import org.beacon.core.service.Service;

/**
 * The state machine's part of camera analytics. It keeps the cameras as their workers announce them
 * ({@code CameraRegistered}: place, heading, the map place of each crowd zone) and the licence-plate watchlist
 * ({@code WatchlistEntry}, answered by {@code WatchlistUpdated}); a {@code PlateRead} that matches a listed plate
 * (exactly, or one known OCR confusion away when nothing matches exactly) raises a {@code WatchlistHit} with the
 * camera's place, once per plate and camera within {@link #HIT_REPEAT_NS}; a {@code CrowdAlarm} becomes an
 * {@code IncidentCandidate} at its zone's map place (the camera's place when the zone is unknown), for a dispatcher
 * to decide on. Reads only its events; every map is ordered, so snapshots and outputs replay byte for byte. A
 * {@link Service} of section {@value #SECTION_ID}; it observes no other service's outputs.
 */
public final class CameraService implements Service
{
    /** The snapshot section of camera analytics. */
    public static final int SECTION_ID = 3;
    /** A plate seen again by the same camera within this time raises no new hit. */
    public static final long HIT_REPEAT_NS = TimeUnit.SECONDS.toNanos(60);
    /** Most watchlist entries. */
    public static final int MAX_ENTRIES = 100_000;
    private static final int MAX_REPEAT_MEMORY = 10_000;
    private static final int SNAPSHOT_MAGIC = 0x43414D31;
    private static final int SNAPSHOT_VERSION = 1;

    private record Zone(int latMicros, int lonMicros, int radiusM)
    {
    }

    private record Camera(int id, int latMicros, int lonMicros, int headingDeciDeg, String name, TreeMap<Integer, Zone> zones)
    {
    }

    private record Entry(String plate, short reason, long incidentId, int operatorId)
    {
    }

    private final TreeMap<Integer, Camera> cameras = new TreeMap<>();
    private final TreeMap<String, Entry> watchlist = new TreeMap<>();
    private final TreeMap<String, Long> lastHits = new TreeMap<>();
    private final MessageView message = new MessageView();
    private final CameraRegisteredDecoder registered = new CameraRegisteredDecoder();
    private final PlateReadDecoder plateRead = new PlateReadDecoder();
    private final WatchlistEntryDecoder entry = new WatchlistEntryDecoder();
    private final CrowdAlarmDecoder crowd = new CrowdAlarmDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final WatchlistHitEncoder hit = new WatchlistHitEncoder();
    private final IncidentCandidateEncoder candidate = new IncidentCandidateEncoder();
    private final WatchlistUpdatedEncoder updated = new WatchlistUpdatedEncoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(512);

    @Override
    public int sectionId()
    {
        return SECTION_ID;
    }

    @Override
    public int sectionVersion()
    {
        return SNAPSHOT_VERSION;
    }

    /**
     * Applies one event; events of other domains, and those whose block is shorter than this build reads, are ignored.
     *
     * @param sequence    the event's journal sequence.
     * @param timestampNs its sequencer timestamp.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the message.
     * @param length      of the message.
     * @param outputs     where outputs go.
     */
    @Override
    public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
        final OutputSink outputs)
    {
        final int template = message.wrap(buffer, offset, length);
        if (template == CameraRegisteredDecoder.TEMPLATE_ID && message.hasBlock(CameraRegisteredDecoder.BLOCK_LENGTH))
        {
            onCameraRegistered();
        }
        else if (template == WatchlistEntryDecoder.TEMPLATE_ID && message.hasBlock(WatchlistEntryDecoder.BLOCK_LENGTH))
        {
            onWatchlistEntry(outputs);
        }
        else if (template == PlateReadDecoder.TEMPLATE_ID && message.hasBlock(PlateReadDecoder.BLOCK_LENGTH))
        {
            onPlateRead(timestampNs, outputs);
        }
        else if (template == CrowdAlarmDecoder.TEMPLATE_ID && message.hasBlock(CrowdAlarmDecoder.BLOCK_LENGTH))
        {
            onCrowdAlarm(sequence, timestampNs, outputs);
        }
    }

    private void onCameraRegistered()
    {
        registered.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
        final int id = registered.cameraId();
        if (id <= 0)
        {
            return;
        }
        final int lat = registered.position().latMicros();
        final int lon = registered.position().lonMicros();
        final int heading = registered.headingDeciDeg();
        final TreeMap<Integer, Zone> zones = new TreeMap<>();
        if (!message.groupHeaderFits(registered.limit()))
        {
            return;
        }
        final int zonesAt = registered.limit();
        final CameraRegisteredDecoder.ZonesDecoder zoneGroup = registered.zones();
        if (!message.groupFits(zonesAt + 4, zoneGroup.count(), message.buffer().getShort(zonesAt, ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
            CameraRegisteredDecoder.ZonesDecoder.sbeBlockLength()))
        {
            return;
        }
        for (final CameraRegisteredDecoder.ZonesDecoder zone : zoneGroup)
        {
            zones.put(zone.zoneId(), new Zone(zone.place().latMicros(), zone.place().lonMicros(), zone.radiusM()));
        }
        if (!textFits(registered.limit(), registered.nameLength()))
        {
            return;
        }
        cameras.put(id, new Camera(id, lat, lon, heading, registered.name(), zones));
    }

    private void onWatchlistEntry(final OutputSink outputs)
    {
        entry.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
        final short action = entry.actionRaw();
        final short reason = entry.reasonRaw();
        final long incidentId = entry.incidentId();
        final int operatorId = entry.operatorId();
        if (!textFits(entry.limit(), entry.plateLength()))
        {
            return;
        }
        final String plate = entry.plate();
        if (!textFits(entry.limit(), entry.noteLength()))
        {
            return;
        }
        entry.note();
        final String normalized = PlateMatch.normalize(plate);
        boolean accepted = PlateMatch.plausible(normalized);
        if (accepted && action == WatchlistAction.ADD.value())
        {
            final boolean knownReason = reason >= WatchlistReason.STOLEN.value() && reason <= WatchlistReason.OTHER.value();
            accepted = knownReason && (watchlist.size() < MAX_ENTRIES || watchlist.containsKey(normalized));
            if (accepted)
            {
                watchlist.put(normalized, new Entry(plate.strip(), reason, incidentId, operatorId));
            }
        }
        else if (accepted && action == WatchlistAction.REMOVE.value())
        {
            accepted = null != watchlist.remove(normalized);
        }
        else
        {
            accepted = false;
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + updated.wrapAndApplyHeader(out, 0, headerEncoder)
            .action(action == WatchlistAction.REMOVE.value() ? WatchlistAction.REMOVE : WatchlistAction.ADD)
            .reason(reasonOf(reason))
            .incidentId(incidentId)
            .operatorId(operatorId)
            .accepted((short)(accepted ? 1 : 0))
            .entries(watchlist.size())
            .plate(normalized)
            .encodedLength();
        outputs.emit(out, 0, length);
    }

    /**
     * Whether the next text of the input lies within it: its length is read from the record, and one that lies would
     * make the decoder allocate up to a gigabyte (an OutOfMemoryError the host cannot survive) or throw.
     */
    private boolean textFits(final int limit, final long length)
    {
        return length <= Integer.MAX_VALUE && message.varDataFits(limit, (int)length);
    }

    private static WatchlistReason reasonOf(final short raw)
    {
        for (final WatchlistReason r : WatchlistReason.values())
        {
            if (r.value() == raw && r != WatchlistReason.NULL_VAL)
            {
                return r;
            }
        }
        return WatchlistReason.OTHER;
    }

    private void onPlateRead(final long timestampNs, final OutputSink outputs)
    {
        plateRead.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
        final int cameraId = plateRead.cameraId();
        final int confidence = plateRead.confidencePermille();
        if (!textFits(plateRead.limit(), plateRead.plateLength()))
        {
            return;
        }
        final String plate = plateRead.plate();
        if (!textFits(plateRead.limit(), plateRead.cropRefLength()))
        {
            return;
        }
        final String cropRef = plateRead.cropRef();
        if (watchlist.isEmpty())
        {
            return;
        }
        final String normalized = PlateMatch.normalize(plate);
        if (!PlateMatch.plausible(normalized))
        {
            return;
        }
        String listed = watchlist.containsKey(normalized) ? normalized : null;
        final boolean exact = null != listed;
        if (!exact)
        {
            final String[] found = new String[1];
            PlateMatch.forEachVariant(normalized, variant ->
            {
                if (watchlist.containsKey(variant))
                {
                    found[0] = variant;
                    return true;
                }
                return false;
            });
            listed = found[0];
        }
        if (null == listed)
        {
            return;
        }
        final String repeatKey = listed + "@" + cameraId;
        final Long last = lastHits.get(repeatKey);
        if (null != last && timestampNs - last < HIT_REPEAT_NS)
        {
            return;
        }
        rememberHit(repeatKey, timestampNs);
        final Entry listedEntry = watchlist.get(listed);
        final Camera camera = cameras.get(cameraId);
        hit.wrapAndApplyHeader(out, 0, headerEncoder)
            .cameraId(cameraId);
        hit.position().latMicros(null == camera ? 0 : camera.latMicros()).lonMicros(null == camera ? 0 : camera.lonMicros());
        hit.headingDeciDeg(null == camera ? 0 : camera.headingDeciDeg())
            .reason(reasonOf(listedEntry.reason()))
            .incidentId(listedEntry.incidentId())
            .confidencePermille(confidence)
            .exact((short)(exact ? 1 : 0))
            .readAtNs(timestampNs)
            .plate(plate)
            .listedPlate(listedEntry.plate())
            .cropRef(cropRef);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + hit.encodedLength());
    }

    private void rememberHit(final String key, final long timestampNs)
    {
        lastHits.put(key, timestampNs);
        if (lastHits.size() > MAX_REPEAT_MEMORY)
        {
            lastHits.values().removeIf(t -> timestampNs - t >= HIT_REPEAT_NS);
        }
    }

    private void onCrowdAlarm(final long sequence, final long timestampNs, final OutputSink outputs)
    {
        crowd.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
        final int cameraId = crowd.cameraId();
        final int zoneId = crowd.zoneId();
        final short rule = crowd.ruleRaw();
        final int count = crowd.count();
        final int occupancy = crowd.occupancyPermille();
        if (!textFits(crowd.limit(), crowd.cropRefLength()))
        {
            return;
        }
        final String cropRef = crowd.cropRef();
        final CrowdRule crowdRule = rule == CrowdRule.FAST_RISE.value() ? CrowdRule.FAST_RISE :
            rule == CrowdRule.OCCUPANCY_HELD.value() ? CrowdRule.OCCUPANCY_HELD : CrowdRule.COUNT_HELD;
        final Camera camera = cameras.get(cameraId);
        final Zone zone = null == camera ? null : camera.zones().get(zoneId);
        candidate.wrapAndApplyHeader(out, 0, headerEncoder)
            .candidateId(sequence)
            .cameraId(cameraId)
            .zoneId(zoneId);
        candidate.place()
            .latMicros(null != zone ? zone.latMicros() : null == camera ? 0 : camera.latMicros())
            .lonMicros(null != zone ? zone.lonMicros() : null == camera ? 0 : camera.lonMicros());
        candidate.radiusM(null != zone ? zone.radiusM() : 50)
            .rule(crowdRule)
            .count(count)
            .occupancyPermille(occupancy)
            .atNs(timestampNs)
            .cropRef(cropRef);
        outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + candidate.encodedLength());
    }

    /** @return entries on the watchlist. */
    public int watchlistSize()
    {
        return watchlist.size();
    }

    /** @return cameras registered. */
    public int cameraCount()
    {
        return cameras.size();
    }

    /**
     * Writes the state.
     *
     * @param buffer to write to.
     * @param offset where.
     * @return bytes written.
     */
    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putInt(at, SNAPSHOT_MAGIC);
        buffer.putInt(at + 4, SNAPSHOT_VERSION);
        buffer.putInt(at + 8, cameras.size());
        buffer.putInt(at + 12, watchlist.size());
        buffer.putInt(at + 16, lastHits.size());
        at += 20;
        for (final Camera c : cameras.values())
        {
            buffer.putInt(at, c.id());
            buffer.putInt(at + 4, c.latMicros());
            buffer.putInt(at + 8, c.lonMicros());
            buffer.putInt(at + 12, c.headingDeciDeg());
            at += 16;
            at += buffer.putStringUtf8(at, c.name());
            buffer.putInt(at, c.zones().size());
            at += 4;
            for (final Map.Entry<Integer, Zone> z : c.zones().entrySet())
            {
                buffer.putInt(at, z.getKey());
                buffer.putInt(at + 4, z.getValue().latMicros());
                buffer.putInt(at + 8, z.getValue().lonMicros());
                buffer.putInt(at + 12, z.getValue().radiusM());
                at += 16;
            }
        }
        for (final Map.Entry<String, Entry> e : watchlist.entrySet())
        {
            at += buffer.putStringUtf8(at, e.getKey());
            at += buffer.putStringUtf8(at, e.getValue().plate());
            buffer.putShort(at, e.getValue().reason());
            buffer.putLong(at + 2, e.getValue().incidentId());
            buffer.putInt(at + 10, e.getValue().operatorId());
            at += 14;
        }
        for (final Map.Entry<String, Long> h : lastHits.entrySet())
        {
            at += buffer.putStringUtf8(at, h.getKey());
            buffer.putLong(at, h.getValue());
            at += 8;
        }
        return at - offset;
    }

    /**
     * Replaces the state with a snapshot's.
     *
     * @param buffer holding it.
     * @param offset where it starts.
     * @param length its length.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        reset();
        if (length < 20 || buffer.getInt(offset) != SNAPSHOT_MAGIC || buffer.getInt(offset + 4) != SNAPSHOT_VERSION)
        {
            throw new IllegalArgumentException("not a camera snapshot of version " + SNAPSHOT_VERSION);
        }
        final int cameraCount = buffer.getInt(offset + 8);
        final int entryCount = buffer.getInt(offset + 12);
        final int hitCount = buffer.getInt(offset + 16);
        int at = offset + 20;
        for (int i = 0; i < cameraCount; i++)
        {
            final int id = buffer.getInt(at);
            final int lat = buffer.getInt(at + 4);
            final int lon = buffer.getInt(at + 8);
            final int heading = buffer.getInt(at + 12);
            at += 16;
            final String name = buffer.getStringUtf8(at);
            at += 4 + buffer.getInt(at);
            final int zoneCount = buffer.getInt(at);
            at += 4;
            final TreeMap<Integer, Zone> zones = new TreeMap<>();
            for (int z = 0; z < zoneCount; z++)
            {
                zones.put(buffer.getInt(at), new Zone(buffer.getInt(at + 4), buffer.getInt(at + 8), buffer.getInt(at + 12)));
                at += 16;
            }
            cameras.put(id, new Camera(id, lat, lon, heading, name, zones));
        }
        for (int i = 0; i < entryCount; i++)
        {
            final String key = buffer.getStringUtf8(at);
            at += 4 + buffer.getInt(at);
            final String plate = buffer.getStringUtf8(at);
            at += 4 + buffer.getInt(at);
            watchlist.put(key, new Entry(plate, buffer.getShort(at), buffer.getLong(at + 2), buffer.getInt(at + 10)));
            at += 14;
        }
        for (int i = 0; i < hitCount; i++)
        {
            final String key = buffer.getStringUtf8(at);
            at += 4 + buffer.getInt(at);
            lastHits.put(key, buffer.getLong(at));
            at += 8;
        }
        if (at != offset + length)
        {
            throw new IllegalArgumentException("camera snapshot: " + (offset + length - at) + " bytes left over");
        }
    }

    /** Forgets everything: the state of a service that has seen no event. */
    @Override
    public void reset()
    {
        cameras.clear();
        watchlist.clear();
        lastHits.clear();
    }

    /** Forgets everything (a snapshot from before camera analytics); the same as {@link #reset()}. */
    public void clear()
    {
        reset();
    }
}
