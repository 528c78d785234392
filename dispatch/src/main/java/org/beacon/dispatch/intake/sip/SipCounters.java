package org.beacon.dispatch.intake.sip;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the SIP gateway counts: traffic, every kind of refusal, the calls journaled and answered,
 * unusable locations, retransmissions, and the time from an INVITE's arrival to its journaling.
 * Counters are written by the I/O threads and the gateway thread and may be read from anywhere.
 */
public final class SipCounters
{
    private static final long BUCKET_NS = 10_000;
    private static final int BUCKETS = 10_000;

    final AtomicLong messagesReceived = new AtomicLong();
    final AtomicLong requestsReceived = new AtomicLong();
    final AtomicLong responsesReceived = new AtomicLong();
    final AtomicLong notSip = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong unanswerable = new AtomicLong();
    final AtomicLong tooLarge = new AtomicLong();
    final AtomicLong unsupportedMediaType = new AtomicLong();
    final AtomicLong notAcceptable = new AtomicLong();
    final AtomicLong badExtension = new AtomicLong();
    final AtomicLong bodiesReplaced = new AtomicLong();
    final AtomicLong requireIgnored = new AtomicLong();
    final AtomicLong headersIgnored = new AtomicLong();
    final AtomicLong versionNotSupported = new AtomicLong();
    final AtomicLong notEmergency = new AtomicLong();
    final AtomicLong methodNotAllowed = new AtomicLong();
    final AtomicLong notImplemented = new AtomicLong();
    final AtomicLong overloaded = new AtomicLong();
    final AtomicLong tcpConnections = new AtomicLong();
    final AtomicLong tcpRefusedPerAddress = new AtomicLong();
    final AtomicLong tcpIdleClosed = new AtomicLong();
    final AtomicLong tcpPartialTimeouts = new AtomicLong();
    final AtomicLong coreUnavailable = new AtomicLong();
    final AtomicLong coreRejected = new AtomicLong();
    final AtomicLong options = new AtomicLong();
    final AtomicLong invites = new AtomicLong();
    final AtomicLong callsJournaled = new AtomicLong();
    final AtomicLong callsAnswered = new AtomicLong();
    final AtomicLong callsEnded = new AtomicLong();
    final AtomicLong byes = new AtomicLong();
    final AtomicLong cancels = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong reinvites = new AtomicLong();
    final AtomicLong locationFixes = new AtomicLong();
    final AtomicLong cellFixes = new AtomicLong();
    final AtomicLong unusableLocations = new AtomicLong();
    final AtomicLong locationsByReference = new AtomicLong();
    final AtomicLong retransmissionsAbsorbed = new AtomicLong();
    final AtomicLong retransmissionsSent = new AtomicLong();
    final AtomicLong noSuchCall = new AtomicLong();
    final AtomicLong activeCalls = new AtomicLong();
    final AtomicLong coreConnects = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();
    private final AtomicLongArray setupLatency = new AtomicLongArray(BUCKETS + 1);

    /** Records the time from an INVITE's arrival to its Ack; gateway thread only. */
    void recordSetup(final long nanos)
    {
        final int bucket = (int)Math.min(BUCKETS, Math.max(0, nanos) / BUCKET_NS);
        setupLatency.lazySet(bucket, setupLatency.get(bucket) + 1);
    }

