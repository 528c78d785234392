package org.beacon.console.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.JournalRepairedEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.StorageAlarmEncoder;
import org.beacon.codecs.StorageLevel;
import org.junit.jupiter.api.Test;

/** The node's storage alarms and journal repairs, as the sequencer journals them, reach the consoles as notices. */
class NodeFoldTest
{
    private final ConsoleModel model = new ConsoleModel(List.of());
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long sequence;

    private void alarm(final StorageLevel level, final long freeBytes)
    {
        final StorageAlarmEncoder e = new StorageAlarmEncoder().wrapAndApplyHeader(buffer, 0, header)
            .level(level).freeBytes(freeBytes).lowWaterBytes(256L << 20).reserveBytes(64L << 20);
        model.onInput(++sequence, sequence * 1_000_000L, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    @Test
    void storageLevelsBecomeNoticesFromWarningToAlarmToInfo()
    {
        alarm(StorageLevel.LOW, 200L << 20);
        alarm(StorageLevel.CRITICAL, 10L << 20);
        alarm(StorageLevel.OK, 900L << 20);
        final ObjectNode low = model.entity("notice:1");
        assertThat(low.get("noticeKind").asText()).isEqualTo("storage");
        assertThat(low.get("level").asText()).isEqualTo("warning");
        assertThat(low.get("text").asText()).contains("200 MB free").contains("AVL");
        assertThat(model.entity("notice:2").get("level").asText()).isEqualTo("alarm");
        assertThat(model.entity("notice:2").get("text").asText()).contains("every input is refused");
        assertThat(model.entity("notice:3").get("level").asText()).isEqualTo("info");
    }

    @Test
    void aJournalRepairIsAWarningNamingTheCutRecord()
    {
        final JournalRepairedEncoder e = new JournalRepairedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .journalType(1).cutSequence(3100).cutBytes(3).problem("sequence 3100: record is 3 bytes, shorter than a header");
        model.onInput(1, 1_000_000L, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        final ObjectNode notice = model.entity("notice:1");
        assertThat(notice.get("noticeKind").asText()).isEqualTo("journal-repaired");
        assertThat(notice.get("level").asText()).isEqualTo("warning");
        assertThat(notice.get("text").asText()).contains("input journal").contains("3100").contains("3 bytes");
    }
}
