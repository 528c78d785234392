package org.beacon.dispatch;

/**
 * Builds a {@link DispatchConfig} for tests, every field at its default unless set.
 */
final class ConfigBuilder
{
    private final DispatchConfig d = DispatchConfig.DEFAULT;
    int duplicateRadiusM = d.duplicateRadiusM();
    long duplicateWindowNs = d.duplicateWindowNs();
    int unitSpeedKmh = d.unitSpeedKmh();
    int recommendationCount = d.recommendationCount();
    int correlationUncertaintyCapM = d.correlationUncertaintyCapM();
    int maxJoinUncertaintyM = d.maxJoinUncertaintyM();
    int fixAgingMmPerS = d.fixAgingMmPerS();
    int nuisanceCallThreshold = d.nuisanceCallThreshold();
    long nuisanceWindowNs = d.nuisanceWindowNs();
    long pendingFixTtlNs = d.pendingFixTtlNs();
    int maxPendingFixes = d.maxPendingFixes();
    long callMatchWindowNs = d.callMatchWindowNs();
    long endedCallGraceNs = d.endedCallGraceNs();
    int rerecommendDistanceM = d.rerecommendDistanceM();
    int maxSnapDistanceM = d.maxSnapDistanceM();
    int etaUpdateThresholdS = d.etaUpdateThresholdS();
    long dispatchedOverdueNs = d.dispatchedOverdueNs();
    long enRouteOverdueNs = d.enRouteOverdueNs();
    long onSceneOverdueNs = d.onSceneOverdueNs();
    long transportingOverdueNs = d.transportingOverdueNs();
    long atHospitalOverdueNs = d.atHospitalOverdueNs();

    DispatchConfig build()
    {
        return new DispatchConfig(
            duplicateRadiusM, duplicateWindowNs, unitSpeedKmh, recommendationCount, correlationUncertaintyCapM,
            maxJoinUncertaintyM, fixAgingMmPerS, nuisanceCallThreshold, nuisanceWindowNs, pendingFixTtlNs, maxPendingFixes,
            callMatchWindowNs, endedCallGraceNs, rerecommendDistanceM, maxSnapDistanceM, etaUpdateThresholdS,
            dispatchedOverdueNs, enRouteOverdueNs, onSceneOverdueNs, transportingOverdueNs, atHospitalOverdueNs);
    }
}
