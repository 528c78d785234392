package org.beacon.dispatch;

import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.BetterFixAvailableDecoder;
import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.CommandRejectedDecoder;
import org.beacon.codecs.DispatchOrderDecoder;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.codecs.IncidentUpdatedDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitStatusChangedDecoder;

/**
 * Decodes recorded outputs with the generated decoders; each call checks the template id.
 */
final class Outputs
{
    private Outputs()
    {
    }

    static int templateId(final byte[] output)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(output), 0).templateId();
    }

    static IncidentOpenedDecoder opened(final byte[] output)
    {
        return new IncidentOpenedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static IncidentUpdatedDecoder updated(final byte[] output)
    {
        return new IncidentUpdatedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static UnitRecommendedDecoder recommended(final byte[] output)
    {
        return new UnitRecommendedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static DispatchOrderDecoder order(final byte[] output)
    {
        return new DispatchOrderDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static CommandRejectedDecoder rejected(final byte[] output)
    {
        return new CommandRejectedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static UnitStatusChangedDecoder statusChanged(final byte[] output)
    {
        return new UnitStatusChangedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static CallUpdatedDecoder callUpdated(final byte[] output)
    {
        return new CallUpdatedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    static BetterFixAvailableDecoder betterFix(final byte[] output)
    {
        return new BetterFixAvailableDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    /** The outputs of one template, in order. */
    static java.util.List<byte[]> only(final java.util.List<byte[]> outputs, final int templateId)
    {
        return outputs.stream().filter(output -> templateId(output) == templateId).toList();
    }
}
