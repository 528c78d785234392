package org.beacon.core;

import org.agrona.DirectBuffer;

/**
 * Receives the outputs of a {@link StateMachine}: each one an SBE message, header included. The
 * host copies the bytes before returning, so the caller may reuse its encoding buffer at once.
 */
@FunctionalInterface
public interface OutputSink
{
    /**
     * Emits one output.
     *
     * @param buffer holding the SBE message.
     * @param offset of the message header.
     * @param length of the message.
     */
    void emit(DirectBuffer buffer, int offset, int length);
}
