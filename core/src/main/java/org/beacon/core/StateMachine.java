package org.beacon.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The deterministic heart of a node. The host calls it from one thread, in journal order, with
 * nothing but the journaled event: its sequence, the timestamp the sequencer stamped at ingest and
 * its SBE payload (message header included). Implementations must not read clocks, files,
 * configuration or unseeded randomness, must not start threads, and must not let an output depend
 * on the iteration order of an identity-hashed structure. Every output goes through
 * {@link OutputSink}; replaying the same input journal must produce the same outputs, byte for byte.
 */
public interface StateMachine
{
    /**
     * Applies one journaled event.
     *
     * @param sequence    journal sequence of the event, starting at 1, without gaps.
     * @param timestampNs sequencer timestamp, nanoseconds since the epoch, never decreasing.
     * @param buffer      holding the SBE message, header first.
     * @param offset      of the SBE message header in the buffer.
     * @param length      of the SBE message.
     * @param outputs     where outputs are emitted, in order.
     */
    void onEvent(long sequence, long timestampNs, DirectBuffer buffer, int offset, int length, OutputSink outputs);

    /**
     * Writes the whole state so that {@link #restore} rebuilds it exactly; the same state must
     * always give the same bytes (write collections sorted by id).
     *
     * @param buffer to write into, growing as needed.
     * @param offset to start writing at.
     * @return the number of bytes written.
     */
    int snapshot(ExpandableArrayBuffer buffer, int offset);

    /**
     * Replaces the state with the one a {@link #snapshot} wrote. A snapshot it cannot read (an older format, a
     * damaged or foreign one) is refused with an {@link IllegalArgumentException} or {@link IllegalStateException},
     * leaving the state as new: the host then takes an older snapshot or replays the journal from its start.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot.
     * @param length of the snapshot.
     */
    void restore(DirectBuffer buffer, int offset, int length);
}
