package org.beacon.dispatch.fuzz;

import org.beacon.core.fuzz.JazzerRun;
import org.beacon.dispatch.alert.cap.CapReaderFuzzer;
import org.beacon.dispatch.intake.aml.AmlFormFuzzer;
import org.beacon.dispatch.intake.aml.AmlSmsFuzzer;
import org.beacon.dispatch.intake.sip.SipParserFuzzer;
import org.beacon.dispatch.location.PidfLoFuzzer;
import org.beacon.dispatch.road.SumoNetFuzzer;
import org.junit.jupiter.api.Test;

/** Dispatch's fuzz targets (its outside parsers), each run by Jazzer as its own process for {@code beacon.fuzz.seconds}. */
class FuzzTargetsTest
{
    @Test
    void sipMessages() throws Exception
    {
        JazzerRun.fuzz(SipParserFuzzer.class, "sip");
    }

    @Test
    void pidfLoBodies() throws Exception
    {
        JazzerRun.fuzz(PidfLoFuzzer.class, "pidf-lo");
    }

    @Test
    void amlSms() throws Exception
    {
        JazzerRun.fuzz(AmlSmsFuzzer.class, "aml-sms");
    }

    @Test
    void amlForms() throws Exception
    {
        JazzerRun.fuzz(AmlFormFuzzer.class, "aml-form");
    }

    @Test
    void capDocuments() throws Exception
    {
        JazzerRun.fuzz(CapReaderFuzzer.class, "cap");
    }

    @Test
    void sumoNetworks() throws Exception
    {
        JazzerRun.fuzz(SumoNetFuzzer.class, "sumo-net");
    }
}
