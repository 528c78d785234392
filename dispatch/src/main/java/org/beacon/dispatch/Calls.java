package org.beacon.dispatch;

import static org.beacon.dispatch.InputValues.fixSource;
import static org.beacon.dispatch.InputValues.locationMethod;
import static org.beacon.dispatch.InputValues.locationProblem;
import static org.beacon.dispatch.InputValues.locationQuality;
import static org.beacon.dispatch.InputValues.locationShape;
import static org.beacon.dispatch.InputValues.rangeCheckedQuality;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.beacon.codecs.Agency;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IncidentStatus;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.UpdateReason;
import org.beacon.core.OutputSink;

/**
 * Calls and their fixes, and the incidents they open or join: CallReceived, LocationFix and CallEnded, correlation of
 * a new call with an active incident, the best fix of a call and of an incident, the pin of a confirmed location and
 * the offer of a better fix. The operator commands reuse its incident operations (open, pin, recompute).
 */
final class Calls
{
    private static final long MAX_FIX_AGE_NS = TimeUnit.HOURS.toNanos(24);

    private final DispatchState state;
    private final DispatchConfig config;
    private final DispatchPublisher publisher;
    private final Recommender recommender;
    private final long agingMmPerS;
    private final LocationReading reading = new LocationReading();

    Calls(final DispatchState state, final DispatchPublisher publisher, final Recommender recommender)
    {
        this.state = state;
        this.config = state.config;
        this.publisher = publisher;
        this.recommender = recommender;
        this.agingMmPerS = config.fixAgingMmPerS();
    }

    /**
     * A CallReceived; {@code caller} holds its caller number (the adapter read it, {@code callerLength} 0 when absent).
     */
    void onCallReceived(
        final CallReceivedDecoder decoder,
        final byte[] caller,
        final int callerLength,
        final long sequence,
        final long timestampNs,
        final OutputSink outputs)
    {
        final long callId = decoder.callId();
        if (0 == callId || null != state.callById.get(callId))
        {
            return;
        }

        final Call call = new Call();
        call.id = callId;
        call.agency = Agencies.ofNumber(decoder.agencyRaw(), Agency.UNIFIED);
        call.receivedAtNs = timestampNs;
        state.callById.put(callId, call);

        CallerRecord record = null;
        if (callerLength > 0)
        {
            call.caller = Arrays.copyOf(caller, callerLength);
            record = state.callers.findOrCreate(caller, callerLength);
            call.recentCalls = state.callers.addCall(record, callId, state.clockNs, config.nuisanceWindowNs());
            call.nuisance = call.recentCalls >= config.nuisanceCallThreshold();
        }

        final int latMicros = decoder.location().latMicros();
        final int lonMicros = decoder.location().lonMicros();
        final LocationReading read = reading.read(latMicros, lonMicros, decoder.locationQualityRaw(),
            decoder.locationProblemRaw(), decoder.shapeRaw(), decoder.fixSourceRaw());
        Fix fix = null;
        if (read.quality == LocationQuality.USABLE)
        {
            fix = newFix(
                read.source, read.shape, locationMethod(decoder.locationMethodRaw()), decoder.confidencePct(),
                latMicros, lonMicros, decoder.uncertaintyM(), timestampNs);
        }
        addFix(call, fix, read.quality, read.problem, read.shape, read.source);

        if (null != record)
        {
            PendingFix pending;
            while (null != (pending = state.callers.pollPending(record, state.clockNs)))
            {
                addFix(call, pending.fix, LocationQuality.USABLE, LocationProblem.NONE, pending.fix.shape, pending.fix.source);
            }
        }

        final Fix best = call.best;
        Incident duplicateOf = null;
        if (null != best && FixRanking.rankUncertainty(best.uncertaintyM) <= config.maxJoinUncertaintyM())
        {
            duplicateOf = findDuplicate(call.agency, best, timestampNs);
        }

        if (null != duplicateOf)
        {
            joinIncident(duplicateOf, call, outputs);
        }
        else
        {
            openIncident(sequence, call, timestampNs, outputs);
            recommender.recommendIfDue(call.incident, 0, outputs);
        }
        publisher.callUpdated(call, timestampNs, outputs);
    }

