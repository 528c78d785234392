package org.beacon.dispatch.intake.sip;

import org.agrona.MutableDirectBuffer;
import org.beacon.codecs.CallEndReason;
import org.beacon.codecs.CallEndedEncoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.IntakeNoteEncoder;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.client.GatewaySession;
import org.beacon.dispatch.location.ParsedLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP gateway's inputs for the core, by kind: a call received, a location fix from a re-INVITE or from the
 * network's cell, a call ended. Each is encoded when its turn to be offered comes (from the call as it is then), on
 * the gateway thread.
 */
final class SipCoreInputs implements GatewaySession.Encoder<SipCall>
{
    /** {@code CallReceived}: a new call. */
    static final int RECEIVED = 1;
    /** {@code LocationFix} from a re-INVITE's PIDF-LO. */
    static final int FIX = 2;
    /** {@code LocationFix} from the network's cell. */
    static final int CELL_FIX = 3;
    /** {@code CallEnded}. */
    static final int END = 4;
    /** {@code IntakeNote}: the caller as received, why the body was not used. */
    static final int NOTE = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SipCoreInputs.class);
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private final SipCounters counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CallReceivedEncoder callReceivedEncoder = new CallReceivedEncoder();
    private final LocationFixEncoder locationFixEncoder = new LocationFixEncoder();
    private final CallEndedEncoder callEndedEncoder = new CallEndedEncoder();
    private final IntakeNoteEncoder noteEncoder = new IntakeNoteEncoder();

    SipCoreInputs(final SipCounters counters)
    {
        this.counters = counters;
    }

    @Override
    public int encode(final SipCall call, final int kind, final MutableDirectBuffer buffer)
    {
        try
        {
            return encodeKind(call, kind, buffer);
        }
        catch (final RuntimeException ex)
        {
            // never offered: the entry fails at the next Ack or its deadline
            counters.internalErrors.incrementAndGet();
            LOG.warn("cannot encode input for call {}", call.callId, ex);
            return -1;
        }
    }

    private int encodeKind(final SipCall call, final int kind, final MutableDirectBuffer buffer)
    {
        switch (kind)
        {
            case RECEIVED:
                return encodeCallReceived(call, buffer);
            case FIX:
                return encodeFix(call, call.pendingFix, FixSource.SIP_REINVITE, buffer);
            case CELL_FIX:
                return encodeFix(call, call.cellLocation, FixSource.NETWORK_CELL, buffer);
            case END:
                callEndedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .callId(call.callId)
                    .reason(null == call.endReason ? CallEndReason.UNKNOWN : call.endReason);
                return MessageHeaderEncoder.ENCODED_LENGTH + callEndedEncoder.encodedLength();
            case NOTE:
                return encodeNote(call, buffer);
            default:
                throw new IllegalStateException("unknown input kind " + kind);
        }
    }

    private int encodeCallReceived(final SipCall call, final MutableDirectBuffer buffer)
    {
        final ParsedLocation l = checked(call.location);
        callReceivedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
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

    /**
     * Whether a call needs an {@code IntakeNote} after its {@code CallReceived}: its identity was changed by the
     * normalisation, or its body was not used.
     *
     * @return true when it does.
     */
    static boolean needsNote(final SipCall call)
    {
        return null != call.bodyProblem || (null != call.callerAsReceived && !call.callerAsReceived.equals(call.caller));
    }

    private int encodeNote(final SipCall call, final MutableDirectBuffer buffer)
    {
        noteEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .callId(call.callId)
            .inputTemplateId(CallReceivedEncoder.TEMPLATE_ID)
            .fixSource(call.locationConveyed ? FixSource.SIP_PIDF_LO : FixSource.NONE);
        noteEncoder.caller(nullToEmpty(call.caller));
        noteEncoder.callerAsReceived(nullToEmpty(call.callerAsReceived));
        noteEncoder.bodyProblem(nullToEmpty(call.bodyProblem));
        return MessageHeaderEncoder.ENCODED_LENGTH + noteEncoder.encodedLength();
    }

    private int encodeFix(final SipCall call, final ParsedLocation location, final FixSource source,
        final MutableDirectBuffer buffer)
    {
        final ParsedLocation l = checked(location);
        locationFixEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
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
}
