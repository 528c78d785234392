package org.beacon.signal;

/**
 * The layout of signal control's snapshot section (version {@value #VERSION}), as {@link SignalSnapshot} writes and
 * reads it. Fields are in the buffer's native order (little-endian on every host the project runs on).
 *
 * <pre>
 * Header (20 bytes)
 *   0 int32 magic 'SGNL' | 4 int32 version | 8 int64 clockNs | 16 int32 wave count
 * Per wave, in unit-id order (48 bytes, then the route, then one 37-byte entry per intersection)
 *   0 int64 unitId | 8 int64 incidentId | 16 int32 priority | 20 int32 edge count | 24 int32 intersection count
 *   28 int32 segment | 32 int64 lastFixNs | 40 int64 startNs
 *   edge count x int32 edge
 *   per intersection: 0 int32 routeIndex | 4 int32 intersection | 8 int32 phase | 12 int64 etaNs | 20 int8 state
 *                     21 int64 requestedAtNs | 29 int64 expiresAtNs
 * int32 intersection count (must be the network's), then per intersection:
 *   int32 holder count, holder count x int64 unit
 *   0 int32 phase | 4 int64 lastReleaseNs | 12 int32 lastPhase | 16 int32 queue count   (20 bytes)
 *   queue count x int64 unit
 *   0 int8 operatorFlash | 1 int64 operatorFlashUntilNs | 9 int32 mode | 13 int32 faults | 17 int64 preemptUnit
 *   25 int8 alarm | 26 int32 phase count                                                 (30 bytes)
 *   per phase: 0 int32 phase | 4 int32 vehicle | 8 int32 ped | 12 int32 minEndDs | 16 int32 maxEndDs   (20 bytes)
 * int32 count of congested edges, then per edge with a factor: int32 edge | int32 factorPermille
 * </pre>
 */
final class SignalSnapshotDescriptor
{
    /** 'SGNL'. */
    static final int MAGIC = 0x53474E4C;
    /** The layout described here; also the service's section version. */
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int CLOCK_OFFSET = 8;
    static final int WAVE_COUNT_OFFSET = 16;
    static final int HEADER_LENGTH = 20;

    static final int WAVE_HEADER_LENGTH = 48;
    static final int EDGE_LENGTH = 4;
    static final int WAVE_ENTRY_LENGTH = 37;

    private SignalSnapshotDescriptor()
    {
    }

    /**
     * @param wave a wave.
     * @return the bytes it takes in the snapshot.
     */
    static int waveLength(final Wave wave)
    {
        return WAVE_HEADER_LENGTH + wave.edges.length * EDGE_LENGTH + wave.count * WAVE_ENTRY_LENGTH;
    }
}
