package org.beacon.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.agrona.DirectBuffer;
import org.beacon.codecs.IncidentOpenedDecoder;
import org.beacon.console.auth.Role;
import org.beacon.console.model.ConsoleModel;
import org.beacon.console.model.IntersectionInfo;
import org.beacon.console.model.TimelineText;
import org.beacon.core.MessageView;

/**
 * The auditor's questions, answered from the journals on disk (read only): the state as of a moment is
 * the console's own model folded over the journals up to the last input stamped at or before it, i.e.
 * exactly what the consoles showed then; an incident's timeline lists every input and output that
 * concerns it. The last fold is kept, so scrubbing forward continues from it; scrubbing back folds from
 * the start again.
 */
final class AuditService
{
    /** One timeline entry. */
    record Entry(long seq, long atMs, String kind, String text)
    {
    }

    /** One mark on the auditor's time line. */
    record Mark(long atMs, String kind, long id, String text)
    {
    }

    /** The state as of a moment. */
    record StateAt(long atMs, long seq, String snapshotJson)
    {
    }

    private final Path inputDir;
    private final Path outputDir;
    private final List<IntersectionInfo> intersections;
    private final ConsoleFeed feed;
    private ConsoleModel foldModel;
    private JournalPairReader foldReader;
    private long foldAtNs = Long.MIN_VALUE;

    AuditService(final Path dataDir, final List<IntersectionInfo> intersections, final ConsoleFeed feed)
    {
        this.inputDir = dataDir.resolve("journal").resolve("input");
        this.outputDir = dataDir.resolve("journal").resolve("output");
        this.intersections = intersections;
        this.feed = feed;
    }

    /**
     * The model as of a moment, as a snapshot message for a role.
     *
     * @param atNs the moment, ns since the epoch.
     * @param role the auditor's role (masking).
     * @return the state.
     */
    synchronized StateAt stateAt(final long atNs, final Role role)
    {
        requireJournals();
        if (null == foldReader || atNs < foldAtNs)
        {
            if (null != foldReader)
            {
                foldReader.close();
            }
            foldModel = new ConsoleModel(intersections);
            foldReader = new JournalPairReader(inputDir, outputDir);
        }
        final ConsoleModel model = foldModel;
        final JournalPairReader.Sink sink = new JournalPairReader.Sink()
        {
            @Override
            public void input(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                final int length)
            {
                model.onInput(sequence, timestampNs, buffer, offset, length);
            }

            @Override
            public void output(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                final int length)
            {
                model.onOutput(inputSequence, timestampNs, buffer, offset, length);
            }
        };
        while (foldReader.poll(sink, 65_536, atNs) > 0)
        {
            model.drainChanges(NO_CHANGES);
        }
        foldAtNs = atNs;
        if (null != foldReader.problem())
        {
            throw new IllegalStateException(foldReader.problem());
        }
        final List<ObjectNode> entities = model.entities();
        return new StateAt(atNs / 1_000_000, model.lastSequence(), feed.snapshotJson(entities, model.lastSequence(), role));
    }

    private static final org.beacon.console.model.ChangeListener NO_CHANGES = new org.beacon.console.model.ChangeListener()
    {
        @Override
        public void changed(final String key, final ObjectNode entity)
        {
        }

        @Override
        public void removed(final String key)
        {
        }
    };

    /** @return every incident opened, in journal order, as marks for the time line. */
    List<Mark> marks()
    {
        requireJournals();
        final List<Mark> marks = new ArrayList<>();
        final MessageView message = new MessageView();
        final IncidentOpenedDecoder opened = new IncidentOpenedDecoder();
        try (JournalPairReader reader = new JournalPairReader(inputDir, outputDir))
        {
            final JournalPairReader.Sink sink = new JournalPairReader.Sink()
            {
                @Override
                public void input(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                }

                @Override
                public void output(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    if (IncidentOpenedDecoder.TEMPLATE_ID == message.wrap(buffer, offset, length) &&
                        message.hasBlock(IncidentOpenedDecoder.BLOCK_LENGTH))
                    {
                        opened.wrap(message.buffer(), MessageView.BODY, message.blockLength(), message.version());
                        marks.add(new Mark(timestampNs / 1_000_000, "incident", opened.incidentId(),
                            "incident " + opened.incidentId() + " opened, priority " + opened.priority() + ", " + agencyName(opened)));
                    }
                }
            };
            while (reader.poll(sink, 65_536, Long.MAX_VALUE) > 0)
            {
                // reads to the end
            }
        }
        return marks;
    }

    private static String agencyName(final IncidentOpenedDecoder opened)
    {
        return switch (opened.agencyRaw())
        {
            case 113 -> "police";
            case 114 -> "fire";
            case 115 -> "ambulance";
            default -> "unified";
        };
    }

    /**
     * Every input and output that concerns an incident.
     *
     * @param incidentId the incident.
     * @return its entries in journal order.
     */
    List<Entry> timeline(final long incidentId)
    {
        requireJournals();
        final List<Entry> entries = new ArrayList<>();
        final TimelineSinkAdapter adapter = new TimelineSinkAdapter(incidentId, entries);
        final org.beacon.console.model.AlertIncidents alerts = new org.beacon.console.model.AlertIncidents();
        try (JournalPairReader reader = new JournalPairReader(inputDir, outputDir))
        {
            final JournalPairReader.Sink sink = new JournalPairReader.Sink()
            {
                @Override
                public void input(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    TimelineText.describe(true, sequence, timestampNs, buffer, offset, length, null, alerts, adapter);
                }

                @Override
                public void output(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    TimelineText.describe(false, inputSequence, timestampNs, buffer, offset, length, null, alerts, adapter);
                }
            };
            while (reader.poll(sink, 65_536, Long.MAX_VALUE) > 0)
            {
                // reads to the end
            }
        }
        return entries;
    }

    private record TimelineSinkAdapter(long incidentId, List<Entry> entries) implements org.beacon.console.model.TimelineSink
    {
        @Override
        public void entry(final long incident, final long sequence, final long timestampNs, final String kind, final String text)
        {
            if (incident == incidentId)
            {
                entries.add(new Entry(sequence, timestampNs / 1_000_000, kind, text));
            }
        }
    }

    private void requireJournals()
    {
        if (!Files.isDirectory(inputDir) || !Files.isDirectory(outputDir))
        {
            throw new IllegalStateException("no journal in " + inputDir.getParent());
        }
    }
}
