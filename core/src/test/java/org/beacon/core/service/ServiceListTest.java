package org.beacon.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.TickEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.core.OutputSink;
import org.junit.jupiter.api.Test;

class ServiceListTest
{
    private final UnsafeBuffer event = new UnsafeBuffer(new byte[64]);
    private final List<String> log = new ArrayList<>();
    private final OutputSink downstream = (buffer, offset, length) -> log.add("out " + describe(buffer, offset));

    @Test
    void laterServicesSeeEarlierOutputsThatTheyObserveBeforeTheEventInEmissionOrder()
    {
        final Probe first = new Probe(1, "a", false, 2);
        final Probe second = new Probe(2, "b", true, 1);
        final Probe third = new Probe(3, "c", true, 0);
        final ServiceList list = new ServiceList(first, second, third);

        list.onEvent(7, 100, event, 0, tick(), downstream);

        assertThat(log).containsExactly(
            "a event 7", "out a#0", "out a#1",
            "b output a#0", "b output a#1", "b event 7", "out b#0",
            "c output a#0", "c output a#1", "c output b#0", "c event 7");
    }

    @Test
    void snapshotIsOneTaggedSectionPerServiceAndRestoresEachOwner()
    {
        final Probe first = new Probe(1, "a", false, 1);
        final Probe second = new Probe(2, "b", true, 1);
        final ServiceList list = new ServiceList(first, second);
        list.onEvent(1, 1, event, 0, tick(), downstream);
        list.onEvent(2, 2, event, 0, tick(), downstream);

        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer();
        final int length = list.snapshot(bytes, 0);
        assertThat(bytes.getInt(ServiceSnapshotDescriptor.MAGIC_OFFSET, ServiceSnapshotDescriptor.BYTE_ORDER))
            .isEqualTo(ServiceSnapshotDescriptor.MAGIC);
        assertThat(bytes.getInt(ServiceSnapshotDescriptor.SECTION_COUNT_OFFSET, ServiceSnapshotDescriptor.BYTE_ORDER)).isEqualTo(2);

        final Probe restoredFirst = new Probe(1, "a", false, 1);
        final Probe restoredSecond = new Probe(2, "b", true, 1);
        final ServiceList restored = new ServiceList(restoredFirst, restoredSecond);
        restored.restore(bytes, 0, length);
        assertThat(restoredFirst.events).isEqualTo(2);
        assertThat(restoredSecond.events).isEqualTo(2);
        assertThat(restoredSecond.outputsSeen).isEqualTo(2);
        assertThat(restored.lastRestoreNotes()).isEmpty();
    }

    @Test
    void sectionOfAServiceNoLongerListedIsSkippedWithANote()
    {
        final ServiceList both = new ServiceList(new Probe(1, "a", false, 0), new Probe(9, "z", false, 0));
        both.onEvent(1, 1, event, 0, tick(), downstream);
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer();
        final int length = both.snapshot(bytes, 0);

        final Probe alone = new Probe(1, "a", false, 0);
        final ServiceList list = new ServiceList(alone);
        list.restore(bytes, 0, length);
        assertThat(alone.events).isEqualTo(1);
        assertThat(list.lastRestoreNotes()).singleElement().asString().contains("section 9").contains("skipped");
    }

    @Test
    void refusedSnapshotsLeaveEveryServiceReset()
    {
        final ServiceList one = new ServiceList(new Probe(1, "a", false, 0));
        one.onEvent(1, 1, event, 0, tick(), downstream);
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer();
        final int length = one.snapshot(bytes, 0);

        final Probe a = new Probe(1, "a", false, 0);
        final Probe added = new Probe(2, "b", false, 0);
        a.events = 5;
        added.events = 5;
        final ServiceList grown = new ServiceList(a, added);
        assertThatThrownBy(() -> grown.restore(bytes, 0, length)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no section for service 2");
        assertThat(a.events).isZero();
        assertThat(added.events).isZero();

        final Probe newer = new Probe(1, "a", false, 0);
        newer.version = 2;
        final ServiceList upgraded = new ServiceList(newer);
        assertThatThrownBy(() -> upgraded.restore(bytes, 0, length)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("version 1");

        final UnsafeBuffer older = new UnsafeBuffer(new byte[16]);
        older.putInt(0, 0x4D534342);
        assertThatThrownBy(() -> new ServiceList(new Probe(1, "a", false, 0)).restore(older, 0, 16))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older format");
        assertThatThrownBy(() -> one.restore(bytes, 0, length - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sectionIdsAreUnique()
    {
        assertThatThrownBy(() -> new ServiceList(new Probe(1, "a", false, 0), new Probe(1, "b", false, 0)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private int tick()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH +
            new TickEncoder().wrapAndApplyHeader(event, 0, new MessageHeaderEncoder()).tickNumber(1).encodedLength();
    }

    private static String describe(final DirectBuffer buffer, final int offset)
    {
        final UnitRecommendedDecoder decoder = new UnitRecommendedDecoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return (char)decoder.incidentId() + "#" + decoder.rank();
    }

    /** Emits {@code perEvent} outputs per event, tagged with its name; logs what it sees. */
    private final class Probe implements Service
    {
        private final int id;
        private final String name;
        private final boolean observing;
        private final int perEvent;
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        int version = 1;
        long events;
        long outputsSeen;

        Probe(final int id, final String name, final boolean observing, final int perEvent)
        {
            this.id = id;
            this.name = name;
            this.observing = observing;
            this.perEvent = perEvent;
        }

        @Override
        public int sectionId()
        {
            return id;
        }

        @Override
        public int sectionVersion()
        {
            return version;
        }

        @Override
        public boolean observes(final int templateId)
        {
            return observing && templateId == UnitRecommendedDecoder.TEMPLATE_ID;
        }

        @Override
        public void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink outputs)
        {
            outputsSeen++;
            log.add(name + " output " + describe(buffer, offset));
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink outputs)
        {
            events++;
            log.add(name + " event " + sequence);
            for (int i = 0; i < perEvent; i++)
            {
                final int n = MessageHeaderEncoder.ENCODED_LENGTH + new UnitRecommendedEncoder()
                    .wrapAndApplyHeader(out, 0, new MessageHeaderEncoder()).incidentId(name.charAt(0)).rank((short)i)
                    .encodedLength();
                outputs.emit(out, 0, n);
            }
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            buffer.putLong(offset, events);
            buffer.putLong(offset + 8, outputsSeen);
            return 16;
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            events = buffer.getLong(offset);
            outputsSeen = buffer.getLong(offset + 8);
        }

        @Override
        public void reset()
        {
            events = 0;
            outputsSeen = 0;
        }
    }
}
