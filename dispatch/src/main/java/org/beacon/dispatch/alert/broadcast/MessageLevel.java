package org.beacon.dispatch.alert.broadcast;

/**
 * What a cell-broadcast message of an alert asks of the people who get it, in order of precedence on a handset.
 */
public enum MessageLevel
{
    /** The threat is over (a Cancel's AllClear); clears the alert on the handset. */
    ALL_CLEAR,
    /** Avoid the area: the outer ring. */
    AVOID,
    /** Evacuate: the inner zone; beats {@link #AVOID}. */
    EVACUATE
}
