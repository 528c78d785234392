package org.beacon.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputTemplateTest
{
    @Test
    void inputsAreTheFirstRangeAndTheFirstHalfOfEveryDomainRange()
    {
        assertThat(IngressAgent.isInputTemplate(1)).isTrue();
        assertThat(IngressAgent.isInputTemplate(99)).isTrue();
        assertThat(IngressAgent.isInputTemplate(0)).isFalse();
        assertThat(IngressAgent.isInputTemplate(101)).as("IncidentOpened is an output").isFalse();
        assertThat(IngressAgent.isInputTemplate(199)).isFalse();
        assertThat(IngressAgent.isInputTemplate(200)).as("SignalStatus").isTrue();
        assertThat(IngressAgent.isInputTemplate(201)).as("SignalOperatorCommand").isTrue();
        assertThat(IngressAgent.isInputTemplate(249)).isTrue();
        assertThat(IngressAgent.isInputTemplate(251)).as("PreemptRequested is an output").isFalse();
        assertThat(IngressAgent.isInputTemplate(300)).isTrue();
        assertThat(IngressAgent.isInputTemplate(350)).isFalse();
        assertThat(IngressAgent.isInputTemplate(65535)).isFalse();
    }

    @Test
    void onlyTheSequencerJournalsTheNodesOwnNotices()
    {
        assertThat(IngressAgent.isCoreNotice(91)).as("JournalRepaired").isTrue();
        assertThat(IngressAgent.isCoreNotice(92)).as("StorageAlarm").isTrue();
        assertThat(IngressAgent.isCoreNotice(90)).as("SnapshotRequest comes from operators").isFalse();
        assertThat(IngressAgent.isCoreNotice(1)).isFalse();
    }
}
