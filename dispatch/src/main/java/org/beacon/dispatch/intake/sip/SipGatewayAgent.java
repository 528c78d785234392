package org.beacon.dispatch.intake.sip;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.CallEndReason;
import org.beacon.codecs.LocationQuality;
import org.beacon.core.client.GatewaySession;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway thread: the only owner of the {@link GatewaySession} (and so of the core client), of every call's
 * dialog and INVITE server transaction ({@link SipTransactions}), and of the SIP timers. Its duty cycle takes
 * requests from the I/O threads' queue, queues their inputs for the core in order ({@link SipCoreInputs}), polls
 * the session (which offers them, matches their Acks and connects to the core, on a helper thread since that can
 * block), and fires timers. A request that needs the journal (a new call, a new location, the end of a call) is
 * answered only when its input's Ack says it is journaled; when no Ack comes within the core timeout it is answered
 * 503.
 *
 * <p>Transactions follow RFC 3261 17.2.1 and 13.3.1.4: 100 Trying at once; retransmitted INVITEs get the last
 * response again; the final responses are retransmitted until their ACK (see {@link SipTransactions}).
 */
final class SipGatewayAgent implements Agent, GatewaySession.Listener<SipCall>
{
    private static final Logger LOG = LoggerFactory.getLogger(SipGatewayAgent.class);
    private static final int DRAIN_LIMIT = 256;
    private static final int EGRESS_FRAGMENT_LIMIT = 256;
    private static final long SEQUENCE_MASK = 0x0000_FFFF_FFFF_FFFFL;
    private static final String RETRY_AFTER = "Retry-After: 1\r\n";
    private static final String RETRY_CORE = "Retry-After: 5\r\n";
    private static final String RETRY_DISK = "Retry-After: 30\r\n";
    private static final String CORE_NOT_REACHABLE = "Service Unavailable (Core Not Reachable)";

