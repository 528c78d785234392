package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.GreenWavePlannedDecoder;
import org.beacon.codecs.PreemptEnd;
import org.beacon.codecs.PreemptQueuedDecoder;
import org.beacon.codecs.PreemptReleasedDecoder;
import org.beacon.codecs.PreemptRequestedDecoder;
import org.beacon.core.MessageView;

/**
 * Green waves, one per unit: GreenWavePlanned, then each intersection's preemption requested, queued and released.
 * A wave also ends when its unit stops ({@link UnitFold}).
 */
final class WaveFold implements EntityFold
{
    private static final String PLANNED = "PLANNED";
    private static final String REQUESTED = "REQUESTED";
    private static final String QUEUED = "QUEUED";
    private static final String RELEASED = "RELEASED";

    private final ModelState state;
    private final MessageView view;
    private final GreenWavePlannedDecoder wavePlanned = new GreenWavePlannedDecoder();
    private final PreemptRequestedDecoder preemptRequested = new PreemptRequestedDecoder();
    private final PreemptQueuedDecoder preemptQueued = new PreemptQueuedDecoder();
    private final PreemptReleasedDecoder preemptReleased = new PreemptReleasedDecoder();

    WaveFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        outputs.on(GreenWavePlannedDecoder.TEMPLATE_ID, this::onWavePlanned);
        outputs.on(PreemptRequestedDecoder.TEMPLATE_ID, this::onPreemptRequested);
        outputs.on(PreemptQueuedDecoder.TEMPLATE_ID, this::onPreemptQueued);
        outputs.on(PreemptReleasedDecoder.TEMPLATE_ID, this::onPreemptReleased);
    }

    private void onWavePlanned(final long sequence, final long timestampNs)
    {
        final GreenWavePlannedDecoder d = body(view, wavePlanned);
        final long unitId = d.unitId();
        final long incidentId = Math.max(0, d.incidentId());
        if (unitId <= 0 || !view.groupHeaderFits(d.limit()))
        {
            return;
        }
        final GreenWavePlannedDecoder.IntersectionsDecoder group = d.intersections();
        if (!view.groupFits(d.limit(), group.count(), group.actingBlockLength(),
            GreenWavePlannedDecoder.IntersectionsDecoder.sbeBlockLength()))
        {
            state.malformed();
            return;
        }
        final ArrayNode planned = JSON.arrayNode(group.count());
        while (group.hasNext())
        {
            group.next();
            final ObjectNode entry = planned.addObject();
            entry.put("index", group.intersectionIndex());
            entry.put("etaMs", ms(group.etaAtNs(), timestampNs));
            entry.put("state", PLANNED);
            entry.putNull("endReason");
        }
        if (planned.isEmpty())
        {
            // no signalized intersection ahead: the planner keeps no wave for the unit
            state.removeWave(unitId);
            return;
        }
        final ObjectNode wave = state.wave(unitId);
        wave.put("incidentId", incidentId);
        wave.set("intersections", planned);
        wave.put("atMs", timestampNs / 1_000_000L);
        state.touch(wave);
    }

    private void onPreemptRequested(final long sequence, final long timestampNs)
    {
        final PreemptRequestedDecoder d = body(view, preemptRequested);
        preempt(d.unitId(), d.intersectionIndex(), Math.max(0, d.incidentId()), d.etaAtNs(), REQUESTED, timestampNs);
    }

    private void onPreemptQueued(final long sequence, final long timestampNs)
    {
        final PreemptQueuedDecoder d = body(view, preemptQueued);
        preempt(d.unitId(), d.intersectionIndex(), 0, d.etaAtNs(), QUEUED, timestampNs);
    }

    private void preempt(
        final long unitId,
        final int index,
        final long incidentId,
        final long etaAtNs,
        final String entryState,
        final long timestampNs)
    {
        if (unitId <= 0 || index < 0)
        {
            return;
        }
        final ObjectNode wave = state.wave(unitId);
        if (incidentId > 0)
        {
            wave.put("incidentId", incidentId);
        }
        final ArrayNode list = array(wave, "intersections");
        ObjectNode entry = waveEntry(list, index, false);
        if (null == entry)
        {
            entry = waveEntry(list, index, true);
        }
        if (null == entry)
        {
            // a preemption outside any plan (an operator's): the wave is what is asked
            entry = list.addObject();
            entry.put("index", index);
            entry.put("etaMs", ms(etaAtNs, timestampNs));
        }
        if (etaAtNs > 0)
        {
            entry.put("etaMs", etaAtNs / 1_000_000L);
        }
        entry.put("state", entryState);
        entry.putNull("endReason");
        wave.put("atMs", timestampNs / 1_000_000L);
        state.touch(wave);
    }

    private void onPreemptReleased(final long sequence, final long timestampNs)
    {
        final PreemptReleasedDecoder d = body(view, preemptReleased);
        final long unitId = d.unitId();
        final int index = d.intersectionIndex();
        final short reason = d.reasonRaw();
        final ObjectNode wave = state.waves.get(unitId);
        if (null == wave)
        {
            return;
        }
        final ArrayNode list = array(wave, "intersections");
        ObjectNode entry = null;
        for (int i = 0; i < list.size() && null == entry; i++)
        {
            final JsonNode candidate = list.get(i);
            final String entryState = candidate.path("state").asText();
            if (candidate.path("index").asInt() == index && (REQUESTED.equals(entryState) || QUEUED.equals(entryState)))
            {
                entry = (ObjectNode)candidate;
            }
        }
        if (null == entry)
        {
            return;
        }
        final String endReason = name(Names.PREEMPT_END, reason);
        entry.put("state", RELEASED);
        entry.put("endReason", endReason);
        wave.put("atMs", timestampNs / 1_000_000L);
        state.touch(wave);
        if (PreemptEnd.STALE_POSITION.value() == reason || PreemptEnd.UNIT_STOPPED.value() == reason)
        {
            // the planner ends the whole wave for these
            state.removeWave(unitId);
            return;
        }
        for (int i = 0; i < list.size(); i++)
        {
            if (!RELEASED.equals(list.get(i).path("state").asText()))
            {
                return;
            }
        }
        state.removeWave(unitId);
    }

    private static ObjectNode waveEntry(final ArrayNode list, final int index, final boolean includeReleased)
    {
        for (int i = 0; i < list.size(); i++)
        {
            final JsonNode entry = list.get(i);
            if (entry.path("index").asInt() == index && (includeReleased || !RELEASED.equals(entry.path("state").asText())))
            {
                return (ObjectNode)entry;
            }
        }
        return null;
    }
}
