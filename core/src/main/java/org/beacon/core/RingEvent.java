package org.beacon.core;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.core.journal.JournalRecordDescriptor;

/**
 * One preallocated slot of the sequencer's ring. The input payload sits at
 * {@link JournalRecordDescriptor#HEADER_LENGTH} in {@link #record} so the journal handler writes the
 * record header in place and appends without a copy; outputs of the state machine are collected in
 * {@link #outputs} as {@code [int32 length][SBE message]} entries for the egress handler.
 */
public final class RingEvent
{
    /** A journaled input. */
    public static final int KIND_INPUT = 1;
    /** An input the sequencer refused; only its Ack goes out. */
    public static final int KIND_REJECTED = 2;

    int kind;
    long sequence;
    long timestampNs;
    long correlationId;
    int source;
    int payloadLength;
    int templateId;
    int rejectCode;
    boolean sealAfter;
    int outputsLength;
    int outputCount;
    long firstOutputSequence;
    final UnsafeBuffer record;
    final ExpandableArrayBuffer outputs = new ExpandableArrayBuffer(1024);

    RingEvent(final int maxPayloadLength)
    {
        record = new UnsafeBuffer(new byte[JournalRecordDescriptor.HEADER_LENGTH + maxPayloadLength]);
    }

    /** @return the journal sequence stamped by the sequencer. */
    public long sequence()
    {
        return sequence;
    }

    /** @return the timestamp stamped by the sequencer. */
    public long timestampNs()
    {
        return timestampNs;
    }
}
