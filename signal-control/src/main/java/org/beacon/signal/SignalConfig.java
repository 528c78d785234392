package org.beacon.signal;

import java.util.concurrent.TimeUnit;

/**
 * The green-wave planner's fixed configuration: how early a preemption is asked for, how long a
 * request lives without refresh, and the limits that protect general traffic. Part of the state
 * machine's configuration (a change starts a new journal era, like a road network change).
 *
 * @param leadNs               how long before a unit's expected arrival its preemption is requested: long enough
 *                             for a conflicting green to run its preempt minimum green, yellow and red clearance
 *                             before the unit arrives.
 * @param requestTtlNs         a request's life at the controller; the planner refreshes it before then.
 * @param refreshBeforeNs      refresh a request this long before it expires.
 * @param maxDwellNs           the longest one unit may hold an intersection; then it is released for good.
 * @param recoveryNs           after a release, an intersection is not preempted again for a conflicting phase within
 *                             this time, unless the request's priority is at or above {@code recoveryBypassPriority}.
 * @param recoveryBypassPriority incident priorities 1..this skip the recovery time.
 * @param staleNs              a unit whose last AVL fix is older than this loses its wave.
 * @param onRouteToleranceM    a fix farther than this from every route segment ahead does not move the unit on.
 * @param passMarginM          a unit counts as past an intersection once this far along the next segment.
 * @param lookaheadSegments    route segments searched per fix, from the unit's current one (bounded work per fix).
 * @param congestionStepPermille a derived congestion factor reaches dispatch only when it moves by this much.
 */
public record SignalConfig(
    long leadNs,
    long requestTtlNs,
    long refreshBeforeNs,
    long maxDwellNs,
    long recoveryNs,
    int recoveryBypassPriority,
    long staleNs,
    int onRouteToleranceM,
    int passMarginM,
    int lookaheadSegments,
    int congestionStepPermille)
{
    /** The defaults: 20 s lead, 10 s requests refreshed 4 s before expiry, 90 s dwell, 15 s recovery. */
    public static final SignalConfig DEFAULT = new SignalConfig(
        TimeUnit.SECONDS.toNanos(20),
        TimeUnit.SECONDS.toNanos(10),
        TimeUnit.SECONDS.toNanos(4),
        TimeUnit.SECONDS.toNanos(90),
        TimeUnit.SECONDS.toNanos(15),
        1,
        TimeUnit.SECONDS.toNanos(30),
        60,
        12,
        8,
        100);

    /** Validates once. */
    public SignalConfig
    {
        if (leadNs <= 0 || requestTtlNs <= 0 || refreshBeforeNs <= 0 || refreshBeforeNs >= requestTtlNs || maxDwellNs <= 0 ||
            recoveryNs < 0 || staleNs <= 0 || onRouteToleranceM <= 0 || passMarginM < 0 || lookaheadSegments < 1 ||
            congestionStepPermille < 1)
        {
            throw new IllegalArgumentException("invalid signal config: every duration and distance must be positive, " +
                "refreshBefore shorter than requestTtl, lookahead at least 1");
        }
    }
}
