package org.beacon.dispatch.intake.sip;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.CallEndReason;
import org.beacon.core.client.GatewaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of the gateway thread: responses of the INVITE server transaction and of requests outside it, their
 * retransmission timers, the end of calls and the remembering of ended ones. RFC 3261 17.2.1 and 13.3.1.4: a 2xx is
 * retransmitted from T1 doubling to T2 until the ACK (any transport), a non-2xx final response likewise over UDP
 * (Timer G); after 64*T1 without ACK (Timer H) a non-2xx transaction ends and an unacknowledged 2xx ends the call
 * with a BYE. Ended calls are remembered for 64*T1 so that retransmitted BYEs and INVITEs are absorbed, with a hard
 * cap. Owned by the gateway thread.
 */
final class SipTransactions implements DeadlineTimerWheel.TimerHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(SipGatewayAgent.class);
    private static final int TIMER_LIMIT = 1024;

    private final SipGatewayContext ctx;
    private final SipCounters counters;
    private final SipResponseEncoder encoder;
    private final Map<String, SipCall> calls;
    private final GatewaySession<SipCall> session;
    private final ArrayDeque<SipCall> lingering = new ArrayDeque<>();
    private final Long2ObjectHashMap<SipCall> timerCalls = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel timers;
    private final long t1Ns;
    private final long t2Ns;
    private final long lingerNs;
    private final String contactUdp;
    private final String contactTcp;
    private long activeCalls;
    private long nowNs;
    private long byeSequence;

    SipTransactions(
        final SipGatewayContext ctx,
        final SipCounters counters,
        final Map<String, SipCall> calls,
        final GatewaySession<SipCall> session,
        final int port)
    {
        this.ctx = ctx;
        this.counters = counters;
        this.calls = calls;
        this.session = session;
        this.encoder = new SipResponseEncoder(ctx.serverName());
        this.t1Ns = ctx.t1Ns();
        this.t2Ns = ctx.t2Ns();
        this.lingerNs = 64 * t1Ns;
        this.timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, ctx.nanoClock().nanoTime(), 1 << 20, 1024);
        final String host = ctx.advertisedHost().indexOf(':') >= 0 ? "[" + ctx.advertisedHost() + "]" : ctx.advertisedHost();
        this.contactUdp = "Contact: <sip:beacon@" + host + ":" + port + ">\r\n";
        this.contactTcp = "Contact: <sip:beacon@" + host + ":" + port + ";transport=tcp>\r\n";
    }

    /** Sets the time of this duty cycle. */
    void now(final long now)
    {
        this.nowNs = now;
    }

    /** @return calls not yet terminated. */
    long activeCalls()
    {
        return activeCalls;
    }

    /** Counts a new call. */
    void callStarted()
    {
        activeCalls++;
        counters.activeCalls.lazySet(activeCalls);
    }

    /** @return the 100 Trying for a request. */
    byte[] trying(final SipMessage m)
    {
        return encoder.response(m, 100, "Trying", null, null, null, null);
    }

    /** @return the calls' timers fired, at most a bounded number. */
    int pollTimers()
    {
        return timers.poll(nowNs, this, TIMER_LIMIT);
    }

    /** The call is journaled: 180 Ringing now, 200 OK now or after the ringing time. */
    void ring(final SipCall call)
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
    void answer(final SipCall call)
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
    void finalResponse(final SipCall call, final int code, final String reason, final String extra)
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

    byte[] reply(final SipMessage m, final int code, final String reason, final String extra)
    {
        return reply(m, code, reason, extra, "s" + Integer.toHexString(m.callId.hashCode() * 31 + (int)m.cseq));
    }

    /** Answers a request outside its call's INVITE transaction; the tag is added only when the request's To has none. */
    byte[] reply(final SipMessage m, final int code, final String reason, final String extra, final String toTag)
    {
        final byte[] bytes = encoder.response(m, code, reason, code > 100 ? toTag : null, extra, null, null);
        m.peer.send(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- timers

    void reschedule(final SipCall call)
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
        session.enqueue(call, SipCoreInputs.END, nowNs + ctx.coreTimeoutNs());
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

    void terminate(final SipCall call)
    {
        if (call.state != SipCall.TERMINATED)
        {
            activeCalls--;
            counters.activeCalls.lazySet(activeCalls);
            call.peer.dialogEnded();
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

    int expireLingering()
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
