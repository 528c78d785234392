package org.beacon.console.fuzz;

import org.beacon.core.fuzz.JazzerRun;
import org.beacon.console.CommandCodecFuzzer;
import org.junit.jupiter.api.Test;

/** The console's fuzz target (operator command JSON), run by Jazzer as its own process for {@code beacon.fuzz.seconds}. */
class FuzzTargetsTest
{
    @Test
    void commandJson() throws Exception
    {
        JazzerRun.fuzz(CommandCodecFuzzer.class, "command");
    }
}
