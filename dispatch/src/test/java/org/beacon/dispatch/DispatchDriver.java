package org.beacon.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.dispatch.road.RoadGraph;

/**
 * Plays the host for a {@link DispatchService}: gives each event the next journal sequence and the
 * current (injected) time, and records the outputs as byte arrays.
 */
final class DispatchDriver
{
    static final long T0 = 1_750_000_000_000_000_000L;

    final DispatchService service;
    final List<byte[]> outputs = new ArrayList<>();
    long sequence;
    long nowNs = T0;

    DispatchDriver()
    {
        this(new DispatchService());
    }

    DispatchDriver(final DispatchService service)
    {
        this.service = service;
    }

    DispatchDriver advanceNs(final long deltaNs)
    {
        nowNs += deltaNs;
        return this;
    }

    DispatchDriver advanceSeconds(final long seconds)
    {
        return advanceNs(seconds * 1_000_000_000L);
    }

    /** Applies one event at the next sequence; returns what it emitted. */
    List<byte[]> apply(final byte[] event)
    {
        sequence++;
        // Place the event at a non-zero offset inside a larger buffer, as a ring or journal would.
        final int offset = 24;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + event.length + 16]);
        buffer.putBytes(offset, event);
        final List<byte[]> emitted = new ArrayList<>();
        service.onEvent(sequence, nowNs, buffer, offset, event.length, (b, o, l) ->
        {
            final byte[] copy = new byte[l];
            b.getBytes(o, copy);
            emitted.add(copy);
        });
        outputs.addAll(emitted);
        return emitted;
    }

    /** Applies several events; returns the last one's outputs. */
    List<byte[]> applyAll(final byte[]... events)
    {
        List<byte[]> last = List.of();
        for (final byte[] event : events)
        {
            last = apply(event);
        }
        return last;
    }

    byte[] snapshot()
    {
        return snapshot(service);
    }

    static byte[] snapshot(final DispatchService service)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int offset = 8;
        final int length = service.snapshot(buffer, offset);
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    static DispatchService restored(final byte[] snapshot, final DispatchConfig config)
    {
        return restored(snapshot, config, null);
    }

    static DispatchService restored(final byte[] snapshot, final DispatchConfig config, final RoadGraph graph)
    {
        return restored(snapshot, config, graph, CoverageConfig.NONE);
    }

    static DispatchService restored(
        final byte[] snapshot, final DispatchConfig config, final RoadGraph graph, final CoverageConfig coverage)
    {
        final DispatchService service = new DispatchService(config, graph, coverage);
        final int offset = 5;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + snapshot.length + 3]);
        buffer.putBytes(offset, snapshot);
        service.restore(buffer, offset, snapshot.length);
        return service;
    }
}