    /**
     * A LocationFix; {@code caller} holds its caller number (the adapter read it, {@code callerLength} 0 when absent).
     */
    void onLocationFix(
        final LocationFixDecoder decoder,
        final byte[] caller,
        final int callerLength,
        final long sequence,
        final long timestampNs,
        final OutputSink outputs)
    {
        final long callId = decoder.callId();
        final int latMicros = decoder.location().latMicros();
        final int lonMicros = decoder.location().lonMicros();
        final LocationReading read = reading.read(latMicros, lonMicros, decoder.locationQualityRaw(),
            decoder.locationProblemRaw(), decoder.shapeRaw(), decoder.fixSourceRaw());
        final long reportedNs = decoder.fixTimeNs();
        final long fixTimeNs = reportedNs <= 0 || reportedNs > timestampNs ?
            timestampNs : Math.max(reportedNs, timestampNs - MAX_FIX_AGE_NS);
        Fix fix = null;
        if (read.quality == LocationQuality.USABLE)
        {
            fix = newFix(
                read.source, read.shape, locationMethod(decoder.locationMethodRaw()), decoder.confidencePct(),
                latMicros, lonMicros, decoder.uncertaintyM(), fixTimeNs);
        }

        Call call = 0 != callId ? state.callById.get(callId) : null;
        if (null == call)
        {
            if (0 == callerLength)
            {
                return;
            }
            final CallerRecord record = state.callers.find(caller, callerLength);
            call = null != record ? matchCall(record) : null;
            if (null == call)
            {
                if (null != fix)
                {
                    final CallerRecord waiting = null != record ? record : state.callers.findOrCreate(caller, callerLength);
                    state.callers.addPending(waiting, sequence, state.clockNs, fix);
                }
                return;
            }
        }

        final boolean improved = addFix(call, fix, read.quality, read.problem, read.shape, read.source);
        final Incident incident = call.incident;
        if (null != fix && incident.isActive())
        {
            if (improved && considerBest(incident, call))
            {
                publisher.incidentUpdated(incident, UpdateReason.LOCATION_IMPROVED, call.id, 0, 0, outputs);
            }
            if (null != incident.pinCall)
            {
                offerIfBetter(incident, call, fix, outputs);
            }
            recommender.recommendIfDue(incident, 0, outputs);
        }
        publisher.callUpdated(call, timestampNs, outputs);
    }

    /**
     * The call a fix that names only the caller number belongs to, or null: the most recent call of the
     * number not ended, else the most recent that ended within the grace, among calls within the window.
     */
    private Call matchCall(final CallerRecord record)
    {
        final long clockNs = state.clockNs;
        Call recentlyEnded = null;
        for (int i = record.entryCount - 1; i >= 0; i--)
        {
            if (clockNs - record.entryAtNs(i) > config.callMatchWindowNs())
            {
                break;
            }
            final Call call = state.callById.get(record.entryCallId(i));
            if (null == call)
            {
                continue;
            }
            if (!call.ended)
            {
                return call;
            }
            if (null == recentlyEnded && clockNs - call.endedAtNs <= config.endedCallGraceNs())
            {
                recentlyEnded = call;
            }
        }
        return recentlyEnded;
    }

    void onCallEnded(final long callId, final long timestampNs, final OutputSink outputs)
    {
        final Call call = state.callById.get(callId);
        if (null == call || call.ended)
        {
            return;
        }

        call.ended = true;
        call.endedAtNs = state.clockNs;
        if (call.incident.isActive())
        {
            publisher.incidentUpdated(call.incident, UpdateReason.CALL_ENDED, call.id, 0, 0, outputs);
        }
        publisher.callUpdated(call, timestampNs, outputs);
    }

    private static Fix newFix(
        final FixSource source,
        final LocationShape shape,
        final LocationMethod method,
        final short confidencePct,
        final int latMicros,
        final int lonMicros,
        final long uncertaintyM,
        final long fixTimeNs)
    {
        final Fix fix = new Fix();
        fix.source = source;
        fix.shape = shape;
        fix.method = method;
        fix.confidencePct = confidencePct;
        fix.latMicros = latMicros;
        fix.lonMicros = lonMicros;
        fix.uncertaintyM = uncertaintyM;
        fix.fixTimeNs = fixTimeNs;
        return fix;
    }

