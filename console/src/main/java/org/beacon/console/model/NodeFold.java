package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Decoding.fits;

import org.beacon.codecs.JournalRepairedDecoder;
import org.beacon.codecs.StorageAlarmDecoder;
import org.beacon.codecs.StorageLevel;
import org.beacon.core.MessageView;

/**
 * The node's own alarms, journaled by its sequencer: a free-space level change ({@code StorageAlarm}) and a
 * torn journal tail cut at start ({@code JournalRepaired}). Each becomes a notice of kind {@code "storage"} or
 * {@code "journal-repaired"}: an alarm when the disk is under its reserve (every input refused), a warning
 * under the low-water mark (AVL, detector counts and camera reads refused) or after a repair, info when the
 * disk has room again.
 */
final class NodeFold implements EntityFold
{
    private static final long MB = 1L << 20;

    private final ModelState state;
    private final MessageView view;
    private final StorageAlarmDecoder alarm = new StorageAlarmDecoder();
    private final JournalRepairedDecoder repaired = new JournalRepairedDecoder();

    NodeFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        inputs.on(StorageAlarmDecoder.TEMPLATE_ID, this::onStorageAlarm);
        inputs.on(JournalRepairedDecoder.TEMPLATE_ID, this::onJournalRepaired);
    }

    private void onStorageAlarm(final long sequence, final long timestampNs)
    {
        final StorageAlarmDecoder d = body(view, alarm);
        final short level = d.levelRaw();
        if (level != StorageLevel.CRITICAL.value() && level != StorageLevel.LOW.value() && level != StorageLevel.OK.value())
        {
            // a level this build does not know: a damaged record
            state.malformed();
            return;
        }
        final long freeMb = d.freeBytes() / MB;
        final String text;
        final String noticeLevel;
        if (level == StorageLevel.CRITICAL.value())
        {
            noticeLevel = "alarm";
            text = "centre storage under its reserve (" + freeMb + " MB free): every input is refused until room is made";
        }
        else if (level == StorageLevel.LOW.value())
        {
            noticeLevel = "warning";
            text = "centre storage low (" + freeMb + " MB free, low-water " + d.lowWaterBytes() / MB +
                " MB): AVL, detector counts and camera reads are refused; calls and commands still go in";
        }
        else
        {
            noticeLevel = "info";
            text = "centre storage has room again (" + freeMb + " MB free): every input is taken";
        }
        ModelState.message(state.notice(timestampNs, noticeLevel, "storage", text, 0, 0, -1, 0),
            level == StorageLevel.CRITICAL.value() ? "storageCritical" : level == StorageLevel.LOW.value() ? "storageLow" : "storageOk",
            "free", freeMb, "low", d.lowWaterBytes() / MB);
    }

    private void onJournalRepaired(final long sequence, final long timestampNs)
    {
        final JournalRepairedDecoder d = body(view, repaired);
        final String journal = d.journalType() == 2 ? "output" : "input";
        final long cut = d.cutSequence();
        final int bytes = d.cutBytes();
        fits(view, d.limit(), d.problemLength());
        final String problem = d.problem();
        state.notice(timestampNs, "warning", "journal-repaired", "the " + journal + " journal's torn last record (" + bytes +
            " bytes, would-be sequence " + cut + ", never acknowledged) was cut at start: " + problem, 0, 0, -1, 0);
    }
}
