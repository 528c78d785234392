package org.beacon.core.fuzz;

import org.beacon.core.IngressFrameFuzzer;
import org.junit.jupiter.api.Test;

/** The core's fuzz targets, each run by Jazzer as its own process for {@code beacon.fuzz.seconds}. */
class FuzzTargetsTest
{
    @Test
    void ingressFrames() throws Exception
    {
        JazzerRun.fuzz(IngressFrameFuzzer.class, "ingress");
    }
}
