package org.beacon.dispatch;

/**
 * A hospital as the last HospitalStatus reported it. Its name is journaled with the event but not kept: no
 * output uses it. Its snapped edge is not stored in a snapshot: it follows from its position and the network.
 */
final class Hospital extends Entity
{
    int latMicros;
    int lonMicros;
    /** HospitalCapabilities bits as received. */
    int capabilities;
    int availableBeds;
    boolean diverting;
    int edge = -1;
    int offsetCm;
}