    /**
     * A percentile of the INVITE-arrival to journaled (core Ack) time, to 10 microseconds.
     *
     * @param percentile 0..100.
     * @return nanoseconds (the upper edge of its bucket; 100 ms or more reads as 100 ms), or 0 with no samples.
     */
    public long setupLatencyPercentileNs(final double percentile)
    {
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++)
        {
            total += setupLatency.get(i);
        }
        if (total == 0)
        {
            return 0;
        }
        final long rank = Math.max(1, (long)Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++)
        {
            seen += setupLatency.get(i);
            if (seen >= rank)
            {
                return (i + 1) * BUCKET_NS;
            }
        }
        return (BUCKETS + 1) * BUCKET_NS;
    }

    /** @return datagrams and stream frames received. */
    public long messagesReceived()
    {
        return messagesReceived.get();
    }

    /** @return requests that parsed. */
    public long requestsReceived()
    {
        return requestsReceived.get();
    }

    /** @return responses received (to the gateway's own BYEs); they need no action. */
    public long responsesReceived()
    {
        return responsesReceived.get();
    }

    /** @return inputs that were not SIP at all: dropped (UDP) or answered 400 and closed (TCP). */
    public long notSip()
    {
        return notSip.get();
    }

    /** @return malformed requests answered 400. */
    public long badRequests()
    {
        return badRequests.get();
    }

    /** @return malformed requests that could not be answered (no usable Via, From, To, Call-ID or CSeq), dropped. */
    public long unanswerable()
    {
        return unanswerable.get();
    }

    /** @return messages over the size limit, answered 413/513. */
    public long tooLarge()
    {
        return tooLarge.get();
    }

    /** @return requests answered 415. */
    public long unsupportedMediaType()
    {
        return unsupportedMediaType.get();
    }

    /** @return requests answered 488 (no usable SDP). */
    public long notAcceptable()
    {
        return notAcceptable.get();
    }

    /**
     * @return emergency INVITEs whose body could not be used (type, encoding, multipart framing, SDP, size), answered 200
     *         with Beacon's own SDP offer and journaled with the reason.
     */
    public long bodiesReplaced()
    {
        return bodiesReplaced.get();
    }

    /** @return emergency INVITEs that required an extension the gateway does not implement: taken all the same. */
    public long requireIgnored()
    {
        return requireIgnored.get();
    }

    /** @return requests with a header line that could not be read (not a required one): left out, the request taken. */
    public long headersIgnored()
    {
        return headersIgnored.get();
    }

    /** @return re-INVITEs answered 420 (a Require the gateway does not support). */
    public long badExtension()
    {
        return badExtension.get();
    }

    /** @return requests answered 505. */
    public long versionNotSupported()
    {
        return versionNotSupported.get();
    }

    /** @return INVITEs answered 404 because their Request-URI is not an emergency service. */
    public long notEmergency()
    {
        return notEmergency.get();
    }

    /** @return requests answered 405. */
    public long methodNotAllowed()
    {
        return methodNotAllowed.get();
    }

    /** @return requests answered 501. */
    public long notImplemented()
    {
        return notImplemented.get();
    }

    /** @return TCP connections open now. */
    public long tcpConnections()
    {
        return tcpConnections.get();
    }

    /** @return TCP connections closed at once because their address already had the most allowed. */
    public long tcpRefusedPerAddress()
    {
        return tcpRefusedPerAddress.get();
    }

    /** @return TCP connections without a dialog closed after carrying nothing for the idle timeout. */
    public long tcpIdleClosed()
    {
        return tcpIdleClosed.get();
    }

    /** @return TCP connections closed because a message did not complete within the partial-message timeout. */
    public long tcpPartialTimeouts()
    {
        return tcpPartialTimeouts.get();
    }

    /** @return requests answered 503 because the gateway was full (hand-over queue or call limit). */
    public long overloaded()
    {
        return overloaded.get();
    }

    /** @return requests answered 503 because the core did not journal their input in time. */
    public long coreUnavailable()
    {
        return coreUnavailable.get();
    }

    /** @return inputs the core refused (an Ack with a rejection code). */
    public long coreRejected()
    {
        return coreRejected.get();
    }

    /** @return OPTIONS answered. */
    public long options()
    {
        return options.get();
    }

    /** @return new emergency INVITEs taken for processing. */
    public long invites()
    {
        return invites.get();
    }

    /** @return CallReceived events journaled. */
    public long callsJournaled()
    {
        return callsJournaled.get();
    }

    /** @return calls answered 200 OK. */
    public long callsAnswered()
    {
        return callsAnswered.get();
    }

    /** @return CallEnded events journaled. */
    public long callsEnded()
    {
        return callsEnded.get();
    }

    /** @return BYEs that ended a call. */
    public long byes()
    {
        return byes.get();
    }

    /** @return CANCELs that ended a call before it was answered. */
    public long cancels()
    {
        return cancels.get();
    }

    /** @return calls ended by a timeout (no ACK, silent dialog, core too late). */
    public long timeouts()
    {
        return timeouts.get();
    }

    /** @return re-INVITEs in a dialog. */
    public long reinvites()
    {
        return reinvites.get();
    }

    /** @return LocationFix events journaled from re-INVITEs. */
    public long locationFixes()
    {
        return locationFixes.get();
    }

    /** @return NETWORK_CELL LocationFix events journaled from P-Access-Network-Info. */
    public long cellFixes()
    {
        return cellFixes.get();
    }

    /** @return locations journaled as not usable (missing, malformed, unknown shape, out of range...). */
    public long unusableLocations()
    {
        return unusableLocations.get();
    }

    /** @return locations conveyed only by reference. */
    public long locationsByReference()
    {
        return locationsByReference.get();
    }

    /** @return retransmitted requests absorbed by a transaction. */
    public long retransmissionsAbsorbed()
    {
        return retransmissionsAbsorbed.get();
    }

    /** @return responses retransmitted (RFC 3261 Timer G and 2xx retransmission). */
    public long retransmissionsSent()
    {
        return retransmissionsSent.get();
    }

    /** @return requests for no known dialog or transaction (481) and stray ACKs. */
    public long noSuchCall()
    {
        return noSuchCall.get();
    }

    /** @return calls in progress now. */
    public long activeCalls()
    {
        return activeCalls.get();
    }

    /** @return times a core client was connected. */
    public long coreConnects()
    {
        return coreConnects.get();
    }

    /** @return unexpected exceptions caught in the gateway (each is logged; the gateway carries on). */
    public long internalErrors()
    {
        return internalErrors.get();
    }

    /** @return every refusal: 400, 404, 405, 413, 415, 420, 488, 501, 503, 505 and dropped non-SIP input. */
    public long rejections()
    {
        return notSip() + badRequests() + unanswerable() + tooLarge() + unsupportedMediaType() + notAcceptable() + badExtension() +
            versionNotSupported() + notEmergency() + methodNotAllowed() + notImplemented() + overloaded() + coreUnavailable();
    }

    @Override
    public String toString()
    {
        return "sip received=" + messagesReceived() + " invites=" + invites() + " journaled=" + callsJournaled() +
            " answered=" + callsAnswered() + " ended=" + callsEnded() + " fixes=" + locationFixes() + " cellFixes=" + cellFixes() +
            " unusableLocations=" + unusableLocations() + " byReference=" + locationsByReference() + " bodiesReplaced=" +
            bodiesReplaced() +  " requireIgnored=" + requireIgnored() +
            " headersIgnored=" + headersIgnored() + " rejections=" + rejections() +
            " (notSip=" + notSip() + " 400=" + badRequests() + " unanswerable=" + unanswerable() + " 404=" + notEmergency() +
            " 413=" + tooLarge() + " 415=" + unsupportedMediaType() + " 488=" + notAcceptable() + " 503overload=" + overloaded() +
            " 503core=" + coreUnavailable() + ") retransmitted=" + retransmissionsSent() + " absorbed=" + retransmissionsAbsorbed() +
            " active=" + activeCalls() + " tcp=" + tcpConnections() + " (refusedPerAddress=" + tcpRefusedPerAddress() +
            " idleClosed=" + tcpIdleClosed() + " partialTimeouts=" + tcpPartialTimeouts() + ")";
    }
}
