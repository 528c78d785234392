package org.beacon.signal.controller;

/**
 * What a vehicle signal group shows. The ordinal order is part of the wire format (it mirrors an SBE
 * enum), so new values may only be appended.
 */
public enum Indication
{
    DARK,
    RED,
    YELLOW,
    GREEN,
    FLASHING_RED,
    FLASHING_YELLOW
}