    private final SipGatewayContext ctx;
    private String unavailableReason = CORE_NOT_REACHABLE;
    private String unavailableRetry = RETRY_CORE;
    private final SipCounters counters;
    private final Queue<SipMessage> inbound;
    private final NanoClock clock;
    private final SipCallIds callIds;
    private final Map<String, SipCall> calls = new HashMap<>();
    private final GatewaySession<SipCall> session;
    private final SipTransactions tx;
    private int nextMediaPort;
    private long nowNs;

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
        this.clock = ctx.nanoClock();
        this.callIds = new SipCallIds(ctx.epochClock(), ctx.instanceId());
        // the source id in the top bits keeps this gateway's Acks apart from other gateways' on the shared egress;
        // the sequence starts at the wall clock in ms so a restarted gateway never reuses a pending id
        this.session = GatewaySession.<SipCall>builder(ctx.sourceId())
            .clients(ctx.coreClientSupplier())
            .connector(connector)
            .nanoClock(clock::nanoTime)
            .reconnectIntervalNs(ctx.reconnectIntervalNs())
            .fragmentLimit(EGRESS_FRAGMENT_LIMIT)
            // per call at most a CallReceived, its IntakeNote, a cell fix, a re-INVITE fix and the CallEnded wait at once
            .capacity(Math.max(1024, ctx.maxCalls() * 5))
            .firstSequence((ctx.epochClock().nanoTime() / 1_000_000) & SEQUENCE_MASK)
            .encoder(new SipCoreInputs(counters))
            .listener(this)
            .build();
        this.tx = new SipTransactions(ctx, counters, calls, session, port);
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
        tx.now(nowNs);
        int work = 0;
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
        work += session.poll();
        work += tx.pollTimers();
        work += tx.expireLingering();
        return work;
    }

    @Override
    public void onClose()
    {
        session.close();
    }

    /** @return whether a core client is connected. */
    boolean coreConnected()
    {
        return session.hasClient();
    }

    // ---------------------------------------------------------------- the session

    @Override
    public void onConnected()
    {
        counters.coreConnects.incrementAndGet();
        LOG.info("SIP gateway connected to the core");
    }

    @Override
    public void onConnectFailed(final Throwable cause)
    {
        LOG.warn("SIP gateway cannot reach the core, retrying: {}", cause.toString());
    }

    @Override
    public void onLost(final Throwable cause)
    {
        LOG.warn("SIP gateway lost its core client: {}", null == cause ? "closed" : cause.toString());
    }

    @Override
    public void onOffered(final SipCall call, final int kind)
    {
        if (kind == SipCoreInputs.RECEIVED)
        {
            call.receivedOffered = true;
        }
    }

    @Override
    public void onJournaled(final SipCall call, final int kind, final long sequence)
    {
        try
        {
            journaled(call, kind);
        }
        catch (final RuntimeException ex)
        {
            ackHandlingFailed(call, ex);
        }
    }

    @Override
    public void onRejected(final SipCall call, final int kind, final short code)
    {
        try
        {
            counters.coreRejected.incrementAndGet();
            if (code == AckCode.REJECTED_LOW_DISK.value() || code == AckCode.REJECTED_DISK_FULL.value())
            {
                // the centre's disk is full: nothing is journaled, so the caller is told to try again (or another centre)
                unavailableReason = "Service Unavailable (Centre Storage Full)";
                unavailableRetry = RETRY_DISK;
            }
            offerFailed(call, kind, true);
            unavailableReason = CORE_NOT_REACHABLE;
            unavailableRetry = RETRY_CORE;
        }
        catch (final RuntimeException ex)
        {
            ackHandlingFailed(call, ex);
        }
    }

    @Override
    public void onFailed(final SipCall call, final int kind, final GatewaySession.Failure failure)
    {
        if (failure != GatewaySession.Failure.LOST)
        {
            offerFailed(call, kind, false);
            return;
        }
        try
        {
            offerFailed(call, kind, false);
        }
        catch (final RuntimeException ex)
        {
            ackHandlingFailed(call, ex);
        }
    }

    private void ackHandlingFailed(final SipCall call, final RuntimeException ex)
    {
        counters.internalErrors.incrementAndGet();
        LOG.warn("Ack handling failed for call {}", call.callId, ex);
    }

    // ---------------------------------------------------------------- core outcomes

    private void journaled(final SipCall call, final int kind)
    {
        switch (kind)
        {
            case SipCoreInputs.RECEIVED:
                call.receivedJournaled = true;
                counters.callsJournaled.incrementAndGet();
                counters.recordSetup(nowNs - call.receivedNs);
                countLocation(call.location);
                if (call.state == SipCall.WAIT_CORE)
                {
                    tx.ring(call);
                }
                break;
            case SipCoreInputs.FIX:
                counters.locationFixes.incrementAndGet();
                countLocation(call.pendingFix);
                call.pendingFix = null;
                if (call.state == SipCall.CONFIRMED && call.reinvite && !call.awaitingAck && null != call.invite)
                {
                    tx.answer(call);
                }
                break;
            case SipCoreInputs.CELL_FIX:
                counters.cellFixes.incrementAndGet();
                countLocation(call.cellLocation);
                break;
            case SipCoreInputs.END:
                counters.callsEnded.incrementAndGet();
                ended(call, true);
                break;
            default:
                break;
        }
    }

    private void offerFailed(final SipCall call, final int kind, final boolean rejected)
    {
        switch (kind)
        {
            case SipCoreInputs.RECEIVED:
                if (call.state == SipCall.WAIT_CORE)
                {
                    counters.coreUnavailable.incrementAndGet();
                    LOG.warn("core did not journal call {} from {} ({}): answered 503", call.callId, PersonalData.mask(call.caller),
                        rejected ? unavailableReason : "not in time");
                    tx.finalResponse(call, 503, unavailableReason, unavailableRetry);
                    call.state = SipCall.REJECTED;
                    if (call.receivedOffered && !rejected)
                    {
                        // it may still be journaled late: the journal must then also say the call is over
                        call.endReason = CallEndReason.TIMEOUT;
                        session.enqueue(call, SipCoreInputs.END, nowNs + ctx.coreTimeoutNs());
                    }
                    tx.reschedule(call);
                }
                break;
            case SipCoreInputs.FIX:
                call.pendingFix = null;
                if (call.state == SipCall.CONFIRMED && call.reinvite && !call.awaitingAck && null != call.invite)
                {
                    counters.coreUnavailable.incrementAndGet();
                    tx.finalResponse(call, 503, unavailableReason, unavailableRetry);
                    tx.reschedule(call);
                }
                break;
            case SipCoreInputs.END:
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
                tx.reply(bye, 503, "Service Unavailable (Core Not Reachable)", RETRY_CORE);
                tx.reschedule(call);
                return;
            }
            counters.byes.incrementAndGet();
            call.byeResponse = tx.reply(bye, 200, "OK", null);
            call.byeCseq = bye.cseq;
            if (call.stateBeforeBye == SipCall.RINGING)
            {
                // BYE on the early dialog: the INVITE is answered as terminated
                tx.finalResponse(call, 487, "Request Terminated", null);
            }
            tx.terminate(call);
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
            tx.reply(cancel, 200, "OK", null, call.toTag);
            tx.finalResponse(call, 487, "Request Terminated", null);
            call.state = SipCall.REJECTED;
            tx.reschedule(call);
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
                tx.reply(m, 482, "Loop Detected", null);
                return;
            }
            calls.remove(m.callId);
        }
        if (tx.activeCalls() >= ctx.maxCalls())
        {
            counters.overloaded.incrementAndGet();
            tx.reply(m, 503, "Service Unavailable (Too Many Calls)", RETRY_AFTER);
            return;
        }
        final SipCall call = new SipCall(m, callIds.next(), mediaPort());
        if (!session.enqueue(call, SipCoreInputs.RECEIVED, nowNs + ctx.coreTimeoutNs()))
        {
            counters.overloaded.incrementAndGet();
            tx.reply(m, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
            return;
        }
        if (SipCoreInputs.needsNote(call))
        {
            // for the record only: nothing waits for it, and a note that cannot be journaled costs the call nothing
            session.enqueue(call, SipCoreInputs.NOTE, nowNs + ctx.coreTimeoutNs());
        }
        if (null != call.cellLocation)
        {
            session.enqueue(call, SipCoreInputs.CELL_FIX, nowNs + ctx.coreTimeoutNs());
        }
        calls.put(call.sipCallId, call);
        tx.callStarted();
        call.peer.dialogStarted();
        counters.invites.incrementAndGet();
        call.state = SipCall.WAIT_CORE;
        call.inviteResponse = tx.trying(m);
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

    private void onReinvite(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call || !m.toTag.equals(call.toTag) || !call.active() || call.state == SipCall.REJECTED ||
            call.state == SipCall.ENDING || call.state == SipCall.CANCELLING)
        {
            counters.noSuchCall.incrementAndGet();
            tx.reply(m, 481, "Call/Transaction Does Not Exist", null);
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
            tx.reply(m, 500, "CSeq Out Of Order", null);
            return;
        }
        if (call.state == SipCall.WAIT_CORE || call.state == SipCall.RINGING || null != call.pendingFix ||
            (call.reinvite && !call.awaitingAck))
        {
            // the previous INVITE has no final response yet (RFC 3261 14.2)
            counters.badRequests.incrementAndGet();
            tx.reply(m, 500, "Previous INVITE Still In Progress", RETRY_AFTER);
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
        if (call.peer != m.peer)
        {
            // the dialog moves to the connection the re-INVITE came on
            call.peer.dialogEnded();
            m.peer.dialogStarted();
        }
        call.peer = m.peer;
        call.sdp = m.sdp;
        call.expiresAtNs = nowNs + ctx.dialogTimeoutNs();
        call.inviteResponse = tx.trying(m);
        call.peer.send(call.inviteResponse);
        if (m.locationConveyed)
        {
            call.pendingFix = m.location;
            if (!session.enqueue(call, SipCoreInputs.FIX, nowNs + ctx.coreTimeoutNs()))
            {
                call.pendingFix = null;
                counters.overloaded.incrementAndGet();
                tx.finalResponse(call, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
            }
        }
        else
        {
            tx.answer(call);
        }
        tx.reschedule(call);
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
                tx.terminate(call);
                return;
            default:
                break;
        }
        tx.reschedule(call);
    }

    private void onBye(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call)
        {
            counters.noSuchCall.incrementAndGet();
            tx.reply(m, 481, "Call/Transaction Does Not Exist", null);
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
            tx.reply(m, 481, "Call/Transaction Does Not Exist", null);
            return;
        }
        if (call.reinvite && !call.awaitingAck && null != call.invite && call.state == SipCall.CONFIRMED)
        {
            // a re-INVITE still waiting for the core is overtaken by the end of the call
            tx.finalResponse(call, 487, "Request Terminated", null);
        }
        call.stopRetransmitting();
        call.answerAtNs = 0;
        call.expiresAtNs = 0;
        call.stateBeforeBye = call.state;
        call.pendingBye = m;
        call.endReason = CallEndReason.BYE_CALLER;
        call.state = SipCall.ENDING;
        if (!session.enqueue(call, SipCoreInputs.END, nowNs + ctx.coreTimeoutNs()))
        {
            call.pendingBye = null;
            call.state = call.stateBeforeBye;
            counters.overloaded.incrementAndGet();
            tx.reply(m, 503, "Service Unavailable (Core Queue Full)", RETRY_AFTER);
        }
        tx.reschedule(call);
    }

    private void onCancel(final SipMessage m)
    {
        final SipCall call = calls.get(m.callId);
        if (null == call || m.cseq != call.inviteCseq)
        {
            counters.noSuchCall.incrementAndGet();
            tx.reply(m, 481, "Call/Transaction Does Not Exist", null);
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
            if (!session.enqueue(call, SipCoreInputs.END, nowNs + ctx.coreTimeoutNs()))
            {
                counters.overloaded.incrementAndGet();
                ended(call, false);
            }
            tx.reschedule(call);
            return;
        }
        if (call.reinvite && !call.awaitingAck && null != call.invite && call.state == SipCall.CONFIRMED)
        {
            // CANCEL of a re-INVITE: the re-INVITE ends, the call goes on (RFC 3261 9.2)
            tx.reply(m, 200, "OK", null, call.toTag);
            tx.finalResponse(call, 487, "Request Terminated", null);
            tx.reschedule(call);
            return;
        }
        // the INVITE already has its final response: CANCEL has no effect
        tx.reply(m, 200, "OK", null, call.toTag);
    }
}
