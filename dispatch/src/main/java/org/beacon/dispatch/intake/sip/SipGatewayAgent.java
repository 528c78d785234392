package org.beacon.dispatch.intake.sip;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.CallEndReason;
import org.beacon.codecs.CallEndedEncoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway thread: the only owner of the {@link CoreClient}, of every call's dialog and INVITE
 * server transaction, and of the SIP timers. Its duty cycle takes requests from the I/O threads'
 * queue, offers inputs to the core in order, polls egress for their Acks, and fires timers from a
 * timer wheel. A request that needs the journal (a new call, a new location, the end of a call) is
 * answered only when its input's Ack comes back; when no Ack comes within the core timeout it is
 * answered 503. Connecting to the core (which can block) runs on a helper thread.
 *
 * <p>Transactions follow RFC 3261 17.2.1 and 13.3.1.4: 100 Trying at once; retransmitted INVITEs
 * get the last response again; a 2xx is retransmitted from T1 doubling to T2 until the ACK (any
 * transport), a non-2xx final response likewise over UDP (Timer G); after 64*T1 without ACK (Timer
 * H) a non-2xx transaction ends and an unacknowledged 2xx ends the call with a BYE. Ended calls are
 * remembered for 64*T1 so that retransmitted BYEs and INVITEs are absorbed, with a hard cap.
 */
final class SipGatewayAgent implements Agent, DeadlineTimerWheel.TimerHandler, CoreClient.EgressListener
{
    private static final Logger LOG = LoggerFactory.getLogger(SipGatewayAgent.class);
    private static final int DRAIN_LIMIT = 256;
    private static final int EGRESS_FRAGMENT_LIMIT = 256;
    private static final int TIMER_LIMIT = 1024;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final String RETRY_AFTER = "Retry-After: 1\r\n";
    private static final String RETRY_CORE = "Retry-After: 5\r\n";

    private final SipGatewayContext ctx;
    private final SipCounters counters;
    private final Queue<SipMessage> inbound;
    private final NanoClock clock;
    private final SipResponseEncoder encoder;
    private final SipCallIds callIds;
    private final ExecutorService connector;
    private final Map<String, SipCall> calls = new HashMap<>();
    private final ArrayDeque<SipCall> lingering = new ArrayDeque<>();
    private final Long2ObjectHashMap<SipCall> timerCalls = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel timers;
    private final CoreOffers offers;
    private final long t1Ns;
    private final long t2Ns;
    private final long lingerNs;
    private final String contactUdp;
    private final String contactTcp;
    private final long correlationBase;

    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CallReceivedEncoder callReceivedEncoder = new CallReceivedEncoder();
    private final LocationFixEncoder locationFixEncoder = new LocationFixEncoder();
    private final CallEndedEncoder callEndedEncoder = new CallEndedEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();

    private CoreClient client;
    private Future<CoreClient> connecting;
    private long nextConnectNs;
    private long correlationSequence;
    private int nextMediaPort;
    private long activeCalls;
    private long nowNs;
    private long byeSequence;

