package org.beacon.dispatch.intake.sip;

import org.agrona.DeadlineTimerWheel;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallEndReason;
import org.beacon.dispatch.location.ParsedLocation;

/**
 * One emergency call as the gateway thread tracks it: the dialog, its current INVITE server
 * transaction (initial or re-INVITE) with the last response for retransmission, the inputs waiting
 * for the core, and the deadlines of its timers. Owned by the gateway thread alone.
 */
final class SipCall
{
    /** CallReceived offered; 100 Trying sent. */
    static final int WAIT_CORE = 1;
    /** Journaled; 180 Ringing sent, 200 OK due after the ringing time. */
    static final int RINGING = 2;
    /** 200 OK sent, retransmitted until the ACK. */
    static final int ANSWERED = 3;
    /** ACK received: the dialog is established. */
    static final int CONFIRMED = 4;
    /** CANCEL received before the answer; waiting for CallEnded to be journaled. */
    static final int CANCELLING = 5;
    /** A non-2xx final response (487, 503) was sent to the initial INVITE; waiting for its ACK. */
    static final int REJECTED = 6;
    /** BYE received; waiting for CallEnded to be journaled before answering 200. */
    static final int ENDING = 7;
    /** Over; remembered for a while to absorb retransmissions. */
    static final int TERMINATED = 8;

    final String sipCallId;
    final long callId;
    final String toTag;
    final Agency agency;
    final String caller;
    final String callerAsReceived;
    final String bodyProblem;
    final String emergencyCallId;
    final ParsedLocation location;
    final boolean locationConveyed;
    final ParsedLocation cellLocation;
    final long receivedNs;
    final int mediaPort;
    final String remoteTarget;
    final String remoteFrom;
    final String localTo;
    final long initialCseq;

    SipPeer peer;
    int state;

    SipMessage invite;
    long inviteCseq;
    boolean reinvite;
    byte[] inviteResponse;
    boolean awaitingAck;
    boolean ackedResponseIs2xx;
    SdpAnswer sdp;
    int sdpVersion;

    long retransmitAtNs;
    long retransmitIntervalNs;
    long giveUpAtNs;
    long answerAtNs;
    long expiresAtNs;
    long timerId = DeadlineTimerWheel.NULL_DEADLINE;
    long timerDeadlineNs = Long.MAX_VALUE;

    boolean receivedOffered;
    boolean receivedJournaled;
    ParsedLocation pendingFix;
    SipMessage pendingBye;
    SipMessage pendingCancel;
    int stateBeforeBye;
    CallEndReason endReason;
    byte[] byeResponse;
    long byeCseq = -1;
    long lingerUntilNs;

    SipCall(final SipMessage invite, final long callId, final int mediaPort)
    {
        this.sipCallId = invite.callId;
        this.callId = callId;
        this.toTag = "b" + Long.toHexString(callId);
        this.agency = invite.agency;
        this.caller = invite.caller;
        this.callerAsReceived = invite.callerAsReceived;
        this.bodyProblem = invite.bodyProblem;
        this.emergencyCallId = invite.emergencyCallId;
        this.location = invite.location;
        this.locationConveyed = invite.locationConveyed;
        this.cellLocation = invite.cellLocation;
        this.receivedNs = invite.receivedNs;
        this.mediaPort = mediaPort;
        this.remoteTarget = invite.contact;
        this.remoteFrom = invite.header(SipHeaders.FROM);
        this.localTo = invite.header(SipHeaders.TO) + ";tag=" + toTag;
        this.initialCseq = invite.cseq;
        this.peer = invite.peer;
        this.invite = invite;
        this.inviteCseq = invite.cseq;
        this.sdp = invite.sdp;
    }

    /** @return whether the call still counts against the limit of calls in progress. */
    boolean active()
    {
        return state != TERMINATED;
    }

    /** @return the earliest pending deadline, or Long.MAX_VALUE. */
    long nextDeadlineNs()
    {
        long next = Long.MAX_VALUE;
        if (retransmitAtNs > 0)
        {
            next = Math.min(next, retransmitAtNs);
        }
        if (giveUpAtNs > 0)
        {
            next = Math.min(next, giveUpAtNs);
        }
        if (answerAtNs > 0)
        {
            next = Math.min(next, answerAtNs);
        }
        if (expiresAtNs > 0)
        {
            next = Math.min(next, expiresAtNs);
        }
        return next;
    }

    void stopRetransmitting()
    {
        retransmitAtNs = 0;
        retransmitIntervalNs = 0;
        giveUpAtNs = 0;
        awaitingAck = false;
    }
}