    /**
     * Numbers a fix of the call (usable or not, then fix is null) and keeps it when usable.
     *
     * @return whether it became the call's best fix.
     */
    boolean addFix(
        final Call call,
        final Fix fix,
        final LocationQuality quality,
        final LocationProblem problem,
        final LocationShape shape,
        final FixSource source)
    {
        if (call.fixCount < Integer.MAX_VALUE)
        {
            call.fixCount++;
        }
        call.lastQuality = quality;
        call.lastProblem = problem;
        call.lastShape = shape;
        call.lastSource = source;
        if (null == fix)
        {
            return false;
        }

        fix.number = call.fixCount;
        call.store(fix);
        if (fix.source != FixSource.CALL_TAKER &&
            (null == call.best || FixRanking.better(fix, call.id, call.best, call.id, agingMmPerS)))
        {
            call.best = fix;
            return true;
        }
        return false;
    }

    /**
     * The active incident this call duplicates, or null: the compatible one with the smallest distance
     * relative to its threshold, ties to the lower id. A linear scan over active incidents: bounded by
     * the incidents open at once (hundreds in a 10x surge, at most a few thousand), which costs
     * microseconds; a spatial grid can replace it without changing any output because the choice is
     * fully ordered by (normalized distance, id).
     */
    private Incident findDuplicate(final Agency agency, final Fix fix, final long timestampNs)
    {
        Incident best = null;
        long bestDistance = 0;
        long bestThreshold = 1;
        for (int i = 0, size = state.activeIncidents.size(); i < size; i++)
        {
            final Incident incident = state.activeIncidents.get(i);
            if (!incident.hasUsableLocation() ||
                timestampNs - incident.lastCallAtNs > config.duplicateWindowNs() ||
                !AgencySet.compatible(agency, incident.agencies) ||
                FixRanking.rankUncertainty(incident.uncertaintyM) > config.maxJoinUncertaintyM())
            {
                continue;
            }

            final long threshold = FixRanking.threshold(incident.uncertaintyM, fix.uncertaintyM, config);
            final long distance = Geo.distanceMetres(incident.latMicros, incident.lonMicros, fix.latMicros, fix.lonMicros);
            if (distance <= threshold && (null == best || distance * bestThreshold < bestDistance * threshold))
            {
                best = incident;
                bestDistance = distance;
                bestThreshold = threshold;
            }
        }

        return best;
    }

    Incident openIncident(final long incidentId, final Call call, final long timestampNs, final OutputSink outputs)
    {
        final Incident incident = new Incident();
        incident.id = incidentId;
        incident.firstCallId = call.id;
        incident.agency = call.agency;
        incident.status = IncidentStatus.OPEN;
        incident.openedAtNs = timestampNs;
        incident.lastCallAtNs = call.receivedAtNs;
        incident.fallbackQuality = call.lastQuality == LocationQuality.USABLE ? LocationQuality.UNUSABLE : call.lastQuality;
        incident.calls.add(call);
        call.incident = incident;
        incident.agencies = AgencySet.bit(call.agency);
        incident.priority = AgencySet.priority(incident.agency, incident.agencies);
        incident.nuisanceCalls = call.nuisance ? 1 : 0;
        if (null != call.best)
        {
            incident.bestCall = call;
            incident.bestFix = call.best;
        }
        if (null != call.confirmedFix)
        {
            incident.pinCall = call;
        }
        incident.refreshLocation();
        state.addIncident(incident);
        publisher.incidentOpened(incident, outputs);
        return incident;
    }

    private void joinIncident(final Incident incident, final Call call, final OutputSink outputs)
    {
        incident.calls.add(call);
        call.incident = incident;
        incident.lastCallAtNs = Math.max(incident.lastCallAtNs, call.receivedAtNs);
        if (call.nuisance)
        {
            incident.nuisanceCalls++;
        }
        final int added = addAgencies(incident, AgencySet.bit(call.agency));
        final boolean moved = considerBest(incident, call);

        publisher.incidentUpdated(incident, UpdateReason.CALL_ADDED, call.id, 0, 0, outputs);
        if (0 != added)
        {
            publisher.incidentUpdated(incident, UpdateReason.AGENCY_ADDED, call.id, 0, 0, outputs);
        }
        if (moved)
        {
            publisher.incidentUpdated(incident, UpdateReason.LOCATION_IMPROVED, call.id, 0, 0, outputs);
        }
        if (null != incident.pinCall && null != call.best)
        {
            offerIfBetter(incident, call, call.best, outputs);
        }
        recommender.recommendIfDue(incident, added, outputs);
    }

    /**
     * @return the agencies that were not needed before.
     */
    static int addAgencies(final Incident incident, final int agencies)
    {
        final int before = incident.agencies;
        incident.agencies |= agencies;
        incident.priority = AgencySet.priority(incident.agency, incident.agencies);
        return incident.agencies & ~before;
    }