    SipGatewayAgent(
        final SipGatewayContext ctx,
        final SipCounters counters,
        final Queue<SipMessage> inbound,
        final ExecutorService connector,
        final int port)
    {
        this.ctx = ctx;
        this.counters = counters;
        this.inbound = inbound;
        this.connector = connector;
        this.clock = ctx.nanoClock();
        this.encoder = new SipResponseEncoder(ctx.serverName());
        this.callIds = new SipCallIds(ctx.epochClock(), ctx.instanceId());
        this.t1Ns = ctx.t1Ns();
        this.t2Ns = ctx.t2Ns();
        this.lingerNs = 64 * t1Ns;
        this.timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanoTime(), 1 << 20, 1024);
        this.offers = new CoreOffers(Math.max(1024, ctx.maxCalls() * 4));
        final String host = ctx.advertisedHost().indexOf(':') >= 0 ? "[" + ctx.advertisedHost() + "]" : ctx.advertisedHost();
        this.contactUdp = "Contact: <sip:beacon@" + host + ":" + port + ">\r\n";
        this.contactTcp = "Contact: <sip:beacon@" + host + ":" + port + ";transport=tcp>\r\n";
        // the source id in the top bits keeps this gateway's Acks apart from other gateways' on the shared egress;
        // the sequence starts at the wall clock in ms so a restarted gateway never reuses a pending id
        this.correlationBase = ((long)ctx.sourceId()) << 48;
        this.correlationSequence = (ctx.epochClock().nanoTime() / 1_000_000) & 0x0000_FFFF_FFFF_FFFFL;
        this.nextMediaPort = ctx.mediaPortMin() + ((ctx.mediaPortMin() & 1) == 0 ? 0 : 1);
    }

    @Override
    public String roleName()
    {
        return "beacon-sip-gateway";
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = connect();
        for (int i = 0; i < DRAIN_LIMIT; i++)
        {
            final SipMessage m = inbound.poll();
            if (null == m)
            {
                break;
            }
            work++;
            try
            {
                onRequest(m);
            }
            catch (final RuntimeException ex)
            {
                counters.internalErrors.incrementAndGet();
                LOG.warn("SIP request failed in the gateway thread ({} for Call-ID {})", m.methodName(), PersonalData.mask(m.callId), ex);
            }
        }
        if (null != client)
        {
            try
            {
                work += client.poll(this, EGRESS_FRAGMENT_LIMIT);
            }
            catch (final RuntimeException ex)
            {
                lostClient(ex);
            }
        }
        work += pump();
        work += expireOffers();
        work += timers.poll(nowNs, this, TIMER_LIMIT);
        work += expireLingering();
        return work;
    }

    @Override
    public void onClose()
    {
        if (null != client)
        {
            client.close();
            client = null;
        }
        if (null != connecting)
        {
            if (connecting.isDone() && !connecting.isCancelled())
            {
                try
                {
                    connecting.get().close();
                }
                catch (final Exception ignore)
                {
                    // it failed to connect: nothing to close
                }
            }
            connecting.cancel(true);
        }
    }

    /** @return whether a core client is connected. */
    boolean coreConnected()
    {
        return null != client;
    }

    // ---------------------------------------------------------------- core connection

    private int connect()
    {
        if (null != client)
        {
            return 0;
        }
        if (null != connecting)
        {
            if (!connecting.isDone())
            {
                return 0;
            }
            try
            {
                client = connecting.get();
                counters.coreConnects.incrementAndGet();
                LOG.info("SIP gateway connected to the core");
            }
            catch (final Exception ex)
            {
                LOG.warn("SIP gateway cannot reach the core, retrying: {}", ex.toString());
                nextConnectNs = nowNs + ctx.reconnectIntervalNs();
            }
            connecting = null;
            return 1;
        }
        if (nowNs >= nextConnectNs)
        {
            connecting = connector.submit(() -> ctx.coreClientSupplier().get());
            return 1;
        }
        return 0;
    }

    private void lostClient(final Throwable cause)
    {
        LOG.warn("SIP gateway lost its core client: {}", null == cause ? "closed" : cause.toString());
        try
        {
            client.close();
        }
        catch (final RuntimeException ignore)
        {
            // closing a broken client may fail as well; it is dropped either way
        }
        client = null;
        nextConnectNs = nowNs + ctx.reconnectIntervalNs();
    }

    private int pump()
    {
        int work = 0;
        while (null != client && offers.hasUnsent())
        {
            final SipCall call = offers.unsentCall();
            final byte kind = offers.unsentKind();
            final int length;
            try
            {
                length = encode(call, kind);
            }
            catch (final RuntimeException ex)
            {
                // never offered: correlation 0 sorts before every Ack, so the entry fails at the next Ack or its deadline
                counters.internalErrors.incrementAndGet();
                LOG.warn("cannot encode input for call {}", call.callId, ex);
                offers.markSent(0);
                continue;
            }
            final long correlationId = correlationBase | (++correlationSequence & 0x0000_FFFF_FFFF_FFFFL);
            final long result;
            try
            {
                result = client.offer(correlationId, sendBuffer, 0, length);
            }
            catch (final RuntimeException ex)
            {
                lostClient(ex);
                break;
            }
            if (result > 0)
            {
                offers.markSent(correlationId);
                if (kind == CoreOffers.RECEIVED)
                {
                    call.receivedOffered = true;
                }
                work++;
            }
            else
            {
                if (result != CoreClient.NOT_CONNECTED)
                {
                    lostClient(null);
                }
                break;
            }
        }
        return work;
    }

    private int expireOffers()
    {
        int work = 0;
        while (!offers.isEmpty() && offers.oldestDeadline() <= nowNs)
        {
            final SipCall call = offers.oldestCall();
            final byte kind = offers.oldestKind();
            offers.removeOldest();
            onOfferFailed(call, kind, false);
            work++;
        }
        return work;
    }

    @Override
    public void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() != AckDecoder.TEMPLATE_ID || headerDecoder.schemaId() != AckDecoder.SCHEMA_ID)
        {
            return;
        }
        ackDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long correlationId = ackDecoder.correlationId();
        if ((correlationId & 0xFFFF_0000_0000_0000L) != correlationBase)
        {
            return;
        }
        final boolean journaled = ackDecoder.code() == AckCode.JOURNALED;
        while (offers.hasOutstanding())
        {
            final long oldest = offers.oldestCorrelation();
            if (oldest > correlationId)
            {
                return;
            }
            final SipCall call = offers.oldestCall();
            final byte kind = offers.oldestKind();
            offers.removeOldest();
            try
            {
                if (oldest < correlationId)
                {
                    // its Ack never came (the core restarted between offer and journal): it failed
                    onOfferFailed(call, kind, false);
                    continue;
                }
                if (journaled)
                {
                    onJournaled(call, kind);
                }
                else
                {
                    counters.coreRejected.incrementAndGet();
                    onOfferFailed(call, kind, true);
                }
            }
            catch (final RuntimeException ex)
            {
                counters.internalErrors.incrementAndGet();
                LOG.warn("Ack handling failed for call {}", call.callId, ex);
            }
            return;
        }
    }

    // ---------------------------------------------------------------- encoding inputs

    private int encode(final SipCall call, final byte kind)
    {
        switch (kind)
        {
            case CoreOffers.RECEIVED:
                return encodeCallReceived(call);
            case CoreOffers.FIX:
                return encodeFix(call, call.pendingFix, FixSource.SIP_REINVITE);
            case CoreOffers.CELL_FIX:
                return encodeFix(call, call.cellLocation, FixSource.NETWORK_CELL);
            case CoreOffers.END:
                callEndedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
                    .callId(call.callId)
                    .reason(null == call.endReason ? CallEndReason.UNKNOWN : call.endReason);
                return MessageHeaderEncoder.ENCODED_LENGTH + callEndedEncoder.encodedLength();
            default:
                throw new IllegalStateException("unknown input kind " + kind);
        }
    }

    private int encodeCallReceived(final SipCall call)
    {
        final ParsedLocation l = checked(call.location);
        callReceivedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .callId(call.callId)
            .agency(call.agency)
            .locationQuality(l.quality())
            .locationMethod(l.method())
            .uncertaintyM(Math.min(MAX_UINT32, Math.max(0, l.uncertaintyM())))
            .confidencePct((short)Math.min(100, Math.max(0, l.confidencePct())))
            .shape(l.shape())
            .locationProblem(l.problem())
            .fixSource(call.locationConveyed ? FixSource.SIP_PIDF_LO : FixSource.NONE);
        callReceivedEncoder.location().latMicros(l.latMicros()).lonMicros(l.lonMicros());
        callReceivedEncoder.caller(nullToEmpty(call.caller));
        callReceivedEncoder.sipCallId(call.sipCallId);
        callReceivedEncoder.emergencyCallId(nullToEmpty(call.emergencyCallId));
        callReceivedEncoder.locationReference(nullToEmpty(l.reference()));
        return MessageHeaderEncoder.ENCODED_LENGTH + callReceivedEncoder.encodedLength();
    }

    private int encodeFix(final SipCall call, final ParsedLocation location, final FixSource source)
    {
        final ParsedLocation l = checked(location);
        locationFixEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .callId(call.callId)
            .fixSource(source)
            .locationQuality(l.quality())
            .locationMethod(l.method())
            .shape(l.shape())
            .locationProblem(l.problem())
            .uncertaintyM(Math.min(MAX_UINT32, Math.max(0, l.uncertaintyM())))
            .confidencePct((short)Math.min(100, Math.max(0, l.confidencePct())))
            .fixTimeNs(0);
        locationFixEncoder.location().latMicros(l.latMicros()).lonMicros(l.lonMicros());
        locationFixEncoder.caller(nullToEmpty(call.caller));
        locationFixEncoder.imsi("");
        locationFixEncoder.imei("");
        return MessageHeaderEncoder.ENCODED_LENGTH + locationFixEncoder.encodedLength();
    }

    /**
     * The last guard before the journal: a location claimed usable must have a valid point, and a
     * reference must fit the core's message size; otherwise it goes in as unusable.
     */
    static ParsedLocation checked(final ParsedLocation l)
    {
        if (null == l)
        {
            return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_LOCATION, "no location");
        }
        if (null != l.reference() && l.reference().length() > 1024)
        {
            return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.BAD_FIELD, "location reference too long");
        }
        if (l.quality() == LocationQuality.USABLE)
        {
            if (Math.abs((long)l.latMicros()) > 90_000_000L || Math.abs((long)l.lonMicros()) > 180_000_000L)
            {
                return ParsedLocation.unusable(LocationQuality.UNUSABLE, LocationProblem.OUT_OF_RANGE, "coordinates out of range");
            }
            return l;
        }
        if (l.latMicros() != 0 || l.lonMicros() != 0)
        {
            return new ParsedLocation(l.quality(), l.problem(), l.shape() == null ? LocationShape.NONE : l.shape(), l.method(), 0, 0,
                0, 0, l.reference(), l.detail());
        }
        return l;
    }

    private static String nullToEmpty(final String s)
    {
        return null == s ? "" : s;
    }

    // ---------------------------------------------------------------- core outcomes

    private void onJournaled(final SipCall call, final byte kind)
    {
        switch (kind)
        {
            case CoreOffers.RECEIVED:
                call.receivedJournaled = true;
                counters.callsJournaled.incrementAndGet();
                counters.recordSetup(nowNs - call.receivedNs);
                countLocation(call.location);
                if (call.state == SipCall.WAIT_CORE)
                {
                    ring(call);
                }
                break;
            case CoreOffers.FIX:
                counters.locationFixes.incrementAndGet();
                countLocation(call.pendingFix);
                call.pendingFix = null;
                if (call.state == SipCall.CONFIRMED && call.reinvite && !call.awaitingAck && null != call.invite)
                {
                    answer(call);
                }
                break;
            case CoreOffers.CELL_FIX:
                counters.cellFixes.incrementAndGet();
                countLocation(call.cellLocation);
                break;
            case CoreOffers.END:
                counters.callsEnded.incrementAndGet();
                ended(call, true);
                break;
            default:
                break;
        }
    }

    private void onOfferFailed(final SipCall call, final byte kind, final boolean rejected)
    {
        switch (kind)
        {
            case CoreOffers.RECEIVED:
                if (call.state == SipCall.WAIT_CORE)
                {
                    counters.coreUnavailable.incrementAndGet();
                    LOG.warn("core did not journal call {} from {} in time: answered 503", call.callId, PersonalData.mask(call.caller));
                    finalResponse(call, 503, "Service Unavailable (Core Not Reachable)", RETRY_CORE);
                    call.state = SipCall.REJECTED;
                    if (call.receivedOffered && !rejected)
                    {
                        // it may still be journaled late: the journal must then also say the call is over
                        call.endReason = CallEndReason.TIMEOUT;
                        offers.add(call, CoreOffers.END, nowNs + ctx.coreTimeoutNs());
                    }
                    reschedule(call);
                }
                break;
            case CoreOffers.FIX:
                call.pendingFix = null;
                if (call.state == SipCall.CONFIRMED && call.reinvite && !call.awaitingAck && null != call.invite)
                {
                    counters.coreUnavailable.incrementAndGet();
                    finalResponse(call, 503, "Service Unavailable (Core Not Reachable)", RETRY_CORE);
                    reschedule(call);
                }
                break;
            case CoreOffers.END:
                ended(call, false);
                break;
            default:
                break;
        }
    }

    private void countLocation(final ParsedLocation l)
    {
        if (null == l || l.quality() != LocationQuality.USABLE)
        {
            counters.unusableLocations.incrementAndGet();
        }
        if (null != l && l.quality() == LocationQuality.BY_REFERENCE)
        {
            counters.locationsByReference.incrementAndGet();
        }
    }

    /** The CallEnded for a call was journaled (or could not be): finish what waited for it. */
    private void ended(final SipCall call, final boolean journaled)
    {
        if (null != call.pendingBye)
        {
            final SipMessage bye = call.pendingBye;
            call.pendingBye = null;
            if (!journaled)
            {
                counters.coreUnavailable.incrementAndGet();
                call.state = call.stateBeforeBye;
                if (call.state == SipCall.CONFIRMED)
                {
                    call.expiresAtNs = nowNs + ctx.dialogTimeoutNs();
                }
                reply(bye, 503, "Service Unavailable (Core Not Reachable)", RETRY_CORE);
                reschedule(call);
                return;
            }
            counters.byes.incrementAndGet();
            call.byeResponse = reply(bye, 200, "OK", null);
            call.byeCseq = bye.cseq;
            if (call.stateBeforeBye == SipCall.RINGING)
            {
                // BYE on the early dialog: the INVITE is answered as terminated
                finalResponse(call, 487, "Request Terminated", null);
            }
            terminate(call);
            return;
        }
        if (null != call.pendingCancel)
        {
            final SipMessage cancel = call.pendingCancel;
            call.pendingCancel = null;
            if (journaled)
            {
                counters.cancels.incrementAndGet();
            }
            // the caller has gone either way: CANCEL is answered, the INVITE terminated
            reply(cancel, 200, "OK", null, call.toTag);
            finalResponse(call, 487, "Request Terminated", null);
            call.state = SipCall.REJECTED;
            reschedule(call);
            return;
        }
        if (journaled && call.endReason == CallEndReason.TIMEOUT)
        {
            counters.timeouts.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- requests

    private void onRequest(final SipMessage m)
    {
        switch (m.method)
        {
            case SipMessage.INVITE:
                if (null == m.toTag)
                {
                    onInvite(m);
                }
                else
                {
                    onReinvite(m);
                }
                break;
            case SipMessage.ACK:
                onAck(m);
                break;
            case SipMessage.BYE:
                onBye(m);
                break;
            case SipMessage.CANCEL:
                onCancel(m);
                break;
            default:
                break;
        }
    }

    private void onInvite(final SipMessage m)
    {
        final SipCall existing = calls.get(m.callId);
        if (null != existing)
        {
            if (m.cseq == existing.initialCseq && !existing.reinvite)
            {
                counters.retransmissionsAbsorbed.incrementAndGet();
                if (null != existing.inviteResponse && existing.state != SipCall.CONFIRMED && existing.state != SipCall.TERMINATED)
                {
                    existing.peer.send(existing.inviteResponse);
                }
                return;
            }
            if (existing.active())
            {
                // same Call-ID, no To tag, new CSeq: a merged or looped request (RFC 3261 8.2.2.2)
                counters.badRequests.incrementAndGet();
                reply(m, 482, "Loop Detected", null);
                return;
            }
            calls.remove(m.callId);
        }
        if (activeCalls >= ctx.maxCalls())
        {
            counters.overloaded.incrementAndGet();
            reply(m, 503, "Service Unavailable (Too Many Calls)", RETRY_AFTER);
            return;
        }
        final SipCall call = new SipCall(m, callIds.next(), mediaPort());
        if (!offers.add(call, CoreOffers.RECEIVED, nowNs + ctx.coreTimeoutNs()))
        {
            counters.overloaded.incrementAndGet();
            reply(m, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
            return;
        }
        if (null != call.cellLocation)
        {
            offers.add(call, CoreOffers.CELL_FIX, nowNs + ctx.coreTimeoutNs());
        }
        calls.put(call.sipCallId, call);
        activeCalls++;
        counters.activeCalls.lazySet(activeCalls);
        counters.invites.incrementAndGet();
        call.state = SipCall.WAIT_CORE;
        call.inviteResponse = encoder.response(m, 100, "Trying", null, null, null, null);
        call.peer.send(call.inviteResponse);
    }

    private int mediaPort()
    {
        final int port = nextMediaPort;
        nextMediaPort += 2;
        if (nextMediaPort > ctx.mediaPortMax())
        {
            nextMediaPort = ctx.mediaPortMin() + ((ctx.mediaPortMin() & 1) == 0 ? 0 : 1);
        }
        return port;
    }

    /** The call is journaled: 180 Ringing now, 200 OK now or after the ringing time. */
    private void ring(final SipCall call)
    {
        call.state = SipCall.RINGING;
        call.inviteResponse = encoder.response(call.invite, 180, "Ringing", call.toTag, contact(call), null, null);
        call.peer.send(call.inviteResponse);
        if (ctx.answerDelayNs() == 0)
        {
            answer(call);
        }
        else
        {
            call.answerAtNs = nowNs + ctx.answerDelayNs();
            reschedule(call);
        }
    }

    /** Answers the current INVITE (initial or re-INVITE) with 200 OK and an SDP answer. */
    private void answer(final SipCall call)
    {
        call.answerAtNs = 0;
        final byte[] sdp = call.sdp.body(call.callId, ++call.sdpVersion, ctx.advertisedHost(), call.mediaPort);
        call.inviteResponse = encoder.response(call.invite, 200, "OK", call.toTag,
            contact(call) + SipIntake.ALLOW, "application/sdp", sdp);
        call.peer.send(call.inviteResponse);
        call.awaitingAck = true;
        call.ackedResponseIs2xx = true;
        call.retransmitIntervalNs = t1Ns;
        call.retransmitAtNs = nowNs + t1Ns;
        call.giveUpAtNs = nowNs + 64 * t1Ns;
        if (!call.reinvite)
        {
            call.state = SipCall.ANSWERED;
            counters.callsAnswered.incrementAndGet();
        }
        reschedule(call);
    }

    /** Sends a non-2xx final response to the current INVITE, retransmitted over UDP until its ACK. */
    private void finalResponse(final SipCall call, final int code, final String reason, final String extra)
    {
        if (null == call.invite)
        {
            return;
        }
        call.answerAtNs = 0;
        call.inviteResponse = encoder.response(call.invite, code, reason, call.toTag, extra, null, null);
        call.peer.send(call.inviteResponse);
        call.awaitingAck = true;
        call.ackedResponseIs2xx = false;
        call.retransmitIntervalNs = t1Ns;
        call.retransmitAtNs = call.peer.reliable() ? 0 : nowNs + t1Ns;
        call.giveUpAtNs = nowNs + 64 * t1Ns;
    }

    private String contact(final SipCall call)
    {
        return call.peer.reliable() ? contactTcp : contactUdp;
    }

    private void onReinvite(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call || !m.toTag.equals(call.toTag) || !call.active() || call.state == SipCall.REJECTED ||
            call.state == SipCall.ENDING || call.state == SipCall.CANCELLING)
        {
            counters.noSuchCall.incrementAndGet();
            reply(m, 481, "Call/Transaction Does Not Exist", null);
            return;
        }
        if (m.cseq == call.inviteCseq)
        {
            counters.retransmissionsAbsorbed.incrementAndGet();
            if (null != call.inviteResponse)
            {
                call.peer.send(call.inviteResponse);
            }
            return;
        }
        if (m.cseq < call.inviteCseq)
        {
            counters.badRequests.incrementAndGet();
            reply(m, 500, "CSeq Out Of Order", null);
            return;
        }
        if (call.state == SipCall.WAIT_CORE || call.state == SipCall.RINGING || null != call.pendingFix ||
            (call.reinvite && !call.awaitingAck))
        {
            // the previous INVITE has no final response yet (RFC 3261 14.2)
            counters.badRequests.incrementAndGet();
            reply(m, 500, "Previous INVITE Still In Progress", RETRY_AFTER);
            return;
        }
        // an ACK still missing for the previous response is taken as lost: the new INVITE supersedes it
        call.stopRetransmitting();
        if (call.state == SipCall.ANSWERED)
        {
            call.state = SipCall.CONFIRMED;
        }
        counters.reinvites.incrementAndGet();
        call.invite = m;
        call.inviteCseq = m.cseq;
        call.reinvite = true;
        call.peer = m.peer;
        call.sdp = m.sdp;
        call.expiresAtNs = nowNs + ctx.dialogTimeoutNs();
        call.inviteResponse = encoder.response(m, 100, "Trying", null, null, null, null);
        call.peer.send(call.inviteResponse);
        if (m.locationConveyed)
        {
            call.pendingFix = m.location;
            if (!offers.add(call, CoreOffers.FIX, nowNs + ctx.coreTimeoutNs()))
            {
                call.pendingFix = null;
                counters.overloaded.incrementAndGet();
                finalResponse(call, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
            }
        }
        else
        {
            answer(call);
        }
        reschedule(call);
    }

    private void onAck(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call || m.cseq != call.inviteCseq)
        {
            counters.noSuchCall.incrementAndGet();
            return;
        }
        if (!call.awaitingAck)
        {
            counters.retransmissionsAbsorbed.incrementAndGet();
            return;
        }
        call.stopRetransmitting();
        switch (call.state)
        {
            case SipCall.ANSWERED:
                call.state = SipCall.CONFIRMED;
                call.expiresAtNs = nowNs + ctx.dialogTimeoutNs();
                call.invite = null;
                break;
            case SipCall.CONFIRMED:
                call.expiresAtNs = nowNs + ctx.dialogTimeoutNs();
                call.invite = null;
                break;
            case SipCall.REJECTED:
                terminate(call);
                return;
            default:
                break;
        }
        reschedule(call);
    }

    private void onBye(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call)
        {
            counters.noSuchCall.incrementAndGet();
            reply(m, 481, "Call/Transaction Does Not Exist", null);
            return;
        }
        if (call.state == SipCall.TERMINATED && null != call.byeResponse && m.cseq == call.byeCseq)
        {
            counters.retransmissionsAbsorbed.incrementAndGet();
            m.peer.send(call.byeResponse);
            return;
        }
        if (call.state == SipCall.ENDING && null != call.pendingBye && m.cseq == call.pendingBye.cseq)
        {
            counters.retransmissionsAbsorbed.incrementAndGet();
            return;
        }
        final boolean dialog = call.state == SipCall.ANSWERED || call.state == SipCall.CONFIRMED || call.state == SipCall.RINGING;
        if (!dialog || !call.toTag.equals(m.toTag))
        {
            counters.noSuchCall.incrementAndGet();
            reply(m, 481, "Call/Transaction Does Not Exist", null);
            return;
        }
        if (call.reinvite && !call.awaitingAck && null != call.invite && call.state == SipCall.CONFIRMED)
        {
            // a re-INVITE still waiting for the core is overtaken by the end of the call
            finalResponse(call, 487, "Request Terminated", null);
        }
        call.stopRetransmitting();
        call.answerAtNs = 0;
        call.expiresAtNs = 0;
        call.stateBeforeBye = call.state;
        call.pendingBye = m;
        call.endReason = CallEndReason.BYE_CALLER;
        call.state = SipCall.ENDING;
        if (!offers.add(call, CoreOffers.END, nowNs + ctx.coreTimeoutNs()))
        {
            call.pendingBye = null;
            call.state = call.stateBeforeBye;
            counters.overloaded.incrementAndGet();
            reply(m, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
        }
        reschedule(call);
    }

    private void onCancel(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call || m.cseq != call.inviteCseq)
        {
            counters.noSuchCall.incrementAndGet();
            reply(m, 481, "Call/Transaction Does Not Exist", null);
            return;
        }
        if (call.state == SipCall.CANCELLING)
        {
            counters.retransmissionsAbsorbed.incrementAndGet();
            return;
        }
        if (call.state == SipCall.WAIT_CORE || call.state == SipCall.RINGING)
        {
            call.answerAtNs = 0;
            call.pendingCancel = m;
            call.endReason = CallEndReason.CANCEL;
            call.state = SipCall.CANCELLING;
            if (!offers.add(call, CoreOffers.END, nowNs + ctx.coreTimeoutNs()))
            {
                counters.overloaded.incrementAndGet();
                ended(call, false);
            }
            reschedule(call);
            return;
        }
        if (call.reinvite && !call.awaitingAck && null != call.invite && call.state == SipCall.CONFIRMED)
        {
            // CANCEL of a re-INVITE: the re-INVITE ends, the call goes on (RFC 3261 9.2)
            reply(m, 200, "OK", null, call.toTag);
            finalResponse(call, 487, "Request Terminated", null);
            reschedule(call);
            return;
        }
        // the INVITE already has its final response: CANCEL has no effect
        reply(m, 200, "OK", null, call.toTag);
    }

    private byte[] reply(final SipMessage m, final int code, final String reason, final String extra)
    {
        return reply(m, code, reason, extra, "s" + Integer.toHexString(m.callId.hashCode() * 31 + (int)m.cseq));
    }

    /** Answers a request outside its call's INVITE transaction; the tag is added only when the request's To has none. */
    private byte[] reply(final SipMessage m, final int code, final String reason, final String extra, final String toTag)
    {
        final byte[] bytes = encoder.response(m, code, reason, code > 100 ? toTag : null, extra, null, null);
        m.peer.send(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- timers

    private void reschedule(final SipCall call)
    {
        final long next = call.state == SipCall.TERMINATED ? Long.MAX_VALUE : call.nextDeadlineNs();
        if (next == call.timerDeadlineNs && call.timerId != DeadlineTimerWheel.NULL_DEADLINE)
        {
            return;
        }
        if (call.timerId != DeadlineTimerWheel.NULL_DEADLINE)
        {
            timers.cancelTimer(call.timerId);
            timerCalls.remove(call.timerId);
            call.timerId = DeadlineTimerWheel.NULL_DEADLINE;
        }
        call.timerDeadlineNs = next;
        if (next != Long.MAX_VALUE)
        {
            call.timerId = timers.scheduleTimer(next);
            timerCalls.put(call.timerId, call);
        }
    }

    @Override
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final SipCall call = timerCalls.remove(timerId);
        if (null == call || call.timerId != timerId)
        {
            return true;
        }
        call.timerId = DeadlineTimerWheel.NULL_DEADLINE;
        call.timerDeadlineNs = Long.MAX_VALUE;
        try
        {
            onCallTimer(call);
        }
        catch (final RuntimeException ex)
        {
            counters.internalErrors.incrementAndGet();
            LOG.warn("SIP timer failed for call {}", call.callId, ex);
        }
        return true;
    }

    private void onCallTimer(final SipCall call)
    {
        if (call.answerAtNs > 0 && nowNs >= call.answerAtNs && call.state == SipCall.RINGING)
        {
            answer(call);
        }
        if (call.giveUpAtNs > 0 && nowNs >= call.giveUpAtNs)
        {
            final boolean answered = call.ackedResponseIs2xx;
            call.stopRetransmitting();
            if (answered)
            {
                // RFC 3261 13.3.1.4: no ACK for the 2xx within 64*T1 ends the session with a BYE
                LOG.warn("no ACK for the answer to call {}: ending it", call.callId);
                endByGateway(call);
                return;
            }
            if (call.state == SipCall.REJECTED)
            {
                terminate(call);
                return;
            }
        }
        else if (call.retransmitAtNs > 0 && nowNs >= call.retransmitAtNs && null != call.inviteResponse)
        {
            counters.retransmissionsSent.incrementAndGet();
            call.peer.send(call.inviteResponse);
            call.retransmitIntervalNs = Math.min(call.retransmitIntervalNs * 2, t2Ns);
            call.retransmitAtNs = nowNs + call.retransmitIntervalNs;
        }
        if (call.expiresAtNs > 0 && nowNs >= call.expiresAtNs && call.state == SipCall.CONFIRMED)
        {
            LOG.warn("dialog of call {} silent for too long: ending it", call.callId);
            endByGateway(call);
            return;
        }
        reschedule(call);
    }

    /** Ends a call from the gateway's side: journals CallEnded(TIMEOUT) and sends the caller a BYE. */
    private void endByGateway(final SipCall call)
    {
        call.endReason = CallEndReason.TIMEOUT;
        offers.add(call, CoreOffers.END, nowNs + ctx.coreTimeoutNs());
        sendBye(call);
        terminate(call);
    }

    private void sendBye(final SipCall call)
    {
        final String target = null != call.remoteTarget ? call.remoteTarget : InviteAnalysis.uri(
            call.remoteFrom.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, call.remoteFrom.length());
        final java.net.InetSocketAddress local = call.peer.local();
        final String host = ctx.advertisedHost();
        final int port = null == local ? SipGatewayContext.DEFAULT_PORT : local.getPort();
        final String via = "SIP/2.0/" + (call.peer.reliable() ? "TCP " : "UDP ") + host + ":" + port +
            ";branch=z9hG4bK" + Long.toHexString(call.callId) + "b" + (++byeSequence) + ";rport";
        call.peer.send(encoder.bye(target, via, call.localTo, call.remoteFrom, call.sipCallId, 1));
    }

    private void terminate(final SipCall call)
    {
        if (call.state != SipCall.TERMINATED)
        {
            activeCalls--;
            counters.activeCalls.lazySet(activeCalls);
        }
        call.state = SipCall.TERMINATED;
        call.stopRetransmitting();
        call.answerAtNs = 0;
        call.expiresAtNs = 0;
        call.invite = null;
        call.sdp = null;
        call.inviteResponse = null;
        call.lingerUntilNs = nowNs + lingerNs;
        reschedule(call);
        lingering.addLast(call);
    }

    private int expireLingering()
    {
        int work = 0;
        while (!lingering.isEmpty())
        {
            final SipCall oldest = lingering.peekFirst();
            if (oldest.lingerUntilNs > nowNs && lingering.size() <= ctx.maxLingeringCalls())
            {
                break;
            }
            lingering.pollFirst();
            if (calls.get(oldest.sipCallId) == oldest && oldest.state == SipCall.TERMINATED)
            {
                calls.remove(oldest.sipCallId);
            }
            work++;
        }
        return work;
    }
}
