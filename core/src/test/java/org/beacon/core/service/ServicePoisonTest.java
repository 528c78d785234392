package org.beacon.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.EventFailedDecoder;
import org.beacon.codecs.EventFailedEncoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.OperatorCommandEncoder;
import org.beacon.codecs.UnitRecommendedDecoder;
import org.beacon.codecs.UnitRecommendedEncoder;
import org.beacon.core.EventFailures;
import org.beacon.core.OutputSink;
import org.junit.jupiter.api.Test;

/**
 * A service that throws half-way through an event, in a real {@link ServiceList}: it is left exactly as one that never
 * saw the event (same snapshot bytes), its outputs of the event are replaced by one {@code EventFailed}, the services
 * after it see the event as usual and the next event goes on.
 */
class ServicePoisonTest
{
    /** An operator id that makes the ledger throw after it changed its state and emitted. */
    private static final int POISON = 13;
    /** An operator id that makes the observer throw after it changed its state. */
    private static final int POISON_FOR_OBSERVER = 14;

    private final UnsafeBuffer event = new UnsafeBuffer(new byte[128]);

    @Test
    void aServiceThatThrowsHalfWayLeavesTheSnapshotOfOneThatNeverSawTheEvent()
    {
        // more events than a checkpoint interval, so a roll-back re-applies a log after a periodic checkpoint
        final int events = ServiceList.CHECKPOINT_EVENTS + 500;
        final List<Integer> poisoned = List.of(ServiceList.CHECKPOINT_EVENTS + 300, ServiceList.CHECKPOINT_EVENTS + 301,
            ServiceList.CHECKPOINT_EVENTS + 420, 7);
        final ServiceList hit = new ServiceList(new Ledger(1), new Observer(2));
        final ServiceList clean = new ServiceList(new Ledger(1), new Observer(2));
        final List<byte[]> hitOutputs = new ArrayList<>();
        final List<byte[]> cleanOutputs = new ArrayList<>();
        final List<byte[]> failures = new ArrayList<>();
        for (int n = 1; n <= events; n++)
        {
            final int operator = n == ServiceList.CHECKPOINT_EVENTS + 420 ? POISON_FOR_OBSERVER : poisoned.contains(n) ? POISON : 1;
            final int length = command(n % 37, n, operator);
            final List<byte[]> eventOutputs = new ArrayList<>();
            hit.onEvent(n, n * 1000L, event, 0, length, collect(eventOutputs));
            hitOutputs.addAll(eventOutputs);
            eventOutputs.stream().filter(o -> templateOf(o) == EventFailedDecoder.TEMPLATE_ID).forEach(failures::add);
            if (operator == 1)
            {
                clean.onEvent(n, n * 1000L, event, 0, length, collect(cleanOutputs));
            }
            else if (operator == POISON)
            {
                // the ledger must be as if it never saw it; the observer after it sees the event, not the dropped output
                clean.services().get(1).onEvent(n, n * 1000L, event, 0, length, collect(cleanOutputs));
            }
            else if (operator == POISON_FOR_OBSERVER)
            {
                // the ledger applies it, the observer must be as if it never saw it: the clean ledger alone is handed it
                clean.services().get(0).onEvent(n, n * 1000L, event, 0, length, collect(cleanOutputs));
            }
        }

        assertThat(failures).hasSize(4);
        assertThat(snapshot(hit)).isEqualTo(snapshot(clean));
        // every output but the failures is the clean run's, in order: a ledger that threw emitted nothing for its event
        final List<byte[]> withoutFailures = new ArrayList<>(hitOutputs);
        withoutFailures.removeIf(o -> templateOf(o) == EventFailedDecoder.TEMPLATE_ID);
        assertThat(withoutFailures).hasSameSizeAs(cleanOutputs);
        for (int i = 0; i < cleanOutputs.size(); i++)
        {
            assertThat(withoutFailures.get(i)).as("output %d", i).isEqualTo(cleanOutputs.get(i));
        }

        // the failure output's bytes: the input, its template, the section that threw, the class and the message
        final int firstPoison = 7;
        final int length = command(firstPoison % 37, firstPoison, POISON);
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[256]);
        final EventFailedEncoder encoder = new EventFailedEncoder().wrapAndApplyHeader(expected, 0, new MessageHeaderEncoder())
            .inputSequence(firstPoison).inputTemplateId(OperatorCommandEncoder.TEMPLATE_ID).sectionId(1)
            .exceptionClass("java.lang.IllegalStateException").exceptionMessage("ledger entry 7 refused half-way");
        assertThat(length).isPositive();
        assertThat(failures.get(0)).isEqualTo(Arrays.copyOf(expected.byteArray(),
            MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()));
        final EventFailedDecoder observerFailure = decode(failures.get(3));
        assertThat(observerFailure.inputSequence()).isEqualTo(ServiceList.CHECKPOINT_EVENTS + 420);
        assertThat(observerFailure.sectionId()).isEqualTo(2);
        assertThat(observerFailure.exceptionClass()).isEqualTo("java.lang.ArrayIndexOutOfBoundsException");
        assertThat(observerFailure.exceptionMessage()).as("an implicit JVM exception's message is not reproducible").isEmpty();
    }

    @Test
    void aSnapshotRestoreStartsANewCheckpointSoThatARestoredListRollsBackAlike()
    {
        final ServiceList first = new ServiceList(new Ledger(1), new Observer(2));
        final OutputSink ignore = (b, o, l) ->
        {
        };
        for (int n = 1; n <= 100; n++)
        {
            first.onEvent(n, n, event, 0, command(n % 5, n, 1), ignore);
        }
        final ExpandableArrayBuffer at100 = new ExpandableArrayBuffer();
        final int length = first.snapshot(at100, 0);
        final ServiceList restored = new ServiceList(new Ledger(1), new Observer(2));
        restored.restore(at100, 0, length);
        for (int n = 101; n <= 120; n++)
        {
            final int operator = n == 110 ? POISON : 1;
            first.onEvent(n, n, event, 0, command(n % 5, n, operator), ignore);
            restored.onEvent(n, n, event, 0, command(n % 5, n, operator), ignore);
        }
        assertThat(snapshot(restored)).isEqualTo(snapshot(first));
    }

    @Test
    void onlyFailuresThatSayNothingOfTheJvmArePoison()
    {
        assertThat(EventFailures.isPoison(new IllegalArgumentException("x"))).isTrue();
        assertThat(EventFailures.isPoison(new StackOverflowError())).isTrue();
        assertThat(EventFailures.isPoison(new AssertionError("x"))).isTrue();
        assertThat(EventFailures.isPoison(new OutOfMemoryError())).isFalse();
        assertThat(EventFailures.isPoison(new InternalError("a fault occurred in an unsafe memory access"))).isFalse();
        assertThat(EventFailures.isPoison(new NoClassDefFoundError("x"))).isFalse();
        assertThat(EventFailures.message(new IllegalStateException("state of Unit@1b6d3586 is wrong"))).isEqualTo(
            "state of Unit@ is wrong");
        assertThat(EventFailures.message(new NullPointerException("helpful text"))).isEmpty();
        assertThat(EventFailures.message(new IllegalStateException("x".repeat(1000))))
            .hasSize(EventFailures.MAX_MESSAGE_CHARS + 3).endsWith("...");

        final ServiceList list = new ServiceList(new Ledger(1));
        assertThatThrownBy(() -> list.onEvent(1, 1, event, 0, command(1, 1, 99), (b, o, l) ->
        {
        })).isInstanceOf(OutOfMemoryError.class);
    }

    private int command(final long key, final long amount, final int operator)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new OperatorCommandEncoder()
            .wrapAndApplyHeader(event, 0, new MessageHeaderEncoder()).incidentId(key).unitId(amount).operatorId(operator)
            .encodedLength();
    }

    private static OutputSink collect(final List<byte[]> into)
    {
        return (buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            into.add(bytes);
        };
    }

    private static int templateOf(final byte[] output)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(output), 0).templateId();
    }

    private static EventFailedDecoder decode(final byte[] output)
    {
        return new EventFailedDecoder().wrapAndApplyHeader(new UnsafeBuffer(output), 0, new MessageHeaderDecoder());
    }

    private static byte[] snapshot(final ServiceList list)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = list.snapshot(buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    /**
     * Adds each command's amount to the entry of its key and emits the new balance; a poison command throws after the
     * entry changed and the output went out (a service that breaks the validate-first rule, on purpose).
     */
    private static final class Ledger implements Service
    {
        private final int id;
        private final OperatorCommandDecoder decoder = new OperatorCommandDecoder();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        private final Map<Long, Long> entries = new TreeMap<>();
        private long applied;

        Ledger(final int id)
        {
            this.id = id;
        }

        @Override
        public int sectionId()
        {
            return id;
        }

        @Override
        public int sectionVersion()
        {
            return 1;
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink outputs)
        {
            decoder.wrapAndApplyHeader(buffer, offset, header);
            applied++;
            final long balance = entries.merge(decoder.incidentId(), decoder.unitId(), Long::sum);
            outputs.emit(out, 0, MessageHeaderEncoder.ENCODED_LENGTH + new UnitRecommendedEncoder()
                .wrapAndApplyHeader(out, 0, new MessageHeaderEncoder()).incidentId(decoder.incidentId()).unitId(balance)
                .rank((short)1).encodedLength());
            if (decoder.operatorId() == POISON)
            {
                throw new IllegalStateException("ledger entry " + sequence + " refused half-way");
            }
            if (decoder.operatorId() == 99)
            {
                throw new OutOfMemoryError("not poison: the JVM's own failure");
            }
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            int at = offset;
            buffer.putLong(at, applied);
            buffer.putInt(at + 8, entries.size());
            at += 12;
            for (final Map.Entry<Long, Long> e : entries.entrySet())
            {
                buffer.putLong(at, e.getKey());
                buffer.putLong(at + 8, e.getValue());
                at += 16;
            }
            return at - offset;
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            entries.clear();
            applied = buffer.getLong(offset);
            final int count = buffer.getInt(offset + 8);
            for (int i = 0, at = offset + 12; i < count; i++, at += 16)
            {
                entries.put(buffer.getLong(at), buffer.getLong(at + 8));
            }
        }

        @Override
        public void reset()
        {
            entries.clear();
            applied = 0;
        }
    }

    /** Sums the balances the ledger emits (observed outputs) and counts events; a poison command makes it throw late. */
    private static final class Observer implements Service
    {
        private final int id;
        private final UnitRecommendedDecoder recommended = new UnitRecommendedDecoder();
        private final OperatorCommandDecoder decoder = new OperatorCommandDecoder();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final long[] none = new long[0];
        private long sum;
        private long events;

        Observer(final int id)
        {
            this.id = id;
        }

        @Override
        public int sectionId()
        {
            return id;
        }

        @Override
        public int sectionVersion()
        {
            return 1;
        }

        @Override
        public boolean observes(final int templateId)
        {
            return templateId == UnitRecommendedDecoder.TEMPLATE_ID;
        }

        @Override
        public void onOutput(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink outputs)
        {
            recommended.wrapAndApplyHeader(buffer, offset, header);
            sum = sum * 31 + recommended.unitId();
        }

        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset,
            final int length, final OutputSink outputs)
        {
            decoder.wrapAndApplyHeader(buffer, offset, header);
            events++;
            if (decoder.operatorId() == POISON_FOR_OBSERVER)
            {
                sum += none[(int)events];
            }
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            buffer.putLong(offset, sum);
            buffer.putLong(offset + 8, events);
            return 16;
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
            sum = buffer.getLong(offset);
            events = buffer.getLong(offset + 8);
        }

        @Override
        public void reset()
        {
            sum = 0;
            events = 0;
        }
    }
}
