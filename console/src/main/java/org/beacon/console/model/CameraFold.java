package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Decoding.fits;
import static org.beacon.console.model.Fields.position;
import static org.beacon.console.model.Names.name;

import java.util.ArrayDeque;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.CameraRegisteredDecoder;
import org.beacon.codecs.IncidentCandidateDecoder;
import org.beacon.codecs.WatchlistAction;
import org.beacon.codecs.WatchlistHitDecoder;
import org.beacon.codecs.WatchlistUpdatedDecoder;
import org.beacon.core.MessageView;

/**
 * Cameras and what their analytics raise: CameraRegistered, watchlist hits, crowd candidates (the newest
 * {@link ConsoleModel#MAX_HITS} of each), and the watchlist itself.
 */
final class CameraFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final CameraRegisteredDecoder cameraRegistered = new CameraRegisteredDecoder();
    private final WatchlistHitDecoder watchlistHit = new WatchlistHitDecoder();
    private final IncidentCandidateDecoder incidentCandidate = new IncidentCandidateDecoder();
    private final WatchlistUpdatedDecoder watchlistUpdated = new WatchlistUpdatedDecoder();
    private final ArrayDeque<String> hitKeys = new ArrayDeque<>();
    private final ArrayDeque<String> candidateKeys = new ArrayDeque<>();
    private long hitNumber;

    CameraFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(CameraRegisteredDecoder.TEMPLATE_ID, this::onCameraRegistered);
        outputs.on(WatchlistHitDecoder.TEMPLATE_ID, this::onWatchlistHit);
        outputs.on(IncidentCandidateDecoder.TEMPLATE_ID, this::onIncidentCandidate);
        outputs.on(WatchlistUpdatedDecoder.TEMPLATE_ID, this::onWatchlistUpdated);
    }

    private void onCameraRegistered(final long sequence, final long timestampNs)
    {
        final CameraRegisteredDecoder d = body(view, cameraRegistered);
        final int id = d.cameraId();
        final String key = "camera:" + id;
        ObjectNode camera = state.get(key);
        if (null == camera)
        {
            camera = state.add(key, "camera");
        }
        camera.put("id", id);
        position(camera, d.position().latMicros(), d.position().lonMicros(), true);
        camera.put("headingDeg", d.headingDeciDeg() / 10.0);
        final ArrayNode zones = camera.putArray("zones");
        for (final CameraRegisteredDecoder.ZonesDecoder z : d.zones())
        {
            final ObjectNode zone = zones.addObject();
            zone.put("id", z.zoneId());
            position(zone, z.place().latMicros(), z.place().lonMicros(), true);
            zone.put("radiusM", z.radiusM());
        }
        fits(view, d.limit(), d.nameLength());
        camera.put("name", d.name());
        camera.put("atMs", timestampNs / 1_000_000L);
        state.touch(camera);
    }

    private void onWatchlistHit(final long sequence, final long timestampNs)
    {
        final WatchlistHitDecoder d = body(view, watchlistHit);
        final long n = ++hitNumber;
        final String key = "hit:" + n;
        final ObjectNode hit = state.add(key, "hit");
        hit.put("n", n);
        hit.put("cameraId", d.cameraId());
        position(hit, d.position().latMicros(), d.position().lonMicros(), true);
        hit.put("headingDeg", d.headingDeciDeg() / 10.0);
        hit.put("reason", name(Names.WATCHLIST_REASON, d.reasonRaw()));
        hit.put("incidentId", d.incidentId());
        hit.put("confidence", d.confidencePermille() / 1000.0);
        hit.put("exact", 1 == d.exact());
        hit.put("atMs", timestampNs / 1_000_000L);
        fits(view, d.limit(), d.plateLength());
        final String plate = d.plate();
        fits(view, d.limit(), d.listedPlateLength());
        final String listed = d.listedPlate();
        hit.put("plate", plate);
        hit.put("listedPlate", listed);
        fits(view, d.limit(), d.cropRefLength());
        hit.put("cropRef", d.cropRef());
        hitKeys.addLast(key);
        state.keepNewest(hitKeys, ConsoleModel.MAX_HITS);
        final ObjectNode camera = state.get("camera:" + d.cameraId());
        final String text = "watchlist: " + plate + (plate.equals(listed) ? "" : " (listed " + listed + ")") +
            " seen by " + (null != camera && camera.hasNonNull("name") ? camera.get("name").asText() : "camera " + d.cameraId()) +
            " (" + hit.get("reason").asText() + ")";
        ModelState.message(state.notice(timestampNs, "alarm", "watchlist-hit", text, d.incidentId(), 0, -1, 0),
            "watchlistHit", "plate", plate.equals(listed) ? plate : plate + " ≈ " + listed,
            "camera", null != camera && camera.hasNonNull("name") ? camera.get("name").asText() : "#" + d.cameraId(),
            "reason", hit.get("reason").asText());
    }

    private void onIncidentCandidate(final long sequence, final long timestampNs)
    {
        final IncidentCandidateDecoder d = body(view, incidentCandidate);
        final String key = "candidate:" + d.candidateId();
        final ObjectNode candidate = state.add(key, "candidate");
        candidate.put("id", d.candidateId());
        candidate.put("cameraId", d.cameraId());
        candidate.put("zoneId", d.zoneId());
        position(candidate, d.place().latMicros(), d.place().lonMicros(), true);
        candidate.put("radiusM", d.radiusM());
        candidate.put("rule", name(Names.CROWD_RULE, d.ruleRaw()));
        candidate.put("count", d.count());
        candidate.put("occupancy", d.occupancyPermille() / 1000.0);
        candidate.put("atMs", d.atNs() / 1_000_000L);
        fits(view, d.limit(), d.cropRefLength());
        candidate.put("cropRef", d.cropRef());
        candidateKeys.addLast(key);
        state.keepNewest(candidateKeys, ConsoleModel.MAX_HITS);
        ModelState.message(state.notice(timestampNs, "alarm", "crowd", "crowd: " + candidate.get("rule").asText() + ", " + d.count() +
            " people in zone " + d.zoneId() + " of camera " + d.cameraId(), 0, 0, -1, 0),
            "crowd", "rule", candidate.get("rule").asText(), "n", d.count(), "zone", d.zoneId(), "camera", d.cameraId());
    }

    private void onWatchlistUpdated(final long sequence, final long timestampNs)
    {
        final WatchlistUpdatedDecoder d = body(view, watchlistUpdated);
        final boolean add = d.actionRaw() == WatchlistAction.ADD.value();
        final boolean accepted = 1 == d.accepted();
        final String reason = name(Names.WATCHLIST_REASON, d.reasonRaw());
        final long incidentId = d.incidentId();
        final int operatorId = d.operatorId();
        fits(view, d.limit(), d.plateLength());
        final String plate = d.plate();
        final String key = "watch:" + plate;
        if (accepted && add)
        {
            ObjectNode entry = state.get(key);
            if (null == entry)
            {
                entry = state.add(key, "watch");
            }
            entry.put("plate", plate);
            entry.put("reason", reason);
            entry.put("incidentId", incidentId);
            entry.put("operatorId", operatorId);
            entry.put("atMs", timestampNs / 1_000_000L);
            state.touch(entry);
        }
        else if (accepted)
        {
            if (null != state.get(key))
            {
                state.drop(key);
            }
        }
        else
        {
            ModelState.message(state.notice(timestampNs, "warning", "rejected", "watchlist " + (add ? "add" : "remove") + " refused: " +
                plate + (add ? " is not a plate" : " is not listed"), incidentId, 0, -1, operatorId),
                add ? "watchAddRefused" : "watchRemoveRefused", "plate", plate);
        }
    }
}
