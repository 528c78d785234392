package org.beacon.signal.field;

import java.util.function.LongSupplier;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewaySession;

/**
 * The duty cycle of a signal field gateway: reads the center's requests from egress, steps every
 * cabinet on the field clock, and offers each changed intersection's status (and a heartbeat) on
 * ingress. A status the core cannot take (not connected) is kept dirty and offered again on the next
 * cycle, so the journal always ends up with the controller's latest state.
 */
public final class SignalFieldAgent implements Agent
{
    private final GatewaySession<Void> session;
    private final FieldControllers field;
    private final LongSupplier clockNs;
    private final FieldControllers.DetectorSource detectors;
    private final long stepNs;
    private final long heartbeatNs;
    private final FieldControllers.StatusSink sink = this::offer;
    private long lastStepNs;
    private boolean stepped;
    private long statusesOffered;

    /**
     * An agent over a field.
     *
     * @param client      connection to the core (the agent's session owns and closes it).
     * @param field       the cabinets.
     * @param clockNs     the field clock (epoch nanoseconds for wall time).
     * @param detectors   approach detectors reported with heartbeats, or null.
     * @param stepNs      how often the cabinets are stepped.
     * @param heartbeatNs the longest an intersection goes without a status.
     */
    public SignalFieldAgent(
        final CoreClient client,
        final FieldControllers field,
        final LongSupplier clockNs,
        final FieldControllers.DetectorSource detectors,
        final long stepNs,
        final long heartbeatNs)
    {
        // correlation ids of its own range: egress is shared, and other clients count their Acks by id
        this.session = GatewaySession.<Void>builder(SignalFieldGateway.DEFAULT_SOURCE_ID)
            .client(client)
            .egress(this::onFrame)
            .build();
        this.field = field;
        this.clockNs = clockNs;
        this.detectors = detectors;
        this.stepNs = stepNs;
        this.heartbeatNs = heartbeatNs;
    }

    @Override
    public int doWork()
    {
        int work = session.poll();
        final long now = clockNs.getAsLong();
        if (!stepped || now - lastStepNs >= stepNs)
        {
            stepped = true;
            lastStepNs = now;
            field.step(now);
            work += 1 + field.report(now, heartbeatNs, detectors, sink);
        }
        return work;
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        field.onOutput(buffer, offset, length, timestampNs, clockNs.getAsLong());
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = session.offer(buffer, offset, length);
        if (result > 0)
        {
            statusesOffered++;
            return true;
        }
        return false;
    }

    @Override
    public void onClose()
    {
        session.close();
    }

    @Override
    public String roleName()
    {
        return "signal-field";
    }

    /** @return statuses offered to the core. */
    public long statusesOffered()
    {
        return statusesOffered;
    }

    /** @return the cabinets. */
    public FieldControllers field()
    {
        return field;
    }
}
