package org.beacon.dispatch;

/**
 * A usable fix that named a caller number for which no call was active: it waits, for a bounded time,
 * for the call to appear (AML can race ahead of the SIP INVITE).
 */
final class PendingFix
{
    final long sequence;
    final long receivedAtNs;
    final CallerRecord record;
    final Fix fix;
    PendingFix nextInRecord;
    boolean gone;

    PendingFix(final long sequence, final long receivedAtNs, final CallerRecord record, final Fix fix)
    {
        this.sequence = sequence;
        this.receivedAtNs = receivedAtNs;
        this.record = record;
        this.fix = fix;
    }
}
