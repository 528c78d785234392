package org.beacon.signal.fuzz;

import org.beacon.core.fuzz.JazzerRun;
import org.beacon.signal.sumo.TraciAnswersFuzzer;
import org.junit.jupiter.api.Test;

/** Signal control's fuzz target (TraCI answers), run by Jazzer as its own process for {@code beacon.fuzz.seconds}. */
class FuzzTargetsTest
{
    @Test
    void traciAnswers() throws Exception
    {
        JazzerRun.fuzz(TraciAnswersFuzzer.class, "traci");
    }
}
