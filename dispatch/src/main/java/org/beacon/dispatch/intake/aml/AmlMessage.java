package org.beacon.dispatch.intake.aml;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.dispatch.intake.CallerNumbers;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PersonalData;

/**
 * An Advanced Mobile Location message as a parser read it. An invalid message ({@link #error()} set)
 * must be refused to its sender and never journaled; a valid message without a fix (the handset sent
 * {@code pm=N}) is journaled, so the call-taker knows AML tried. {@link #toString()} masks personal data.
 *
 * @param location  the fix: USABLE, or MISSING / NO_FIX, or unusable with the reason when invalid.
 * @param source    AML_SMS for the SMS form, AML_HTTPS for the HTTPS form.
 * @param caller    the handset's number (MSISDN) normalised to E.164 ({@link CallerNumbers}), or null when the transport did
 *                  not give it.
 * @param imsi      the IMSI (or its ETSI-truncated form), or null.
 * @param imei      the IMEI, or null.
 * @param mcc       the network's mobile country code, or null.
 * @param mnc       the network's mobile network code, or null.
 * @param fixTimeNs time of positioning, nanoseconds since the epoch (UTC), 0 when not given, {@link #TIME_UNUSABLE} when
 *                  given but unusable: outside the plausible window around the gateway's clock (a day either way) or not
 *                  representable. The fix is journaled all the same; the core then dates it by its journal time.
 * @param error     why the message is invalid, as {@code "field: reason"}, or null when valid.
 * @param callerAsReceived the number as the sender wrote it (before normalisation), or null.
 */
public record AmlMessage(
    ParsedLocation location,
    FixSource source,
    String caller,
    String imsi,
    String imei,
    String mcc,
    String mnc,
    long fixTimeNs,
    String error,
    String callerAsReceived)
{
    /** The time of positioning given but unusable, as journaled in {@code LocationFix.fixTimeNs}. */
    public static final long TIME_UNUSABLE = -1;

    /** @return whether a time of positioning was given but could not be used. */
    public boolean timeUnusable()
    {
        return fixTimeNs == TIME_UNUSABLE;
    }

    /**
     * An invalid message.
     *
     * @return the message carrying the error and an unusable location.
     */
    public static AmlMessage invalid(final FixSource source, final String error, final LocationProblem problem)
    {
        return new AmlMessage(ParsedLocation.unusable(LocationQuality.UNUSABLE, problem, error), source, null, null, null, null, null,
            0, error, null);
    }

    /** @return whether the message may be journaled. */
    public boolean valid()
    {
        return null == error;
    }

    /** @return whether the message is valid and carries a usable fix. */
    public boolean hasFix()
    {
        return valid() && location.usable();
    }

    /** @return the part of the error before the colon (the field at fault), for counting; null when valid. */
    public String errorKey()
    {
        if (null == error)
        {
            return null;
        }
        final int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }

    /**
     * The same message with the caller's number set (the SMS form does not carry it in its text), normalised to E.164.
     *
     * @return the message with the number.
     */
    public AmlMessage withCaller(final String number)
    {
        return new AmlMessage(location, source, CallerNumbers.normalise(number), imsi, imei, mcc, mnc, fixTimeNs, error, number);
    }

    /** @return whether normalisation changed the caller's number (the gateway then journals the number as received). */
    public boolean callerNormalised()
    {
        return null != callerAsReceived && !callerAsReceived.equals(caller);
    }

    @Override
    public String toString()
    {
        return "AmlMessage{source=" + source + ", caller=" + PersonalData.mask(caller) + ", imsi=" + PersonalData.mask(imsi) +
            ", imei=" + PersonalData.mask(imei) + ", mcc=" + mcc + ", mnc=" + mnc + ", fixTimeNs=" + fixTimeNs +
            ", quality=" + location.quality() + ", method=" + location.method() + ", uncertaintyM=" + location.uncertaintyM() +
            (null == error ? "" : ", error=" + error) + "}";
    }
}
