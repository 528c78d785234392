package org.beacon.console.model;

/**
 * Receives the timeline entries {@link TimelineText#describe} makes.
 */
@FunctionalInterface
public interface TimelineSink
{
    /**
     * One entry of one incident's timeline.
     *
     * @param incidentId  the incident it concerns.
     * @param sequence    the input sequence (for an output, the input that produced it).
     * @param timestampNs the sequencer's timestamp of that input, ns since the epoch.
     * @param kind        a short tag for the entry ("opened", "call-added", "dispatch", "command"...).
     * @param text        a short English sentence; never a caller's number, IMSI or IMEI.
     */
    void entry(long incidentId, long sequence, long timestampNs, String kind, String text);
}
