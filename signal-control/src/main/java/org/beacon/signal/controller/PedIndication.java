package org.beacon.signal.controller;

/**
 * What a pedestrian signal head shows. The ordinal order is part of the wire format, so new values may
 * only be appended.
 */
public enum PedIndication
{
    DARK,
    DONT_WALK,
    WALK,
    FLASHING_DONT_WALK
}
