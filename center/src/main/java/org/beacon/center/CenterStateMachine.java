package org.beacon.center;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.beacon.dispatch.DispatchService;

/**
 * The center's state machine: the domain services over one journal. Each event goes to every
 * service in a fixed order; a service ignores the templates that are not its own. The snapshot is
 * the services' snapshots one after the other, each prefixed with its length.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  magic 'BCSM' (int32)         |  format version (int32)       |
 *  +---------------------------------------------------------------+
 *  |  dispatch length (int32)      |  dispatch snapshot bytes     ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class CenterStateMachine implements StateMachine
{
    private static final int MAGIC = 0x4D534342;
    private static final int VERSION = 1;

    private final DispatchService dispatch;

    /** A center with the default configuration of every service. */
    public CenterStateMachine()
    {
        this(new DispatchService());
    }

    /**
     * A center over the given services.
     *
     * @param dispatch the 112 dispatch service.
     */
    public CenterStateMachine(final DispatchService dispatch)
    {
        this.dispatch = dispatch;
    }

    /** @return the dispatch service, for tools that read the state (replay show). */
    public DispatchService dispatch()
    {
        return dispatch;
    }

    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        dispatch.onEvent(sequence, timestampNs, buffer, offset, length, outputs);
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putInt(offset, MAGIC);
        buffer.putInt(offset + 4, VERSION);
        final int dispatchLength = dispatch.snapshot(buffer, offset + 12);
        buffer.putInt(offset + 8, dispatchLength);
        return 12 + dispatchLength;
    }

    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 12 || buffer.getInt(offset) != MAGIC || buffer.getInt(offset + 4) != VERSION)
        {
            throw new IllegalArgumentException("not a center snapshot of version " + VERSION);
        }
        final int dispatchLength = buffer.getInt(offset + 8);
        if (dispatchLength < 0 || 12 + dispatchLength > length)
        {
            throw new IllegalArgumentException("center snapshot truncated");
        }
        dispatch.restore(buffer, offset + 12, dispatchLength);
    }
}
