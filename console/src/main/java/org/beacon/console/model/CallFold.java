package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Fields.JSON;
import static org.beacon.console.model.Fields.array;
import static org.beacon.console.model.Fields.position;
import static org.beacon.console.model.Fields.uint32;
import static org.beacon.console.model.Names.ms;
import static org.beacon.console.model.Names.name;
import static org.beacon.console.model.Names.usable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.beacon.codecs.BetterFixAvailableDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandType;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.core.MessageView;

/**
 * Calls with their fixes: CallReceived and LocationFix (callers' numbers, IMSI and IMEI, raw), the dispatcher's
 * command a CallUpdated answers, CallUpdated and BetterFixAvailable.
 */
final class CallFold implements EntityFold
{
    private final ModelState state;
    private final MessageView view;
    private final CallReceivedDecoder callReceived = new CallReceivedDecoder();
    private final LocationFixDecoder locationFix = new LocationFixDecoder();
    private final OperatorCommandDecoder operatorCommand = new OperatorCommandDecoder();
    private final CallUpdatedDecoder callUpdated = new CallUpdatedDecoder();
    private final BetterFixAvailableDecoder betterFix = new BetterFixAvailableDecoder();

    /** A fix whose call is not known yet: the CallUpdated of the same input names it. */
    private long pendingFixSequence = -1;
    private ObjectNode pendingFix;
    private String pendingImsi;
    private String pendingImei;

    /** The last dispatcher command, to recognise the CallUpdated that answers it. */
    private long commandSequence = -1;
    private int commandType;
    private long commandCallId;

    CallFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(CallReceivedDecoder.TEMPLATE_ID, this::onCallReceived);
        inputs.on(LocationFixDecoder.TEMPLATE_ID, this::onLocationFix);
        inputs.on(OperatorCommandDecoder.TEMPLATE_ID, this::onOperatorCommand);
        outputs.on(CallUpdatedDecoder.TEMPLATE_ID, this::onCallUpdated);
        outputs.on(BetterFixAvailableDecoder.TEMPLATE_ID, this::onBetterFix);
    }

    private void onCallReceived(final long sequence, final long timestampNs)
    {
        final CallReceivedDecoder d = body(view, callReceived);
        final long callId = d.callId();
        if (callId <= 0 || null != state.calls.get(callId))
        {
            // the state machine ignores a call id it already has
            return;
        }
        final String agency = name(Names.AGENCY, d.agencyRaw());
        final short quality = d.locationQualityRaw();
        final String problem = name(Names.LOCATION_PROBLEM, d.locationProblemRaw());
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final String method = name(Names.LOCATION_METHOD, d.locationMethodRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final String caller = view.varDataFits(d.limit(), d.callerLength()) ? d.caller() : "";

        final ObjectNode call = state.call(callId, timestampNs);
        final boolean located = quality == LocationQuality.USABLE.value() && usable(latMicros, lonMicros);
        call.put("agency", agency);
        call.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        call.put("locationProblem", problem);
        call.put("shape", shape);
        call.put("fixSource", source);
        call.put("fixMethod", method);
        position(call, latMicros, lonMicros, located);
        call.put("uncertaintyM", located ? uncertaintyM : 0);
        call.put("receivedAtMs", timestampNs / 1_000_000L);
        call.put("atMs", timestampNs / 1_000_000L);
        call.put("caller", caller);
        appendFix(call, fix(timestampNs / 1_000_000L, quality, latMicros, lonMicros, uncertaintyM, source, shape).put("method", method));
    }

    private void onLocationFix(final long sequence, final long timestampNs)
    {
        final LocationFixDecoder d = body(view, locationFix);
        final long callId = d.callId();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final String method = name(Names.LOCATION_METHOD, d.locationMethodRaw());
        final short quality = d.locationQualityRaw();
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final long reportedNs = d.fixTimeNs();
        final long fixTimeNs = reportedNs > 0 && reportedNs <= timestampNs ? reportedNs : timestampNs;
        String imsi = "";
        String imei = "";
        if (view.varDataFits(d.limit(), d.callerLength()))
        {
            d.skipCaller();
            if (view.varDataFits(d.limit(), d.imsiLength()))
            {
                imsi = d.imsi();
                if (view.varDataFits(d.limit(), d.imeiLength()))
                {
                    imei = d.imei();
                }
            }
        }

        final ObjectNode fix = fix(fixTimeNs / 1_000_000L, quality, latMicros, lonMicros, uncertaintyM, source, shape);
        fix.put("method", method);
        final ObjectNode call = callId > 0 ? state.calls.get(callId) : null;
        if (null != call)
        {
            appendFix(call, fix);
            identity(call, imsi, imei);
            return;
        }
        // matched by the caller's number inside the state machine, or waiting for a call: its CallUpdated tells
        pendingFixSequence = sequence;
        pendingFix = fix;
        pendingImsi = imsi;
        pendingImei = imei;
    }

    private void onOperatorCommand(final long sequence, final long timestampNs)
    {
        final OperatorCommandDecoder d = body(view, operatorCommand);
        commandSequence = sequence;
        commandType = d.commandTypeRaw();
        final long callId = d.callId();
        commandCallId = callId > 0 ? callId : 0;
    }

    private void onCallUpdated(final long sequence, final long timestampNs)
    {
        final CallUpdatedDecoder d = body(view, callUpdated);
        final long callId = d.callId();
        if (callId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final short quality = d.locationQualityRaw();
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final int fixCount = d.fixCount();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final String shape = name(Names.LOCATION_SHAPE, d.shapeRaw());
        final long atMs = ms(d.atNs(), timestampNs);

        final ObjectNode call = state.call(callId, timestampNs);
        final int previousFixCount = call.path("fixCount").asInt();
        final boolean located = quality == LocationQuality.USABLE.value() && usable(latMicros, lonMicros);
        call.put("agency", name(Names.AGENCY, d.agencyRaw()));
        call.put("locationQuality", name(Names.LOCATION_QUALITY, quality));
        call.put("locationProblem", name(Names.LOCATION_PROBLEM, d.locationProblemRaw()));
        call.put("shape", shape);
        call.put("fixSource", source);
        position(call, latMicros, lonMicros, located);
        call.put("uncertaintyM", located ? uncertaintyM : 0);
        call.put("fixCount", fixCount);
        call.put("confirmed", 1 == d.confirmed());
        call.put("nuisance", 1 == d.nuisance());
        call.put("recentCallsFromCaller", d.recentCallsFromCaller());
        call.put("ended", 1 == d.ended());
        call.put("atMs", atMs);

        final boolean newFix = fixCount > previousFixCount;
        if (sequence == pendingFixSequence && null != pendingFix && newFix)
        {
            appendFix(call, pendingFix);
            identity(call, pendingImsi, pendingImei);
            pendingFix = null;
            pendingFixSequence = -1;
        }
        if (sequence == commandSequence && callId == commandCallId)
        {
            if (CommandType.CONFIRM_LOCATION.value() == commandType && newFix && located)
            {
                // a confirmed location is the one the call shows from now on
                appendFix(call, fix(atMs, quality, latMicros, lonMicros, uncertaintyM, source, shape));
            }
            if (CommandType.CONFIRM_LOCATION.value() == commandType || CommandType.ACCEPT_FIX.value() == commandType)
            {
                call.putNull("betterFix");
            }
        }
        call.put("fixMethod", shownMethod(call, source, shape, latMicros, lonMicros));
        if (incidentId > 0)
        {
            state.assignCall(callId, incidentId, timestampNs);
        }
    }

    /**
     * CallUpdated names the shown fix's source and shape, not its method: the method is the one of the newest fix the
     * call holds from that source with that shape and position (UNKNOWN when none matches, e.g. a confirmed location).
     */
    private static String shownMethod(
        final ObjectNode call, final String source, final String shape, final int latMicros, final int lonMicros)
    {
        final com.fasterxml.jackson.databind.JsonNode fixes = call.path("fixes");
        final double lat = latMicros / 1e6;
        final double lon = lonMicros / 1e6;
        String sameSource = null;
        for (int i = fixes.size() - 1; i >= 0; i--)
        {
            final com.fasterxml.jackson.databind.JsonNode fix = fixes.get(i);
            if (!source.equals(fix.path("source").asText()) || !fix.has("method"))
            {
                continue;
            }
            if (shape.equals(fix.path("shape").asText()) && fix.path("lat").asDouble() == lat && fix.path("lon").asDouble() == lon)
            {
                return fix.path("method").asText();
            }
            if (null == sameSource)
            {
                sameSource = fix.path("method").asText();
            }
        }
        return null == sameSource ? Names.UNKNOWN : sameSource;
    }

    private void onBetterFix(final long sequence, final long timestampNs)
    {
        final BetterFixAvailableDecoder d = body(view, betterFix);
        final long callId = d.callId();
        if (callId <= 0)
        {
            return;
        }
        final long incidentId = Math.max(0, d.incidentId());
        final int fixNumber = d.fixNumber();
        final String source = name(Names.FIX_SOURCE, d.fixSourceRaw());
        final int latMicros = d.location().latMicros();
        final int lonMicros = d.location().lonMicros();
        final long uncertaintyM = uint32(d.uncertaintyM());
        final long confirmedM = uint32(d.confirmedUncertaintyM());
        final ObjectNode offer = JSON.objectNode();
        offer.put("fixNumber", fixNumber);
        offer.put("source", source);
        position(offer, latMicros, lonMicros, usable(latMicros, lonMicros));
        offer.put("uncertaintyM", uncertaintyM);
        offer.put("confirmedUncertaintyM", confirmedM);
        final ObjectNode call = state.call(callId, timestampNs);
        call.set("betterFix", offer);
        state.touch(call);
        final String text = "call " + callId + ": fix " + fixNumber + " (" + source + ") ±" + uncertaintyM +
            " m is better than the confirmed location ±" + confirmedM + " m";
        ModelState.message(state.notice(timestampNs, "info", "better-fix", text, incidentId, 0, -1, 0),
            "betterFix", "call", callId, "fix", fixNumber, "source", source, "u", uncertaintyM, "confirmed", confirmedM);
    }

    private static ObjectNode fix(
        final long atMs,
        final short quality,
        final int latMicros,
        final int lonMicros,
        final long uncertaintyM,
        final String source,
        final String shape)
    {
        final ObjectNode fix = JSON.objectNode();
        fix.put("atMs", atMs);
        position(fix, latMicros, lonMicros, usable(latMicros, lonMicros));
        fix.put("uncertaintyM", uncertaintyM);
        fix.put("source", source);
        fix.put("shape", shape);
        fix.put("quality", name(Names.LOCATION_QUALITY, quality));
        return fix;
    }

    private void appendFix(final ObjectNode call, final ObjectNode fix)
    {
        final ArrayNode fixes = array(call, "fixes");
        fixes.add(fix);
        while (fixes.size() > ConsoleModel.MAX_FIXES)
        {
            fixes.remove(0);
        }
        state.touch(call);
    }

    private void identity(final ObjectNode call, final String imsi, final String imei)
    {
        if (null != imsi && !imsi.isEmpty())
        {
            call.put("imsi", imsi);
        }
        if (null != imei && !imei.isEmpty())
        {
            call.put("imei", imei);
        }
        state.touch(call);
    }
}