    /**
     * Takes the call's best fix as the incident's best when it ranks first.
     *
     * @return whether the incident's shown location changed (it does not while pinned).
     */
    private boolean considerBest(final Incident incident, final Call call)
    {
        final Fix fix = call.best;
        if (null == fix ||
            (null != incident.bestFix && !FixRanking.better(fix, call.id, incident.bestFix, incident.bestCall.id, agingMmPerS)))
        {
            return false;
        }
        incident.bestCall = call;
        incident.bestFix = fix;
        return incident.refreshLocation();
    }

    /** Whether {@code fix} of {@code call} ranks before {@code other} of {@code otherCall} (null ranks last). */
    boolean better(final Fix fix, final Call call, final Fix other, final Call otherCall)
    {
        return null != fix && (null == other || FixRanking.better(fix, call.id, other, otherCall.id, agingMmPerS));
    }

    private void offerIfBetter(final Incident incident, final Call call, final Fix fix, final OutputSink outputs)
    {
        final Fix pin = incident.pinCall.confirmedFix;
        final long uncertainty = FixRanking.rankUncertainty(fix.uncertaintyM);
        if (fix.source == FixSource.CALL_TAKER || fix == pin ||
            uncertainty >= FixRanking.rankUncertainty(pin.uncertaintyM) || uncertainty >= incident.offeredUncertaintyM)
        {
            return;
        }

        incident.offeredUncertaintyM = uncertainty;
        publisher.betterFixAvailable(call, incident, fix, pin, outputs);
    }

    static void pin(final Incident incident, final Call call, final Fix fix, final long sequence)
    {
        call.confirmedFix = fix;
        call.confirmedSequence = sequence;
        incident.pinCall = call;
        incident.offeredUncertaintyM = Incident.NO_OFFER;
        incident.refreshLocation();
    }

    /**
     * Rebuilds what an incident derives from its calls after one left: needed agencies, nuisance count,
     * latest call, best fix, and the pin when the leaving call held it (then the latest other
     * confirmation, if any). Bounded by the incident's calls.
     */
    void recompute(final Incident incident, final Call removed)
    {
        final boolean repin = incident.pinCall == removed;
        Call pinCall = repin ? null : incident.pinCall;
        int agencies = incident.addedAgencies;
        int nuisanceCalls = 0;
        long lastCallAtNs = Long.MIN_VALUE;
        Call bestCall = null;
        Fix bestFix = null;
        for (int i = 0, size = incident.calls.size(); i < size; i++)
        {
            final Call call = incident.calls.get(i);
            agencies |= AgencySet.bit(call.agency);
            nuisanceCalls += call.nuisance ? 1 : 0;
            lastCallAtNs = Math.max(lastCallAtNs, call.receivedAtNs);
            if (better(call.best, call, bestFix, bestCall))
            {
                bestCall = call;
                bestFix = call.best;
            }
            if (repin && null != call.confirmedFix && (null == pinCall || call.confirmedSequence > pinCall.confirmedSequence))
            {
                pinCall = call;
            }
        }

        incident.agencies = agencies;
        incident.priority = AgencySet.priority(incident.agency, agencies);
        incident.nuisanceCalls = nuisanceCalls;
        incident.lastCallAtNs = lastCallAtNs;
        incident.bestCall = bestCall;
        incident.bestFix = bestFix;
        if (repin)
        {
            incident.pinCall = pinCall;
            incident.offeredUncertaintyM = Incident.NO_OFFER;
        }
        incident.refreshLocation();
    }

    /** What a CallReceived or LocationFix says of its location, read into safe values; scratch, one per event. */
    private static final class LocationReading
    {
        LocationQuality quality;
        LocationProblem problem;
        LocationShape shape;
        FixSource source;

        LocationReading read(
            final int latMicros,
            final int lonMicros,
            final short qualityRaw,
            final short problemRaw,
            final short shapeRaw,
            final short sourceRaw)
        {
            final LocationQuality declared = locationQuality(qualityRaw);
            quality = rangeCheckedQuality(declared, latMicros, lonMicros);
            problem = quality == declared ? locationProblem(problemRaw, declared) : LocationProblem.OUT_OF_RANGE;
            shape = locationShape(shapeRaw);
            source = fixSource(sourceRaw);
            return this;
        }
    }
}
